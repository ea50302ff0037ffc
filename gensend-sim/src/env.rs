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

use std::rc::Rc;

use crate::condition;
use crate::error::SimError;
use crate::events::{Callback, Event, EventCell, EventKind, Ext, Outcome, describe};
use crate::kernel::EnvCore;
use crate::process::{self, Process, ProcessGen};
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
        let core = EnvCore::new(initial_time);
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
        self.core.stats()
    }
}
