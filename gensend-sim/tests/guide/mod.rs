//! What the ports of SimPy's topical guides (`tests/guide_*.rs`) share:
//! Python's `print` into a `String`, Python's `repr`/`str` of what the guides
//! print, and SimPy's event counts.
//!
//! A guide's program prints; its test collects what was printed and compares
//! it with the guide's expected output, byte for byte. The guides' doctests
//! print object addresses as `0x...` (doctest's `ELLIPSIS`);
//! [`ellipsis_addresses`] writes this crate's addresses the same way.
#![allow(dead_code)]

use std::cell::RefCell;
use std::fmt::Debug;
use std::rc::Rc;

use gensend_sim::Env;

/// Standard output, shared by a program's processes (clones append to the
/// same text).
#[derive(Clone, Default)]
pub struct Stdout(Rc<RefCell<String>>);

impl Stdout {
    /// `print(line)`: the line and a newline.
    pub fn print(&self, line: impl AsRef<str>) {
        self.print_end(line, "\n");
    }

    /// `print(text, end=end)`.
    pub fn print_end(&self, text: impl AsRef<str>, end: &str) {
        let mut out = self.0.borrow_mut();
        out.push_str(text.as_ref());
        out.push_str(end);
    }

    /// Everything printed so far.
    pub fn text(&self) -> String {
        self.0.borrow().clone()
    }

    /// The lines printed so far, addresses written `0x...`.
    pub fn lines(&self) -> Vec<String> {
        ellipsis_addresses(&self.0.borrow()).lines().map(str::to_string).collect()
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

/// `str(b)` of a Python bool.
pub fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// `repr(s)` of a Python str without quotes or backslashes in it.
pub fn py_str_repr(s: &str) -> String {
    assert!(!s.contains(['\'', '"', '\\']), "not a plain string: {s}");
    format!("'{s}'")
}

/// `text` with every `0x<hex digits>` written `0x...`, as doctest's
/// `ELLIPSIS` matches an address.
pub fn ellipsis_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("0x") {
        out.push_str(&rest[..at + 2]);
        let after = &rest[at + 2..];
        let digits = after.find(|c: char| !c.is_ascii_hexdigit()).unwrap_or(after.len());
        if digits > 0 {
            out.push_str("...");
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

#[test]
fn ellipsis_addresses_replaces_only_hex_addresses() {
    assert_eq!(ellipsis_addresses("<Event() object at 0x7f3a00>\n"), "<Event() object at 0x...>\n");
    assert_eq!(ellipsis_addresses("0x 0xg 10"), "0x 0xg 10");
}
