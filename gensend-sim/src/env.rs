//! [`Env`]: the environment, SimPy's `Environment` — the clock, the event
//! queue and the trampoline that resumes processes.
//!
//! Events are processed in SimPy's order, `(time, priority, insertion id)`,
//! with [`URGENT`] for process initialisation and interrupts, so a ported model
//! sees the same interleaving as under SimPy, event for event.
//!
//! The simulation is a graph of reference-counted objects with cycles (a
//! process waits on an event that will resume it), which Python's garbage
//! collector reclaims. Here the [`Env`] made by [`Env::new`] *owns* the
//! simulation: dropping it closes every live process (their `Drop` guards run),
//! empties the queue, and severs the other cycles the kernel made (a resource
//! and its requests, a condition and its events, an event and a model's
//! callback on it: see `Sever`), so everything is freed with its last
//! handle. Clones are plain handles;
//! once the owner is gone, what they schedule is dropped, and callbacks,
//! conditions, tracers and resource requests are not attached or queued (none
//! could ever run, and each would make a cycle again).

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use crate::condition;
use crate::error::SimError;
use crate::events::{
    Callback, Callbacks, Event, EventCell, EventKind, EventRef, Ext, Outcome, Phase, describe,
};
use crate::process::{self, Process, ProcessGen};
use crate::queue::{Entry, Queue};
use crate::trace::{self, Tracer};
use crate::value::Value;

/// SimPy's `URGENT` priority: process initialisation and interruption.
///
/// ```
/// use gensend_sim::{Env, NORMAL, URGENT};
/// let env = Env::new();
/// let (normal, urgent) = (env.event(), env.event());
/// env.schedule(&normal, NORMAL, 0.0);
/// env.schedule(&urgent, URGENT, 0.0); // scheduled later, processed first
/// env.step().unwrap();
/// assert!(urgent.processed() && !normal.processed());
/// ```
pub const URGENT: i8 = 0;
/// SimPy's `NORMAL` priority: every other event.
///
/// ```
/// assert!(gensend_sim::NORMAL > gensend_sim::URGENT);
/// ```
pub const NORMAL: i8 = 1;

/// The kernel's state, shared by every handle and event.
pub(crate) struct EnvCore {
    pub(crate) now: Cell<f64>,
    next_id: Cell<u64>,
    queue: RefCell<Queue>,
    pub(crate) active: Cell<Option<EventRef>>,
    /// Live processes, so that dropping the owner can close them.
    live: RefCell<Live>,
    scheduled: Cell<u64>,
    processed: Cell<u64>,
    /// Set while the owner tears the simulation down.
    pub(crate) closing: Cell<bool>,
    /// Processed events nobody holds any more, cleared, for reuse: an event
    /// costs no allocation in the steady state. A stack of `POOL_LIMIT`
    /// cells (32 KiB per environment) and its height: no borrow flag and no
    /// `Vec` growth check on the hot path.
    pool: Box<[Cell<Option<EventRef>>]>,
    pooled: Cell<usize>,
    /// The processes' names, each once ("process" first).
    names: RefCell<Vec<&'static str>>,
    /// The timeout made last, not yet in the queue (see [`Pending`]).
    pending: Cell<Option<Pending>>,
    /// What may hold events in a cycle the queue and the live processes do
    /// not reach (see [`Sever`]), for the teardown to break.
    severable: RefCell<Vec<Weak<dyn Sever>>>,
    /// Whether a tracer is set (see `trace`), and the tracer.
    pub(crate) tracing: Cell<bool>,
    pub(crate) tracer: Cell<Option<Tracer>>,
}

/// Something that may keep events in a reference cycle once the simulation
/// is over: a resource (its queued and granted requests hold it), a
/// condition (its events' callbacks hold it, and it holds them), an event
/// with a model's callback (which may hold the event). Python's garbage
/// collector reclaims such cycles; here the owner's teardown severs them.
pub(crate) trait Sever {
    /// Drops what may hold the cycle: queues, callbacks.
    fn sever(&self);
}

/// A timeout that has its place in SimPy's order (its insertion id) but is
/// not in the queue yet: `co.yield_(env.timeout(d))` makes a timeout that only
/// the process yielding it can see, and the kernel then queues a wake-up of
/// the process in its place (no event kept alive for it, see
/// `process::wait_on`). Anything that reads the queue puts it there first, so
/// the order is the same as if it had been queued at once.
pub(crate) struct Pending {
    pub(crate) event: EventRef,
    pub(crate) time: f64,
    pub(crate) key: u64,
}

/// What a queue entry does when it is popped, in the low bits of its key: by
/// default it processes its event.
pub(crate) mod entry {
    /// Wakes the entry's process: the `Initialize` or `Timeout` it waits on
    /// is private to it (no event object exists; see `process::wake`).
    pub(crate) const WAKE: u64 = 1;
    /// Stands for the `Release` of the entry's request made by dropping its
    /// guard, which nobody can see: serves the resource's put queue.
    pub(crate) const RELEASE: u64 = 2;
    /// The bits that say which.
    pub(crate) const MASK: u64 = 3;
    /// How far the insertion id is shifted.
    pub(crate) const SHIFT: u32 = 2;
}

/// A priority as the top byte of a queue key, in the same order: `-128` is
/// 0, `-1` (a `run(until)` stop) 127, [`URGENT`] 128 (`priority + 1` wrapped
/// priorities below -1 past every other).
#[inline(always)]
pub(crate) const fn priority_bits(priority: i8) -> u64 {
    (priority as u8 ^ 0x80) as u64
}

/// How many cleared events the pool keeps.
const POOL_LIMIT: usize = 4096;

#[derive(Default)]
struct Live {
    slots: Vec<Option<EventRef>>,
    free: Vec<usize>,
}

impl EnvCore {
    /// Schedules `event` at `now + delay` (SimPy's `schedule`).
    #[inline(always)]
    pub(crate) fn schedule(&self, event: EventRef, priority: i8, delay: f64) {
        let key = self.next_key(priority);
        self.push(Entry { time: self.now.get() + delay, key, event });
    }

    /// The next key in SimPy's `(priority, insertion id)` order, counted as a
    /// scheduled event.
    #[inline(always)]
    pub(crate) fn next_key(&self, priority: i8) -> u64 {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        self.scheduled.set(self.scheduled.get() + 1);
        priority_bits(priority) << 56 | id << entry::SHIFT
    }

    /// Queues `entry`, unless the owner has torn the simulation down: what a
    /// clone schedules then would never run, and would keep the environment
    /// alive in a cycle (it holds the environment).
    #[inline(always)]
    pub(crate) fn push(&self, entry: Entry) {
        if self.closing.get() {
            return;
        }
        self.queue.borrow_mut().push(entry);
    }

    /// Schedules the private `Release` of `request` (see [`entry::RELEASE`]).
    #[inline]
    pub(crate) fn schedule_release(&self, request: EventRef) {
        let key = self.next_key(NORMAL) | entry::RELEASE;
        self.push(Entry { time: self.now.get(), key, event: request });
    }

    /// Schedules a timeout after `delay`, kept aside until the queue is read
    /// (see [`Pending`]).
    #[inline(always)]
    pub(crate) fn schedule_timeout(&self, event: EventRef, delay: f64) {
        let key = self.next_key(NORMAL);
        if self.closing.get() {
            return; // as `push`
        }
        let previous = self.pending.replace(Some(Pending { event, time: self.now.get() + delay, key }));
        if let Some(previous) = previous {
            self.push(Entry { time: previous.time, key: previous.key, event: previous.event });
        }
    }

    /// Takes the pending timeout if it is `event`.
    #[inline(always)]
    pub(crate) fn take_pending(&self, event: &EventRef) -> Option<Pending> {
        let pending = self.pending.take()?;
        if Rc::ptr_eq(&pending.event, event) {
            return Some(pending);
        }
        self.pending.set(Some(pending));
        None
    }

    /// Puts the pending timeout, if any, in the queue.
    #[inline(always)]
    pub(crate) fn flush(&self) {
        if let Some(pending) = self.pending.take() {
            self.push(Entry { time: pending.time, key: pending.key, event: pending.event });
        }
    }

    /// The queue, with the pending timeout in it.
    pub(crate) fn queue(&self) -> std::cell::Ref<'_, Queue> {
        self.flush();
        self.queue.borrow()
    }

    /// Replaces the wake-up entry `key` by `event`, the event a private wait
    /// becomes when `Process::target` asks for it: linear, and rare.
    pub(crate) fn replace_wake(&self, key: u64, event: EventRef) {
        self.flush();
        self.queue.borrow_mut().replace(key | entry::WAKE, key, event);
    }

    #[inline]
    pub(crate) fn add_live(&self, process: EventRef) -> u32 {
        if self.closing.get() {
            return u32::MAX; // as `push`: a process started then never runs
        }
        let mut live = self.live.borrow_mut();
        let index = match live.free.pop() {
            Some(index) => {
                live.slots[index] = Some(process);
                index
            }
            None => {
                live.slots.push(Some(process));
                live.slots.len() - 1
            }
        };
        u32::try_from(index).expect("gensend-sim: more than 2^32 live processes")
    }

    /// The index of a process name (a model has a handful: a short search).
    #[inline]
    pub(crate) fn intern(&self, name: &'static str) -> u32 {
        let mut names = self.names.borrow_mut();
        let index = match names.iter().position(|known| *known == name) {
            Some(index) => index,
            None => {
                names.push(name);
                names.len() - 1
            }
        };
        u32::try_from(index).expect("gensend-sim: more than 2^32 process names")
    }

    /// Keeps `item` to be severed at the teardown (see [`Sever`]); the ones
    /// already dropped are forgotten as the list grows. (An event kept here
    /// is never pooled: its weak handle makes `Rc::get_mut` refuse, so it is
    /// freed when dropped, and the list stays as long as the live ones.)
    pub(crate) fn sever_at_teardown(&self, item: Weak<dyn Sever>) {
        let mut severable = self.severable.borrow_mut();
        if severable.len() == severable.capacity() {
            severable.retain(|item| item.strong_count() > 0);
        }
        severable.push(item);
    }

    pub(crate) fn name(&self, index: u32) -> &'static str {
        self.names.borrow()[index as usize]
    }

    #[inline]
    pub(crate) fn remove_live(&self, index: u32) {
        let index = index as usize;
        let mut live = self.live.borrow_mut();
        if live.slots.get(index).is_some_and(Option::is_some) {
            live.slots[index] = None;
            live.free.push(index);
        }
    }

    /// The active process, if any (a clone of the handle).
    pub(crate) fn active_process(&self) -> Option<EventRef> {
        let active = self.active.take();
        let copy = active.clone();
        self.active.set(active);
        copy
    }

    /// The active process, if any, as a weak reference (empty if none).
    pub(crate) fn active_process_weak(&self) -> Weak<EventCell> {
        let active = self.active.take();
        let weak = active.as_ref().map(Rc::downgrade).unwrap_or_default();
        self.active.set(active);
        weak
    }

    /// Whether `process` is the active process.
    pub(crate) fn is_active(&self, process: &EventRef) -> bool {
        let active = self.active.take();
        let same = active.as_ref().is_some_and(|a| Rc::ptr_eq(a, process));
        self.active.set(active);
        same
    }

    #[inline(always)]
    pub(crate) fn take_pooled(&self) -> Option<EventRef> {
        let height = self.pooled.get().checked_sub(1)?;
        self.pooled.set(height);
        self.pool.get(height)?.take()
    }

    /// Keeps an event for reuse if it has been processed and nobody else
    /// holds it.
    #[inline]
    pub(crate) fn recycle_processed(&self, event: EventRef) {
        if event.phase.get() == Phase::Processed {
            self.recycle(event);
        }
    }

    /// Keeps a processed event (or a timeout a process waits on privately)
    /// for reuse if nobody else holds it.
    #[inline(always)]
    pub(crate) fn recycle(&self, mut event: EventRef) {
        let Some(cell) = Rc::get_mut(&mut event) else { return };
        if self.closing.get() {
            return;
        }
        // Clearing may drop model values, whose `Drop` may call the kernel:
        // no borrow is held here.
        // (Its callbacks are already empty: they were taken to be run.)
        // Most events are timeouts and plain events, whose parts need no drop:
        // skip the drop glue for those.
        match &cell.ext {
            Ext::None | Ext::Timeout(_) => std::mem::forget(std::mem::replace(&mut cell.ext, Ext::None)),
            _ => cell.ext = Ext::None,
        }
        *cell.outcome.get_mut() = Outcome::Pending;
        let height = self.pooled.get();
        if let Some(slot) = self.pool.get(height) {
            slot.set(Some(event));
            self.pooled.set(height + 1);
        }
    }

    fn live_count(&self) -> usize {
        let live = self.live.borrow();
        live.slots.len() - live.free.len()
    }

    /// Processes the next event. `Ok(Some(v))`: a `run(until)` stop with `v`.
    #[inline(always)]
    fn step(&self, honour_stop: bool) -> Result<Option<Value>, SimError> {
        self.flush();
        if self.tracing.get() {
            // Before the pop, as SimPy's patched `step` reads the head: the
            // tracer may step (or schedule) itself.
            trace::report_head(self);
            self.flush();
        }
        let Some(Entry { time, event, key }) = self.queue.borrow_mut().pop() else {
            return Err(SimError::EmptySchedule);
        };
        self.now.set(time);
        self.processed.set(self.processed.get() + 1);
        match key & entry::MASK {
            entry::WAKE => {
                process::wake(&event, key & !entry::MASK);
                return Ok(None);
            }
            entry::RELEASE => {
                if let Ext::Put(cell) = &event.ext {
                    cell.resource.trigger_put();
                }
                self.recycle_processed(event);
                return Ok(None);
            }
            _ => {}
        }
        let Callbacks { first, rest } = std::mem::take(&mut *event.callbacks.borrow_mut());
        event.phase.set(Phase::Processed);
        match &event.ext {
            Ext::Condition(_) => condition::build_value(&event),
            Ext::Interruption(process) => process::deliver_interrupt(process, &event)?,
            // SimPy's `_trigger_get`/`_trigger_put`, the first callback of a
            // put/get request (see `Callbacks`).
            Ext::Put(cell) if !event.resource_served.replace(true) => cell.resource.trigger_get(),
            Ext::Get(cell) if !event.resource_served.replace(true) => cell.resource.trigger_put(),
            _ => {}
        }
        if let Some(callback) = first
            && self.run_callback(callback, &event, honour_stop)
        {
            return self.stop(event, rest.into_iter().flat_map(|rest| *rest));
        }
        if let Some(rest) = rest {
            let mut list = rest.into_iter();
            while let Some(callback) = list.next() {
                if self.run_callback(callback, &event, honour_stop) {
                    return self.stop(event, list);
                }
            }
        }
        if let Outcome::Err(failure) = &*event.outcome.borrow()
            && !event.defused.get()
        {
            return Err(SimError::Failed(failure.clone()));
        }
        self.recycle(event);
        Ok(None)
    }

    /// Runs one callback; whether it is a `run(until)` stop.
    #[inline(always)]
    fn run_callback(&self, callback: Callback, event: &EventRef, honour_stop: bool) -> bool {
        match callback {
            Callback::Resume(process) => process::resume(&process, event),
            Callback::Check(cond) => condition::check(&cond, event),
            Callback::User(mut f) => f(&Event(event.clone())),
            Callback::Stop => return honour_stop,
        }
        false
    }

    /// Stops a run at its `until` event. SimPy: the rest of the callbacks stay
    /// with the event, which is processed again first when the run resumes.
    /// A failed `until` event is not: SimPy's stop callback raises its error,
    /// which ends the run without rescheduling, and the callbacks after the
    /// stop are dropped (the event stays processed).
    #[cold]
    fn stop(&self, event: EventRef, rest: impl Iterator<Item = Callback>) -> Result<Option<Value>, SimError> {
        if let Some(Err(failure)) = event.outcome() {
            drop(rest);
            return Err(SimError::Failed(failure));
        }
        *event.callbacks.borrow_mut() = Callbacks::from_list(rest);
        event.phase.set(Phase::Triggered);
        self.schedule(event.clone(), -1, 0.0);
        Ok(Some(event.outcome().and_then(Result::ok).unwrap_or(Value::NONE)))
    }

    #[cold]
    #[inline(never)]
    fn teardown(&self) {
        self.closing.set(true);
        let live = std::mem::take(&mut *self.live.borrow_mut());
        for process in live.slots.into_iter().flatten() {
            process::kill_quietly(&process);
        }
        self.flush();
        let entries = self.queue.borrow_mut().take_all();
        for entry in &entries {
            entry.event.drop_callbacks();
        }
        drop(entries);
        let severable = std::mem::take(&mut *self.severable.borrow_mut());
        for item in severable.iter().filter_map(Weak::upgrade) {
            item.sever();
        }
        self.active.take();
        self.tracing.set(false);
        drop(self.tracer.take()); // it may hold a handle: a cycle
        for slot in &self.pool[..self.pooled.replace(0)] {
            drop(slot.take());
        }
    }
}

/// What [`Env::run_until`] runs until: a time, or an event.
///
/// ```
/// use gensend_sim::{Env, Until};
/// let env = Env::new();
/// assert!(matches!(Until::from(5), Until::Time(t) if t == 5.0));
/// assert!(matches!(Until::from(&env.event()), Until::Event(_)));
/// ```
#[derive(Clone, Debug)]
pub enum Until {
    /// Until the clock reaches this time.
    Time(f64),
    /// Until this event has been processed.
    Event(Event),
}

impl From<f64> for Until {
    fn from(time: f64) -> Until {
        Until::Time(time)
    }
}

impl From<i32> for Until {
    fn from(time: i32) -> Until {
        Until::Time(f64::from(time))
    }
}

impl From<&Event> for Until {
    fn from(event: &Event) -> Until {
        Until::Event(event.clone())
    }
}

impl From<Event> for Until {
    fn from(event: Event) -> Until {
        Until::Event(event)
    }
}

impl From<&Process> for Until {
    fn from(process: &Process) -> Until {
        Until::Event(process.event())
    }
}

/// Kernel counters, for comparing against SimPy's own accounting.
///
/// ```
/// let env = gensend_sim::Env::new();
/// env.timeout(1.0);
/// env.run().unwrap();
/// let stats = env.stats();
/// assert_eq!((stats.scheduled, stats.processed, stats.pending), (1, 1, 0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stats {
    /// Events scheduled (each `schedule`, as SimPy counts `heappush`).
    pub scheduled: u64,
    /// Events processed (popped from the queue).
    pub processed: u64,
    /// Events still in the queue.
    pub pending: u64,
    /// Processes alive.
    pub live_processes: u64,
}

/// The environment: simulated time, the event queue and the processes
/// (SimPy's `Environment`).
///
/// The `Env` that [`Env::new`] returns owns the simulation: dropping it closes
/// every process still alive. Clones (and [`Event::env`]) are handles that do
/// not.
///
/// ```
/// use gensend_sim::{Env, proc};
///
/// let env = Env::new();
/// let clock = env.clone();
/// env.process(proc(move |co| async move {
///     for _ in 0..3 {
///         co.yield_(clock.timeout(1.5)).await;
///     }
/// }));
/// env.run().unwrap();
/// assert_eq!(env.now(), 4.5);
/// ```
pub struct Env {
    core: Rc<EnvCore>,
    owner: bool,
}

impl Clone for Env {
    fn clone(&self) -> Env {
        Env { core: self.core.clone(), owner: false }
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if self.owner {
            self.core.teardown();
        }
    }
}

impl Default for Env {
    fn default() -> Env {
        Env::new()
    }
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Env").field("now", &self.now()).field("stats", &self.stats()).finish()
    }
}

impl Env {
    /// A new simulation at time 0.
    ///
    /// ```
    /// assert_eq!(gensend_sim::Env::new().now(), 0.0);
    /// ```
    pub fn new() -> Env {
        Env::with_initial_time(0.0)
    }

    /// A new simulation starting at `initial_time`.
    ///
    /// ```
    /// assert_eq!(gensend_sim::Env::with_initial_time(10.0).now(), 10.0);
    /// ```
    pub fn with_initial_time(initial_time: f64) -> Env {
        let core = EnvCore {
            now: Cell::new(initial_time),
            next_id: Cell::new(0),
            queue: RefCell::new(Queue::default()),
            active: Cell::new(None),
            live: RefCell::new(Live::default()),
            scheduled: Cell::new(0),
            processed: Cell::new(0),
            closing: Cell::new(false),
            pool: (0..POOL_LIMIT).map(|_| Cell::new(None)).collect(),
            pooled: Cell::new(0),
            pending: Cell::new(None),
            names: RefCell::new(vec!["process"]),
            severable: RefCell::new(Vec::new()),
            tracing: Cell::new(false),
            tracer: Cell::new(None),
        };
        Env { core: Rc::new(core), owner: true }
    }

    pub(crate) fn handle(core: Rc<EnvCore>) -> Env {
        Env { core, owner: false }
    }

    pub(crate) fn core(&self) -> &Rc<EnvCore> {
        &self.core
    }

    /// Whether `self` and `other` are handles to the same simulation.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert!(env.clone().same(&env) && !env.same(&gensend_sim::Env::new()));
    /// ```
    pub fn same(&self, other: &Env) -> bool {
        Rc::ptr_eq(&self.core, &other.core)
    }

    /// The current simulated time.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// env.timeout(2.0);
    /// env.step().unwrap();
    /// assert_eq!(env.now(), 2.0);
    /// ```
    #[inline]
    pub fn now(&self) -> f64 {
        self.core.now.get()
    }

    /// The process being resumed right now, if any.
    ///
    /// ```
    /// use gensend_sim::{Env, proc};
    /// let env = Env::new();
    /// assert!(env.active_process().is_none());
    /// let e = env.clone();
    /// let p = env.process(proc(move |_co| async move { e.active_process().is_some() }));
    /// assert_eq!(env.run_until(&p).unwrap().get::<bool>(), Some(&true));
    /// ```
    pub fn active_process(&self) -> Option<Process> {
        self.core.active_process().map(|cell| Process(Event(cell)))
    }

    /// Schedules `event` with `priority` after `delay` (SimPy's `schedule`).
    /// The event is processed with the outcome it has then (a pending event
    /// counts as having succeeded with `None`).
    ///
    /// ```
    /// use gensend_sim::{Env, URGENT};
    /// let env = Env::new();
    /// let ev = env.event();
    /// env.schedule(&ev, URGENT, 3.0);
    /// env.run().unwrap();
    /// assert_eq!(env.now(), 3.0);
    /// ```
    pub fn schedule(&self, event: &Event, priority: i8, delay: f64) {
        self.core.schedule(event.0.clone(), priority, delay);
    }

    /// The time of the next scheduled event, or infinity if there is none.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert_eq!(env.peek(), f64::INFINITY);
    /// env.timeout(4.0);
    /// assert_eq!(env.peek(), 4.0);
    /// ```
    pub fn peek(&self) -> f64 {
        self.core.queue().peek().map_or(f64::INFINITY, |entry| entry.time)
    }

    /// Processes the next event. `Err(EmptySchedule)` if there is none;
    /// `Err(Failed)` if it failed and nothing handled the failure.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// env.timeout(1.0);
    /// assert!(env.step().is_ok());
    /// assert!(env.step().is_err());
    /// ```
    pub fn step(&self) -> Result<(), SimError> {
        self.core.step(false).map(|_| ())
    }

    /// Runs until no events are left.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// env.timeout(7.0);
    /// env.run().unwrap();
    /// assert_eq!(env.now(), 7.0);
    /// ```
    pub fn run(&self) -> Result<(), SimError> {
        loop {
            match self.core.step(false) {
                Ok(_) => {}
                Err(SimError::EmptySchedule) => return Ok(()),
                Err(error) => return Err(error),
            }
        }
    }

    /// Runs until a time (every event before it is processed, none at it) or
    /// until an event has been processed, and returns that event's value
    /// (`None` for a time).
    ///
    /// `Err(UntilNotInFuture)` for a time not after `now`;
    /// `Err(UntilNotTriggered)` if the events run out first; `Err(Failed)` if
    /// the event failed or another failure crashed the simulation.
    ///
    /// ```
    /// use gensend_sim::{Env, proc};
    /// let env = Env::new();
    /// let e = env.clone();
    /// let p = env.process(proc(move |co| async move {
    ///     co.yield_(e.timeout(3.0)).await;
    ///     "done"
    /// }));
    /// env.run_until(1.5).unwrap();
    /// assert_eq!(env.now(), 1.5);
    /// assert_eq!(env.run_until(&p).unwrap().get::<&str>(), Some(&"done"));
    /// assert_eq!(env.now(), 3.0);
    /// ```
    pub fn run_until(&self, until: impl Into<Until>) -> Result<Value, SimError> {
        let until = match until.into() {
            Until::Time(at) => {
                if at.is_nan() || at <= self.now() {
                    return Err(SimError::UntilNotInFuture { until: at });
                }
                let stop = EventCell::new(&self.core, EventKind::Event, Outcome::Ok(Value::NONE), Ext::None);
                self.core.schedule(stop.clone(), URGENT, at - self.now());
                stop
            }
            Until::Event(event) => {
                if event.processed() {
                    return match event.outcome() {
                        Some(Err(failure)) => Err(SimError::Failed(failure)),
                        Some(Ok(value)) => Ok(value),
                        None => Ok(Value::NONE),
                    };
                }
                event.0
            }
        };
        until.callbacks.borrow_mut().push(Callback::Stop);
        loop {
            match self.core.step(true) {
                Ok(None) => {}
                Ok(Some(value)) => return Ok(value),
                Err(SimError::EmptySchedule) => {
                    return Err(SimError::UntilNotTriggered(describe(&until)));
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// A new pending event (SimPy's `env.event()`).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert!(!env.event().triggered());
    /// ```
    pub fn event(&self) -> Event {
        Event(EventCell::new(&self.core, EventKind::Event, Outcome::Pending, Ext::None))
    }

    /// A timeout: an event that succeeds with `None` after `delay` (SimPy's
    /// `env.timeout(delay)`).
    ///
    /// # Panics
    ///
    /// If `delay` is negative or NaN, with SimPy's message ("Negative delay
    /// -1"): a bug in the model. [`try_timeout`](Env::try_timeout) returns
    /// the error instead.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let t = env.timeout(2.0);
    /// assert!(t.triggered());
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn timeout(&self, delay: f64) -> Event {
        self.timeout_value(delay, Value::NONE)
    }

    /// A timeout that succeeds with `value` (SimPy's `env.timeout(delay,
    /// value)`).
    ///
    /// # Panics
    ///
    /// As [`timeout`](Env::timeout).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let t = env.timeout_value(1.0, "ding");
    /// assert_eq!(env.run_until(&t).unwrap().get::<&str>(), Some(&"ding"));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn timeout_value(&self, delay: f64, value: impl Into<Value>) -> Event {
        match self.try_timeout_value(delay, value.into()) {
            Ok(event) => event,
            Err(error) => panic!("{error}"),
        }
    }

    /// [`timeout`](Env::timeout) that returns `Err(NegativeDelay)` instead of
    /// panicking.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert_eq!(env.try_timeout(-1.0).unwrap_err().to_string(), "Negative delay -1");
    /// ```
    pub fn try_timeout(&self, delay: f64) -> Result<Event, SimError> {
        self.try_timeout_value(delay, Value::NONE)
    }

    /// [`timeout_value`](Env::timeout_value) that returns `Err(NegativeDelay)`
    /// instead of panicking.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert!(env.try_timeout_value(f64::NAN, 1).is_err());
    /// ```
    #[inline(always)]
    pub fn try_timeout_value(&self, delay: f64, value: impl Into<Value>) -> Result<Event, SimError> {
        if !(delay >= 0.0) {
            return Err(SimError::NegativeDelay(delay));
        }
        let event =
            EventCell::new(&self.core, EventKind::Timeout, Outcome::Ok(value.into()), Ext::Timeout(delay));
        self.core.schedule_timeout(event.clone(), delay);
        Ok(Event(event))
    }

    /// Starts a process running `generator` (SimPy's `env.process`): it is
    /// initialised by an [`URGENT`] event at the current time.
    ///
    /// ```
    /// use gensend_sim::{Env, proc};
    /// let env = Env::new();
    /// let p = env.process(proc(|_co| async { 42 }));
    /// assert!(p.is_alive());
    /// env.run().unwrap();
    /// assert_eq!(p.value().unwrap().get::<i32>(), Some(&42));
    /// ```
    pub fn process(&self, generator: ProcessGen) -> Process {
        process::start(&self.core, generator, 0)
    }

    /// [`process`](Env::process) with a name (SimPy takes the generator
    /// function's name), shown in descriptions.
    ///
    /// ```
    /// use gensend_sim::{Env, proc};
    /// let env = Env::new();
    /// let p = env.process_named("car", proc(|_co| async {}));
    /// assert!(p.to_string().starts_with("<Process(car) object at"));
    /// ```
    pub fn process_named(&self, name: &'static str, generator: ProcessGen) -> Process {
        process::start(&self.core, generator, self.core.intern(name))
    }

    /// Starts a process after `delay` (SimPy's `simpy.util.start_delayed`):
    /// returns a helper process that waits `delay`, then starts `generator`
    /// and returns its [`Process`] as its value. `Err(InvalidArgument)` unless
    /// `delay > 0` (SimPy's `ValueError: delay(=0) must be > 0.`).
    ///
    /// ```
    /// use gensend_sim::{Env, Process, proc};
    /// let env = Env::new();
    /// let e = env.clone();
    /// let starter = env.start_delayed(proc(move |_co| async move { e.now() }), 5.0).unwrap();
    /// let started = env.run_until(&starter).unwrap();
    /// let started = started.get::<Process>().unwrap().clone();
    /// assert_eq!(env.run_until(&started).unwrap().get::<f64>(), Some(&5.0));
    /// ```
    pub fn start_delayed(&self, generator: ProcessGen, delay: f64) -> Result<Process, SimError> {
        self.start_delayed_named("process", generator, delay)
    }

    /// [`start_delayed`](Env::start_delayed), the process it starts named
    /// `name` (SimPy names it after its generator function).
    ///
    /// ```
    /// use gensend_sim::{Env, Process, proc};
    /// let env = Env::new();
    /// let starter = env.start_delayed_named("car", proc(|_co| async {}), 1.0).unwrap();
    /// let started = env.run_until(&starter).unwrap();
    /// assert_eq!(started.get::<Process>().unwrap().name(), "car");
    /// assert_eq!(starter.name(), "starter");
    /// ```
    pub fn start_delayed_named(
        &self,
        name: &'static str,
        generator: ProcessGen,
        delay: f64,
    ) -> Result<Process, SimError> {
        if !(delay > 0.0) {
            return Err(SimError::InvalidArgument(format!(
                "delay(={}) must be > 0.",
                crate::fmt::py_number(delay)
            )));
        }
        let env = self.clone();
        Ok(self.process_named(
            "starter",
            crate::proc(move |co| async move {
                co.yield_(env.timeout(delay)).await;
                Value::new(env.process_named(name, generator))
            }),
        ))
    }

    /// Makes the active process receive an [`Interrupt`](crate::Interrupt)
    /// when `event` is processed, with cause `(event, value)` as a
    /// `Value` of `(Event, Value)` (SimPy's `simpy.util.subscribe_at`).
    /// `Err(AlreadyTerminated)` if `event` has been processed;
    /// `Err(NoActiveProcess)` outside a process.
    ///
    /// ```
    /// use gensend_sim::{Env, Event, Value, Wait, proc};
    /// let env = Env::new();
    /// let e = env.clone();
    /// let p = env.process(proc(move |co| async move {
    ///     let to = e.timeout_value(2.0, "ohai");
    ///     e.subscribe_at(&to).unwrap();
    ///     let failure = co.wait(e.timeout(10.0)).await.unwrap_err();
    ///     let cause = failure.interrupt().unwrap().cause().clone();
    ///     let (event, value) = cause.get::<(Event, Value)>().unwrap();
    ///     event.same(&to) && value.get::<&str>() == Some(&"ohai") && e.now() == 2.0
    /// }));
    /// assert_eq!(env.run_until(&p).unwrap().get::<bool>(), Some(&true));
    /// ```
    pub fn subscribe_at(&self, event: &Event) -> Result<(), SimError> {
        let subscriber = self.active_process().ok_or(SimError::NoActiveProcess)?;
        if event.processed() {
            return Err(SimError::AlreadyTerminated(event.to_string()));
        }
        let signaller = event.clone();
        self.process_named(
            "signaller",
            crate::proc(move |co| async move {
                let result = co.yield_(signaller.clone()).await;
                if subscriber.is_alive() {
                    subscriber.interrupt(Value::new((signaller, result)))?;
                }
                Ok::<(), SimError>(())
            }),
        );
        Ok(())
    }

    /// A condition that succeeds when all of `events` have succeeded, and
    /// fails as soon as one fails (SimPy's `AllOf`).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let all = env.all_of([env.timeout(1.0), env.timeout(2.0)]);
    /// env.run_until(&all).unwrap();
    /// assert_eq!(env.now(), 2.0);
    /// ```
    pub fn all_of(&self, events: impl IntoIterator<Item = Event>) -> Event {
        condition::condition(&self.core, events.into_iter().collect(), true)
    }

    /// A condition that succeeds when any of `events` has succeeded (SimPy's
    /// `AnyOf`).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let any = env.any_of([env.timeout(1.0), env.timeout(2.0)]);
    /// env.run_until(&any).unwrap();
    /// assert_eq!(env.now(), 1.0);
    /// ```
    pub fn any_of(&self, events: impl IntoIterator<Item = Event>) -> Event {
        condition::condition(&self.core, events.into_iter().collect(), false)
    }

    /// Kernel counters.
    ///
    /// ```
    /// assert_eq!(gensend_sim::Env::new().stats().scheduled, 0);
    /// ```
    pub fn stats(&self) -> Stats {
        Stats {
            scheduled: self.core.scheduled.get(),
            processed: self.core.processed.get(),
            pending: self.core.queue().len() as u64,
            live_processes: self.core.live_count() as u64,
        }
    }
}
