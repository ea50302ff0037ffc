//! Port of SimPy's `tests/test_util.py` (`start_delayed`, `subscribe_at`,
//! `all_of`/`any_of`).
mod common;

use common::{cond, int};
use gensend_sim::{ConditionValue, Env, Event, ModelError, Process, SimError, Value, Wait, proc};

fn check(env: &Env, p: &Process) {
    env.run().unwrap();
    assert_eq!(p.ok(), Some(true), "{:?}", p.failure());
}

#[test]
fn test_start_delayed() {
    let env = Env::new();
    let e = env.clone();
    let starter = env
        .start_delayed(
            proc(move |co| async move {
                assert_eq!(e.now(), 5.0);
                co.yield_(e.timeout(1.0)).await;
            }),
            5.0,
        )
        .unwrap();
    env.run().unwrap();
    let started = starter.value().unwrap().get::<Process>().unwrap().clone();
    assert_eq!(started.ok(), Some(true));
}

#[test]
fn test_start_delayed_error() {
    let env = Env::new();
    let e = env.clone();
    let err = env
        .start_delayed(
            proc(move |co| async move {
                co.yield_(e.timeout(1.0)).await;
            }),
            -1.0,
        )
        .unwrap_err();
    assert!(err.to_string().starts_with("delay(") && err.to_string().ends_with("must be > 0."));
    assert_eq!(err.python_exception(), "ValueError");
}

fn child(env: &Env, delay: f64, value: &'static str) -> Process {
    let e = env.clone();
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(delay)).await;
        value
    }))
}

fn cause(failure: &gensend_sim::Failure) -> (Event, Value) {
    failure.interrupt().unwrap().cause().get::<(Event, Value)>().unwrap().clone()
}

#[test]
fn test_subscribe() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let child_proc = child(&e, 3.0, "ohai");
        e.subscribe_at(&child_proc).unwrap();
        let failure = co.wait(e.event()).await.unwrap_err();
        let (event, value) = cause(&failure);
        assert!(event.same(&child_proc));
        assert_eq!(value.get::<&str>(), Some(&"ohai"));
        assert_eq!(e.now(), 3.0);
    }));
    check(&env, &p);
}

#[test]
fn test_subscribe_terminated_proc() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let child_proc = child(&e, 1.0, "");
        co.yield_(e.timeout(2.0)).await;
        let err = e.subscribe_at(&child_proc).unwrap_err();
        assert!(matches!(err, SimError::AlreadyTerminated(_)));
        assert_eq!(err.python_exception(), "RuntimeError");
    }));
    check(&env, &p);
}

#[test]
fn test_subscribe_with_join() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let child_proc1 = child(&e, 1.0, "");
        let child_proc2 = child(&e, 2.0, "");
        e.subscribe_at(&child_proc1).unwrap();
        if let Err(failure) = co.wait(&child_proc2).await {
            assert_eq!(e.now(), 1.0);
            assert!(cause(&failure).0.same(&child_proc1));
            assert!(child_proc2.is_alive());
        }
    }));
    check(&env, &p);
}

#[test]
fn test_subscribe_at_timeout() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let to = e.timeout(2.0);
        e.subscribe_at(&to).unwrap();
        let failure = co.wait(e.timeout(10.0)).await.unwrap_err();
        let (event, value) = cause(&failure);
        assert!(event.same(&to) && value.is_none());
        assert_eq!(e.now(), 2.0);
    }));
    check(&env, &p);
}

#[test]
fn test_subscribe_at_timeout_with_value() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let to = e.timeout_value(2.0, "ohai");
        e.subscribe_at(&to).unwrap();
        let failure = co.wait(e.timeout(10.0)).await.unwrap_err();
        let (event, value) = cause(&failure);
        assert!(event.same(&to));
        assert_eq!(value.get::<&str>(), Some(&"ohai"));
        assert_eq!(e.now(), 2.0);
    }));
    check(&env, &p);
}

fn ten(env: &Env) -> Vec<Event> {
    (0..10).map(|i| env.timeout_value(f64::from(i), i)).collect()
}

#[test]
fn test_all_of() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let events = ten(&e);
        let results = co.yield_(e.all_of(events.clone())).await;
        let expected: Vec<(Event, i32)> = events.into_iter().zip(0..10).collect();
        assert_eq!(cond(&results), expected);
        assert_eq!(e.now(), 9.0);
    }));
    check(&env, &p);
}

#[test]
fn test_all_of_generator() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let events = (0..10).map(|i| e.timeout_value(f64::from(i), i));
        let results = co.yield_(e.all_of(events)).await;
        let values: Vec<i32> = cond(&results).into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, (0..10).collect::<Vec<_>>());
        assert_eq!(e.now(), 9.0);
    }));
    check(&env, &p);
}

fn child_with_error(env: &Env, delay: f64) -> Process {
    let e = env.clone();
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(delay)).await;
        Err::<(), _>(ModelError::new("RuntimeError", "crashing"))
    }))
}

#[test]
fn test_wait_for_all_with_errors() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let events =
            vec![e.timeout_value(1.0, 1), child_with_error(&e, 2.0).event(), e.timeout_value(3.0, 3)];
        let condition = e.all_of(events.clone());
        let failure = co.wait(condition).await.unwrap_err();
        assert_eq!(failure.to_string(), "crashing");
        assert_eq!(int(&events[0].value().unwrap()), 1);
        assert_eq!(events[1].failure().unwrap().to_string(), "crashing");
        assert!(!events[2].processed());
    }));
    check(&env, &p);
}

#[test]
fn test_all_of_chaining() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let mut condition_a = e.all_of((0..2).map(|i| e.timeout_value(f64::from(i), i)));
        let condition_b = e.all_of((0..2).map(|i| e.timeout_value(f64::from(i), i)));
        condition_a &= condition_b;
        let results = co.yield_(condition_a).await;
        let values: Vec<i32> = cond(&results).into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, [0, 1, 0, 1]);
    }));
    check(&env, &p);
}

#[test]
fn test_all_of_chaining_intermediate_results() {
    // SimPy also calls the private `_populate_value` before the condition
    // fires ([0, 0]); that internal step has no public counterpart here.
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let condition_a = e.all_of((0..2).map(|i| e.timeout_value(f64::from(i), i)));
        let condition_b = e.all_of((0..2).map(|i| e.timeout_value(f64::from(i), i)));
        co.yield_(e.timeout(0.0)).await;
        let condition = condition_a & condition_b;
        let results = co.yield_(condition).await;
        let values: Vec<i32> = cond(&results).into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, [0, 1, 0, 1]);
    }));
    check(&env, &p);
}

fn strs(value: &Value) -> Vec<&'static str> {
    value.get::<ConditionValue>().unwrap().values().map(|v| *v.get::<&str>().unwrap()).collect()
}

#[test]
fn test_all_of_with_triggered_events() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let events = vec![e.timeout_value(0.0, "spam"), e.timeout_value(1.0, "eggs")];
        co.yield_(e.timeout(2.0)).await;
        let values = co.yield_(e.all_of(events)).await;
        assert_eq!(strs(&values), ["spam", "eggs"]);
    }));
    check(&env, &p);
}

#[test]
fn test_any_of() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let events = ten(&e);
        let results = co.yield_(e.any_of(events.clone())).await;
        assert_eq!(cond(&results), [(events[0].clone(), 0)]);
        assert_eq!(e.now(), 0.0);
    }));
    check(&env, &p);
}

#[test]
fn test_any_of_with_errors() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let events = vec![child_with_error(&e, 1.0).event(), e.timeout_value(2.0, 2)];
        let condition = e.any_of(events.clone());
        let failure = co.wait(condition).await.unwrap_err();
        assert_eq!(failure.to_string(), "crashing");
        assert_eq!(events[0].failure().unwrap().to_string(), "crashing");
        assert!(!events[1].processed());
    }));
    check(&env, &p);
}

#[test]
fn test_any_of_chaining() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let mut condition_a = e.any_of([e.timeout_value(2.0, "a")]);
        let condition_b = e.any_of([e.timeout_value(1.0, "b")]);
        condition_a |= condition_b;
        let results = co.yield_(condition_a).await;
        assert_eq!(strs(&results), ["b"]);
    }));
    check(&env, &p);
}

#[test]
fn test_any_of_with_triggered_events() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let events = vec![e.timeout_value(0.0, "spam"), e.timeout_value(1.0, "eggs")];
        co.yield_(e.timeout(2.0)).await;
        let values = co.yield_(e.any_of(events)).await;
        assert_eq!(strs(&values), ["spam", "eggs"]);
    }));
    check(&env, &p);
}

#[test]
fn test_empty_any_of() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let results = co.yield_(e.any_of([])).await;
        assert!(results.get::<ConditionValue>().unwrap().is_empty());
    }));
    check(&env, &p);
}

#[test]
fn test_empty_all_of() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let results = co.yield_(e.all_of([])).await;
        assert!(results.get::<ConditionValue>().unwrap().is_empty());
    }));
    check(&env, &p);
}

#[test]
fn test_all_of_expansion() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let timeouts: Vec<Event> = [3, 2, 1].iter().map(|&d| e.timeout_value(f64::from(d), d)).collect();
        let results = co.yield_(e.all_of(timeouts)).await;
        let values: Vec<i32> = cond(&results).into_iter().map(|(_, v)| v).collect();
        let [a, b, c] = values[..] else { panic!("three values") };
        assert_eq!((a, b, c), (3, 2, 1));
    }));
    check(&env, &p);
}
