//! A running-average consumer, finished by `close()` (issue 18, program 1).
//!
//! Python: a `@consumer` generator adding up what it is sent, whose
//! `except GeneratorExit: return total / count` hands the mean back through
//! CPython 3.13's `close()`. Run with `cargo run --example running_average`.

use gensend::{Gen, consumer};

/// Averages what it is sent; `finish()` (close) gives the mean, if any.
fn averager<'a>() -> Gen<'a, (), f64, Option<f64>> {
    consumer::<f64, _>(|co| async move {
        let (mut total, mut count) = (0.0, 0.0);
        while let Some(x) = co.yield_or_exit(()).await {
            (total, count) = (total + x, count + 1.0);
        }
        (count > 0.0).then(|| total / count)
    })
    .expect("the averager waits for input")
}

fn main() {
    let mut avg = averager();
    for x in [10.0, 20.0, 30.0, 40.0] {
        avg.send(x).expect("the averager is suspended");
        println!("sent {x}");
    }
    println!("average: {:?}", avg.finish().expect("the averager returns when closed"));
    println!("empty: {:?}", averager().finish().expect("the averager returns when closed"));
}
