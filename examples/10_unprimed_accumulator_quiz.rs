//! Seed 10 (the unprimed-accumulator quiz): `acc.send(5)` on a fresh generator fails at
//! the call itself ("line 8"), before any of the body runs; the body's `total += value`
//! ("line 5", blamed by the quiz) never runs.
//!
//! Python original (`10_unprimed_accumulator_quiz.py`; the quiz numbers lines 1-8):
//!
//! ```python
//! def accumulator():              # L1
//!     total = 0                   # L2
//!     while True:                 # L3
//!         value = (yield total)   # L4
//!         total += value          # L5
//!                                 # L6
//! acc = accumulator()             # L7
//! try:
//!     acc.send(5)  # <-- called without priming first   # L8
//! except TypeError as e:
//!     print(f"{type(e).__name__}: {e}")
//!     for fs in traceback.extract_tb(e.__traceback__):
//!         print(f"  traceback frame: {fs.name}: {fs.line}")
//! ```
//!
//! Difference from CPython (see `tests/golden/10_unprimed_accumulator_quiz.md`): a
//! `SendError` is a value, not an exception with a traceback. The only frame CPython
//! lists is the caller's line 8, so the port prints the closest honest equivalent: the
//! Rust source line of the call that returned the error (read from this file with
//! `include_str!`, located with `line!()`), under the name of the calling function.
//! The first line of output is byte-identical to CPython's; the second shows Rust
//! source instead of Python source.

use gensend::Gen;

/// This file, to print the source line of a call the way a traceback does.
const SOURCE: &str = include_str!("10_unprimed_accumulator_quiz.rs");

fn accumulator() -> Gen<'static, i32, i32> {
    Gen::new(|co| async move {
        let mut total = 0; // L2
        loop {
            // L3
            let value = co.yield_(total).await; // L4
            total += value; // L5
        }
    })
}

pub fn main() {
    let mut acc = accumulator(); // L7
    let call_line = line!() as usize + 1;
    let result = acc.send(5); // <-- called without priming first   # L8
    if let Err(err) = result {
        println!("{}: {}", err.python_exception(), err);
        let line = SOURCE.lines().nth(call_line - 1).expect("this file has that line");
        println!("  traceback frame: main: {}", line.trim());
    }
}
