//! Seed 15 (the value of `yield from`): `result = yield from sub()` receives the
//! subgenerator's return value, within the same `send` in which it returned.
//!
//! Python original (`15_yield_from_return_value.py`):
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
//! def outer():
//!     result = yield from inner_worker()
//!     yield f"Final total: {result}"
//!
//! gen = outer()
//! next(gen)
//! gen.send(10); gen.send(25); gen.send(7)
//! print(gen.send(None))  # Final total: 42
//! ```
//!
//! `yield from` needs one yield type for both levels; `inner_worker` yields None and
//! `outer` yields a string, so the yield type is `Option<String>`. Python can send
//! None, so the sent type is `Option<i32>`.

use gensend::{Gen, Step};

fn inner_worker() -> Gen<'static, Option<String>, Option<i32>, i32> {
    Gen::new(|co| async move {
        let mut total = 0;
        loop {
            match co.yield_(None).await {
                None => return total,
                Some(value) => total += value,
            }
        }
    })
}

fn outer() -> Gen<'static, Option<String>, Option<i32>> {
    Gen::new(|co| async move {
        let result = co.yield_from(inner_worker()).await;
        co.yield_(Some(format!("Final total: {result}"))).await;
    })
}

pub fn main() {
    let mut generator = outer();
    generator.start().expect("fresh generator");
    for value in [10, 25, 7] {
        generator.send(Some(value)).expect("suspended");
    }
    if let Step::Yielded(Some(text)) = generator.send(None).expect("suspended") {
        println!("{text}"); // Final total: 42
    }
}
