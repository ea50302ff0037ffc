//! Generator ids: unique for the life of the process. The soundness argument in
//! `raw` rests on it (point 2), so this is the one place ids come from.
//!
//! Ids come from one global counter. With `std`, each thread takes them in
//! blocks and hands them out from a thread-local, so creating a generator costs
//! no atomic read-modify-write (a `lock xadd` is about as slow as the rest of a
//! generator's creation); without `std`, each id is one `fetch_add`.

use core::sync::atomic::{AtomicU64, Ordering};

/// The first id of the next block nobody has taken yet.
static NEXT: AtomicU64 = AtomicU64::new(1);

/// Ids must fit in 60 bits (`raw` keeps 4 more bits beside them: whether the
/// generator is local, and the kind of point it is suspended at).
pub(crate) const LIMIT: u64 = 1 << 60;

/// A fresh, never reused id for a new generator and its handle.
///
/// # Panics
/// After 2^60 ids (36 years at a billion generators a second).
#[inline]
pub(crate) fn next() -> u64 {
    let id = local::next().unwrap_or_else(|| take(1));
    assert!(id < LIMIT, "gensend: generator ids exhausted");
    id
}

/// Takes `count` consecutive ids; returns the first.
fn take(count: u64) -> u64 {
    NEXT.fetch_add(count, Ordering::Relaxed)
}

#[cfg(feature = "std")]
mod local {
    use core::cell::Cell;

    /// How many ids a thread takes at a time.
    const BLOCK: u64 = 1 << 12;

    std::thread_local! {
        /// The next id this thread hands out, and the end of its block.
        static BLOCK_LEFT: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
    }

    /// The next id of this thread's block (taking a new block when it is used
    /// up), or `None` while the thread-local is being destroyed.
    #[inline]
    pub(super) fn next() -> Option<u64> {
        BLOCK_LEFT
            .try_with(|left| {
                let (mut id, mut end) = left.get();
                if id == end {
                    id = super::take(BLOCK);
                    end = id + BLOCK;
                }
                left.set((id + 1, end));
                id
            })
            .ok()
    }
}

#[cfg(not(feature = "std"))]
mod local {
    #[inline]
    pub(super) fn next() -> Option<u64> {
        None
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_unique_across_threads() {
        extern crate std;
        use alloc::vec::Vec;

        // Under Miri, just over one block of 4,096 per thread (each thread still
        // takes a second block from the shared counter).
        let per_thread_count = if cfg!(miri) { 4_200 } else { 10_000 };
        let per_thread: Vec<Vec<u64>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| scope.spawn(move || (0..per_thread_count).map(|_| super::next()).collect()))
                .collect();
            handles.into_iter().map(|handle| handle.join().unwrap()).collect()
        });
        let mut all: Vec<u64> = per_thread.concat();
        let count = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), count, "an id was handed out twice");
        assert!(all.iter().all(|&id| id > 0 && id < super::LIMIT));
    }
}
