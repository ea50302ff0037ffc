//! Seed 16 (a return value, driven by hand): without `yield from`, the caller reads
//! the return value from the call that ends the body: Python's `StopIteration.value`,
//! gensend's `Step::Complete(value)`.
//!
//! Python original (`16_manual_return_value.py`):
//!
//! ```python
//! def inner_worker():
//!     total = 0
//!     while True:
//!         value = (yield)
//!         if value is None:
//!             return total
//!         total += value
//!
//! worker = inner_worker()
//! next(worker)
//! worker.send(10)
//! worker.send(25)
//! try:
//!     worker.send(None)
//! except StopIteration as e:
//!     print(e.value)  # 35
//! ```
//!
//! Python can send None, so the sent type is `Option<i32>`.

use gensend::{Gen, Step};

fn inner_worker() -> Gen<'static, (), Option<i32>, i32> {
    Gen::new(|co| async move {
        let mut total = 0;
        loop {
            match co.yield_(()).await {
                None => return total,
                Some(value) => total += value,
            }
        }
    })
}

pub fn main() {
    let mut worker = inner_worker();
    worker.start().expect("fresh generator");
    worker.send(Some(10)).expect("suspended");
    worker.send(Some(25)).expect("suspended");
    if let Step::Complete(total) = worker.send(None).expect("suspended") {
        println!("{total}"); // 35
    }
}
