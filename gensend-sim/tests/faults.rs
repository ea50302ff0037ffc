//! Bad input and faults (issue 10, item 7): each is a typed error with
//! SimPy's message, or a documented panic, and the simulation goes on
//! correctly afterwards: no lost event, no hang, no corrupted queue.
mod common;

use std::cell::Cell;
use std::rc::Rc;

use gensend_sim::{Container, Env, ModelError, Panicked, Resource, SimError, Store, Value, Wait, proc};

/// A clock process that must keep ticking through every fault.
fn ticker(env: &Env, ticks: &Rc<Cell<u32>>) {
    let (e, t) = (env.clone(), ticks.clone());
    env.process(proc(move |co| async move {
        for _ in 0..10 {
            co.yield_(e.timeout(1.0)).await;
            t.set(t.get() + 1);
        }
    }));
}

#[test]
fn negative_delay_is_an_error_and_nothing_is_scheduled() {
    let env = Env::new();
    let err = env.try_timeout(-0.5).unwrap_err();
    assert_eq!(err, SimError::NegativeDelay(-0.5));
    assert_eq!(err.to_string(), "Negative delay -0.5");
    assert!(env.try_timeout(f64::NAN).is_err());
    assert_eq!(env.stats().scheduled, 0);
    assert_eq!(env.peek(), f64::INFINITY);
}

#[test]
#[should_panic(expected = "Negative delay -1")]
fn negative_delay_panics_in_timeout() {
    let env = Env::new();
    env.timeout(-1.0);
}

#[test]
fn triggering_twice_is_an_error_and_keeps_the_first_outcome() {
    let env = Env::new();
    let ev = env.event();
    ev.succeed(1).unwrap();
    let err = ev.succeed(2).unwrap_err();
    assert!(err.to_string().ends_with("has already been triggered"));
    assert_eq!(common::int(&err.into_inner()), 2); // the value comes back
    let err = ev.fail(ModelError::new("ValueError", "late")).unwrap_err();
    assert_eq!(err.into_inner().to_string(), "late");
    assert!(matches!(ev.trigger(&env.timeout(0.0)), Err(SimError::AlreadyTriggered(_))));
    assert_eq!(env.stats().scheduled, 2); // the event and the timeout
    env.run().unwrap();
    assert_eq!(common::int(&ev.value().unwrap()), 1);
}

#[test]
fn capacity_zero_is_an_error() {
    let env = Env::new();
    assert_eq!(Resource::new(&env, 0).unwrap_err().to_string(), "\"capacity\" must be > 0.");
    assert_eq!(Container::new(&env, 0.0, 0.0).unwrap_err().to_string(), "\"capacity\" must be > 0.");
    assert_eq!(Store::new(&env, 0.0).unwrap_err().to_string(), "\"capacity\" must be > 0.");
    assert_eq!(
        Container::new(&env, 1.0, 0.0).unwrap().put(0.0).unwrap_err().to_string(),
        "amount(=0) must be > 0."
    );
}

#[test]
fn run_until_the_past_is_an_error_and_the_run_can_go_on() {
    let env = Env::new();
    let ticks = Rc::new(Cell::new(0));
    ticker(&env, &ticks);
    env.run_until(3).unwrap();
    let err = env.run_until(2).unwrap_err();
    assert_eq!(err.to_string(), "until (2) must be greater than the current simulation time");
    assert!(env.run_until(3).is_err());
    env.run().unwrap();
    assert_eq!((ticks.get(), env.now()), (10, 10.0));
}

#[test]
fn interrupting_a_dead_process_is_an_error() {
    let env = Env::new();
    let p = env.process(proc(|_co| async {}));
    env.run().unwrap();
    let err = p.interrupt("late").unwrap_err();
    assert!(matches!(err, SimError::DeadProcess(_)));
    assert!(err.to_string().ends_with("has terminated and cannot be interrupted."));
    assert!(p.kill().is_err());
    assert_eq!(env.stats().pending, 0);
}

#[test]
fn a_panicking_process_fails_and_the_others_go_on() {
    let env = Env::new();
    let ticks = Rc::new(Cell::new(0));
    ticker(&env, &ticks);
    let e = env.clone();
    let bad = env.process(proc(move |co| async move {
        co.yield_(e.timeout(2.5)).await;
        let v: Vec<i32> = Vec::new();
        v[3] // index out of bounds: a bug in the model
    }));
    let e = env.clone();
    let b = bad.clone();
    let watcher = env.process(proc(move |co| async move {
        let failure = co.wait(&b).await.unwrap_err();
        assert!(failure.downcast_ref::<Panicked>().unwrap().message.contains("index out of bounds"));
        e.now()
    }));
    env.run().unwrap();
    assert!(!bad.is_alive());
    assert_eq!(watcher.value().unwrap().get::<f64>(), Some(&2.5));
    assert_eq!((ticks.get(), env.now()), (10, 10.0));
    assert!(env.active_process().is_none());
}

#[test]
fn a_process_returning_an_error_crashes_the_run_unless_handled_and_the_run_can_go_on() {
    let env = Env::new();
    let ticks = Rc::new(Cell::new(0));
    ticker(&env, &ticks);
    let e = env.clone();
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(1.5)).await;
        Err::<(), _>(ModelError::new("ValueError", "bad input"))
    }));
    let err = env.run().unwrap_err();
    assert_eq!(err.to_string(), "bad input");
    assert_eq!(env.now(), 1.5);
    // SimPy: calling run() again continues with the rest of the queue.
    env.run().unwrap();
    assert_eq!((ticks.get(), env.now()), (10, 10.0));
}

#[test]
fn dropping_the_owner_closes_live_processes_and_releases_nothing_twice() {
    let closed = Rc::new(Cell::new(0));
    {
        let env = Env::new();
        let res = Resource::new(&env, 1).unwrap();
        for _ in 0..3 {
            let (e, r, c) = (env.clone(), res.clone(), closed.clone());
            env.process(proc(move |co| async move {
                struct Finally(Rc<Cell<u32>>);
                impl Drop for Finally {
                    fn drop(&mut self) {
                        self.0.set(self.0.get() + 1);
                    }
                }
                let _finally = Finally(c);
                let req = r.request();
                co.yield_(req.event()).await;
                co.yield_(e.timeout(100.0)).await;
            }));
        }
        env.run_until(1).unwrap();
        assert_eq!(env.stats().live_processes, 3);
    }
    assert_eq!(closed.get(), 3);
}

/// A process whose body calls `step` itself, and whose nested step starts a
/// process that interrupts it and then reaches that interruption: SimPy fails
/// inside its kernel; here `step` says so with a typed error, instead of
/// throwing nothing (the interrupt used to vanish silently).
#[test]
fn an_interrupt_reaching_a_process_inside_its_own_step_is_an_error() {
    let env = Env::new();
    let log = Rc::new(std::cell::RefCell::new(Vec::new()));
    let (e, l) = (env.clone(), log.clone());
    let p = env.process_named(
        "stepper",
        proc(move |co| async move {
            let started = e.step(); // the interrupter starts
            l.borrow_mut().push(format!("{started:?}"));
            let error = e.step().unwrap_err(); // the interruption of this very process
            l.borrow_mut().push(format!("{} {}", error.python_exception(), error));
            co.yield_(e.timeout(1.0)).await;
            l.borrow_mut().push("done".to_string());
        }),
    );
    let (target, l) = (p.clone(), log.clone());
    let killer = env.process(proc(move |_co| async move {
        let interrupted = target.interrupt("hi");
        l.borrow_mut().push(format!("{interrupted:?}"));
        let killed = target.kill().map_err(|e| e.to_string());
        l.borrow_mut().push(format!("{killed:?}"));
    }));
    env.run().unwrap();
    let log = log.borrow();
    assert_eq!(log[0], "Ok(())"); // the interrupt is scheduled, as in SimPy
    assert!(
        log[1].starts_with("Err(\"<Process(stepper) object at 0x")
            && log[1]
                .ends_with("is running and cannot be interrupted: its own body called step() or run()\")"),
        "{}",
        log[1]
    );
    assert_eq!(log[2], "Ok(())"); // the nested step that ran the interrupter
    assert!(log[3].starts_with("RuntimeError <Process(stepper) object at 0x"), "{}", log[3]);
    assert_eq!(log[4], "done");
    assert_eq!(log.len(), 5);
    assert!(!p.is_alive() && p.ok() == Some(true) && killer.ok() == Some(true));
}

/// Whatever a clone schedules after the owner has torn the simulation down
/// never runs, and is freed with its last handle: no cycle through the
/// environment keeps it (and the values it holds) alive.
#[test]
fn what_a_clone_schedules_after_the_owner_is_dropped_is_freed() {
    #[derive(Debug)]
    struct Marker(Rc<Cell<u32>>);
    impl Drop for Marker {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
        }
    }
    let dropped = Rc::new(Cell::new(0));
    let clone = {
        let env = Env::new();
        env.clone()
    };
    let timeout = clone.timeout_value(1.0, Value::new(Marker(dropped.clone())));
    let event = clone.event();
    event.succeed(Value::new(Marker(dropped.clone()))).unwrap();
    let marker = Marker(dropped.clone());
    let process = clone.process(proc(move |_co| async move {
        let _marker = marker;
    }));
    assert!(process.is_alive());
    drop((timeout, event, process));
    assert_eq!(dropped.get(), 3);
    assert_eq!(clone.step(), Err(SimError::EmptySchedule));
}

/// A model's callback whose captured state calls the kernel as it drops (here:
/// adds a callback to its own event) while the owner tears the simulation
/// down: the teardown drops callbacks outside any borrow, so this is no
/// "already borrowed" panic.
#[test]
fn a_callback_dropped_at_teardown_may_call_the_kernel() {
    struct OnDrop(gensend_sim::Event, Rc<Cell<u32>>);
    impl Drop for OnDrop {
        fn drop(&mut self) {
            self.1.set(self.1.get() + 1);
            self.0.add_callback(|_| {});
        }
    }
    let dropped = Rc::new(Cell::new(0));
    {
        let env = Env::new();
        let ev = env.event();
        let guard = OnDrop(ev.clone(), dropped.clone());
        ev.add_callback(move |_| {
            let _ = &guard;
        });
        let queued = env.timeout(5.0);
        let guard = OnDrop(queued.clone(), dropped.clone());
        queued.add_callback(move |_| {
            let _ = &guard;
        });
    }
    assert_eq!(dropped.get(), 2);
}
