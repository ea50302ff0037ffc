//! A generator whose body is `Send` is `Send`: a suspended generator can move to
//! another thread, be resumed there, and move back.
//!
//! A body that holds a non-`Send` value (an `Rc`) across a yield is rejected at
//! compile time; that is shown by a `compile_fail` doc test, since `tests/`
//! cannot hold one.

use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};

use gensend::{Co, Gen, Interrupt, State, Step};

fn assert_send<T: Send>() {}
fn assert_sync<T: Sync>() {}
fn assert_send_value<T: Send>(_: &T) {}

#[test]
fn gen_with_send_body_is_send() {
    assert_send::<Gen<'static, i32>>();
    assert_send::<Gen<'static, String, Vec<u8>, Result<u32, String>, String>>();
    let shared = Arc::new(Mutex::new(Vec::<i32>::new()));
    let g: Gen<i32, i32> = Gen::new(|co| async move {
        loop {
            let x = co.yield_(0).await;
            shared.lock().unwrap().push(x);
        }
    });
    assert_send_value(&g);
}

#[test]
fn co_is_send_and_sync() {
    assert_send::<Co<'static, String, String, String>>();
    assert_sync::<Co<'static, String, String, String>>();
}

/// Records the thread each step of the body ran on.
fn on_threads(log: Arc<Mutex<Vec<(String, ThreadId)>>>) -> Gen<'static, String, String, usize> {
    Gen::new(|co: Co<'static, String, String>| async move {
        let record = |what: String| log.lock().unwrap().push((what, thread::current().id()));
        record("start".to_string());
        let mut total = 0;
        loop {
            match co.try_yield(format!("total {total}")).await {
                Ok(text) => {
                    total += text.len();
                    record(text);
                }
                Err(Interrupt::Exit) => {
                    record("exit".to_string());
                    return total;
                }
                Err(Interrupt::Throw(never)) => match never {},
            }
        }
    })
}

#[test]
fn suspended_generator_moves_to_another_thread_and_back() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut g = on_threads(log.clone());
    assert_eq!(g.start(), Ok(Step::Yielded("total 0".to_string())));
    let here = thread::current().id();

    let (mut g, there) = thread::spawn(move || {
        assert_eq!(g.state(), State::Suspended);
        assert_eq!(g.send("abc".to_string()), Ok(Step::Yielded("total 3".to_string())));
        (g, thread::current().id())
    })
    .join()
    .unwrap();
    assert_ne!(here, there);

    assert_eq!(g.send("de".to_string()), Ok(Step::Yielded("total 5".to_string())));
    assert_eq!(g.close(), Ok(Some(5)));
    let steps = log.lock().unwrap().clone();
    assert_eq!(
        steps,
        [
            ("start".to_string(), here),
            ("abc".to_string(), there),
            ("de".to_string(), here),
            ("exit".to_string(), here),
        ]
    );
}

#[test]
fn suspended_generator_dropped_on_another_thread_closes_there() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut g = on_threads(log.clone());
    g.start().unwrap();
    let there = thread::spawn(move || {
        drop(g);
        thread::current().id()
    })
    .join()
    .unwrap();
    let steps = log.lock().unwrap().clone();
    assert_eq!(steps.last(), Some(&("exit".to_string(), there)));
}

#[test]
fn borrowing_generator_moves_into_a_scoped_thread() {
    let words = vec!["alpha".to_string(), "beta".to_string()];
    let words = &words;
    let mut g: Gen<&str> = Gen::new(|co| async move {
        for word in words {
            co.yield_(word.as_str()).await;
        }
    });
    assert_eq!(g.next(), Some("alpha"));
    thread::scope(|scope| {
        scope.spawn(|| assert_eq!(g.next(), Some("beta")));
    });
    assert_eq!(g.next(), None);
}

#[test]
fn delegating_generator_moves_to_another_thread_mid_delegation() {
    let mut g: Gen<i32, (), i32> = Gen::new(|co| async move {
        let inner = Gen::new(|co| async move {
            co.yield_(1).await;
            co.yield_(2).await;
            10
        });
        let r = co.yield_from(inner).await;
        co.yield_(3).await;
        r + 1
    });
    assert_eq!(g.next(), Some(1));
    let mut g = thread::spawn(move || {
        assert_eq!(g.next(), Some(2));
        g
    })
    .join()
    .unwrap();
    assert_eq!(g.next(), Some(3));
    assert_eq!(g.next(), None);
    assert_eq!(g.take_return(), Some(11));
}

/// A body that is not `Send` makes a `LocalGen`, with the whole protocol.
#[test]
#[allow(clippy::await_holding_refcell_ref)] // holding a borrow across a yield is the point
fn local_gen_holds_rc_and_refcell_borrows_across_yields() {
    use std::cell::RefCell;
    use std::rc::Rc;

    let seen = Rc::new(RefCell::new(Vec::new()));
    let mut g: gensend::LocalGen<usize, &str, usize, &str> = Gen::throwable_local({
        let seen = seen.clone();
        |co: Co<'_, usize, &str, &str>| async move {
            loop {
                let count = seen.borrow().len();
                match co.try_yield(count).await {
                    Ok(word) => seen.borrow_mut().push(word.to_string()),
                    Err(Interrupt::Throw(word)) => {
                        let mut borrowed = seen.borrow_mut(); // held across the next yield
                        borrowed.push(format!("thrown {word}"));
                        co.yield_(borrowed.len()).await;
                    }
                    Err(Interrupt::Exit) => return seen.borrow().len(),
                }
            }
        }
    });
    assert_eq!(g.start(), Ok(Step::Yielded(0)));
    assert_eq!(g.send("a"), Ok(Step::Yielded(1)));
    assert_eq!(g.throw("b"), Ok(Step::Yielded(2)));
    assert!(seen.try_borrow().is_err(), "the body holds its borrow while suspended");
    assert_eq!(g.send("ignored"), Ok(Step::Yielded(2)));
    assert_eq!(g.close(), Ok(Some(2)));
    assert_eq!(*seen.borrow(), ["a", "thrown b"]);
}

/// A `LocalGen`'s body can delegate to a `Gen` and to another `LocalGen`.
#[test]
fn local_gen_delegates_to_both_kinds() {
    use std::rc::Rc;

    let mut outer: gensend::LocalGen<String, (), usize> = Gen::new_local(|co| async move {
        let prefix = Rc::new(String::from("via "));
        let send_kind: Gen<String, (), usize> = Gen::new(|co| async move {
            co.yield_("a Gen".to_string()).await;
            1
        });
        let local_kind: gensend::LocalGen<String, (), usize> = Gen::new_local({
            let prefix = prefix.clone();
            |co| async move {
                co.yield_(format!("{prefix}a LocalGen")).await;
                2
            }
        });
        let total = co.yield_from(send_kind).await + co.yield_from(local_kind).await;
        co.yield_(format!("{prefix}the outer body")).await;
        total
    });
    let items: Vec<String> = outer.by_ref().collect();
    assert_eq!(items, ["a Gen", "via a LocalGen", "via the outer body"]);
    assert_eq!(outer.take_return(), Some(3));
}
