//! Python's complete generator protocol for stable Rust.
//!
//! `send`, `start` (`next`), `throw`, `close` with its 3.13 return value, return
//! values, `yield from` delegation, the four generator states and auto-primed
//! consumers, with the semantics of CPython 3.13 (see `PROTOCOL.md`).
//!
//! A body is an `async` block handed a [`Co`]; `co.yield_(v).await` is Python's
//! `x = yield v`. A [`Gen`] owns the body and implements the protocol; it is
//! `Send`, and so must its body be. A body that is not (it holds an `Rc`, or a
//! `RefCell` borrow, across a yield) makes a [`LocalGen`] instead, with the same
//! protocol.
//!
//! ```
//! use gensend::{Gen, Interrupt, Step};
//!
//! // Python:
//! // def running_average():
//! //     total, count = 0.0, 0
//! //     try:
//! //         while True:
//! //             total += yield (total / count if count else None)
//! //             count += 1
//! //     except GeneratorExit:
//! //         return count
//! let mut avg: Gen<Option<f64>, f64, u32> = Gen::new(|co| async move {
//!     let (mut total, mut count) = (0.0, 0);
//!     loop {
//!         let mean = (count > 0).then(|| total / count as f64);
//!         match co.try_yield(mean).await {
//!             Ok(x) => {
//!                 total += x;
//!                 count += 1;
//!             }
//!             Err(Interrupt::Exit) => return count,
//!             Err(Interrupt::Throw(never)) => match never {},
//!         }
//!     }
//! });
//! assert_eq!(avg.start(), Ok(Step::Yielded(None)));
//! assert_eq!(avg.send(10.0), Ok(Step::Yielded(Some(10.0))));
//! assert_eq!(avg.send(20.0), Ok(Step::Yielded(Some(15.0))));
//! assert_eq!(avg.close(), Ok(Some(2)));
//! ```
//!
//! # Deliberate differences from CPython
//!
//! - Thrown errors are typed (`E`), not arbitrary exceptions; a body's own errors
//!   are part of its return type `R` (e.g. `Result<T, MyError>`), so `?` works.
//! - No `StopIteration` can leak inside a body, so PEP 479 has no counterpart.
//! - `gi_frame.f_locals` has no safe counterpart; [`Gen::suspended_at`] and
//!   [`Gen::backtrace`] (file, line, column of each yield) are provided instead.
//! - Protocol misuse returns a typed error that hands the caller's value back.
//! - A body that yields again while being dropped is dropped anyway, so its
//!   remaining `Drop` guards still run (CPython skips the enclosing `finally`).
//! - When a delegate ignores `Exit` during `close()`, CPython raises
//!   `RuntimeError` in its delegator, which a typed body cannot catch: gensend
//!   unwinds the delegators as CPython does when none of them catches it, and
//!   `close()` returns `Err(IgnoredExit)`.
//! - CPython's `yield from` resumes a generator that has already started with
//!   `None`, which a generic `S` does not have: [`Co::yield_from_sending`] takes
//!   the value to resume it with (`()` for `S = ()`), and `yield_from` of a
//!   started generator panics, pointing there.
//! - A body's own error is a value of its return type, so an error a delegate
//!   raises while it is being closed is its return value: only
//!   [`Co::catch_yield_from`] hands it to the delegator
//!   ([`Escaped::ExitReturned`]); `yield_from` drops it and raises `Exit` in the
//!   delegator, as CPython does with a returned value. `yield from` a generator
//!   that is finished and whose value is gone is [`Co::yield_from_or_none`]
//!   (CPython's `None`). Iterables are delegated to with `yield_from_iter` /
//!   `try_yield_from_iter` when `S = ()`; with another `S`,
//!   [`Co::try_yield_from_iter_with`] hands a sent value back where CPython
//!   raises `AttributeError`.
//!
//! # Features and platforms
//!
//! `#![no_std]` with `alloc`. The `std` feature (on by default) only makes
//! creating a generator cheaper: every generator takes a unique id, never reused,
//! and with `std` each thread takes them in blocks instead of one atomic
//! operation per generator. Targets must have 64-bit atomics. Ids have 60 bits:
//! creating a generator panics after 2^60 of them (36 years at a billion
//! generators a second).
//!
//! # Safety
//!
//! All `unsafe` code is in one private module (`raw`), whose documentation holds
//! the soundness argument; the tests also run under AddressSanitizer.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod chain;
mod co;
mod consumer;
mod delegate;
mod error;
mod r#gen;
mod id;
mod misuse;
mod raw;
mod state;

pub use co::Co;
pub use consumer::{EarlyReturn, consumer, throwable_consumer};
pub use delegate::{Escaped, IterInterrupt};
pub use error::{IgnoredExit, SendError, StartError};
pub use r#gen::{Gen, Local, LocalGen, Sendable};
pub use state::{Frame, Interrupt, Point, State, Step};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
