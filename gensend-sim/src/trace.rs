//! [`Env::trace`]: every event as it is about to be processed.
//!
//! SimPy's monitoring guide traces a simulation by patching
//! `Environment.step` to read the head of its queue, `(time, priority, eid,
//! event)`, before each step. Rust cannot patch a method, and the queue is
//! private, so the environment offers that hook itself. When no tracer is
//! set, it costs the kernel one flag test per event.
//!
//! Some events have no object here (a process's `Initialize`, a timeout only
//! its process holds, the `Release` a request guard makes: see `kernel::entry`),
//! so a trace gives each event's kind, SimPy's class, and the event itself
//! only where it exists: making one for the tracer would change what the
//! kernel keeps alive, and it would cost every traced step an allocation.

use crate::env::{Env, URGENT};
use crate::events::{Event, EventKind, EventRef};
use crate::kernel::{EnvCore, entry, priority_bits};

/// An event about to be processed, as [`Env::trace`] reports it: SimPy's
/// queue entry `(time, priority, eid, event)`.
///
/// ```
/// use gensend_sim::{Env, EventKind, Traced};
/// use std::{cell::RefCell, rc::Rc};
///
/// let env = Env::new();
/// let seen: Rc<RefCell<Vec<Traced>>> = Rc::default();
/// let log = seen.clone();
/// env.trace(move |traced| log.borrow_mut().push(traced.clone()));
/// env.timeout(2.0);
/// env.run().unwrap();
/// let traced = &seen.borrow()[0];
/// assert_eq!((traced.time, traced.priority, traced.id, traced.kind), (2.0, 1, 0, EventKind::Timeout));
/// assert!(traced.event.is_some());
/// ```
#[derive(Clone, Debug)]
pub struct Traced {
    /// When it is processed.
    pub time: f64,
    /// Its priority ([`URGENT`], [`NORMAL`](crate::NORMAL),
    /// or what [`Env::schedule`] was given).
    pub priority: i8,
    /// Its insertion id (SimPy's `eid`): events of equal time and priority
    /// are processed in this order.
    pub id: u64,
    /// What it is (SimPy's class).
    pub kind: EventKind,
    /// The event, unless it is a wait no one else can see: a process's
    /// `Initialize`, a timeout only the process waiting on it holds, or the
    /// `Release` of a request guard (these have no object in this kernel).
    pub event: Option<Event>,
}

/// A model's tracer.
pub(crate) type Tracer = Box<dyn FnMut(&Traced)>;

impl Env {
    /// Calls `tracer` with every event just before it is processed, in
    /// processing order (replacing any tracer set before): the event tracing
    /// of SimPy's monitoring guide, which patches `Environment.step`. The
    /// tracer may call the kernel; the events processed by a `step` it calls
    /// itself are not reported (SimPy's patched `step` would recurse). Does
    /// nothing once the owning [`Env`] has been dropped.
    ///
    /// ```
    /// use gensend_sim::{Env, proc};
    /// use std::{cell::RefCell, rc::Rc};
    ///
    /// // SimPy's monitoring guide, "Event tracing".
    /// let env = Env::new();
    /// let data = Rc::new(RefCell::new(Vec::new()));
    /// let log = data.clone();
    /// env.trace(move |t| log.borrow_mut().push(format!("({}, {}, {})", t.time, t.id, t.kind.name())));
    /// let e = env.clone();
    /// let p = env.process(proc(move |co| async move {
    ///     co.yield_(e.timeout(1.0)).await;
    /// }));
    /// env.run_until(&p).unwrap();
    /// assert_eq!(*data.borrow(), ["(0, 0, Initialize)", "(1, 1, Timeout)", "(1, 2, Process)"]);
    /// ```
    pub fn trace(&self, tracer: impl FnMut(&Traced) + 'static) {
        let core = self.core();
        if core.closing.get() {
            return; // the owner is gone: nothing is processed any more
        }
        drop(core.tracer.replace(Some(Box::new(tracer))));
        core.tracing.set(true);
    }

    /// Stops tracing (see [`trace`](Env::trace)).
    ///
    /// ```
    /// use gensend_sim::Env;
    /// use std::{cell::Cell, rc::Rc};
    ///
    /// let env = Env::new();
    /// let count = Rc::new(Cell::new(0));
    /// let c = count.clone();
    /// env.trace(move |_| c.set(c.get() + 1));
    /// env.timeout(1.0);
    /// env.step().unwrap();
    /// env.stop_tracing();
    /// env.timeout(1.0);
    /// env.step().unwrap();
    /// assert_eq!(count.get(), 1);
    /// ```
    pub fn stop_tracing(&self) {
        let core = self.core();
        core.tracing.set(false);
        drop(core.tracer.take());
    }
}

/// Reports the head of the queue, about to be popped, to the tracer (SimPy's
/// guide reads `env._queue[0]` before each step). The tracer may call the
/// kernel: a step it makes processes that head, and the step that called it
/// goes on with the next event, as under SimPy's patched `step`.
#[cold]
#[inline(never)]
pub(crate) fn report_head(env: &EnvCore) {
    let head = env.queue().peek().map(|entry| (entry.time, entry.key, entry.event.clone()));
    if let Some((time, key, event)) = head {
        report(env, time, key, &event);
    }
}

/// Reports the entry `(time, key, event)` to the tracer.
fn report(env: &EnvCore, time: f64, key: u64, event: &EventRef) {
    // The tracer is taken out while it runs: it may call the kernel, even set
    // another tracer (which then stays). The steps it makes are not reported.
    let Some(mut tracer) = env.tracer.take() else { return };
    let (kind, event) = match key & entry::MASK {
        entry::WAKE if key >> 56 == priority_bits(URGENT) => (EventKind::Initialize, None),
        entry::WAKE => (EventKind::Timeout, None),
        entry::RELEASE => (EventKind::Release, None),
        _ => (event.kind, Some(Event(event.clone()))),
    };
    let priority = ((key >> 56) as u8 ^ 0x80) as i8;
    let id = (key & ((1 << 56) - 1)) >> entry::SHIFT;
    tracer(&Traced { time, priority, id, kind, event });
    let newer = env.tracer.take();
    if env.tracing.get() {
        env.tracer.set(newer.or(Some(tracer)));
    }
}
