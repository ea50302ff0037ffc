//! Bytes per suspended generator: keep N primed accumulators alive in a `Vec`
//! and divide the growth of resident memory by N. Resident memory is read from
//! `/proc/self/smaps_rollup`, which counts the page tables at the time of
//! reading; `VmRSS` in `/proc/self/status` lags by up to dozens of pages (Linux
//! updates it in batches), enough to move the result by a byte per generator.
//!
//! Each peer is measured in a fresh child process (this binary re-runs itself
//! with `--peer NAME`), so memory freed by one peer cannot be reused by the next.
//! The count includes the handle stored in the `Vec` (its `size_of` is printed)
//! and the allocator's own overhead: it is what the generators really cost.
//!
//! `cargo bench --bench memory` prints a table; with `GENSEND_BENCH_OUT=DIR`
//! set, it also writes `DIR/memory.csv`.

mod peers;

use std::hint::black_box;
use std::io::Write;
use std::mem::size_of;
use std::process::Command;

/// How many generators each heap-only peer keeps alive: enough that the few
/// dozen pages resident memory moves by from run to run are below 0.1 B each.
const N: usize = 1_000_000;
/// Stackful peers get fewer: each stack is two kernel mappings (stack and guard
/// page) and Linux allows 65,530 mappings per process (`vm.max_map_count`).
const N_STACKFUL: usize = 20_000;
/// A small stack for the `generator` crate (8 KiB), next to its 32 KiB default.
const GENERATOR_SMALL_STACK: usize = 1024;

/// The peers, in table order: name, what is measured.
const PEERS: &[(&str, &str)] = &[
    ("handwritten_boxed", "Box<dyn Coroutine> holding the total"),
    ("gensend", "Gen<i64, i64>, suspended at yield_"),
    ("genawaiter_rc", "genawaiter::rc::Gen, async fn body"),
    ("genawaiter_sync", "genawaiter::sync::Gen, async fn body"),
    ("corosensei", "corosensei::Coroutine, default stack (1 MiB reserved)"),
    ("generator_default", "generator::Gn, default stack (32 KiB)"),
    ("generator_small", "generator::Gn, 8 KiB stack"),
];

/// The value of line `key` of `/proc/self/FILE`, in bytes.
fn proc_bytes(file: &str, key: &str) -> usize {
    let path = format!("/proc/self/{file}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path} (Linux only): {e}"));
    let line = text.lines().find(|l| l.starts_with(key)).unwrap_or_else(|| panic!("{key} in {path}"));
    let kib: usize = line.split_whitespace().nth(1).and_then(|v| v.parse().ok()).expect("a number of kB");
    kib * 1024
}

/// Resident and virtual memory now.
fn memory() -> (usize, usize) {
    (proc_bytes("smaps_rollup", "Rss:"), proc_bytes("status", "VmSize:"))
}

/// What one peer costs: resident and virtual bytes per generator.
struct Measured {
    count: usize,
    handle: usize,
    rss_per: f64,
    virt_per: f64,
}

/// Creates and primes `count` generators with `make`, keeps them alive, and
/// measures the growth of resident and virtual memory.
fn measure<G>(count: usize, mut make: impl FnMut() -> G) -> Measured {
    let mut alive: Vec<G> = Vec::with_capacity(count); // untouched until filled
    // One generator made and dropped first, so that the code and the allocator's
    // bookkeeping it touches are resident before the first reading.
    drop(black_box(make()));
    let (rss0, virt0) = memory();
    for _ in 0..count {
        alive.push(make());
    }
    let (rss1, virt1) = memory();
    black_box(&mut alive);
    Measured {
        count,
        handle: size_of::<G>(),
        rss_per: (rss1 - rss0) as f64 / count as f64,
        virt_per: (virt1.saturating_sub(virt0)) as f64 / count as f64,
    }
}

/// Runs in the child process: measures one peer and prints one CSV line.
fn child(peer: &str) {
    let m = match peer {
        "handwritten_boxed" => measure(N, || {
            let mut g = peers::boxed();
            black_box(g.resume(0));
            g
        }),
        "gensend" => measure(N, || {
            let mut g = peers::gensend();
            black_box(peers::gensend_start(&mut g));
            g
        }),
        "genawaiter_rc" => measure(N, || {
            let mut g = peers::genawaiter();
            black_box(peers::genawaiter_start(&mut g));
            g
        }),
        "genawaiter_sync" => measure(N, || {
            let mut g = peers::genawaiter_sync();
            black_box(peers::genawaiter_sync_start(&mut g));
            g
        }),
        "corosensei" => measure(N_STACKFUL, || {
            let mut g = peers::corosensei();
            black_box(peers::corosensei_send(&mut g, 0));
            g
        }),
        "generator_default" => measure(N_STACKFUL, || {
            let mut g = peers::generator(peers::GENERATOR_DEFAULT_STACK);
            black_box(peers::generator_start(&mut g));
            g
        }),
        "generator_small" => measure(N_STACKFUL, || {
            let mut g = peers::generator(GENERATOR_SMALL_STACK);
            black_box(peers::generator_start(&mut g));
            g
        }),
        other => panic!("unknown peer {other}"),
    };
    println!("{peer},{},{},{:.1},{:.1}", m.count, m.handle, m.rss_per, m.virt_per);
    // Leave without dropping: unwinding 100,000 stacks would only cost time.
    std::process::exit(0);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--peer") {
        return child(&args[i + 1]);
    }
    // `cargo bench -- FILTER`: measure only the peers whose name contains it.
    let filter = args.iter().skip(1).find(|a| !a.starts_with('-')).cloned().unwrap_or_default();
    let exe = std::env::current_exe().expect("own path");

    let (_, future_size) = peers::gensend_with_future_size();
    let handle = size_of::<gensend::Gen<'static, i64, i64>>();
    let mut csv = String::from("peer,count,handle_bytes,rss_bytes_per_gen,virt_bytes_per_gen\n");
    println!("memory per suspended accumulator (resident growth / count; includes the handle in the Vec)");
    println!(
        "{:<18} {:>8} {:>8} {:>12} {:>14}  what",
        "peer", "count", "handle", "RSS B/gen", "virtual B/gen"
    );
    let mut floor = None;
    let mut gensend_rss = None;
    for (peer, what) in PEERS.iter().filter(|(p, _)| p.contains(filter.as_str())) {
        let out = Command::new(&exe).args(["--peer", peer]).output().expect("run child");
        let line = String::from_utf8_lossy(&out.stdout);
        let Some(line) = line.lines().last().filter(|_| out.status.success()) else {
            println!("{peer:<18} failed: {}", String::from_utf8_lossy(&out.stderr).trim());
            continue;
        };
        csv.push_str(line);
        csv.push('\n');
        let f: Vec<&str> = line.split(',').collect();
        let rss: f64 = f[3].parse().expect("number");
        let ratio = match floor {
            None => {
                floor = Some(rss);
                String::new()
            }
            Some(fl) => format!(" ({:.1}x floor)", rss / fl),
        };
        if *peer == "gensend" {
            gensend_rss = Some(rss);
        }
        println!("{peer:<18} {:>8} {:>8} {:>12} {:>14}  {what}{ratio}", f[1], f[2], f[3], f[4]);
    }
    println!();
    println!("gensend: size_of::<Gen<i64, i64>>() = {handle} B (the handle)");
    println!("gensend: size_of_val(body future) = {future_size} B (the body's own state)");
    if let Some(rss) = gensend_rss {
        println!(
            "gensend: per generator minus the body future = {:.1} B (handle + core bookkeeping + malloc)",
            rss - future_size as f64
        );
        println!(
            "gensend: heap per generator minus the body future = {:.1} B (without the handle)",
            rss - future_size as f64 - handle as f64
        );
    }
    if let Some(dir) = std::env::var_os("GENSEND_BENCH_OUT") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("create output dir");
        let mut file = std::fs::File::create(dir.join("memory.csv")).expect("create memory.csv");
        file.write_all(csv.as_bytes()).expect("write memory.csv");
        let extra = format!("gensend_handle_bytes,{handle}\ngensend_future_bytes,{future_size}\n");
        std::fs::write(dir.join("memory_sizes.csv"), extra).expect("write memory_sizes.csv");
    }
}
