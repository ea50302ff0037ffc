//! Port of SimPy's `tests/test_timeout.py`.
mod common;

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::{Env, SimError, proc};

#[test]
fn test_discrete_time_steps() {
    let env = Env::new();
    let log = Rc::new(RefCell::new(Vec::new()));
    let (e, l) = (env.clone(), log.clone());
    env.process(proc(move |co| async move {
        loop {
            l.borrow_mut().push(e.now());
            co.yield_(e.timeout(1.0)).await;
        }
    }));
    env.run_until(3).unwrap();
    assert_eq!(*log.borrow(), [0.0, 1.0, 2.0]);
}

#[test]
fn test_negative_timeout() {
    let env = Env::new();
    let e = env.clone();
    env.process(proc(move |co| async move {
        co.yield_(e.try_timeout(-1.0)?).await;
        Ok::<(), SimError>(())
    }));
    let err = env.run().unwrap_err();
    assert!(err.to_string().contains("Negative delay"), "{err}");
    assert!(matches!(err.failure().unwrap().downcast_ref::<SimError>(), Some(SimError::NegativeDelay(_))));
}

#[test]
fn test_timeout_value() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let val = co.yield_(e.timeout_value(1.0, "ohai")).await;
        assert_eq!(val.get::<&str>(), Some(&"ohai"));
    }));
    env.run().unwrap();
    assert!(p.ok().unwrap());
}

#[test]
fn test_shared_timeout() {
    let env = Env::new();
    let log = Rc::new(RefCell::new(Vec::new()));
    let timeout = env.timeout(1.0);
    for i in 0..3 {
        let (e, l, t) = (env.clone(), log.clone(), timeout.clone());
        env.process(proc(move |co| async move {
            co.yield_(t).await;
            l.borrow_mut().push((i, e.now()));
        }));
    }
    env.run().unwrap();
    assert_eq!(*log.borrow(), [(0, 1.0), (1, 1.0), (2, 1.0)]);
}

#[test]
fn test_triggered_timeout() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let event = e.timeout_value(1.0, "i was already done");
        co.yield_(e.timeout(2.0)).await;
        let child = e.process(proc(move |co| async move { co.yield_(event).await }));
        let value = co.yield_(child.event()).await;
        assert_eq!(value.get::<&str>(), Some(&"i was already done"));
    }));
    env.run_until(&p).unwrap();
}
