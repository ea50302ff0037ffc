//! Port of SimPy 4.1.2's topical guide "SimPy basics"
//! (`docs/topical_guides/simpy_basics.rst`): each doctest program, with the
//! output the guide shows, byte for byte. The Python, run under SimPy 4.1.2,
//! is in `tests/golden/guides/guide_programs.py`.
mod guide;

use gensend_sim::{Env, Event, Failure, ProcessGen, proc};
use guide::Stdout;

/// Both programs print this.
const EXPECTED: &str = "now=1, value=42\n";

/// `'now=%d, value=%d' % (env.now, value)`.
fn now_and_value(env: &Env, value: &gensend_sim::Value) -> String {
    let value = value.get::<i32>().expect("an int");
    format!("now={}, value={value}", env.now() as i64)
}

/// "How SimPy works": the verbose version, an explicit `Timeout` yielded by a
/// process made from a generator object.
///
/// ```python
/// def example(env):
///     event = simpy.events.Timeout(env, delay=1, value=42)
///     value = yield event
///     print('now=%d, value=%d' % (env.now, value))
///
/// env = simpy.Environment()
/// example_gen = example(env)
/// p = simpy.events.Process(env, example_gen)
/// env.run()
/// ```
#[test]
fn how_simpy_works() {
    let out = Stdout::default();
    fn example(env: Env, out: Stdout) -> ProcessGen {
        proc(move |co| async move {
            let event: Event = env.try_timeout_value(1.0, 42)?;
            let value = co.yield_(event).await;
            out.print(now_and_value(&env, &value));
            Ok::<(), Failure>(())
        })
    }

    let env = Env::new();
    let example_gen = example(env.clone(), out.clone());
    let p = env.process(example_gen);
    env.run().unwrap();

    assert_eq!(out.text(), EXPECTED);
    assert!(!p.is_alive());
    assert_eq!(p.ok(), Some(true));
}

/// "Best practice" version of the example above.
///
/// ```python
/// def example(env):
///     value = yield env.timeout(1, value=42)
///     print('now=%d, value=%d' % (env.now, value))
///
/// env = simpy.Environment()
/// p = env.process(example(env))
/// env.run()
/// ```
#[test]
fn best_practice_version_of_the_example_above() {
    let out = Stdout::default();
    let example = |env: Env, out: Stdout| {
        proc(move |co| async move {
            let value = co.yield_(env.timeout_value(1.0, 42)).await;
            out.print(now_and_value(&env, &value));
        })
    };

    let env = Env::new();
    let p = env.process(example(env.clone(), out.clone()));
    env.run().unwrap();

    assert_eq!(out.text(), EXPECTED);
    assert_eq!(p.ok(), Some(true));
}
