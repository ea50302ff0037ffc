//! Sub-processes as `yield_from` (no process per call): return values,
//! interrupts reaching the innermost level and caught outside, and `kill`
//! closing the whole delegation stack.

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::{Env, ProcessGen, proc, sub};

struct Guard(&'static str, Rc<RefCell<Vec<&'static str>>>);

impl Drop for Guard {
    fn drop(&mut self) {
        self.1.borrow_mut().push(self.0);
    }
}

fn leaf(env: Env, log: Rc<RefCell<Vec<&'static str>>>) -> ProcessGen<f64> {
    sub(move |co| async move {
        let _guard = Guard("leaf", log);
        co.yield_(env.timeout(5.0)).await;
        env.now()
    })
}

fn middle(env: Env, log: Rc<RefCell<Vec<&'static str>>>) -> ProcessGen<f64> {
    sub(move |co| async move {
        let _guard = Guard("middle", log.clone());
        let t = co.yield_from(leaf(env.clone(), log)).await;
        t * 2.0
    })
}

#[test]
fn sub_generators_return_values_through_the_stack() {
    let env = Env::new();
    let log: Rc<RefCell<Vec<&'static str>>> = Rc::default();
    let (e, l) = (env.clone(), Rc::clone(&log));
    let p = env.process(proc(move |co| async move { co.yield_from(middle(e, l)).await }));
    assert_eq!(env.run_until(&p).unwrap().get::<f64>(), Some(&10.0));
    assert_eq!(*log.borrow(), ["leaf", "middle"]);
    // Initialize, Timeout, Process, and run_until's re-scheduling of the process
    // event it stopped at: no process, no event per call.
    assert_eq!(env.stats().scheduled, 4);
}

#[test]
fn kill_closes_the_whole_delegation_stack_innermost_first() {
    let env = Env::new();
    let log: Rc<RefCell<Vec<&'static str>>> = Rc::default();
    let (e, l) = (env.clone(), Rc::clone(&log));
    let p = env.process(proc(move |co| async move {
        let _guard = Guard("process", l.clone());
        co.yield_from(middle(e, l)).await
    }));
    env.run_until(1).unwrap();
    p.kill().unwrap();
    assert_eq!(*log.borrow(), ["leaf", "middle", "process"]);
    env.run().unwrap();
    assert!(!p.is_alive());
    assert!(p.value().unwrap().is_none());
    assert_eq!(env.now(), 5.0); // the abandoned timeout stays scheduled, as after an interrupt
}

#[test]
fn an_interrupt_reaches_the_innermost_level_and_is_caught_outside() {
    let env = Env::new();
    let log: Rc<RefCell<Vec<&'static str>>> = Rc::default();
    let (e, l) = (env.clone(), Rc::clone(&log));
    let p = env.process(proc(move |co| async move {
        match co.try_yield_from(middle(e.clone(), l)).await {
            Ok(t) => format!("finished at {t}"),
            Err(gensend::Interrupt::Throw(failure)) => {
                format!("{failure} at {}", e.now())
            }
            Err(gensend::Interrupt::Exit) => "closed".to_string(),
        }
    }));
    let victim = p.clone();
    let e = env.clone();
    env.process(proc(move |co| async move {
        co.yield_(e.timeout(2.0)).await;
        victim.interrupt("stop").unwrap();
    }));
    let result = env.run_until(&p).unwrap();
    assert_eq!(result.get::<String>().map(String::as_str), Some("Interrupt(\"stop\") at 2"));
    assert_eq!(*log.borrow(), ["leaf", "middle"]); // both levels unwound
}
