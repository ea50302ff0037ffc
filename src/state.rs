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

/// One suspended level of a generator: the point, its source location, the
/// function that made the generator, and the view of its locals it exposes.
///
/// A generator that delegates with `yield_from` has one frame per level, listed
/// outermost first by [`Gen::backtrace`](crate::Gen::backtrace): a generator
/// backtrace, and with [`Co::yield_with`](crate::Co::yield_with), a debugger's
/// view of a suspended chain.
///
/// ```
/// use gensend::{Gen, Point};
///
/// fn counter() -> Gen<'static, i32> {
///     Gen::new(|co| async move { co.yield_(1).await })
/// }
/// let mut g = counter();
/// g.start().unwrap();
/// let frame = g.backtrace().next().unwrap();
/// assert_eq!(frame.point, Point::Yield);
/// assert_eq!(frame.location.file(), file!());
/// assert_eq!(frame.function, "counter");
/// assert!(frame.locals.is_none()); // `yield_` exposes nothing
/// println!("{frame}"); // yield_ at src/lib.rs:6:36 in counter
/// ```
#[derive(Clone, Copy)]
pub struct Frame<'g> {
    /// What kind of point the level is suspended at.
    pub point: Point,
    /// Where that point is in the source (captured with `#[track_caller]`).
    pub location: &'static Location<'static>,
    /// The function that made the generator (Python's `gi_code.co_name`): the
    /// name of the function whose closure or `async` block is the body, from its
    /// type name, without path or generic arguments.
    pub function: &'static str,
    /// The view of its locals the level exposes at this point
    /// ([`Co::yield_with`](crate::Co::yield_with)), borrowed from its body.
    pub locals: Option<&'g dyn fmt::Debug>,
}

/// `{point} at {location} in {function}`, then the exposed locals, if any.
///
/// ```
/// use gensend::{Gen, LocalGen};
///
/// fn accumulator() -> LocalGen<'static, i32, i32> {
///     Gen::new_local(|co| async move {
///         let mut total = 0;
///         loop {
///             total += co.yield_with(total, &total).await;
///         }
///     })
/// }
/// let mut acc = accumulator();
/// acc.start().unwrap();
/// acc.send(5).unwrap();
/// let frame = acc.backtrace().next().unwrap();
/// let text = frame.to_string();
/// assert!(text.starts_with("yield_ at "), "{text}");
/// assert!(text.ends_with(" in accumulator, locals: 5"), "{text}");
/// ```
impl fmt::Display for Frame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {} in {}", self.point.name(), self.location, self.function)?;
        match self.locals {
            Some(locals) => write!(f, ", locals: {locals:?}"),
            None => Ok(()),
        }
    }
}

/// Like `Display` (a frame reads as one line of a backtrace).
impl fmt::Debug for Frame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The function a body type was written in: `type_name` of a closure or `async`
/// block is `path::function::{{closure}}` (once per nesting level), that of an
/// `async fn`'s future `path::function::{{closure}}` too; what is left after
/// dropping those, the path and any generic arguments.
pub(crate) fn function_name(type_name: &'static str) -> &'static str {
    let mut name = type_name;
    while let Some(outer) = name.strip_suffix("::{{closure}}") {
        name = outer;
    }
    // The last path segment outside angle brackets (`<T as Trait>::method`).
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = name.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' => depth += 1,
            b'>' => depth = depth.saturating_sub(1),
            b':' if depth == 0 && bytes.get(i + 1) == Some(&b':') && bytes.get(i + 2) != Some(&b'<') => {
                start = i + 2
            }
            _ => {}
        }
    }
    let last = &name[start.min(name.len())..];
    let last = match last.find('<') {
        Some(0) | None => last,
        Some(generics) => &last[..generics],
    };
    last.strip_suffix("::").unwrap_or(last)
}

#[cfg(test)]
mod tests {
    use super::function_name;

    #[test]
    fn function_names_are_trimmed_type_names() {
        assert_eq!(function_name("app::accumulator::{{closure}}::{{closure}}"), "accumulator");
        assert_eq!(function_name("app::walk::<u32>::{{closure}}"), "walk");
        assert_eq!(function_name("app::walk<u32>::{{closure}}"), "walk");
        assert_eq!(function_name("<app::Tree as app::Walk>::walk::{{closure}}"), "walk");
        assert_eq!(function_name("app::Countdown"), "Countdown");
        assert_eq!(function_name("main::{{closure}}"), "main");
    }
}
