//! Helpers shared by the ports of SimPy's tests.
#![allow(dead_code)]

use gensend_sim::{ConditionValue, Event, Failure, ModelError, Value};

/// An `i32` value.
pub fn int(value: &Value) -> i32 {
    *value.get::<i32>().unwrap_or_else(|| panic!("not an i32: {value:?}"))
}

/// A condition value as `(event, i32 value)` pairs, in order.
pub fn cond(value: &Value) -> Vec<(Event, i32)> {
    let cv = value.get::<ConditionValue>().unwrap_or_else(|| panic!("not a ConditionValue: {value:?}"));
    cv.items().map(|(e, v)| (e, v.get::<i32>().copied().unwrap_or(-1))).collect()
}

/// A condition value's events.
pub fn cond_events(value: &Value) -> Vec<Event> {
    value.get::<ConditionValue>().expect("a ConditionValue").events().to_vec()
}

/// Python's `ValueError(message)`.
pub fn value_error(message: impl Into<String>) -> Failure {
    Failure::new(ModelError::new("ValueError", message))
}

/// The message of a model error.
pub fn message(failure: &Failure) -> String {
    failure.to_string()
}
