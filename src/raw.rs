//! The only module with `unsafe` code: how a body and its driver talk.
//!
//! # Design
//!
//! A generator is one heap allocation, a [`Core`]: the body's future and its
//! [`Site`] (its unique id, and where it is suspended). The body's handle
//! ([`crate::Co`]) holds no pointer at all, only that id. (Ids travel inside
//! *keys*, [`key`]: the id and one bit saying whether the generator is a
//! `LocalGen`. Keys are unique because ids are; "id" below means the key.)
//!
//! Body and driver hand each other values (`Y` out; `S`, `E` and interrupts in;
//! delegation requests out) through an [`Airlock`], a mailbox that lives on the
//! driver's stack for exactly one poll: every value is put in and taken out
//! within one resume, so a suspended generator carries no mailbox at all. During
//! the poll, the driver passes the airlock's address as the *data pointer of the
//! [`Waker`]* in the [`Context`]; a yield future finds its airlock there. This
//! costs nothing per resume (no reference counting, no thread-local lookup, no
//! allocation) and keeps `Gen` `Send` whenever the body is.
//!
//! Delegation (`yield from`) moves the delegate's `Core` (type-erased as a
//! [`Level`]) out of its `Gen` and into the delegator's airlock, from where the
//! outermost driver takes it onto its explicit stack. When the delegate returns,
//! the driver hands the box back to the delegator, which takes the typed return
//! value out of it with [`take_return`]. Ownership always moves; nothing is ever
//! shared, so dropping or leaking any future at any moment cannot leave a
//! dangling pointer behind.
//!
//! # Soundness argument
//!
//! 1. **Waker data.** Only [`poll_level`] makes wakers with [`GEN_VTABLE`]; their
//!    data pointer is the `&Airlock` it was given, which its caller keeps alive
//!    and in place for the whole call, and the waker lives on `poll_level`'s
//!    stack frame, so it cannot outlive that poll. Cloning such a waker yields a
//!    waker with [`NOOP_VTABLE`] and a null pointer, so a stored or cloned waker
//!    never reaches [`airlock`] with a pointer. Safe code can only see `&Waker`
//!    for the duration of the poll, and can only rebuild a waker from our vtable
//!    with `unsafe` code of its own. Hence: a waker whose vtable is
//!    `GEN_VTABLE`, seen inside a poll, points at a live airlock.
//! 2. **Airlock type.** Every `Airlock` is `#[repr(C)]` with a `Header` first, so
//!    reading the header is valid whatever its type parameters. Ids come from a
//!    global counter and are never reused ([`crate::id`]). A handle `Co<Y, S, E>`
//!    carries the id of the one `Core<Y, S, E, ..>` made with it, whose polls
//!    use `Airlock<'_, Y, S, E>`s with that id in the header, and it is invariant
//!    in `Y`, `S` and `E` (subtyping cannot change them, e.g. stretch a lifetime
//!    in a thrown `E`); so if the ids match, the pointee has exactly that type. A
//!    handle used in another generator or after its own generator is gone fails
//!    the check and is reported to the driver; one used outside any generator
//!    panics.
//! 3. **One thread.** The airlock is only touched through `&Airlock` (all its
//!    fields are `Cell`s, or the `Site` of the core, also `Cell`s), both by the
//!    driver and by the body; the future is polled through a disjoint
//!    `Pin<&mut F>` borrow of the same `Core`. A body could send `&Waker` (which
//!    is `Sync`) to a scoped thread and poll one of its yields there, racing with
//!    its own thread. So before touching anything but the header's `id` and
//!    `context`, [`airlock`] checks that the `&Context` it was given is at the
//!    very address recorded in the header it reached, that of the `Context` the
//!    driver of that airlock polls with. `Context` is neither `Send` nor `Sync`,
//!    so a `&Context` to a given address exists only on the thread that made the
//!    `Context` there: the driver's, during its poll. This holds whatever the
//!    `Context` at that address now contains: a body that `mem::swap`s another
//!    `Context` into the driver's slot (it gets `&mut Context`) changes which
//!    waker is found there, not which thread can see the slot. If the swapped-in
//!    waker is not ours, the vtable check panics; if it is another driver's,
//!    its header records that driver's `Context` address, which is not this one,
//!    and the check panics; if it is this driver's, all is as without the swap.
//!    Reading `id` and `context` from another thread is no data race: the driver
//!    writes both before it polls the body, so before any `&Waker` can reach
//!    another thread (which synchronizes with this one), and nobody writes them
//!    during the poll.
//! 4. **Pinning, and no shared reference to a body.** The body in
//!    `Core::stage` (`Stage::Running`) is structurally pinned: it is polled in
//!    place and dropped in place with `Pin::set`; a `Running` stage is never
//!    moved, `Core` has no `Drop` impl and no manual `Unpin` impl. The other
//!    fields are not pinned. A suspended body is self-referential: its locals
//!    may hold unique borrows (`&mut`) into its own state, which stay valid only
//!    if nothing else reads that state between polls. A shared reference
//!    covering the body would be such a read (Stacked Borrows invalidates the
//!    body's borrows, Tree Borrows freezes them). So **no `&` reference covering
//!    a stage is ever formed**, on any path: the stage is in an `UnsafeCell`
//!    (a `&Core` does not cover its bytes), and the only way to it is
//!    [`Core::parts`], from `Pin<&mut Core>` through `UnsafeCell::get_mut`
//!    (`&mut` to a `!Unpin` body is not a unique retag: it is how every
//!    executor polls). Everything a `&self` query needs (`state`, `catches`,
//!    `frame`, `id`, `is_local`, used by `Gen::state`, `backtrace`, `Debug`,
//!    the trampoline's `admits`) is kept in the `Site`, in `Cell`s: the point
//!    kind's code says created (0), suspended at a point, or finished (the body
//!    returned or is gone; set by [`Parts::finish`] *before* the body is
//!    dropped, so that a panicking `Drop` guard still leaves it finished).
//!    Send, start, throw, close, drop, delegation hand-over and `take_return`
//!    reach the stage through `parts` alone. `tests/self_borrows.rs` runs each
//!    path with bodies holding `&mut` self-borrows across yields, under Miri
//!    with both models.
//! 5. **Erased lifetimes.** [`erase`] turns `dyn Resume + 'b` into `dyn Resume +
//!    'static`. An erased level lives only in its delegator's airlock (during
//!    the poll that hands it over), in the stack of the `Gen` driving its chain,
//!    or in an `Input::Returned` on its way back to the delegator. (A `Gen` that
//!    has started is handed over whole by `yield_from_sending`: its core and
//!    its stack go through the delegator's airlock onto the outer stack.)
//!    `yield_from` and `yield_from_sending` require `'b: 'a`, where `'a` is the
//!    delegator's own `Gen<'a, ..>` lifetime, carried *invariantly* by its
//!    handle `Co<'a, ..>` (so it cannot be shortened to a lifetime inside the
//!    body): a delegate can never borrow its delegator's locals. By induction
//!    every level outlives the `Gen<'a, ..>` whose stack it is in (the levels a
//!    `Gen<'b, ..>` brings outlive `'b`, hence `'a`), which owns them all and
//!    drops them before `'a` ends. So no erased level is used, or dropped,
//!    after `'b`.
//! 6. **Erased return values.** [`take_return`] writes an `Option<R>` through a
//!    `*mut ()` that the caller made from `&mut Option<R2>`. It first checks the
//!    level's id against the id recorded when the caller registered it; ids are
//!    unique, and that level was made from a `Gen<.., R2, ..>`, so `R == R2`.
//! 7. **`Send`.** Cores are type-erased without a `Send` bound, so that
//!    `LocalGen` can hold bodies that are not `Send`; `Gen<.., Sendable>` is
//!    declared `Send` (when `Y`, `S`, `R` and `E` are) by hand. Every core it
//!    owns is `Send`: a core's key says whether it is local, and only
//!    `Gen::new_local`/`Gen::throwable_local` make local keys; every other core
//!    was made by `Gen::new`/`Gen::throwable`, which require a `Send` future and
//!    `Send` `Y`, `S`, `R`, `E`. Its own core is not local, and the driver takes
//!    a delegate onto its stack only if the delegate is not local or the chain's
//!    base is ([`crate::chain`]'s `admits`); a local delegate offered to a chain
//!    that is not local is a misuse. A started `Gen` handed over whole comes
//!    with its own stack, which obeyed the same rule: if its core is not
//!    local, none of its levels is, so checking its core is enough. (The type
//!    system already rejects the ordinary way in: a `LocalGen` passed to
//!    `yield_from` is part of the awaiting body's future, which is then not
//!    `Send`. The check catches a body that polls a `yield_from` future by hand
//!    and drops it within one poll.) The `Site`s are `Cell`s of `Send` data. `Gen` is never `Sync`.
//!
//! The tests also run under Miri (Stacked and Tree Borrows) and AddressSanitizer
//! (`.ci/run`).
#![allow(unsafe_code)]

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::cell::{Cell, UnsafeCell};
use core::future::Future;
use core::marker::PhantomData;
use core::mem::ManuallyDrop;
use core::panic::Location;
use core::pin::Pin;
use core::ptr;
use core::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

use crate::misuse::Misuse;
use crate::state::{Frame, Interrupt, Point, State};

/// What the driver delivers to a body at the point where it is suspended.
pub(crate) enum Input<Y, S, E> {
    /// Run a fresh body to its first yield.
    Start,
    /// `send(s)`.
    Send(S),
    /// `throw(e)`.
    Throw(E),
    /// `close()` (Python's `GeneratorExit`).
    Exit,
    /// The delegate finished; here it is back, holding its return value.
    Returned(Level<Y, S, E>),
}

/// A type-erased generator core: one level of a delegation chain.
pub(crate) type Level<Y, S, E> = Pin<Box<dyn Resume<Y, S, E>>>;

/// A delegation chain handed over whole: its base level and the delegates above
/// it, innermost last. Boxed, so that it takes one pointer in an airlock.
#[allow(clippy::box_collection)] // one pointer instead of a three-word Vec
pub(crate) type Levels<Y, S, E> = Box<Vec<Level<Y, S, E>>>;

/// A typed generator core, as owned by a `Gen`.
pub(crate) type CoreBox<'a, Y, S, E, R> = Pin<Box<dyn Body<Y, S, E, R> + 'a>>;

/// The airlock's mailbox for sent and yielded values, kept apart from the rest
/// and small: it is written and read back within every resume.
#[derive(Default)]
pub(crate) enum Value<Y, S> {
    #[default]
    Empty,
    /// The driver sent this to the suspended point.
    Sent(S),
    /// The body yielded this.
    Yielded(Y),
}

/// The airlock's mailbox for everything rarer than a value.
#[derive(Default)]
pub(crate) enum Slot<Y, S, E> {
    #[default]
    Empty,
    /// The driver delivered this to the suspended point.
    Input(Input<Y, S, E>),
    /// The body asks the driver to start this delegate (`yield_from`).
    Delegate(Level<Y, S, E>),
    /// The body asks the driver to resume this delegate, which has started, with
    /// the value in the airlock's `value` (`yield_from_sending`): its core and
    /// the delegates it is running itself, innermost last.
    DelegateStarted(Levels<Y, S, E>),
    /// The body lets the interrupt it caught go on (`co.reraise`): unwind it.
    Reraise(Interrupt<E>),
}

/// The part of an airlock that does not depend on its type parameters.
#[repr(C)]
struct Header {
    /// Which generator this is (soundness point 2).
    id: u64,
    /// The address of the `Context` the driver polls with (soundness point 3).
    /// Written before the body is polled, never during the poll.
    context: Cell<usize>,
    /// The first misuse of a handle that a yield future found during this poll.
    /// Only the driver's thread touches it (soundness point 3).
    misuse: Cell<Option<Misuse>>,
}

/// The mailbox through which a body and its driver hand each other values
/// during one poll. It lives on the driver's stack, not in the generator: every
/// value in it is put in and taken out within a single resume, so a suspended
/// generator keeps only its [`Site`]. See the module docs.
#[repr(C)]
pub(crate) struct Airlock<'s, Y, S, E> {
    /// Must stay the first field (soundness point 2).
    header: Header,
    pub(crate) value: Cell<Value<Y, S>>,
    pub(crate) slot: Cell<Slot<Y, S, E>>,
    /// Where the body being polled is suspended (in its core).
    site: &'s Site,
}

/// Which generator a core is, and where its body is suspended: the part of the
/// conversation between body and driver that outlives a poll. 16 bytes: the
/// kind of point is kept in the low bits of the id's word.
pub(crate) struct Site {
    /// The generator's id, shifted left by [`POINT_BITS`], and the kind of point
    /// the body is suspended at (0 before its first yield) in the bits below.
    word: Cell<u64>,
    location: Cell<Option<&'static Location<'static>>>,
}

const POINT_BITS: u32 = 3;
const _: () = assert!(crate::id::LIMIT - 1 <= u64::MAX >> (POINT_BITS + 1), "keys must fit beside the point");
/// The code of a site whose body is gone (returned, unwound or dropped): above
/// every point's code (`point as u64 + 1`), and 0 means not started.
const FINISHED: u64 = (1 << POINT_BITS) - 1;
const _: () = assert!(Point::ALL.len() as u64 + 1 < FINISHED, "the finished code must be no point's");

/// A generator's key: its unique id, and in the lowest bit whether it is a
/// `LocalGen` (its body need not be `Send`). Handles and cores carry keys.
pub(crate) fn key(id: u64, local: bool) -> u64 {
    id << 1 | u64::from(local)
}

/// The id in a generator's key.
pub(crate) fn id_of(key: u64) -> u64 {
    key >> 1
}
const POINT_MASK: u64 = (1 << POINT_BITS) - 1;

impl Site {
    fn new(id: u64) -> Self {
        Site { word: Cell::new(id << POINT_BITS), location: Cell::new(None) }
    }

    #[inline(always)]
    fn id(&self) -> u64 {
        self.word.get() >> POINT_BITS
    }

    /// The kind of point, stored as `point as u64 + 1` (0: not started).
    #[inline(always)]
    fn point(&self) -> Option<Point> {
        let code = self.word.get() & POINT_MASK;
        Point::ALL.get(usize::try_from(code).ok()?.checked_sub(1)?).copied()
    }

    /// Records a suspension of generator `id` (this site's own).
    #[inline(always)]
    fn set(&self, id: u64, point: Point, location: &'static Location<'static>) {
        self.word.set(id << POINT_BITS | (point as u64 + 1));
        self.location.set(Some(location));
    }

    /// `point().is_some_and(Point::catches)`, without decoding the point.
    #[inline(always)]
    fn catches(&self) -> bool {
        let code = self.word.get() & POINT_MASK;
        code == Point::TryYield as u64 + 1 || code == Point::TryYieldFrom as u64 + 1
    }

    /// Whether the body has been suspended somewhere (it may have finished since).
    #[inline(always)]
    fn started(&self) -> bool {
        self.word.get() & POINT_MASK != 0
    }

    /// Whether the body is still there (created or suspended).
    #[inline(always)]
    fn running(&self) -> bool {
        self.word.get() & POINT_MASK != FINISHED
    }

    /// Records that the body is gone (soundness point 4: the state lives here,
    /// not in the stage, so that queries never read the stage).
    #[inline(always)]
    fn finish(&self) {
        self.word.set(self.word.get() | FINISHED);
    }

    fn state(&self) -> State {
        match self.word.get() & POINT_MASK {
            0 => State::Created,
            FINISHED => State::Closed,
            _ => State::Suspended,
        }
    }
}

impl Header {
    /// Keeps the first misuse reported in a poll.
    #[cold]
    fn report(&self, misuse: Misuse) {
        if self.misuse.get().is_none() {
            self.misuse.set(Some(misuse));
        }
    }
}

impl<'s, Y, S, E> Airlock<'s, Y, S, E> {
    #[inline(always)]
    fn new(id: u64, site: &'s Site, value: Value<Y, S>, slot: Slot<Y, S, E>) -> Self {
        let header = Header { id, context: Cell::new(0), misuse: Cell::new(None) };
        Airlock { header, value: Cell::new(value), slot: Cell::new(slot), site }
    }

    /// Puts `value` in the empty value mailbox, or hands it back if it is full.
    #[inline(always)]
    pub(crate) fn put_value(&self, value: Value<Y, S>) -> Result<(), Value<Y, S>> {
        put_if_empty(&self.value, value, |old| matches!(old, Value::Empty))
    }

    /// Puts `slot` in the empty mailbox, or hands it back if it is full.
    #[inline(always)]
    pub(crate) fn put(&self, slot: Slot<Y, S, E>) -> Result<(), Slot<Y, S, E>> {
        put_if_empty(&self.slot, slot, |old| matches!(old, Slot::Empty))
    }

    /// Records where the body is suspended.
    #[inline(always)]
    pub(crate) fn suspend_at(&self, point: Point, location: &'static Location<'static>) {
        self.site.set(self.header.id, point, location);
    }

    /// Reports a misuse of the handle to the driver, which unwinds the body and
    /// panics naming it (or, while dropping, just unwinds). Stays pending.
    #[cold]
    pub(crate) fn misuse<T>(&self, misuse: Misuse) -> Poll<T> {
        self.header.report(misuse);
        Poll::Pending
    }
}

/// Puts `new` in `cell` if what it holds `is_empty`; otherwise leaves the cell
/// as it was and hands `new` back. Unlike `Cell::set`, dropping the empty value
/// costs nothing (no out-of-line drop on the hot path).
#[inline(always)]
fn put_if_empty<T>(cell: &Cell<T>, new: T, is_empty: impl FnOnce(&T) -> bool) -> Result<(), T> {
    let old = cell.replace(new);
    if is_empty(&old) {
        core::mem::forget(old);
        Ok(())
    } else {
        Err(cell.replace(old))
    }
}

/// What one resume of one level ended with.
pub(crate) enum Event<Y, S, E> {
    Yielded(Y),
    /// The body asked to delegate to this level (not returned by `Gen::run`).
    Delegated(Level<Y, S, E>),
    /// The body asked to delegate to these levels, which have started, resuming
    /// the innermost with this value (not returned by `Gen::run`).
    DelegatedStarted(Levels<Y, S, E>, S),
    /// The body returned; its value is kept in the core.
    Returned,
    /// A `Throw` or `Exit` at a non-catching point (or before the start) unwound
    /// the body; the input is handed back.
    Unwound(Input<Y, S, E>),
    /// The input does not apply in this state (not started, or closed).
    Rejected(Input<Y, S, E>),
    /// The body misused its handle.
    Stuck(Misuse),
}

/// The object-safe face of a core, used for every level of a chain.
pub(crate) trait Resume<Y, S, E> {
    /// `resume(Input::Send(value))`, the common case, without building an `Input`.
    fn send(self: Pin<&mut Self>, value: S) -> Event<Y, S, E>;
    /// `resume(Input::Start)`.
    fn start(self: Pin<&mut Self>) -> Event<Y, S, E>;
    fn resume(self: Pin<&mut Self>, input: Input<Y, S, E>) -> Event<Y, S, E>;
    /// Drops the body in place, running its `Drop` guards; the core is `Closed`.
    fn unwind(self: Pin<&mut Self>);
    fn state(&self) -> State;
    /// Whether the body is suspended where it catches interrupts (`try_yield`).
    fn catches(&self) -> bool;
    /// Whether this is a `LocalGen`'s core, whose body need not be `Send`.
    fn is_local(&self) -> bool;
    fn frame(&self) -> Option<Frame>;
    fn id(&self) -> u64;
    /// # Safety
    /// `out` must point to an `Option<R>` where `R` is this core's return type.
    unsafe fn take_return_raw(self: Pin<&mut Self>, out: *mut ());
}

/// The typed face of a core, used by the `Gen` that owns it.
pub(crate) trait Body<Y, S, E, R>: Resume<Y, S, E> {
    fn take_return(self: Pin<&mut Self>) -> Option<R>;
}

/// A generator: its body and where it is suspended.
///
/// The body lives in an `UnsafeCell` and is reached only through
/// `Pin<&mut Core>` ([`Core::parts`]); the `&self` queries read the site alone
/// (soundness point 4).
struct Core<Y, S, E, R, F> {
    site: Site,
    stage: UnsafeCell<Stage<F, R>>,
    /// The core speaks `Y`, `S` and `E` with its body, but holds none.
    _types: PhantomData<fn(Y, S, E)>,
}

/// A body's life: running (created or suspended), then returned or gone. One
/// enum rather than `Option<F>` and `Option<R>`: the return value takes the
/// place of the finished future, and the tag usually fits in the future's own.
/// Which of them it is, is also in the site's code (`FINISHED` unless running).
enum Stage<F, R> {
    Running(F),
    Returned(R),
    Closed,
}

/// Boxes a body: the one allocation a generator makes.
pub(crate) fn new_core<'a, Y, S, E, R, F>(id: u64, fut: F) -> CoreBox<'a, Y, S, E, R>
where
    F: Future<Output = R> + 'a,
    Y: 'a,
    S: 'a,
    E: 'a,
    R: 'a,
{
    let stage = UnsafeCell::new(Stage::Running(fut));
    Box::pin(Core { site: Site::new(id), stage, _types: PhantomData })
}

/// A core taken apart for one call: its stage, pinned, and its site.
struct Parts<'c, F, R> {
    stage: Pin<&'c mut Stage<F, R>>,
    site: &'c Site,
}

impl<Y, S, E, R, F> Core<Y, S, E, R, F> {
    /// The only way to the stage (soundness point 4): through `&mut`, never `&`.
    #[inline(always)]
    fn parts(self: Pin<&mut Self>) -> Parts<'_, F, R> {
        // SAFETY: soundness point 4: nothing is moved out of `this`; only the
        // stage is structurally pinned, and it is re-wrapped in `Pin` at once.
        let this = unsafe { self.get_unchecked_mut() };
        // SAFETY: as above. `UnsafeCell::get_mut` reborrows the stage uniquely
        // from `&mut Core`; no shared reference covers it.
        let stage = unsafe { Pin::new_unchecked(this.stage.get_mut()) };
        Parts { stage, site: &this.site }
    }
}

impl<F, R> Parts<'_, F, R> {
    /// The running body, pinned in place.
    #[inline(always)]
    fn body(&mut self) -> Option<Pin<&mut F>> {
        // SAFETY: soundness point 4: `F` is structurally pinned; the reference is
        // re-wrapped in `Pin` at once and nothing is moved.
        match unsafe { self.stage.as_mut().get_unchecked_mut() } {
            // SAFETY: as above.
            Stage::Running(body) => Some(unsafe { Pin::new_unchecked(body) }),
            Stage::Returned(_) | Stage::Closed => None,
        }
    }

    /// Ends the body's life with `stage` (`Returned` or `Closed`), dropping the
    /// body in place. The site is marked first: if one of the body's `Drop`
    /// guards panics, the core is finished all the same (and `Pin::set` still
    /// stores `stage`).
    #[inline(always)]
    fn finish(&mut self, stage: Stage<F, R>) {
        self.site.finish();
        self.stage.set(stage);
    }

    /// Takes the return value, leaving `Closed`.
    fn take_return(&mut self) -> Option<R> {
        // SAFETY: soundness point 4: only a `Running` stage holds pinned data, and
        // a `Running` stage is never moved out of here.
        let stage = unsafe { self.stage.as_mut().get_unchecked_mut() };
        match stage {
            Stage::Returned(_) => match core::mem::replace(stage, Stage::Closed) {
                Stage::Returned(value) => Some(value),
                Stage::Running(_) | Stage::Closed => None,
            },
            Stage::Running(_) | Stage::Closed => None,
        }
    }
}

impl<Y, S, E, R, F: Future<Output = R>> Core<Y, S, E, R, F> {
    /// Polls the body once with `airlock`, which holds what is delivered, and
    /// reports what it did. The common outcome, a plain yield, is checked first.
    #[inline(always)]
    fn poll(parts: Parts<'_, F, R>, airlock: Airlock<'_, Y, S, E>, delivered: Delivered) -> Event<Y, S, E> {
        // If the body panics, or a value it left behind panics as it is dropped
        // below, the panic leaves through here: the guard drops the body in place
        // first, so that its `Drop` guards run and it is `Closed` (C5).
        let mut guard = CloseOnPanic(parts);
        let Some(body) = guard.0.body() else {
            return Event::Stuck(Misuse::Inconsistent);
        };
        let polled = poll_level(body, &airlock);
        let mut airlock = airlock;
        if let Ok(Poll::Pending) = polled
            && let (Value::Yielded(_), Slot::Empty) = (airlock.value.get_mut(), airlock.slot.get_mut())
            && let Value::Yielded(value) = core::mem::take(airlock.value.get_mut())
        {
            core::mem::forget(guard);
            core::mem::forget(airlock); // nothing left in it to drop
            return Event::Yielded(value);
        }
        let (value, slot) = (airlock.value.into_inner(), airlock.slot.into_inner());
        let event = match polled {
            Ok(Poll::Pending) => Self::pending(&mut guard.0, value, slot, delivered),
            Ok(Poll::Ready(returned)) => {
                guard.0.finish(Stage::Returned(returned));
                if let (Value::Empty, Slot::Empty) = (&value, &slot) {
                    Event::Returned
                } else {
                    drop((value, slot));
                    Event::Stuck(Misuse::LostOnReturn)
                }
            }
            Err(misuse) => {
                drop((value, slot));
                Event::Stuck(misuse)
            }
        };
        core::mem::forget(guard);
        event
    }

    /// The rarer ways a poll can stay pending: delegation, re-raise, misuse.
    /// Whatever is not handed on is dropped here, while the caller's guard is
    /// armed.
    #[inline(never)]
    fn pending(
        parts: &mut Parts<'_, F, R>,
        value: Value<Y, S>,
        slot: Slot<Y, S, E>,
        delivered: Delivered,
    ) -> Event<Y, S, E> {
        match (value, slot) {
            // `yield_from_sending` puts the value to resume the delegate with.
            (Value::Sent(first), Slot::DelegateStarted(levels)) => Event::DelegatedStarted(levels, first),
            (Value::Sent(_), _) => Event::Stuck(Misuse::NotReceived),
            (Value::Yielded(_), _) => Event::Stuck(Misuse::TwoAtOnce),
            (Value::Empty, Slot::Delegate(level)) => Event::Delegated(level),
            (Value::Empty, Slot::DelegateStarted(_)) => Event::Stuck(Misuse::Inconsistent),
            (Value::Empty, Slot::Reraise(interrupt)) => match (interrupt, delivered) {
                (Interrupt::Throw(e), Delivered::Throw) => {
                    parts.finish(Stage::Closed);
                    Event::Unwound(Input::Throw(e))
                }
                (Interrupt::Exit, Delivered::Exit) => {
                    parts.finish(Stage::Closed);
                    Event::Unwound(Input::Exit)
                }
                _ => Event::Stuck(Misuse::BadReraise),
            },
            (Value::Empty, Slot::Empty) => Event::Stuck(Misuse::ForeignFuture),
            (Value::Empty, Slot::Input(_)) => Event::Stuck(Misuse::NotReceived),
        }
    }
}

impl<Y, S, E, R, F: Future<Output = R>> Resume<Y, S, E> for Core<Y, S, E, R, F> {
    #[inline]
    fn send(self: Pin<&mut Self>, value: S) -> Event<Y, S, E> {
        let mut parts = self.parts();
        let site = parts.site;
        // The stage is read through `&mut` (point 4); with the body inlined, the
        // compiler merges this check with `poll`'s.
        if parts.body().is_none() || !site.started() {
            return Event::Rejected(Input::Send(value));
        }
        Self::poll(parts, Airlock::new(site.id(), site, Value::Sent(value), Slot::Empty), Delivered::Value)
    }

    #[cold]
    fn start(self: Pin<&mut Self>) -> Event<Y, S, E> {
        let mut parts = self.parts();
        let site = parts.site;
        if parts.body().is_none() || site.started() {
            return Event::Rejected(Input::Start);
        }
        Self::poll(parts, Airlock::new(site.id(), site, Value::Empty, Slot::Empty), Delivered::Value)
    }

    fn resume(self: Pin<&mut Self>, input: Input<Y, S, E>) -> Event<Y, S, E> {
        if let Input::Send(value) = input {
            return self.send(value);
        }
        let mut parts = self.parts();
        let site = parts.site;
        if !site.running() {
            return Event::Rejected(input);
        }
        let started = site.started();
        let (delivered, slot) = match input {
            Input::Start if !started => (Delivered::Value, Slot::Empty),
            Input::Throw(_) | Input::Exit if !started || !site.catches() => {
                parts.finish(Stage::Closed);
                return Event::Unwound(input);
            }
            // `start` after the start, or a delegate's return before it.
            Input::Start | Input::Send(_) | Input::Returned(_) if !started => return Event::Rejected(input),
            Input::Start => return Event::Rejected(input),
            Input::Throw(_) => (Delivered::Throw, Slot::Input(input)),
            Input::Exit => (Delivered::Exit, Slot::Input(input)),
            input => (Delivered::Value, Slot::Input(input)),
        };
        Self::poll(parts, Airlock::new(site.id(), site, Value::Empty, slot), delivered)
    }

    fn unwind(self: Pin<&mut Self>) {
        let mut parts = self.parts();
        if parts.site.running() {
            parts.finish(Stage::Closed);
        }
    }

    fn state(&self) -> State {
        self.site.state()
    }

    fn catches(&self) -> bool {
        self.site.catches()
    }

    fn is_local(&self) -> bool {
        self.site.id() & 1 == 1
    }

    fn frame(&self) -> Option<Frame> {
        // Only a suspended site has a point (0 and `FINISHED` decode to none).
        Some(Frame { point: self.site.point()?, location: self.site.location.get()? })
    }

    fn id(&self) -> u64 {
        self.site.id()
    }

    unsafe fn take_return_raw(self: Pin<&mut Self>, out: *mut ()) {
        let value = self.parts().take_return();
        // SAFETY: the caller guarantees `out` points to a live `Option<R>`.
        unsafe { *out.cast::<Option<R>>() = value };
    }
}

impl<Y, S, E, R, F: Future<Output = R>> Body<Y, S, E, R> for Core<Y, S, E, R, F> {
    fn take_return(self: Pin<&mut Self>) -> Option<R> {
        self.parts().take_return()
    }
}

/// What kind of input a resume delivered, to check what `co.reraise` may re-raise.
#[derive(Clone, Copy)]
enum Delivered {
    Value,
    Throw,
    Exit,
}

/// Finishes a core, dropping its body in place, if a panic unwinds past it
/// (disarmed with `forget`).
struct CloseOnPanic<'p, F, R>(Parts<'p, F, R>);

impl<F, R> Drop for CloseOnPanic<'_, F, R> {
    fn drop(&mut self) {
        self.0.finish(Stage::Closed);
    }
}

fn noop(_: *const ()) {}
fn clone_to_noop(_: *const ()) -> RawWaker {
    RawWaker::new(ptr::null(), &NOOP_VTABLE)
}
/// The vtable of the wakers that carry an airlock pointer. Never cloned as is.
static GEN_VTABLE: RawWakerVTable = RawWakerVTable::new(clone_to_noop, noop, noop, noop);
/// What clones of a generator's waker get: wakes nothing, points at nothing.
static NOOP_VTABLE: RawWakerVTable = RawWakerVTable::new(clone_to_noop, noop, noop, noop);

/// Polls a body once with a waker that carries `airlock` (soundness point 1),
/// and collects any misuse a yield future reported.
#[inline(always)]
fn poll_level<F: Future, Y, S, E>(
    body: Pin<&mut F>,
    airlock: &Airlock<'_, Y, S, E>,
) -> Result<Poll<F::Output>, Misuse> {
    let data = ptr::from_ref(airlock).cast::<()>();
    // SAFETY: every function in GEN_VTABLE ignores the data pointer, so the waker
    // upholds the RawWaker contract whatever it points to; the pointer itself is
    // only read by `airlock()`, under the argument in the module docs.
    // Dropping it would only call `noop` through the vtable.
    let waker = ManuallyDrop::new(unsafe { Waker::from_raw(RawWaker::new(data, &GEN_VTABLE)) });
    let mut cx = Context::from_waker(&waker);
    let context = ptr::from_ref(&cx).addr();
    airlock.header.context.set(context);
    let poll = body.poll(&mut cx);
    match airlock.header.misuse.get() {
        None => Ok(poll),
        Some(misuse) => Err(misuse),
    }
}

/// The airlock of the generator being polled, if it is the one `id` names;
/// otherwise the misuse is reported to the driver and `None` returned.
///
/// # Panics
/// If the future is not being polled by a gensend driver, on its thread, with
/// the `Context` the driver made: then there is no driver to report to.
#[inline(always)]
pub(crate) fn airlock<'c, Y, S, E>(cx: &'c Context<'_>, id: u64) -> Option<&'c Airlock<'c, Y, S, E>> {
    let waker = cx.waker();
    let data = waker.data();
    // A clone carries a null pointer (with `NOOP_VTABLE`): checking the pointer
    // too keeps clones out even if the two byte-identical vtables were merged.
    if !ptr::eq(waker.vtable(), &GEN_VTABLE) || data.is_null() {
        panic!("{OUTSIDE}");
    }
    let header = data.cast::<Header>();
    // SAFETY: soundness points 1 and 2: `data` is a live `Airlock<_, _, _>` for
    // the duration of this poll, and its first field is a `Header`. This thread
    // may not be the driver's: read only the two fields written before the
    // poll began, which nobody writes during it (point 3).
    let (context, generator) = unsafe { ((*header).context.get(), (*header).id) };
    if context != ptr::from_ref(cx).addr() {
        panic!("{OTHER_CONTEXT}");
    }
    // From here on, this is the driver's thread (soundness point 3).
    if generator != id {
        // SAFETY: as above; the header outlives this poll.
        unsafe { &*header }.report(Misuse::WrongGenerator);
        return None;
    }
    // SAFETY: soundness point 2: the ids match, so this is an `Airlock<'s, Y, S,
    // E>` of the core made together with the handle; it and its core outlive the
    // borrow of `cx` (point 1), so `'s` may be shortened to it (covariance).
    Some(unsafe { &*data.cast::<Airlock<'c, Y, S, E>>() })
}

static OUTSIDE: &str = "gensend: a generator handle's yield was awaited outside its generator \
     (polled by another executor, or with a clone of the generator's waker)";
static OTHER_CONTEXT: &str = "gensend: a generator handle's yield was polled with a Context other \
     than the one its generator's body was polled with (on another thread, or re-wrapped)";

/// Erases a delegate's lifetime so it fits in an airlock (soundness point 5).
pub(crate) fn erase<'b, Y, S, E>(level: Pin<Box<dyn Resume<Y, S, E> + 'b>>) -> Level<Y, S, E> {
    // SAFETY: only the trait object's lifetime bound changes (same layout); see
    // soundness point 5 for why the level is never used after `'b`.
    unsafe { core::mem::transmute::<Pin<Box<dyn Resume<Y, S, E> + 'b>>, Level<Y, S, E>>(level) }
}

// SAFETY: soundness point 7: every core a `Gen<.., Sendable>` owns is `Send`.
unsafe impl<Y: Send, S: Send, R: Send, E: Send> Send for crate::Gen<'_, Y, S, R, E, crate::Sendable> {}

/// Takes the return value out of a finished delegate registered with id `id`.
/// Returns `None` if `level` is not that delegate (soundness point 6).
pub(crate) fn take_return<R, Y, S, E>(mut level: Level<Y, S, E>, id: u64) -> Option<R> {
    if level.id() != id {
        return None;
    }
    let mut out: Option<R> = None;
    // SAFETY: ids are unique and `id` was recorded from a `Gen<_, _, R, _>`'s core
    // when it was registered, so that core's return type is `R`.
    unsafe { level.as_mut().take_return_raw(ptr::from_mut(&mut out).cast::<()>()) };
    out
}
