//! A retrying request as a state machine that receives a thrown `Timeout`
//! (issue 18, program 6).
//!
//! The machine yields what to do next; the driver sends it the response, or
//! throws `Timeout` in at the point where it waits (Python: `gen.throw(Timeout)`
//! caught by `except Timeout:` around the `yield`). It retries with a longer
//! wait, up to a limit. Run with `cargo run --example retry`.

use gensend::{Gen, Interrupt};

/// The error the driver throws in when a response does not come in time.
#[derive(Debug)]
struct Timeout;

/// Requests until a response arrives; returns it, or why not.
fn request(attempts: u32) -> Gen<'static, String, &'static str, Result<&'static str, String>, Timeout> {
    Gen::throwable(move |co| async move {
        for attempt in 1..=attempts {
            match co.try_yield(format!("send, wait {}s", attempt * 2)).await {
                Ok(response) => return Ok(response),
                Err(Interrupt::Throw(Timeout)) => println!("  attempt {attempt} timed out"),
                Err(Interrupt::Exit) => return Err("cancelled".to_string()),
            }
        }
        Err(format!("gave up after {attempts} attempts"))
    })
}

fn main() {
    let mut lucky = request(3);
    println!("{:?}", lucky.start().unwrap());
    println!("{:?}", lucky.throw(Timeout).unwrap());
    println!("{:?}", lucky.send("200 OK").unwrap());
    let mut unlucky = request(2);
    println!("{:?}", unlucky.start().unwrap());
    println!("{:?}", unlucky.throw(Timeout).unwrap());
    println!("{:?}", unlucky.throw(Timeout).unwrap());
    let mut cancelled = request(2);
    println!("{:?}", cancelled.start().unwrap());
    println!("{:?}", cancelled.close().unwrap());
}
