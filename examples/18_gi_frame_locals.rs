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
//! The body exposes a view of its locals at its yield with `co.yield_with`: a struct
//! of references to `total` and `value`, borrowed from the suspended body (no copy, no
//! lock). `acc.locals()` is that view while the body is suspended there, and `None`
//! once it is closed, like `gi_frame`. The view prints itself the way Python prints
//! `f_locals` (a local not yet assigned is left out, as `value` is right after
//! priming). Exposing locals ties the yield future to its thread, so the generator is
//! a `LocalGen`.

use std::fmt;

use gensend::{Gen, LocalGen};

/// The accumulator's local variables, borrowed from its suspended body.
struct Locals<'a> {
    total: &'a i32,
    /// `None` until `value` is first assigned.
    value: &'a Option<i32>,
}

impl fmt::Debug for Locals<'_> {
    /// Like Python's `repr()` of `f_locals`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{'total': {}", self.total)?;
        if let Some(value) = self.value {
            write!(f, ", 'value': {value}")?;
        }
        f.write_str("}")
    }
}

fn accumulator() -> LocalGen<'static, i32, Option<i32>> {
    Gen::new_local(|co| async move {
        let mut total = 0;
        let mut value = None;
        loop {
            value = co.yield_with(total, &Locals { total: &total, value: &value }).await;
            let Some(v) = value else { break };
            total += v;
        }
    })
}

pub fn main() {
    let mut acc = accumulator();
    acc.start().expect("fresh generator");
    acc.send(Some(10)).expect("suspended");
    acc.send(Some(25)).expect("suspended");
    // Peek at internal state without consuming the generator
    println!("{:?}", acc.locals().expect("suspended at yield_with")); // {'total': 35, 'value': 25}

    acc.close().expect("a plain yield point unwinds");
    println!("gi_frame after close(): {:?}", acc.locals());
}
