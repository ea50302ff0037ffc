//! Seed 01 (echo coroutine): prime with `start()` (Python's `next()`), then each
//! `send(v)` resumes the waiting yield with `v` and returns the next yielded value.
//!
//! Python original (`01_echo_coroutine.py`):
//!
//! ```python
//! def coroutine():
//!     print("Coroutine started, awaiting initial value...")
//!     received = yield  # yields None
//!     print(f"Received: {received}")
//!     while True:
//!         response = yield f"Echo: {received}"
//!         print(f"Received: {response}")
//!         received = response
//!
//! gen = coroutine()
//! next(gen)
//! print(gen.send("Hello"))  # Echo: Hello
//! print(gen.send("World"))  # Echo: World
//! ```
//!
//! The bare first `yield` emits None, so the port yields `Option<String>`: `None`
//! first, then `Some("Echo: ...")`.

use gensend::{Gen, Step};

fn coroutine() -> Gen<'static, Option<String>, &'static str> {
    Gen::new(|co| async move {
        println!("Coroutine started, awaiting initial value...");
        let mut received = co.yield_(None).await;
        println!("Received: {received}");
        loop {
            let response = co.yield_(Some(format!("Echo: {received}"))).await;
            println!("Received: {response}");
            received = response;
        }
    })
}

/// Python's `print(result)` for a yielded string.
fn print_yielded(step: Step<Option<String>, ()>) {
    match step {
        Step::Yielded(Some(text)) => println!("{text}"),
        other => panic!("expected a yielded string, got {other:?}"),
    }
}

pub fn main() {
    let mut generator = coroutine();
    generator.start().expect("fresh generator"); // Coroutine started, awaiting initial value...

    let result = generator.send("Hello").expect("suspended");
    print_yielded(result); // Echo: Hello

    let result = generator.send("World").expect("suspended");
    print_yielded(result); // Echo: World
}
