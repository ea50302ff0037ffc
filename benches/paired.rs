//! The goal ratios of `send` and `lifecycle`, measured in interleaved rounds.
//!
//! On a shared machine the cores' speed changes over seconds (other tenants): a
//! peer measured alone for two seconds, as criterion does one peer after the
//! other (`benches/protocol.rs`), can land in a slow stretch that the next peer
//! misses, and a ratio of two such medians then moves by up to 1.5x between
//! runs. Here each of `ROUNDS` rounds times a short batch of every peer back to
//! back, in an order that rotates from round to round, and compares the peers
//! *within the round*: a slow stretch slows a whole round, not one peer. What is
//! reported per peer is the median over rounds of its time, of its ratio to the
//! floor in the same round, and of gensend's time over its time in the same round
//! (below 1: gensend was faster), with the number of rounds gensend was faster.
//!
//! The workloads are those of `benches/protocol.rs`. `cargo bench --bench
//! paired` prints a table; with `GENSEND_BENCH_OUT=DIR` set, it also writes
//! `DIR/paired.csv`.

mod peers;

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Rounds per operation (odd, so that the median is one round's value).
const ROUNDS: usize = 61;
/// About how long one peer's batch takes in a round.
const BATCH: Duration = Duration::from_millis(4);

/// A peer's workload: runs the operation `n` times, returns a checksum.
type Work = Box<dyn FnMut(u64) -> i64>;

fn send_workloads() -> Vec<(&'static str, Work)> {
    let mut floor = black_box(peers::boxed());
    let mut gensend = peers::gensend();
    peers::gensend_start(&mut gensend);
    let mut genawaiter = peers::genawaiter();
    peers::genawaiter_start(&mut genawaiter);
    let mut genawaiter_sync = peers::genawaiter_sync();
    peers::genawaiter_sync_start(&mut genawaiter_sync);
    let mut corosensei = peers::corosensei();
    peers::corosensei_send(&mut corosensei, 0);
    let mut generator = peers::generator(peers::GENERATOR_DEFAULT_STACK);
    peers::generator_start(&mut generator);
    vec![
        ("handwritten_boxed", Box::new(move |n| (0..n).map(|_| floor.resume(black_box(1))).sum())),
        ("gensend", Box::new(move |n| (0..n).map(|_| peers::gensend_send(&mut gensend, black_box(1))).sum())),
        (
            "genawaiter_rc",
            Box::new(move |n| (0..n).map(|_| peers::genawaiter_send(&mut genawaiter, black_box(1))).sum()),
        ),
        (
            "genawaiter_sync",
            Box::new(move |n| {
                (0..n).map(|_| peers::genawaiter_sync_send(&mut genawaiter_sync, black_box(1))).sum()
            }),
        ),
        (
            "corosensei",
            Box::new(move |n| (0..n).map(|_| peers::corosensei_send(&mut corosensei, black_box(1))).sum()),
        ),
        (
            "generator",
            Box::new(move |n| (0..n).map(|_| peers::generator_send(&mut generator, black_box(1))).sum()),
        ),
    ]
}

/// Create, start, send one value, drop while suspended (`peers::*_lifecycle`).
fn lifecycle_workloads() -> Vec<(&'static str, Work)> {
    fn each(cycle: impl Fn() -> i64 + 'static) -> Work {
        Box::new(move |n| (0..n).map(|_| cycle()).sum())
    }
    vec![
        ("handwritten_boxed", each(peers::boxed_lifecycle)),
        ("gensend", each(peers::gensend_lifecycle)),
        ("genawaiter_rc", each(peers::genawaiter_lifecycle)),
        ("genawaiter_sync", each(peers::genawaiter_sync_lifecycle)),
        ("corosensei", each(peers::corosensei_lifecycle)),
        ("generator", each(peers::generator_lifecycle)),
    ]
}

/// Nanoseconds per operation of one batch of `n`.
fn time(work: &mut Work, n: u64) -> f64 {
    let start = Instant::now();
    black_box(work(n));
    start.elapsed().as_nanos() as f64 / n as f64
}

/// The batch size that takes about [`BATCH`] (after a warm-up).
fn calibrate(work: &mut Work) -> u64 {
    let mut n = 1;
    loop {
        let took = time(work, n) * n as f64;
        if took >= BATCH.as_nanos() as f64 / 4.0 {
            return ((n as f64) * BATCH.as_nanos() as f64 / took).ceil().max(1.0) as u64;
        }
        n *= 2;
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// One operation's result per peer: median ns, median ratio to the floor,
/// median gensend/peer, rounds in which gensend was faster.
struct Row {
    peer: &'static str,
    ns: f64,
    ratio: f64,
    gensend_over_peer: f64,
    gensend_faster: usize,
}

fn measure(mut works: Vec<(&'static str, Work)>) -> Vec<Row> {
    let sizes: Vec<u64> = works.iter_mut().map(|(_, work)| calibrate(work)).collect();
    let mut times = vec![Vec::with_capacity(ROUNDS); works.len()];
    for round in 0..ROUNDS {
        for k in 0..works.len() {
            let i = (round + k) % works.len();
            times[i].push(time(&mut works[i].1, sizes[i]));
        }
    }
    let floor = &times[0];
    let gensend = &times[1];
    let per_round = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x / y).collect::<Vec<f64>>();
    works
        .iter()
        .zip(&times)
        .map(|((peer, _), t)| Row {
            peer,
            ns: median(t.clone()),
            ratio: median(per_round(t, floor)),
            gensend_over_peer: median(per_round(gensend, t)),
            gensend_faster: gensend.iter().zip(t).filter(|(g, p)| g < p).count(),
        })
        .collect()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list` (and `cargo test --benches`) run nothing
    }
    let mut csv = String::from(
        "op,peer,median_ns,median_ratio_to_floor,median_gensend_over_peer,rounds,gensend_faster_rounds\n",
    );
    println!(
        "{:<10} {:<18} {:>12} {:>10} {:>16} {:>14}",
        "op", "peer", "median", "/ floor", "gensend / peer", "gensend faster"
    );
    for (op, works) in [("send", send_workloads()), ("lifecycle", lifecycle_workloads())] {
        for row in measure(works) {
            println!(
                "{op:<10} {:<18} {:>9.2} ns {:>9.2}x {:>15.2}x {:>8} of {ROUNDS}",
                row.peer, row.ns, row.ratio, row.gensend_over_peer, row.gensend_faster
            );
            csv += &format!(
                "{op},{},{:.3},{:.4},{:.4},{ROUNDS},{}\n",
                row.peer, row.ns, row.ratio, row.gensend_over_peer, row.gensend_faster
            );
        }
    }
    if let Some(dir) = std::env::var_os("GENSEND_BENCH_OUT") {
        std::fs::write(std::path::Path::new(&dir).join("paired.csv"), csv).expect("write paired.csv");
    }
}
