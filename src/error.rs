//! Protocol misuse, as values: every error hands the caller's value back.
//!
//! `Display` texts are CPython's messages where CPython has one (CPython's
//! `StopIteration` for a closed generator has an empty message, so
//! [`SendError::Closed`] says "generator already closed"), and
//! [`python_exception`](SendError::python_exception) names the exception CPython
//! raises in the same situation, so a port of a Python program can print the same
//! line (`TypeError: can't send non-None value to a just-started generator`).
//!
//! `Debug` does not require the handed-back value to be `Debug` (it prints
//! `NotStarted(..)`), so `.expect()` and `?` into `Box<dyn Error>` work in generic
//! code, where the payload is a type parameter; the value itself is one
//! `into_inner()` or field access away.

use core::fmt;

/// `start()` was called on a generator that is not [`Created`](crate::State::Created).
///
/// ```
/// use gensend::{Gen, StartError};
///
/// let mut g: Gen<i32> = Gen::new(|co| async move { co.yield_(1).await });
/// g.start().unwrap();
/// assert_eq!(g.start(), Err(StartError::AlreadyStarted));
/// g.close().unwrap();
/// assert_eq!(g.start(), Err(StartError::Closed));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StartError {
    /// The generator is suspended at a yield: resume it with `send`.
    AlreadyStarted,
    /// The generator is closed; nothing runs (CPython raises `StopIteration`).
    Closed,
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StartError::AlreadyStarted => "generator already started; resume it with send",
            StartError::Closed => "generator already closed",
        })
    }
}

impl core::error::Error for StartError {}

/// `send(s)` could not deliver `s`; the value is handed back, and no code ran.
///
/// ```
/// use gensend::{Gen, SendError};
///
/// let mut g: Gen<(), String> = Gen::new(|co| async move {
///     co.yield_(()).await;
/// });
/// let err = g.send("early".to_string()).unwrap_err();
/// assert_eq!(err.to_string(), "can't send non-None value to a just-started generator");
/// assert_eq!(err.into_inner(), "early");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum SendError<S> {
    /// The generator has not started: `start()` it first. It is still `Created`.
    NotStarted(S),
    /// The generator is closed (CPython raises `StopIteration`).
    Closed(S),
}

impl<S> SendError<S> {
    /// The value that was not delivered.
    ///
    /// ```
    /// assert_eq!(gensend::SendError::Closed(5).into_inner(), 5);
    /// ```
    pub fn into_inner(self) -> S {
        match self {
            SendError::NotStarted(s) | SendError::Closed(s) => s,
        }
    }

    /// The exception CPython raises in the same situation.
    ///
    /// ```
    /// assert_eq!(gensend::SendError::NotStarted(1).python_exception(), "TypeError");
    /// assert_eq!(gensend::SendError::Closed(1).python_exception(), "StopIteration");
    /// ```
    pub fn python_exception(&self) -> &'static str {
        match self {
            SendError::NotStarted(_) => "TypeError",
            SendError::Closed(_) => "StopIteration",
        }
    }
}

impl<S> fmt::Display for SendError<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SendError::NotStarted(_) => "can't send non-None value to a just-started generator",
            SendError::Closed(_) => "generator already closed",
        })
    }
}

/// Names the variant, not the value, so that no `S: Debug` is needed (a generic
/// stage can `.expect()` a send):
///
/// ```
/// use gensend::SendError;
///
/// struct Opaque; // not Debug
/// assert_eq!(format!("{:?}", SendError::Closed(Opaque)), "Closed(..)");
/// ```
impl<S> fmt::Debug for SendError<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SendError::NotStarted(_) => "NotStarted(..)",
            SendError::Closed(_) => "Closed(..)",
        })
    }
}

impl<S> core::error::Error for SendError<S> {}

/// `close()` raised `Exit` and the body yielded again instead of finishing.
///
/// The generator stays suspended at that new yield (a later `send` resumes it
/// there); the value it yielded is handed back here instead of being dropped.
/// (When the body that yields again is a delegate, the chain is unwound instead,
/// as in CPython: see [`Gen::close`](crate::Gen::close).)
///
/// ```
/// use gensend::{Gen, State};
///
/// let mut stubborn: Gen<&str> = Gen::new(|co| async move {
///     if co.try_yield("working").await.is_err() {
///         co.yield_("not yet!").await;
///     }
/// });
/// stubborn.start().unwrap();
/// let err = stubborn.close().unwrap_err();
/// assert_eq!(err.to_string(), "generator ignored GeneratorExit");
/// assert_eq!(err.yielded, "not yet!");
/// assert_eq!(stubborn.state(), State::Suspended);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct IgnoredExit<Y> {
    /// The value the body yielded after `Exit`.
    pub yielded: Y,
}

impl<Y> IgnoredExit<Y> {
    /// The exception CPython raises in the same situation.
    ///
    /// ```
    /// assert_eq!(gensend::IgnoredExit { yielded: () }.python_exception(), "RuntimeError");
    /// ```
    pub fn python_exception(&self) -> &'static str {
        "RuntimeError"
    }
}

impl<Y> fmt::Display for IgnoredExit<Y> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("generator ignored GeneratorExit")
    }
}

/// Does not need `Y: Debug`:
///
/// ```
/// struct Opaque; // not Debug
/// assert_eq!(format!("{:?}", gensend::IgnoredExit { yielded: Opaque }), "IgnoredExit { .. }");
/// ```
impl<Y> fmt::Debug for IgnoredExit<Y> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IgnoredExit").finish_non_exhaustive()
    }
}

impl<Y> core::error::Error for IgnoredExit<Y> {}

/// [`Gen::finish`](crate::Gen::finish) has no return value to give: why.
///
/// ```
/// use gensend::{CloseError, Gen};
///
/// let mut plain: Gen<i32, (), i32> = Gen::new(|co| async move {
///     co.yield_(1).await; // a plain point: close() unwinds the body here
///     7
/// });
/// plain.start().unwrap();
/// assert_eq!(plain.finish(), Err(CloseError::NoReturn));
/// assert_eq!(CloseError::<()>::NoReturn.to_string(), "generator did not return a value");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum CloseError<Y> {
    /// It had not started: closing it ran none of the body.
    NotStarted,
    /// The body ended without a value to give: `Exit` unwound it (at a plain
    /// point, or it re-raised), or it was already closed and its value is gone
    /// (taken, or it was thrown out). `close()` returns `Ok(None)` here.
    NoReturn,
    /// The body yielded this value instead of finishing, and stays suspended
    /// there (see [`IgnoredExit`]).
    IgnoredExit(Y),
}

impl<Y> fmt::Display for CloseError<Y> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CloseError::NotStarted => "generator was closed before it started",
            CloseError::NoReturn => "generator did not return a value",
            CloseError::IgnoredExit(_) => "generator ignored GeneratorExit",
        })
    }
}

/// Does not need `Y: Debug`:
///
/// ```
/// struct Opaque; // not Debug
/// let ignored = gensend::CloseError::IgnoredExit(Opaque);
/// assert_eq!(format!("{ignored:?}"), "IgnoredExit(..)");
/// ```
impl<Y> fmt::Debug for CloseError<Y> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CloseError::NotStarted => "NotStarted",
            CloseError::NoReturn => "NoReturn",
            CloseError::IgnoredExit(_) => "IgnoredExit(..)",
        })
    }
}

impl<Y> core::error::Error for CloseError<Y> {}
