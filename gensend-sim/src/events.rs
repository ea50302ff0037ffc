//! [`Event`]: SimPy's event, shared by the kernel and every handle to it.
//!
//! An event is reference counted (`Rc`), like a Python object: the queue, the
//! processes waiting on it, conditions and the model may all hold it, and its
//! value stays readable as long as anyone does. Its life is SimPy's: *pending*
//! (not triggered), *triggered* (has an outcome and is scheduled) and
//! *processed* (its callbacks have run). What SimPy keeps in subclasses
//! (a process's generator, a condition's events, a request's resource) is one
//! `Ext` variant, so the kernel never allocates twice per event.
//!
//! Callbacks are a closed set (an enum) rather than boxed closures, so the
//! common ones (resume a process, check a condition) cost no allocation and
//! can be found again to be removed, as SimPy removes a process's `_resume`
//! when it is interrupted; a resource request's own (serve the opposite
//! queue) is implicit in its kind. The first callback is stored inline: most
//! events have exactly one.
//!
//! Not every SimPy event is an `EventCell`: a wait nobody else can observe
//! (a process's `Initialize`, a timeout only its process holds, a guard's
//! `Release`) is a queue entry instead (see `kernel::entry`).

use std::cell::{Cell, RefCell};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{BitAnd, BitOr};
use std::rc::Rc;

use crate::condition::CondCell;
use crate::env::NORMAL;
use crate::error::{AlreadyTriggered, SimError};
use crate::kernel::{EnvCore, Sever};
use crate::process::ProcCell;
use crate::resources::base::QueuedCell;
use crate::value::{Failure, Value};

/// The kernel's reference to an event.
pub(crate) type EventRef = Rc<EventCell>;

/// An event's place in its life.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Phase {
    Pending,
    Triggered,
    Processed,
}

/// What an event is (SimPy's class), for descriptions and event counts.
///
/// ```
/// use gensend_sim::{Env, EventKind};
/// let env = Env::new();
/// assert_eq!(env.event().kind(), EventKind::Event);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum EventKind {
    /// A plain `Event` (`env.event()`).
    Event,
    /// `Timeout`.
    Timeout,
    /// `Initialize`: starts a process.
    Initialize,
    /// `Interruption`: throws an `Interrupt` into a process.
    Interruption,
    /// `Process`.
    Process,
    /// `Condition` (`AllOf`, `AnyOf`, `&`, `|`).
    Condition,
    /// `Request` of a resource.
    Request,
    /// `Release` of a resource.
    Release,
    /// `ContainerPut` / `StorePut`.
    Put,
    /// `ContainerGet` / `StoreGet` / `FilterStoreGet`.
    Get,
}

impl EventKind {
    /// SimPy's class name for this kind.
    ///
    /// ```
    /// assert_eq!(gensend_sim::EventKind::Timeout.name(), "Timeout");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Event => "Event",
            EventKind::Timeout => "Timeout",
            EventKind::Initialize => "Initialize",
            EventKind::Interruption => "Interruption",
            EventKind::Process => "Process",
            EventKind::Condition => "Condition",
            EventKind::Request => "Request",
            EventKind::Release => "Release",
            EventKind::Put => "Put",
            EventKind::Get => "Get",
        }
    }
}

/// An event's outcome.
pub(crate) enum Outcome {
    Pending,
    Ok(Value),
    Err(Failure),
}

/// What subclasses of SimPy's `Event` add.
pub(crate) enum Ext {
    None,
    Timeout(f64),
    Process(ProcCell),
    Condition(Box<CondCell>),
    Interruption(EventRef),
    Put(QueuedCell),
    Get(QueuedCell),
}

/// A model's callback (SimPy's `event.callbacks.append(f)`).
pub(crate) type UserCallback = Box<dyn FnMut(&Event)>;

/// A callback, run when its event is processed.
pub(crate) enum Callback {
    /// Resume this process with the event (SimPy's `Process._resume`).
    Resume(EventRef),
    /// Count the event towards this condition (SimPy's `Condition._check`).
    Check(EventRef),
    /// Stop `run(until)` (SimPy's `StopSimulation.callback`).
    Stop,
    /// A model's own callback (boxed twice so that a `Callback` stays two
    /// words).
    User(Box<UserCallback>),
}

/// An event's callbacks: the first inline (most events have one: the process
/// waiting on it), the rest in a boxed `Vec` (rare), which keeps the list at
/// three words.
///
/// A resource request's own first callback (SimPy's `_trigger_put` or
/// `_trigger_get`, appended when it is made) is not stored: the kernel runs it
/// for every put/get event, before these (see `EventCell::resource_served`).
#[derive(Default)]
pub(crate) struct Callbacks {
    pub(crate) first: Option<Callback>,
    // One word instead of three: the box is the point.
    #[allow(clippy::box_collection)]
    pub(crate) rest: Option<Box<Vec<Callback>>>,
}

impl Callbacks {
    #[inline(always)]
    pub(crate) fn push(&mut self, callback: Callback) {
        if self.first.is_none() {
            self.first = Some(callback);
        } else {
            self.rest.get_or_insert_default().push(callback);
        }
    }

    /// Removes the first callback `matches` accepts, keeping the order of the
    /// others (in place: an interrupt detaches its process this way); whether
    /// there was one.
    pub(crate) fn remove_first(&mut self, matches: impl Fn(&Callback) -> bool) -> bool {
        if self.first.as_ref().is_some_and(&matches) {
            self.first = self.pop_front_rest();
            return true;
        }
        let Some(rest) = self.rest.as_mut() else { return false };
        let Some(index) = rest.iter().position(matches) else { return false };
        rest.remove(index);
        if rest.is_empty() {
            self.rest = None;
        }
        true
    }

    /// The first of the callbacks past the inline one, if any.
    fn pop_front_rest(&mut self) -> Option<Callback> {
        let rest = self.rest.as_mut()?;
        let callback = rest.remove(0);
        if rest.is_empty() {
            self.rest = None;
        }
        Some(callback)
    }

    pub(crate) fn len(&self) -> usize {
        usize::from(self.first.is_some()) + self.rest.as_ref().map_or(0, |rest| rest.len())
    }

    pub(crate) fn from_list(list: impl Iterator<Item = Callback>) -> Callbacks {
        let mut callbacks = Callbacks::default();
        for callback in list {
            callbacks.push(callback);
        }
        callbacks
    }
}

/// The shared state of one event.
pub(crate) struct EventCell {
    pub(crate) env: Rc<EnvCore>,
    pub(crate) kind: EventKind,
    pub(crate) phase: Cell<Phase>,
    pub(crate) defused: Cell<bool>,
    /// Whether a put/get event's resource has been served for it (its
    /// implicit first callback ran; see [`Callbacks`]).
    pub(crate) resource_served: Cell<bool>,
    pub(crate) outcome: RefCell<Outcome>,
    pub(crate) callbacks: RefCell<Callbacks>,
    pub(crate) ext: Ext,
}

impl EventCell {
    #[inline(always)]
    pub(crate) fn new(env: &Rc<EnvCore>, kind: EventKind, outcome: Outcome, ext: Ext) -> EventRef {
        let phase = if matches!(outcome, Outcome::Pending) { Phase::Pending } else { Phase::Triggered };
        if let Some(mut event) = env.take_pooled()
            && let Some(cell) = Rc::get_mut(&mut event)
        {
            cell.kind = kind;
            cell.phase.set(phase);
            cell.defused.set(false);
            cell.resource_served.set(false);
            // A pooled event was cleared (`Pending`, `Ext::None`, no callbacks):
            // nothing to drop.
            std::mem::forget(std::mem::replace(cell.outcome.get_mut(), outcome));
            std::mem::forget(std::mem::replace(&mut cell.ext, ext));
            return event;
        }
        Rc::new(EventCell {
            env: env.clone(),
            kind,
            phase: Cell::new(phase),
            defused: Cell::new(false),
            resource_served: Cell::new(false),
            outcome: RefCell::new(outcome),
            callbacks: RefCell::new(Callbacks::default()),
            ext,
        })
    }

    /// Sets the outcome of a pending event and schedules it (SimPy's
    /// `succeed`/`fail`).
    #[inline]
    pub(crate) fn settle(self: &Rc<Self>, outcome: Outcome) -> Result<(), AlreadyTriggered<Outcome>> {
        if self.phase.get() != Phase::Pending {
            return Err(AlreadyTriggered { event: describe(self), value: outcome });
        }
        *self.outcome.borrow_mut() = outcome;
        self.phase.set(Phase::Triggered);
        self.env.schedule(self.clone(), NORMAL, 0.0);
        Ok(())
    }

    pub(crate) fn is_ok(&self) -> bool {
        matches!(*self.outcome.borrow(), Outcome::Ok(_))
    }

    pub(crate) fn outcome(&self) -> Option<Result<Value, Failure>> {
        match &*self.outcome.borrow() {
            Outcome::Pending => None,
            Outcome::Ok(value) => Some(Ok(value.clone())),
            Outcome::Err(failure) => Some(Err(failure.clone())),
        }
    }
}

impl Sever for EventCell {
    /// Drops the callbacks (and a condition's events' callbacks, which hold
    /// it): they would never run.
    fn sever(&self) {
        if let Ext::Condition(cell) = &self.ext {
            for event in cell.events() {
                event.0.drop_callbacks();
            }
        }
        self.drop_callbacks();
    }
}

impl EventCell {
    /// Drops the callbacks, outside the borrow: a model's callback may call
    /// the kernel as it drops.
    pub(crate) fn drop_callbacks(&self) {
        let callbacks = std::mem::take(&mut *self.callbacks.borrow_mut());
        drop(callbacks);
    }
}

/// SimPy's `repr` of an event: `<Timeout(5) object at 0x...>`.
pub(crate) fn describe(event: &EventRef) -> String {
    let address = Rc::as_ptr(event) as usize;
    let desc = match &event.ext {
        Ext::Timeout(delay) => {
            // Formatted outside the borrow: a value's `Debug` may read the event.
            let value = match event.outcome() {
                Some(Ok(value)) if !value.is_none() => format!(", value={value:?}"),
                _ => String::new(),
            };
            format!("Timeout({}{value})", crate::fmt::py_number(*delay))
        }
        Ext::Process(cell) => format!("Process({})", cell.name(&event.env)),
        Ext::Condition(cell) => {
            let (rule, events) = cell.describe();
            let inner: Vec<String> = events.iter().map(|e| describe(&e.0)).collect();
            let tuple =
                if inner.len() == 1 { format!("({},)", inner[0]) } else { format!("({})", inner.join(", ")) };
            format!("Condition({rule}, {tuple})")
        }
        _ => format!("{}()", event.kind.name()),
    };
    format!("<{desc} object at {address:#x}>")
}

/// An event: something that may happen at some point in simulated time.
///
/// It is *pending* until [`succeed`](Event::succeed), [`fail`](Event::fail) or
/// [`trigger`](Event::trigger) gives it an outcome and schedules it; it is
/// *processed* once its callbacks have run (the processes waiting on it are
/// resumed). A failed event that nobody handles crashes the simulation, as in
/// SimPy; a process waiting on it handles it (the error is thrown into it),
/// and [`defuse`](Event::defuse) marks it handled.
///
/// Handles are cheap to clone and compare by identity.
///
/// ```
/// use gensend_sim::{Env, Value};
///
/// let env = Env::new();
/// let ev = env.event();
/// assert!(!ev.triggered());
/// ev.succeed("spam").unwrap();
/// assert!(ev.triggered() && !ev.processed());
/// assert_eq!(env.run_until(&ev).unwrap().get::<&str>(), Some(&"spam"));
/// assert_eq!(ev.ok(), Some(true));
/// // As in SimPy, `run(until=ev)` stops inside processing `ev`, which is
/// // processed again (with no callbacks left) when the simulation goes on.
/// env.run().unwrap();
/// assert!(ev.processed());
/// ```
#[derive(Clone)]
pub struct Event(pub(crate) EventRef);

impl Event {
    /// The environment the event belongs to.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert!(env.event().env().same(&env));
    /// ```
    pub fn env(&self) -> crate::Env {
        crate::Env::handle(self.0.env.clone())
    }

    /// What kind of event this is.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert_eq!(env.timeout(1.0).kind(), gensend_sim::EventKind::Timeout);
    /// ```
    pub fn kind(&self) -> EventKind {
        self.0.kind
    }

    /// Whether the event has an outcome (and is scheduled or processed).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert!(env.timeout(1.0).triggered());
    /// ```
    pub fn triggered(&self) -> bool {
        self.0.phase.get() != Phase::Pending
    }

    /// Whether the event's callbacks have run.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let t = env.timeout(1.0);
    /// env.run().unwrap();
    /// assert!(t.processed());
    /// ```
    pub fn processed(&self) -> bool {
        self.0.phase.get() == Phase::Processed
    }

    /// `Some(true)` if it succeeded, `Some(false)` if it failed, `None` while
    /// pending (SimPy raises `AttributeError` there).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let ev = env.event();
    /// assert_eq!(ev.ok(), None);
    /// ev.succeed(()).unwrap();
    /// assert_eq!(ev.ok(), Some(true));
    /// ```
    pub fn ok(&self) -> Option<bool> {
        match &*self.0.outcome.borrow() {
            Outcome::Pending => None,
            Outcome::Ok(_) => Some(true),
            Outcome::Err(_) => Some(false),
        }
    }

    /// The value it succeeded with (`None` while pending or if it failed).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let t = env.timeout_value(1.0, 7);
    /// assert_eq!(t.value().unwrap().get::<i32>(), Some(&7));
    /// ```
    pub fn value(&self) -> Option<Value> {
        match &*self.0.outcome.borrow() {
            Outcome::Ok(value) => Some(value.clone()),
            _ => None,
        }
    }

    /// The error it failed with, if it failed.
    ///
    /// ```
    /// use gensend_sim::{Env, ModelError};
    /// let env = Env::new();
    /// let ev = env.event();
    /// ev.fail(ModelError::new("ValueError", "no")).unwrap();
    /// assert_eq!(ev.failure().unwrap().to_string(), "no");
    /// ```
    pub fn failure(&self) -> Option<Failure> {
        match &*self.0.outcome.borrow() {
            Outcome::Err(failure) => Some(failure.clone()),
            _ => None,
        }
    }

    /// The outcome: `None` while pending.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert!(env.event().outcome().is_none());
    /// ```
    pub fn outcome(&self) -> Option<Result<Value, Failure>> {
        self.0.outcome()
    }

    /// Whether the failure has been handled.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let ev = env.event();
    /// ev.defuse();
    /// assert!(ev.defused());
    /// ```
    pub fn defused(&self) -> bool {
        self.0.defused.get()
    }

    /// Marks a failure as handled, so that processing it does not crash the
    /// simulation (SimPy's `event.defused = True`).
    ///
    /// ```
    /// use gensend_sim::{Env, ModelError};
    /// let env = Env::new();
    /// let ev = env.event();
    /// ev.fail(ModelError::new("ValueError", "handled")).unwrap();
    /// ev.defuse();
    /// assert!(env.run().is_ok());
    /// ```
    pub fn defuse(&self) {
        self.0.defused.set(true);
    }

    /// Succeeds with `value` and schedules the event. Returns the event, as
    /// SimPy does, for chaining; `Err(AlreadyTriggered)`, handing `value`
    /// back, if it has an outcome.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let ev = env.event();
    /// ev.succeed(1).unwrap();
    /// assert!(ev.succeed(2).unwrap_err().to_string().ends_with("has already been triggered"));
    /// ```
    pub fn succeed(&self, value: impl Into<Value>) -> Result<Event, AlreadyTriggered<Value>> {
        match self.0.settle(Outcome::Ok(value.into())) {
            Ok(()) => Ok(self.clone()),
            Err(AlreadyTriggered { event, value: Outcome::Ok(value) }) => {
                Err(AlreadyTriggered { event, value })
            }
            Err(AlreadyTriggered { event, .. }) => Err(AlreadyTriggered { event, value: Value::NONE }),
        }
    }

    /// Fails with `error` and schedules the event; `Err(AlreadyTriggered)`,
    /// handing the error back, if it has an outcome.
    ///
    /// ```
    /// use gensend_sim::{Env, ModelError};
    /// let env = Env::new();
    /// let ev = env.event().fail(ModelError::new("ValueError", "x")).unwrap();
    /// assert_eq!(ev.ok(), Some(false));
    /// ```
    pub fn fail(&self, error: impl Into<Failure>) -> Result<Event, AlreadyTriggered<Failure>> {
        let error = error.into();
        match self.0.settle(Outcome::Err(error.clone())) {
            Ok(()) => Ok(self.clone()),
            Err(AlreadyTriggered { event, .. }) => Err(AlreadyTriggered { event, value: error }),
        }
    }

    /// Takes `other`'s outcome and schedules this event (SimPy's `trigger`,
    /// usable as a callback to chain events). `Err(AlreadyTriggered)` if this
    /// event has an outcome; nothing happens if `other` has none.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let (a, b) = (env.event(), env.event());
    /// a.succeed(3).unwrap();
    /// b.trigger(&a).unwrap();
    /// assert_eq!(b.value().unwrap().get::<i32>(), Some(&3));
    /// ```
    pub fn trigger(&self, other: &Event) -> Result<(), SimError> {
        let settled = match other.0.outcome() {
            None => Ok(()),
            Some(Ok(value)) => self.0.settle(Outcome::Ok(value)),
            Some(Err(failure)) => self.0.settle(Outcome::Err(failure)),
        };
        settled.map_err(SimError::from)
    }

    /// Adds a callback, run with the event when it is processed (SimPy's
    /// `event.callbacks.append(f)`). Returns `false`, and drops `callback`, if
    /// the event has already been processed (SimPy raises there), or if the
    /// owning [`Env`](crate::Env) has been dropped (nothing is processed any
    /// more, and the callback could hold the event in a cycle).
    ///
    /// ```
    /// use std::{cell::Cell, rc::Rc};
    /// let env = gensend_sim::Env::new();
    /// let seen = Rc::new(Cell::new(false));
    /// let t = env.timeout(1.0);
    /// let flag = seen.clone();
    /// assert!(t.add_callback(move |ev| flag.set(ev.ok() == Some(true))));
    /// env.run().unwrap();
    /// assert!(seen.get());
    /// ```
    pub fn add_callback(&self, callback: impl FnMut(&Event) + 'static) -> bool {
        if self.processed() || self.0.env.closing.get() {
            return false;
        }
        self.0.callbacks.borrow_mut().push(Callback::User(Box::new(Box::new(callback))));
        // The callback may hold the event (a cycle).
        self.0.env.sever_at_teardown(&self.0);
        true
    }

    /// How many callbacks are waiting for the event (0 once processed).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let t = env.timeout(1.0);
    /// t.add_callback(|_| {});
    /// assert_eq!(t.callback_count(), 1);
    /// ```
    pub fn callback_count(&self) -> usize {
        let implicit = matches!(self.0.ext, Ext::Put(_) | Ext::Get(_)) && !self.0.resource_served.get();
        self.0.callbacks.borrow().len() + usize::from(implicit && !self.processed())
    }

    /// Cancels a resource put/get request that has not been served (SimPy's
    /// `Put.cancel()`/`Get.cancel()`); does nothing for other events.
    ///
    /// ```
    /// use gensend_sim::{Env, Store};
    /// let env = Env::new();
    /// let store = Store::new(&env, f64::INFINITY).unwrap();
    /// let get = store.get();
    /// get.cancel();
    /// store.put(1).unwrap();
    /// env.run().unwrap();
    /// assert!(!get.triggered());
    /// assert_eq!(store.len(), 1);
    /// ```
    pub fn cancel(&self) {
        if self.triggered() {
            return;
        }
        match &self.0.ext {
            Ext::Put(cell) => cell.resource.cancel_put(&self.0),
            Ext::Get(cell) => cell.resource.cancel_get(&self.0),
            _ => {}
        }
    }

    /// The process that made this resource request (SimPy's `proc` of a
    /// put/get request); `None` for other events, a request made outside
    /// any process, or one whose process has ended and is held by nobody (a
    /// request does not keep its process alive).
    ///
    /// ```
    /// use gensend_sim::{Env, Resource, proc};
    /// let env = Env::new();
    /// let r = Resource::new(&env, 1).unwrap();
    /// let r2 = r.clone();
    /// let p = env.process(proc(move |co| async move {
    ///     let req = r2.request().detach();
    ///     co.yield_(req).await;
    /// }));
    /// env.run().unwrap();
    /// assert_eq!(r.users()[0].proc(), Some(p));
    /// ```
    pub fn proc(&self) -> Option<crate::Process> {
        match &self.0.ext {
            Ext::Put(cell) | Ext::Get(cell) => cell.process.upgrade().map(|p| crate::Process(Event(p))),
            _ => None,
        }
    }

    /// Whether `self` and `other` are the same event.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let e = env.event();
    /// assert!(e.same(&e.clone()) && !e.same(&env.event()));
    /// ```
    pub fn same(&self, other: &Event) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl PartialEq for Event {
    fn eq(&self, other: &Event) -> bool {
        self.same(other)
    }
}

impl Eq for Event {}

impl Hash for Event {
    fn hash<H: Hasher>(&self, state: &mut H) {
        Rc::as_ptr(&self.0).hash(state);
    }
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&describe(&self.0))
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&describe(&self.0))
    }
}

impl From<&Event> for Event {
    fn from(event: &Event) -> Event {
        event.clone()
    }
}

impl BitAnd for Event {
    type Output = Event;
    /// Both events (SimPy's `&`): a condition.
    fn bitand(self, other: Event) -> Event {
        crate::condition::condition(&self.0.env.clone(), vec![self, other], true)
    }
}

impl BitOr for Event {
    type Output = Event;
    /// Either event (SimPy's `|`): a condition.
    fn bitor(self, other: Event) -> Event {
        crate::condition::condition(&self.0.env.clone(), vec![self, other], false)
    }
}

impl BitAnd for &Event {
    type Output = Event;
    fn bitand(self, other: &Event) -> Event {
        self.clone() & other.clone()
    }
}

impl BitOr for &Event {
    type Output = Event;
    fn bitor(self, other: &Event) -> Event {
        self.clone() | other.clone()
    }
}

impl std::ops::BitAndAssign for Event {
    /// `cond &= other`: a new condition of both (SimPy makes a new one too).
    fn bitand_assign(&mut self, other: Event) {
        *self = self.clone() & other;
    }
}

impl std::ops::BitOrAssign for Event {
    /// `cond |= other`: a new condition of either.
    fn bitor_assign(&mut self, other: Event) {
        *self = self.clone() | other;
    }
}

#[cfg(test)]
mod tests {
    /// Every event, and every suspended process, pays for these: a change
    /// that grows them shows here (the scale probe measures the total).
    #[test]
    fn event_layout_stays_small() {
        assert_eq!(size_of::<super::Callback>(), 16);
        assert!(size_of::<super::Callbacks>() <= 24);
        assert!(size_of::<super::Ext>() <= 72);
        assert!(size_of::<super::EventCell>() <= 152, "EventCell is {} B", size_of::<super::EventCell>());
    }
}
