//! Port of SimPy's `tests/test_exceptions.py`. The assertions about Python
//! traceback text cannot carry over (a Rust error has no traceback); each
//! such test keeps its assertions about which process sees which error.
mod common;

use gensend_sim::{Env, Event, ModelError, Process, Wait, proc};

fn runtime_error(message: &str) -> ModelError {
    ModelError::new("RuntimeError", message)
}

fn failing_child(env: &Env) -> Process {
    env.process(proc(|_co| async { Err::<(), _>(ModelError::new("ValueError", "Onoes!")) }))
}

#[test]
fn test_error_forwarding() {
    let env = Env::new();
    let e = env.clone();
    let parent = env.process(proc(move |co| async move {
        let failure = co.wait(&failing_child(&e)).await.unwrap_err();
        assert_eq!(failure.to_string(), "Onoes!");
    }));
    env.run().unwrap();
    assert_eq!(parent.ok(), Some(true));
}

#[test]
fn test_no_parent_process() {
    let env = Env::new();
    let e = env.clone();
    env.process(proc(move |co| async move {
        failing_child(&e);
        if let Err(err) = co.wait(e.timeout(1.0)).await {
            panic!("There should be no error ({err}).");
        }
    }));
    let err = env.run().unwrap_err();
    assert_eq!(err.failure().unwrap().downcast_ref::<ModelError>().unwrap().name, "ValueError");
    assert_eq!(err.to_string(), "Onoes!");
}

#[test]
fn test_crashing_child_traceback() {
    let env = Env::new();
    let e = env.clone();
    let root = env.process(proc(move |co| async move {
        let e2 = e.clone();
        let panic = e.process(proc(move |co| async move {
            co.yield_(e2.timeout(1.0)).await;
            Err::<(), _>(runtime_error("Oh noes, roflcopter incoming... BOOM!"))
        }));
        match co.wait(&panic).await {
            Ok(_) => panic!("Hey, where's the roflcopter?"),
            Err(failure) => assert!(failure.to_string().starts_with("Oh noes,")),
        }
    }));
    env.run().unwrap();
    assert_eq!(root.ok(), Some(true));
}

#[test]
fn test_exception_chaining() {
    let env = Env::new();
    let e = env.clone();
    env.process(proc(move |co| async move {
        let e2 = e.clone();
        let parent_proc = e.process(proc(move |co| async move {
            let e3 = e2.clone();
            let child_proc = e2.process(proc(move |co| async move {
                co.yield_(e3.timeout(1.0)).await;
                Err::<(), _>(runtime_error("foo"))
            }));
            co.yield_(child_proc.event()).await;
        }));
        co.yield_(parent_proc.event()).await;
    }));
    let err = env.run().unwrap_err();
    let failure = err.failure().unwrap();
    assert_eq!(failure.downcast_ref::<ModelError>(), Some(&runtime_error("foo")));
}

// test_invalid_event: `yield None` cannot be written; a process yields
// `Event`s only (the type checker refuses anything else).

#[test]
fn test_exception_handling() {
    let env = Env::new();
    let event = env.event();
    event.fail(runtime_error("")).unwrap();
    let err = env.run_until(1).unwrap_err();
    assert!(err.failure().unwrap().is::<ModelError>());
}

#[test]
fn test_callback_exception_handling() {
    let env = Env::new();
    let event = env.event();
    event.add_callback(|event| event.defuse());
    event.fail(runtime_error("")).unwrap();
    assert!(!event.defused(), "Event has been defused immediately");
    env.run_until(1).unwrap();
    assert!(event.defused(), "Event has not been defused");
}

#[test]
fn test_process_exception_handling() {
    let env = Env::new();
    let event = env.event();
    let ev = event.clone();
    env.process(proc(move |co| async move {
        if co.wait(ev).await.is_ok() {
            panic!("Hey, the event should fail!");
        }
    }));
    event.fail(runtime_error("")).unwrap();
    assert!(!event.defused(), "Event has been defused immediately");
    env.run_until(1).unwrap();
    assert!(event.defused(), "Event has not been defused");
}

#[test]
fn test_process_exception_chaining() {
    // SimPy copies the exception per process so that tracebacks stay apart;
    // here both processes receive the same error object, which has no
    // traceback to mix up.
    let env = Env::new();
    let event = env.event();
    event.fail(runtime_error("foo")).unwrap();
    let waiter = |event: Event| {
        proc(move |co| async move {
            let failure = co.wait(event).await.unwrap_err();
            assert_eq!(failure.to_string(), "foo");
        })
    };
    let a = env.process(waiter(event.clone()));
    let b = env.process(waiter(event.clone()));
    env.run().unwrap();
    assert_eq!((a.ok(), b.ok()), (Some(true), Some(true)));
}

#[test]
fn test_sys_excepthook() {
    let env = Env::new();
    let event = env.event();
    event.fail(runtime_error("foo")).unwrap();
    let a = env.process_named("process_a", proc(move |co| async move { co.yield_(event).await }));
    let a_event = a.event();
    let b = env.process_named("process_b", proc(move |co| async move { co.yield_(a_event).await }));
    let err = env.run().unwrap_err();
    assert_eq!(err.to_string(), "foo");
    // Both processes failed with it (SimPy's traceback shows both frames).
    assert_eq!(a.failure().unwrap().to_string(), "foo");
    assert_eq!(b.failure().unwrap().to_string(), "foo");
}
