//! Where a body's return value lives between its return and `take_return`
//! (in place of the body, in the generator's one allocation), and that it is
//! dropped exactly once on every path: taken, left in a dropped generator,
//! or caught in a panic of the body's own `Drop`. Also: a body whose
//! construction panics leaves nothing behind. (Run under Miri too, which
//! also checks for leaks.)

use std::cell::Cell;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use gensend::{Gen, LocalGen, State, Step};

/// Counts its drops.
struct Counted(Rc<Cell<u32>>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

fn counter() -> Rc<Cell<u32>> {
    Rc::new(Cell::new(0))
}

/// A generator that yields 1, then returns a value counted in `drops`.
fn yields_once_then_returns(drops: &Rc<Cell<u32>>) -> LocalGen<'static, u8, (), Counted> {
    let drops = drops.clone();
    Gen::new_local(|co| async move {
        co.yield_(1).await;
        Counted(drops)
    })
}

/// A body that returns `value` when first polled, and whose own `Drop` panics.
struct ReturnsThenPanicsOnDrop(Option<Counted>);

impl Future for ReturnsThenPanicsOnDrop {
    type Output = Counted;
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Counted> {
        Poll::Ready(self.0.take().expect("polled once"))
    }
}

impl Drop for ReturnsThenPanicsOnDrop {
    fn drop(&mut self) {
        panic!("the body's drop panics");
    }
}

#[test]
fn a_taken_return_value_is_the_callers_alone() {
    let drops = counter();
    let mut g: LocalGen<(), (), Counted> = Gen::new_local({
        let drops = drops.clone();
        |co| async move {
            co.yield_(()).await;
            Counted(drops)
        }
    });
    g.start().unwrap();
    g.send(()).unwrap(); // returns: `send` takes the value out
    assert_eq!(g.take_return().map(drop), None, "already taken by send");
    drop(g);
    assert_eq!(drops.get(), 1, "dropped once, by the caller");
}

#[test]
fn a_return_value_left_in_a_dropped_generator_is_dropped_once() {
    let drops = counter();
    let mut g = yields_once_then_returns(&drops);
    // Iterating leaves the return value in the generator.
    assert_eq!(g.by_ref().collect::<Vec<_>>(), [1]);
    assert_eq!(g.state(), State::Closed);
    assert_eq!(drops.get(), 0, "kept until taken or dropped");
    drop(g);
    assert_eq!(drops.get(), 1);
}

#[test]
fn a_return_value_is_taken_once_then_none() {
    let drops = counter();
    let mut g = yields_once_then_returns(&drops);
    g.by_ref().for_each(drop);
    let value = g.take_return().expect("the body returned");
    assert!(g.take_return().is_none());
    assert_eq!(drops.get(), 0);
    drop(value);
    drop(g);
    assert_eq!(drops.get(), 1);
}

#[test]
fn a_panicking_drop_of_a_returned_body_drops_its_value_once_and_closes() {
    let drops = counter();
    let mut g: LocalGen<(), (), Counted> =
        Gen::new_local(|_co| ReturnsThenPanicsOnDrop(Some(Counted(drops.clone()))));
    let panicked = catch_unwind(AssertUnwindSafe(|| g.start()));
    assert!(panicked.is_err(), "the body's drop panic propagates");
    assert_eq!(g.state(), State::Closed);
    assert!(g.take_return().is_none(), "C5: a generator that panicked holds nothing");
    assert_eq!(drops.get(), 1, "the value was dropped, once");
    drop(g);
    assert_eq!(drops.get(), 1);
}

#[test]
fn a_body_whose_construction_panics_leaves_nothing_behind() {
    let drops = counter();
    let captured = Counted(drops.clone());
    let made = catch_unwind(AssertUnwindSafe(|| {
        let _g: LocalGen<()> = Gen::new_local(move |co| {
            let captured = captured;
            if drops_panic() {
                panic!("building the body panics");
            }
            async move {
                co.yield_(()).await;
                drop(captured);
            }
        });
    }));
    assert!(made.is_err());
    assert_eq!(drops.get(), 1, "the closure's capture was dropped, once");
}

/// Keeps the compiler from seeing that the construction always panics.
fn drops_panic() -> bool {
    std::hint::black_box(true)
}

#[test]
fn a_generator_made_after_a_failed_construction_works() {
    let _ = catch_unwind(|| {
        let _g: Gen<u8> = Gen::new(|_co| -> std::future::Ready<()> { panic!("no body") });
    });
    let mut g: Gen<u8, u8, u8> = Gen::new(|co| async move { co.yield_(1).await + 1 });
    assert_eq!(g.start(), Ok(Step::Yielded(1)));
    assert_eq!(g.send(4), Ok(Step::Complete(5)));
}
