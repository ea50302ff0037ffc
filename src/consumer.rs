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
//! use gensend::{Gen, Interrupt, consumer};
//!
//! // A sink: averages what it is sent, returns the mean when closed.
//! fn averager<'a>() -> Gen<'a, (), f64, Option<f64>> {
//!     consumer(|co| async move {
//!         let (mut sum, mut n) = (0.0, 0.0);
//!         loop {
//!             match co.try_yield(()).await {
//!                 Ok(x) => (sum, n) = (sum + x, n + 1.0),
//!                 Err(Interrupt::Exit) => return (n > 0.0).then(|| sum / n),
//!                 Err(Interrupt::Throw(never)) => match never {},
//!             }
//!         }
//!     })
//!     .expect("the averager waits for input")
//! }
//!
//! // A stage: doubles what it is sent, forwards it, and on close returns the
//! // sink's result.
//! fn doubler<'a>(mut sink: Gen<'a, (), f64, Option<f64>>) -> Gen<'a, (), f64, Option<f64>> {
//!     consumer(|co| async move {
//!         loop {
//!             match co.try_yield(()).await {
//!                 Ok(x) => {
//!                     sink.send(2.0 * x).expect("the averager only stops when closed");
//!                 }
//!                 Err(Interrupt::Exit) => return sink.close().ok().flatten().flatten(),
//!                 Err(Interrupt::Throw(never)) => match never {},
//!             }
//!         }
//!     })
//!     .expect("the doubler waits for input")
//! }
//!
//! let mut head = doubler(averager());
//! head.send(1.0).unwrap();
//! head.send(2.0).unwrap();
//! assert_eq!(head.close(), Ok(Some(Some(3.0))));
//! ```

use core::convert::Infallible;
use core::fmt;
use core::future::Future;

use crate::{Co, Gen, Step};

/// Makes a generator from a body that yields nothing (`Y = ()`) and primes it:
/// the body runs to its first yield now, so the generator is ready for `send`.
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
/// `Gen::new_local(body).primed()` ([`Gen::primed`]).
///
/// Type inference does not see through the `Result` to the sent type `S`: if
/// the body calls a method on a received value, annotate it
/// (`let line: String = co.yield_(()).await;`) or the binding
/// (`let made: Result<Gen<(), String>, _> = consumer(...);`).
///
/// Returns `Err(EarlyReturn { value })` if the body returns before its first
/// yield (CPython's `@consumer` raises `StopIteration(value)` from the
/// constructor call there). A panic in the body before its first yield
/// propagates out of this call.
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
/// let mut log = consumer(|co| async move {
///     loop {
///         let message: &str = co.yield_(()).await;
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
/// A body that yields a value is rejected at compile time, so the first value
/// cannot be dropped (seed rule R10):
///
/// ```compile_fail,E0308
/// use gensend::consumer;
///
/// let g = consumer(|co| async move {
///     let x: i32 = co.yield_(1).await; // a meaningful first value: not a consumer
///     co.yield_(x * 2).await;
/// });
/// ```
///
/// A body that returns before its first yield hands its value back:
///
/// ```
/// use gensend::{EarlyReturn, Gen, consumer};
///
/// let capacity = 0;
/// let made: Result<Gen<(), u8, Result<(), &str>>, _> = consumer(|co| async move {
///     if capacity == 0 {
///         return Err("capacity must be positive");
///     }
///     loop {
///         co.yield_(()).await;
///     }
/// });
/// assert!(matches!(made, Err(EarlyReturn { value: Err("capacity must be positive") })));
/// ```
pub fn consumer<'a, S, R, F, B>(body: F) -> Result<Gen<'a, (), S, R>, EarlyReturn<R>>
where
    S: Send + 'a,
    R: Send + 'a,
    F: FnOnce(Co<'a, (), S, Infallible>) -> B,
    B: Future<Output = R> + Send + 'a,
{
    Gen::new(body).primed()
}

/// Like [`consumer`], for a body that can be thrown into with values of type `E`.
///
/// ```
/// use gensend::{Interrupt, Step, throwable_consumer};
///
/// // A batcher: collects what it is sent; `throw(Flush)` hands the batch so far
/// // back as the body's return value.
/// struct Flush;
/// let mut batcher = throwable_consumer(|co| async move {
///     let mut batch: Vec<u32> = Vec::new();
///     loop {
///         match co.try_yield(()).await {
///             Ok(x) => batch.push(x),
///             Err(Interrupt::Throw(Flush)) | Err(Interrupt::Exit) => return batch,
///         }
///     }
/// })
/// .unwrap_or_else(|_| unreachable!("the batcher yields before returning"));
///
/// batcher.send(1).unwrap();
/// batcher.send(2).unwrap();
/// assert!(matches!(batcher.throw(Flush), Ok(Step::Complete(batch)) if batch == [1, 2]));
/// ```
pub fn throwable_consumer<'a, S, R, E, F, B>(body: F) -> Result<Gen<'a, (), S, R, E>, EarlyReturn<R>>
where
    S: Send + 'a,
    R: Send + 'a,
    E: Send + 'a,
    F: FnOnce(Co<'a, (), S, E>) -> B,
    B: Future<Output = R> + Send + 'a,
{
    Gen::throwable(body).primed()
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

impl<R: fmt::Debug> core::error::Error for EarlyReturn<R> {}
