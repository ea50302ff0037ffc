//! Port of SimPy 4.1.2's topical guide "Real-time simulations"
//! (`docs/topical_guides/real-time-simulations.rst`). The Python, run under
//! SimPy 4.1.2, is in `tests/golden/guides/guide_programs.py`.
//!
//! The strict and non-strict programs print the guide's output byte for
//! byte. The first program prints wall-clock durations (`0.00s` as fast as
//! possible, `0.10s` in real time at factor 0.1): the port prints them the
//! same way and checks the guide's lines with the numbers left out, and the
//! real-time wait only from below (sleeping guarantees a lower bound; an
//! upper one would fail on a loaded machine).
mod guide;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use gensend_sim::{Env, ProcessGen, RealtimeEnv, proc, py_fixed};
use guide::Stdout;

/// When a run of [`example`] started and ended, by the wall clock.
type Measured = Rc<RefCell<Vec<(Instant, Instant)>>>;

/// The first program's process: how long one unit of simulated time takes.
///
/// ```python
/// def example(env):
///     start = time.perf_counter()
///     yield env.timeout(1)
///     end = time.perf_counter()
///     print('Duration of one simulation time unit: %.2fs' % (end - start))
/// ```
fn example(env: Env, out: Stdout, measured: Measured) -> ProcessGen {
    proc(move |co| async move {
        let start = Instant::now();
        co.yield_(env.timeout(1.0)).await;
        let end = Instant::now();
        measured.borrow_mut().push((start, end));
        out.print(format!(
            "Duration of one simulation time unit: {}s",
            py_fixed((end - start).as_secs_f64(), 2)
        ));
    })
}

/// `text` with each duration (`0.10s`) written `N.NNs`.
fn without_durations(text: &str) -> String {
    text.lines()
        .map(|line| match line.rsplit_once(": ") {
            Some((head, number))
                if number.ends_with('s') && number[..number.len() - 1].parse::<f64>().is_ok() =>
            {
                format!("{head}: N.NNs\n")
            }
            _ => format!("{line}\n"),
        })
        .collect()
}

/// The first program: the same process as fast as possible, then in real
/// time at a tenth of a second per time unit.
///
/// ```python
/// env = simpy.Environment()
/// proc = env.process(example(env))
/// env.run(until=proc)
///
/// import simpy.rt
/// env = simpy.rt.RealtimeEnvironment(factor=0.1)
/// proc = env.process(example(env))
/// env.run(until=proc)
/// ```
#[test]
fn duration_of_one_simulation_time_unit() {
    let out = Stdout::default();
    let measured = Measured::default();

    let env = Env::new();
    let proc = env.process(example(env.clone(), out.clone(), measured.clone()));
    env.run_until(&proc).unwrap();
    assert_eq!(env.now(), 1.0);

    let made = Instant::now();
    let env = RealtimeEnv::new(0.0, 0.1, true);
    let proc = env.process(example((*env).clone(), out.clone(), measured.clone()));
    env.run_until(&proc).unwrap();
    assert_eq!(env.now(), 1.0);

    // The guide's lines, with the durations measured here.
    let guide = "Duration of one simulation time unit: 0.00s\nDuration of one simulation time unit: 0.10s\n";
    assert_eq!(without_durations(&out.text()), without_durations(guide));
    assert_ne!(without_durations(guide), guide);
    let measured = measured.borrow();
    let expected: String = measured
        .iter()
        .map(|(start, end)| {
            format!("Duration of one simulation time unit: {}s\n", py_fixed((*end - *start).as_secs_f64(), 2))
        })
        .collect();
    assert_eq!(out.text(), expected);
    // In real time, time 1 is due 0.1 s after the environment was made.
    let (_, rt_end) = measured[1];
    assert!(rt_end - made >= Duration::from_millis(100), "{:?}", rt_end - made);
}

/// The process of the strict and non-strict programs: computes for longer
/// than a time unit lasts.
///
/// ```python
/// def slow_proc(env):
///     time.sleep(0.02)  # Heavy computation :-)
///     yield env.timeout(1)
/// ```
fn slow_proc(env: Env) -> ProcessGen {
    proc(move |co| async move {
        std::thread::sleep(Duration::from_millis(20)); // Heavy computation :-)
        co.yield_(env.timeout(1.0)).await;
    })
}

/// ```python
/// try:
///     env.run(until=proc)
///     print('Everything alright')
/// except RuntimeError:
///     print('Simulation is too slow')
/// ```
fn run_and_report(env: &RealtimeEnv, out: &Stdout) {
    let proc = env.process(slow_proc((**env).clone()));
    match env.run_until(&proc) {
        Ok(_) => out.print("Everything alright"),
        Err(error) if error.python_exception() == "RuntimeError" => {
            assert!(error.to_string().starts_with("Simulation too slow for real time ("), "{error}");
            out.print("Simulation is too slow");
        }
        Err(error) => panic!("not a RuntimeError: {error}"),
    }
}

/// A strict real-time environment (the default) fails when a step falls
/// behind by more than one time unit's wall time.
///
/// ```python
/// env = simpy.rt.RealtimeEnvironment(factor=0.01)
/// proc = env.process(slow_proc(env))
/// # run_and_report: Simulation is too slow
/// ```
#[test]
fn strict_too_slow() {
    let out = Stdout::default();
    let env = RealtimeEnv::new(0.0, 0.01, true);
    run_and_report(&env, &out);
    assert_eq!(out.text(), "Simulation is too slow\n");
    assert_eq!(env.now(), 0.0); // the timeout at 1 was not processed
}

/// With `strict=False` it just runs late.
///
/// ```python
/// env = simpy.rt.RealtimeEnvironment(factor=0.01, strict=False)
/// proc = env.process(slow_proc(env))
/// # run_and_report: Everything alright
/// ```
#[test]
fn not_strict() {
    let out = Stdout::default();
    let started = Instant::now();
    let env = RealtimeEnv::new(0.0, 0.01, false);
    run_and_report(&env, &out);
    assert_eq!(out.text(), "Everything alright\n");
    assert_eq!(env.now(), 1.0);
    assert!(started.elapsed() >= Duration::from_millis(20), "{:?}", started.elapsed());
}
