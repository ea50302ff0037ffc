//! Port of SimPy's `tests/test_process.py`.
mod common;

use gensend_sim::{Env, ModelError, Process, Wait, proc};

// test_start_non_process: `env.process(foo)` with a plain function cannot be
// written: `Env::process` takes a generator type, so the type checker refuses
// it (SimPy raises ValueError at run time).

#[test]
fn test_get_state() {
    let env = Env::new();
    let e = env.clone();
    let proc_a = env.process(proc(move |co| async move {
        co.yield_(e.timeout(3.0)).await;
    }));
    let e = env.clone();
    let b = env.process(proc(move |co| async move {
        co.yield_(e.timeout(1.0)).await;
        assert!(proc_a.is_alive());
        co.yield_(e.timeout(3.0)).await;
        assert!(!proc_a.is_alive());
    }));
    env.run().unwrap();
    assert_eq!(b.ok(), Some(true));
}

#[test]
fn test_target() {
    let env = Env::new();
    let event = env.timeout(5.0);
    let ev = event.clone();
    let p = env.process(proc(move |co| async move {
        co.yield_(ev).await;
    }));
    while env.peek() < 5.0 {
        env.step().unwrap();
    }
    assert!(p.target().unwrap().same(&event));
    p.interrupt(()).unwrap();
}

#[test]
fn test_wait_for_proc() {
    let env = Env::new();
    let e = env.clone();
    let waiter = env.process(proc(move |co| async move {
        let e2 = e.clone();
        let p = e.process(proc(move |co| async move {
            co.yield_(e2.timeout(5.0)).await;
        }));
        co.yield_(p.event()).await;
        assert_eq!(e.now(), 5.0);
    }));
    env.run().unwrap();
    assert_eq!(waiter.ok(), Some(true));
}

fn child(env: &Env) -> Process {
    let e = env.clone();
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(1.0)).await;
        e.now()
    }))
}

#[test]
fn test_return_value() {
    let env = Env::new();
    let e = env.clone();
    let parent = env.process(proc(move |co| async move {
        let result1 = co.yield_(child(&e).event()).await;
        let result2 = co.yield_(child(&e).event()).await;
        assert_eq!([result1.get::<f64>(), result2.get::<f64>()], [Some(&1.0), Some(&2.0)]);
    }));
    env.run().unwrap();
    assert_eq!(parent.ok(), Some(true));
}

#[test]
fn test_child_exception() {
    let env = Env::new();
    let e = env.clone();
    let parent = env.process(proc(move |co| async move {
        let e2 = e.clone();
        let c = e.process(proc(move |co| async move {
            co.yield_(e2.timeout(1.0)).await;
            gensend_sim::Value::new(ModelError::new("RuntimeError", "Onoes!"))
        }));
        let result = co.yield_(c.event()).await;
        assert!(result.get::<ModelError>().is_some());
    }));
    env.run().unwrap();
    assert_eq!(parent.ok(), Some(true));
}

fn interruptor(env: &Env, process: Process) {
    let e = env.clone();
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(1.0)).await;
        process.interrupt(()).unwrap();
    }));
}

fn timeout_child(env: &Env, delay: f64) -> Process {
    let e = env.clone();
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(delay)).await;
    }))
}

#[test]
fn test_interrupted_join() {
    let env = Env::new();
    let e = env.clone();
    let parent = env.process(proc(move |co| async move {
        let child_proc = timeout_child(&e, 2.0);
        match co.wait(&child_proc).await {
            Ok(_) => panic!("Did not receive an interrupt."),
            Err(failure) => {
                assert!(failure.interrupt().is_some());
                assert_eq!(e.now(), 1.0);
                assert!(child_proc.is_alive());
                co.yield_(e.timeout(5.0)).await;
                assert_eq!(e.now(), 6.0);
            }
        }
    }));
    interruptor(&env, parent.clone());
    env.run().unwrap();
    assert_eq!(parent.ok(), Some(true));
}

#[test]
fn test_interrupted_join_and_rejoin() {
    let env = Env::new();
    let e = env.clone();
    let parent = env.process(proc(move |co| async move {
        let child_proc = timeout_child(&e, 2.0);
        match co.wait(&child_proc).await {
            Ok(_) => panic!("Did not receive an interrupt."),
            Err(failure) => {
                assert!(failure.interrupt().is_some());
                assert_eq!(e.now(), 1.0);
                assert!(child_proc.is_alive());
                co.yield_(child_proc.event()).await;
                assert_eq!(e.now(), 2.0);
            }
        }
    }));
    interruptor(&env, parent.clone());
    env.run().unwrap();
    assert_eq!(parent.ok(), Some(true));
}

#[test]
fn test_error_and_interrupted_join() {
    let env = Env::new();
    let e = env.clone();
    env.process(proc(move |co| async move {
        let me = e.active_process().unwrap();
        e.process(proc(move |_co| async move {
            me.interrupt(()).unwrap();
        }));
        let b = e.process(proc(|_co| async move { Err::<(), _>(ModelError::new("AttributeError", "spam")) }));
        if let Err(failure) = co.wait(&b).await {
            assert!(failure.interrupt().is_some());
        }
        co.yield_(e.timeout(0.0)).await;
    }));
    let err = env.run().unwrap_err();
    let failure = err.failure().unwrap();
    assert_eq!(failure.downcast_ref::<ModelError>().unwrap().name, "AttributeError");
}
