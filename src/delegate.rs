//! The delegation forms that lose nothing a delegate ends with.
//!
//! [`Co::yield_from`] and [`Co::try_yield_from`] evaluate to a delegate's
//! return value and, for the catching form, to the [`Interrupt`] that escaped
//! it. Three things CPython can say fall outside those types, and each has its
//! form here:
//!
//! - A delegate that handles `GeneratorExit` and *returns* while it is being
//!   closed: in gensend a body's own error is a value of its return type, so
//!   this is how a delegate raises while closed (Python: `except GeneratorExit:
//!   raise Boom()`). [`Co::catch_yield_from`] hands that value to the delegator
//!   ([`Escaped::ExitReturned`]); the other forms drop it and raise `Exit` in the
//!   delegator, which is what CPython does with a returned value (PROTOCOL.md D4).
//! - A delegate that is already closed, its return value gone: CPython's
//!   `yield from` evaluates to `None`; [`Co::yield_from_or_none`] to `None`.
//! - An iterable: [`Co::try_yield_from_iter`] catches around it, and
//!   [`Co::try_yield_from_iter_with`] hands back a value sent into it (CPython
//!   raises `AttributeError` for a value other than `None`; gensend never drops
//!   one the body has not said stands for `None`). The iterable forms without a
//!   sent-value answer exist only for `S = ()`, where every resume is Python's
//!   `next()`.

use core::fmt;
use core::future::Future;
use core::panic::Location;

use crate::co::{Delegated, Delegation, Ending, Suspend, TRY_YIELD_FROM, YIELD_FROM, Yield};
use crate::state::{Interrupt, Point};
use crate::{Co, Gen};

/// What ends a [`Co::catch_yield_from`] delegation other than the delegate's
/// ordinary return.
///
/// ```
/// use gensend::{Escaped, Interrupt};
///
/// let closed: Escaped<Result<(), &str>, ()> = Escaped::ExitReturned(Err("Boom(9)"));
/// assert_eq!(closed.into_interrupt(), Interrupt::Exit);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Escaped<R2, E> {
    /// `throw(e)` went through the delegate uncaught (it has unwound).
    Throw(E),
    /// `close()`: the delegate closed without returning (it let `Exit` through).
    Exit,
    /// `close()`: the delegate handled `Exit` and returned this. Python: the
    /// exception it raised in its `except GeneratorExit:` handler, raised here
    /// (with `R2 = Result<T, Err>`, the `Err`); or a return value, which CPython
    /// discards, raising `GeneratorExit` here.
    ExitReturned(R2),
}

impl<R2, E> Escaped<R2, E> {
    /// The interrupt that is going on: `Throw(e)` for a throw, `Exit` for both
    /// kinds of close. Pass it to [`Co::reraise`] to let it continue outwards.
    ///
    /// ```
    /// use gensend::{Escaped, Interrupt};
    ///
    /// assert_eq!(Escaped::<u8, &str>::Throw("e").into_interrupt(), Interrupt::Throw("e"));
    /// assert_eq!(Escaped::<u8, &str>::ExitReturned(7).into_interrupt(), Interrupt::Exit);
    /// ```
    pub fn into_interrupt(self) -> Interrupt<E> {
        match self {
            Escaped::Throw(e) => Interrupt::Throw(e),
            Escaped::Exit | Escaped::ExitReturned(_) => Interrupt::Exit,
        }
    }
}

impl<R2, E: fmt::Display> fmt::Display for Escaped<R2, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Escaped::Throw(e) => e.fmt(f),
            Escaped::Exit => f.write_str("GeneratorExit"),
            Escaped::ExitReturned(_) => {
                f.write_str("GeneratorExit (the delegate returned while it was closed)")
            }
        }
    }
}

impl<R2: fmt::Debug, E: fmt::Debug + fmt::Display> core::error::Error for Escaped<R2, E> {}

/// What ends a [`Co::try_yield_from_iter_with`] delegation before the
/// iterator is exhausted.
///
/// ```
/// use gensend::{Interrupt, IterInterrupt};
///
/// assert_eq!(IterInterrupt::<i32, ()>::Sent(5).into_interrupt(), Err(5));
/// assert_eq!(IterInterrupt::<i32, ()>::Exit.into_interrupt(), Ok(Interrupt::Exit));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IterInterrupt<S, E> {
    /// A value was sent in (CPython: `AttributeError`, the iterator has no
    /// `send`); here it is, undropped.
    Sent(S),
    /// `throw(e)` was raised at the current item (an iterator cannot catch it).
    Throw(E),
    /// `close()` was raised at the current item.
    Exit,
}

impl<S, E> IterInterrupt<S, E> {
    /// The interrupt, for [`Co::reraise`]; or the sent value, which is no interrupt.
    ///
    /// ```
    /// use gensend::{Interrupt, IterInterrupt};
    ///
    /// assert_eq!(IterInterrupt::<(), &str>::Throw("e").into_interrupt(), Ok(Interrupt::Throw("e")));
    /// ```
    pub fn into_interrupt(self) -> Result<Interrupt<E>, S> {
        match self {
            IterInterrupt::Sent(s) => Err(s),
            IterInterrupt::Throw(e) => Ok(Interrupt::Throw(e)),
            IterInterrupt::Exit => Ok(Interrupt::Exit),
        }
    }
}

impl<S, E: fmt::Display> fmt::Display for IterInterrupt<S, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IterInterrupt::Sent(_) => {
                f.write_str("AttributeError: a value was sent into an iterable, which has no send")
            }
            IterInterrupt::Throw(e) => e.fmt(f),
            IterInterrupt::Exit => f.write_str("GeneratorExit"),
        }
    }
}

impl<S: fmt::Debug, E: fmt::Debug + fmt::Display> core::error::Error for IterInterrupt<S, E> {}

// ---------------------------------------------------------------------------
// Delegation forms that lose nothing (issue 17).
// ---------------------------------------------------------------------------

impl<'a, Y, S, E> Co<'a, Y, S, E> {
    /// Delegates to `sub` like [`try_yield_from`](Self::try_yield_from), and also
    /// hands over what `sub` returns while it is being closed
    /// ([`Escaped::ExitReturned`]): how a delegate's error raised in its
    /// `GeneratorExit` handler reaches its delegator (PROTOCOL.md D4).
    ///
    /// A `sub` that catches a `throw` and returns, or returns on a `send`, gives
    /// its value as `Ok`, as with every form. `sub` is started or given back as
    /// with [`yield_from`](Self::yield_from), and the same misuse panics.
    ///
    /// ```
    /// use gensend::{Escaped, Gen, Interrupt};
    ///
    /// #[derive(Debug, PartialEq)]
    /// struct Boom(i32);
    ///
    /// // Python:
    /// // def inner():
    /// //     try:
    /// //         yield 1
    /// //     except GeneratorExit:
    /// //         raise Boom(9)
    /// // def outer():
    /// //     try:
    /// //         return (yield from inner())
    /// //     except Boom as e:
    /// //         return f"caught {e!r}"
    /// // g = outer(); next(g); print(g.close())     # caught Boom(9)
    /// fn inner() -> Gen<'static, i32, (), Result<String, Boom>> {
    ///     Gen::new(|co| async move {
    ///         match co.try_yield(1).await {
    ///             Err(Interrupt::Exit) => Err(Boom(9)),
    ///             Ok(()) => Ok("inner done".to_string()),
    ///             Err(Interrupt::Throw(never)) => match never {},
    ///         }
    ///     })
    /// }
    /// let mut outer: Gen<i32, (), Result<String, Boom>> = Gen::new(|co| async move {
    ///     match co.catch_yield_from(inner()).await {
    ///         // `except Boom as e`: raised on a send, or while being closed
    ///         Ok(Err(e)) | Err(Escaped::ExitReturned(Err(e))) => Ok(format!("caught {e:?}")),
    ///         Ok(Ok(value)) => Ok(value),
    ///         // GeneratorExit (or a throw) goes on
    ///         Err(other) => co.reraise(other.into_interrupt()).await,
    ///     }
    /// });
    /// outer.start().unwrap();
    /// assert_eq!(outer.close(), Ok(Some(Ok("caught Boom(9)".to_string()))));
    /// ```
    #[track_caller]
    pub fn catch_yield_from<'b: 'a, R2, K>(
        &self,
        sub: Gen<'b, Y, S, R2, E, K>,
    ) -> impl Future<Output = Result<R2, Escaped<R2, E>>> {
        Ending::new(Delegation::new(self, sub, None, Point::TryYieldFrom), escaped)
    }

    /// [`yield_from_sending`](Self::yield_from_sending) at a point that catches
    /// like [`catch_yield_from`](Self::catch_yield_from).
    ///
    /// ```
    /// use gensend::{Escaped, Gen, Interrupt};
    ///
    /// let mut g: Gen<i32, i32, i32> = Gen::new(|co| async move {
    ///     let mut sub: Gen<i32, i32, i32> = Gen::new(|co| async move {
    ///         let mut total = 0;
    ///         loop {
    ///             match co.try_yield(total).await {
    ///                 Ok(x) => total += x,
    ///                 Err(_) => return total, // Python: except GeneratorExit: return total
    ///             }
    ///         }
    ///     });
    ///     sub.start().unwrap();
    ///     match co.catch_yield_from_sending(sub, 10).await {
    ///         Err(Escaped::ExitReturned(total)) => total * 2,
    ///         Ok(_) | Err(_) => -1,
    ///     }
    /// });
    /// g.start().unwrap(); // the sub received 10 and yielded 10
    /// g.send(5).unwrap();
    /// assert_eq!(g.close(), Ok(Some(30)));
    /// ```
    #[track_caller]
    pub fn catch_yield_from_sending<'b: 'a, R2, K>(
        &self,
        sub: Gen<'b, Y, S, R2, E, K>,
        value: S,
    ) -> impl Future<Output = Result<R2, Escaped<R2, E>>> {
        Ending::new(Delegation::new(self, sub, Some(value), Point::TryYieldFrom), escaped)
    }

    /// Delegates to `sub` like [`yield_from`](Self::yield_from), but evaluates to
    /// `None` instead of panicking when `sub` is closed and its return value is
    /// gone (it was exhausted and the value taken, closed, or killed by an
    /// uncaught throw): CPython's `yield from` evaluates to `None` there.
    /// Otherwise it evaluates to `Some` of `sub`'s return value. A `sub`
    /// suspended at a yield still panics, as with `yield_from` (no `S` to resume
    /// it with: use [`yield_from_sending`](Self::yield_from_sending)).
    ///
    /// ```
    /// use gensend::{Gen, Step};
    ///
    /// // Python: g = inner(); next(g); g.throw(ValueError) ... (killed)
    /// //         r = yield from g    # None: nothing runs, nothing is yielded
    /// let mut killed: Gen<i32, (), i32, &str> = Gen::throwable(|co| async move { co.yield_(1).await; 7 });
    /// killed.start().unwrap();
    /// assert_eq!(killed.throw("ValueError"), Err("ValueError"));
    /// let mut outer: Gen<i32, (), Option<i32>, &str> = Gen::throwable(|co| async move {
    ///     co.yield_from_or_none(killed).await
    /// });
    /// assert_eq!(outer.start(), Ok(Step::Complete(None)));
    /// ```
    #[track_caller]
    pub fn yield_from_or_none<'b: 'a, R2, K>(
        &self,
        sub: Gen<'b, Y, S, R2, E, K>,
    ) -> impl Future<Output = Option<R2>> {
        let mut delegation = Delegation::new(self, sub, None, Point::YieldFrom);
        delegation.gone_ok = true;
        Ending::new(delegation, returned_or_gone)
    }

    /// Yields the items of `iter` at a catching point, for any sent type `S`:
    /// Python's `yield from iterable` in a generator that is resumed with
    /// values. `is_next(&sent)` says which sent values stand for Python's `None`
    /// (`next()`): on those the iteration goes on (the value was only a resume;
    /// it is dropped). Any other value ends the delegation and is handed back as
    /// [`IterInterrupt::Sent`] (CPython raises `AttributeError` there: the
    /// iterator has no `send`). `throw` and `close` end it too, as
    /// `Throw` / `Exit` (the iterator cannot catch them); `Ok(())` when `iter`
    /// is exhausted. Pass `iter.by_ref()` to go on with the rest afterwards.
    ///
    /// With `S = ()`, where every resume is `next()`, use
    /// [`yield_from_iter`](Self::yield_from_iter) or
    /// [`try_yield_from_iter`](Self::try_yield_from_iter).
    ///
    /// ```
    /// use gensend::{Gen, IterInterrupt, Step};
    ///
    /// // Python: try: yield from ["a", "b", "c"]
    /// //         except AttributeError: ...  (g.send("x") raised it; None went on)
    /// let mut g: Gen<&str, Option<&str>, &str> = Gen::new(|co| async move {
    ///     match co.try_yield_from_iter_with(["a", "b", "c"], Option::is_none).await {
    ///         Ok(()) => "exhausted",
    ///         Err(IterInterrupt::Sent(sent)) => sent.unwrap_or_default(),
    ///         Err(IterInterrupt::Throw(never)) => match never {},
    ///         Err(IterInterrupt::Exit) => "closed",
    ///     }
    /// });
    /// assert_eq!(g.start(), Ok(Step::Yielded("a")));
    /// assert_eq!(g.send(None), Ok(Step::Yielded("b")));
    /// assert_eq!(g.send(Some("x")), Ok(Step::Complete("x")));
    /// ```
    #[track_caller]
    pub fn try_yield_from_iter_with<I, F>(
        &self,
        iter: I,
        mut is_next: F,
    ) -> impl Future<Output = Result<(), IterInterrupt<S, E>>>
    where
        I: IntoIterator<Item = Y>,
        F: FnMut(&S) -> bool,
    {
        let location = Location::caller();
        async move {
            for item in iter {
                let mut suspend = Suspend::<_, _, _, TRY_YIELD_FROM>::new(self, item);
                suspend.location = location;
                match suspend.await {
                    Ok(sent) if is_next(&sent) => {}
                    Ok(sent) => return Err(IterInterrupt::Sent(sent)),
                    Err(Interrupt::Throw(e)) => return Err(IterInterrupt::Throw(e)),
                    Err(Interrupt::Exit) => return Err(IterInterrupt::Exit),
                }
            }
            Ok(())
        }
    }
}

/// With nothing to send (`S = ()`) every resume is Python's `next()`, so an
/// iterable can be delegated to without a question of what a sent value means.
impl<'a, Y, E> Co<'a, Y, (), E> {
    /// Yields every item of `iter` (Python's `yield from iterable`).
    ///
    /// `throw` and `close` unwind this body at the current item. Only for
    /// `S = ()`: a value sent into an iterable has no place to go (CPython raises
    /// `AttributeError`), so with another `S` use
    /// [`try_yield_from_iter_with`](Self::try_yield_from_iter_with), which
    /// hands it back.
    ///
    /// ```
    /// use gensend::Gen;
    ///
    /// let g: Gen<char> = Gen::new(|co| async move {
    ///     co.yield_from_iter("ab".chars()).await;
    ///     co.yield_('!').await;
    /// });
    /// assert_eq!(g.collect::<String>(), "ab!");
    /// ```
    #[track_caller]
    pub fn yield_from_iter<I>(&self, iter: I) -> impl Future<Output = ()>
    where
        I: IntoIterator<Item = Y>,
    {
        let location = Location::caller();
        async move {
            for item in iter {
                let mut suspend = Suspend::new(self, item);
                suspend.location = location;
                Yield::<_, _, _, YIELD_FROM> { suspend }.await;
            }
        }
    }

    /// [`yield_from_iter`](Self::yield_from_iter) at a point that catches:
    /// `throw(e)` and `close()` at any item end the iteration (an iterator
    /// cannot catch them; it is dropped) and arrive as `Err(Interrupt::Throw(e))`
    /// / `Err(Interrupt::Exit)`; `Ok(())` when `iter` is exhausted.
    ///
    /// ```
    /// use gensend::{Gen, Interrupt, Step, State};
    ///
    /// // Python:
    /// // def outer():
    /// //     try:
    /// //         yield from ["a", "b"]
    /// //     except Boom:
    /// //         yield "caught"
    /// // g = outer(); next(g); print(g.throw(Boom()))   # caught (g still suspended)
    /// let mut g: Gen<&str, (), (), &str> = Gen::throwable(|co| async move {
    ///     match co.try_yield_from_iter(["a", "b"]).await {
    ///         Ok(()) => {}
    ///         Err(Interrupt::Throw(_boom)) => co.yield_("caught").await,
    ///         Err(exit) => co.reraise(exit).await,
    ///     }
    /// });
    /// assert_eq!(g.start(), Ok(Step::Yielded("a")));
    /// assert_eq!(g.throw("Boom"), Ok(Step::Yielded("caught")));
    /// assert_eq!(g.state(), State::Suspended);
    /// ```
    #[track_caller]
    pub fn try_yield_from_iter<I>(&self, iter: I) -> impl Future<Output = Result<(), Interrupt<E>>>
    where
        I: IntoIterator<Item = Y>,
    {
        let location = Location::caller();
        async move {
            for item in iter {
                let mut suspend = Suspend::<_, _, _, TRY_YIELD_FROM>::new(self, item);
                suspend.location = location;
                suspend.await?;
            }
            Ok(())
        }
    }
}

/// `catch_yield_from`: every ending but `Gone` (a closed sub without a value
/// is a misuse here, reported by the delegation).
fn escaped<R2, E>(delegated: Delegated<R2, E>) -> Option<Result<R2, Escaped<R2, E>>> {
    match delegated {
        Delegated::Returned(value) => Some(Ok(value)),
        Delegated::Throw(e) => Some(Err(Escaped::Throw(e))),
        Delegated::Exit => Some(Err(Escaped::Exit)),
        Delegated::ExitReturned(value) => Some(Err(Escaped::ExitReturned(value))),
        Delegated::Gone => None,
    }
}

/// `yield_from_or_none`: non-catching (the driver unwinds the body on an
/// interrupt), so only a return or `Gone` completes it.
fn returned_or_gone<R2, E>(delegated: Delegated<R2, E>) -> Option<Option<R2>> {
    match delegated {
        Delegated::Returned(value) => Some(Some(value)),
        Delegated::Gone => Some(None),
        _ => None,
    }
}
