//! A push pipeline of consumers (PROTOCOL.md E2): map, filter, broadcast and
//! sinks, composed with `send`.
//!
//! Each stage is a [`consumer`] that owns its downstream `Gen`:
//! - an item sent to the head flows through every stage before the next item
//!   enters (each `send` runs the whole chain);
//! - `close()` on the head flows downstream stage by stage: a stage catches
//!   `Exit` at its `try_yield`, closes its downstream and returns what that
//!   `close()` returned, so the sink's result comes back from the head's
//!   `close()` (CPython 3.13's `close()` return value);
//! - a sink that finishes by itself makes the stage above it return its result
//!   too, so completion flows back upstream to the caller of `send`;
//! - dropping the head closes it, so the same happens at the end of a scope.
//!
//! Every stage and sink here returns `Option<T>`: `None` when it had nothing to
//! report, so a stage can pass its downstream's result on whatever `close()`
//! said ([`finish`]).
//!
//! `tests/pipeline.rs` includes this file and checks the logs below line by
//! line against the equivalent Python program.
//!
//! Run with `cargo run --example pipeline`.

use std::fmt::{Debug, Display};
use std::sync::{Arc, Mutex};

use gensend::{Gen, SendError, State, Step, consumer};

/// Where the stages note what they do, in order.
pub type Log = Arc<Mutex<Vec<String>>>;

fn note(log: &Log, line: String) {
    log.lock().unwrap().push(line);
}

/// A pipeline stage or sink: receives `T`, returns `Option<R>` when it ends.
pub type Stage<'a, T, R> = Gen<'a, (), T, Option<R>>;

/// Closes `downstream` and passes on its result. `None` if it had none, was
/// already closed, or ignored the close (then it stays suspended until it is
/// dropped, which closes it again).
pub fn finish<T, R>(downstream: &mut Stage<'_, T, R>) -> Option<R> {
    downstream.close().ok().flatten().flatten()
}

/// Sends `item` on. `Ok(None)`: delivered. `Ok(Some(r))`: the downstream
/// finished with `r`. `Err(item)`: the downstream was already closed, and the
/// item comes back (where Python raises `StopIteration`, which PEP 479 turns
/// into `RuntimeError` inside a generator).
pub fn forward<T, R>(downstream: &mut Stage<'_, T, R>, item: T) -> Result<Option<Option<R>>, T> {
    match downstream.send(item) {
        Ok(Step::Yielded(())) => Ok(None),
        Ok(Step::Complete(result)) => Ok(Some(result)),
        Err(SendError::Closed(item) | SendError::NotStarted(item)) => Err(item),
    }
}

/// A map stage: sends `f(item)` downstream.
pub fn map<'a, A, B, R>(
    name: &'static str,
    log: Log,
    mut f: impl FnMut(A) -> B + Send + 'a,
    mut downstream: Stage<'a, B, R>,
) -> Stage<'a, A, R>
where
    A: Display + Send + 'a,
    B: Debug + Send + 'a,
    R: Debug + Send + 'a,
{
    consumer(move |co| async move {
        while let Some(item) = co.yield_or_exit(()).await {
            note(&log, format!("{name} got {item}"));
            match forward(&mut downstream, f(item)) {
                Ok(None) => {}
                Ok(Some(result)) => {
                    note(&log, format!("{name}: downstream finished with {result:?}"));
                    return result;
                }
                Err(lost) => {
                    note(&log, format!("{name}: downstream closed, {lost:?} handed back; stopping"));
                    return None;
                }
            }
        }
        close_stage(name, &log, &mut downstream)
    })
    .unwrap_or_else(|_| unreachable!("a stage yields before it returns"))
}

/// A filter stage: sends on only the items `keep` accepts.
pub fn filter<'a, T, R>(
    name: &'static str,
    log: Log,
    mut keep: impl FnMut(&T) -> bool + Send + 'a,
    mut downstream: Stage<'a, T, R>,
) -> Stage<'a, T, R>
where
    T: Display + Debug + Send + 'a,
    R: Debug + Send + 'a,
{
    consumer(move |co| async move {
        while let Some(item) = co.yield_or_exit(()).await {
            note(&log, format!("{name} got {item}"));
            if !keep(&item) {
                continue;
            }
            match forward(&mut downstream, item) {
                Ok(None) => {}
                Ok(Some(result)) => return result,
                Err(lost) => {
                    note(&log, format!("{name}: downstream closed, {lost:?} handed back; stopping"));
                    return None;
                }
            }
        }
        close_stage(name, &log, &mut downstream)
    })
    .unwrap_or_else(|_| unreachable!("a stage yields before it returns"))
}

/// A broadcast stage: sends a copy of each item to every downstream, in order.
/// A downstream that finishes keeps its result and gets nothing more; on close
/// the others are closed in order, and all results come back together.
pub fn broadcast<'a, T, R>(
    name: &'static str,
    log: Log,
    downstreams: Vec<Stage<'a, T, R>>,
) -> Stage<'a, T, Vec<Option<R>>>
where
    T: Clone + Display + Debug + Send + 'a,
    R: Debug + Send + 'a,
{
    consumer(move |co| async move {
        let mut outlets: Vec<(Stage<'a, T, R>, Option<R>)> =
            downstreams.into_iter().map(|downstream| (downstream, None)).collect();
        while let Some(item) = co.yield_or_exit(()).await {
            note(&log, format!("{name} got {item}"));
            for (downstream, result) in outlets.iter_mut().filter(|(d, _)| d.state() != State::Closed) {
                if let Ok(Some(finished)) = forward(downstream, T::clone(&item)) {
                    *result = finished;
                }
            }
        }
        note(&log, format!("{name} closing"));
        let results: Vec<Option<R>> = outlets
            .iter_mut()
            .map(|(downstream, result)| result.take().or_else(|| finish(downstream)))
            .collect();
        note(&log, format!("{name} closed downstreams: {results:?}"));
        Some(results)
    })
    .unwrap_or_else(|_| unreachable!("a stage yields before it returns"))
}

fn close_stage<T, R: Debug>(name: &str, log: &Log, downstream: &mut Stage<'_, T, R>) -> Option<R> {
    note(log, format!("{name} closing"));
    let result = finish(downstream);
    note(log, format!("{name} closed downstream: {result:?}"));
    result
}

/// A sink: the running mean of what it is sent, returned when it is closed.
pub fn averager<'a>(name: &'static str, log: Log) -> Stage<'a, f64, f64> {
    consumer(move |co| async move {
        let (mut total, mut count) = (0.0, 0u32);
        while let Some(x) = co.yield_or_exit(()).await {
            note(&log, format!("{name} got {x}"));
            total += x;
            count += 1;
        }
        note(&log, format!("{name} closing"));
        (count > 0).then(|| total / f64::from(count))
    })
    .unwrap_or_else(|_| unreachable!("a sink yields before it returns"))
}

/// A sink: collects everything it is sent; returns the items when closed, or by
/// itself as soon as it holds `limit` of them (so it takes at least one).
pub fn collector<'a, T>(name: &'static str, log: Log, limit: usize) -> Stage<'a, T, Vec<T>>
where
    T: Display + Send + 'a,
{
    consumer(move |co| async move {
        let mut items = Vec::new();
        while let Some(item) = co.yield_or_exit(()).await {
            note(&log, format!("{name} got {item}"));
            items.push(item);
            if items.len() >= limit {
                note(&log, format!("{name} full"));
                return Some(items);
            }
        }
        note(&log, format!("{name} closing"));
        Some(items)
    })
    .unwrap_or_else(|_| unreachable!("a sink yields before it returns"))
}

fn print_log(log: &Log) {
    for line in log.lock().unwrap().drain(..) {
        println!("    {line}");
    }
}

fn main() {
    let log = Log::default();

    println!("filter(x > 0) -> scale(x * 10) -> averager; send 1, -2, 3:");
    let sink = averager("sink", log.clone());
    let scale = map("scale", log.clone(), |x: i32| f64::from(x * 10), sink);
    let mut head = filter("filter", log.clone(), |x: &i32| *x > 0, scale);
    for x in [1, -2, 3] {
        let step = head.send(x);
        println!("  head.send({x}) = {step:?}");
        print_log(&log);
    }
    let closed = head.close();
    println!("  head.close() = {closed:?}   (the sink's mean, through every stage)");
    print_log(&log);
    println!("  head.close() again = {:?}   (closing a closed generator is a no-op)", head.close());

    println!("\nbroadcast to three collectors; send \"x\", \"y\":");
    let outlets = ["a", "b", "c"].map(|name| collector(name, log.clone(), usize::MAX)).into();
    let mut fan = broadcast("broadcast", log.clone(), outlets);
    for item in ["x", "y"] {
        fan.send(item).unwrap();
        print_log(&log);
    }
    println!("  fan.close() = {:?}", fan.close());
    print_log(&log);

    println!("\na sink that is full after 2 items finishes the pipeline from below:");
    let take2 = collector("take2", log.clone(), 2);
    let mut head = map("double", log.clone(), |x: i32| x * 2, take2);
    for x in [1, 2, 3] {
        println!("  head.send({x}) = {:?}", head.send(x));
        print_log(&log);
    }

    println!("\na stage wired to a closed sink gets its item back:");
    let mut dead = averager("dead", log.clone());
    dead.close().unwrap();
    print_log(&log);
    let mut head = map("scale", log.clone(), |x: i32| f64::from(x), dead);
    println!("  head.send(7) = {:?}", head.send(7));
    print_log(&log);

    println!("\ndropping the head closes every stage:");
    let sink = averager("sink", log.clone());
    let head = map("scale", log.clone(), |x: i32| f64::from(x * 10), sink);
    let mut head = filter("filter", log.clone(), |x: &i32| *x > 0, head);
    head.send(4).unwrap();
    drop(head);
    print_log(&log);
}
