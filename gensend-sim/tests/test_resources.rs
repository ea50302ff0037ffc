//! Port of SimPy's `tests/test_resources.py`.
mod common;

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::{
    Container, Env, Event, FilterStore, Preempted, PreemptiveResource, PriorityItem, PriorityResource,
    PriorityStore, Process, Resource, Store, Value, Wait, proc,
};

type Log<T> = Rc<RefCell<Vec<T>>>;

fn log<T>() -> Log<T> {
    Rc::new(RefCell::new(Vec::new()))
}

//
// Tests for Resource
//

#[test]
fn test_resource() {
    let env = Env::new();
    let log = log();
    let resource = Resource::new(&env, 1).unwrap();
    assert_eq!(resource.capacity(), 1);
    assert_eq!(resource.count(), 0);
    for name in ["a", "b"] {
        let (e, r, l) = (env.clone(), resource.clone(), log.clone());
        env.process(proc(move |co| async move {
            let req = r.request().detach();
            co.yield_(req.clone()).await;
            assert_eq!(r.count(), 1);
            co.yield_(e.timeout(1.0)).await;
            r.release(&req);
            l.borrow_mut().push((name, e.now()));
        }));
    }
    env.run().unwrap();
    assert_eq!(*log.borrow(), [("a", 1.0), ("b", 2.0)]);
}

#[test]
fn test_resource_capacity() {
    let env = Env::new();
    let err = Resource::new(&env, 0).unwrap_err();
    assert_eq!(err.to_string(), "\"capacity\" must be > 0.");
    assert_eq!(err.python_exception(), "ValueError");
}

#[test]
fn test_resource_context_manager() {
    let env = Env::new();
    let log = log();
    let resource = Resource::new(&env, 1).unwrap();
    for name in ["a", "b"] {
        let (e, r, l) = (env.clone(), resource.clone(), log.clone());
        env.process(proc(move |co| async move {
            {
                let request = r.request();
                co.yield_(request.event()).await;
                co.yield_(e.timeout(1.0)).await;
            }
            l.borrow_mut().push((name, e.now()));
        }));
    }
    env.run().unwrap();
    assert_eq!(*log.borrow(), [("a", 1.0), ("b", 2.0)]);
}

#[test]
fn test_resource_slots() {
    let env = Env::new();
    let log = log();
    let resource = Resource::new(&env, 3).unwrap();
    for i in 0..9 {
        let (e, r, l) = (env.clone(), resource.clone(), log.clone());
        env.process(proc(move |co| async move {
            let req = r.request();
            co.yield_(req.event()).await;
            l.borrow_mut().push((i.to_string(), e.now()));
            co.yield_(e.timeout(1.0)).await;
        }));
    }
    env.run().unwrap();
    let expected: Vec<(String, f64)> = (0..9).map(|i| (i.to_string(), f64::from(i / 3))).collect();
    assert_eq!(*log.borrow(), expected);
}

fn holder(env: &Env, res: &Resource) {
    let (e, r) = (env.clone(), res.clone());
    env.process(proc(move |co| async move {
        let req = r.request();
        co.yield_(req.event()).await;
        co.yield_(e.timeout(1.0)).await;
    }));
}

fn interruptor(env: &Env, victim: Process) {
    env.process(proc(move |_co| async move {
        victim.interrupt(()).unwrap();
        0
    }));
}

#[test]
fn test_resource_continue_after_interrupt() {
    let env = Env::new();
    let res = Resource::new(&env, 1).unwrap();
    holder(&env, &res);
    let (e, r) = (env.clone(), res.clone());
    let victim = env.process(proc(move |co| async move {
        let evt = r.request().detach();
        match co.wait(evt.clone()).await {
            Ok(_) => panic!("Should not have gotten the resource."),
            Err(failure) => {
                assert!(failure.interrupt().is_some());
                co.yield_(evt.clone()).await;
                r.release(&evt);
                assert_eq!(e.now(), 1.0);
            }
        }
    }));
    interruptor(&env, victim.clone());
    env.run().unwrap();
    assert_eq!(victim.ok(), Some(true));
}

#[test]
fn test_resource_release_after_interrupt() {
    let env = Env::new();
    let res = Resource::new(&env, 1).unwrap();
    holder(&env, &res);
    let (e, r) = (env.clone(), res.clone());
    let victim = env.process(proc(move |co| async move {
        let evt = r.request().detach();
        match co.wait(evt.clone()).await {
            Ok(_) => panic!("Should not have gotten the resource."),
            Err(_) => {
                r.release(&evt);
                assert_eq!(e.now(), 0.0);
            }
        }
    }));
    interruptor(&env, victim.clone());
    env.run().unwrap();
    assert_eq!(victim.ok(), Some(true));
}

#[test]
fn test_resource_immediate_requests() {
    let env = Env::new();
    let e = env.clone();
    let parent = env.process(proc(move |co| async move {
        let res = Resource::new(&e, 1).unwrap();
        let child = || {
            let (e, res) = (e.clone(), res.clone());
            e.clone().process(proc(move |co| async move {
                let mut result = Vec::new();
                for _ in 0..3 {
                    let req = res.request();
                    co.yield_(req.event()).await;
                    result.push(e.now());
                    co.yield_(e.timeout(1.0)).await;
                }
                Value::new(result)
            }))
        };
        let (child_a, child_b) = (child(), child());
        let a = co.yield_(child_a.event()).await;
        let b = co.yield_(child_b.event()).await;
        assert_eq!(a.get::<Vec<f64>>().unwrap(), &[0.0, 2.0, 4.0]);
        assert_eq!(b.get::<Vec<f64>>().unwrap(), &[1.0, 3.0, 5.0]);
    }));
    env.run().unwrap();
    assert_eq!(parent.ok(), Some(true));
}

#[test]
fn test_resource_cm_exception() {
    let env = Env::new();
    let log = log();
    let resource = Resource::new(&env, 1).unwrap();
    for raise in [true, false] {
        let (e, r, l) = (env.clone(), resource.clone(), log.clone());
        env.process(proc(move |co| async move {
            let req = r.request();
            co.yield_(req.event()).await;
            co.yield_(e.timeout(1.0)).await;
            l.borrow_mut().push(e.now());
            if raise {
                // SimPy raises and catches ValueError('Foo') inside the with.
                let raised = common::value_error("Foo");
                assert_eq!(raised.to_string(), "Foo");
            }
        }));
    }
    env.run().unwrap();
    assert_eq!(*log.borrow(), [1.0, 2.0]);
}

#[test]
fn test_resource_with_condition() {
    let env = Env::new();
    let resource = Resource::new(&env, 1).unwrap();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let res_event = resource.request();
        let result = co.yield_(res_event.event() | e.timeout(1.0)).await;
        assert!(common::cond_events(&result).contains(&res_event.event()));
    }));
    env.run().unwrap();
    assert_eq!(p.ok(), Some(true));
}

#[test]
fn test_resource_with_priority_queue() {
    let env = Env::new();
    let resource = PriorityResource::new(&env, 1).unwrap();
    let mut procs = Vec::new();
    for (delay, priority, res_time) in [(0.0, 2, 0.0), (2.0, 3, 10.0), (2.0, 3, 15.0), (4.0, 1, 5.0)] {
        let (e, r) = (env.clone(), resource.clone());
        procs.push(env.process(proc(move |co| async move {
            co.yield_(e.timeout(delay)).await;
            let req = r.request(priority).detach();
            co.yield_(req.clone()).await;
            assert_eq!(e.now(), res_time);
            co.yield_(e.timeout(5.0)).await;
            r.release(&req);
        })));
    }
    env.run().unwrap();
    assert!(procs.iter().all(|p| p.ok() == Some(true)));
}

// test_sorted_queue_maxlen: SimPy's `put_queue.maxlen` is an attribute of its
// internal queue list; this port's queues have no length limit.

#[test]
fn test_get_users() {
    let env = Env::new();
    let resource = Resource::new(&env, 1).unwrap();
    let procs: Vec<Process> = (0..3)
        .map(|_| {
            let (e, r) = (env.clone(), resource.clone());
            env.process(proc(move |co| async move {
                let req = r.request();
                co.yield_(req.event()).await;
                co.yield_(e.timeout(1.0)).await;
            }))
        })
        .collect();
    let procs_of = |events: Vec<Event>| events.iter().map(|e| e.proc().unwrap()).collect::<Vec<_>>();
    env.run_until(1).unwrap();
    assert_eq!(procs_of(resource.users()), procs[0..1]);
    assert_eq!(procs_of(resource.queue()), procs[1..]);
    env.run_until(2).unwrap();
    assert_eq!(procs_of(resource.users()), procs[1..2]);
    assert_eq!(procs_of(resource.queue()), procs[2..]);
}

//
// Tests for PreemptiveResource
//

#[test]
fn test_preemptive_resource() {
    let env = Env::new();
    let resource = PreemptiveResource::new(&env, 1).unwrap();
    let r = resource.clone();
    let a = env.process(proc(move |co| async move {
        let req = r.request(1, true);
        if co.wait(req.event()).await.is_ok() {
            panic!("Should have received an interrupt/preemption.");
        }
    }));
    let r = resource.clone();
    let b = env.process(proc(move |co| async move {
        let req = r.request(0, true);
        co.yield_(req.event()).await;
    }));
    env.run().unwrap();
    assert_eq!((a.ok(), b.ok()), (Some(true), Some(true)));
}

#[test]
fn test_preemptive_resource_timeout_0() {
    let env = Env::new();
    let resource = PreemptiveResource::new(&env, 1).unwrap();
    let (e, r) = (env.clone(), resource.clone());
    env.process(proc(move |co| async move {
        {
            let req = r.request(1, true);
            let granted = co.wait(req.event()).await;
            if granted.is_ok() && co.wait(e.timeout(1.0)).await.is_ok() {
                panic!("Should have received an interrupt/preemption.");
            }
        }
        co.yield_(e.event()).await;
    }));
    let r = resource.clone();
    let b = env.process(proc(move |co| async move {
        let req = r.request(0, true);
        co.yield_(req.event()).await;
    }));
    env.run().unwrap();
    assert_eq!(b.ok(), Some(true));
}

type PreemptLog = Log<(f64, i32, Option<(Option<Process>, Option<f64>)>)>;

#[test]
fn test_mixed_preemption() {
    let env = Env::new();
    let log: PreemptLog = log();
    let res = PreemptiveResource::new(&env, 1).unwrap();
    let p = |id: i32, delay: f64, prio: i64, preempt: bool| {
        let (e, res, log) = (env.clone(), res.clone(), log.clone());
        env.process(proc(move |co| async move {
            co.yield_(e.timeout(delay)).await;
            let req = res.request(prio, preempt);
            let outcome = match co.wait(req.event()).await {
                Ok(_) => co.wait(e.timeout(2.0)).await,
                Err(failure) => Err(failure),
            };
            match outcome {
                Ok(_) => log.borrow_mut().push((e.now(), id, None)),
                Err(failure) => {
                    let cause = failure.interrupt().unwrap().cause().clone();
                    let preempted = cause.get::<Preempted>().unwrap();
                    log.borrow_mut().push((e.now(), id, Some((preempted.by.clone(), preempted.usage_since))));
                }
            }
        }))
    };
    p(0, 0.0, 2, true);
    p(1, 0.0, 2, true);
    p(2, 1.0, 1, false);
    let p3 = p(3, 3.0, 0, true);
    p(4, 4.0, 3, true);
    env.run().unwrap();
    assert_eq!(
        *log.borrow(),
        [
            (2.0, 0, None),
            (3.0, 2, Some((Some(p3), Some(2.0)))),
            (5.0, 3, None),
            (7.0, 1, None),
            (9.0, 4, None)
        ]
    );
}

type NestedLog = Log<(f64, i32, Option<(Option<Process>, Option<f64>, Option<PreemptiveResource>)>)>;

#[test]
fn test_nested_preemption() {
    let env = Env::new();
    let log: NestedLog = log();
    let cause_of = |failure: &gensend_sim::Failure| {
        let cause = failure.interrupt().unwrap().cause().clone();
        let p = cause.get::<Preempted>().unwrap().clone();
        (p.by, p.usage_since, p.resource)
    };
    let process = |id: i32, res: &PreemptiveResource, delay: f64, prio: i64| {
        let (e, res, log) = (env.clone(), res.clone(), log.clone());
        env.process(proc(move |co| async move {
            co.yield_(e.timeout(delay)).await;
            let req = res.request(prio, true);
            let outcome = match co.wait(req.event()).await {
                Ok(_) => co.wait(e.timeout(5.0)).await,
                Err(failure) => Err(failure),
            };
            match outcome {
                Ok(_) => log.borrow_mut().push((e.now(), id, None)),
                Err(failure) => {
                    let (by, since, _) = cause_of(&failure);
                    log.borrow_mut().push((e.now(), id, Some((by, since, None))));
                }
            }
        }))
    };
    let process2 = |id: i32, res0: &PreemptiveResource, res1: &PreemptiveResource, delay: f64, prio: i64| {
        let (e, res0, res1, log) = (env.clone(), res0.clone(), res1.clone(), log.clone());
        env.process(proc(move |co| async move {
            co.yield_(e.timeout(delay)).await;
            let req0 = res0.request(prio, true);
            match co.wait(req0.event()).await {
                Ok(_) => {
                    let req1 = res1.request(prio, true);
                    let outcome = match co.wait(req1.event()).await {
                        Ok(_) => co.wait(e.timeout(5.0)).await,
                        Err(failure) => Err(failure),
                    };
                    match outcome {
                        Ok(_) => log.borrow_mut().push((e.now(), id, None)),
                        Err(failure) => log.borrow_mut().push((e.now(), id, Some(cause_of(&failure)))),
                    }
                }
                Err(failure) => log.borrow_mut().push((e.now(), id, Some(cause_of(&failure)))),
            }
        }))
    };
    let res0 = PreemptiveResource::new(&env, 1).unwrap();
    let res1 = PreemptiveResource::new(&env, 1).unwrap();
    process2(0, &res0, &res1, 0.0, -1);
    let p1 = process(1, &res1, 1.0, -2);
    process2(2, &res0, &res1, 20.0, -1);
    let p3 = process(3, &res0, 21.0, -2);
    process2(4, &res0, &res1, 21.0, -1);
    env.run().unwrap();
    assert_eq!(
        *log.borrow(),
        [
            (1.0, 0, Some((Some(p1), Some(0.0), Some(res1)))),
            (6.0, 1, None),
            (21.0, 2, Some((Some(p3), Some(20.0), Some(res0)))),
            (26.0, 3, None),
            (31.0, 4, None),
        ]
    );
}

//
// Tests for Container
//

#[test]
fn test_container() {
    let env = Env::new();
    let log = log();
    let buf = Container::new(&env, 2.0, 0.0).unwrap();
    let (e, b, l) = (env.clone(), buf.clone(), log.clone());
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(1.0)).await;
        loop {
            co.yield_(b.put(2.0).unwrap()).await;
            l.borrow_mut().push(('p', e.now()));
            co.yield_(e.timeout(1.0)).await;
        }
    }));
    let (e, b, l) = (env.clone(), buf.clone(), log.clone());
    env.process(proc(move |co| async move {
        co.yield_(b.get(1.0).unwrap()).await;
        l.borrow_mut().push(('g', e.now()));
        co.yield_(e.timeout(1.0)).await;
        co.yield_(b.get(1.0).unwrap()).await;
        l.borrow_mut().push(('g', e.now()));
    }));
    env.run_until(5).unwrap();
    assert_eq!(*log.borrow(), [('p', 1.0), ('g', 1.0), ('g', 2.0), ('p', 2.0)]);
}

#[test]
fn test_container_get_queued() {
    let env = Env::new();
    let container = Container::new(&env, 1.0, 0.0).unwrap();
    let p = |wait: f64, put: bool| {
        let (e, c) = (env.clone(), container.clone());
        env.process(proc(move |co| async move {
            co.yield_(e.timeout(wait)).await;
            let req = if put { c.put(1.0).unwrap() } else { c.get(1.0).unwrap() };
            co.yield_(req.clone()).await;
            req.cancel();
        }))
    };
    let p0 = p(0.0, false);
    p(1.0, true);
    p(1.0, true);
    let p3 = p(1.0, true);
    let procs_of = |events: Vec<Event>| events.iter().map(|e| e.proc().unwrap()).collect::<Vec<_>>();
    env.run_until(1).unwrap();
    assert_eq!(procs_of(container.put_queue()), []);
    assert_eq!(procs_of(container.get_queue()), [p0]);
    env.run_until(2).unwrap();
    assert_eq!(procs_of(container.put_queue()), [p3]);
    assert_eq!(procs_of(container.get_queue()), []);
}

#[test]
fn test_initial_container_capacity() {
    let env = Env::new();
    let container = Container::new(&env, f64::INFINITY, 0.0).unwrap();
    assert_eq!(container.capacity(), f64::INFINITY);
}

#[test]
fn test_container_get_put_bounds() {
    let env = Env::new();
    let container = Container::new(&env, f64::INFINITY, 0.0).unwrap();
    let err = container.get(-13.0).unwrap_err();
    assert!(err.to_string().starts_with("amount(") && err.to_string().ends_with("must be > 0."));
    let err = container.put(-13.0).unwrap_err();
    assert!(err.to_string().starts_with("amount(") && err.to_string().ends_with("must be > 0."));
}

#[test]
fn test_container_init_capacity() {
    let env = Env::new();
    for (ok, capacity, init) in [
        (true, 2.0, 1.0),
        (true, 1.0, 1.0),
        (true, 1.0, 0.0),
        (false, 1.0, 2.0),
        (false, 0.0, 0.0),
        (false, -1.0, 0.0),
        (false, 1.0, -1.0),
    ] {
        let result = Container::new(&env, capacity, init);
        assert_eq!(result.is_ok(), ok, "{capacity} {init}");
        if let Err(err) = result {
            assert_eq!(err.python_exception(), "ValueError");
        }
    }
}

//
// Tests for Store
//

#[derive(Debug)]
struct Object;

#[test]
fn test_store() {
    let env = Env::new();
    let store = Store::new(&env, 2.0).unwrap();
    let item = Value::new(Object);
    let (s, i) = (store.clone(), item.clone());
    env.process(proc(move |co| async move {
        co.yield_(s.put(i).unwrap()).await;
    }));
    let (s, i) = (store.clone(), item.clone());
    let getter = env.process(proc(move |co| async move {
        let got = co.yield_(s.get()).await;
        assert!(got.same(&i));
    }));
    env.run().unwrap();
    assert_eq!(getter.ok(), Some(true));
}

#[test]
fn test_initial_store_capacity() {
    let env = Env::new();
    assert_eq!(Store::new(&env, f64::INFINITY).unwrap().capacity(), f64::INFINITY);
    assert_eq!(FilterStore::new(&env, f64::INFINITY).unwrap().capacity(), f64::INFINITY);
}

#[test]
fn test_store_capacity() {
    let env = Env::new();
    for capacity in [0.0, -1.0] {
        let err = Store::new(&env, capacity).unwrap_err();
        assert!(err.to_string().starts_with("\"capacity\" must be > 0"));
    }
    let capacity = 2;
    let store = Store::new(&env, f64::from(capacity)).unwrap();
    let s = store.clone();
    env.process(proc(move |co| async move {
        for i in 0..=capacity {
            co.yield_(s.put(i).unwrap()).await;
        }
    }));
    env.run().unwrap();
    assert_eq!(store.items().len(), capacity as usize);
}

#[test]
fn test_store_cancel() {
    let env = Env::new();
    let store = Store::new(&env, 1.0).unwrap();
    let (e, s) = (env.clone(), store.clone());
    let p = env.process(proc(move |co| async move {
        let get = s.get();
        co.yield_(e.timeout(1.0)).await;
        get.cancel(); // SimPy: the implicit cancel() when leaving the with-block
    }));
    env.run().unwrap();
    assert_eq!(p.ok(), Some(true));
    assert!(store.get_queue().is_empty());
}

#[test]
fn test_priority_store_item_priority() {
    let env = Env::new();
    let pstore = PriorityStore::new(&env, 3.0).unwrap();
    let log = log();
    let s = pstore.clone();
    env.process(proc(move |co| async move {
        for c in ["b", "c", "a", "d", "e", "f", "g"] {
            co.yield_(s.put(c).unwrap()).await;
        }
    }));
    for wait in [1.0, 2.0, 3.0] {
        let (e, s, l) = (env.clone(), pstore.clone(), log.clone());
        env.process(proc(move |co| async move {
            co.yield_(e.timeout(wait)).await;
            let item = co.yield_(s.get()).await;
            l.borrow_mut().push(*item.get::<&str>().unwrap());
        }));
    }
    env.run().unwrap();
    assert_eq!(*log.borrow(), ["a", "b", "c"]);
}

#[test]
fn test_priority_store_stable_order() {
    let env = Env::new();
    let pstore = PriorityStore::new(&env, 3.0).unwrap();
    let log: Log<Value> = log();
    let items: Vec<Value> = (0..3).map(|_| Value::new(Object)).collect();
    let (s, its) = (pstore.clone(), items.clone());
    env.process(proc(move |co| async move {
        for item in its {
            co.yield_(s.put(PriorityItem::new(0.0, item)).unwrap()).await;
        }
    }));
    for wait in [1.0, 2.0, 3.0] {
        let (e, s, l) = (env.clone(), pstore.clone(), log.clone());
        env.process(proc(move |co| async move {
            co.yield_(e.timeout(wait)).await;
            let got = co.yield_(s.get()).await;
            l.borrow_mut().push(got.get::<PriorityItem>().unwrap().item.clone());
        }));
    }
    env.run().unwrap();
    let log = log.borrow();
    assert_eq!(log.len(), 3);
    assert!(log.iter().zip(&items).all(|(a, b)| a.same(b)));
}

#[test]
fn test_filter_store() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        let store = FilterStore::new(&e, 2.0).unwrap();
        let get_event = store.get_filtered(|item| item.get::<&str>() == Some(&"b"));
        co.yield_(store.put("a").unwrap()).await;
        assert!(!get_event.triggered());
        co.yield_(store.put("b").unwrap()).await;
        assert!(get_event.triggered());
    }));
    env.run().unwrap();
    assert_eq!(p.ok(), Some(true));
}

#[test]
fn test_filter_store_get_after_mismatch() {
    let env = Env::new();
    let store = FilterStore::new(&env, 2.0).unwrap();
    let (e, s) = (env.clone(), store.clone());
    let getter = env.process(proc(move |co| async move {
        let eggs = s.get_filtered(|i| i.get::<&str>() == Some(&"eggs"));
        let spam = s.get_filtered(|i| i.get::<&str>() == Some(&"spam"));
        let ret = co.yield_(&spam | &eggs).await;
        assert!(common::cond_events(&ret).contains(&spam));
        assert!(!common::cond_events(&ret).contains(&eggs));
        assert_eq!(e.now(), 0.0);
        co.yield_(eggs).await;
        assert_eq!(e.now(), 1.0);
    }));
    let (e, s) = (env.clone(), store.clone());
    env.process(proc(move |co| async move {
        co.yield_(s.put("spam").unwrap()).await;
        co.yield_(e.timeout(1.0)).await;
        co.yield_(s.put("eggs").unwrap()).await;
    }));
    env.run().unwrap();
    assert_eq!(getter.ok(), Some(true));
}

#[test]
fn test_filter_calls_best_case() {
    let env = Env::new();
    let log: Log<String> = log();
    let store = FilterStore::new(&env, f64::INFINITY).unwrap();
    store.set_items(vec![1.into(), 2.into(), 3.into()]);
    let (s, l) = (store.clone(), log.clone());
    env.process(proc(move |co| async move {
        for _ in 0..3 {
            let l2 = l.clone();
            let got = co
                .yield_(s.get_filtered(move |item| {
                    l2.borrow_mut().push(format!("check {item:?}"));
                    true
                }))
                .await;
            l.borrow_mut().push(format!("get {got:?}"));
        }
    }));
    env.run().unwrap();
    assert_eq!(*log.borrow(), ["check 1", "get 1", "check 2", "get 2", "check 3", "get 3"]);
}

#[test]
fn test_filter_calls_worst_case() {
    let env = Env::new();
    let log: Log<String> = log();
    let store = FilterStore::new(&env, f64::INFINITY).unwrap();
    let (s, l) = (store.clone(), log.clone());
    env.process(proc(move |co| async move {
        let l2 = l.clone();
        let got = co
            .yield_(s.get_filtered(move |item| {
                l2.borrow_mut().push(format!("check {item:?}"));
                item.get::<i32>().is_some_and(|&i| i >= 3)
            }))
            .await;
        l.borrow_mut().push(format!("get {got:?}"));
    }));
    let (s, l) = (store.clone(), log.clone());
    env.process(proc(move |co| async move {
        for i in 0..4 {
            l.borrow_mut().push(format!("put {i}"));
            co.yield_(s.put(i).unwrap()).await;
        }
    }));
    env.run().unwrap();
    let expected = [
        "put 0", "check 0", "put 1", "check 0", "check 1", "put 2", "check 0", "check 1", "check 2", "put 3",
        "check 0", "check 1", "check 2", "check 3", "get 3",
    ];
    assert_eq!(*log.borrow(), expected);
}

#[test]
fn test_immediate_put_request() {
    let env = Env::new();
    let resource = Resource::new(&env, 1).unwrap();
    assert_eq!(resource.users().len(), 0);
    assert_eq!(resource.queue().len(), 0);
    let request = resource.request().detach();
    assert!(request.triggered());
    assert_eq!(resource.users().len(), 1);
    assert_eq!(resource.queue().len(), 0);
    let request = resource.request().detach();
    assert!(!request.triggered());
    assert_eq!(resource.users().len(), 1);
    assert_eq!(resource.queue().len(), 1);
}

#[test]
fn test_immediate_get_request() {
    let env = Env::new();
    let container = Container::new(&env, f64::INFINITY, 0.0).unwrap();
    let request = container.put(1.0).unwrap();
    assert!(request.triggered());
    assert_eq!(container.level(), 1.0);
    assert_eq!(container.put_queue().len(), 0);
    let request = container.get(1.0).unwrap();
    assert!(request.triggered());
    assert_eq!(container.level(), 0.0);
    assert_eq!(container.get_queue().len(), 0);
    let request = container.get(1.0).unwrap();
    assert!(!request.triggered());
    assert_eq!(container.get_queue().len(), 1);
}
