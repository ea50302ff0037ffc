//! The trampoline: how a delegation chain is driven, whoever owns it.
//!
//! A chain is a base level (depth 0: a `Gen`'s own body, or a delegate being
//! finalized) and the delegates above it. Only the innermost level is ever
//! resumed; what comes out of it decides what happens next: a yield goes out, a
//! new delegate is pushed and started, a delegate that finishes is popped and its
//! delegator resumed with it, an interrupt that unwinds a level travels to the
//! level below. All of it is a loop over an explicit stack: nothing recurses on
//! the machine stack, however deep the chain.
//!
//! Closing follows CPython's `gen_close` exactly, recursion included: the
//! innermost level is closed first, then `Exit` is raised in each delegator. A
//! delegate that yields instead of finishing makes CPython raise
//! `RuntimeError("generator ignored GeneratorExit")` in its delegator, which no
//! typed body can catch: the delegator lets go of the delegate, which is
//! *finalized* (closed once more, as a chain of its own, and dropped if it yields
//! again), and the error unwinds every delegator. Finalizing can abandon further
//! delegates, as deep as bodies keep ignoring `Exit` (a handler that delegates to
//! a fresh generator, which yields, at every level): [`finalize`] is a loop too,
//! with the chains waiting to be unwound on an explicit stack.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::pin::Pin;

use crate::misuse::Misuse;
use crate::raw::{Event, Input, Level, Levels, Resume};

/// How one run of the trampoline ended.
pub(crate) enum Outcome<Y, S, E> {
    Yielded(Y),
    Returned,
    Unwound(Input<Y, S, E>),
    Rejected(Input<Y, S, E>),
    Stuck(Misuse),
}

/// What every chain can do whatever its types: unwind on the way out of a panic.
pub(crate) trait Unwind {
    /// Drops every level in place, innermost first, running their `Drop` guards.
    fn unwind_all(&mut self);
}

/// A delegation chain: a base level at depth 0 and the delegates above it.
pub(crate) trait Chain<Y, S, E>: Unwind {
    /// The depth of the innermost level (0 when nothing is delegated).
    fn depth(&self) -> usize;
    /// The innermost level, if the chain has a base.
    fn innermost(&mut self) -> Option<Pin<&mut dyn Resume<Y, S, E>>>;
    /// Whether the chain's base is a `LocalGen`'s core.
    fn base_is_local(&self) -> bool;
    /// Whether `level` may join this chain: a `LocalGen`'s core only joins a
    /// chain whose base is local too (soundness point 7 in `raw`).
    fn admits(&self, level: &Level<Y, S, E>) -> bool {
        !level.is_local() || self.base_is_local()
    }
    fn push(&mut self, level: Level<Y, S, E>);
    /// Removes the innermost delegate; never the base.
    fn pop(&mut self) -> Option<Level<Y, S, E>>;
    /// Removes the delegates from `depth` (at least 1) up, outermost first.
    fn split_off(&mut self, depth: usize) -> Vec<Level<Y, S, E>>;
    /// While the chain was being closed, the delegates `levels` (split off it)
    /// ignored `Exit`. CPython raises `RuntimeError` in their delegator, which
    /// lets go of them: they are finalized, then every delegator left unwinds.
    /// A chain being finalized defers both to [`finalize`]'s loop.
    fn abandon(&mut self, levels: Vec<Level<Y, S, E>>) {
        finalize(levels);
        self.unwind_all();
    }
}

/// Resumes the innermost level of `chain` with `input`, and drives the chain on
/// (see [`trampoline`]).
#[inline]
pub(crate) fn run<Y, S, E, C: Chain<Y, S, E>>(
    chain: &mut C,
    input: Input<Y, S, E>,
    exiting: Option<usize>,
) -> Outcome<Y, S, E> {
    let guard = UnwindOnPanic(chain);
    let event = match guard.0.innermost() {
        Some(level) => level.resume(input),
        None => Event::Rejected(input),
    };
    core::mem::forget(guard);
    match event {
        Event::Yielded(y) if exiting.is_none_or(|depth| depth == 0) => Outcome::Yielded(y),
        event => trampoline(chain, event, exiting),
    }
}

/// Sends `value` to the innermost level of `chain` (the hot path of `run`);
/// what comes out is for [`trampoline`], unless it is a yield.
#[inline]
pub(crate) fn send<Y, S, E, C: Chain<Y, S, E>>(chain: &mut C, value: S) -> Event<Y, S, E> {
    let guard = UnwindOnPanic(chain);
    let event = match guard.0.innermost() {
        Some(level) => level.send(value),
        None => Event::Rejected(Input::Send(value)),
    };
    core::mem::forget(guard);
    event
}

/// Drives `chain` from `event`, what its innermost level just produced, until
/// something comes out of the base. While closing, `exiting` is the depth of the
/// level handling `Exit`: a level that returns while handling it raises `Exit`
/// in its delegator, holding the value for a delegator that catches it with
/// `catch_yield_from` (PROTOCOL.md D4), but a delegate that a handler starts
/// returns its value as usual.
#[inline(never)]
pub(crate) fn trampoline<Y, S, E, C: Chain<Y, S, E>>(
    chain: &mut C,
    mut event: Event<Y, S, E>,
    mut exiting: Option<usize>,
) -> Outcome<Y, S, E> {
    let guard = UnwindOnPanic(chain);
    let chain = &mut *guard.0;
    let outcome = loop {
        let depth = chain.depth();
        let input = match event {
            Event::Yielded(y) => {
                if let Some(depth) = exiting.filter(|&depth| depth > 0) {
                    let levels = chain.split_off(depth);
                    chain.abandon(levels);
                }
                break Outcome::Yielded(y);
            }
            Event::Delegated(level) => {
                if !chain.admits(&level) {
                    break Outcome::Stuck(Misuse::LocalInSendable);
                }
                chain.push(level);
                Input::Start
            }
            Event::DelegatedStarted(levels, first) => {
                // The levels above the first came from its own `Gen`, which
                // admitted them: if this chain admits the first, it admits them.
                if !levels.first().is_some_and(|base| chain.admits(base)) {
                    break Outcome::Stuck(Misuse::LocalInSendable);
                }
                for level in *levels {
                    chain.push(level);
                }
                Input::Send(first)
            }
            Event::Returned => match chain.pop() {
                None => break Outcome::Returned,
                Some(level) if exiting == Some(depth) => {
                    exiting = Some(depth - 1);
                    event = match chain.innermost() {
                        Some(delegator) => delegator.exit_returned(level),
                        None => break Outcome::Rejected(Input::Exit),
                    };
                    continue;
                }
                Some(level) => Input::Returned(level),
            },
            Event::Unwound(interrupt) => match chain.pop() {
                None => break Outcome::Unwound(interrupt),
                Some(_) => {
                    if exiting == Some(depth) {
                        exiting = Some(depth - 1);
                    }
                    interrupt
                }
            },
            Event::Rejected(input) => break Outcome::Rejected(input),
            Event::Stuck(misuse) => break Outcome::Stuck(misuse),
        };
        event = match chain.innermost() {
            Some(level) => level.resume(input),
            None => break Outcome::Rejected(input),
        };
    };
    core::mem::forget(guard);
    outcome
}

/// What CPython does to a suspended generator nobody holds any more: closes it
/// (a chain of its own), and if it yields again, drops it anyway.
///
/// Finalizing a chain can abandon delegates of its own, which are finalized in
/// turn before the chain unwinds: a loop, with the chains waiting to unwind
/// (innermost last) on an explicit stack, so that nothing recurses however many
/// times bodies ignore `Exit`.
pub(crate) fn finalize<Y, S, E>(levels: Vec<Level<Y, S, E>>) {
    let mut waiting: Vec<Finalizing<Y, S, E>> = Vec::new();
    let mut next = Some(levels);
    while let Some(levels) = next.take() {
        let mut chain = Finalizing { levels, abandoned: None };
        let exiting = chain.depth();
        let outcome = run(&mut chain, Input::Exit, Some(exiting));
        next = chain.abandoned.take();
        if next.is_none() && matches!(outcome, Outcome::Yielded(_) | Outcome::Stuck(_)) {
            // The base yielded again (or misused its handle): drop it anyway,
            // finalizing what it delegates to first.
            if chain.depth() > 0 {
                next = Some(chain.split_off(1));
            } else {
                chain.unwind_all();
            }
        }
        if next.is_some() {
            waiting.push(chain);
        } else {
            while let Some(mut chain) = waiting.pop() {
                chain.unwind_all();
            }
        }
    }
}

/// The base of `chain` yielded while being dropped (or misused its handle).
/// CPython frees its frame without running its `finally` blocks, which finalizes
/// what it was delegating to; gensend does the same, and then runs the base's
/// `Drop` guards too (the one deliberate difference, PROTOCOL.md F).
pub(crate) fn drop_anyway<Y, S, E, C: Chain<Y, S, E>>(chain: &mut C) {
    if chain.depth() > 0 {
        finalize(chain.split_off(1));
    }
    chain.unwind_all();
}

/// Unwinds the whole chain if a body panics mid-resume (PROTOCOL.md C5).
struct UnwindOnPanic<'c, C: Unwind>(&'c mut C);

impl<C: Unwind> Drop for UnwindOnPanic<'_, C> {
    fn drop(&mut self) {
        self.0.unwind_all();
    }
}

/// A chain being finalized: its base is the first level. Delegates it abandons
/// are kept for [`finalize`]'s loop instead of being finalized at once.
struct Finalizing<Y, S, E> {
    levels: Vec<Level<Y, S, E>>,
    abandoned: Option<Vec<Level<Y, S, E>>>,
}

impl<Y, S, E> Chain<Y, S, E> for Finalizing<Y, S, E> {
    fn depth(&self) -> usize {
        self.levels.len().saturating_sub(1)
    }

    fn innermost(&mut self) -> Option<Pin<&mut dyn Resume<Y, S, E>>> {
        Some(self.levels.last_mut()?.as_mut())
    }

    fn base_is_local(&self) -> bool {
        self.levels.first().is_some_and(|base| base.is_local())
    }

    fn push(&mut self, level: Level<Y, S, E>) {
        self.levels.push(level);
    }

    fn pop(&mut self) -> Option<Level<Y, S, E>> {
        if self.levels.len() > 1 { self.levels.pop() } else { None }
    }

    fn split_off(&mut self, depth: usize) -> Vec<Level<Y, S, E>> {
        self.levels.split_off(depth)
    }

    /// Unwinding waits until the abandoned levels are finalized (see [`finalize`]).
    fn abandon(&mut self, levels: Vec<Level<Y, S, E>>) {
        self.abandoned = Some(levels);
    }
}

impl<Y, S, E> Unwind for Finalizing<Y, S, E> {
    fn unwind_all(&mut self) {
        while let Some(mut level) = self.levels.pop() {
            level.as_mut().unwind();
        }
    }
}

/// The delegates of a `Gen`, innermost last. Boxed on first use, so that a
/// generator that never delegates pays one pointer for it.
pub(crate) struct Stack<Y, S, E>(Option<Levels<Y, S, E>>);

impl<Y, S, E> Stack<Y, S, E> {
    pub(crate) fn new() -> Self {
        Stack(None)
    }

    pub(crate) fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |levels| levels.len())
    }

    pub(crate) fn last_mut(&mut self) -> Option<&mut Level<Y, S, E>> {
        self.0.as_mut()?.last_mut()
    }

    pub(crate) fn push(&mut self, level: Level<Y, S, E>) {
        self.0.get_or_insert_with(Box::default).push(level);
    }

    pub(crate) fn pop(&mut self) -> Option<Level<Y, S, E>> {
        self.0.as_mut()?.pop()
    }

    /// Removes the levels from depth `depth` (the `Gen`'s own body is depth 0) up.
    pub(crate) fn split_off(&mut self, depth: usize) -> Vec<Level<Y, S, E>> {
        self.0.as_mut().map_or_else(Vec::new, |levels| levels.split_off(depth - 1))
    }

    /// `base` and the levels above it, outermost first (in this stack's own
    /// allocation, if it has one).
    pub(crate) fn with_base(self, base: Level<Y, S, E>) -> Levels<Y, S, E> {
        let mut levels = self.0.unwrap_or_default();
        levels.insert(0, base);
        levels
    }

    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &Level<Y, S, E>> {
        self.0.iter().flat_map(|levels| levels.iter())
    }
}
