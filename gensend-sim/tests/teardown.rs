//! Dropping the owning `Env` frees the whole simulation, including the
//! reference cycles SimPy leaves to Python's garbage collector: a condition
//! and its events, an event whose callback holds it, a resource and its
//! requests, a store and its pending puts, a process waiting on any of them.
//!
//! Each scenario is measured with a counting allocator: every byte it
//! allocated is freed once its environment and handles are gone. The
//! scenarios run one after another in a single test, so that no other test's
//! allocations are counted.

use std::alloc::System;

use gensend_sim::{Container, Env, Resource, Store, Value, proc};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static ALLOCATOR: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Bytes still allocated after `scenario` built a simulation, ran it and
/// dropped everything.
fn bytes_kept(scenario: impl FnOnce()) -> isize {
    let region = Region::new(ALLOCATOR);
    scenario();
    let change = region.change();
    change.bytes_allocated as isize - change.bytes_deallocated as isize
}

#[test]
fn dropping_the_owner_frees_every_cycle_the_simulation_made() {
    let scenarios: [(&str, fn()); 11] = [
        ("a condition over pending events", || {
            let env = Env::new();
            let _c = env.event() & env.event();
            let _d = env.event() | env.timeout(5.0);
            env.run().unwrap();
        }),
        ("an event whose callback holds it", || {
            let env = Env::new();
            let ev = env.event();
            let held = ev.clone();
            ev.add_callback(move |_| drop(held.clone()));
        }),
        ("a resource with a granted request never released and a queued one", || {
            let env = Env::new();
            let res = Resource::new(&env, 1).unwrap();
            let _granted = res.request().detach();
            let _queued = res.request().detach();
            env.run().unwrap();
        }),
        ("a full store with a pending put and a pending filtered get", || {
            let env = Env::new();
            let store = Store::new(&env, 1.0).unwrap();
            store.put("first").unwrap();
            store.put(Value::new(vec![1, 2, 3])).unwrap();
            let empty = Store::new(&env, 1.0).unwrap();
            let _get = empty.get();
            env.run().unwrap();
        }),
        ("a container with pending puts and gets", || {
            let env = Env::new();
            let tank = Container::new(&env, 10.0, 10.0).unwrap();
            tank.put(5.0).unwrap();
            let dry = Container::new(&env, 10.0, 0.0).unwrap();
            dry.get(5.0).unwrap();
            env.run().unwrap();
        }),
        ("processes waiting on conditions, requests and gets at the end", || {
            let env = Env::new();
            let res = Resource::new(&env, 1).unwrap();
            let store = Store::new(&env, 1.0).unwrap();
            for _ in 0..3 {
                let (e, r, s) = (env.clone(), res.clone(), store.clone());
                env.process(proc(move |co| async move {
                    let req = r.request();
                    co.yield_(req.event() | e.event()).await;
                    co.yield_(s.get() & e.timeout(1.0)).await;
                }));
            }
            env.run_until(0.5).unwrap();
        }),
        ("a process that returns the request it was granted (SimPy's `return req`)", || {
            let env = Env::new();
            let res = Resource::new(&env, 1).unwrap();
            let r = res.clone();
            let acquire = env.process(proc(move |co| async move {
                let req = r.request().detach();
                co.yield_(req.clone()).await;
                Value::new(req)
            }));
            env.run().unwrap();
            let req = acquire.value().unwrap().get::<gensend_sim::Event>().unwrap().clone();
            res.release(&req);
            env.run().unwrap();
        }),
        ("a process that returns its store get event", || {
            let env = Env::new();
            let store = Store::new(&env, 1.0).unwrap();
            let s = store.clone();
            let p = env.process(proc(move |co| async move {
                let get = s.get();
                co.yield_(get.clone()).await;
                Value::new(get)
            }));
            store.put(1).unwrap();
            env.run().unwrap();
            assert!(p.ok().unwrap());
        }),
        ("a callback, a condition and a tracer made through a clone after the owner is dropped", || {
            let clone = {
                let env = Env::new();
                env.clone()
            };
            let ev = clone.event();
            let held = ev.clone();
            ev.add_callback(move |_| drop(held.clone()));
            let _c = clone.event() & clone.event();
            let traced = clone.clone();
            clone.trace(move |_| drop(traced.clone()));
        }),
        ("a resource used through a clone after the owner is dropped", || {
            let clone = {
                let env = Env::new();
                env.clone()
            };
            let res = Resource::new(&clone, 1).unwrap();
            let _granted = res.request().detach();
            let _queued = res.request().detach();
        }),
        ("a timeout made through a clone after the owner is dropped", || {
            let clone = {
                let env = Env::new();
                env.clone()
            };
            let _t = clone.timeout_value(1.0, "never");
        }),
    ];
    let leaks: Vec<String> = scenarios
        .into_iter()
        .map(|(name, scenario)| (name, bytes_kept(scenario)))
        .filter(|&(_, kept)| kept != 0)
        .map(|(name, kept)| format!("{name}: {kept} bytes left allocated"))
        .collect();
    assert!(leaks.is_empty(), "{leaks:#?}");
    // What the teardown keeps track of stays bounded while a simulation
    // runs: a process making a condition (and a callback) per step holds as
    // much after 20,000 steps as after 2,000.
    let held_after = |steps: u32| {
        let env = Env::new();
        let e = env.clone();
        env.process(proc(move |co| async move {
            for _ in 0..steps {
                let ev = e.timeout(1.0);
                ev.add_callback(|_| {});
                co.yield_(ev | e.timeout(2.0)).await;
            }
        }));
        let region = Region::new(ALLOCATOR);
        env.run().unwrap();
        let change = region.change();
        change.bytes_allocated as isize - change.bytes_deallocated as isize
    };
    let (short, long) = (held_after(2_000), held_after(20_000));
    assert!(long <= short + 4096, "bytes held grow with the steps: {short} after 2,000, {long} after 20,000");
}
