//! Port of SimPy's `tests/test_condition.py`.
mod common;

use common::{cond, cond_events};
use gensend_sim::{ConditionValue, Env, Event, ModelError, Process, Wait, proc};

fn timeouts(env: &Env) -> Vec<Event> {
    (0..3).map(|d| env.timeout_value(f64::from(d), d)).collect()
}

fn pairs(events: &[Event], values: &[i32]) -> Vec<(Event, i32)> {
    events.iter().cloned().zip(values.iter().copied()).collect()
}

/// Runs `body` as a process and checks it finished.
fn run_process<F, B>(env: &Env, body: F)
where
    F: FnOnce(gensend_sim::Co) -> B,
    B: std::future::Future<Output = ()> + 'static,
{
    let p = env.process(proc(body));
    env.run().unwrap();
    assert_eq!(p.ok(), Some(true), "{:?}", p.failure());
}

#[test]
fn test_operator_and() {
    let env = Env::new();
    let e = env.clone();
    run_process(&env, move |co| async move {
        let t = timeouts(&e);
        let results = co.yield_(t[0].clone() & t[1].clone() & t[2].clone()).await;
        assert_eq!(cond(&results), pairs(&t, &[0, 1, 2]));
    });
}

#[test]
fn test_operator_and_blocked() {
    let env = Env::new();
    let e = env.clone();
    run_process(&env, move |co| async move {
        let timeout = e.timeout(1.0);
        let event = e.event();
        co.yield_(e.timeout(1.0)).await;
        let condition = timeout & event;
        assert!(!condition.triggered());
    });
}

#[test]
fn test_operator_or() {
    let env = Env::new();
    let e = env.clone();
    run_process(&env, move |co| async move {
        let t = timeouts(&e);
        let results = co.yield_(t[0].clone() | t[1].clone() | t[2].clone()).await;
        assert_eq!(cond(&results), pairs(&t[..1], &[0]));
    });
}

#[test]
fn test_operator_nested_and() {
    let env = Env::new();
    let e = env.clone();
    run_process(&env, move |co| async move {
        let t = timeouts(&e);
        let results = co.yield_((&t[0] & &t[2]) | t[1].clone()).await;
        assert_eq!(cond(&results), pairs(&t[..2], &[0, 1]));
        assert_eq!(e.now(), 1.0);
    });
}

#[test]
fn test_operator_nested_or() {
    let env = Env::new();
    let e = env.clone();
    run_process(&env, move |co| async move {
        let t = timeouts(&e);
        let results = co.yield_((&t[0] | &t[1]) & t[2].clone()).await;
        assert_eq!(cond(&results), pairs(&t, &[0, 1, 2]));
        assert_eq!(e.now(), 2.0);
    });
}

fn explode(env: &Env, delay: i32) -> Process {
    let e = env.clone();
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(f64::from(delay))).await;
        Err::<(), _>(ModelError::new("ValueError", format!("Onoes, failed after {delay}!")))
    }))
}

#[test]
fn test_nested_cond_with_error() {
    let env = Env::new();
    let e = env.clone();
    run_process(&env, move |co| async move {
        let failure = co.wait(explode(&e, 1).event() & e.timeout(1.0)).await.unwrap_err();
        assert_eq!(failure.to_string(), "Onoes, failed after 1!");
    });
}

#[test]
fn test_cond_with_error() {
    let env = Env::new();
    let e = env.clone();
    run_process(&env, move |co| async move {
        let failure = co.wait(explode(&e, 0).event() | e.timeout(1.0)).await.unwrap_err();
        assert_eq!(failure.to_string(), "Onoes, failed after 0!");
    });
}

#[test]
fn test_cond_with_nested_error() {
    let env = Env::new();
    let e = env.clone();
    run_process(&env, move |co| async move {
        let failure = co.wait(explode(&e, 0).event() & e.timeout(1.0) | e.timeout(1.0)).await.unwrap_err();
        assert_eq!(failure.to_string(), "Onoes, failed after 0!");
    });
}

#[test]
fn test_cond_with_uncaught_error() {
    let env = Env::new();
    let e = env.clone();
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(1.0) | explode(&e, 2).event()).await;
    }));
    let err = env.run().unwrap_err();
    assert!(err.to_string().starts_with("Onoes, failed after"), "{err}");
    assert_eq!(env.now(), 2.0);
}

#[test]
fn test_iand_with_and_cond() {
    let env = Env::new();
    let e = env.clone();
    run_process(&env, move |co| async move {
        let mut cond = e.timeout_value(1.0, 1) & e.timeout_value(2.0, 2);
        let orig = cond.clone();
        cond &= e.timeout_value(0.0, 0);
        assert!(!cond.same(&orig));
        let results = co.yield_(cond).await;
        let values: Vec<i32> = common::cond(&results).into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, [1, 2, 0]);
    });
}

#[test]
fn test_iand_with_or_cond() {
    let env = Env::new();
    let e = env.clone();
    run_process(&env, move |co| async move {
        let mut cond = e.timeout_value(1.0, 1) | e.timeout_value(2.0, 2);
        let orig = cond.clone();
        cond &= e.timeout_value(0.0, 0);
        assert!(!cond.same(&orig));
        let results = co.yield_(cond).await;
        let values: Vec<i32> = common::cond(&results).into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, [1, 0]);
    });
}

#[test]
fn test_ior_with_or_cond() {
    let env = Env::new();
    let e = env.clone();
    run_process(&env, move |co| async move {
        let mut cond = e.timeout_value(1.0, 1) | e.timeout_value(2.0, 2);
        let orig = cond.clone();
        cond |= e.timeout_value(0.0, 0);
        assert!(!cond.same(&orig));
        let results = co.yield_(cond).await;
        let values: Vec<i32> = common::cond(&results).into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, [0]);
    });
}

#[test]
fn test_ior_with_and_cond() {
    let env = Env::new();
    let e = env.clone();
    run_process(&env, move |co| async move {
        let mut cond = e.timeout_value(1.0, 1) & e.timeout_value(2.0, 2);
        let orig = cond.clone();
        cond |= e.timeout_value(0.0, 0);
        assert!(!cond.same(&orig));
        let results = co.yield_(cond).await;
        let values: Vec<i32> = common::cond(&results).into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, [0]);
    });
}

#[test]
fn test_immutable_results() {
    let env = Env::new();
    let e = env.clone();
    run_process(&env, move |co| async move {
        let t = timeouts(&e);
        let condition = t[0].clone() | (&t[1] & &t[2]);
        let results = co.yield_(condition).await;
        assert_eq!(cond(&results), pairs(&t[..1], &[0]));
        co.yield_(e.timeout(2.0)).await;
        assert_eq!(cond(&results), pairs(&t[..1], &[0]));
    });
}

#[test]
fn test_shared_and_condition() {
    let env = Env::new();
    let t = timeouts(&env);
    let c1 = &t[0] & &t[1];
    let c2 = c1.clone() & t[2].clone();
    let t1 = t.clone();
    let p1 = env.process(proc(move |co| async move {
        let results = co.yield_(c1).await;
        assert_eq!(cond(&results), pairs(&t1[..2], &[0, 1]));
    }));
    let t2 = t.clone();
    let p2 = env.process(proc(move |co| async move {
        let results = co.yield_(c2).await;
        assert_eq!(cond(&results), pairs(&t2, &[0, 1, 2]));
    }));
    env.run().unwrap();
    assert_eq!((p1.ok(), p2.ok()), (Some(true), Some(true)));
}

#[test]
fn test_shared_or_condition() {
    let env = Env::new();
    let t = timeouts(&env);
    let c1 = &t[0] | &t[1];
    let c2 = c1.clone() | t[2].clone();
    let t1 = t.clone();
    let p1 = env.process(proc(move |co| async move {
        let results = co.yield_(c1).await;
        assert_eq!(cond(&results), pairs(&t1[..1], &[0]));
    }));
    let t2 = t.clone();
    let p2 = env.process(proc(move |co| async move {
        let results = co.yield_(c2).await;
        assert_eq!(cond(&results), pairs(&t2[..1], &[0]));
    }));
    env.run().unwrap();
    assert_eq!((p1.ok(), p2.ok()), (Some(true), Some(true)));
}

#[test]
fn test_condition_value() {
    let env = Env::new();
    let t = timeouts(&env);
    let e = env.clone();
    run_process(&env, move |co| async move {
        let results = co.yield_(e.all_of(t.clone())).await;
        let value = results.get::<ConditionValue>().unwrap();
        assert_eq!(value.events(), &t[..]);
        let values: Vec<i32> = value.values().map(|v| common::int(&v)).collect();
        assert_eq!(values, [0, 1, 2]);
        let items: Vec<(Event, i32)> = value.items().map(|(e, v)| (e, common::int(&v))).collect();
        assert_eq!(items, pairs(&t, &[0, 1, 2]));
        assert!(value.contains(&t[0]));
        assert_eq!(common::int(&value.get(&t[0]).unwrap()), 0);
        assert_eq!(value, value);
    });
}

#[test]
fn test_result_order() {
    let env = Env::new();
    let mut t: Vec<Event> = (0..3).map(|d| env.timeout(f64::from(d))).collect();
    t.reverse();
    let e = env.clone();
    run_process(&env, move |co| async move {
        let results = co.yield_(e.all_of(t.clone())).await;
        assert_eq!(cond_events(&results), t);
    });
}

#[test]
fn test_nested_result_order() {
    let env = Env::new();
    let t: Vec<Event> = (0..3).map(|d| env.timeout(f64::from(d))).collect();
    let condition = (&t[0] | &t[1]) & t[2].clone();
    run_process(&env, move |co| async move {
        let results = co.yield_(condition).await;
        assert_eq!(cond_events(&results), t);
    });
}

#[test]
fn test_all_of_empty_list() {
    let env = Env::new();
    let evt = env.all_of([]);
    assert!(evt.triggered());
}

#[test]
fn test_any_of_empty_list() {
    let env = Env::new();
    let evt = env.any_of([]);
    assert!(evt.triggered());
}
