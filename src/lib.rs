//! Python's generators for stable Rust (`send`, `throw`, `close` with its
//! return value, and `yield from` at any depth, with CPython 3.13's
//! semantics), so that coroutines such as sans-IO parsers, pipelines,
//! schedulers and simulations read as straight-line code, or port line by
//! line from Python.
//!
//! A body is an `async` block handed a [`Co`]; `co.yield_(v).await` is Python's
//! `x = yield v`. A [`Gen`] owns the body and implements the protocol; it is
//! `Send`, and so must its body be. A body that is not (it holds an `Rc`, or a
//! `RefCell` borrow, across a yield) makes a [`LocalGen`] instead, with the same
//! protocol.
//!
//! ```
//! use gensend::{Gen, Step};
//!
//! // Python:
//! // def running_total():
//! //     total = 0
//! //     try:
//! //         while True:
//! //             total += yield total
//! //     except GeneratorExit:
//! //         return total
//! let mut running = Gen::<i32, i32, i32>::new(|co| async move {
//!     let mut total = 0;
//!     while let Some(x) = co.yield_or_exit(total).await {
//!         total += x;
//!     }
//!     total
//! });
//! assert_eq!(running.start(), Ok(Step::Yielded(0))); // next(g)
//! assert_eq!(running.send(10), Ok(Step::Yielded(10))); // g.send(10)
//! assert_eq!(running.send(5), Ok(Step::Yielded(15)));
//! assert_eq!(running.finish(), Ok(15)); // g.close() returns 15
//! ```
//!
//! Start with the [tour] (`cargo run --example tour`: every program of the
//! Python seed material ported, then what Python cannot do); port Python code
//! with the [porting guide]; [`BENCHMARKS.md`] has the measurements and
//! [`CONFORMANCE.md`] maps every rule of the specification, [`PROTOCOL.md`],
//! to its tests (including differential tests against CPython).
//!
//! [tour]: https://docs.rs/crate/gensend/latest/source/examples/tour.rs
//! [porting guide]: crate::porting
//! [`BENCHMARKS.md`]: https://docs.rs/crate/gensend/latest/source/BENCHMARKS.md
//! [`CONFORMANCE.md`]: https://docs.rs/crate/gensend/latest/source/CONFORMANCE.md
//! [`PROTOCOL.md`]: https://docs.rs/crate/gensend/latest/source/PROTOCOL.md
//!
//! # The short forms
//!
//! | Python | gensend |
//! |---|---|
//! | `x = yield v` | `let x = co.yield_(v).await;` (`throw`/`close` unwind here, running `Drop` guards) |
//! | `try: x = yield v` / `except GeneratorExit: return r` | `while let Some(x) = co.yield_or_exit(v).await { .. } r` |
//! | `try: x = yield v` / `except ValueError as e: ..` | `match co.try_yield(v).await { Ok(x) => .., Err(Interrupt::Throw(e)) => .., Err(Interrupt::Exit) => .. }` |
//! | `yield from sub` | `co.yield_from(sub).await` (evaluates to `sub`'s return value) |
//! | `def g(): ...` sending `str` | `Gen::<Y, String>::new(\|co\| async move { .. })` |
//! | `@consumer` | `consumer::<String, _>(\|co\| async move { .. })?` |
//! | `next(g)` / `g.send(v)` | `g.start()` / `g.send(v)`, or `g.resume(v)` for either |
//! | `r = g.close()` | `g.finish()` → `Ok(r)`, or why not ([`CloseError`]); `g.close()` → `Ok(Some(r))` |
//! | `g.throw(e)` | `g.throw(e)` (made with [`Gen::throwable`]) |
//! | `for x in g:` | `for x in g` (`S = ()`); `for x in g.try_iter()` if the body can fail |
//!
//! [`Co::yield_or_exit`] is for bodies that cannot be thrown into (made with
//! [`Gen::new`] or [`consumer()`]); a body made with [`Gen::throwable`] matches
//! on [`Interrupt`] with [`Co::try_yield`]. Since Rust 1.82 that `match` needs
//! no arm for `Interrupt::Throw` when `E = Infallible`, and
//! `let Ok(x) = co.try_yield(v).await else { return r };` is the same point.
//!
//! # Naming the types
//!
//! Rust type-checks a body (a closure) before it sees how the generator is
//! used, and before it uses a type written on the binding or the function's
//! return type, so a body that calls a method on a value sent in needs the
//! sent type named where the generator is made: `Gen::<Y, S>::new(..)`,
//! `consumer::<S, _>(..)`, or on the value received
//! (`let line: String = co.yield_(..).await`). Without it the error is E0282
//! ("type annotations needed", "type must be known at this point"), even with
//! `let g: Gen<Y, S> = ..`. The [porting guide] shows it step by step.
//!
//! # Iterating, and bodies that fail
//!
//! With nothing to send (`S = ()`) a `Gen` is an [`Iterator`] over its yields;
//! [`Gen::take_return`] gives the return value afterwards. A body that can fail
//! returns `Result<T, X>` (and uses `?`); iterate it with [`Gen::try_iter`],
//! which ends with the body's error, so a `for` loop cannot miss it:
//!
//! ```
//! use gensend::Gen;
//!
//! fn numbers(text: &str) -> Gen<'_, i64, (), Result<(), std::num::ParseIntError>> {
//!     Gen::new(move |co| async move {
//!         for word in text.split_whitespace() {
//!             co.yield_(word.parse()?).await;
//!         }
//!         Ok(())
//!     })
//! }
//! assert_eq!(numbers("1 2 3").try_iter().collect::<Result<Vec<_>, _>>(), Ok(vec![1, 2, 3]));
//! assert!(numbers("1 two 3").try_iter().collect::<Result<Vec<_>, _>>().is_err());
//! ```
//!
//! # Sans-IO parsers: helper functions and batches
//!
//! A parser is a generator sent chunks of input as they arrive. Two patterns
//! keep it short. A step that waits for input is a helper `async fn` taking
//! `&Co<'_, Y, S>`; the body awaits it like a yield (it may yield many times).
//! And one send may complete zero, one or many messages, so the parser yields
//! a batch (`Vec<Message>`) after each chunk, possibly empty:
//!
//! ```
//! use gensend::{Co, Gen, Step};
//!
//! /// Waits until `buffer` holds a whole line, yielding the (empty) batch
//! /// `done` for each chunk that does not complete one.
//! async fn line(co: &Co<'_, Vec<String>, String>, buffer: &mut String, done: &mut Vec<String>) -> String {
//!     loop {
//!         if let Some(end) = buffer.find('\n') {
//!             let line = buffer[..end].to_string();
//!             buffer.drain(..=end);
//!             return line;
//!         }
//!         buffer.push_str(&co.yield_(std::mem::take(done)).await);
//!     }
//! }
//!
//! // Lines of the form `name: value`, fed in arbitrary chunks.
//! let mut headers = Gen::<Vec<String>, String>::new(|co| async move {
//!     let (mut buffer, mut done) = (String::new(), Vec::new());
//!     loop {
//!         let line = line(&co, &mut buffer, &mut done).await;
//!         if let Some((name, _value)) = line.split_once(": ") {
//!             done.push(name.to_lowercase());
//!         }
//!     }
//! });
//! headers.start().unwrap();
//! assert_eq!(headers.send("Ho".into()), Ok(Step::Yielded(vec![])));
//! assert_eq!(headers.send("st: a\nAccept: b\nX-".into()), Ok(Step::Yielded(vec!["host".into(), "accept".into()])));
//! ```
//!
//! # Deep chains
//!
//! `yield from` is a trampoline (see [`Co::yield_from`]): at any depth a resume
//! costs the same, and resuming, throwing into, closing and *dropping* a chain
//! of delegating generators use no machine stack per level. Dropping a
//! suspended chain closes it innermost level first, in a loop, as `close()`
//! does (a chain 1,000,000 deep is tested). What this does not cover is a
//! generator that merely *owns* generators it has not delegated to yet (say,
//! captured in its body, each owning the next): those drop the way Rust drops
//! any nested value, recursively. Make a delegate inside the body, where it is
//! delegated to (`co.yield_from(walk(&node.left)).await`), as recursive
//! generators naturally do.
//!
//! # Mistakes in a body
//!
//! A body may only await its own handle's futures (and `async` code that awaits
//! them). Awaiting anything else that suspends, a timer or a channel, makes
//! the resuming call (`start`, `send`, `next`, ...) panic at the caller's line,
//! naming the mistake and the body's last yield ("the generator was last
//! suspended at yield_ at src/main.rs:12:21"): the mistake is in the code that
//! runs after that yield.
//!
//! # Deliberate differences from CPython
//!
//! - Thrown errors are typed (`E`), not arbitrary exceptions; a body's own errors
//!   are part of its return type `R` (e.g. `Result<T, MyError>`), so `?` works.
//! - No `StopIteration` can leak inside a body, so PEP 479 has no counterpart.
//! - `gi_frame.f_locals` shows every local at every yield; a gensend body
//!   chooses what it exposes, and where: [`Co::yield_with`] lends a view of its
//!   locals to [`Gen::locals`] and [`Gen::backtrace`] while suspended there
//!   (borrowed, not copied; such a body makes a [`LocalGen`]).
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
//! the soundness argument; the tests also run under Miri (Stacked and Tree Borrows)
//! and AddressSanitizer.
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
mod drive;
mod error;
mod r#gen;
mod id;
mod iter;
mod misuse;
mod raw;
mod state;

pub use co::Co;
pub use consumer::{ConsumerBody, EarlyReturn, consumer, throwable_consumer};
pub use delegate::{Escaped, IterInterrupt};
pub use error::{CloseError, IgnoredExit, SendError, StartError};
pub use r#gen::{Gen, Local, LocalGen, Sendable};
pub use iter::TryIter;
pub use state::{Frame, Interrupt, Point, State, Step};

/// A guide for Python programmers: every construct of the generator protocol
/// next to its gensend form.
#[doc = include_str!("../docs/porting.md")]
pub mod porting {}

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
