//! The kernel behind [`Env`](crate::Env): the state every handle and event
//! shares (`EnvCore`: the clock, the event queue, the live processes, the
//! pool of cleared events) and the step that processes one event.
//!
//! Apart from `env.rs` because the two are read for different reasons:
//! `env.rs` is the public API a model calls, documented for SimPy users;
//! this is how an event is scheduled, processed and recycled, and how the
//! owner's teardown breaks the reference cycles a simulation makes (see
//! [`Sever`]).

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use crate::condition;
use crate::env::{NORMAL, Stats};
use crate::error::SimError;
use crate::events::{Callback, Callbacks, Event, EventCell, EventRef, Ext, Outcome, Phase};
use crate::process;
use crate::queue::{Entry, Queue};
use crate::trace::{self, Tracer};
use crate::value::Value;

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
/// 0, `-1` (a `run(until)` stop) 127, [`URGENT`](crate::URGENT) 128 (`priority + 1` wrapped
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
    /// A new simulation's state at `initial_time`.
    pub(crate) fn new(initial_time: f64) -> EnvCore {
        EnvCore {
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
        }
    }

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
    pub(crate) fn sever_at_teardown<T: Sever + 'static>(&self, item: &Rc<T>) {
        let mut severable = self.severable.borrow_mut();
        if severable.len() == severable.capacity() {
            severable.retain(|item| item.strong_count() > 0);
        }
        severable.push(Rc::downgrade(item) as Weak<dyn Sever>);
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

    /// The counters of [`Env::stats`](crate::Env::stats).
    pub(crate) fn stats(&self) -> Stats {
        let live = self.live.borrow();
        Stats {
            scheduled: self.scheduled.get(),
            processed: self.processed.get(),
            pending: self.queue().len() as u64,
            live_processes: (live.slots.len() - live.free.len()) as u64,
        }
    }

    /// Processes the next event. `Ok(Some(v))`: a `run(until)` stop with `v`.
    #[inline(always)]
    pub(crate) fn step(&self, honour_stop: bool) -> Result<Option<Value>, SimError> {
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
    pub(crate) fn teardown(&self) {
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
