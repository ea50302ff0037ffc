//! Port of SimPy's `tests/test_interrupts.py`.
mod common;

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::{Env, Process, SimError, Value, Wait, proc};

fn cause_str(failure: &gensend_sim::Failure) -> Option<String> {
    failure.interrupt()?.cause().get::<&str>().map(|s| s.to_string())
}

#[test]
fn test_interruption() {
    let env = Env::new();
    let e = env.clone();
    let done = env.process(proc(move |co| async move {
        let e2 = e.clone();
        let child_process = e.process(proc(move |co| async move {
            let failure = co.wait(e2.timeout(10.0)).await.unwrap_err();
            assert_eq!(cause_str(&failure).as_deref(), Some("interrupt!"));
            assert_eq!(failure.interrupt().unwrap().to_string(), "Interrupt(\"interrupt!\")");
        }));
        co.yield_(e.timeout(5.0)).await;
        child_process.interrupt("interrupt!").unwrap();
        co.yield_(child_process.event()).await;
    }));
    env.run().unwrap();
    assert_eq!(done.ok(), Some(true));
}

#[test]
fn test_concurrent_interrupts() {
    let env = Env::new();
    let log = Rc::new(RefCell::new(Vec::new()));
    let (e, l) = (env.clone(), log.clone());
    let fox = env.process(proc(move |co| async move {
        loop {
            if let Err(interrupt) = co.wait(e.timeout(10.0)).await {
                l.borrow_mut().push((e.now(), cause_str(&interrupt).unwrap()));
            }
        }
    }));
    for name in ["boggis", "bunce", "beans"] {
        let (e, fox) = (env.clone(), fox.clone());
        env.process(proc(move |co| async move {
            fox.interrupt(name).unwrap();
            co.yield_(e.timeout(1.0)).await;
        }));
    }
    env.run_until(20).unwrap();
    let expected: Vec<(f64, String)> =
        ["boggis", "bunce", "beans"].iter().map(|n| (0.0, n.to_string())).collect();
    assert_eq!(*log.borrow(), expected);
}

#[test]
fn test_concurrent_interrupts_and_events() {
    let env = Env::new();
    let log = Rc::new(RefCell::new(Vec::new()));
    let coup = env.event();
    let (e, l, c) = (env.clone(), log.clone(), coup.clone());
    let fox = env.process(proc(move |co| async move {
        loop {
            match co.wait(&c).await {
                Ok(_) => {
                    l.borrow_mut().push(format!("coup completed at {}", e.now()));
                    return;
                }
                Err(_) => l.borrow_mut().push(format!("coup interrupted at {}", e.now())),
            }
        }
    }));
    let e = env.clone();
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(1.0)).await;
        coup.succeed(()).unwrap();
        fox.interrupt(()).unwrap();
    }));
    env.run_until(5).unwrap();
    assert_eq!(*log.borrow(), ["coup interrupted at 1", "coup completed at 1"]);
}

#[test]
fn test_init_interrupt() {
    let env = Env::new();
    let e = env.clone();
    let root = env.process(proc(move |co| async move {
        let e2 = e.clone();
        let child_proc = e.process(proc(move |co| async move {
            match co.wait(e2.timeout(10.0)).await {
                Ok(_) => panic!("Should have been interrupted."),
                Err(failure) => {
                    assert!(failure.interrupt().is_some());
                    assert_eq!(e2.now(), 0.0);
                }
            }
        }));
        child_proc.interrupt(()).unwrap();
        co.yield_(e.timeout(1.0)).await;
    }));
    env.run().unwrap();
    assert_eq!(root.ok(), Some(true));
}

#[test]
fn test_interrupt_terminated_process() {
    let env = Env::new();
    let e = env.clone();
    let parent = env.process(proc(move |co| async move {
        let e2 = e.clone();
        let child_proc = e.process_named(
            "child",
            proc(move |co| async move {
                co.yield_(e2.timeout(1.0)).await;
            }),
        );
        co.yield_(e.timeout(2.0)).await;
        let err = child_proc.interrupt(()).unwrap_err();
        assert!(matches!(err, SimError::DeadProcess(_)));
        let text = err.to_string();
        assert!(text.starts_with("<Process(child) object at 0x"), "{text}");
        assert!(text.ends_with("> has terminated and cannot be interrupted."), "{text}");
        co.yield_(e.timeout(1.0)).await;
    }));
    env.run().unwrap();
    assert_eq!(parent.ok(), Some(true));
}

#[test]
fn test_multiple_interrupts() {
    let env = Env::new();
    let e = env.clone();
    let parent = env.process(proc(move |co| async move {
        let e2 = e.clone();
        let c = e.process(proc(move |co| async move {
            match co.wait(e2.timeout(1.0)).await {
                Ok(_) => Value::NONE,
                Err(interrupt) => interrupt.interrupt().unwrap().cause().clone(),
            }
        }));
        co.yield_(e.timeout(0.0)).await;
        c.interrupt(1).unwrap();
        c.interrupt(2).unwrap();
        let result = co.yield_(c.event()).await;
        assert_eq!(common::int(&result), 1);
    }));
    env.run().unwrap();
    assert_eq!(parent.ok(), Some(true));
}

#[test]
fn test_interrupt_self() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let err = e.active_process().unwrap().interrupt(()).unwrap_err();
        assert_eq!(err, SimError::SelfInterrupt);
        assert_eq!(err.python_exception(), "RuntimeError");
        co.yield_(e.timeout(0.0)).await;
    }));
    env.run().unwrap();
    assert_eq!(p.ok(), Some(true));
}

#[test]
fn test_immediate_interrupt() {
    let env = Env::new();
    let log = Rc::new(RefCell::new(Vec::new()));
    let (e, l) = (env.clone(), log.clone());
    env.process(proc(move |_co| async move {
        let e2 = e.clone();
        let child_proc = e.process(proc(move |co| async move {
            if co.wait(e2.event()).await.is_err() {
                l.borrow_mut().push(e2.now());
            }
        }));
        child_proc.interrupt(()).unwrap();
    }));
    env.run().unwrap();
    assert_eq!(*log.borrow(), [0.0]);
}

#[test]
fn test_interrupt_event() {
    let env = Env::new();
    let e = env.clone();
    let parent = env.process(proc(move |co| async move {
        let e2 = e.clone();
        let child_proc = e.process(proc(move |co| async move {
            if co.wait(e2.event()).await.is_err() {
                assert_eq!(e2.now(), 5.0);
            }
        }));
        co.yield_(e.timeout(5.0)).await;
        child_proc.interrupt(()).unwrap();
    }));
    env.run().unwrap();
    assert_eq!(parent.ok(), Some(true));
}

#[test]
fn test_concurrent_behaviour() {
    let env = Env::new();
    let e = env.clone();
    let proc_a = env.process(proc(move |co| async move {
        let mut timeouts: Vec<_> = (0..2).map(|_| e.timeout(0.0)).collect();
        while !timeouts.is_empty() {
            let failure = co.wait(timeouts.remove(0)).await.unwrap_err();
            assert!(failure.interrupt().is_some());
        }
    }));
    let a: Process = proc_a.clone();
    env.process(proc(move |_co| async move {
        for _ in 0..2 {
            a.interrupt(()).unwrap();
        }
    }));
    env.run().unwrap();
    assert_eq!(proc_a.ok(), Some(true));
}
