//! Seed 18 (peeking at a suspended generator): CPython's `gi_frame.f_locals` shows the
//! body's local variables while it is suspended, and `gi_frame` is None once it is
//! closed.
//!
//! Python original (`18_gi_frame_locals.py`):
//!
//! ```python
//! def accumulator():
//!     total = 0
//!     while True:
//!         value = (yield total)
//!         if value is None:
//!             break
//!         total += value
//!
//! acc = accumulator()
//! next(acc); acc.send(10); acc.send(25)
//! print(acc.gi_frame.f_locals)  # {'total': 35, 'value': 25}
//! acc.close()
//! print("gi_frame after close():", acc.gi_frame)  # None
//! ```
//!
//! Difference from CPython (see `tests/golden/18_gi_frame_locals.md`): safe Rust
//! cannot read another function's locals, and gensend's body is an opaque future. The
//! port prints the closest honest equivalents:
//! - the locals the body *publishes explicitly* into a shared [`Locals`] each time it
//!   assigns one, formatted like `f_locals` (a local not yet assigned is left out,
//!   as `value` is right after priming);
//! - where it is suspended, from `suspended_at()` (gensend's `gi_frame.f_lineno`);
//! - `suspended_at()` after `close()`: None, like `gi_frame`.

use std::fmt;
use std::sync::{Arc, Mutex};

use gensend::Gen;

/// The accumulator's local variables, as the body last published them.
#[derive(Debug, Default)]
struct Locals {
    total: i32,
    /// `None` until `value` is first assigned.
    value: Option<i32>,
}

impl fmt::Display for Locals {
    /// Like Python's `repr()` of `f_locals`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{'total': {}", self.total)?;
        if let Some(value) = self.value {
            write!(f, ", 'value': {value}")?;
        }
        f.write_str("}")
    }
}

fn accumulator(locals: Arc<Mutex<Locals>>) -> Gen<'static, i32, Option<i32>> {
    Gen::new(|co| async move {
        let publish = |total, value| *locals.lock().expect("not poisoned") = Locals { total, value };
        let mut total = 0;
        publish(total, None);
        loop {
            let Some(value) = co.yield_(total).await else { break };
            publish(total, Some(value));
            total += value;
            publish(total, Some(value));
        }
    })
}

pub fn main() {
    let locals = Arc::new(Mutex::new(Locals::default()));
    let mut acc = accumulator(Arc::clone(&locals));
    acc.start().expect("fresh generator");
    acc.send(Some(10)).expect("suspended");
    acc.send(Some(25)).expect("suspended");
    println!("{}", locals.lock().expect("not poisoned")); // {'total': 35, 'value': 25}
    let at = acc.suspended_at().expect("suspended");
    println!("suspended at: {}:{}", at.file(), at.line());

    acc.close().expect("a plain yield point unwinds");
    println!("suspended_at() after close(): {:?}", acc.suspended_at());
}
