//! Port of SimPy's `tests/test_benchmark.py`. SimPy runs these under
//! pytest-benchmark; here each runs once as a test, with SimPy's assertions
//! (the event counts of the three simulations must be SimPy's exactly). The
//! timing comparison with SimPy is `bench/run.sh`.
mod common;

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::random::Random;
use gensend_sim::{Container, Env, Failure, Resource, Store, proc};

#[test]
fn test_event_init() {
    let env = Env::new();
    let event = env.event();
    assert!(!event.triggered());
}

#[test]
fn test_timeout_init() {
    let env = Env::new();
    let timeout = env.timeout(1.0);
    assert!(timeout.triggered());
    assert_eq!(env.stats().scheduled, 1);
}

#[test]
fn test_process_init() {
    let env = Env::new();
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        co.yield_(e.timeout(1.0)).await;
    }));
    assert!(p.is_alive());
}

#[test]
fn test_environment_step() {
    let env = Env::new();
    let e = env.clone();
    env.process(proc(move |co| async move {
        loop {
            co.yield_(e.timeout(1.0)).await;
        }
    }));
    for _ in 0..100 {
        env.step().unwrap();
    }
    assert_eq!(env.now(), 99.0);
}

#[test]
fn test_condition_events() {
    let env = Env::new();
    for _ in 0..20 {
        let e = env.clone();
        env.process(proc(move |co| async move {
            co.yield_(e.timeout(0.0) & (e.timeout(2.0) | e.timeout(1.0))).await;
        }));
    }
    env.run().unwrap();
    assert_eq!(env.now(), 2.0);
}

#[test]
fn test_condition_wait() {
    let env = Env::new();
    for _ in 0..10 {
        let e = env.clone();
        env.process(proc(move |co| async move {
            co.yield_(e.all_of((0..10).map(|i| e.timeout(f64::from(i))))).await;
        }));
    }
    env.run().unwrap();
    assert_eq!(env.now(), 9.0);
}

#[test]
fn test_wait_for_proc() {
    // SimPy: r = random.Random(1234); each child draws r.randint(1, 1000) when
    // it starts. Under SimPy 4.1.2 the run ends at 990 (the longest delay)
    // after 160 scheduled events.
    let env = Env::new();
    let r = Rc::new(RefCell::new(Random::new(1234)));
    let drawn = Rc::new(RefCell::new(Vec::new()));

    let child = {
        let (env, r, drawn) = (env.clone(), r.clone(), drawn.clone());
        move || {
            let (env, r, drawn) = (env.clone(), r.clone(), drawn.clone());
            proc(move |co| async move {
                let delay = r.borrow_mut().randint(1, 1000)?;
                drawn.borrow_mut().push(delay);
                co.yield_(env.timeout(delay as f64)).await;
                Ok::<(), Failure>(())
            })
        }
    };
    let parent = {
        let env = env.clone();
        move || {
            let (env, child) = (env.clone(), child.clone());
            proc(move |co| async move {
                let children: Vec<_> = (0..10).map(|_| env.process(child())).collect();
                for proc in children {
                    if !proc.triggered() {
                        co.yield_(proc.event()).await;
                    }
                }
            })
        }
    };

    for _ in 0..5 {
        env.process(parent());
    }
    env.run().unwrap();
    assert_eq!(drawn.borrow()[..5], [990, 797, 452, 120, 8]);
    assert_eq!(drawn.borrow().len(), 50);
    assert_eq!(env.now(), 990.0);
    assert_eq!(env.stats().scheduled, 160);
}

#[test]
fn test_store_sim() {
    let env = Env::new();
    let store = Store::new(&env, 5.0).unwrap();
    for _ in 0..2 {
        let (e, s) = (env.clone(), store.clone());
        env.process(proc(move |co| async move {
            for i in 0..10 {
                co.yield_(e.timeout(1.0)).await;
                co.yield_(s.put(i).unwrap()).await;
            }
        }));
    }
    for _ in 0..3 {
        let (e, s) = (env.clone(), store.clone());
        env.process(proc(move |co| async move {
            loop {
                co.yield_(s.get()).await;
                co.yield_(e.timeout(2.0)).await;
            }
        }));
    }
    env.run().unwrap();
    assert_eq!(env.stats().scheduled, 87);
}

#[test]
fn test_resource_sim() {
    let env = Env::new();
    let resource = Resource::new(&env, 2).unwrap();
    for _ in 0..5 {
        let (e, r) = (env.clone(), resource.clone());
        env.process(proc(move |co| async move {
            loop {
                let req = r.request();
                co.yield_(req.event()).await;
                co.yield_(e.timeout(1.0)).await;
            }
        }));
    }
    env.run_until(15).unwrap();
    // SimPy's test asserts 94, but SimPy 4.1.2 itself schedules 95 events
    // here (its own test fails: `pytest tests/test_benchmark.py` under SimPy
    // 4.1.2 gives `assert 95 == 94`). This port matches what SimPy does.
    assert_eq!(env.stats().scheduled, 95);
}

#[test]
fn test_container_sim() {
    let env = Env::new();
    let container = Container::new(&env, 10.0, 0.0).unwrap();
    let full_event = env.event();
    let (e, c, full) = (env.clone(), container.clone(), full_event.clone());
    env.process(proc(move |co| async move {
        loop {
            co.yield_(c.put(1.0).unwrap()).await;
            if c.level() == c.capacity() {
                full.succeed(()).unwrap();
            }
            co.yield_(e.timeout(1.0)).await;
        }
    }));
    for _ in 0..2 {
        let (e, c) = (env.clone(), container.clone());
        env.process(proc(move |co| async move {
            loop {
                co.yield_(c.get(1.0).unwrap()).await;
                co.yield_(e.timeout(3.0)).await;
            }
        }));
    }
    env.run_until(&full_event).unwrap();
    // SimPy's test asserts 104; SimPy 4.1.2 itself gives 105 (see above).
    assert_eq!(env.stats().scheduled, 105);
}
