//! Seed 12 (processing pipeline): a stage owns the next stage and forwards each item
//! with `send`; the head's `send` returns what the bare `yield` emits, None.
//!
//! Python original (`12_pipeline.py`):
//!
//! ```python
//! def printer():
//!     while True:
//!         item = (yield)
//!         print(f"Processed: {item}")
//!
//! def uppercaser(downstream):
//!     while True:
//!         item = (yield)
//!         downstream.send(item.upper())
//!
//! sink = printer(); next(sink)
//! pipe = uppercaser(sink); next(pipe)
//! pipe.send("hello")
//! pipe.send("world")
//! print("pipe.send('again') returned:", repr(pipe.send("again")))
//! ```
//!
//! A bare `yield` emits None; here it yields `()`, which prints as `None`. If the
//! downstream generator had ended, Python's `downstream.send` would raise
//! `StopIteration`, turned into `RuntimeError` by PEP 479; here `send` returns a
//! `SendError`, and the stage panics with it (the panic closes the pipe).

use gensend::{Gen, Step};

fn printer() -> Gen<'static, (), String> {
    Gen::new(|co| async move {
        loop {
            let item = co.yield_(()).await;
            println!("Processed: {item}");
        }
    })
}

fn uppercaser(mut downstream: Gen<'static, (), String>) -> Gen<'static, (), &'static str> {
    Gen::new(|co| async move {
        loop {
            let item: &str = co.yield_(()).await;
            downstream.send(item.to_uppercase()).expect("downstream is suspended");
        }
    })
}

pub fn main() {
    let mut sink = printer();
    sink.start().expect("fresh generator");
    let mut pipe = uppercaser(sink);
    pipe.start().expect("fresh generator");
    pipe.send("hello").expect("suspended"); // Processed: HELLO
    pipe.send("world").expect("suspended"); // Processed: WORLD

    // The bare `yield` emits None: `()` here.
    let returned = pipe.send("again").expect("suspended");
    assert_eq!(returned, Step::Yielded(()), "the pipe never returns");
    println!("pipe.send('again') returned: None");
}
