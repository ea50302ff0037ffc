//! The small value types of the protocol: what a resume returns ([`Step`]), what a
//! catching yield point can receive instead of a value ([`Interrupt`]), the life
//! cycle ([`State`]) and where a generator is suspended ([`Frame`], [`Point`]).

use core::fmt;
use core::panic::Location;

/// What a resuming call (`start`, `send`, `throw`) produced.
///
/// Python raises `StopIteration(value)` when a generator returns; gensend returns
/// `Step::Complete(value)` instead.
///
/// ```
/// use gensend::{Gen, Step};
///
/// let mut g: Gen<&str, (), u32> = Gen::new(|co| async move {
///     co.yield_("working").await;
///     42
/// });
/// assert_eq!(g.start(), Ok(Step::Yielded("working")));
/// assert_eq!(g.send(()), Ok(Step::Complete(42)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step<Y, R> {
    /// The body reached a yield point and emitted this value.
    Yielded(Y),
    /// The body returned this value; the generator is now [`State::Closed`].
    Complete(R),
}

impl<Y, R> Step<Y, R> {
    /// The yielded value, or `None` if the body returned.
    ///
    /// ```
    /// use gensend::Step;
    /// assert_eq!(Step::<i32, ()>::Yielded(1).yielded(), Some(1));
    /// assert_eq!(Step::<i32, ()>::Complete(()).yielded(), None);
    /// ```
    pub fn yielded(self) -> Option<Y> {
        match self {
            Step::Yielded(y) => Some(y),
            Step::Complete(_) => None,
        }
    }

    /// The return value, or `None` if the body yielded.
    ///
    /// ```
    /// use gensend::Step;
    /// assert_eq!(Step::<(), i32>::Complete(7).complete(), Some(7));
    /// ```
    pub fn complete(self) -> Option<R> {
        match self {
            Step::Yielded(_) => None,
            Step::Complete(r) => Some(r),
        }
    }
}

/// What a *catching* yield point receives instead of a sent value.
///
/// A plain point (`co.yield_(v)`) never sees an interrupt: `throw` and `close`
/// unwind the body there, running its `Drop` guards (Python's `finally`).
///
/// ```
/// use gensend::{Gen, Interrupt, Step};
///
/// let mut g = Gen::throwable(|co| async move {
///     match co.try_yield(1).await {
///         Ok(()) => "sent",
///         Err(Interrupt::Throw(e)) => e,
///         Err(Interrupt::Exit) => "closed",
///     }
/// });
/// g.start().unwrap();
/// assert_eq!(g.throw("boom"), Ok(Step::Complete("boom")));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Interrupt<E> {
    /// `throw(e)` raised `e` here.
    Throw(E),
    /// `close()` (or drop) raised Python's `GeneratorExit` here.
    Exit,
}

impl<E: fmt::Display> fmt::Display for Interrupt<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Interrupt::Throw(e) => e.fmt(f),
            Interrupt::Exit => f.write_str("GeneratorExit"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> core::error::Error for Interrupt<E> {}

/// The life cycle of a generator (Python's `inspect.getgeneratorstate`).
///
/// `Running` is only true inside a resume, and a running generator is mutably
/// borrowed by the call that resumes it, so [`Gen::state`](crate::Gen::state)
/// never returns it: safe Rust cannot even ask (CPython's "generator already
/// executing" is a borrow error here).
///
/// ```
/// use gensend::{Gen, State};
///
/// let mut g: Gen<i32> = Gen::new(|co| async move { co.yield_(1).await });
/// assert_eq!(g.state(), State::Created);
/// g.start().unwrap();
/// assert_eq!(g.state(), State::Suspended);
/// g.close().unwrap();
/// assert_eq!(g.state(), State::Closed);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// Made, body not run yet (`GEN_CREATED`).
    Created,
    /// Inside a resume (`GEN_RUNNING`).
    Running,
    /// Stopped at a yield point (`GEN_SUSPENDED`).
    Suspended,
    /// Returned, unwound, closed or panicked; final (`GEN_CLOSED`).
    Closed,
}

impl State {
    /// The name CPython's `inspect.getgeneratorstate` gives this state.
    ///
    /// ```
    /// assert_eq!(gensend::State::Suspended.python_name(), "GEN_SUSPENDED");
    /// ```
    pub fn python_name(self) -> &'static str {
        match self {
            State::Created => "GEN_CREATED",
            State::Running => "GEN_RUNNING",
            State::Suspended => "GEN_SUSPENDED",
            State::Closed => "GEN_CLOSED",
        }
    }
}

/// The kind of point a generator body is suspended at.
///
/// ```
/// use gensend::Point;
/// assert!(Point::TryYield.catches());
/// assert!(!Point::YieldFrom.catches());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Point {
    /// `co.yield_(v)`: does not catch.
    Yield,
    /// `co.try_yield(v)`: catches `throw` and `close`.
    TryYield,
    /// `co.yield_from(sub)`: delegating; does not catch what escapes `sub`.
    YieldFrom,
    /// `co.try_yield_from(sub)`: delegating; catches what escapes `sub`.
    TryYieldFrom,
}

impl Point {
    /// Every kind, in declaration order: `ALL[point as usize] == point`.
    pub(crate) const ALL: [Point; 4] = [Point::Yield, Point::TryYield, Point::YieldFrom, Point::TryYieldFrom];

    /// Whether an interrupt raised here is handed to the body instead of unwinding it.
    ///
    /// ```
    /// assert!(gensend::Point::TryYieldFrom.catches());
    /// ```
    pub fn catches(self) -> bool {
        matches!(self, Point::TryYield | Point::TryYieldFrom)
    }

    fn name(self) -> &'static str {
        match self {
            Point::Yield => "yield_",
            Point::TryYield => "try_yield",
            Point::YieldFrom => "yield_from",
            Point::TryYieldFrom => "try_yield_from",
        }
    }
}

/// One suspended level of a generator: the point and its source location.
///
/// A generator that delegates with `yield_from` has one frame per level, listed
/// outermost first by [`Gen::backtrace`](crate::Gen::backtrace): a generator
/// backtrace.
///
/// ```
/// use gensend::{Gen, Point};
///
/// let mut g: Gen<i32> = Gen::new(|co| async move { co.yield_(1).await });
/// g.start().unwrap();
/// let frame = g.backtrace().next().unwrap();
/// assert_eq!(frame.point, Point::Yield);
/// assert_eq!(frame.location.file(), file!());
/// println!("{frame}"); // yield_ at src/lib.rs:5:49
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Frame {
    /// What kind of point the level is suspended at.
    pub point: Point,
    /// Where that point is in the source (captured with `#[track_caller]`).
    pub location: &'static Location<'static>,
}

impl fmt::Display for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}", self.point.name(), self.location)
    }
}
