//! The benchmark models of `bench/` (SimPy's `sbench.py`), printing the same
//! result log so it diffs against SimPy's goldens:
//!
//! ```sh
//! cargo run --release -p gensend-sim --example model -- mm1 100000 [--trace]
//! ```
//!
//! stdout: `header`, `result` and `kernel` lines (and `trace` lines with
//! `--trace`); stderr: one `TIME` line with the wall time of building and
//! running the model, events per second and peak RSS.

#[path = "common.rs"]
mod common;
#[path = "mm1.rs"]
mod mm1;
#[path = "shop.rs"]
mod shop;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use gensend_sim::Env;

/// Runs `model` with `n` and returns the log lines and the number of events
/// processed.
pub fn run_model(model: &str, n: u64, trace: bool) -> Option<(Vec<String>, u64)> {
    let out = Rc::new(RefCell::new(common::Out { trace, lines: Vec::new() }));
    {
        let mut o = out.borrow_mut();
        o.put("header", "model", model);
        o.put("header", "n", n);
        o.put("header", "simpy", "4.1.2");
    }
    let env = Env::new();
    match model {
        "mm1" => {
            let report = mm1::build(&env, n, out.clone());
            env.run().expect("mm1 runs to exhaustion");
            report();
        }
        "shop" => {
            let (run, report) = shop::build(&env, n, out.clone());
            run();
            report();
        }
        _ => return None,
    }
    let stats = env.stats();
    let mut o = out.borrow_mut();
    o.put("kernel", "events_scheduled", stats.scheduled);
    o.put("kernel", "events_pending_at_end", stats.pending);
    o.put("kernel", "events_processed", stats.scheduled - stats.pending);
    let lines = std::mem::take(&mut o.lines);
    Some((lines, stats.scheduled - stats.pending))
}

fn max_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(model), Some(n)) = (args.first(), args.get(1).and_then(|n| n.parse::<u64>().ok())) else {
        eprintln!("usage: model (mm1|shop) N [--trace]");
        std::process::exit(2);
    };
    let trace = args.iter().any(|a| a == "--trace");
    let start = Instant::now();
    let Some((lines, events)) = run_model(model, n, trace) else {
        eprintln!("unknown model {model}: mm1 or shop");
        std::process::exit(2);
    };
    let wall = start.elapsed().as_secs_f64();
    println!("{}", lines.join("\n"));
    eprintln!(
        "TIME model={model} n={n} impl=gensend-sim wall_s={wall:.6} events={events} ev_per_s={:.1} ns_per_event={:.1} maxrss_kib={}",
        events as f64 / wall,
        wall * 1e9 / events as f64,
        max_rss_kib()
    );
}
