//! Findings of a review of the kernel's private waits, each checked against
//! SimPy 4.1.2 (the expected values are what SimPy prints for the same
//! model).

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::{Env, proc};

/// SimPy: `init = pa.target; def b(): v = yield init` resumes `b` with `None`
/// at time 0 (5 events scheduled, 5 processed). Another process's
/// `Initialize` used to restart `b`'s generator ("generator already
/// started"), failing it.
#[test]
fn another_process_may_wait_on_a_process_initialize() {
    let env = Env::new();
    let log = Rc::new(RefCell::new(Vec::new()));
    let (e, l) = (env.clone(), log.clone());
    let first = env.process(proc(move |co| async move {
        co.yield_(e.timeout(1.0)).await;
        l.borrow_mut().push(("first", e.now(), true));
    }));
    let initialize = first.target().unwrap();
    let (e, l) = (env.clone(), log.clone());
    let second = env.process(proc(move |co| async move {
        let value = co.yield_(initialize).await;
        l.borrow_mut().push(("second", e.now(), value.is_none()));
    }));
    env.run().unwrap();
    assert_eq!(*log.borrow(), vec![("second", 0.0, true), ("first", 1.0, true)]);
    assert!(second.ok().unwrap());
    let stats = env.stats();
    assert_eq!((stats.scheduled, stats.processed, stats.pending), (5, 5, 0));
}

/// The same, with the `Initialize` already processed when yielded: the
/// process goes on at once with `None`.
#[test]
fn a_processed_initialize_yielded_by_another_process_sends_none() {
    let env = Env::new();
    let first = env.process(proc(|_co| async {}));
    let initialize = first.target().unwrap();
    env.step().unwrap();
    assert!(initialize.processed());
    let e = env.clone();
    let second = env.process(proc(move |co| async move {
        let value = co.yield_(initialize).await;
        value.is_none() && e.now() == 0.0
    }));
    assert_eq!(env.run_until(&second).unwrap().get::<bool>(), Some(&true));
}
