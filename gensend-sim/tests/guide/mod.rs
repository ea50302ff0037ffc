//! What the ports of SimPy's topical guides share: a stdout to print into
//! and Python's `repr` of the objects the guides print.
//!
//! A guide's program prints; its test collects the lines printed and
//! compares them with the guide's expected output, verbatim. The guides'
//! doctests print object addresses as `0x...` (doctest's `ELLIPSIS`), so the
//! collected text masks them the same way.
#![allow(dead_code)]

use std::cell::RefCell;
use std::fmt::Debug;
use std::rc::Rc;

use gensend_sim::Env;

/// The program's stdout: a shared list of the lines printed.
#[derive(Clone, Default)]
pub struct Stdout(Rc<RefCell<Vec<String>>>);

impl Stdout {
    /// Python's `print(line)`, addresses masked as the guide shows them.
    pub fn print(&self, line: impl AsRef<str>) {
        self.0.borrow_mut().push(mask_addresses(line.as_ref()));
    }

    /// The lines printed so far.
    pub fn lines(&self) -> Vec<String> {
        self.0.borrow().clone()
    }
}

/// The kernel has scheduled `scheduled` events and holds `pending`, as SimPy
/// 4.1.2 does at the end of the same program (its `env._eid` counter and
/// `len(env._queue)`): the same output from the same events.
pub fn assert_simpy_event_counts(env: &Env, scheduled: u64, pending: u64) {
    let stats = env.stats();
    assert_eq!(
        (stats.scheduled, stats.pending),
        (scheduled, pending),
        "events (scheduled, pending) as in SimPy"
    );
}

/// Python's `repr` of a list whose items print as their `Debug` form.
pub fn py_list<T: Debug>(items: &[T]) -> String {
    let items: Vec<String> = items.iter().map(|item| format!("{item:?}")).collect();
    format!("[{}]", items.join(", "))
}

/// `object at 0x7f3a...>` becomes `object at 0x...>`, as the guides write it.
pub fn mask_addresses(text: &str) -> String {
    const MARK: &str = " object at 0x";
    let mut masked = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(MARK) {
        let after = &rest[at + MARK.len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_hexdigit()).len();
        masked.push_str(&rest[..at + MARK.len()]);
        masked.push_str("...");
        rest = &after[digits..];
    }
    masked.push_str(rest);
    masked
}

#[test]
fn mask_addresses_hides_only_the_hex_digits() {
    assert_eq!(
        mask_addresses("[<Request() object at 0x55d2c0a1f2b0>, <Process(p) object at 0xab>]"),
        "[<Request() object at 0x...>, <Process(p) object at 0x...>]"
    );
    assert_eq!(mask_addresses("no object here"), "no object here");
}
