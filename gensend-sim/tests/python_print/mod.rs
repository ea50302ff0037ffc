//! Python's `print`, into a `String`, for the ports of SimPy's topical guides
//! (`tests/guide_*.rs`): each test collects what its program prints and
//! compares it with the guide's expected output, byte for byte.
//!
//! The guides' doctests compare object descriptions with `0x...` for the
//! address (doctest's `ELLIPSIS`); [`ellipsis_addresses`] turns the
//! addresses this crate prints into the same.
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;

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
