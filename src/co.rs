//! The handle a generator body receives: its yield points.
//!
//! Every method returns a future that must be awaited directly in the body (or
//! in an `async` block the body awaits). Awaiting anything else that suspends —
//! a timer, a channel — is a bug in the body and makes the resuming call panic
//! (at the caller's line) with a message naming the mistake and the body's last
//! yield, as does using a handle in another generator, after its generator is
//! gone, or awaiting two yields at once.

use core::cell::Cell;
use core::convert::Infallible;
use core::fmt::Debug;
use core::future::Future;
use core::marker::PhantomData;
use core::panic::Location;
use core::pin::Pin;
use core::task::{Context, Poll};

use crate::Gen;
use crate::misuse::Misuse;
use crate::raw::{self, Input, Slot, Value};
use crate::state::{Interrupt, Point, State};

/// A generator body's handle: `co.yield_(v).await` is Python's `x = yield v`.
///
/// `Y` is what the body yields, `S` what is sent in, `E` what can be thrown in.
/// A `Co` carries no pointer (only its generator's id), so it is `Send`, `Sync`
/// and free to hold across yields.
///
/// ```
/// use gensend::{Gen, Step};
///
/// // Python: def echo():
/// //             received = yield "ready"
/// //             while True: received = yield f"Echo: {received}"
/// let mut echo: Gen<String, &str> = Gen::new(|co| async move {
///     let mut received = co.yield_("ready".to_string()).await;
///     loop {
///         received = co.yield_(format!("Echo: {received}")).await;
///     }
/// });
/// assert_eq!(echo.start(), Ok(Step::Yielded("ready".to_string())));
/// assert_eq!(echo.send("hi"), Ok(Step::Yielded("Echo: hi".to_string())));
/// ```
pub struct Co<'a, Y, S = (), E = Infallible> {
    id: u64,
    /// Invariant in everything. `'a` is the lifetime of the generator this handle
    /// belongs to, so that a delegate handed to `yield_from` provably outlives its
    /// delegator (it cannot borrow the delegator's locals); `Y`, `S` and `E` must
    /// be exactly the airlock's types, so that no lifetime inside them can be
    /// stretched by subtyping (see the soundness argument in `raw`).
    _types: Invariant<'a, (Y, S, E)>,
}

type Invariant<'a, T> = PhantomData<(fn(T) -> T, fn(&'a ()) -> &'a ())>;

/// Shows which generator the handle belongs to (its id).
///
/// ```
/// use gensend::Gen;
///
/// let g: Gen<String> = Gen::new(|co| async move {
///     co.yield_(format!("{co:?}")).await;
/// });
/// assert!(g.into_iter().next().unwrap().starts_with("Co { generator: "));
/// ```
impl<Y, S, E> core::fmt::Debug for Co<'_, Y, S, E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Co").field("generator", &raw::id_of(self.id)).finish()
    }
}

/// The short form for bodies that cannot be thrown into (`E = Infallible`),
/// where the only interrupt a catching point can receive is `Exit`.
impl<Y, S> Co<'_, Y, S, Infallible> {
    /// Yields `value` at a point that catches `close()`: evaluates to
    /// `Some(sent)`, or to `None` when the generator is being closed (Python's
    /// `except GeneratorExit`). What the body returns after `None` is what
    /// `close()` returns.
    ///
    /// This is [`try_yield`](Self::try_yield) for a body that cannot be thrown
    /// into: `co.try_yield(v).await.ok()`, with no `Interrupt` to match.
    ///
    /// ```
    /// use gensend::Gen;
    ///
    /// // Python:
    /// // def total():
    /// //     sum = 0
    /// //     try:
    /// //         while True: sum += yield
    /// //     except GeneratorExit:
    /// //         return sum
    /// let mut total = Gen::<(), i32, i32>::new(|co| async move {
    ///     let mut sum = 0;
    ///     while let Some(x) = co.yield_or_exit(()).await {
    ///         sum += x;
    ///     }
    ///     sum
    /// });
    /// total.start().unwrap();
    /// total.send(10).unwrap();
    /// total.send(8).unwrap();
    /// assert_eq!(total.finish(), Ok(18));
    /// ```
    #[track_caller]
    pub fn yield_or_exit(&self, value: Y) -> impl Future<Output = Option<S>> {
        YieldOrExit { suspend: Suspend::new(self, value) }
    }
}

impl<'a, Y, S, E> Co<'a, Y, S, E> {
    pub(crate) fn new(id: u64) -> Self {
        Co { id, _types: PhantomData }
    }

    /// Yields `value` and evaluates to the value sent in (Python's `x = yield v`).
    ///
    /// This point does not catch: `throw` and `close` unwind the body here (its
    /// `Drop` guards run, like Python's `finally`).
    ///
    /// ```
    /// use gensend::{Gen, Step};
    ///
    /// let mut acc: Gen<i32, i32> = Gen::new(|co| async move {
    ///     let mut total = 0;
    ///     loop {
    ///         total += co.yield_(total).await;
    ///     }
    /// });
    /// assert_eq!(acc.start(), Ok(Step::Yielded(0)));
    /// assert_eq!(acc.send(10), Ok(Step::Yielded(10)));
    /// assert_eq!(acc.send(5), Ok(Step::Yielded(15)));
    /// ```
    #[track_caller]
    pub fn yield_(&self, value: Y) -> impl Future<Output = S> {
        Yield::<_, _, _, YIELD> { suspend: Suspend::new(self, value) }
    }

    /// Yields `value` at a point that *catches*: evaluates to `Ok(sent)`, or to
    /// `Err(Interrupt::Throw(e))` / `Err(Interrupt::Exit)` when thrown into or
    /// closed. The body decides what happens next: yield again, return, or
    /// propagate with `?`. In a body that cannot be thrown into
    /// (`E = Infallible`), [`yield_or_exit`](Self::yield_or_exit) is the short
    /// form (`None` when closed), and a `match` here needs no `Throw` arm.
    ///
    /// ```
    /// use gensend::{Gen, Interrupt, Step};
    ///
    /// // Python: try: yield "waiting" / except ValueError: yield "recovered"
    /// let mut g: Gen<&str, (), (), &str> = Gen::throwable(|co| async move {
    ///     loop {
    ///         match co.try_yield("waiting").await {
    ///             Ok(()) => {}
    ///             Err(Interrupt::Throw(_)) => co.yield_("recovered").await,
    ///             Err(Interrupt::Exit) => return,
    ///         }
    ///     }
    /// });
    /// g.start().unwrap();
    /// assert_eq!(g.throw("ValueError"), Ok(Step::Yielded("recovered")));
    /// assert_eq!(g.send(()), Ok(Step::Yielded("waiting")));
    /// assert_eq!(g.close(), Ok(Some(()))); // caught at try_yield: returned
    /// ```
    #[track_caller]
    pub fn try_yield(&self, value: Y) -> impl Future<Output = Result<S, Interrupt<E>>> {
        Suspend::<_, _, _, TRY_YIELD>::new(self, value)
    }

    /// Yields `value` like [`yield_`](Self::yield_), and while suspended here,
    /// exposes `view`, a view of the body's locals, to
    /// [`Gen::locals`](crate::Gen::locals) and the generator's
    /// [`backtrace`](crate::Gen::backtrace) (Python's `gi_frame.f_locals`).
    ///
    /// The view is borrowed from the body, not copied: no lock, no allocation,
    /// nothing done per resume beyond a plain yield's work, and no cost at all
    /// at the yield points that expose nothing. It is shown only while the body
    /// is suspended in this very future, awaited in the body (a yield future
    /// boxed, or dropped before it was resumed, exposes nothing).
    ///
    /// The future is neither `Send` nor `Sync` (it is tied to the thread of the
    /// generator it exposes), so bodies that expose their locals make a
    /// [`LocalGen`](crate::LocalGen) ([`Gen::new_local`](crate::Gen::new_local)).
    ///
    /// ```
    /// use gensend::{Gen, LocalGen};
    ///
    /// // Python: print(acc.gi_frame.f_locals)
    /// let mut acc: LocalGen<i32, i32> = Gen::new_local(|co| async move {
    ///     let mut total = 0;
    ///     loop {
    ///         total += co.yield_with(total, &total).await;
    ///     }
    /// });
    /// acc.start().unwrap();
    /// acc.send(7).unwrap();
    /// assert_eq!(format!("{:?}", acc.locals().unwrap()), "7");
    /// ```
    ///
    /// A [`Gen`], which must be `Send`, cannot hold it across its
    /// yield:
    ///
    /// ```compile_fail,E0277
    /// use gensend::Gen;
    ///
    /// let acc: Gen<i32> = Gen::new(|co| async move {
    ///     let total = 1;
    ///     co.yield_with(total, &total).await;
    /// });
    /// ```
    #[track_caller]
    pub fn yield_with(&self, value: Y, view: &dyn Debug) -> impl Future<Output = S> {
        raw::Exposure::new(
            view,
            Location::caller(),
            WithView::<_, _, _, YIELD> { co: self, value: Cell::new(Some(value)) },
        )
    }

    /// [`try_yield`](Self::try_yield) that exposes `view` while suspended, like
    /// [`yield_with`](Self::yield_with).
    ///
    /// ```
    /// use gensend::{Gen, Interrupt, LocalGen};
    ///
    /// let mut g: LocalGen<u32, u32, u32> = Gen::new_local(|co| async move {
    ///     let mut seen = 0;
    ///     loop {
    ///         match co.try_yield_with(seen, &seen).await {
    ///             Ok(_) => seen += 1,
    ///             Err(Interrupt::Exit) => return seen,
    ///             Err(Interrupt::Throw(never)) => match never {},
    ///         }
    ///     }
    /// });
    /// g.start().unwrap();
    /// g.send(0).unwrap();
    /// assert_eq!(format!("{:?}", g.locals().unwrap()), "1");
    /// assert_eq!(g.close(), Ok(Some(1)));
    /// assert!(g.locals().is_none());
    /// ```
    #[track_caller]
    pub fn try_yield_with(
        &self,
        value: Y,
        view: &dyn Debug,
    ) -> impl Future<Output = Result<S, Interrupt<E>>> {
        let state = WithView::<_, _, _, TRY_YIELD> { co: self, value: Cell::new(Some(value)) };
        raw::Exposure::new(view, Location::caller(), state)
    }

    /// Delegates to `sub` (Python's `yield from sub`) and evaluates to its return
    /// value.
    ///
    /// While `sub` runs, `send`, `throw` and `close` on the outermost generator
    /// go straight to the innermost delegate, and its yields go straight out: a
    /// resume costs the same at any depth. What escapes `sub` (an uncaught throw,
    /// a close) unwinds this body too; use [`try_yield_from`](Self::try_yield_from)
    /// to catch it. A value `sub` returns while it is being closed (how a body
    /// raises its own error there) is dropped and `Exit` goes on (PROTOCOL.md
    /// D4); [`catch_yield_from`](Self::catch_yield_from) hands it over.
    ///
    /// A fresh `sub` is started as part of this call, as in CPython. A `sub` that
    /// already returned gives its return value at once, if it still has it. A
    /// `sub` that has started (suspended at a yield) is delegated to with
    /// [`yield_from_sending`](Self::yield_from_sending), which says what to
    /// resume it with.
    ///
    /// `sub` must outlive the delegating generator (`'b: 'a`): it may borrow what
    /// the delegator borrows, but not the delegator's own locals; move them in.
    ///
    /// ```compile_fail
    /// use gensend::Gen;
    ///
    /// let outer: Gen<usize> = Gen::new(|co| async move {
    ///     let local = String::from("borrowed from the delegator");
    ///     let text = &local;
    ///     co.yield_from(Gen::new(move |co| async move { co.yield_(text.len()).await })).await;
    /// });
    /// ```
    ///
    /// # Panics
    ///
    /// When polled, if `sub` is suspended at a yield: CPython would resume it with
    /// `None`, but a generic `S` has no such value, so gensend will not invent
    /// one (use [`yield_from_sending`](Self::yield_from_sending)); or if `sub` is
    /// closed without a return value to give (CPython evaluates that to `None`:
    /// use [`yield_from_or_none`](Self::yield_from_or_none)).
    ///
    /// ```
    /// use gensend::Gen;
    ///
    /// fn inner() -> Gen<'static, i32, (), &'static str> {
    ///     Gen::new(|co| async move {
    ///         co.yield_(1).await;
    ///         co.yield_(2).await;
    ///         "inner done"
    ///     })
    /// }
    /// let outer: Gen<i32, (), &str> = Gen::new(|co| async move {
    ///     let result = co.yield_from(inner()).await;
    ///     co.yield_(3).await;
    ///     result
    /// });
    /// assert_eq!(outer.collect::<Vec<_>>(), [1, 2, 3]);
    /// ```
    #[track_caller]
    pub fn yield_from<'b: 'a, R2, K>(&self, sub: Gen<'b, Y, S, R2, E, K>) -> impl Future<Output = R2> {
        Ending::new(Delegation::new(self, sub, None, Point::YieldFrom), returned)
    }

    /// Delegates to `sub` like [`yield_from`](Self::yield_from), but catches what
    /// escapes it: an uncaught `throw(e)` arrives as `Err(Interrupt::Throw(e))`
    /// (after `sub` has unwound), a `close()` as `Err(Interrupt::Exit)` (after
    /// `sub` has been closed; a value it returned while closed is dropped, see
    /// [`catch_yield_from`](Self::catch_yield_from) to get it).
    ///
    /// ```
    /// use gensend::{Gen, Interrupt, Step};
    ///
    /// let mut g: Gen<i32, (), &str, &str> = Gen::throwable(|co| async move {
    ///     let sub = Gen::throwable(|co| async move { co.yield_(1).await });
    ///     match co.try_yield_from(sub).await {
    ///         Ok(()) => "sub finished",
    ///         Err(Interrupt::Throw(e)) => e,
    ///         Err(Interrupt::Exit) => "closed",
    ///     }
    /// });
    /// assert_eq!(g.start(), Ok(Step::Yielded(1)));
    /// assert_eq!(g.throw("boom"), Ok(Step::Complete("boom")));
    /// ```
    #[track_caller]
    pub fn try_yield_from<'b: 'a, R2, K>(
        &self,
        sub: Gen<'b, Y, S, R2, E, K>,
    ) -> impl Future<Output = Result<R2, Interrupt<E>>> {
        Ending::new(Delegation::new(self, sub, None, Point::TryYieldFrom), interrupted)
    }

    /// Delegates to `sub`, which has already started, resuming it first with
    /// `value`: Python's `yield from sub` on a generator suspended at a yield,
    /// which CPython resumes with `None` (with `S = ()`, pass `()`). Evaluates to
    /// `sub`'s return value, like [`yield_from`](Self::yield_from).
    ///
    /// All of `sub` moves to the outermost driver, including the delegates `sub`
    /// is itself running: `value` goes to the innermost of them, as CPython's
    /// `send` would. If `sub` returns on receiving `value`, this evaluates to its
    /// return value in the same resume. If `sub` has already returned, this gives
    /// its return value at once and drops `value`. (Handing a started generator
    /// over moves its chain as a list, which may allocate once; resuming it then
    /// allocates nothing, as with [`yield_from`](Self::yield_from).)
    ///
    /// ```
    /// use gensend::{Gen, Step};
    ///
    /// fn numbers() -> Gen<'static, i32, (), &'static str> {
    ///     Gen::new(|co| async move {
    ///         for n in 1..=3 {
    ///             co.yield_(n).await;
    ///         }
    ///         "numbers done"
    ///     })
    /// }
    /// // Python:
    /// // def outer():
    /// //     g = numbers()
    /// //     first = next(g)            # peek at the first value
    /// //     yield first * 100
    /// //     return (yield from g)      # resumes g with None
    /// let mut outer: Gen<i32, (), &str> = Gen::new(|co| async move {
    ///     let mut g = numbers();
    ///     let Ok(Step::Yielded(first)) = g.start() else { return "empty" };
    ///     co.yield_(first * 100).await;
    ///     co.yield_from_sending(g, ()).await
    /// });
    /// assert_eq!(outer.by_ref().collect::<Vec<_>>(), [100, 2, 3]);
    /// assert_eq!(outer.take_return(), Some("numbers done"));
    /// ```
    ///
    /// # Panics
    ///
    /// When polled, if `sub` has not started (CPython's `send` refuses a value
    /// there too; [`yield_from`](Self::yield_from) starts it), or if it is closed
    /// without a return value to give.
    #[track_caller]
    pub fn yield_from_sending<'b: 'a, R2, K>(
        &self,
        sub: Gen<'b, Y, S, R2, E, K>,
        value: S,
    ) -> impl Future<Output = R2> {
        Ending::new(Delegation::new(self, sub, Some(value), Point::YieldFrom), returned)
    }

    /// [`yield_from_sending`](Self::yield_from_sending) at a point that catches,
    /// like [`try_yield_from`](Self::try_yield_from).
    ///
    /// ```
    /// use gensend::{Gen, Interrupt, Step};
    ///
    /// let mut g: Gen<i32, i32, i32, &str> = Gen::throwable(|co| async move {
    ///     let mut sub: Gen<i32, i32, (), &str> = Gen::throwable(|co| async move {
    ///         let mut total = 0;
    ///         loop {
    ///             total += co.yield_(total).await;
    ///         }
    ///     });
    ///     sub.start().unwrap();
    ///     match co.try_yield_from_sending(sub, 10).await {
    ///         Ok(()) => 0,
    ///         Err(Interrupt::Throw(_)) => -1,
    ///         Err(Interrupt::Exit) => -2,
    ///     }
    /// });
    /// assert_eq!(g.start(), Ok(Step::Yielded(10))); // the sub received 10
    /// assert_eq!(g.send(5), Ok(Step::Yielded(15)));
    /// assert_eq!(g.throw("stop"), Ok(Step::Complete(-1)));
    /// ```
    #[track_caller]
    pub fn try_yield_from_sending<'b: 'a, R2, K>(
        &self,
        sub: Gen<'b, Y, S, R2, E, K>,
        value: S,
    ) -> impl Future<Output = Result<R2, Interrupt<E>>> {
        Ending::new(Delegation::new(self, sub, Some(value), Point::TryYieldFrom), interrupted)
    }

    /// Lets an interrupt caught at a catching point go on as if it had not been
    /// caught: the body unwinds from here (its `Drop` guards run), and the
    /// interrupt continues outwards — `throw` hands the error back to its caller
    /// (or raises it in the delegator), `close` reports no value. This is
    /// Python's `except ValueError:` letting `GeneratorExit` through, or a bare
    /// `raise` in a handler. The error thrown may be replaced by another value.
    ///
    /// The future never completes, so it fits any type (`T`).
    ///
    /// # Panics
    ///
    /// When polled, if the interrupt is not of the kind delivered in this resume
    /// (`Throw` while handling a `throw`, `Exit` while handling a `close`): a
    /// `send` cannot report an error, and `close` cannot report a thrown one.
    ///
    /// ```
    /// use gensend::{Gen, Interrupt, Step};
    ///
    /// // Python: try: yield 1
    /// //         except ValueError: yield "recovered"   (GeneratorExit passes through)
    /// let mut g: Gen<&str, (), &str, &str> = Gen::throwable(|co| async move {
    ///     match co.try_yield("ready").await {
    ///         Ok(()) => {}
    ///         Err(Interrupt::Throw(_)) => co.yield_("recovered").await,
    ///         Err(exit @ Interrupt::Exit) => co.reraise(exit).await,
    ///     }
    ///     "done"
    /// });
    /// g.start().unwrap();
    /// assert_eq!(g.close(), Ok(None)); // not Ok(Some("done")): Exit was not handled
    /// ```
    #[track_caller]
    pub fn reraise<T>(&self, interrupt: Interrupt<E>) -> impl Future<Output = T> {
        Reraise { co: self, interrupt: Some(interrupt), _output: PhantomData }
    }
}

/// The kinds of yield point a [`Suspend`] can be (a const parameter, so that
/// a yield future does not carry its kind around).
const YIELD: u8 = Point::Yield as u8;
const TRY_YIELD: u8 = Point::TryYield as u8;
pub(crate) const YIELD_FROM: u8 = Point::YieldFrom as u8;
pub(crate) const TRY_YIELD_FROM: u8 = Point::TryYieldFrom as u8;

/// The future behind every yield point.
pub(crate) struct Suspend<'c, 'a, Y, S, E, const KIND: u8> {
    co: &'c Co<'a, Y, S, E>,
    value: Option<Y>,
    pub(crate) location: &'static Location<'static>,
}

impl<Y, S, E, const KIND: u8> Unpin for Suspend<'_, '_, Y, S, E, KIND> {}

impl<'c, 'a, Y, S, E, const KIND: u8> Suspend<'c, 'a, Y, S, E, KIND> {
    #[track_caller]
    pub(crate) fn new(co: &'c Co<'a, Y, S, E>, value: Y) -> Self {
        Suspend { co, value: Some(value), location: Location::caller() }
    }
}

impl<Y, S, E, const KIND: u8> Future for Suspend<'_, '_, Y, S, E, KIND> {
    type Output = Result<S, Interrupt<E>>;

    #[inline(always)]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Some(airlock) = raw::airlock::<Y, S, E>(cx, self.co.id) else { return Poll::Pending };
        if let Some(value) = self.value.take() {
            if airlock.put_value(Value::Yielded(value)).is_err() {
                return airlock.misuse(Misuse::TwoAtOnce);
            }
            airlock.suspend_at(const { Point::ALL[KIND as usize] }, self.location);
            return Poll::Pending;
        }
        received(airlock)
    }
}

/// What a yield point that has yielded receives: a sent value, or at a catching
/// point an interrupt; pending otherwise (polled again in the same resume).
#[inline(always)]
fn received<Y, S, E>(airlock: &raw::Airlock<'_, Y, S, E>) -> Poll<Result<S, Interrupt<E>>> {
    match airlock.value.take() {
        Value::Sent(s) => return Poll::Ready(Ok(s)),
        Value::Empty => {}
        yielded @ Value::Yielded(_) => {
            airlock.value.set(yielded);
            return Poll::Pending;
        }
    }
    match airlock.slot.take() {
        Slot::Input(Input::Throw(e)) => Poll::Ready(Err(Interrupt::Throw(e))),
        // (`Slot::ExitReturned` only reaches a delegation.)
        Slot::Input(Input::Exit) => Poll::Ready(Err(Interrupt::Exit)),
        other => {
            airlock.slot.set(other);
            Poll::Pending
        }
    }
}

/// The state of a yield point that exposes a view (`yield_with`), kept in a
/// [`raw::Exposure`] with the view. Its fields are `Cell`s: the future is
/// `!Unpin` and polled through a shared reference (no unsafe pin projection).
struct WithView<'c, 'a, Y, S, E, const KIND: u8> {
    co: &'c Co<'a, Y, S, E>,
    value: Cell<Option<Y>>,
}

/// A yield future that exposes a view (`yield_with`, `try_yield_with`).
type YieldWith<'c, 'a, 'v, Y, S, E, const KIND: u8> =
    raw::Exposure<'v, Y, S, E, WithView<'c, 'a, Y, S, E, KIND>>;

/// Polls a yield point that exposes a view: the first poll yields and
/// registers the view beside the value; a later one receives what was sent
/// (and the site forgets the view: the body runs again).
#[inline]
fn poll_with_view<Y, S, E, const KIND: u8>(
    this: Pin<&YieldWith<'_, '_, '_, Y, S, E, KIND>>,
    cx: &mut Context<'_>,
) -> Poll<Result<S, Interrupt<E>>> {
    let state = &this.get_ref().state;
    let Some(airlock) = raw::airlock::<Y, S, E>(cx, state.co.id) else { return Poll::Pending };
    let point = const { Point::ALL[KIND as usize] };
    if let Some(value) = state.value.take() {
        if airlock.put_value(Value::Yielded(value)).is_err() {
            return airlock.misuse(Misuse::TwoAtOnce);
        }
        airlock.suspend_at(point, this.location());
        if !this.register(airlock) {
            return airlock.misuse(Misuse::TwoAtOnce);
        }
        return Poll::Pending;
    }
    let received = received(airlock);
    if received.is_ready() {
        airlock.suspend_at(point, this.location()); // the plain point: no view any more
    }
    received
}

impl<Y, S, E> Future for YieldWith<'_, '_, '_, Y, S, E, YIELD> {
    type Output = S;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<S> {
        match poll_with_view(self.into_ref(), cx) {
            Poll::Ready(Ok(s)) => Poll::Ready(s),
            Poll::Ready(Err(_)) | Poll::Pending => Poll::Pending,
        }
    }
}

impl<Y, S, E> Future for YieldWith<'_, '_, '_, Y, S, E, TRY_YIELD> {
    type Output = Result<S, Interrupt<E>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        poll_with_view(self.into_ref(), cx)
    }
}

/// Hands a caught interrupt back to the driver, which unwinds the body.
struct Reraise<'c, 'a, Y, S, E, T> {
    co: &'c Co<'a, Y, S, E>,
    interrupt: Option<Interrupt<E>>,
    _output: PhantomData<fn() -> T>,
}

impl<Y, S, E, T> Unpin for Reraise<'_, '_, Y, S, E, T> {}

impl<Y, S, E, T> Future for Reraise<'_, '_, Y, S, E, T> {
    type Output = T;

    #[inline(always)]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let Some(airlock) = raw::airlock::<Y, S, E>(cx, self.co.id) else { return Poll::Pending };
        if let Some(interrupt) = self.interrupt.take()
            && airlock.put(Slot::Reraise(interrupt)).is_err()
        {
            return airlock.misuse(Misuse::TwoAtOnce);
        }
        Poll::Pending
    }
}

/// `try_yield` in a body that cannot be thrown into: `Err` can only be `Exit`.
struct YieldOrExit<'c, 'a, Y, S> {
    suspend: Suspend<'c, 'a, Y, S, Infallible, TRY_YIELD>,
}

impl<Y, S> Future for YieldOrExit<'_, '_, Y, S> {
    type Output = Option<S>;

    #[inline(always)]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S>> {
        Pin::new(&mut self.suspend).poll(cx).map(Result::ok)
    }
}

/// A non-catching yield point: the driver unwinds the body instead of
/// delivering interrupts here, so only sent values arrive.
pub(crate) struct Yield<'c, 'a, Y, S, E, const KIND: u8> {
    pub(crate) suspend: Suspend<'c, 'a, Y, S, E, KIND>,
}

impl<Y, S, E, const KIND: u8> Future for Yield<'_, '_, Y, S, E, KIND> {
    type Output = S;

    #[inline(always)]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<S> {
        match Pin::new(&mut self.suspend).poll(cx) {
            Poll::Ready(Ok(s)) => Poll::Ready(s),
            Poll::Ready(Err(_)) | Poll::Pending => Poll::Pending,
        }
    }
}

/// Everything a delegation can end with; each form of `yield_from` keeps what
/// its type can say.
pub(crate) enum Delegated<R2, E> {
    /// `sub` returned this (or had returned and still held it).
    Returned(R2),
    /// `sub` was closed and its return value gone before the delegation began
    /// (only when the form accepts that: `gone_ok`).
    Gone,
    Throw(E),
    Exit,
    /// `close()`: `sub` handled `Exit` and returned this.
    ExitReturned(R2),
}

/// The future behind every `yield_from` form: hands `sub`'s core to the
/// driver, then waits for it to come back finished, or for an interrupt.
pub(crate) struct Delegation<'c, 'a, 'b, Y, S, R2, E, K> {
    co: &'c Co<'a, Y, S, E>,
    sub: Option<Gen<'b, Y, S, R2, E, K>>,
    /// What to resume a started `sub` with (`yield_from_sending`).
    first: Option<S>,
    /// The id of the delegate handed to the driver, to recognise it coming back.
    sub_id: u64,
    point: Point,
    location: &'static Location<'static>,
    /// Whether a closed `sub` without a return value evaluates to
    /// [`Delegated::Gone`] instead of being reported as a misuse.
    pub(crate) gone_ok: bool,
}

impl<Y, S, R2, E, K> Unpin for Delegation<'_, '_, '_, Y, S, R2, E, K> {}

impl<'c, 'a, 'b, Y, S, R2, E, K> Delegation<'c, 'a, 'b, Y, S, R2, E, K> {
    #[track_caller]
    pub(crate) fn new(
        co: &'c Co<'a, Y, S, E>,
        sub: Gen<'b, Y, S, R2, E, K>,
        first: Option<S>,
        point: Point,
    ) -> Self {
        Delegation {
            co,
            sub: Some(sub),
            first,
            sub_id: 0,
            point,
            location: Location::caller(),
            gone_ok: false,
        }
    }
}

impl<Y, S, R2, E, K> Future for Delegation<'_, '_, '_, Y, S, R2, E, K> {
    type Output = Delegated<R2, E>;

    #[inline(always)]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Some(airlock) = raw::airlock::<Y, S, E>(cx, self.co.id) else { return Poll::Pending };
        if let Some(mut sub) = self.sub.take() {
            let first = self.first.take();
            match (sub.state(), &first) {
                (State::Created, None) | (State::Suspended, Some(_)) => {}
                // What `first` was for is over; like `yield_from`, give the value.
                (State::Closed, _) => match sub.take_return() {
                    Some(value) => return Poll::Ready(Delegated::Returned(value)),
                    None if self.gone_ok => return Poll::Ready(Delegated::Gone),
                    None => return airlock.misuse(Misuse::ClosedSub),
                },
                (State::Created, Some(_)) => return airlock.misuse(Misuse::UnstartedSub),
                (State::Suspended | State::Running, None) => return airlock.misuse(Misuse::StartedSub),
                (State::Running, Some(_)) => return airlock.misuse(Misuse::Inconsistent),
            }
            let handed_over = match first {
                None => sub.into_level().map(|level| (level.id(), Slot::Delegate(level))),
                Some(first) => {
                    if airlock.put_value(Value::Sent(first)).is_err() {
                        return airlock.misuse(Misuse::TwoAtOnce);
                    }
                    sub.into_levels().map(|levels| (levels[0].id(), Slot::DelegateStarted(levels)))
                }
            };
            let Some((sub_id, slot)) = handed_over else { return airlock.misuse(Misuse::ClosedSub) };
            self.sub_id = sub_id;
            if airlock.put(slot).is_err() {
                return airlock.misuse(Misuse::TwoAtOnce);
            }
            airlock.suspend_at(self.point, self.location);
            return Poll::Pending;
        }
        match airlock.slot.take() {
            Slot::Input(Input::Returned(level)) => match raw::take_return(level, self.sub_id) {
                Some(value) => Poll::Ready(Delegated::Returned(value)),
                None => airlock.misuse(Misuse::TwoAtOnce),
            },
            Slot::ExitReturned(level) => match raw::take_return(level, self.sub_id) {
                Some(value) => Poll::Ready(Delegated::ExitReturned(value)),
                None => airlock.misuse(Misuse::TwoAtOnce),
            },
            Slot::Input(Input::Throw(e)) => Poll::Ready(Delegated::Throw(e)),
            Slot::Input(Input::Exit) => Poll::Ready(Delegated::Exit),
            other => {
                airlock.slot.set(other);
                Poll::Pending
            }
        }
    }
}

/// A delegation seen through one form's type: `keep` turns how it ended into
/// the form's output, or `None` where the form cannot say it (then it stays
/// pending, and the driver unwinds the body, as at a non-catching point).
pub(crate) struct Ending<'c, 'a, 'b, Y, S, R2, E, K, M> {
    delegation: Delegation<'c, 'a, 'b, Y, S, R2, E, K>,
    keep: M,
}

impl<'c, 'a, 'b, Y, S, R2, E, K, M> Ending<'c, 'a, 'b, Y, S, R2, E, K, M> {
    pub(crate) fn new(delegation: Delegation<'c, 'a, 'b, Y, S, R2, E, K>, keep: M) -> Self {
        Ending { delegation, keep }
    }
}

impl<Y, S, R2, E, K, M: Fn(Delegated<R2, E>) -> Option<T> + Unpin, T> Future
    for Ending<'_, '_, '_, Y, S, R2, E, K, M>
{
    type Output = T;

    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.get_mut();
        match Pin::new(&mut this.delegation).poll(cx) {
            Poll::Ready(delegated) => (this.keep)(delegated).map_or(Poll::Pending, Poll::Ready),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// `yield_from`: only a return completes it.
fn returned<R2, E>(delegated: Delegated<R2, E>) -> Option<R2> {
    match delegated {
        Delegated::Returned(value) => Some(value),
        _ => None,
    }
}

/// `try_yield_from`: interrupts as [`Interrupt`]s; a value the delegate returned
/// while being closed is dropped, and `Exit` arrives (PROTOCOL.md D4;
/// `catch_yield_from` keeps the value).
fn interrupted<R2, E>(delegated: Delegated<R2, E>) -> Option<Result<R2, Interrupt<E>>> {
    Some(match delegated {
        Delegated::Returned(value) => Ok(value),
        Delegated::Throw(e) => Err(Interrupt::Throw(e)),
        Delegated::Exit | Delegated::ExitReturned(_) | Delegated::Gone => Err(Interrupt::Exit),
    })
}
