//! Port of SimPy's `tests/test_environment.py`.
mod common;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gensend_sim::{Env, Event, SimError, proc};

#[test]
fn test_event_queue_empty() {
    let env = Env::new();
    let log = Rc::new(RefCell::new(Vec::new()));
    let (e, l) = (env.clone(), log.clone());
    env.process(proc(move |co| async move {
        while e.now() < 2.0 {
            l.borrow_mut().push(e.now());
            co.yield_(e.timeout(1.0)).await;
        }
    }));
    env.run_until(10).unwrap();
    assert_eq!(*log.borrow(), [0.0, 1.0]);
}

#[test]
fn test_run_negative_until() {
    let env = Env::new();
    let err = env.run_until(-3).unwrap_err();
    assert!(matches!(err, SimError::UntilNotInFuture { .. }));
    assert!(err.to_string().contains("must be greater than the current simulation time"));
    assert_eq!(err.python_exception(), "ValueError");
}

#[test]
fn test_run_resume() {
    let env = Env::new();
    let events: Vec<Event> = [5.0, 10.0, 15.0].iter().map(|&t| env.timeout(t)).collect();
    assert_eq!(env.now(), 0.0);
    assert!(!events.iter().any(Event::processed));
    env.run_until(10).unwrap();
    assert_eq!(env.now(), 10.0);
    assert!(events[..1].iter().all(Event::processed));
    assert!(!events[1..].iter().any(Event::processed));
    env.run_until(15).unwrap();
    assert_eq!(env.now(), 15.0);
    assert!(events[..2].iter().all(Event::processed));
    assert!(!events[2..].iter().any(Event::processed));
    env.run().unwrap();
    assert_eq!(env.now(), 15.0);
    assert!(events.iter().all(Event::processed));
}

#[test]
#[allow(clippy::approx_constant)] // SimPy's value, not an approximation of pi
fn test_run_until_value() {
    // SimPy converts any number-like `until` (even the string '3.141592') to a
    // float; Rust takes numbers only.
    let env = Env::new();
    env.run_until(3.141592).unwrap();
    assert_eq!(env.now(), 3.141592);
}

#[test]
fn test_run_with_processed_event() {
    let env = Env::new();
    let timeout = env.timeout_value(1.0, "spam");
    assert_eq!(env.run_until(&timeout).unwrap().get::<&str>(), Some(&"spam"));
    assert_eq!(env.now(), 1.0);
    assert_eq!(env.run_until(&timeout).unwrap().get::<&str>(), Some(&"spam"));
    assert_eq!(env.now(), 1.0);
}

#[test]
fn test_run_with_untriggered_event() {
    let env = Env::new();
    let err = env.run_until(env.event()).unwrap_err();
    assert!(err.to_string().starts_with("No scheduled events left but \"until\" event was not triggered:"));
    assert_eq!(err.python_exception(), "RuntimeError");
}

#[test]
fn test_run_all_until_callbacks() {
    struct System {
        env: Env,
        counter: Cell<i32>,
        periodic_event: RefCell<Event>,
    }
    let env = Env::new();
    let system = Rc::new(System {
        env: env.clone(),
        counter: Cell::new(0),
        periodic_event: RefCell::new(env.event()),
    });
    let s = system.clone();
    env.process(proc(move |co| async move {
        for _ in 0..3 {
            co.yield_(s.env.timeout(1.0)).await;
            let event = s.periodic_event.replace(s.env.event());
            event.succeed(s.counter.get()).unwrap();
        }
    }));
    for _ in 0..5 {
        let s = system.clone();
        env.process(proc(move |co| async move {
            loop {
                let event = s.periodic_event.borrow().clone();
                co.yield_(event).await;
                s.counter.set(s.counter.get() + 1);
            }
        }));
    }
    let until = system.periodic_event.borrow().clone();
    let period_counter = env.run_until(until).unwrap();
    assert_eq!(env.now(), 1.0);
    assert_eq!(common::int(&period_counter), 0);
    assert_eq!(system.counter.get(), 0);
    let until = system.periodic_event.borrow().clone();
    let period_counter = env.run_until(until).unwrap();
    assert_eq!(env.now(), 2.0);
    assert_eq!(common::int(&period_counter), 5);
    assert_eq!(system.counter.get(), 5);
    let until = system.periodic_event.borrow().clone();
    let period_counter = env.run_until(until).unwrap();
    assert_eq!(env.now(), 3.0);
    assert_eq!(common::int(&period_counter), 10);
    assert_eq!(system.counter.get(), 10);
    env.run().unwrap();
    assert_eq!(env.now(), 3.0);
    assert_eq!(system.counter.get(), 15);
}
