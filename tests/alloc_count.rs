//! A `Gen` boxes once, at creation, and nothing allocates per resume.
//!
//! A counting global allocator (a thin wrapper around `System`) counts the
//! allocations made by the current thread, so the test harness's other threads
//! do not disturb the counts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::convert::Infallible;

use gensend::{Gen, Interrupt, Step};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
}

// SAFETY: every method forwards to `System` unchanged; counting touches only a
// `const`-initialised thread-local `Cell`, which never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The result of `f` and how many allocations this thread made while running it.
fn allocations<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let value = f();
    (value, ALLOCATIONS.with(Cell::get) - before)
}

fn accumulator() -> Gen<'static, u64, u64, u64> {
    Gen::new(|co| async move {
        let mut total = 0;
        loop {
            match co.try_yield(total).await {
                Ok(value) => total += value,
                Err(Interrupt::Exit) => return total,
                Err(Interrupt::Throw(never)) => match never {},
            }
        }
    })
}

#[test]
fn the_counter_sees_allocations() {
    let (boxed, count) = allocations(|| Box::new(1));
    assert_eq!((*boxed, count), (1, 1));
}

#[test]
fn creating_a_gen_allocates_exactly_once() {
    let (g, count) = allocations(accumulator);
    assert_eq!(count, 1);
    drop(g);
    let (g, count) = allocations(|| -> Gen<'static, (), (), (), String> {
        Gen::throwable(|co| async move {
            let _ = co.try_yield(()).await;
        })
    });
    assert_eq!(count, 1);
    drop(g);
}

#[test]
fn a_thousand_sends_into_a_primed_accumulator_allocate_nothing() {
    let mut acc = accumulator();
    let (first, count) = allocations(|| acc.start());
    assert_eq!((first, count), (Ok(Step::Yielded(0)), 0), "priming allocates nothing");
    let (last, count) = allocations(|| {
        let mut last = Ok(Step::Yielded(0));
        for i in 1..=1000 {
            last = acc.send(i);
        }
        last
    });
    assert_eq!(last, Ok(Step::Yielded(500_500)));
    assert_eq!(count, 0);
    let (closed, count) = allocations(|| acc.close());
    assert_eq!((closed, count), (Ok(Some(500_500)), 0));
}

#[test]
fn throw_close_and_iteration_allocate_nothing() {
    let mut g: Gen<u32, (), u32, u32> = Gen::throwable(|co| async move {
        let mut caught = 0;
        loop {
            match co.try_yield(caught).await {
                Ok(()) => {}
                Err(Interrupt::Throw(e)) => caught += e,
                Err(Interrupt::Exit) => return caught,
            }
        }
    });
    g.start().unwrap();
    let (sum, count) = allocations(|| {
        let mut sum = 0;
        for e in 1..=100 {
            if let Ok(Step::Yielded(caught)) = g.throw(e) {
                sum += caught;
            }
            sum += g.next().unwrap_or(0);
        }
        sum + g.close().ok().flatten().unwrap_or(0)
    });
    assert_eq!(count, 0);
    // After throw(e) the body has caught 1 + ... + e; next yields it again.
    let expected: u32 = (1..=100).map(|e| e * (e + 1)).sum::<u32>() + 5050;
    assert_eq!(sum, expected);
}

#[test]
fn resumes_through_a_delegation_chain_allocate_nothing() {
    fn level(depth: u32) -> Gen<'static, u64, u64, u64> {
        if depth == 0 {
            return accumulator();
        }
        Gen::new(move |co| async move { co.yield_from(level(depth - 1)).await })
    }
    let (mut g, count) = allocations(|| level(10));
    assert_eq!(count, 1, "only the outermost is built before it starts");
    let (first, count) = allocations(|| g.start());
    assert_eq!(first, Ok(Step::Yielded(0)));
    // 10 more generators (one box each), plus the growth of the driver's stack
    // (a `Vec`: a few reallocations, 3 with today's std growth policy).
    assert!((10..=14).contains(&count), "starting a chain of depth 10 allocated {count} times");
    let (last, count) = allocations(|| {
        let mut last = Ok(Step::Yielded(0));
        for i in 1..=1000 {
            last = g.send(i);
        }
        last
    });
    assert_eq!(last, Ok(Step::Yielded(500_500)));
    assert_eq!(count, 0);
}

#[test]
fn a_gen_with_an_infallible_body_of_unit_types_still_boxes_once() {
    let (g, count) = allocations(|| -> Gen<'static, (), (), (), Infallible> { Gen::new(|_co| async {}) });
    assert_eq!(count, 1);
    drop(g);
}
