//! Port of SimPy 4.1.2's topical guide "Environments"
//! (`docs/topical_guides/environments.rst`): each program, with the output
//! the guide shows (or, for a fragment, the output of the model it is run
//! on), byte for byte. The Python, run under SimPy 4.1.2, is in
//! `tests/golden/guides/guide_programs.py`.
mod guide;

use gensend_sim::{Env, ProcessGen, SimError, proc, py_float};
use guide::{Stdout, ellipsis_addresses, py_str_repr};

/// "Simulation control": `run()` until a process, which returns its value.
///
/// ```python
/// def my_proc(env):
///     yield env.timeout(1)
///     return 'Monty Python’s Flying Circus'
///
/// env = simpy.Environment()
/// proc = env.process(my_proc(env))
/// env.run(until=proc)   # the REPL shows 'Monty Python’s Flying Circus'
/// ```
#[test]
fn simulation_control_run_until_a_process() {
    let out = Stdout::default();
    let my_proc = |env: Env| {
        proc(move |co| async move {
            co.yield_(env.timeout(1.0)).await;
            "Monty Python’s Flying Circus"
        })
    };

    let env = Env::new();
    let proc = env.process(my_proc(env.clone()));
    let value = env.run_until(&proc).unwrap();
    out.print(py_str_repr(value.get::<&str>().unwrap()));

    assert_eq!(out.text(), "'Monty Python’s Flying Circus'\n");
    assert_eq!(env.now(), 1.0);
}

/// "Simulation control": a progress bar updated after each `run()` with an
/// increasing `until`. The guide's fragment starts at `until=0`, which SimPy
/// 4.1.2 refuses (`ValueError`, the clock is already at 0), as this port does;
/// the port then runs from 1. Run on a clock ticking every time unit.
///
/// ```python
/// for i in range(100):
///     env.run(until=i)
///     progressbar.update(i)
/// ```
#[test]
fn simulation_control_run_with_increasing_until() {
    let out = Stdout::default();
    let env = Env::new();
    let e = env.clone();
    env.process(proc(move |co| async move {
        loop {
            co.yield_(e.timeout(1.0)).await;
        }
    }));

    let update = |i: i32| out.print(format!("progress {i}"));
    let first = (0..100).try_for_each(|i| {
        env.run_until(i)?;
        update(i);
        Ok::<(), SimError>(())
    });
    if let Err(error) = first {
        out.print(format!("{}: {error}", error.python_exception()));
    }
    for i in 1..4 {
        env.run_until(i).unwrap();
        update(i);
    }

    let expected = "ValueError: until (0) must be greater than the current simulation time\n\
                    progress 1\nprogress 2\nprogress 3\n";
    assert_eq!(out.text(), expected);
    assert_eq!(env.now(), 3.0);
}

/// "Simulation control": stepping through the simulation with `peek()` and
/// `step()` until a time. Run on a process that ticks every 3 time units.
///
/// ```python
/// until = 10
/// while env.peek() < until:
///    env.step()
/// ```
#[test]
fn simulation_control_peek_and_step() {
    let out = Stdout::default();
    let env = Env::new();
    let (e, o) = (env.clone(), out.clone());
    env.process(proc(move |co| async move {
        loop {
            o.print(format!("tick at {}", e.now()));
            co.yield_(e.timeout(3.0)).await;
        }
    }));

    let until = 10.0;
    while env.peek() < until {
        env.step().unwrap();
    }
    out.print(format!("now {} next {}", env.now(), env.peek()));

    assert_eq!(out.text(), "tick at 0\ntick at 3\ntick at 6\ntick at 9\nnow 9 next 12\n");
}

/// "Simulation control": "Assuming that the current time is 0,
/// `env.run(until=env.timeout(5))` is equivalent to `env.run(until=5)`."
/// Both stop at 5, but not after the same events: a time stops before the
/// events due then, an event after those scheduled before it (here a
/// process's timeout at 5, scheduled when the process started).
#[test]
fn simulation_control_run_until_an_event() {
    let out = Stdout::default();
    for until in ["time", "event"] {
        let env = Env::new();
        let (e, o) = (env.clone(), out.clone());
        env.process(proc(move |co| async move {
            co.yield_(e.timeout(5.0)).await;
            o.print(format!("process at {}", e.now()));
        }));
        env.step().unwrap();
        if until == "time" {
            env.run_until(5).unwrap();
        } else {
            env.run_until(env.timeout(5.0)).unwrap();
        }
        out.print(format!("{until} {}", env.now()));
    }

    assert_eq!(out.text(), "time 5\nprocess at 5\nevent 5\n");
}

/// "Simulation control": `peek()` is infinity and `step()` fails with
/// `EmptySchedule` when nothing is scheduled.
#[test]
fn simulation_control_peek_and_step_when_nothing_is_scheduled() {
    let out = Stdout::default();
    let env = Env::new();
    out.print(py_float(env.peek()));
    match env.step() {
        Err(error @ SimError::EmptySchedule) => out.print(error.python_exception()),
        other => panic!("{other:?}"),
    }

    assert_eq!(out.text(), "inf\nEmptySchedule\n");
}

/// "State access": `active_process` is the process whose body runs, also
/// inside a function it calls, and `None` outside.
///
/// ```python
/// def subfunc(env):
///     print(env.active_process)  # will print "p1"
///
/// def my_proc(env):
///     while True:
///         print(env.active_process)  # will print "p1"
///         subfunc(env)
///         yield env.timeout(1)
///
/// env = simpy.Environment()
/// p1 = env.process(my_proc(env))
/// env.active_process  # None
/// env.step()
/// env.active_process  # None
/// ```
#[test]
fn state_access() {
    let out = Stdout::default();
    fn describe(env: &Env) -> String {
        env.active_process().map_or_else(|| "None".to_string(), |p| p.to_string())
    }
    fn subfunc(env: &Env, out: &Stdout) {
        out.print(describe(env)); // will print "p1"
    }
    fn my_proc(env: Env, out: Stdout) -> ProcessGen {
        proc(move |co| async move {
            loop {
                out.print(describe(&env)); // will print "p1"
                subfunc(&env, &out);
                co.yield_(env.timeout(1.0)).await;
            }
        })
    }

    let env = Env::new();
    let p1 = env.process_named("my_proc", my_proc(env.clone(), out.clone()));
    assert!(env.active_process().is_none()); // the REPL shows nothing for None
    env.step().unwrap();
    assert!(env.active_process().is_none());

    let expected = "<Process(my_proc) object at 0x...>\n<Process(my_proc) object at 0x...>\n";
    assert_eq!(ellipsis_addresses(&out.text()), expected);
    // "p1": the very process, not just one of the same name.
    assert_eq!(out.text(), format!("{p1}\n{p1}\n"));
}

/// "State access": "By default, `now` starts at 0, but you can pass an
/// `initial_time`".
#[test]
fn state_access_initial_time() {
    let out = Stdout::default();
    let env = Env::with_initial_time(10.0);
    let (e, o) = (env.clone(), out.clone());
    env.process(proc(move |co| async move {
        o.print(format!("start {}", e.now()));
        co.yield_(e.timeout(1.0)).await;
        o.print(format!("end {}", e.now()));
    }));
    env.run().unwrap();

    assert_eq!(out.text(), "start 10\nend 11\n");
}

/// "Miscellaneous": a process's return value is the value of its event, for
/// the processes that wait for it.
///
/// ```python
/// def my_proc(env):
///     yield env.timeout(1)
///     return 42
///
/// def other_proc(env):
///     ret_val = yield env.process(my_proc(env))
///     assert ret_val == 42
/// ```
#[test]
fn miscellaneous() {
    let out = Stdout::default();
    fn my_proc(env: Env) -> ProcessGen {
        proc(move |co| async move {
            co.yield_(env.timeout(1.0)).await;
            42
        })
    }
    fn other_proc(env: Env, out: Stdout) -> ProcessGen {
        proc(move |co| async move {
            let ret_val = co.yield_(env.process(my_proc(env.clone())).event()).await;
            assert_eq!(ret_val.get::<i32>(), Some(&42));
            out.print(format!("ret_val {} at {}", ret_val.get::<i32>().unwrap(), env.now()));
        })
    }

    let env = Env::new();
    let other = env.process(other_proc(env.clone(), out.clone()));
    env.run().unwrap();

    assert_eq!(out.text(), "ret_val 42 at 1\n");
    assert_eq!(other.ok(), Some(true));
}
