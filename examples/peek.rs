//! `yield from` a generator that has already started: peek at its first item,
//! then hand the rest over.
//!
//! ```python
//! def rows(text):
//!     n = 0
//!     for line in text.splitlines():
//!         yield line
//!         n += 1
//!     return n
//!
//! def table(text):
//!     g = rows(text)
//!     header = next(g)                  # peek
//!     yield f"{len(header.split(','))} columns: {header}"
//!     return (yield from g)             # CPython resumes g with None
//! ```
//!
//! CPython resumes the started generator with `None`; a generic `S` has no
//! `None`, so `co.yield_from_sending(g, value)` says what to resume it with (here
//! `()`). The rest is plain delegation: `table` is suspended at its `yield_from`
//! while `rows` runs, and `rows`'s return value is `table`'s.
//!
//! Run with `cargo run --example peek`.

use gensend::{Gen, Step};

/// Yields each line of `text`; returns how many it yielded.
fn rows(text: &'static str) -> Gen<'static, String, (), usize> {
    Gen::new(move |co| async move {
        let mut n: usize = 0;
        for line in text.lines() {
            co.yield_(line.to_string()).await;
            n += 1;
        }
        n
    })
}

/// Describes the header line of `text`, then yields the other lines; returns
/// what `rows` returns.
fn table(text: &'static str) -> Gen<'static, String, (), usize> {
    Gen::new(move |co| async move {
        let mut rows = rows(text);
        let Ok(Step::Yielded(header)) = rows.start() else { return 0 };
        co.yield_(format!("{} columns: {header}", header.split(',').count())).await;
        co.yield_from_sending(rows, ()).await
    })
}

fn main() {
    let mut t = table("name,lang,year\nferris,rust,2015\nguido,python,1991");
    while let Some(item) = t.next() {
        let levels = t.backtrace().count();
        println!("{item:<30} (suspended, {levels} level{})", if levels == 1 { "" } else { "s" });
    }
    println!("lines: {:?}", t.take_return());
}
