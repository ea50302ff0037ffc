//! Driver conveniences: the calls a scheduler, a protocol driver or a pipeline
//! stage would otherwise spell out from `start`, `send`, `close` and
//! `take_return`, with their several error types.
//!
//! They are thin wrappers over the protocol calls, kept apart so that the
//! protocol itself stays exactly CPython's: `send` on a fresh generator is still
//! an error, and `close` still reports the three outcomes CPython 3.13 has.

use crate::error::{CloseError, IgnoredExit, SendError};
use crate::r#gen::Gen;
use crate::state::{State, Step};

impl<Y, S, R, E, K> Gen<'_, Y, S, R, E, K> {
    /// Closes the generator and gives its return value, or says why there is
    /// none: "close it and give me its result". [`close`](Gen::close)'s
    /// `Ok(Some(r))` is `Ok(r)` here; a generator that already returned (after
    /// iterating it, say) gives the value it returned, if nobody took it.
    ///
    /// ```
    /// use gensend::{CloseError, Gen};
    ///
    /// let mut averager = Gen::<(), f64, Option<f64>>::new(|co| async move {
    ///     let (mut sum, mut n) = (0.0, 0.0);
    ///     while let Some(x) = co.yield_or_exit(()).await {
    ///         (sum, n) = (sum + x, n + 1.0);
    ///     }
    ///     (n > 0.0).then(|| sum / n)
    /// });
    /// averager.start().unwrap();
    /// averager.send(20.0).unwrap();
    /// averager.send(30.0).unwrap();
    /// assert_eq!(averager.finish(), Ok(Some(25.0))); // close(): Ok(Some(Some(25.0)))
    /// assert_eq!(averager.finish(), Err(CloseError::NoReturn)); // the value was given
    /// ```
    #[track_caller]
    pub fn finish(&mut self) -> Result<R, CloseError<Y>> {
        let before = self.state();
        match self.close() {
            Ok(Some(value)) => Ok(value),
            Err(IgnoredExit { yielded }) => Err(CloseError::IgnoredExit(yielded)),
            Ok(None) => match (self.take_return(), before) {
                (Some(value), _) => Ok(value),
                (None, State::Created) => Err(CloseError::NotStarted),
                (None, _) => Err(CloseError::NoReturn),
            },
        }
    }

    /// Resumes the generator whether or not it has started: one call for a
    /// scheduler or a protocol driver, with one error type.
    ///
    /// - `Suspended`: `send(value)`; gives `(step, None)`.
    /// - `Created`: `start()` instead, because a fresh generator cannot receive
    ///   a value (CPython: "can't send non-None value to a just-started
    ///   generator"). `value` was not delivered, so it is handed back:
    ///   `(step, Some(value))`. Send it next if it matters; for `S = ()` ignore it.
    /// - `Closed`: `Err(SendError::Closed(value))`, and no code runs.
    ///
    /// ```
    /// use gensend::{Gen, Step};
    ///
    /// let mut doubler = Gen::<i32, i32>::new(|co| async move {
    ///     let mut x = co.yield_(0).await;
    ///     loop {
    ///         x = co.yield_(x * 2).await;
    ///     }
    /// });
    /// assert_eq!(doubler.resume(5), Ok((Step::Yielded(0), Some(5)))); // started; 5 handed back
    /// assert_eq!(doubler.resume(5), Ok((Step::Yielded(10), None)));
    /// ```
    ///
    /// A round-robin scheduler over generators with nothing to send:
    ///
    /// ```
    /// use gensend::{Gen, Step};
    ///
    /// let task = |name: &'static str, n: u32| -> Gen<'static, String> {
    ///     Gen::new(move |co| async move {
    ///         for i in 0..n {
    ///             co.yield_(format!("{name}{i}")).await;
    ///         }
    ///     })
    /// };
    /// let mut ready = std::collections::VecDeque::from([task("a", 2), task("b", 1)]);
    /// let mut trace = Vec::new();
    /// while let Some(mut t) = ready.pop_front() {
    ///     if let Ok((Step::Yielded(line), _)) = t.resume(()) {
    ///         trace.push(line);
    ///         ready.push_back(t);
    ///     }
    /// }
    /// assert_eq!(trace, ["a0", "b0", "a1"]);
    /// ```
    #[allow(clippy::type_complexity)]
    #[track_caller]
    pub fn resume(&mut self, value: S) -> Result<(Step<Y, R>, Option<S>), SendError<S>> {
        if self.state() != State::Created {
            return self.send(value).map(|step| (step, None));
        }
        match self.start() {
            Ok(step) => Ok((step, Some(value))),
            Err(_) => Err(SendError::Closed(value)),
        }
    }
}
