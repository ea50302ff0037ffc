//! [`replications`]: independent runs of a simulation on all cores.
//!
//! A simulation lives on one thread (its processes may hold `Rc`s), but
//! nothing is shared between simulations, so independent replications (one
//! per seed) run in parallel: each thread builds and runs its own
//! environments. Results come back in seed order, so they do not depend on
//! the number of threads.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Runs `run(seed)` for every seed in `0..n` on `threads` threads (0: as many
/// as the machine has cores) and returns the results in seed order.
///
/// ```
/// use gensend_sim::{Env, proc, replications};
///
/// // Each replication: a process that waits `seed` time units.
/// let one = |seed: u64| {
///     let env = Env::new();
///     let e = env.clone();
///     env.process(proc(move |co| async move {
///         co.yield_(e.timeout(seed as f64)).await;
///     }));
///     env.run().unwrap();
///     env.now()
/// };
/// let on_one = replications(8, 1, one);
/// let on_four = replications(8, 4, one);
/// assert_eq!(on_one, on_four);
/// assert_eq!(on_one[7], 7.0);
/// ```
pub fn replications<R, F>(n: u64, threads: usize, run: F) -> Vec<R>
where
    R: Send,
    F: Fn(u64) -> R + Sync,
{
    let threads =
        if threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { threads };
    let next = AtomicU64::new(0);
    let results: Mutex<Vec<(u64, R)>> = Mutex::new(Vec::with_capacity(n as usize));
    std::thread::scope(|scope| {
        for _ in 0..threads.min(n.max(1) as usize) {
            scope.spawn(|| {
                loop {
                    let seed = next.fetch_add(1, Ordering::Relaxed);
                    if seed >= n {
                        break;
                    }
                    let result = run(seed);
                    results.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push((seed, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    results.sort_by_key(|(seed, _)| *seed);
    results.into_iter().map(|(_, result)| result).collect()
}
