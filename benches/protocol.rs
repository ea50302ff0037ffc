//! Protocol cost: gensend against a hand-written boxed state machine (the floor)
//! and three generator crates (genawaiter in its `rc` and `sync` flavours), on
//! the same workload in the same run.
//!
//! - `send`: one `send` into a primed accumulator
//!   (`loop { total += co.yield_(total).await }`, `i64`).
//! - `lifecycle`: create, start, send one value, drop while suspended.
//!
//! `cargo bench --bench protocol`; `scripts/bench/run.sh` runs it with the rest.

mod peers;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

/// One `send` round-trip into a primed accumulator, per peer.
fn send(c: &mut Criterion) {
    let mut group = c.benchmark_group("send");

    let mut floor = black_box(peers::boxed());
    group.bench_function("handwritten_boxed", |b| b.iter(|| black_box(floor.resume(black_box(1)))));

    let mut g = peers::gensend();
    peers::gensend_start(&mut g);
    group.bench_function("gensend", |b| b.iter(|| black_box(peers::gensend_send(&mut g, black_box(1)))));

    let mut g = peers::genawaiter();
    peers::genawaiter_start(&mut g);
    group.bench_function("genawaiter_rc", |b| {
        b.iter(|| black_box(peers::genawaiter_send(&mut g, black_box(1))))
    });

    let mut g = peers::genawaiter_sync();
    peers::genawaiter_sync_start(&mut g);
    group.bench_function("genawaiter_sync", |b| {
        b.iter(|| black_box(peers::genawaiter_sync_send(&mut g, black_box(1))))
    });

    let mut g = peers::corosensei();
    peers::corosensei_send(&mut g, 0);
    group
        .bench_function("corosensei", |b| b.iter(|| black_box(peers::corosensei_send(&mut g, black_box(1)))));

    let mut g = peers::generator(peers::GENERATOR_DEFAULT_STACK);
    peers::generator_start(&mut g);
    group.bench_function("generator", |b| b.iter(|| black_box(peers::generator_send(&mut g, black_box(1)))));

    group.finish();
}

/// Create, start, send one value, drop while suspended, per peer.
fn lifecycle(c: &mut Criterion) {
    let mut group = c.benchmark_group("lifecycle");
    group.bench_function("handwritten_boxed", |b| b.iter(peers::boxed_lifecycle));
    group.bench_function("gensend", |b| b.iter(peers::gensend_lifecycle));
    group.bench_function("genawaiter_rc", |b| b.iter(peers::genawaiter_lifecycle));
    group.bench_function("genawaiter_sync", |b| b.iter(peers::genawaiter_sync_lifecycle));
    group.bench_function("corosensei", |b| b.iter(peers::corosensei_lifecycle));
    group.bench_function("generator", |b| b.iter(peers::generator_lifecycle));
    group.finish();
}

/// Short runs: the whole suite must fit in a few minutes on 2 shared cores.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(1500))
        .without_plots()
}

criterion_group! {
    name = benches;
    config = config();
    targets = send, lifecycle
}
criterion_main!(benches);
