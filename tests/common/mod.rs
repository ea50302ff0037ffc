//! Helpers shared by the protocol tests: a log of what bodies did, and `Drop`
//! guards (Python's `finally`) that write to it.
#![allow(dead_code)] // each test file uses its own subset

use std::sync::{Arc, Mutex};

/// What the bodies did, in order.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    pub fn push(&self, entry: impl Into<String>) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(entry.into());
    }

    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// A `Drop` guard (Python's `finally`) that logs `drop <name>`.
    pub fn guard(&self, name: &'static str) -> Guard {
        Guard(self.clone(), name)
    }
}

pub struct Guard(Log, &'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.push(format!("drop {}", self.1));
    }
}

/// An empty log, for `assert_eq!(log.take(), NOTHING)`.
pub const NOTHING: [&str; 0] = [];

/// The message a panic carried (`panic!` with a literal or a formatted string).
pub fn panic_payload_message(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => payload.downcast_ref::<&str>().map_or_else(String::new, |s| s.to_string()),
    }
}
