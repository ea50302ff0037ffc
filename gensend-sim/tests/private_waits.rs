//! Waits nobody else can see (a process's `Initialize`, a timeout whose only
//! handle the process yielded, the `Release` a request guard makes) are queue
//! entries rather than events: these tests check that nothing about them is
//! observable except through the questions SimPy lets a model ask.

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::{Env, EventKind, Resource, Wait, proc};

/// Records `(time, what)` pairs.
fn log() -> Rc<RefCell<Vec<(f64, String)>>> {
    Rc::new(RefCell::new(Vec::new()))
}

#[test]
fn target_of_a_private_timeout_is_a_timeout_event_that_resumes_the_process() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        co.yield_(e.timeout(5.0)).await;
        e.now()
    }));
    assert_eq!(p.target().unwrap().kind(), EventKind::Initialize);
    env.run_until(1).unwrap();
    let target = p.target().unwrap();
    assert_eq!(target.kind(), EventKind::Timeout);
    assert!(target.to_string().starts_with("<Timeout(5) object at"), "{target}");
    assert!(target.triggered() && !target.processed());
    // Asked twice: the same event.
    assert!(p.target().unwrap().same(&target));
    assert_eq!(env.run_until(&p).unwrap().get::<f64>(), Some(&5.0));
    assert!(target.processed());
}

#[test]
fn while_running_the_target_is_the_processed_private_wait_that_resumed_it() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let me = e.active_process().unwrap();
        let init = me.target().unwrap();
        assert_eq!((init.kind(), init.processed()), (EventKind::Initialize, true));
        co.yield_(e.timeout(2.0)).await;
        let timeout = me.target().unwrap();
        assert_eq!((timeout.kind(), timeout.processed()), (EventKind::Timeout, true));
        assert!(timeout.to_string().starts_with("<Timeout(2) object"), "{timeout}");
        co.yield_(e.timeout(1.0)).await;
        e.now()
    }));
    assert_eq!(env.run_until(&p).unwrap().get::<f64>(), Some(&3.0));
    assert!(p.target().is_none());
    // Asking created no event in the queue: SimPy's count.
    assert_eq!(env.stats().processed, 4);
}

#[test]
fn an_interrupted_private_sleep_does_not_wake_the_process_later() {
    let env = Env::new();
    let seen = log();
    let (e, s) = (env.clone(), seen.clone());
    let sleeper = env.process(proc(move |co| async move {
        if co.wait(e.timeout(10.0)).await.is_err() {
            s.borrow_mut().push((e.now(), "interrupted".into()));
        }
        co.yield_(e.timeout(20.0)).await;
        s.borrow_mut().push((e.now(), "woke".into()));
    }));
    let (e, p) = (env.clone(), sleeper.clone());
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(1.0)).await;
        p.interrupt("now").unwrap();
    }));
    env.run().unwrap();
    assert_eq!(*seen.borrow(), vec![(1.0, "interrupted".to_string()), (21.0, "woke".to_string())]);
    // SimPy's events: 2 Initialize, Timeout(10), Timeout(1), the interrupter's
    // Process, Interruption, Timeout(20), the sleeper's Process.
    let stats = env.stats();
    assert_eq!((stats.scheduled, stats.processed), (8, 8));
    assert!(!sleeper.is_alive());
}

#[test]
fn a_timeout_someone_else_holds_stays_an_event() {
    let env = Env::new();
    let e = env.clone();
    let shared = Rc::new(RefCell::new(None));
    let keep = shared.clone();
    env.process(proc(move |co| async move {
        let t = e.timeout_value(3.0, 7);
        *keep.borrow_mut() = Some(t.clone());
        let v = co.yield_(t).await;
        assert_eq!(v.get::<i32>(), Some(&7));
    }));
    env.run().unwrap();
    let t = shared.borrow_mut().take().unwrap();
    assert!(t.processed());
    assert_eq!(t.value().unwrap().get::<i32>(), Some(&7));
}

#[test]
fn timeouts_made_and_not_yielded_are_processed_in_simpy_order() {
    let env = Env::new();
    let seen = log();
    for (delay, name) in [(2.0, "a"), (1.0, "b"), (2.0, "c")] {
        let t = env.timeout(delay);
        let s = seen.clone();
        let e = env.clone();
        t.add_callback(move |_| s.borrow_mut().push((e.now(), name.to_string())));
    }
    // Made and dropped at once: still processed (and counted).
    env.timeout(1.5);
    env.run().unwrap();
    let names: Vec<String> = seen.borrow().iter().map(|(_, n)| n.clone()).collect();
    assert_eq!(names, ["b", "a", "c"]);
    assert_eq!(env.stats().processed, 4);
    assert_eq!(env.now(), 2.0);
}

#[test]
fn a_guard_s_release_serves_the_next_request_when_processed() {
    let env = Env::new();
    let server = Resource::new(&env, 1).unwrap();
    let seen = log();
    for i in 0..3 {
        let (e, r, s) = (env.clone(), server.clone(), seen.clone());
        env.process(proc(move |co| async move {
            let req = r.request();
            co.yield_(req.event()).await;
            s.borrow_mut().push((e.now(), format!("start {i}")));
            co.yield_(e.timeout(2.0)).await;
        }));
    }
    env.run().unwrap();
    let starts: Vec<(f64, String)> = seen.borrow().clone();
    assert_eq!(starts, vec![(0.0, "start 0".into()), (2.0, "start 1".into()), (4.0, "start 2".into())]);
    assert_eq!(server.count(), 0);
    // Per customer: Initialize, Request, Timeout, Release, Process.
    assert_eq!(env.stats().processed, 15);
}
