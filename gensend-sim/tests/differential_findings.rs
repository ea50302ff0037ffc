//! Bugs the differential test (`tests/differential.rs`) found, each reduced
//! to the smallest model that shows it; the expected values are what SimPy
//! 4.1.2 does with the same model.

use gensend_sim::{ConditionValue, Env, Failure, ModelError, Value, Wait, proc};

/// SimPy:
/// ```python
/// e = env.event()
/// def p(env):
///     t = env.timeout(0, 5)
///     cond = t | e
///     e.fail(ValueError("boom"))   # after the timeout triggered `cond`
///     cv = yield cond
///     return cv[t], cv[e]          # (5, ValueError('boom'))
/// def q(env):
///     try: yield e
///     except ValueError: pass
/// ```
/// The condition had triggered when `e` failed, so it did not fail, and when
/// it is processed its value takes in every processed event, `e` included,
/// whose value is the exception. `ConditionValue::get` gave `None` for `e`
/// (though `contains(e)` was true).
#[test]
fn a_condition_value_holds_a_failed_event_with_its_failure() {
    let env = Env::new();
    let ev = env.event();
    let (e, shared) = (env.clone(), ev.clone());
    let p = env.process(proc(move |co| async move {
        let t = e.timeout_value(0.0, 5_i64);
        let cond = &t | &shared;
        shared.fail(ModelError::new("ValueError", "boom")).unwrap();
        let cv = co.yield_(cond).await;
        let cv = cv.get::<ConditionValue>().unwrap().clone();
        let failure = cv.get(&shared).unwrap().get::<Failure>().unwrap().clone();
        let values: Vec<String> = cv.values().map(|v| format!("{v:?}")).collect();
        Value::new((cv.get(&t).unwrap().get::<i64>().copied(), failure.to_string(), values))
    }));
    let e = ev.clone();
    env.process(proc(move |co| async move {
        assert_eq!(co.wait(e).await.unwrap_err().to_string(), "boom");
    }));
    env.run().unwrap();
    let (t, e, values) = p.value().unwrap().get::<(Option<i64>, String, Vec<String>)>().unwrap().clone();
    assert_eq!((t, e.as_str()), (Some(5), "boom"));
    assert_eq!(values, ["5", "ValueError('boom')"]);
}

/// SimPy:
/// ```python
/// def child(env):
///     yield env.timeout(1)
///     raise ValueError("boom")
/// def parent(env, c):
///     try: yield c
///     except ValueError: log.append("parent caught")
/// c = env.process(child(env)); env.process(parent(env, c))
/// try: env.run(until=c)
/// except ValueError: ...      # boom, at 1, nothing pending
/// env.run()                   # nothing happens: 4 events scheduled in all
/// ```
/// When the `until` event fails, SimPy raises its error from the stop
/// callback: the event is not scheduled again (only a successful `until` is,
/// to run its other callbacks when the run resumes), and the callbacks after
/// the stop are never run. gensend-sim scheduled it again either way, so a
/// later run processed it a second time and resumed `parent` with the
/// failure.
#[test]
fn a_failed_until_event_is_not_processed_again() {
    let env = Env::new();
    let log = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let e = env.clone();
    let child = env.process(proc(move |co| async move {
        co.yield_(e.timeout(1.0)).await;
        Err::<(), _>(ModelError::new("ValueError", "boom"))
    }));
    let (c, l) = (child.clone(), log.clone());
    env.process(proc(move |co| async move {
        if co.wait(c).await.is_err() {
            l.borrow_mut().push("parent caught");
        }
    }));
    let crash = env.run_until(&child).unwrap_err();
    assert_eq!(crash.failure().unwrap().to_string(), "boom");
    assert_eq!((env.now(), env.stats().pending), (1.0, 0));
    env.run().unwrap();
    assert!(log.borrow().is_empty());
    assert_eq!((env.now(), env.stats().scheduled), (1.0, 4));
}

/// A process asking again, with preemption, for a `PreemptiveResource` it
/// holds would preempt itself. SimPy raises "A process is not allowed to
/// interrupt itself." out of the request (having taken the slot) and the
/// process fails with it; here `request` panics with that message, which
/// fails the process the same way (it used to lose its slot silently).
#[test]
fn a_process_preempting_itself_fails_with_simpys_message() {
    let env = Env::new();
    let resource = gensend_sim::PreemptiveResource::new(&env, 1).unwrap();
    let (e, r) = (env.clone(), resource.clone());
    let p = env.process_named(
        "greedy",
        proc(move |co| async move {
            let held = r.request(5, false);
            co.yield_(held.event()).await;
            co.yield_(e.timeout(1.0)).await;
            let _again = r.request(1, true); // preempts `held`, its own
            co.yield_(e.timeout(1.0)).await;
        }),
    );
    let error = env.run().unwrap_err();
    let failure = error.failure().unwrap();
    let message = &failure.downcast_ref::<gensend_sim::Panicked>().unwrap().message;
    assert!(
        message.starts_with("A process is not allowed to interrupt itself. (a request of a PreemptiveResource preempted <Process(greedy) object at 0x"),
        "{message}"
    );
    assert!(!p.is_alive() && p.ok() == Some(false));
    assert_eq!(env.now(), 1.0);
    // As in SimPy 4.1.2 (same model: `RuntimeError`, now 1, count 1, queue
    // empty): the slot was taken from the process before the error, and the
    // new request, left queued, was granted when the first one was released
    // and is never released.
    assert_eq!((resource.count(), resource.queue().len()), (1, 0));
}
