//! The event queue: a 4-ary min-heap of `(time, key, event)` where `key` packs
//! SimPy's `(priority, insertion id)` into one `u64`.
//!
//! Why not `std::collections::BinaryHeap`: a 4-ary heap is shallower and its
//! children share a cache line; measured on the mm1 model it cut wall time by
//! about a sixth at an equal instruction count (see
//! `shared/research/des-kernel-study.md`). Packing the priority into the high
//! bits of the id keeps an entry at 24 bytes and the comparison at two.

use crate::events::EventRef;

/// One scheduled event.
pub(crate) struct Entry {
    pub(crate) time: f64,
    /// `priority_bits(priority) << 56 | insertion id << 2 | entry kind`:
    /// SimPy's `(priority, eid)`.
    pub(crate) key: u64,
    pub(crate) event: EventRef,
}

impl Entry {
    #[inline]
    fn before(&self, other: &Entry) -> bool {
        self.time < other.time || (self.time == other.time && self.key < other.key)
    }
}

/// The min-heap.
#[derive(Default)]
pub(crate) struct Queue {
    entries: Vec<Entry>,
}

const ARITY: usize = 4;

impl Queue {
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn peek(&self) -> Option<&Entry> {
        self.entries.first()
    }

    #[inline(always)]
    pub(crate) fn push(&mut self, entry: Entry) {
        let mut index = self.entries.len();
        self.entries.push(entry);
        while index > 0 {
            let parent = (index - 1) / ARITY;
            if self.entries[index].before(&self.entries[parent]) {
                self.entries.swap(index, parent);
                index = parent;
            } else {
                break;
            }
        }
    }

    #[inline(always)]
    pub(crate) fn pop(&mut self) -> Option<Entry> {
        let last = self.entries.pop()?;
        if self.entries.is_empty() {
            return Some(last);
        }
        let top = std::mem::replace(&mut self.entries[0], last);
        let len = self.entries.len();
        let mut index = 0;
        loop {
            let first = index * ARITY + 1;
            if first >= len {
                break;
            }
            let end = (first + ARITY).min(len);
            let mut best = first;
            for child in first + 1..end {
                if self.entries[child].before(&self.entries[best]) {
                    best = child;
                }
            }
            if self.entries[best].before(&self.entries[index]) {
                self.entries.swap(index, best);
                index = best;
            } else {
                break;
            }
        }
        Some(top)
    }

    /// Gives the entry keyed `old` the key `new` and `event` (the order is
    /// unchanged if the two keys differ only in their low bits).
    pub(crate) fn replace(&mut self, old: u64, new: u64, event: EventRef) {
        if let Some(entry) = self.entries.iter_mut().find(|entry| entry.key == old) {
            entry.key = new;
            entry.event = event;
        }
    }

    /// Removes every entry (tearing a simulation down).
    pub(crate) fn take_all(&mut self) -> Vec<Entry> {
        std::mem::take(&mut self.entries)
    }
}
