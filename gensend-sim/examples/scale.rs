//! The scale probe (issue 10, item 5): many live processes, each waiting on
//! its own timeout.
//!
//! ```sh
//! cargo run --release -p gensend-sim --example scale -- memory 1000000
//! cargo run --release -p gensend-sim --example scale -- time 1000 10000000
//! ```
//!
//! `memory P`: starts P processes, runs until each waits on its first
//! timeout, and reports the resident memory per suspended process (process,
//! generator, queue entry and live slot), and the heap blocks and bytes the
//! simulation asked for (counted by `stats_alloc`). `time P E`: P processes run
//! until E events have been processed; reports ns per event.

use std::alloc::System;
use std::time::Instant;

use gensend_sim::{Env, proc};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

/// The system allocator, counting what the simulation asks for (beside what
/// the resident set shows).
#[global_allocator]
static ALLOCATOR: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4)
}

/// Starts `processes` processes, each looping on a timeout drawn from its own
/// LCG (delays in [1, 2)).
fn populate(env: &Env, processes: u64) {
    for i in 0..processes {
        let e = env.clone();
        env.process(proc(move |co| async move {
            let mut state = i.wrapping_mul(0x9E3779B97F4A7C15) | 1;
            loop {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let delay = 1.0 + (state >> 11) as f64 * (1.0 / 9007199254740992.0);
                co.yield_(e.timeout(delay)).await;
            }
        }));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: u64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("memory") => {
            let processes = number(1, 1_000_000);
            let before = rss_kib();
            let heap = Region::new(ALLOCATOR);
            let env = Env::new();
            populate(&env, processes);
            env.run_until(0.5).unwrap(); // every process now waits on its timeout
            let after = rss_kib();
            let heap = heap.change();
            let blocks = heap.allocations as f64 - heap.deallocations as f64;
            let bytes = heap.bytes_allocated as f64 - heap.bytes_deallocated as f64;
            let stats = env.stats();
            assert_eq!(stats.live_processes, processes);
            println!(
                "processes={processes} live={} pending_events={} rss_delta_kib={} bytes_per_process={:.0} \
                 heap_blocks_per_process={:.2} heap_bytes_per_process={:.0}",
                stats.live_processes,
                stats.pending,
                after - before,
                (after - before) as f64 * 1024.0 / processes as f64,
                blocks / processes as f64,
                bytes / processes as f64,
            );
        }
        Some("time") => {
            let processes = number(1, 1000);
            let events = number(2, 1_000_000);
            let env = Env::new();
            let start = Instant::now();
            populate(&env, processes);
            for _ in 0..events {
                env.step().unwrap(); // one event each
            }
            let wall = start.elapsed().as_secs_f64();
            println!(
                "processes={processes} events={events} wall_s={wall:.4} ns_per_event={:.1}",
                wall * 1e9 / events as f64
            );
        }
        _ => eprintln!("usage: scale memory P | scale time P E"),
    }
}
