//! Findings of a review of the kernel's private waits, each checked against
//! SimPy 4.1.2 (the expected values are what SimPy prints for the same
//! model).

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::{Env, Value, proc};

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

/// SimPy keeps an interrupted process's `_target` (the event it waited on,
/// minus its `_resume`) until the process yields again: while it handles the
/// interrupt, `target` is that event. SimPy prints `Timeout True False`
/// here (8 events scheduled and processed); the target used to be `None`.
#[test]
fn while_handling_an_interrupt_the_target_is_the_event_it_was_waiting_on() {
    use gensend_sim::{EventKind, Wait};
    let env = Env::new();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let (e, s) = (env.clone(), seen.clone());
    let sleeper = env.process(proc(move |co| async move {
        // The only handle is yielded: a private wait.
        if co.wait(e.timeout(10.0)).await.is_err() {
            let target = e.active_process().unwrap().target().unwrap();
            s.borrow_mut().push((target.kind(), target.triggered(), target.processed()));
            s.borrow_mut().push((target.kind(), target.callback_count() == 0, e.now() == 1.0));
        }
        co.yield_(e.timeout(1.0)).await;
        e.now()
    }));
    let (e, p) = (env.clone(), sleeper.clone());
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(1.0)).await;
        p.interrupt(()).unwrap();
    }));
    env.run().unwrap();
    assert_eq!(sleeper.value().unwrap().get::<f64>(), Some(&2.0));
    assert_eq!(*seen.borrow(), vec![(EventKind::Timeout, true, false), (EventKind::Timeout, true, true)]);
    // The abandoned timeout is still processed at 10, resuming nobody.
    assert_eq!(env.now(), 10.0);
    let stats = env.stats();
    assert_eq!((stats.scheduled, stats.processed, stats.pending), (8, 8, 0));
}

/// The same for a timeout the process holds a handle to (SimPy:
/// `pb.target is t` is `True` in the handler), and the target is the next
/// event once the process yields again.
#[test]
fn an_interrupted_process_keeps_a_shared_target_until_it_yields_again() {
    use gensend_sim::Wait;
    let env = Env::new();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let (e, s) = (env.clone(), seen.clone());
    let sleeper = env.process(proc(move |co| async move {
        let timeout = e.timeout(10.0);
        if co.wait(timeout.clone()).await.is_err() {
            let me = e.active_process().unwrap();
            s.borrow_mut().push(me.target().unwrap().same(&timeout));
            let next = e.event();
            let waiting = co.yield_(next.clone());
            s.borrow_mut().push(true);
            waiting.await;
        }
    }));
    let (e, p) = (env.clone(), sleeper.clone());
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(1.0)).await;
        p.interrupt(()).unwrap();
    }));
    env.run_until(5).unwrap();
    assert_eq!(*seen.borrow(), vec![true, true]);
    assert_eq!(sleeper.target().unwrap().kind(), gensend_sim::EventKind::Event);
}

/// SimPy orders simultaneous events by `(priority, id)` for any priority:
/// the order printed by SimPy for these priorities is `[-128, -2, -1, 0, 1,
/// 5, 127]`. Priorities below -1 used to sort after every other (the key's
/// priority byte was `priority + 1`, wrapped).
#[test]
fn simultaneous_events_are_processed_in_priority_order_for_every_priority() {
    let env = Env::new();
    let order = Rc::new(RefCell::new(Vec::new()));
    for priority in [1i8, -2, 0, -1, 127, -128, 5] {
        let event = env.event();
        let o = order.clone();
        event.add_callback(move |_| o.borrow_mut().push(priority));
        env.schedule(&event, priority, 0.0);
    }
    env.run().unwrap();
    assert_eq!(*order.borrow(), vec![-128, -2, -1, 0, 1, 5, 127]);
}

/// A request of a `PreemptiveResource` whose process has ended without
/// releasing it (and which nobody holds any more: a request does not keep
/// its process alive) cannot be preempted: SimPy raises "... has terminated
/// and cannot be interrupted." out of the preempting request, and so does
/// this (a documented panic). The kernel is left as SimPy leaves it: the
/// slot taken from the dead user, the new request queued (no guard was made
/// for it), granted by the next request, which waits (SimPy prints `0 1 1`,
/// then `1 1 [1] [2]`, and the same after `run()`).
#[test]
fn preempting_the_request_of_an_ended_process_panics_and_leaves_simpys_state() {
    use gensend_sim::PreemptiveResource;
    let env = Env::new();
    let res = PreemptiveResource::new(&env, 1).unwrap();
    let r = res.clone();
    env.process(proc(move |co| async move {
        let req = r.request(5, true).detach();
        co.yield_(req).await;
    }));
    env.run().unwrap();
    assert_eq!(res.users()[0].proc(), None); // ended, and held by nobody
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| res.request(1, true))).unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(message.starts_with("<Process object at 0x"), "{message}");
    assert!(message.contains("> has terminated and cannot be interrupted. (a request"), "{message}");
    assert_eq!((res.count(), res.queue().len()), (0, 1));
    let waiting = res.request(2, true);
    assert_eq!((res.count(), res.queue().len()), (1, 1));
    assert!(res.queue()[0].same(&waiting) && !waiting.triggered());
    env.run().unwrap();
    assert_eq!((res.count(), res.queue().len()), (1, 1));
}

/// The same with the ended process still held: SimPy's message names it.
#[test]
fn preempting_the_request_of_a_held_ended_process_names_it() {
    use gensend_sim::PreemptiveResource;
    let env = Env::new();
    let res = PreemptiveResource::new(&env, 1).unwrap();
    let r = res.clone();
    let victim = env.process_named(
        "victim",
        proc(move |co| async move {
            let req = r.request(5, true).detach();
            co.yield_(req).await;
        }),
    );
    env.run().unwrap();
    assert_eq!(res.users()[0].proc().as_ref(), Some(&victim));
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| res.request(1, true))).unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(message.starts_with("<Process(victim) object at 0x"), "{message}");
    assert!(message.contains("> has terminated and cannot be interrupted. (a request"), "{message}");
}

/// `Env::trace` reports every kind of entry with SimPy's time, priority,
/// insertion id and class, including the waits that have no event object here
/// (`Initialize`, a private `Timeout`, a guard's `Release`), an
/// `Interruption`, a `run(until=time)` stop (URGENT, then rescheduled at -1
/// when the run resumes) and a `run(until=event)` stop (rescheduled at -1).
/// Expected: SimPy 4.1.2 with the monitoring guide's patched `step` on the
/// same model.
#[test]
fn the_trace_reports_every_kind_of_entry_as_simpy_does() {
    use gensend_sim::{Resource, Traced, Wait};
    let env = Env::new();
    let data: Rc<RefCell<Vec<Traced>>> = Rc::default();
    let log = data.clone();
    env.trace(move |traced| log.borrow_mut().push(traced.clone()));
    let res = Resource::new(&env, 1).unwrap();
    for d in [2.0, 3.0] {
        let (e, r) = (env.clone(), res.clone());
        env.process(proc(move |co| async move {
            let req = r.request();
            co.yield_(req.event()).await;
            co.yield_(e.timeout(d)).await;
        }));
    }
    let e = env.clone();
    let sleeper = env.process(proc(move |co| async move {
        let _ = co.wait(e.timeout(10.0)).await;
        co.yield_(e.timeout(1.0)).await;
        "slept"
    }));
    let (e, s) = (env.clone(), sleeper.clone());
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(1.0)).await;
        s.interrupt("wake").unwrap();
    }));
    env.run_until(1.5).unwrap();
    env.run_until(&sleeper).unwrap();
    let ev = env.event();
    ev.succeed("x").unwrap();
    env.run_until(&ev).unwrap();
    env.run().unwrap();
    let got: Vec<String> = data
        .borrow()
        .iter()
        .map(|t| format!("({}, {}, {}, '{}')", t.time, t.priority, t.id, t.kind.name()))
        .collect();
    let simpy = "(0, 0, 0, 'Initialize') (0, 0, 1, 'Initialize') (0, 0, 2, 'Initialize') \
        (0, 0, 3, 'Initialize') (0, 1, 5, 'Request') (1, 1, 7, 'Timeout') (1, 0, 9, 'Interruption') \
        (1, 1, 10, 'Process') (1.5, 0, 4, 'Event') (1.5, -1, 12, 'Event') (2, 1, 8, 'Timeout') \
        (2, 1, 11, 'Timeout') (2, 1, 13, 'Release') (2, 1, 14, 'Process') (2, 1, 15, 'Process') \
        (2, -1, 17, 'Process') (2, 1, 16, 'Request') (2, 1, 18, 'Event') (2, -1, 20, 'Event') \
        (5, 1, 19, 'Timeout') (5, 1, 21, 'Release') (5, 1, 22, 'Process') (10, 1, 6, 'Timeout')";
    assert_eq!(got.join(" "), simpy);
}

/// A tracer that calls `step` itself: SimPy's guide patches `step` to call
/// the tracer with the head of the queue *before* popping it, so a step the
/// tracer makes processes that head first, and the patched step then goes on
/// with the next event: time never goes backwards, and every event is
/// processed once, in order. The tracer used to be called with an entry
/// already popped, so the nested step processed the next event first (at
/// t = 2) and the popped one after it, with the clock set back to 1.
#[test]
fn a_tracer_that_steps_does_not_set_the_clock_back() {
    let env = Env::new();
    let log = Rc::new(RefCell::new(Vec::new()));
    for (t, name) in [(1.0, "a"), (2.0, "b"), (3.0, "c")] {
        let (e, l) = (env.clone(), log.clone());
        env.timeout(t).add_callback(move |_| l.borrow_mut().push((name, e.now())));
    }
    let (e, l) = (env.clone(), log.clone());
    let stepped = Rc::new(std::cell::Cell::new(false));
    env.trace(move |traced| {
        l.borrow_mut().push(("traced", traced.time));
        if !stepped.replace(true) {
            e.step().unwrap(); // processes the head, `a`, untraced
        }
    });
    env.run().unwrap();
    assert_eq!(
        *log.borrow(),
        [("traced", 1.0), ("a", 1.0), ("b", 2.0), ("traced", 3.0), ("c", 3.0)].map(|(n, t)| (n, t))
    );
}

/// A `FilterStore` filter may read its store (SimPy calls it with the store's
/// items in place: this model prints `got 2 [2, 2] [1]`). The filter used to
/// run while the items were borrowed mutably: reading them panicked with
/// "already mutably borrowed" (and failed the process).
#[test]
fn a_filter_may_read_its_store() {
    use gensend_sim::FilterStore;
    let env = Env::new();
    let store = FilterStore::new(&env, f64::INFINITY).unwrap();
    let seen = Rc::new(RefCell::new(Vec::new()));
    store.put(1).unwrap();
    store.put(2).unwrap();
    let (s, log) = (store.clone(), seen.clone());
    let get = store.get_filtered(move |item| {
        log.borrow_mut().push(s.len());
        item.get::<i32>() == Some(&2)
    });
    let got = env.run_until(&get).unwrap();
    assert_eq!(got.get::<i32>(), Some(&2));
    assert_eq!(*seen.borrow(), [2, 2]);
    assert_eq!(store.items().len(), 1);
}

/// A condition mixing events of two environments fails at once (SimPy's
/// `ValueError`) and waits for nothing; dropping its environment must not
/// touch the other environment's events. Its teardown used to drop every
/// callback of those events, so a process of the other environment waiting
/// on one was never resumed.
#[test]
fn dropping_an_environment_leaves_another_ones_events_alone() {
    let other = Env::new();
    let ev = other.event();
    let e = ev.clone();
    let waiter = other.process(proc(move |co| async move { co.yield_(e).await }));
    other.step().unwrap(); // the waiter waits on `ev`
    let mixed = {
        let env = Env::new();
        env.all_of([ev.clone()])
    };
    assert_eq!(mixed.ok(), Some(false));
    ev.succeed("resumed").unwrap();
    assert_eq!(other.run_until(&waiter).unwrap().get::<&str>(), Some(&"resumed"));
}

/// After a process's request of a `PreemptiveResource` it holds panics
/// ("A process is not allowed to interrupt itself."), the kernel is where
/// SimPy leaves it: the failing process's guard releases its slot, the
/// Release grants the new request (which nobody will release), and the
/// process event crashes the run. SimPy: crash at 1, then `1 0 False`, then
/// `1 1 0 [1]` with 6 events scheduled.
#[test]
fn after_a_process_preempts_itself_the_resource_is_as_simpy_leaves_it() {
    use gensend_sim::PreemptiveResource;
    let env = Env::new();
    let res = PreemptiveResource::new(&env, 1).unwrap();
    let (e, r) = (env.clone(), res.clone());
    let p = env.process(proc(move |co| async move {
        let req = r.request(5, false);
        co.yield_(req.event()).await;
        co.yield_(e.timeout(1.0)).await;
        let _again = r.request(1, true);
        co.yield_(e.timeout(1.0)).await;
    }));
    let crash = env.run().unwrap_err();
    assert!(crash.to_string().contains("A process is not allowed to interrupt itself."), "{crash}");
    assert_eq!((env.now(), res.count(), res.queue().len(), p.is_alive()), (1.0, 1, 0, false));
    env.run().unwrap();
    assert_eq!((env.now(), res.count(), res.queue().len()), (1.0, 1, 0));
    assert_eq!(res.users()[0].proc().as_ref(), Some(&p));
    assert_eq!(env.stats().scheduled, 6);
}

/// Dropping the owner closes the live processes without ending them (their
/// events never trigger); a `kill` through a handle afterwards ends the
/// process. It used to fail with `ProcessRunning` ("... its own body called
/// step() or run()"), as the closed process has no generator, which is not
/// what happened.
#[test]
fn killing_a_process_closed_by_the_teardown_ends_it() {
    let p = {
        let env = Env::new();
        let e = env.clone();
        let p = env.process(proc(move |co| async move { co.yield_(e.timeout(1.0)).await }));
        env.step().unwrap();
        p
    };
    assert!(p.is_alive());
    assert_eq!(p.kill(), Ok(()));
    assert!(!p.is_alive() && p.value().unwrap().is_none());
    assert!(matches!(p.kill(), Err(gensend_sim::SimError::DeadProcess(_))));
}

/// An item whose `Drop` reads its store, replaced by `set_items`: the old
/// items are dropped outside the store's borrow (it used to panic with
/// "already mutably borrowed").
#[test]
fn set_items_drops_the_old_items_outside_the_borrow() {
    #[derive(Debug)]
    struct Reader(Rc<RefCell<Option<gensend_sim::Store>>>, Rc<std::cell::Cell<usize>>);
    impl Drop for Reader {
        fn drop(&mut self) {
            if let Some(store) = self.0.borrow().as_ref() {
                self.1.set(store.len() + 100);
            }
        }
    }
    let env = Env::new();
    let store = gensend_sim::Store::new(&env, 5.0).unwrap();
    let slot = Rc::new(RefCell::new(Some(store.clone())));
    let seen = Rc::new(std::cell::Cell::new(0));
    store.set_items(vec![Value::new(Reader(slot.clone(), seen.clone()))]);
    store.set_items(vec![Value::new(1), Value::new(2)]);
    assert_eq!(seen.get(), 102); // the reader saw the new items
    slot.borrow_mut().take();
}
