//! The same workload, a running-total accumulator, written once per peer.
//!
//! Python: `def acc(): total = 0; while True: total += yield total`.
//! Every constructor returns the generator *created* (not started); `start_*`
//! runs it to its first yield. Shared by the three bench targets.
#![allow(dead_code)] // each bench target uses a different subset

use std::future::Future;
use std::hint::black_box;

use corosensei::{Coroutine as Stackful, CoroutineResult, Yielder};
use generator::{Generator, Gn};
use gensend::{Gen, Step};

/// The floor: a hand-written state machine behind a trait object.
pub trait Coroutine {
    /// Receives `s`, returns the next yielded value.
    fn resume(&mut self, s: i64) -> i64;
}

/// The accumulator as a hand-written state machine: its whole state is `total`.
pub struct Acc {
    total: i64,
}

impl Coroutine for Acc {
    fn resume(&mut self, s: i64) -> i64 {
        self.total += s;
        self.total
    }
}

/// The floor, boxed and type-erased like every other peer's state.
pub fn boxed() -> Box<dyn Coroutine> {
    Box::new(Acc { total: 0 })
}

/// gensend: `loop { total += co.yield_(total).await }`.
pub fn gensend() -> Gen<'static, i64, i64> {
    Gen::new(|co| async move {
        let mut total = 0i64;
        loop {
            total += co.yield_(total).await;
        }
    })
}

/// gensend, also reporting `size_of_val` of the body's future (the body's own
/// state, without gensend's bookkeeping around it).
pub fn gensend_with_future_size() -> (Gen<'static, i64, i64>, usize) {
    let mut size = 0;
    let g = Gen::new(|co| {
        let future = async move {
            let mut total = 0i64;
            loop {
                total += co.yield_(total).await;
            }
        };
        size = std::mem::size_of_val(&future);
        future
    });
    (g, size)
}

/// Python: `def chain(d): return (yield from chain(d - 1)) if d else (yield from acc())`,
/// with the accumulator itself at d = 0.
pub fn chain(d: usize) -> Gen<'static, i64, i64> {
    Gen::new(move |co| async move {
        if d == 0 {
            let mut total = 0i64;
            loop {
                total += co.yield_(total).await;
            }
        } else {
            co.yield_from(chain(d - 1)).await
        }
    })
}

/// Sends `s` into a started gensend accumulator.
#[inline]
pub fn gensend_send(g: &mut Gen<'static, i64, i64>, s: i64) -> i64 {
    match g.send(s) {
        Ok(Step::Yielded(y)) => y,
        _ => unreachable!("the accumulator never stops"),
    }
}

/// Runs a gensend accumulator to its first yield.
pub fn gensend_start(g: &mut Gen<'static, i64, i64>) -> i64 {
    match g.start() {
        Ok(Step::Yielded(y)) => y,
        _ => unreachable!("the accumulator yields first"),
    }
}

/// genawaiter's `rc` flavour (heap-allocated, `Rc<RefCell<..>>` airlock, not `Send`).
async fn genawaiter_acc(co: genawaiter::rc::Co<i64, i64>) {
    let mut total = 0i64;
    loop {
        total += co.yield_(total).await;
    }
}

/// genawaiter `rc` with its body as an unboxed `async fn` (what its docs show).
pub fn genawaiter() -> genawaiter::rc::Gen<i64, i64, impl Future<Output = ()>> {
    genawaiter::rc::Gen::new(genawaiter_acc)
}

/// Runs a genawaiter accumulator to its first yield (the argument is ignored).
pub fn genawaiter_start<F: Future<Output = ()>>(g: &mut genawaiter::rc::Gen<i64, i64, F>) -> i64 {
    genawaiter_send(g, 0)
}

/// Sends `s` into a started genawaiter accumulator.
#[inline]
pub fn genawaiter_send<F: Future<Output = ()>>(g: &mut genawaiter::rc::Gen<i64, i64, F>, s: i64) -> i64 {
    match g.resume_with(s) {
        genawaiter::GeneratorState::Yielded(y) => y,
        genawaiter::GeneratorState::Complete(()) => unreachable!("the accumulator never stops"),
    }
}

/// genawaiter's `sync` flavour: the safe way to get a `Send` generator. Its
/// airlock is an `Arc<Mutex<..>>`, locked on every resume and every yield.
async fn genawaiter_sync_acc(co: genawaiter::sync::Co<i64, i64>) {
    let mut total = 0i64;
    loop {
        total += co.yield_(total).await;
    }
}

/// genawaiter `sync` with its body as an unboxed `async fn`.
pub fn genawaiter_sync() -> genawaiter::sync::Gen<i64, i64, impl Future<Output = ()> + Send> {
    genawaiter::sync::Gen::new(genawaiter_sync_acc)
}

/// Runs a genawaiter `sync` accumulator to its first yield (the argument is ignored).
pub fn genawaiter_sync_start<F: Future<Output = ()>>(g: &mut genawaiter::sync::Gen<i64, i64, F>) -> i64 {
    genawaiter_sync_send(g, 0)
}

/// Sends `s` into a started genawaiter `sync` accumulator.
#[inline]
pub fn genawaiter_sync_send<F: Future<Output = ()>>(
    g: &mut genawaiter::sync::Gen<i64, i64, F>,
    s: i64,
) -> i64 {
    match g.resume_with(s) {
        genawaiter::GeneratorState::Yielded(y) => y,
        genawaiter::GeneratorState::Complete(()) => unreachable!("the accumulator never stops"),
    }
}

/// Compile-time check: the two `Send` peers really are `Send` (genawaiter `rc`
/// is not: it holds an `Rc`). Never called.
fn _send_peers_are_send() {
    fn is_send<T: Send>(_: &T) {}
    is_send(&gensend());
    is_send(&genawaiter_sync());
}

/// corosensei (stackful; default stack: 1 MiB of address space from `mmap`).
pub type Corosensei = Stackful<i64, i64, ()>;

/// corosensei with its default stack.
pub fn corosensei() -> Corosensei {
    Stackful::new(|yielder: &Yielder<i64, i64>, _first: i64| {
        let mut total = 0i64;
        loop {
            total += yielder.suspend(total);
        }
    })
}

/// Sends `s` into a corosensei accumulator (the first resume starts it).
#[inline]
pub fn corosensei_send(c: &mut Corosensei, s: i64) -> i64 {
    match c.resume(s) {
        CoroutineResult::Yield(y) => y,
        CoroutineResult::Return(()) => unreachable!("the accumulator never stops"),
    }
}

/// The `generator` crate's default stack, in `usize` words (32 KiB).
pub const GENERATOR_DEFAULT_STACK: usize = generator::DEFAULT_STACK_SIZE;

/// `generator` crate (stackful) with a stack of `words` machine words.
pub fn generator(words: usize) -> Generator<'static, i64, i64> {
    Gn::<i64>::new_scoped_opt(words, |mut scope| {
        let mut total = 0i64;
        loop {
            total += scope.yield_(total).unwrap_or(0);
        }
    })
}

/// Runs a `generator` accumulator to its first yield.
pub fn generator_start(g: &mut Generator<'static, i64, i64>) -> i64 {
    g.resume().expect("the accumulator yields first")
}

/// Sends `s` into a started `generator` accumulator.
#[inline]
pub fn generator_send(g: &mut Generator<'static, i64, i64>, s: i64) -> i64 {
    g.send(s)
}

// One life cycle per peer: create, start, send one value, drop while suspended.
// Each returns what was yielded. The floor has no separate start (its initial
// state already is "at the first yield"): box it, resume once, drop the box.

/// The floor's life cycle.
#[inline]
pub fn boxed_lifecycle() -> i64 {
    black_box(boxed()).resume(black_box(1))
}

/// gensend's life cycle; the drop of the suspended generator closes it (the
/// body unwinds).
#[inline]
pub fn gensend_lifecycle() -> i64 {
    let mut g = black_box(gensend());
    gensend_start(&mut g) + gensend_send(&mut g, black_box(1))
}

/// genawaiter `rc`'s life cycle; the drop just drops the suspended future.
#[inline]
pub fn genawaiter_lifecycle() -> i64 {
    let mut g = black_box(genawaiter());
    genawaiter_start(&mut g) + genawaiter_send(&mut g, black_box(1))
}

/// genawaiter `sync`'s life cycle; the drop drops the future and the `Arc<Mutex>` airlock.
#[inline]
pub fn genawaiter_sync_lifecycle() -> i64 {
    let mut g = black_box(genawaiter_sync());
    genawaiter_sync_start(&mut g) + genawaiter_sync_send(&mut g, black_box(1))
}

/// corosensei's life cycle; the drop force-unwinds the suspended stack and unmaps it.
#[inline]
pub fn corosensei_lifecycle() -> i64 {
    let mut g = black_box(corosensei());
    corosensei_send(&mut g, 0) + corosensei_send(&mut g, black_box(1))
}

/// `generator`'s life cycle (default stack); the drop cancels it: a panic
/// unwinds the suspended stack, which is then unmapped.
#[inline]
pub fn generator_lifecycle() -> i64 {
    let mut g = black_box(generator(GENERATOR_DEFAULT_STACK));
    generator_start(&mut g) + generator_send(&mut g, black_box(1))
}
