//! Cost per item through a delegation chain of depth d (`yield from` nested d
//! times around the accumulator), d = 0 (plain send), 1, 10, ... 1,000,000.
//!
//! - gensend: d generators each `co.yield_from(inner).await`, the innermost the
//!   accumulator; `send` on the outermost. The chain is built and started once,
//!   outside the timing loop.
//! - forwarding: the hand-written way, d boxed state machines each forwarding
//!   `resume` to the next and checking whether it finished: O(d) per item.
//!   Where one item takes more than 1 ms (d = 1,000,000), criterion would need
//!   minutes, so it is timed by hand over a capped number of items instead.
//!
//! Runs on a thread with a 4 GiB stack (reserved, not touched): the forwarding
//! chain recurses d deep, in `resume` and in `drop`.
//!
//! `cargo bench --bench depth`; with `GENSEND_BENCH_OUT=DIR` set, the hand-timed
//! points go to `DIR/depth_manual.csv` (the rest is in criterion's output).

mod peers;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;

const DEPTHS: &[usize] = &[0, 1, 10, 100, 1_000, 10_000, 1_000_000];
/// One item slower than this is timed by hand, not by criterion.
const MANUAL_ABOVE: Duration = Duration::from_millis(1);
/// How many items a hand-timed point runs.
const MANUAL_ITEMS: u32 = 20;

/// A hand-written generator that can finish: `None` once it has returned.
trait Delegate {
    fn resume(&mut self, s: i64) -> Option<i64>;
}

/// The accumulator as a state machine (never finishes).
struct Leaf {
    total: i64,
}

impl Delegate for Leaf {
    fn resume(&mut self, s: i64) -> Option<i64> {
        self.total += s;
        Some(self.total)
    }
}

/// One `yield from` level written by hand: forwards, and would continue its own
/// body (here: finish) when the delegate returns.
struct Forward {
    inner: Box<dyn Delegate>,
    done: bool,
}

impl Delegate for Forward {
    fn resume(&mut self, s: i64) -> Option<i64> {
        if self.done {
            return None;
        }
        match self.inner.resume(s) {
            Some(y) => Some(y),
            None => {
                self.done = true;
                None
            }
        }
    }
}

/// Unwraps an item. Black-boxing the `Option` itself would measure a
/// store-forwarding stall of `black_box`'s spill, not the chain.
#[inline]
fn item(resumed: Option<i64>) -> i64 {
    resumed.expect("the accumulator never stops")
}

fn forwarding(d: usize) -> Box<dyn Delegate> {
    let mut g: Box<dyn Delegate> = Box::new(Leaf { total: 0 });
    for _ in 0..d {
        g = Box::new(Forward { inner: g, done: false });
    }
    black_box(g)
}

/// Times `MANUAL_ITEMS` items by hand; returns ns per item.
fn time_by_hand(mut item: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..MANUAL_ITEMS {
        item();
    }
    start.elapsed().as_nanos() as f64 / f64::from(MANUAL_ITEMS)
}

fn benches(c: &mut Criterion, manual: &mut Vec<String>) {
    let mut group = c.benchmark_group("depth_gensend");
    for &d in DEPTHS {
        let mut g = peers::chain(d);
        peers::gensend_start(&mut g);
        group.bench_function(d.to_string(), |b| {
            b.iter(|| black_box(peers::gensend_send(&mut g, black_box(1))))
        });
        drop(g);
    }
    group.finish();

    let mut group = c.benchmark_group("depth_forwarding");
    for &d in DEPTHS {
        let mut g = forwarding(d);
        let pilot = Instant::now();
        black_box(item(g.resume(black_box(1))));
        if pilot.elapsed() > MANUAL_ABOVE {
            let ns = time_by_hand(|| {
                black_box(item(g.resume(black_box(1))));
            });
            println!("depth_forwarding/{d}: {ns:.0} ns per item (timed by hand, {MANUAL_ITEMS} items)");
            manual.push(format!("forwarding,{d},{ns:.1},{MANUAL_ITEMS}"));
        } else {
            group.bench_function(d.to_string(), |b| b.iter(|| black_box(item(g.resume(black_box(1))))));
        }
        drop(g);
    }
    group.finish();
}

fn main() {
    let worker = std::thread::Builder::new().stack_size(4 << 30).spawn(|| {
        let mut c = Criterion::default()
            .sample_size(20)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_millis(1200))
            .without_plots()
            .configure_from_args();
        let mut manual = Vec::new();
        benches(&mut c, &mut manual);
        c.final_summary();
        manual
    });
    let manual = worker.expect("spawn bench thread").join().expect("bench thread");
    if let Some(dir) = std::env::var_os("GENSEND_BENCH_OUT") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("create output dir");
        let mut csv = String::from("peer,depth,ns_per_item,items\n");
        for line in manual {
            csv.push_str(&line);
            csv.push('\n');
        }
        std::fs::write(dir.join("depth_manual.csv"), csv).expect("write depth_manual.csv");
    }
}
