//! Process bodies that hold `&mut` borrows of their own locals across yields,
//! while the kernel resumes them, interrupts them, runs their sub-generators and
//! kills them. Natively these tests check the values; under Miri (Stacked and
//! Tree Borrows, `scripts/miri.sh`) they check that nothing in the kernel or in
//! gensend touches a suspended body (gensend's soundness point 4).

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::{Co, Env, ProcessGen, Wait, proc, sub};

/// Waits `n` times, counting in a `&mut` the caller lent it.
async fn tick(co: &Co, env: &Env, count: &mut u32, n: u32) {
    for _ in 0..n {
        co.yield_(env.timeout(1.0)).await;
        *count += 1;
    }
}

#[test]
fn a_process_keeps_mut_borrows_of_its_locals_across_timeouts_and_interrupts() {
    let env = Env::new();
    let log = Rc::new(RefCell::new(Vec::new()));
    let (e, l) = (env.clone(), log.clone());
    let worker = env.process(proc(move |co| async move {
        let mut count = 0u32;
        let c = &mut count;
        tick(&co, &e, c, 2).await;
        // Interrupted while waiting: the borrow is still good afterwards.
        if let Err(failure) = co.wait(e.timeout(10.0)).await {
            *c += 100;
            l.borrow_mut().push(format!("interrupted at {} with {}", e.now(), failure.interrupt().is_some()));
        }
        tick(&co, &e, c, 1).await;
        *c
    }));
    let (e, w) = (env.clone(), worker.clone());
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(3.0)).await;
        w.interrupt("wake up").unwrap();
    }));
    let result = env.run_until(&worker).unwrap();
    assert_eq!(result.get::<u32>(), Some(&103));
    assert_eq!(*log.borrow(), ["interrupted at 3 with true"]);
}

#[test]
fn sub_generators_with_mut_borrows_at_every_level_and_a_kill() {
    fn level(env: Env, depth: u32) -> ProcessGen<u32> {
        sub(move |co| async move {
            let mut own = depth;
            let o = &mut own;
            co.yield_(env.timeout(1.0)).await;
            *o += if depth == 0 { 0 } else { co.yield_from(level(env.clone(), depth - 1)).await };
            co.yield_(env.timeout(1.0)).await;
            *o
        })
    }
    let env = Env::new();
    let e = env.clone();
    let chain = env.process(proc(move |co| async move {
        let mut total = 0u32;
        let t = &mut total;
        *t += co.yield_from(level(e.clone(), 4)).await;
        *t
    }));
    assert_eq!(env.run_until(&chain).unwrap().get::<u32>(), Some(&10));

    // The same chain killed half way: every level's borrows are dropped in place.
    let e = env.clone();
    let killed = env.process(proc(move |co| async move { co.yield_from(level(e.clone(), 4)).await }));
    env.run_until(env.now() + 3.0).unwrap();
    assert!(killed.is_alive());
    killed.kill().unwrap();
    assert!(!killed.is_alive());
    env.run().unwrap();
}
