//! Conditions: [`Env::all_of`](crate::Env::all_of), [`Env::any_of`](crate::Env::any_of),
//! `&` and `|` (SimPy's `Condition`, `AllOf`, `AnyOf`), and their value,
//! [`ConditionValue`].
//!
//! A condition is an event that counts its events as they are processed
//! (SimPy's `_check` callback) and triggers when its rule holds, or fails as
//! soon as one of them fails. Its value is built when it is *processed*, from
//! the events processed by then, nested conditions flattened: exactly SimPy's
//! `ConditionValue`, so "did this event fire, and with what value" has
//! SimPy's answer.

use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

use crate::events::{Callback, Event, EventCell, EventKind, EventRef, Ext, Outcome, Phase};
use crate::kernel::EnvCore;
use crate::value::{Failure, ModelError, Value};

/// What a condition adds to its event.
pub(crate) struct CondCell {
    events: Vec<Event>,
    all: bool,
    count: Cell<usize>,
}

/// Makes a condition over `events`: all of them (`all`) or any.
pub(crate) fn condition(env: &Rc<EnvCore>, events: Vec<Event>, all: bool) -> Event {
    let mixed = events.iter().any(|event| !Rc::ptr_eq(&event.0.env, env));
    let cell = CondCell { events, all, count: Cell::new(0) };
    let cond = EventCell::new(env, EventKind::Condition, Outcome::Pending, Ext::Condition(Box::new(cell)));
    let Ext::Condition(cell) = &cond.ext else { unreachable!() };
    if mixed {
        // No callback is attached (so no cycle to sever, and severing would
        // drop the other environment's callbacks on its events).
        let error =
            ModelError::new("ValueError", "It is not allowed to mix events from different environments");
        let _ = cond.settle(Outcome::Err(Failure::new(error)));
        return Event(cond);
    }
    // Its events' callbacks will hold it, and it holds them (a cycle).
    env.sever_at_teardown(&cond);
    if cell.events.is_empty() {
        let _ = cond.settle(Outcome::Ok(Value::new(ConditionValue::default())));
        return Event(cond);
    }
    for event in &cell.events {
        if event.processed() {
            check(&cond, &event.0);
        } else if !env.closing.get() {
            // (Once the owner is dropped, nothing is processed any more: the
            // callback would never run, and would hold the condition in a
            // cycle nothing severs.)
            event.0.callbacks.borrow_mut().push(Callback::Check(cond.clone()));
        }
    }
    Event(cond)
}

impl CondCell {
    /// SimPy's name for the rule, and the events.
    pub(crate) fn describe(&self) -> (&'static str, &[Event]) {
        (if self.all { "all_events" } else { "any_events" }, &self.events)
    }

    /// The events it waits for.
    pub(crate) fn events(&self) -> &[Event] {
        &self.events
    }
}

fn cell(cond: &EventRef) -> &CondCell {
    match &cond.ext {
        Ext::Condition(cell) => cell,
        _ => unreachable!("gensend-sim: not a condition"),
    }
}

/// One of the condition's events has been processed (SimPy's `_check`).
pub(crate) fn check(cond: &EventRef, event: &EventRef) {
    if cond.phase.get() != Phase::Pending {
        return;
    }
    let cell = cell(cond);
    cell.count.set(cell.count.get() + 1);
    match event.outcome() {
        Some(Err(failure)) => {
            event.defused.set(true);
            let _ = cond.settle(Outcome::Err(failure));
        }
        _ => {
            let met = if cell.all { cell.count.get() == cell.events.len() } else { cell.count.get() > 0 };
            if met {
                let _ = cond.settle(Outcome::Ok(Value::NONE));
            }
        }
    }
}

/// The condition is being processed: stop counting, build its value (SimPy's
/// `_build_value`).
pub(crate) fn build_value(cond: &EventRef) {
    remove_checks(cond);
    if cond.is_ok() && matches!(cond.kind, EventKind::Condition) {
        let already =
            matches!(&*cond.outcome.borrow(), Outcome::Ok(v) if v.get::<ConditionValue>().is_some());
        if !already {
            let mut value = ConditionValue::default();
            populate(cond, &mut value);
            *cond.outcome.borrow_mut() = Outcome::Ok(Value::new(value));
        }
    }
}

fn remove_checks(cond: &EventRef) {
    for event in &cell(cond).events {
        event
            .0
            .callbacks
            .borrow_mut()
            .remove_first(|callback| matches!(callback, Callback::Check(c) if Rc::ptr_eq(c, cond)));
        if matches!(event.0.ext, Ext::Condition(_)) {
            remove_checks(&event.0);
        }
    }
}

fn populate(cond: &EventRef, value: &mut ConditionValue) {
    for event in &cell(cond).events {
        if matches!(event.0.ext, Ext::Condition(_)) {
            populate(&event.0, value);
        } else if event.processed() {
            value.events.push(event.clone());
        }
    }
}

/// The value of a condition: the events that had been processed when it was,
/// in the condition's order, nested conditions flattened (SimPy's
/// `ConditionValue`).
///
/// ```
/// use gensend_sim::{ConditionValue, Env};
///
/// let env = Env::new();
/// let (a, b) = (env.timeout_value(1.0, "a"), env.timeout_value(2.0, "b"));
/// let any = &a | &b;
/// let value = env.run_until(&any).unwrap();
/// let value = value.get::<ConditionValue>().unwrap();
/// assert!(value.contains(&a) && !value.contains(&b));
/// assert_eq!(value.get(&a).unwrap().get::<&str>(), Some(&"a"));
/// assert!(value.get(&b).is_none()); // SimPy: KeyError
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ConditionValue {
    events: Vec<Event>,
}

/// An event's entry in a condition value: its value, or for an event that
/// failed its [`Failure`] as a `Value` (SimPy's `cv[ev]` is the exception).
fn entry(event: &Event) -> Value {
    match event.outcome() {
        Some(Ok(value)) => value,
        Some(Err(failure)) => Value::new(failure),
        None => Value::NONE,
    }
}

impl ConditionValue {
    /// The value of `event`, if it is in the condition value (SimPy raises
    /// `KeyError` otherwise). An event that failed (a condition that has
    /// already triggered still takes it in, as SimPy's does) has its
    /// [`Failure`] as its value, as SimPy's is the exception.
    ///
    /// ```
    /// use gensend_sim::{Env, Failure, ModelError};
    /// let v = gensend_sim::ConditionValue::default();
    /// assert!(v.get(&gensend_sim::Env::new().event()).is_none());
    ///
    /// let env = Env::new();
    /// let (t, ev) = (env.timeout(0.0), env.event());
    /// let any = &t | &ev;
    /// ev.fail(ModelError::new("ValueError", "boom")).unwrap();
    /// ev.defuse();
    /// let value = env.run_until(&any).unwrap();
    /// let value = value.get::<gensend_sim::ConditionValue>().unwrap();
    /// assert_eq!(value.get(&ev).unwrap().get::<Failure>().unwrap().to_string(), "boom");
    /// ```
    pub fn get(&self, event: &Event) -> Option<Value> {
        self.events.iter().find(|e| e.same(event)).map(entry)
    }

    /// Whether `event` is in it.
    ///
    /// ```
    /// let v = gensend_sim::ConditionValue::default();
    /// assert!(!v.contains(&gensend_sim::Env::new().event()));
    /// ```
    pub fn contains(&self, event: &Event) -> bool {
        self.events.iter().any(|e| e.same(event))
    }

    /// The events, in order (SimPy's `keys()`).
    ///
    /// ```
    /// assert!(gensend_sim::ConditionValue::default().events().is_empty());
    /// ```
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The values, in order (SimPy's `values()`).
    ///
    /// ```
    /// assert_eq!(gensend_sim::ConditionValue::default().values().count(), 0);
    /// ```
    pub fn values(&self) -> impl Iterator<Item = Value> + '_ {
        self.events.iter().map(entry)
    }

    /// `(event, value)` pairs, in order (SimPy's `items()`/`todict()`).
    ///
    /// ```
    /// assert_eq!(gensend_sim::ConditionValue::default().items().count(), 0);
    /// ```
    pub fn items(&self) -> impl Iterator<Item = (Event, Value)> + '_ {
        self.events.iter().map(|e| (e.clone(), entry(e)))
    }

    /// How many events it holds.
    ///
    /// ```
    /// assert_eq!(gensend_sim::ConditionValue::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether it holds no event.
    ///
    /// ```
    /// assert!(gensend_sim::ConditionValue::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

impl fmt::Debug for ConditionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<ConditionValue ")?;
        f.debug_map().entries(self.items()).finish()?;
        f.write_str(">")
    }
}
