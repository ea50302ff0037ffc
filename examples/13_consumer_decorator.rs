//! Seed 13 (auto-prime decorator): `consumer` wraps a generator function so that the
//! generator it returns is already primed; callers `send` straight away.
//!
//! Python original (`13_consumer_decorator.py`):
//!
//! ```python
//! def consumer(func):
//!     @functools.wraps(func)
//!     def wrapper(*args, **kwargs):
//!         gen = func(*args, **kwargs)
//!         next(gen)  # advance to the first yield
//!         return gen
//!     return wrapper
//!
//! @consumer
//! def logger(prefix):
//!     while True:
//!         message = (yield)
//!         print(f"[{prefix}] {message}")
//!
//! log = logger("INFO")
//! log.send("Server started")
//! log.send("Request received")
//! ```
//!
//! The decorator is a function from a generator function to a generator function.
//! Like Python's, it discards the first yielded value, so it accepts only generators
//! whose first yield carries nothing (`Y = ()`, Python's bare `yield`).

use gensend::{Gen, Step};

/// Python's `@consumer`: wraps `func` so that its generators come back primed.
fn consumer<A, S: Send, R: Send>(
    func: impl Fn(A) -> Gen<'static, (), S, R>,
) -> impl Fn(A) -> Gen<'static, (), S, R> {
    move |args| {
        let mut generator = func(args);
        match generator.start() {
            Ok(Step::Yielded(())) => generator,
            // Python's `next(gen)` would raise StopIteration here.
            _ => panic!("a consumer must reach a yield before it returns"),
        }
    }
}

fn logger(prefix: &'static str) -> Gen<'static, (), &'static str> {
    Gen::new(move |co| async move {
        loop {
            let message = co.yield_(()).await;
            println!("[{prefix}] {message}");
        }
    })
}

pub fn main() {
    let logger = consumer(logger);
    let mut log = logger("INFO");
    log.send("Server started").expect("primed by consumer"); // [INFO] Server started
    log.send("Request received").expect("primed by consumer"); // [INFO] Request received
}
