//! A four-stage log pipeline: source → grep → parse → counting sink, the
//! result coming back through `close()` (issue 18, program 3).
//!
//! Each stage is a consumer that forwards to the next; closing the head closes
//! each stage in turn, and each returns what its downstream returned, so the
//! sink's counts come back out of the head's `finish()`. Run with
//! `cargo run --example log_pipeline`.

use std::collections::BTreeMap;

use gensend::{Gen, consumer};

/// A pipeline stage: sent `T`s; returns `R` when closed.
type Stage<'a, T, R> = Gen<'a, (), T, R>;

/// Passes on the lines that contain `pattern`.
fn grep<'a, R: Send + 'a>(pattern: &'a str, mut next: Stage<'a, String, R>) -> Stage<'a, String, R> {
    consumer::<String, _>(move |co| async move {
        while let Some(line) = co.yield_or_exit(()).await {
            if line.contains(pattern) {
                next.send(line).expect("the next stage is running");
            }
        }
        next.finish().expect("the next stage returns when closed")
    })
    .expect("grep waits for lines")
}

/// Parses `<time> <level> <service>: <message>` into the service's name.
fn parse<'a, R: Send + 'a>(mut next: Stage<'a, String, R>) -> Stage<'a, String, R> {
    consumer::<String, _>(move |co| async move {
        while let Some(line) = co.yield_or_exit(()).await {
            if let Some((service, _message)) = line.split(' ').nth(2).and_then(|rest| rest.split_once(':')) {
                next.send(service.to_string()).expect("the next stage is running");
            }
        }
        next.finish().expect("the next stage returns when closed")
    })
    .expect("parse waits for lines")
}

/// Counts what it is sent; returns the counts when closed.
fn count<'a>() -> Stage<'a, String, BTreeMap<String, usize>> {
    consumer::<String, _>(|co| async move {
        let mut counts = BTreeMap::new();
        while let Some(key) = co.yield_or_exit(()).await {
            *counts.entry(key).or_default() += 1;
        }
        counts
    })
    .expect("count waits for keys")
}

/// The source: sends every line of `log` down `sink`, then closes it.
fn source<R>(log: &str, mut sink: Stage<'_, String, R>) -> R {
    for line in log.lines() {
        sink.send(line.to_string()).expect("the pipeline is running");
    }
    sink.finish().expect("the pipeline returns when closed")
}

const LOG: &str = "\
09:00:01 INFO web: started
09:00:02 ERROR db: connection refused
09:00:03 ERROR web: upstream timeout
09:00:04 WARN db: slow query
09:00:05 ERROR db: connection refused";

fn main() {
    let errors = source(LOG, grep("ERROR", parse(count())));
    println!("errors per service: {errors:?}");
}
