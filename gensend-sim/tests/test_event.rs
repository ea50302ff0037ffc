//! Port of SimPy's `tests/test_event.py`.
mod common;

use gensend_sim::{Env, Wait, proc};

#[test]
fn test_succeed() {
    let env = Env::new();
    let e = env.clone();
    env.process(proc(move |co| async move {
        let event = e.event();
        let (e2, ev) = (e.clone(), event.clone());
        e.process(proc(move |co| async move {
            let value = co.yield_(ev).await;
            assert_eq!(value.get::<&str>(), Some(&"ohai"));
            assert_eq!(e2.now(), 5.0);
        }));
        co.yield_(e.timeout(5.0)).await;
        event.succeed("ohai").unwrap();
    }));
    env.run().unwrap();
}

#[test]
fn test_fail() {
    let env = Env::new();
    let e = env.clone();
    env.process(proc(move |co| async move {
        let event = e.event();
        let (e2, ev) = (e.clone(), event.clone());
        e.process(proc(move |co| async move {
            let failure = co.wait(ev).await.unwrap_err();
            assert_eq!(failure.to_string(), "ohai");
            assert_eq!(e2.now(), 5.0);
        }));
        co.yield_(e.timeout(5.0)).await;
        event.fail(common::value_error("ohai")).unwrap();
    }));
    env.run().unwrap();
}

#[test]
fn test_names() {
    let env = Env::new();
    let starts = |text: String, prefix: &str| {
        assert!(text.starts_with(prefix), "{text}");
        assert!(text.ends_with(">"), "{text}");
    };
    starts(env.event().to_string(), "<Event() object at 0x");
    starts(env.timeout(1.0).to_string(), "<Timeout(1) object at 0x");
    starts(env.timeout_value(1.0, 2).to_string(), "<Timeout(1, value=2) object at 0x");
    let both = (env.event() & env.event()).to_string();
    assert!(both.starts_with("<Condition(all_events, (<Event() object at 0x"), "{both}");
    starts(env.process_named("pem", proc(|_co| async {})).to_string(), "<Process(pem) object at 0x");
}

#[test]
fn test_value() {
    let env = Env::new();
    let event = env.timeout_value(0.0, "I am the value");
    env.run().unwrap();
    assert_eq!(event.value().unwrap().get::<&str>(), Some(&"I am the value"));
}

#[test]
fn test_unavailable_value() {
    let env = Env::new();
    let event = env.event();
    // SimPy raises AttributeError("... is not yet available"); here: None.
    assert!(event.value().is_none());
    assert!(event.outcome().is_none());
}

#[test]
fn test_triggered() {
    let env = Env::new();
    let event = env.event();
    event.succeed("i was already done").unwrap();
    let ev = event.clone();
    let p = env.process(proc(move |co| async move { co.yield_(ev).await }));
    let result = env.run_until(&p).unwrap();
    assert_eq!(result.get::<&str>(), Some(&"i was already done"));
}

#[test]
fn test_callback_modification() {
    let env = Env::new();
    let event = env.event();
    let called = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = called.clone();
    event.add_callback(move |event| {
        // SimPy: event.callbacks is None while its callbacks run.
        assert!(event.processed());
        assert_eq!(event.callback_count(), 0);
        flag.set(true);
    });
    event.succeed(()).unwrap();
    env.run_until(&event).unwrap();
    assert!(called.get());
}

#[test]
fn test_condition_callback_removal() {
    let env = Env::new();
    let (a, b) = (env.event(), env.event());
    a.succeed(()).unwrap();
    env.run_until(&a | &b).unwrap();
    assert_eq!(a.callback_count(), 0);
    assert_eq!(b.callback_count(), 0);
}

#[test]
fn test_condition_nested_callback_removal() {
    let env = Env::new();
    let (a, b, c) = (env.event(), env.event(), env.event());
    let b_and_c = &b & &c;
    let a_or_b_and_c = &a | &b_and_c;
    a.succeed(()).unwrap();
    env.run_until(&a_or_b_and_c).unwrap();
    assert_eq!(a.callback_count(), 0);
    assert_eq!(b.callback_count(), 0);
    assert_eq!(c.callback_count(), 0);
    assert_eq!(b_and_c.callback_count(), 0);
    assert_eq!(a_or_b_and_c.callback_count(), 0);
}
