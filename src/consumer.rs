//! Auto-primed consumers (PROTOCOL.md E1): generators that are ready for `send`
//! as soon as they are made.
//!
//! # Why this is not Python's `@consumer`
//!
//! A generator must be primed (run to its first yield) before `send` can deliver
//! anything, so Python code often wraps generator functions in a decorator that
//! calls `next()` once at construction:
//!
//! ```python
//! def consumer(func):
//!     def wrapper(*args, **kwargs):
//!         gen = func(*args, **kwargs)
//!         next(gen)  # advance to the first yield
//!         return gen
//!     return wrapper
//! ```
//!
//! `next()` returns the value of the first yield, and the decorator throws it
//! away. For a pure sink (`item = yield`) that value is `None` and nothing is
//! lost; for a generator whose first yield means something
//! (`x = yield "FIRST (meaningful)"`), the caller never sees it, and nothing
//! says so: the first value the caller sees is the *second* yield's. (That is
//! seed example 13 and rule R10 of the project's seed examples; CPython 3.11
//! and 3.13 both print `first value the caller sees: 'got hi'`.)
//!
//! [`consumer`] and [`throwable_consumer`] prime too, but only accept bodies
//! whose yields carry no value (`Y = ()`): there is nothing to discard, and a
//! body that yields something meaningful does not compile. A generator that
//! yields values is primed by hand with [`Gen::start`], which returns the first
//! value instead of dropping it.
//!
//! # A body that returns before its first yield
//!
//! Then priming finishes the generator: CPython's decorator lets the
//! `StopIteration(value)` escape from the constructor call. Here the call
//! returns `Err(EarlyReturn { value })`: the value is handed back rather than
//! lost, and no half-made generator escapes. (It cannot be left in the `Gen`
//! for [`Gen::take_return`]: `start` hands a return value to its caller.)
//!
//! # Pipelines (PROTOCOL.md E2)
//!
//! Consumers compose into pipelines: a stage owns its downstream `Gen` and
//! forwards with `send`; on `Exit` it closes its downstream and returns what
//! that `close()` returned, so the sink's result comes back from the head's
//! `close()` (the use case behind CPython 3.13's change to `close()`). See
//! `examples/pipeline.rs` and `tests/pipeline.rs`.
//!
//! ```
//! use gensend::{Gen, consumer};
//!
//! // A sink: averages what it is sent, returns the mean when closed.
//! fn averager<'a>() -> Gen<'a, (), f64, Option<f64>> {
//!     consumer::<f64, _>(|co| async move {
//!         let (mut sum, mut n) = (0.0, 0.0);
//!         while let Some(x) = co.yield_or_exit(()).await {
//!             (sum, n) = (sum + x, n + 1.0);
//!         }
//!         (n > 0.0).then(|| sum / n)
//!     })
//!     .expect("the averager waits for input")
//! }
//!
//! // A stage: doubles what it is sent, forwards it, and on close returns the
//! // sink's result.
//! fn doubler<'a>(mut sink: Gen<'a, (), f64, Option<f64>>) -> Gen<'a, (), f64, Option<f64>> {
//!     consumer::<f64, _>(|co| async move {
//!         while let Some(x) = co.yield_or_exit(()).await {
//!             sink.send(2.0 * x).expect("the averager only stops when closed");
//!         }
//!         sink.finish().expect("the averager returns when closed")
//!     })
//!     .expect("the doubler waits for input")
//! }
//!
//! let mut head = doubler(averager());
//! head.send(1.0).unwrap();
//! head.send(2.0).unwrap();
//! assert_eq!(head.finish(), Ok(Some(3.0)));
//! ```

use core::convert::Infallible;
use core::fmt;
use core::future::Future;

use crate::{Co, Gen, Step};

/// Makes a generator from a body that yields nothing (`Y = ()`) and primes it:
/// the body runs to its first yield now, so the generator is ready for `send`.
///
/// Name the sent type first, `consumer::<S, _>` (the `_` is the return type,
/// which Rust infers): Rust infers a closure's types before it sees how the
/// generator is used, so a body that calls a method on a value sent in needs
/// `S` named up front.
///
/// ```
/// use gensend::consumer;
///
/// let mut lines = consumer::<String, _>(|co| async move {
///     let mut longest = String::new();
///     while let Some(line) = co.yield_or_exit(()).await {
///         if line.trim().len() > longest.len() {
///             longest = line.trim().to_string();
///         }
///     }
///     longest
/// })
/// .expect("waits for lines");
/// lines.send(" a ".to_string()).unwrap();
/// lines.send("abc".to_string()).unwrap();
/// assert_eq!(lines.finish(), Ok("abc".to_string()));
/// ```
///
/// Without the turbofish the same body does not compile (`type annotations
/// needed`, then errors about `str` that point away from the cause):
///
/// ```compile_fail,E0282
/// use gensend::consumer;
///
/// let lines = consumer(|co| async move {
///     let mut partial = String::new();
///     while let Some(chunk) = co.yield_or_exit(()).await {
///         partial.push_str(&chunk);
///     }
///     partial
/// });
/// ```
///
/// Priming cannot discard a meaningful value, because the only value a consumer
/// can yield is `()`. Python's `@consumer` decorator calls `next()` once and
/// drops what it returns, so a generator whose first yield means something
/// (`x = yield "FIRST"`) silently loses it (seed rule R10); here such a body
/// does not compile. Prime a generator that yields values with [`Gen::start`],
/// which returns the first value instead of dropping it.
///
/// The body cannot be thrown into; see [`throwable_consumer`] for one that can.
/// A body that is not `Send` makes a local consumer with
/// `Gen::<(), S>::new_local(body).primed()` ([`Gen::primed`]).
///
/// Returns `Err(EarlyReturn { value })` if the body returns before its first
/// yield (CPython's `@consumer` raises `StopIteration(value)` from the
/// constructor call there). [`EarlyReturn`] is `Debug` whatever `R` is, so
/// `.expect(..)` works in generic code. A panic in the body before its first
/// yield propagates out of this call.
///
/// ```
/// use gensend::{State, Step, consumer};
/// use std::sync::{Arc, Mutex};
///
/// // Python (seed 13):
/// // @consumer
/// // def logger(prefix):
/// //     while True:
/// //         message = (yield)
/// //         print(f"[{prefix}] {message}")
/// let lines = Arc::new(Mutex::new(Vec::new()));
/// let out = Arc::clone(&lines);
/// let mut log = consumer::<&str, _>(|co| async move {
///     loop {
///         let message = co.yield_(()).await;
///         out.lock().unwrap().push(format!("[INFO] {message}"));
///     }
/// })
/// .expect("the logger waits for messages");
///
/// assert_eq!(log.state(), State::Suspended); // primed: no start() needed
/// assert_eq!(log.send("Server started"), Ok(Step::Yielded(())));
/// log.send("Request received").unwrap();
/// assert_eq!(*lines.lock().unwrap(), ["[INFO] Server started", "[INFO] Request received"]);
/// ```
///
/// A generic stage (a reusable function over any `T`) needs no `Debug` bound
/// to `.expect()` its construction:
///
/// ```
/// use gensend::{Gen, consumer};
///
/// fn collect_into<'a, T: Send + 'a>() -> Gen<'a, (), T, Vec<T>> {
///     consumer::<T, _>(|co| async move {
///         let mut items = Vec::new();
///         while let Some(item) = co.yield_or_exit(()).await {
///             items.push(item);
///         }
///         items
///     })
///     .expect("collect_into waits for input")
/// }
/// let mut sink = collect_into::<u8>();
/// sink.send(7).unwrap();
/// assert_eq!(sink.finish(), Ok(vec![7]));
/// ```
///
/// A body that yields a value is rejected at compile time, so the first value
/// cannot be dropped (seed rule R10):
///
/// ```compile_fail,E0308
/// use gensend::consumer;
///
/// let g = consumer::<i32, _>(|co| async move {
///     let x = co.yield_(1).await; // a meaningful first value: not a consumer
///     co.yield_(x * 2).await;
/// });
/// ```
///
/// A body that returns before its first yield hands its value back:
///
/// ```
/// use gensend::{EarlyReturn, consumer};
///
/// let capacity = 0;
/// let made = consumer::<u8, Result<(), &str>>(|co| async move {
///     if capacity == 0 {
///         return Err("capacity must be positive");
///     }
///     loop {
///         co.yield_(()).await;
///     }
/// });
/// assert!(matches!(made, Err(EarlyReturn { value: Err("capacity must be positive") })));
/// ```
pub fn consumer<'a, S, R>(body: impl ConsumerBody<'a, S, R>) -> Result<Gen<'a, (), S, R>, EarlyReturn<R>>
where
    S: Send + 'a,
    R: Send + 'a,
{
    Gen::new(body).primed()
}

/// Like [`consumer`], for a body that can be thrown into with values of type `E`:
/// `throwable_consumer::<S, _, E>(body)`.
///
/// ```
/// use gensend::{Interrupt, Step, throwable_consumer};
///
/// // A batcher: collects what it is sent; `throw(Flush)` hands the batch so far
/// // back as the body's return value.
/// struct Flush;
/// let mut batcher = throwable_consumer::<u32, _, Flush>(|co| async move {
///     let mut batch = Vec::new();
///     loop {
///         match co.try_yield(()).await {
///             Ok(x) => batch.push(x),
///             Err(Interrupt::Throw(Flush)) | Err(Interrupt::Exit) => return batch,
///         }
///     }
/// })
/// .expect("the batcher yields before returning");
///
/// batcher.send(1).unwrap();
/// batcher.send(2).unwrap();
/// assert!(matches!(batcher.throw(Flush), Ok(Step::Complete(batch)) if batch == [1, 2]));
/// ```
pub fn throwable_consumer<'a, S, R, E>(
    body: impl ConsumerBody<'a, S, R, E>,
) -> Result<Gen<'a, (), S, R, E>, EarlyReturn<R>>
where
    S: Send + 'a,
    R: Send + 'a,
    E: Send + 'a,
{
    Gen::throwable(body).primed()
}

/// The body of a [`consumer`]: a closure that takes the handle and returns a
/// `Send` future. Every such closure is one; the trait exists so that
/// `consumer::<S, _>` names the sent type without naming the closure's types.
///
/// ```
/// use gensend::{Co, ConsumerBody};
///
/// fn takes_body<'a>(body: impl ConsumerBody<'a, u32, u32>) -> impl ConsumerBody<'a, u32, u32> { body }
/// let body = takes_body(|co: Co<'_, (), u32>| async move { co.yield_(()).await });
/// let mut g = gensend::consumer(body).expect("yields first");
/// assert_eq!(g.send(5), Ok(gensend::Step::Complete(5)));
/// ```
pub trait ConsumerBody<'a, S, R, E = Infallible>: FnOnce(Co<'a, (), S, E>) -> Self::Future {
    /// The future the closure returns: the body itself.
    type Future: Future<Output = R> + Send + 'a;
}

impl<'a, S, R, E, F, B> ConsumerBody<'a, S, R, E> for F
where
    F: FnOnce(Co<'a, (), S, E>) -> B,
    B: Future<Output = R> + Send + 'a,
{
    type Future = B;
}

impl<'a, S, R, E, K> Gen<'a, (), S, R, E, K> {
    /// Primes a generator whose yields carry no value: runs a `Created` body to
    /// its first yield, so that it is ready for `send`. This is [`consumer`] for
    /// any generator, a [`LocalGen`](crate::LocalGen) included. A generator that
    /// has already started (or is closed) comes back as it is.
    ///
    /// Returns `Err(EarlyReturn { value })` if the body returns before its first
    /// yield. A panic in the body before its first yield propagates.
    ///
    /// ```
    /// use gensend::{Gen, LocalGen, State};
    /// use std::{cell::RefCell, rc::Rc};
    ///
    /// // A local consumer: it appends what it is sent to a shared, non-`Send` log.
    /// let log = Rc::new(RefCell::new(Vec::new()));
    /// let sink = Rc::clone(&log);
    /// let mut g: LocalGen<(), &str> = Gen::new_local(|co| async move {
    ///     loop {
    ///         let line = co.yield_(()).await;
    ///         sink.borrow_mut().push(line);
    ///     }
    /// })
    /// .primed()
    /// .expect("the body waits for input");
    ///
    /// assert_eq!(g.state(), State::Suspended);
    /// g.send("hello").unwrap();
    /// assert_eq!(*log.borrow(), ["hello"]);
    /// ```
    pub fn primed(mut self) -> Result<Self, EarlyReturn<R>> {
        match self.start() {
            Ok(Step::Complete(value)) => Err(EarlyReturn { value }),
            Ok(Step::Yielded(())) | Err(_) => Ok(self),
        }
    }
}

/// The body of a [`consumer`] returned before its first yield, so there is no
/// consumer; here is its return value.
///
/// ```
/// use gensend::{EarlyReturn, Gen, consumer};
///
/// let made: Result<Gen<(), i32, &str>, _> = consumer(|_co| async move { "done already" });
/// let early = made.err().unwrap();
/// assert_eq!(early, EarlyReturn { value: "done already" });
/// assert_eq!(early.to_string(), "generator returned before its first yield");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EarlyReturn<R> {
    /// What the body returned.
    pub value: R,
}

impl<R> EarlyReturn<R> {
    /// The exception CPython's `@consumer` decorator raises in the same
    /// situation (its priming `next()` raises it out of the constructor call).
    ///
    /// ```
    /// assert_eq!(gensend::EarlyReturn { value: () }.python_exception(), "StopIteration");
    /// ```
    pub fn python_exception(&self) -> &'static str {
        "StopIteration"
    }
}

impl<R> fmt::Display for EarlyReturn<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("generator returned before its first yield")
    }
}

/// Does not need `R: Debug`, so that a generic stage can `.expect()` its
/// [`consumer`]:
///
/// ```
/// struct Opaque; // not Debug
/// assert_eq!(format!("{:?}", gensend::EarlyReturn { value: Opaque }), "EarlyReturn { .. }");
/// ```
impl<R> fmt::Debug for EarlyReturn<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EarlyReturn").finish_non_exhaustive()
    }
}

impl<R> core::error::Error for EarlyReturn<R> {}
