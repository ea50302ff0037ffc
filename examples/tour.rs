//! The tour: every seed program's port, in order, then five things gensend does that
//! Python's generators cannot (or that Python shows only with a debugger).
//!
//! `cargo run --example tour`
//!
//! Each port is its own example (`examples/NN_*.rs`, each checked byte for byte
//! against CPython's output by `tests/golden.rs`); this file includes them as modules
//! and runs their `main`s under a heading each.

use std::time::{Duration, Instant};

use gensend::{Gen, Interrupt, LocalGen, Step};

#[path = "01_echo_coroutine.rs"]
mod s01_echo_coroutine;
#[path = "02_priming_send_before_next.rs"]
mod s02_priming_send_before_next;
#[path = "03_accumulator_generatorexit.rs"]
mod s03_accumulator_generatorexit;
#[path = "04_two_way.rs"]
mod s04_two_way;
#[path = "05_prime_first.rs"]
mod s05_prime_first;
#[path = "06_one_shot_exhausted.rs"]
mod s06_one_shot_exhausted;
#[path = "07_throw_resilient.rs"]
mod s07_throw_resilient;
#[path = "08_close_with_cleanup.rs"]
mod s08_close_with_cleanup;
#[path = "09_running_accumulator.rs"]
mod s09_running_accumulator;
#[path = "10_unprimed_accumulator_quiz.rs"]
mod s10_unprimed_accumulator_quiz;
#[path = "11_traffic_light.rs"]
mod s11_traffic_light;
#[path = "12_pipeline.rs"]
mod s12_pipeline;
#[path = "13_consumer_decorator.rs"]
mod s13_consumer_decorator;
#[path = "14_yield_from_send.rs"]
mod s14_yield_from_send;
#[path = "15_yield_from_return_value.rs"]
mod s15_yield_from_return_value;
#[path = "16_manual_return_value.rs"]
mod s16_manual_return_value;
#[path = "17_generator_states.rs"]
mod s17_generator_states;
#[path = "18_gi_frame_locals.rs"]
mod s18_gi_frame_locals;

/// The ports, in seed order.
const PORTS: [(&str, fn()); 18] = [
    ("01 echo coroutine", s01_echo_coroutine::main),
    ("02 priming: send before next", s02_priming_send_before_next::main),
    ("03 accumulator with a GeneratorExit handler", s03_accumulator_generatorexit::main),
    ("04 two-way send", s04_two_way::main),
    ("05 prime first", s05_prime_first::main),
    ("06 one shot, then exhausted", s06_one_shot_exhausted::main),
    ("07 a throw caught inside", s07_throw_resilient::main),
    ("08 close with cleanup", s08_close_with_cleanup::main),
    ("09 running accumulator", s09_running_accumulator::main),
    ("10 the unprimed-accumulator quiz", s10_unprimed_accumulator_quiz::main),
    ("11 traffic light", s11_traffic_light::main),
    ("12 pipeline", s12_pipeline::main),
    ("13 consumer decorator", s13_consumer_decorator::main),
    ("14 yield from forwards send", s14_yield_from_send::main),
    ("15 the value of yield from", s15_yield_from_return_value::main),
    ("16 a return value, driven by hand", s16_manual_return_value::main),
    ("17 generator states", s17_generator_states::main),
    ("18 peeking at a suspended generator (gi_frame.f_locals)", s18_gi_frame_locals::main),
];

fn main() {
    for (title, port) in PORTS {
        println!("== {title} ==");
        port();
        println!();
    }
    println!("== What Python's generators cannot do ==");
    println!();
    deep_delegation();
    typed_throw();
    close_with_a_result();
    generator_backtrace();
    debugger_view();
}

/// A delegation chain: `depth` levels of `yield from` over a summing leaf. Each level
/// returns its delegate's result plus one. Levels are created lazily, as the chain starts.
fn chain(depth: u32) -> Gen<'static, u64, u64, u64> {
    Gen::new(move |co| async move {
        if depth == 0 {
            let mut total = 0;
            loop {
                match co.yield_(total).await {
                    0 => return total,
                    x => total += x,
                }
            }
        } else {
            co.yield_from(chain(depth - 1)).await + 1
        }
    })
}

/// The mean time of one `send` into a started chain of the given depth, over a
/// million sends. Only an optimised build says anything about the library's
/// speed: a debug build is 30-40x slower, so it gets no timing at all.
fn time_send(chain: &mut Gen<'static, u64, u64, u64>) -> Option<Duration> {
    if cfg!(debug_assertions) {
        return None;
    }
    const SENDS: u32 = 1_000_000;
    let start = Instant::now();
    for _ in 0..SENDS {
        chain.send(1).expect("suspended");
    }
    Some(start.elapsed() / SENDS)
}

/// (a) O(1) deep delegation.
fn deep_delegation() {
    const DEPTH: u32 = 100_000;
    println!("-- (a) yield from, {DEPTH} levels deep --");
    println!("CPython 3.13: a `yield from` chain of 1,000 generators already raises");
    println!("RecursionError: maximum recursion depth exceeded (each resume recurses once");
    println!("per level). gensend keeps the chain as an explicit stack and resumes the");
    println!("innermost generator directly.");

    let mut shallow = chain(1);
    shallow.start().expect("fresh chain");
    let mut deep = chain(DEPTH);
    let started = Instant::now();
    let first = deep.start().expect("fresh chain");
    let took = if cfg!(debug_assertions) { String::new() } else { format!(" in {:?}", started.elapsed()) };
    println!("start (builds all {} levels){took}: yielded {first:?}", DEPTH + 1);
    println!("backtrace depth: {} frames", deep.backtrace().count());
    for x in [10, 20, 30] {
        println!("send({x}) -> {:?}", deep.send(x).expect("suspended"));
    }
    match (time_send(&mut shallow), time_send(&mut deep)) {
        (Some(shallow), Some(deep)) => {
            println!("one send at depth 1 (mean of 1,000,000):       {shallow:?}");
            println!("one send at depth {DEPTH} (mean of 1,000,000): {deep:?}");
            println!("(BENCHMARKS.md: 5-8 ns at any depth, depending on the host)");
        }
        _ => println!("(timings: `cargo run --release --example tour`; a debug build would mislead)"),
    }
    let total = 60 + if cfg!(debug_assertions) { 0 } else { 1_000_000 };
    println!("send(0): the leaf returns its total ({total}), and every level adds 1 on the way out:");
    println!("  -> {:?}", deep.send(0).expect("suspended"));
    println!();
}

/// What can be thrown into [`counter`]: nothing else compiles.
#[derive(Debug)]
enum Signal {
    Reset,
    Stop,
}

/// Counts the values sent in; `Reset` and `Stop` can be thrown in.
fn counter() -> Gen<'static, u32, u32, u32, Signal> {
    Gen::throwable(|co| async move {
        let mut count = 0;
        loop {
            match co.try_yield(count).await {
                Ok(n) => count += n,
                Err(Interrupt::Throw(Signal::Reset)) => count = 0,
                Err(Interrupt::Throw(Signal::Stop)) | Err(Interrupt::Exit) => return count,
            }
        }
    })
}

/// (b) A typed throw.
fn typed_throw() {
    println!("-- (b) typed throw --");
    println!("Python's throw() accepts any exception, and the generator finds out at run time");
    println!("whether it handles it. A Gen's thrown type is a parameter (`E = Signal` here):");
    println!("`counter.throw(\"oops\")` does not compile, and the body's match on what was");
    println!("thrown is checked for exhaustiveness.");
    let mut counter = counter();
    counter.start().expect("fresh generator");
    println!("send(5) -> {:?}", counter.send(5).expect("suspended"));
    println!("throw(Signal::Reset) -> {:?}", counter.throw(Signal::Reset));
    println!("send(2) -> {:?}", counter.send(2).expect("suspended"));
    println!("throw(Signal::Stop) -> {:?}", counter.throw(Signal::Stop));
    println!("throw(Signal::Reset) on the closed generator -> {:?} (the error comes back)", {
        counter.throw(Signal::Reset)
    });
    println!();
}

/// (c) `close()` with a result.
fn close_with_a_result() {
    println!("-- (c) close() with a result --");
    println!("CPython 3.13 made close() return the value a generator returns from its");
    println!("GeneratorExit handler (3.11 and 3.12 return None); gensend has it on stable Rust.");
    let mut average: Gen<(), f64, f64> = Gen::new(|co| async move {
        let (mut sum, mut n) = (0.0, 0.0);
        while let Ok(x) = co.try_yield(()).await {
            sum += x;
            n += 1.0;
        }
        sum / n
    });
    average.start().expect("fresh generator");
    for x in [3.0, 4.0, 8.0] {
        average.send(x).expect("suspended");
    }
    println!("average.close() -> {:?}", average.close());
    println!();
}

/// (d) A generator backtrace.
fn generator_backtrace() {
    println!("-- (d) generator backtrace --");
    println!("A delegating generator shows its whole chain, outermost first, with the source");
    println!("location of each suspended yield:");
    let inner: Gen<&str> = Gen::new(|co| async move { co.yield_("deep inside").await });
    let middle: Gen<&str> = Gen::new(|co| async move { co.yield_from(inner).await });
    let mut outer: Gen<&str> = Gen::new(|co| async move {
        co.yield_("warming up").await;
        co.yield_from(middle).await;
    });
    println!("created:   {outer:?}");
    outer.start().expect("fresh generator");
    println!("started:   {outer:?}");
    if let Ok(Step::Yielded(value)) = outer.send(()) {
        println!("yielded {value:?}: {outer:?}");
    }
    for frame in outer.backtrace() {
        println!("  {frame}");
    }
    outer.close().expect("plain yield points unwind");
    println!("closed:    {outer:?}");
    println!();
}

/// (e) A debugger's view of a suspended chain: each frame of the backtrace names the
/// function that made its generator (Python's `gi_code.co_name`) and shows the locals
/// its body lends at that yield (`co.yield_with`; Python's `gi_frame.f_locals`),
/// borrowed from the suspended body, not copied.
fn debugger_view() {
    println!("-- (e) a debugger's view of a suspended chain --");
    println!("Each frame: where it is suspended, the function that made the generator, and");
    println!("the locals its body exposes there (`co.yield_with(value, &view)`):");
    let mut parser = tokenizer_pipeline();
    parser.start().expect("fresh generator");
    println!("started: {parser:?}");
    for line in ["(start)", "let x = 4"] {
        parser.send(line).expect("the parser runs until closed");
    }
    for frame in parser.backtrace() {
        println!("  {frame}");
    }
    println!("parser.locals() (its own frame, delegating): {:?}", parser.locals().map(|_| ()));
    parser.close().expect("plain yield points unwind");
    println!("after close(): {parser:?}");
    println!();
}

#[derive(Debug)]
#[allow(dead_code)] // read by Debug
struct TokenizerLocals<'a> {
    line: &'a str,
    tokens: &'a [&'a str],
}

/// Splits each line sent in into words; `Debug` of its locals shows the last line.
fn tokenizer() -> LocalGen<'static, usize, &'static str> {
    LocalGen::<usize, &str>::new_local(|co| async move {
        let mut count = 0;
        loop {
            let line = co.yield_(count).await;
            let tokens: Vec<&str> = line.split_whitespace().collect();
            count += tokens.len();
            co.yield_with(count, &TokenizerLocals { line, tokens: &tokens }).await;
        }
    })
}

fn tokenizer_pipeline() -> LocalGen<'static, usize, &'static str> {
    Gen::new_local(|co| async move {
        let greeting = "ready for lines";
        co.yield_with(0, &greeting).await;
        co.yield_from(tokenizer()).await;
    })
}
