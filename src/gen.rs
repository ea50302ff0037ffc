//! [`Gen`], the driver: it owns the body and implements the protocol.
//!
//! The driver, not the body, does all resuming. When a body delegates with
//! `yield_from`, the delegate's core is handed to the *outermost* driver, which
//! keeps the whole chain as an explicit stack and resumes the innermost level
//! directly (a trampoline). A level is touched only when its delegate returns or
//! an interrupt escapes into it, so a resume costs the same at depth 1 and at
//! depth 1,000,000, and nothing recurses on the machine stack: not resuming, not
//! propagating `throw`/`close`, not dropping.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::convert::Infallible;
use core::fmt;
use core::future::Future;
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::panic::Location;
use core::pin::Pin;

use crate::chain::{self, Chain, Outcome, Stack, Unwind};
use crate::co::Co;
use crate::error::{IgnoredExit, SendError, StartError};
use crate::misuse::Misuse;
use crate::raw::{self, CoreBox, Event, Input, Level, Levels, Resume};
use crate::state::{Frame, State, Step};

/// A two-way generator with Python's complete protocol.
///
/// `Y` is yielded, `S` sent in, `R` returned, `E` thrown in. The body is an
/// `async` block given a [`Co`] handle; creating a `Gen` runs none of it.
///
/// | call | `Created` | `Suspended` | `Closed` |
/// |---|---|---|---|
/// | [`start`](Gen::start) | run to first yield | `Err(AlreadyStarted)` | `Err(Closed)` |
/// | [`send(s)`](Gen::send) | `Err(NotStarted(s))` | resume with `s` | `Err(Closed(s))` |
/// | [`throw(e)`](Gen::throw) | `Err(e)`, now closed | raise `e` at the point | `Err(e)` |
/// | [`close`](Gen::close) | `Ok(None)`, now closed | raise `Exit` at the point | `Ok(None)` |
/// | drop | nothing runs | like `close` | nothing |
///
/// `Gen` boxes once, at creation, and never allocates per resume. It is `Send`
/// (the body must be), so a suspended generator can move to another thread. A
/// body holding something that is not `Send` across a yield is rejected; such a
/// body makes a [`LocalGen`] instead ([`Gen::new_local`]):
///
/// ```compile_fail,E0277
/// use gensend::Gen;
/// use std::rc::Rc;
///
/// let g: Gen<i32> = Gen::new(|co| async move {
///     let shared = Rc::new(1);
///     co.yield_(*shared).await;
///     drop(shared);
/// });
/// ```
///
/// ```
/// use gensend::{Gen, Step};
///
/// // Python:
/// // def accumulator():
/// //     total = 0
/// //     try:
/// //         while True: total += yield total
/// //     except GeneratorExit:
/// //         return total
/// let mut acc = Gen::<i32, i32, i32>::new(|co| async move {
///     let mut total = 0;
///     while let Some(value) = co.yield_or_exit(total).await {
///         total += value;
///     }
///     total
/// });
/// assert_eq!(acc.start(), Ok(Step::Yielded(0)));
/// assert_eq!(acc.send(10), Ok(Step::Yielded(10)));
/// assert_eq!(acc.send(8), Ok(Step::Yielded(18)));
/// assert_eq!(acc.finish(), Ok(18)); // CPython 3.13's close() returns it too
/// ```
///
/// The same body as a consumer, and with a thrown type, are in [`consumer`](crate::consumer())
/// and [`Gen::throwable`]; [`Gen::resume`] drives a generator whatever its state.
pub struct Gen<'a, Y, S = (), R = (), E = Infallible, K = Sendable> {
    /// The outermost body. `None` only once handed over to a `yield_from`.
    core: Option<CoreBox<'a, Y, S, E, R>>,
    /// The delegation chain above `core`, innermost last.
    stack: Stack<Y, S, E>,
    /// Whether the bodies are `Send` (see [`Sendable`], [`Local`]).
    _kind: PhantomData<fn() -> K>,
}

/// The kind of a [`Gen`] whose bodies are all `Send`, which makes it `Send`: the
/// default, made by [`Gen::new`] and [`Gen::throwable`].
///
/// ```
/// use gensend::{Gen, Sendable};
///
/// let g: Gen<i32, (), (), core::convert::Infallible, Sendable> = Gen::new(|co| async move {
///     co.yield_(1).await;
/// });
/// std::thread::spawn(move || assert_eq!(g.collect::<Vec<_>>(), [1])).join().unwrap();
/// ```
#[derive(Debug)]
pub enum Sendable {}

/// The kind of a [`LocalGen`]: its body need not be `Send`, and the generator
/// is not. Made by [`Gen::new_local`] and [`Gen::throwable_local`].
///
/// ```
/// use gensend::{Gen, Local, LocalGen};
/// use std::rc::Rc;
///
/// let shared = Rc::new(5);
/// let g: LocalGen<Rc<i32>> = Gen::new_local(|co| async move {
///     co.yield_(shared.clone()).await;
/// });
/// let _same_type: Gen<Rc<i32>, (), (), core::convert::Infallible, Local> = g;
/// ```
#[derive(Debug)]
pub enum Local {}

/// A generator whose body need not be `Send` (it may hold an `Rc`, or a
/// `RefCell` borrow, across a yield); it is not `Send` itself. Everything else
/// is as for [`Gen`], whose methods it has.
///
/// ```
/// use gensend::{Gen, LocalGen, Step};
/// use std::cell::RefCell;
/// use std::rc::Rc;
///
/// let log = Rc::new(RefCell::new(Vec::new()));
/// let mut g: LocalGen<usize, &str> = Gen::new_local({
///     let log = log.clone();
///     |co| async move {
///         loop {
///             let count = log.borrow().len();
///             let line: &str = co.yield_(count).await;
///             log.borrow_mut().push(line.to_string());
///         }
///     }
/// });
/// assert_eq!(g.start(), Ok(Step::Yielded(0)));
/// assert_eq!(g.send("hello"), Ok(Step::Yielded(1)));
/// assert_eq!(*log.borrow(), ["hello"]);
/// ```
///
/// A `LocalGen` cannot move to another thread:
///
/// ```compile_fail,E0277
/// use gensend::{Gen, LocalGen};
///
/// let g: LocalGen<i32> = Gen::new_local(|co| async move { co.yield_(1).await });
/// std::thread::spawn(move || drop(g));
/// ```
///
/// and the body of a `Gen`, which must be `Send`, cannot delegate to one (a
/// `LocalGen`'s body can delegate to either kind):
///
/// ```compile_fail,E0277
/// use gensend::Gen;
///
/// let g: Gen<i32> = Gen::new(|co| async move {
///     co.yield_from(Gen::new_local(|co| async move { co.yield_(1).await })).await;
/// });
/// ```
pub type LocalGen<'a, Y, S = (), R = (), E = Infallible> = Gen<'a, Y, S, R, E, Local>;

impl<'a, Y: Send + 'a, S: Send + 'a, R: Send + 'a> Gen<'a, Y, S, R, Infallible, Sendable> {
    /// Makes a generator from a body that cannot be thrown into (`E = Infallible`;
    /// see [`Gen::throwable`]). Runs none of the body.
    ///
    /// Rust infers a closure's types before it sees how the generator is used
    /// later (even before it reads a type written on the binding), so a body
    /// that calls methods on the values sent in needs the types named up front,
    /// with a turbofish (`Gen::<Y, S>::new`) or on the value received:
    ///
    /// ```
    /// use gensend::{Gen, Step};
    ///
    /// let mut lengths = Gen::<usize, String>::new(|co| async move {
    ///     let mut line = co.yield_(0).await;
    ///     loop {
    ///         line = co.yield_(line.trim().len()).await;
    ///     }
    /// });
    /// lengths.start().unwrap();
    /// assert_eq!(lengths.send(" hi ".to_string()), Ok(Step::Yielded(2)));
    /// ```
    ///
    /// ```
    /// use gensend::Gen;
    ///
    /// let squares: Gen<u64> = Gen::new(|co| async move {
    ///     for i in 1..=4 {
    ///         co.yield_(i * i).await;
    ///     }
    /// });
    /// assert_eq!(squares.collect::<Vec<_>>(), [1, 4, 9, 16]);
    /// ```
    pub fn new<F, B>(body: F) -> Self
    where
        F: FnOnce(Co<'a, Y, S, Infallible>) -> B,
        B: Future<Output = R> + Send + 'a,
    {
        Self::throwable(body)
    }
}

impl<'a, Y: Send + 'a, S: Send + 'a, R: Send + 'a, E: Send + 'a> Gen<'a, Y, S, R, E, Sendable> {
    /// Makes a generator that can be thrown into with values of type `E`. Runs
    /// none of the body.
    ///
    /// ```
    /// use gensend::{Gen, Interrupt, Step};
    ///
    /// #[derive(Debug, PartialEq)]
    /// struct ValueError(&'static str);
    ///
    /// let mut g = Gen::throwable(|co| async move {
    ///     loop {
    ///         match co.try_yield("ready").await {
    ///             Ok(()) => {}
    ///             Err(Interrupt::Throw(ValueError(msg))) => co.yield_(msg).await,
    ///             Err(Interrupt::Exit) => break,
    ///         }
    ///     }
    /// });
    /// assert_eq!(g.start(), Ok(Step::Yielded("ready")));
    /// assert_eq!(g.throw(ValueError("bad")), Ok(Step::Yielded("bad")));
    /// ```
    pub fn throwable<F, B>(body: F) -> Self
    where
        F: FnOnce(Co<'a, Y, S, E>) -> B,
        B: Future<Output = R> + Send + 'a,
    {
        Gen::make(body, false)
    }
}

impl<'a, Y: 'a, S: 'a, R: 'a> Gen<'a, Y, S, R, Infallible, Local> {
    /// Makes a [`LocalGen`]: like [`Gen::new`], but the body need not be `Send`
    /// (and the generator is not). Runs none of the body.
    ///
    /// ```
    /// use gensend::{Gen, LocalGen};
    /// use std::rc::Rc;
    ///
    /// let names: LocalGen<Rc<str>> = Gen::new_local(|co| async move {
    ///     let name: Rc<str> = Rc::from("ada");
    ///     co.yield_(name.clone()).await;
    ///     co.yield_(name).await;
    /// });
    /// assert_eq!(names.map(|name| name.len()).sum::<usize>(), 6);
    /// ```
    pub fn new_local<F, B>(body: F) -> Self
    where
        F: FnOnce(Co<'a, Y, S, Infallible>) -> B,
        B: Future<Output = R> + 'a,
    {
        Self::throwable_local(body)
    }
}

impl<'a, Y: 'a, S: 'a, R: 'a, E: 'a> Gen<'a, Y, S, R, E, Local> {
    /// Makes a [`LocalGen`] that can be thrown into with values of type `E`
    /// (see [`Gen::throwable`]); the body need not be `Send`.
    ///
    /// ```
    /// use gensend::{Gen, LocalGen, Step};
    /// use std::rc::Rc;
    ///
    /// let mut g: LocalGen<Rc<str>, (), (), Rc<str>> = Gen::throwable_local(|co| async move {
    ///     let Err(gensend::Interrupt::Throw(message)) = co.try_yield(Rc::from("ready")).await else {
    ///         return;
    ///     };
    ///     co.yield_(message).await;
    /// });
    /// g.start().unwrap();
    /// assert_eq!(g.throw(Rc::from("boom")), Ok(Step::Yielded(Rc::from("boom"))));
    /// ```
    pub fn throwable_local<F, B>(body: F) -> Self
    where
        F: FnOnce(Co<'a, Y, S, E>) -> B,
        B: Future<Output = R> + 'a,
    {
        Gen::make(body, true)
    }
}

impl<'a, Y: 'a, S: 'a, R: 'a, E: 'a, K> Gen<'a, Y, S, R, E, K> {
    /// Boxes a body (each kind's constructors check what it must be).
    fn make<F, B>(body: F, local: bool) -> Self
    where
        F: FnOnce(Co<'a, Y, S, E>) -> B,
        B: Future<Output = R> + 'a,
    {
        let key = raw::key(crate::id::next(), local);
        let core = raw::new_core(key, body, Co::new(key));
        Gen { core: Some(core), stack: Stack::new(), _kind: PhantomData }
    }
}

impl<'a, Y, S, R, E, K> Gen<'a, Y, S, R, E, K> {
    /// The generator's state. A delegating generator is `Suspended`.
    ///
    /// ```
    /// use gensend::{Gen, State};
    ///
    /// let mut g: Gen<i32> = Gen::new(|co| async move { co.yield_(1).await });
    /// assert_eq!(g.state(), State::Created);
    /// g.by_ref().for_each(drop);
    /// assert_eq!(g.state(), State::Closed);
    /// ```
    pub fn state(&self) -> State {
        self.core.as_ref().map_or(State::Closed, |core| core.state())
    }

    /// Runs a `Created` generator to its first yield (Python's priming `next()`).
    ///
    /// ```
    /// use gensend::{Gen, Step};
    ///
    /// let mut g: Gen<&str, i32> = Gen::new(|co| async move {
    ///     let x = co.yield_("ready").await;
    ///     co.yield_(if x > 0 { "positive" } else { "other" }).await;
    /// });
    /// assert_eq!(g.start(), Ok(Step::Yielded("ready")));
    /// assert_eq!(g.send(3), Ok(Step::Yielded("positive")));
    /// ```
    #[inline]
    #[track_caller]
    pub fn start(&mut self) -> Result<Step<Y, R>, StartError> {
        let outcome = if self.stack.len() == 0
            && let Some(core) = &mut self.core
        {
            match core.as_mut().start() {
                Event::Yielded(y) => return Ok(Step::Yielded(y)),
                event => self.settle(event, None),
            }
        } else {
            self.run(Input::Start, false)
        };
        self.started(outcome)
    }

    /// What `start` returns when the body did not simply yield.
    #[inline(never)]
    #[track_caller]
    fn started(&mut self, outcome: Outcome<Y, S, E>) -> Result<Step<Y, R>, StartError> {
        match outcome {
            Outcome::Yielded(y) => Ok(Step::Yielded(y)),
            Outcome::Returned => {
                core::mem::forget(outcome); // holds nothing: no call to its drop glue
                Ok(Step::Complete(self.returned()))
            }
            Outcome::Unwound(_) | Outcome::Rejected(_) => Err(match self.state() {
                State::Closed => StartError::Closed,
                State::Created | State::Suspended | State::Running => StartError::AlreadyStarted,
            }),
            Outcome::Stuck(message) => self.fail(message),
        }
    }

    /// Resumes the point the generator is suspended at with `value`, and runs to
    /// the next yield. `Err` hands `value` back untouched if the generator is not
    /// suspended (then no code runs).
    ///
    /// ```
    /// use gensend::{Gen, SendError, Step};
    ///
    /// let mut g: Gen<i32, i32> = Gen::new(|co| async move {
    ///     let x = co.yield_(0).await;
    ///     co.yield_(x * 2).await;
    /// });
    /// assert_eq!(g.send(1), Err(SendError::NotStarted(1)));
    /// g.start().unwrap();
    /// assert_eq!(g.send(21), Ok(Step::Yielded(42)));
    /// assert_eq!(g.send(0), Ok(Step::Complete(())));
    /// assert_eq!(g.send(5), Err(SendError::Closed(5)));
    /// ```
    #[inline]
    #[track_caller]
    pub fn send(&mut self, value: S) -> Result<Step<Y, R>, SendError<S>> {
        match self.run_send(value) {
            Ok(y) => Ok(Step::Yielded(y)),
            Err(outcome) => self.sent(outcome),
        }
    }

    /// What `send` returns when the body did not simply yield.
    #[inline(never)]
    #[track_caller]
    fn sent(&mut self, outcome: Outcome<Y, S, E>) -> Result<Step<Y, R>, SendError<S>> {
        match outcome {
            Outcome::Yielded(y) => Ok(Step::Yielded(y)),
            Outcome::Returned => {
                core::mem::forget(outcome); // holds nothing: no call to its drop glue
                Ok(Step::Complete(self.returned()))
            }
            Outcome::Rejected(Input::Send(value)) | Outcome::Unwound(Input::Send(value)) => {
                Err(match self.state() {
                    State::Created => SendError::NotStarted(value),
                    _ => SendError::Closed(value),
                })
            }
            Outcome::Rejected(_) | Outcome::Unwound(_) => {
                unreachable!("gensend: send came back as another input")
            }
            Outcome::Stuck(message) => self.fail(message),
        }
    }

    /// Raises `error` at the point the generator is suspended at.
    ///
    /// At a catching point the body handles it: `Ok(Yielded)` if it yields
    /// again, `Ok(Complete)` if it returns. At a plain point the body unwinds
    /// (its `Drop` guards run), the generator is closed, and `Err(error)` hands
    /// the error back. A `Created` generator is closed without running; a
    /// `Closed` one just hands the error back.
    ///
    /// While delegating, the innermost delegate receives it; if it does not
    /// catch, it unwinds and the error is raised in its delegator, and so on
    /// outwards until a `try_yield_from` catches it.
    ///
    /// ```
    /// use gensend::{Gen, State};
    /// use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
    ///
    /// static CLEANED: AtomicBool = AtomicBool::new(false);
    /// struct Finally;
    /// impl Drop for Finally {
    ///     fn drop(&mut self) { CLEANED.store(true, SeqCst); }
    /// }
    ///
    /// let mut g: Gen<i32, (), (), &str> = Gen::throwable(|co| async move {
    ///     let _guard = Finally;
    ///     co.yield_(1).await;
    /// });
    /// g.start().unwrap();
    /// assert_eq!(g.throw("boom"), Err("boom"));
    /// assert!(CLEANED.load(SeqCst));
    /// assert_eq!(g.state(), State::Closed);
    /// ```
    ///
    /// # "expected `Infallible`": make it with `Gen::throwable`
    ///
    /// A generator made with [`Gen::new`] cannot be thrown into: its `E` is
    /// [`Infallible`], so `throw` with any value fails to compile with
    /// "mismatched types: expected `Infallible`, found ...":
    ///
    /// ```compile_fail,E0308
    /// use gensend::Gen;
    ///
    /// let mut g: Gen<i32> = Gen::new(|co| async move { co.yield_(1).await });
    /// g.start().unwrap();
    /// g.throw("ValueError"); // error[E0308]: expected `Infallible`, found `&str`
    /// ```
    ///
    /// The fix is to make it with [`Gen::throwable`] (or
    /// [`throwable_consumer`](crate::throwable_consumer),
    /// [`Gen::throwable_local`]) and name the thrown type:
    ///
    /// ```
    /// use gensend::Gen;
    ///
    /// let mut g: Gen<i32, (), (), &str> = Gen::throwable(|co| async move { co.yield_(1).await });
    /// g.start().unwrap();
    /// assert_eq!(g.throw("ValueError"), Err("ValueError"));
    /// ```
    #[track_caller]
    pub fn throw(&mut self, error: E) -> Result<Step<Y, R>, E> {
        let outcome = self.run(Input::Throw(error), false);
        match outcome {
            Outcome::Yielded(y) => Ok(Step::Yielded(y)),
            Outcome::Returned => {
                core::mem::forget(outcome); // holds nothing: no call to its drop glue
                Ok(Step::Complete(self.returned()))
            }
            Outcome::Unwound(Input::Throw(error)) | Outcome::Rejected(Input::Throw(error)) => Err(error),
            Outcome::Unwound(_) | Outcome::Rejected(_) => {
                unreachable!("gensend: throw came back as another input")
            }
            Outcome::Stuck(message) => self.fail(message),
        }
    }

    /// Raises `Exit` (Python's `GeneratorExit`) at the point the generator is
    /// suspended at, and reports how the body ended.
    ///
    /// - `Ok(None)`: it unwound (at a plain point, or the body passed `Exit` on
    ///   with [`Co::reraise`]), or it was `Created` or already `Closed`.
    /// - `Ok(Some(r))`: a catching point caught `Exit` and the body returned `r`
    ///   (CPython 3.13; 3.11 and 3.12 drop `r`).
    /// - `Err(IgnoredExit)`: the body yielded again; it stays suspended there,
    ///   and the yielded value is handed back.
    ///
    /// [`finish`](Gen::finish) is the flat form: `Ok(r)`, or a [`CloseError`](crate::CloseError)
    /// saying why there is no `r`.
    ///
    /// While delegating, the innermost delegate is closed first, then `Exit` is
    /// raised in each delegator outwards; a value a delegate returns while being
    /// closed is not delivered to its delegator. If a delegate yields again
    /// instead, `close` returns `Err(IgnoredExit)` as CPython raises
    /// `RuntimeError` out of `close()`: every delegator unwinds (CPython raises the
    /// error in them, and no typed handler can catch it), the delegate is closed
    /// once more and dropped, and the generator is `Closed`.
    ///
    /// ```
    /// use gensend::{Gen, Interrupt};
    ///
    /// let mut averager: Gen<(), f64, f64> = Gen::new(|co| async move {
    ///     let (mut sum, mut n) = (0.0, 0.0);
    ///     while let Ok(x) = co.try_yield(()).await {
    ///         sum += x;
    ///         n += 1.0;
    ///     }
    ///     sum / n
    /// });
    /// averager.start().unwrap();
    /// averager.send(1.0).unwrap();
    /// averager.send(2.0).unwrap();
    /// assert_eq!(averager.close(), Ok(Some(1.5)));
    /// ```
    #[track_caller]
    pub fn close(&mut self) -> Result<Option<R>, IgnoredExit<Y>> {
        match self.run(Input::Exit, true) {
            Outcome::Yielded(yielded) => Err(IgnoredExit { yielded }),
            Outcome::Returned => Ok(Some(self.returned())),
            Outcome::Unwound(_) | Outcome::Rejected(_) => Ok(None),
            Outcome::Stuck(message) => self.fail(message),
        }
    }

    /// Takes the value the body returned, if it returned and the value has not
    /// been taken yet (by `send`/`start`/`throw`/`close` returning it, or by an
    /// earlier call). This is how to get the return value after iterating
    /// (or [`finish`](Gen::finish), which also closes a generator still
    /// suspended; [`try_iter`](Gen::try_iter) hands a body's error to the loop).
    ///
    /// ```
    /// use gensend::Gen;
    ///
    /// let mut g: Gen<i32, (), &str> = Gen::new(|co| async move {
    ///     co.yield_(1).await;
    ///     "done"
    /// });
    /// assert_eq!(g.by_ref().collect::<Vec<_>>(), [1]);
    /// assert_eq!(g.take_return(), Some("done"));
    /// assert_eq!(g.take_return(), None);
    /// ```
    pub fn take_return(&mut self) -> Option<R> {
        self.core.as_mut()?.as_mut().take_return()
    }

    /// The source location of the yield the generator is suspended at (the
    /// innermost one, while delegating), or `None` if it is not suspended.
    ///
    /// ```
    /// use gensend::Gen;
    ///
    /// let mut g: Gen<i32> = Gen::new(|co| async move {
    ///     co.yield_(1).await; // line 5 of this example
    /// });
    /// assert_eq!(g.suspended_at(), None);
    /// g.start().unwrap();
    /// let at = g.suspended_at().unwrap();
    /// assert_eq!((at.file(), at.line()), (file!(), line!() - 5));
    /// ```
    pub fn suspended_at(&self) -> Option<&'static Location<'static>> {
        self.backtrace().last().map(|frame| frame.location)
    }

    /// The generator backtrace: one [`Frame`] per suspended level, outermost
    /// first; the last is where the generator is suspended. Empty unless
    /// suspended.
    ///
    /// ```
    /// use gensend::{Gen, Point};
    ///
    /// let mut outer: Gen<i32> = Gen::new(|co| async move {
    ///     co.yield_from(Gen::new(|co| async move { co.yield_(1).await })).await
    /// });
    /// outer.start().unwrap();
    /// let points: Vec<Point> = outer.backtrace().map(|f| f.point).collect();
    /// assert_eq!(points, [Point::YieldFrom, Point::Yield]);
    /// ```
    pub fn backtrace(&self) -> impl DoubleEndedIterator<Item = Frame<'_>> + '_ {
        let core = self.core.iter().filter_map(|core| core.frame());
        core.chain(self.stack.iter().filter_map(|level| level.frame()))
    }

    /// The view of its locals that the generator's body exposes where it is
    /// suspended (Python's `gi_frame.f_locals`), borrowed from the body itself:
    /// `Some` while suspended at [`Co::yield_with`] or [`Co::try_yield_with`],
    /// `None` before the start, at other points, while delegating (each
    /// level's view is in its [`Frame`], see [`backtrace`](Gen::backtrace))
    /// and once closed (like `gi_frame`, which is `None` then).
    ///
    /// ```
    /// use gensend::{Gen, LocalGen};
    ///
    /// #[derive(Debug)]
    /// struct Locals<'a> {
    ///     total: &'a i32,
    ///     count: &'a u32,
    /// }
    ///
    /// let mut acc: LocalGen<i32, i32> = Gen::new_local(|co| async move {
    ///     let (mut total, mut count) = (0, 0);
    ///     loop {
    ///         total += co.yield_with(total, &Locals { total: &total, count: &count }).await;
    ///         count += 1;
    ///     }
    /// });
    /// assert!(acc.locals().is_none()); // not started
    /// acc.start().unwrap();
    /// acc.send(10).unwrap();
    /// acc.send(25).unwrap();
    /// let locals = acc.locals().expect("suspended at yield_with");
    /// assert_eq!(format!("{locals:?}"), "Locals { total: 35, count: 2 }");
    /// acc.close().unwrap();
    /// assert!(acc.locals().is_none());
    /// ```
    pub fn locals(&self) -> Option<&dyn fmt::Debug> {
        self.core.as_ref()?.locals()
    }

    /// Hands the outermost core over to a delegator's `yield_from`.
    pub(crate) fn into_level(mut self) -> Option<Level<Y, S, E>>
    where
        Y: 'a,
        S: 'a,
        E: 'a,
    {
        self.take_level()
    }

    /// Hands the whole chain, the outermost core and its delegates, over to a
    /// delegator's `yield_from_sending`.
    pub(crate) fn into_levels(mut self) -> Option<Levels<Y, S, E>>
    where
        Y: 'a,
        S: 'a,
        E: 'a,
    {
        let base = self.take_level()?;
        Some(core::mem::replace(&mut self.stack, Stack::new()).with_base(base))
    }

    fn take_level(&mut self) -> Option<Level<Y, S, E>>
    where
        Y: 'a,
        S: 'a,
        E: 'a,
    {
        let core: Pin<Box<dyn Resume<Y, S, E> + 'a>> = self.core.take()?;
        Some(raw::erase(core))
    }

    fn returned(&mut self) -> R {
        match self.take_return() {
            Some(value) => value,
            None => unreachable!("gensend: a returned body left no value"),
        }
    }

    /// Cleans up after a body's misuse of its handle, then reports it: the
    /// panic names the body's last yield (the mistake is in the code after it)
    /// and, through `#[track_caller]`, comes from the caller's resuming call.
    #[cold]
    #[track_caller]
    fn fail(&mut self, misuse: Misuse) -> ! {
        // Without the exposed locals: they go with the body, and a misuse is no
        // place to run a view's `Debug`.
        let last = self.backtrace().last().map(|f| (f.point, f.location, f.function));
        self.unwind_all();
        match last {
            Some((point, location, function)) => {
                let frame = Frame { point, location, function, locals: None };
                panic!("gensend: {} (the generator was last suspended at {frame})", misuse.message())
            }
            None => panic!("gensend: {} (before the generator's first yield)", misuse.message()),
        }
    }

    /// Delivers `input` to the innermost level and keeps going (the trampoline)
    /// until something comes out of the outermost one.
    #[inline(always)]
    fn run(&mut self, input: Input<Y, S, E>, closing: bool) -> Outcome<Y, S, E> {
        let exiting = closing.then_some(self.stack.len());
        if self.stack.len() > 0 {
            return chain::run(self, input, exiting);
        }
        // The common case: nothing delegated. A panic in the body closes its
        // core by itself, so this path needs no guard of its own.
        match &mut self.core {
            Some(core) => {
                let event = core.as_mut().resume(input);
                self.settle(event, exiting)
            }
            None => Outcome::Rejected(input),
        }
    }

    /// `run(Input::Send(value), false)`, the hot path of `send` and `next`:
    /// `Ok` if the innermost body simply yielded, without building an `Input` on
    /// the way in or an `Outcome` on the way out.
    #[inline(always)]
    fn run_send(&mut self, value: S) -> Result<Y, Outcome<Y, S, E>> {
        let event = if self.stack.len() > 0 {
            chain::send(self, value)
        } else {
            match &mut self.core {
                Some(core) => core.as_mut().send(value),
                None => return Err(Outcome::Rejected(Input::Send(value))),
            }
        };
        match event {
            Event::Yielded(y) => Ok(y),
            event => Err(self.settle(event, None)),
        }
    }

    /// What the outermost core's `event` means; with nothing delegated, only a
    /// new delegation needs the trampoline.
    #[inline(always)]
    fn settle(&mut self, event: Event<Y, S, E>, exiting: Option<usize>) -> Outcome<Y, S, E> {
        if self.stack.len() > 0 {
            return chain::trampoline(self, event, exiting);
        }
        match event {
            Event::Yielded(y) => Outcome::Yielded(y),
            Event::Returned => {
                core::mem::forget(event); // holds nothing: no call to its drop glue
                Outcome::Returned
            }
            Event::Unwound(input) => Outcome::Unwound(input),
            Event::Rejected(input) => Outcome::Rejected(input),
            Event::Stuck(misuse) => {
                core::mem::forget(event);
                Outcome::Stuck(misuse)
            }
            event @ (Event::Delegated(_) | Event::DelegatedStarted(..)) => {
                chain::trampoline(self, event, exiting)
            }
        }
    }
}

/// A `Gen`'s own chain: its body is the base, its delegates are in `stack`.
impl<Y, S, R, E, K> Chain<Y, S, E> for Gen<'_, Y, S, R, E, K> {
    fn depth(&self) -> usize {
        self.stack.len()
    }

    fn innermost(&mut self) -> Option<Pin<&mut dyn Resume<Y, S, E>>> {
        match self.stack.last_mut() {
            Some(level) => Some(level.as_mut()),
            None => Some(self.core.as_mut()?.as_mut()),
        }
    }

    fn base_is_local(&self) -> bool {
        self.core.as_ref().is_some_and(|core| core.is_local())
    }

    fn push(&mut self, level: Level<Y, S, E>) {
        self.stack.push(level);
    }

    fn pop(&mut self) -> Option<Level<Y, S, E>> {
        self.stack.pop()
    }

    fn split_off(&mut self, depth: usize) -> Vec<Level<Y, S, E>> {
        self.stack.split_off(depth)
    }
}

impl<Y, S, R, E, K> Unwind for Gen<'_, Y, S, R, E, K> {
    fn unwind_all(&mut self) {
        while let Some(mut level) = self.stack.pop() {
            level.as_mut().unwind();
        }
        if let Some(core) = &mut self.core {
            core.as_mut().unwind();
        }
    }
}

impl<Y, S, R, E, K> Drop for Gen<'_, Y, S, R, E, K> {
    /// Closes a suspended generator (CPython's finaliser calls `close()`). A body
    /// that yields again, or misuses its handle, is dropped anyway.
    #[inline]
    fn drop(&mut self) {
        // Where `Exit` can only unwind the body, dropping it is all `close` does.
        if self.stack.len() == 0 && self.core.as_ref().is_none_or(|core| !core.catches()) {
            return;
        }
        self.close_on_drop();
    }
}

impl<Y, S, R, E, K> Gen<'_, Y, S, R, E, K> {
    /// `close()` for `Drop`, where the body may run.
    #[inline(never)]
    fn close_on_drop(&mut self) {
        match self.run(Input::Exit, true) {
            Outcome::Yielded(_) | Outcome::Stuck(_) => chain::drop_anyway(self),
            Outcome::Returned | Outcome::Unwound(_) | Outcome::Rejected(_) => {}
        }
    }
}

/// With nothing to send (`S = ()`), a generator is an iterator over its yields.
/// `next` starts it if needed; after the body returns, `next` gives `None` and
/// [`take_return`](Gen::take_return) gives the return value. A body that can
/// fail (`R = Result<T, X>`) is iterated with [`try_iter`](Gen::try_iter), whose
/// items are `Result<Y, X>` ending with the body's error: a plain `for` loop
/// would stop silently and leave the error in `take_return`.
///
/// ```
/// use gensend::Gen;
///
/// let mut countdown: Gen<u32, (), &str> = Gen::new(|co| async move {
///     for i in (1..=3).rev() {
///         co.yield_(i).await;
///     }
///     "liftoff"
/// });
/// assert_eq!(countdown.by_ref().collect::<Vec<_>>(), [3, 2, 1]);
/// assert_eq!(countdown.take_return(), Some("liftoff"));
/// ```
impl<Y, R, E, K> Iterator for Gen<'_, Y, (), R, E, K> {
    type Item = Y;

    #[inline]
    #[track_caller]
    fn next(&mut self) -> Option<Y> {
        match self.run_send(()) {
            Ok(y) => Some(y),
            Err(outcome) => self.next_slow(outcome),
        }
    }
}

impl<Y, R, E, K> Gen<'_, Y, (), R, E, K> {
    /// What `next` returns when the body did not simply yield: it may not have
    /// started yet.
    #[inline(never)]
    #[track_caller]
    fn next_slow(&mut self, outcome: Outcome<Y, (), E>) -> Option<Y> {
        let outcome = match outcome {
            Outcome::Rejected(_) if self.state() == State::Created => self.run(Input::Start, false),
            outcome => outcome,
        };
        match outcome {
            Outcome::Yielded(y) => Some(y),
            Outcome::Returned | Outcome::Unwound(_) | Outcome::Rejected(_) => None,
            Outcome::Stuck(message) => self.fail(message),
        }
    }
}

impl<Y, R, E, K> FusedIterator for Gen<'_, Y, (), R, E, K> {}

/// Shows the state and the generator backtrace (outermost level first): each
/// frame's point, location, function and exposed locals.
///
/// ```
/// use gensend::Gen;
///
/// let mut g: Gen<i32> = Gen::new(|co| async move { co.yield_(1).await });
/// assert_eq!(format!("{g:?}"), "Gen { state: Created, backtrace: [] }");
/// g.start().unwrap();
/// let shown = format!("{g:?}");
/// assert!(shown.starts_with("Gen { state: Suspended, backtrace: [yield_ at "));
/// // The frame names the function that made the generator: here the doc test's
/// // own (`main`, or a wrapper under Miri).
/// assert!(shown.ends_with("] }") && shown.contains(" in "), "{shown}");
/// ```
impl<Y, S, R, E, K> fmt::Debug for Gen<'_, Y, S, R, E, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Backtrace<'g, 'a, Y, S, R, E, K>(&'g Gen<'a, Y, S, R, E, K>);
        impl<Y, S, R, E, K> fmt::Debug for Backtrace<'_, '_, Y, S, R, E, K> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.0.backtrace()).finish()
            }
        }
        f.debug_struct("Gen").field("state", &self.state()).field("backtrace", &Backtrace(self)).finish()
    }
}
