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
//!    `Core::stage` (the union's `running` field) is structurally pinned: it
//!    is written in place when the core is boxed ([`new_core`]), polled in
//!    place, and dropped in place ([`Parts::finish`], or `Core`'s `Drop`,
//!    which moves nothing); it is never moved, and `Core` has no manual
//!    `Unpin` impl. The other fields are not pinned. A suspended body is self-referential: its locals
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
//!    with both models. (The one shared reference into a stage is to an
//!    [`Exposed`], a part of a yield future the body lends out on purpose, and
//!    never covers the body's other state: point 8.)
//!
//!    **Which field of the stage is alive** is the site's to say, and only
//!    its: codes other than `FINISHED` mean the body (`running`);
//!    `FINISHED` with a non-null `at` (which a finished site needs for no
//!    point) means the return value (`returned`); `FINISHED` with a null
//!    `at`, nothing. Every change of the stage changes the site with it:
//!    [`new_core`] writes the body beside a site that is not finished;
//!    [`Parts::finish`] marks the site finished, holding nothing, *before*
//!    it drops the body (or a return value still held) in place, and
//!    [`StoreReturn`] writes the return value after that drop, even if it
//!    panics, and only then says so; [`Parts::take_return`] and `Core`'s
//!    `Drop` say "nothing" before they read or drop what the stage held. Nothing else writes a finished site's
//!    `at`: [`Site::set`] runs only in a poll of the running body, the view
//!    codes are not `FINISHED`, and `finish` comes after the poll.
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
//!    and drops it within one poll.) The `Site`s are `Cell`s of `Send` data,
//!    and of a pointer that is a `&'static Location` or, at a point that
//!    exposes a view, points into the core's own body (point 8: only bodies
//!    that are not `Send` hold an exposure across a yield). `Gen` is never
//!    `Sync`.
//! 8. **Exposed views (`yield_with`).** A yield point that exposes a view of
//!    the body's locals is an [`Exposure`]: the yield future, holding the
//!    `&'v dyn Debug` it was given (lifetime erased) in an [`Exposed`] record.
//!    While the site shows the view (codes with [`VIEW`]), it points to that
//!    record; `Gen::locals` and the frames of `backtrace` read the view
//!    through it, for as long as they borrow the `Gen`. The claim: *a site
//!    shows a view only while the exposure is alive, and between polls only
//!    if the exposure lies in the body, so the view it borrows is alive too.*
//!    - *Marking.* The first poll of an exposure yields its value, records the
//!      plain point ([`Site::set`]), puts `Slot::View` (its address) in the
//!      airlock, and marks the site ([`Site::expose`]), linking the exposure
//!      to the site. `Exposure` is `!Unpin` and was polled through `Pin`, so
//!      its memory stays in place until its `Drop` runs; it is `!Send` and
//!      `!Sync` (raw pointers), so it is polled, dropped and unlinked on the
//!      driver's thread only (not even a scoped thread can reach it): nothing
//!      below races.
//!    - *Only while it lives.* The exposure's `Drop` takes the mark back
//!      ([`Site::unexpose`]) if the site still shows it, through its link.
//!      Any later suspension rewrites the site, the exposure's own resume puts
//!      the plain point back, and [`Parts::finish`] (return, unwind, panic)
//!      withdraws the view before it finishes the site. So at any time a site
//!      that shows a view names an exposure that has not been dropped.
//!    - *Only in the body.* An exposure that has not been dropped may still
//!      have been *leaked* (a boxed future, forgotten), and then the view it
//!      borrowed may be gone: the borrow checker lets `'v` end at a leaked
//!      value's last use. So when the poll that marked the site ends (the
//!      driver finds `Slot::View`; it never takes the fast path then), the
//!      view stays shown only if the exposure lies inside the body's own stage
//!      (an address comparison, [`Parts::holds`]); otherwise it is withdrawn
//!      ([`Site::withdraw`]) and unlinked, before anything else happens on
//!      every path: a yield ([`Parts::check_view`]), a misuse (before the
//!      misuse is reported, since the report names the last yield), a return
//!      and a panic (`finish`). A value pinned inside the body cannot be
//!      leaked by safe code (the state machine drops what it pins, `pin!` and
//!      `Pin::set` drop, and no safe API projects a pin through
//!      `ManuallyDrop`), so it is dropped before the body is; and because
//!      `Exposure` has a `Drop` impl, the borrow checker keeps `'v` alive
//!      until that drop: the view stays shared-borrowed (not moved, dropped,
//!      or mutated except through an `UnsafeCell`). A boxed yield future
//!      shows no view.
//!    - *Links.* A link from an exposure to its site is kept past the poll
//!      that made it only for an exposure inside the body: its site is in the
//!      same core and stays valid until the core's memory is freed, after the
//!      body (and so the exposure) is dropped; the site has no drop glue. Any
//!      other exposure is unlinked when that poll ends, or unwinds, so its
//!      `Drop`, whenever it comes, touches nothing.
//!    - *When it is read.* The view is read only through `&Gen`, and resuming
//!      takes `&mut` to the `Gen` that owns the core (a body cannot reach its
//!      own `Gen`): between polls, when an exposure the site shows is the
//!      one the body is suspended with, or at least one it still holds,
//!      pinned, with its borrow.
//!    - *Point 4's rule.* The view is read through the `&V` the body lent
//!      (the body holds no `&mut` to the view while it lends `&V`), and the
//!      record through a shared reference to the [`Exposed`] alone, whose
//!      fields are only written through a `Cell`; no reference covers the
//!      rest of the body, so its `&mut` self-borrows stay valid. The body
//!      touches the exposure again only in its next poll, after the borrow of
//!      the `Gen` has ended. `tests/locals.rs` and `tests/locals_leak.rs` run
//!      these paths under Miri with both models: self-borrows beside views,
//!      views in delegates and in a chain handed over whole, queries between
//!      resumes, boxed, leaked and early-dropped yield futures, two at once,
//!      and panics.
//!
//! The tests also run under Miri (Stacked and Tree Borrows) and AddressSanitizer
//! (`.ci/run`).
#![allow(unsafe_code)]

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::cell::{Cell, UnsafeCell};
use core::fmt::Debug;
use core::future::Future;
use core::marker::{PhantomData, PhantomPinned};
use core::mem::ManuallyDrop;
use core::panic::Location;
use core::pin::Pin;
use core::ptr::{self, NonNull};
use core::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

use crate::misuse::Misuse;
use crate::state::{Frame, Interrupt, Point, State};
use core::mem::size_of;

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
    /// A yield point that exposes a view of the body's locals (this one) marked
    /// the site in this poll, beside the value it yielded: the driver checks
    /// the mark when the poll ends (soundness point 8). Only an address: never
    /// read unless the site still shows it.
    View(NonNull<Exposed>),
    /// `close()`: the delegate being closed handled `Exit` and returned; here it
    /// is back, holding that value (Python: what it raised, or a return value
    /// CPython discards), with `Exit` (PROTOCOL.md D4). A slot, not an `Input`:
    /// a second `Level` in `Input` would make it, and every `Event`, a word
    /// larger on the hot path.
    ExitReturned(Level<Y, S, E>),
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
    /// The generator's id, shifted left by [`POINT_BITS`], and the code of the
    /// point the body is suspended at (0 before its first yield) in the bits
    /// below.
    word: Cell<u64>,
    /// Where: at a plain point, its `&'static Location`; at a point that exposes
    /// a view (codes with [`VIEW`]), the [`Exposed`] in its yield future
    /// (soundness point 8). Null before the first yield.
    at: Cell<*const ()>,
}

const POINT_BITS: u32 = 3;
const _: () = assert!(crate::id::LIMIT - 1 <= u64::MAX >> (POINT_BITS + 1), "keys must fit beside the point");
/// The code of each kind of point, indexed by `Point as usize`. Catching points
/// have codes 4 to 6, so that `catches` is one comparison.
const CODES: [u64; 4] = [1, 4, 2, 5];
/// Added to the code of a `Yield` (1) or `TryYield` (4) point that exposes a
/// view of the body's locals: 3 and 6.
const VIEW: u64 = 2;
/// The kind of point of each code.
const POINTS: [Option<Point>; 8] = [
    None,
    Some(Point::Yield),
    Some(Point::YieldFrom),
    Some(Point::Yield),
    Some(Point::TryYield),
    Some(Point::TryYieldFrom),
    Some(Point::TryYield),
    None,
];
/// The code of a site whose body is gone (returned, unwound or dropped): no
/// point's code, and 0 means not started.
const FINISHED: u64 = (1 << POINT_BITS) - 1;
const _: () = assert!(POINTS[FINISHED as usize].is_none(), "the finished code must be no point's");
const _: () =
    assert!(CODES[Point::Yield as usize] | VIEW == 3 && CODES[Point::TryYield as usize] | VIEW == 6);

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
        Site { word: Cell::new(id << POINT_BITS), at: Cell::new(ptr::null()) }
    }

    #[inline(always)]
    fn id(&self) -> u64 {
        self.word.get() >> POINT_BITS
    }

    #[inline(always)]
    fn code(&self) -> u64 {
        self.word.get() & POINT_MASK
    }

    /// The kind of point the body is suspended at, if it is.
    fn point(&self) -> Option<Point> {
        POINTS[self.code() as usize]
    }

    /// The view of its locals the body exposes where it is suspended, if it
    /// does (soundness point 8).
    fn exposed(&self) -> Option<&Exposed> {
        let code = self.code();
        if code == CODES[Point::Yield as usize] | VIEW || code == CODES[Point::TryYield as usize] | VIEW {
            // SAFETY: soundness point 8: at a code with `VIEW`, `at` points to
            // the live `Exposed` of the yield future the body is suspended in,
            // which nothing writes while the body is not running; the borrow of
            // `self` ends before the body can run again.
            Some(unsafe { &*self.at.get().cast::<Exposed>() })
        } else {
            None
        }
    }

    /// The source location of the point the body is suspended at, if it is.
    fn location(&self) -> Option<&'static Location<'static>> {
        self.point()?;
        match self.exposed() {
            Some(exposed) => Some(exposed.location),
            // SAFETY: at a plain point, `set` stored a `&'static Location` in `at`.
            None => Some(unsafe { &*self.at.get().cast::<Location<'static>>() }),
        }
    }

    /// Records a suspension of generator `id` (this site's own).
    #[inline(always)]
    fn set(&self, id: u64, point: Point, location: &'static Location<'static>) {
        self.word.set(id << POINT_BITS | CODES[point as usize]);
        self.at.set(ptr::from_ref(location).cast());
    }

    /// Marks the plain point just recorded by `set` as exposing `exposed`, and
    /// links it to this site (soundness point 8; the driver checks at the end
    /// of the poll that it lies in the body).
    #[cold]
    fn expose(&self, exposed: NonNull<Exposed>) {
        let word = self.word.get();
        let code = word & POINT_MASK;
        if code == CODES[Point::Yield as usize] || code == CODES[Point::TryYield as usize] {
            self.word.set(word | VIEW);
            self.at.set(exposed.as_ptr().cast_const().cast());
            // SAFETY: the exposure is being polled, pinned; its fields are
            // written through `Cell`s only.
            unsafe { exposed.as_ref() }.site.set(self);
        }
    }

    /// Stops showing the view this site shows, if any, and unlinks its
    /// exposure, which is alive (soundness point 8): the point is plain again.
    #[cold]
    #[inline(never)]
    fn withdraw(&self) {
        if let Some(exposed) = self.exposed() {
            exposed.site.set(ptr::null());
            self.unexpose(exposed);
        }
    }

    /// Takes the view of `exposed`, which is being dropped, back: the point is
    /// plain again (if the site still shows it).
    #[cold]
    fn unexpose(&self, exposed: &Exposed) {
        let code = self.code();
        let view =
            code == CODES[Point::Yield as usize] | VIEW || code == CODES[Point::TryYield as usize] | VIEW;
        if view && ptr::eq(self.at.get(), ptr::from_ref(exposed).cast()) {
            self.word.set(self.word.get() - VIEW);
            self.at.set(ptr::from_ref(exposed.location).cast());
        }
    }

    /// `point().is_some_and(Point::catches)`, without decoding the point.
    #[inline(always)]
    fn catches(&self) -> bool {
        self.code().wrapping_sub(CODES[Point::TryYield as usize]) < 3
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

    /// Records that the body is gone, leaving no return value in the stage
    /// (soundness point 4: the state lives here, not in the stage, so that
    /// queries never read the stage).
    #[inline(always)]
    fn finish(&self) {
        self.word.set(self.word.get() | FINISHED);
        self.at.set(ptr::null());
    }

    /// Whether the body returned and its value is still in the stage: a
    /// finished site has no point, so its `at` is free to say so (non-null).
    #[inline(always)]
    fn holds_return(&self) -> bool {
        !self.running() && !self.at.get().is_null()
    }

    /// Records whether the stage of a finished site holds the return value.
    #[inline(always)]
    fn set_holds_return(&self, holds: bool) {
        let at = if holds { NonNull::<u8>::dangling().as_ptr().cast_const().cast() } else { ptr::null() };
        self.at.set(at);
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

/// What a yield point that exposes a view of the body's locals shows while the
/// body is suspended there: the view, and where the point is. It lives inside
/// the yield future (an [`Exposure`]), pinned; the site points to it
/// (soundness point 8).
pub(crate) struct Exposed {
    /// The view, its lifetime erased: valid while the exposure is alive.
    view: *const (dyn Debug + 'static),
    location: &'static Location<'static>,
    /// The site that shows this view: the exposure's `Drop` takes the view back
    /// from it. Null before the first poll and once the driver has unlinked it.
    site: Cell<*const Site>,
}

/// Invariant in `Y`, `S` and `E`, which an [`Exposure`] only speaks.
type Speaks<Y, S, E> = fn(Y, S, E) -> (Y, S, E);

/// A yield point that exposes `view` while suspended (`co.yield_with`): the
/// yield future's own `state`, and the [`Exposed`] that the site points to
/// while the body is suspended there. `!Unpin`, so that once polled it stays
/// where it is until dropped; `!Send` (raw pointers), so that it is dropped on
/// the thread that registered it (soundness point 8).
pub(crate) struct Exposure<'v, Y, S, E, T> {
    exposed: Exposed,
    pub(crate) state: T,
    _pinned: PhantomPinned,
    /// Borrows the view for `'v`; speaks `Y`, `S` and `E` with its airlock.
    _types: PhantomData<(&'v (), Speaks<Y, S, E>)>,
}

impl<'v, Y, S, E, T> Exposure<'v, Y, S, E, T> {
    pub(crate) fn new(view: &'v dyn Debug, location: &'static Location<'static>, state: T) -> Self {
        let view: *const (dyn Debug + 'v) = view;
        // SAFETY: only the trait object's lifetime bound changes (same layout);
        // soundness point 8 says why it is only read while `'v` lasts.
        let view =
            unsafe { core::mem::transmute::<*const (dyn Debug + 'v), *const (dyn Debug + 'static)>(view) };
        let exposed = Exposed { view, location, site: Cell::new(ptr::null()) };
        Exposure { exposed, state, _pinned: PhantomPinned, _types: PhantomData }
    }

    /// Where the yield point is.
    pub(crate) fn location(&self) -> &'static Location<'static> {
        self.exposed.location
    }

    /// Marks the site, where the plain point was just recorded, as showing
    /// this view, and tells the driver so through the airlock, beside the
    /// value just yielded; `false` if the airlock already holds something else
    /// (a misuse: nothing is marked).
    pub(crate) fn register(self: Pin<&Self>, airlock: &Airlock<'_, Y, S, E>) -> bool {
        let exposed = NonNull::from(&self.get_ref().exposed);
        if airlock.put(Slot::View(exposed)).is_err() {
            return false;
        }
        airlock.site.expose(exposed);
        true
    }
}

impl<Y, S, E, T> Drop for Exposure<'_, Y, S, E, T> {
    /// Takes the view back from the site that shows it, if it still does: a
    /// site never names a dropped exposure.
    fn drop(&mut self) {
        let site = self.exposed.site.replace(ptr::null());
        if !site.is_null() {
            // SAFETY: soundness point 8: a link is kept past the poll that made
            // it only for an exposure inside the body, whose site is in the same
            // core and stays valid until the core's memory is freed, after the
            // body is dropped; an exposure elsewhere is unlinked when that poll
            // ends, or unwinds. Same thread (`!Send`).
            unsafe { &*site }.unexpose(&self.exposed);
        }
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
    /// `close()`: the delegate `level` handled `Exit` and returned. Raises `Exit`
    /// here, handing `level` to a `catch_yield_from` that catches it.
    fn exit_returned(self: Pin<&mut Self>, level: Level<Y, S, E>) -> Event<Y, S, E>;
    /// Drops the body in place, running its `Drop` guards; the core is `Closed`.
    fn unwind(self: Pin<&mut Self>);
    fn state(&self) -> State;
    /// Whether the body is suspended where it catches interrupts (`try_yield`).
    fn catches(&self) -> bool;
    /// Whether this is a `LocalGen`'s core, whose body need not be `Send`.
    fn is_local(&self) -> bool;
    fn frame(&self) -> Option<Frame<'_>>;
    /// The view of its locals the body exposes where it is suspended, if any.
    fn locals(&self) -> Option<&dyn Debug>;
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
/// `Pin<&mut Core>` ([`Core::parts`]) or the core's own `Drop`; the `&self`
/// queries read the site alone (soundness point 4).
struct Core<Y, S, E, R, F> {
    /// First, where the driver finds it without an offset. A yield future the
    /// body holds may take its view back from the site as the body is dropped:
    /// the site has no drop glue, so its memory stays as it was until the
    /// core's allocation is freed, after the body is dropped (point 8).
    site: Site,
    stage: UnsafeCell<Stage<F, R>>,
    /// The core speaks `Y`, `S` and `E` with its body, but holds none.
    _types: PhantomData<fn(Y, S, E)>,
}

/// A body's life: the future while it runs (created or suspended), then its
/// return value until it is taken, then nothing. Which of them the stage
/// holds is the site's to say ([`Site::running`], [`Site::holds_return`]),
/// so the stage is a union with no tag of its own: a word less per
/// generator than an enum (a future has no niche for the tag), and the
/// return value is written where the future was, without moving the whole
/// stage through the stack.
union Stage<F, R> {
    running: ManuallyDrop<F>,
    returned: ManuallyDrop<R>,
}

/// Boxes a body: the one allocation a generator makes. The box is allocated
/// first and the future `make(arg)` is written straight into it, rather than
/// built on the stack and copied in (futures are often hundreds of bytes).
#[inline(always)]
pub(crate) fn new_core<'a, Y, S, E, R, F, A>(
    id: u64,
    make: impl FnOnce(A) -> F,
    arg: A,
) -> CoreBox<'a, Y, S, E, R>
where
    F: Future<Output = R> + 'a,
    Y: 'a,
    S: 'a,
    E: 'a,
    R: 'a,
{
    // If `make` panics, the uninitialized box is freed and nothing dropped.
    let mut core = Box::<Core<Y, S, E, R, F>>::new_uninit();
    let at = core.as_mut_ptr();
    // SAFETY: `at` is the box's valid, exclusive, uninitialized memory; each
    // field is written once through a raw place (no reference to
    // uninitialized memory), and the stage's `running` field is its whole
    // initialized state, as the site (not finished) says.
    let core = unsafe {
        (&raw mut (*at).site).write(Site::new(id));
        let stage = UnsafeCell::raw_get(&raw const (*at).stage);
        (&raw mut (*stage).running).write(ManuallyDrop::new(make(arg)));
        core.assume_init()
    };
    Box::into_pin(core)
}

impl<Y, S, E, R, F> Drop for Core<Y, S, E, R, F> {
    /// Drops what the stage holds, as the site says: the body (running its
    /// `Drop` guards, finished first as when closed) or the return value.
    ///
    /// Unlike [`Parts::finish`], no view needs withdrawing: between polls a
    /// site shows only a view inside the body (soundness point 8), whose
    /// exposure is dropped with it, and a core is never dropped during a
    /// poll of its own (its `Gen` is borrowed then).
    #[inline]
    fn drop(&mut self) {
        let (site, stage) = (&self.site, self.stage.get_mut());
        if site.running() {
            site.finish();
            // SAFETY: the site said the body runs: `running` is initialized.
            // It is dropped in place (pinned), once: the site now says
            // finished, holding nothing.
            unsafe { ManuallyDrop::drop(&mut stage.running) };
        } else if site.holds_return() {
            site.set_holds_return(false);
            // SAFETY: the site said the stage holds the return value; it now
            // says it holds nothing.
            unsafe { ManuallyDrop::drop(&mut stage.returned) };
        }
    }
}

/// A core taken apart for one call: its stage, whose `running` body is
/// structurally pinned (never moved while the site says it runs), and its site.
struct Parts<'c, F, R> {
    stage: &'c mut Stage<F, R>,
    site: &'c Site,
}

impl<Y, S, E, R, F> Core<Y, S, E, R, F> {
    /// The only way to the stage (soundness point 4): through `&mut`, never `&`.
    #[inline(always)]
    fn parts(self: Pin<&mut Self>) -> Parts<'_, F, R> {
        // SAFETY: soundness point 4: nothing is moved out of `this`; only the
        // stage's body is structurally pinned, and `Parts` never moves it.
        let this = unsafe { self.get_unchecked_mut() };
        // `UnsafeCell::get_mut` reborrows the stage uniquely from `&mut Core`;
        // no shared reference covers it.
        Parts { stage: this.stage.get_mut(), site: &this.site }
    }
}

impl<F, R> Parts<'_, F, R> {
    /// The running body, pinned in place.
    #[inline(always)]
    fn body(&mut self) -> Option<Pin<&mut F>> {
        if !self.site.running() {
            return None;
        }
        // SAFETY: the site says the body runs, so `running` is the stage's
        // initialized field; it is structurally pinned (soundness point 4):
        // re-wrapped in `Pin` at once, and nothing is moved.
        Some(unsafe { Pin::new_unchecked(&mut *self.stage.running) })
    }

    /// Ends the body's life, dropping it in place, and keeps `returned` (the
    /// value it returned) in the stage if there is one. The site is marked
    /// first: if one of the body's `Drop` guards panics, the core is finished
    /// all the same, and `returned` is still stored. A view the site shows is
    /// withdrawn first: it may lie outside the body (exposed in a poll that
    /// panics) and outlive the core (soundness point 8). On a finished core
    /// (a second finish, after a `Drop` guard panicked) the return value it
    /// holds, if any, is dropped instead.
    #[inline(always)]
    fn finish(&mut self, returned: Option<R>) {
        if self.site.exposed().is_some() {
            self.site.withdraw();
        }
        let (running, held) = (self.site.running(), self.site.holds_return());
        self.site.finish();
        let stage: *mut Stage<F, R> = self.stage;
        let store = StoreReturn { stage, site: self.site, returned };
        if running {
            // SAFETY: the site said the body runs: `running` is initialized,
            // and it is dropped in place (pinned), once: the site now says
            // finished, holding nothing until `store` stores the value.
            unsafe { ManuallyDrop::drop(&mut (*stage).running) };
        } else if held {
            // SAFETY: the site said the stage holds the return value; it now
            // says it holds nothing.
            unsafe { ManuallyDrop::drop(&mut (*stage).returned) };
        }
        drop(store);
    }

    /// At the end of a poll in which a yield point exposed a view: the site
    /// keeps showing it only if it lies in the body itself; an exposure
    /// elsewhere (a boxed future, which may be leaked) shows nothing, and is
    /// unlinked from the site, which it may outlive (soundness point 8).
    #[cold]
    #[inline(never)]
    fn check_view(&mut self, exposed: NonNull<Exposed>) {
        // The site shows it unless the exposure was dropped since (its `Drop`
        // took the view back).
        let shown = self.site.exposed().is_some_and(|shown| ptr::eq(shown, exposed.as_ptr()));
        if shown && !self.holds(exposed) {
            self.site.withdraw();
        }
    }

    /// Whether `exposed` lies inside the stage (only a running body can hold
    /// it: a finished stage holds no yield future). Compares addresses
    /// only: nothing is read.
    fn holds(&mut self, exposed: NonNull<Exposed>) -> bool {
        // Only an address is taken (soundness point 4); nothing is moved.
        let stage = ptr::from_mut(&mut *self.stage).addr();
        let at = exposed.as_ptr().addr();
        at >= stage && at + size_of::<Exposed>() <= stage + size_of::<Stage<F, R>>()
    }

    /// Takes the return value, if the stage holds it; it then holds nothing.
    #[inline(always)]
    fn take_return(&mut self) -> Option<R> {
        if !self.site.holds_return() {
            return None;
        }
        self.site.set_holds_return(false);
        // SAFETY: the site said the stage holds the return value; it now says
        // it holds nothing, so the value is read out once.
        Some(unsafe { ManuallyDrop::take(&mut self.stage.returned) })
    }
}

/// Stores a body's return value in its finished stage when dropped: after
/// the body is dropped in place, even if one of its `Drop` guards panics.
struct StoreReturn<'s, F, R> {
    stage: *mut Stage<F, R>,
    site: &'s Site,
    returned: Option<R>,
}

impl<F, R> Drop for StoreReturn<'_, F, R> {
    #[inline(always)]
    fn drop(&mut self) {
        if let Some(value) = self.returned.take() {
            // SAFETY: the stage holds nothing (the body was dropped, the site
            // says finished): writing a field of the union drops nothing.
            unsafe { (&raw mut (*self.stage).returned).write(ManuallyDrop::new(value)) };
            self.site.set_holds_return(true);
        }
    }
}

impl<Y, S, E, R, F: Future<Output = R>> Core<Y, S, E, R, F> {
    /// Polls the body once with `airlock`, which holds what is delivered, and
    /// reports what it did. The common outcome, a plain yield, is checked first.
    #[inline(always)]
    fn poll(
        parts: Parts<'_, F, R>,
        mut airlock: Airlock<'_, Y, S, E>,
        delivered: Delivered,
    ) -> Event<Y, S, E> {
        // If the body panics, or a value it left behind panics as it is dropped
        // below, the panic leaves through here: the guard drops the body in place
        // first, so that its `Drop` guards run and it is `Closed` (C5).
        let mut guard = CloseOnPanic(parts);
        let Some(body) = guard.0.body() else {
            return Event::Stuck(Misuse::Inconsistent);
        };
        let polled = poll_level(body, &airlock);
        // The airlock is read where it is, never moved (a copy the compiler
        // cannot always elide), and its address never reaches a call that is
        // not inlined: then the compiler keeps the mailboxes in registers.
        let event = match (polled, airlock.value.get_mut(), airlock.slot.get_mut()) {
            (Ok(Poll::Pending), value @ Value::Yielded(_), Slot::Empty) => match core::mem::take(value) {
                Value::Yielded(value) => Event::Yielded(value),
                Value::Empty | Value::Sent(_) => Event::Stuck(Misuse::Inconsistent),
            },
            (Ok(Poll::Ready(returned)), Value::Empty, Slot::Empty) => {
                // (`finish` withdraws a view exposed this poll.)
                guard.0.finish(Some(returned));
                Event::Returned
            }
            (polled, value, slot) => {
                let (value, slot) = (core::mem::take(value), core::mem::take(slot));
                Self::polled(&mut guard.0, polled, value, slot, delivered)
            }
        };
        core::mem::forget(airlock); // every mailbox in it was emptied
        core::mem::forget(guard);
        event
    }

    /// What a poll that did not simply yield or return means; whatever the
    /// airlock held that is not handed on is dropped here, while the caller's
    /// guard is armed.
    #[inline(never)]
    fn polled(
        parts: &mut Parts<'_, F, R>,
        polled: Result<Poll<R>, Misuse>,
        value: Value<Y, S>,
        slot: Slot<Y, S, E>,
        delivered: Delivered,
    ) -> Event<Y, S, E> {
        match polled {
            Ok(Poll::Pending) => Self::pending(parts, value, slot, delivered),
            Ok(Poll::Ready(returned)) => {
                parts.finish(Some(returned));
                drop((value, slot));
                Event::Stuck(Misuse::LostOnReturn)
            }
            Err(misuse) => {
                // A view exposed this poll may lie outside the body: no misuse
                // report may read it.
                parts.site.withdraw();
                drop((value, slot));
                Event::Stuck(misuse)
            }
        }
    }

    /// The rarer ways a poll can stay pending: delegation, re-raise, misuse.
    /// Whatever is not handed on is dropped here, while the caller's guard is
    /// armed.
    #[inline]
    fn pending(
        parts: &mut Parts<'_, F, R>,
        value: Value<Y, S>,
        slot: Slot<Y, S, E>,
        delivered: Delivered,
    ) -> Event<Y, S, E> {
        // A view exposed this poll is checked before anything else happens.
        let slot = match slot {
            Slot::View(exposed) => {
                parts.check_view(exposed);
                Slot::Empty
            }
            slot => slot,
        };
        match (value, slot) {
            // A yield that exposed a view (checked by `check_view`).
            (Value::Yielded(value), Slot::Empty) => Event::Yielded(value),
            // `yield_from_sending` puts the value to resume the delegate with.
            (Value::Sent(first), Slot::DelegateStarted(levels)) => Event::DelegatedStarted(levels, first),
            (Value::Sent(_), _) => Event::Stuck(Misuse::NotReceived),
            (Value::Yielded(_), _) => Event::Stuck(Misuse::TwoAtOnce),
            (Value::Empty, Slot::Delegate(level)) => Event::Delegated(level),
            (Value::Empty, Slot::DelegateStarted(_)) => Event::Stuck(Misuse::Inconsistent),
            (Value::Empty, Slot::Reraise(interrupt)) => match (interrupt, delivered) {
                (Interrupt::Throw(e), Delivered::Throw) => {
                    parts.finish(None);
                    Event::Unwound(Input::Throw(e))
                }
                (Interrupt::Exit, Delivered::Exit) => {
                    parts.finish(None);
                    Event::Unwound(Input::Exit)
                }
                _ => Event::Stuck(Misuse::BadReraise),
            },
            (Value::Empty, Slot::Empty) => Event::Stuck(Misuse::ForeignFuture),
            (Value::Empty, Slot::Input(_) | Slot::ExitReturned(_)) => Event::Stuck(Misuse::NotReceived),
            // Taken out (and checked) by `poll` before it calls this.
            (Value::Empty, Slot::View(_)) => Event::Stuck(Misuse::Inconsistent),
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
                parts.finish(None);
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

    fn exit_returned(mut self: Pin<&mut Self>, level: Level<Y, S, E>) -> Event<Y, S, E> {
        if !self.as_mut().parts().site.catches() {
            drop(level); // the delegate's value goes with it; `Exit` goes on
            return self.resume(Input::Exit);
        }
        let parts = self.parts();
        let site = parts.site;
        Self::poll(
            parts,
            Airlock::new(site.id(), site, Value::Empty, Slot::ExitReturned(level)),
            Delivered::Exit,
        )
    }

    fn unwind(self: Pin<&mut Self>) {
        let mut parts = self.parts();
        if parts.site.running() {
            parts.finish(None);
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

    fn frame(&self) -> Option<Frame<'_>> {
        // Only a suspended site has a point (0 and `FINISHED` decode to none).
        Some(Frame {
            point: self.site.point()?,
            location: self.site.location()?,
            function: crate::state::function_name(core::any::type_name::<F>()),
            locals: self.locals(),
        })
    }

    fn locals(&self) -> Option<&dyn Debug> {
        // SAFETY: soundness point 8: the exposure is alive, and so is the view
        // it borrows, until the body runs again, which needs `&mut` to its core.
        self.site.exposed().map(|exposed| unsafe { &*exposed.view })
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
        self.0.finish(None);
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
