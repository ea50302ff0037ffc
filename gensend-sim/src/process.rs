//! [`Process`]: a gensend generator driven by the environment (SimPy's
//! `Process`), and the trampoline step that resumes it.
//!
//! A process body is a `LocalGen` that yields the [`Event`] it waits for. When
//! the event is processed the kernel resumes the generator with `send(value)`
//! if it succeeded, or `throw(failure)` if it failed (SimPy's `_resume`); an
//! [`Interrupt`] is thrown the same way. Sub-processes are plain
//! `co.yield_from(sub)`: gensend resumes the innermost generator directly, so
//! a call costs no process, no event and O(1) per resume at any depth. The
//! process is itself an event: it succeeds with the body's return value or
//! fails with its error.
//!
//! The body may hold `Rc`s and `RefCell` borrows across yields (it is a
//! `LocalGen`): a simulation lives on one thread; independent replications
//! run on as many threads as there are cores (see `replications`).

use std::cell::Cell;
use std::fmt;
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use gensend::{Gen, LocalGen, Step};

use crate::env::{NORMAL, URGENT};
use crate::error::{Interrupt, SimError};
use crate::events::{Callback, Event, EventCell, EventKind, EventRef, Ext, Outcome, Phase, describe};
use crate::kernel::{EnvCore, entry, priority_bits};
use crate::queue::Entry;
use crate::value::{Failure, ModelError, Value};

/// What a process body's `co` is: it yields [`Event`]s, is sent their
/// [`Value`]s and thrown their [`Failure`]s.
///
/// ```
/// use gensend_sim::{Co, Env, Event, Value};
/// async fn wait_for(co: &Co, event: Event) -> Value {
///     co.yield_(event).await
/// }
/// let env = Env::new();
/// let e = env.clone();
/// let p = env.process(gensend_sim::proc(move |co| async move { wait_for(&co, e.timeout_value(1.0, 3)).await }));
/// assert_eq!(env.run_until(&p).unwrap().get::<i32>(), Some(&3));
/// ```
pub type Co = gensend::Co<'static, Event, Value, Failure>;

/// What a process returns: its event's outcome.
///
/// ```
/// let ok: gensend_sim::ProcessResult = Ok(gensend_sim::Value::from(1));
/// assert!(ok.is_ok());
/// ```
pub type ProcessResult = Result<Value, Failure>;

/// A process generator (`R` = [`ProcessResult`]), or a sub-generator to
/// delegate to with `co.yield_from` (any `R`).
///
/// ```
/// use gensend_sim::{ProcessGen, proc, sub};
/// let _process: ProcessGen = proc(|_co| async {});
/// let _sub: ProcessGen<u32> = sub(|_co| async { 7 });
/// ```
pub type ProcessGen<R = ProcessResult> = LocalGen<'static, Event, Value, R, Failure>;

/// What a process body may return: `()`, a [`Value`], a number, a string, or a
/// `Result` of a value with any error (an `Err` fails the process); wrap
/// anything else in [`Value::new`]. A body that never returns (`loop`) is
/// accepted too ([`Never`]).
///
/// ```
/// use gensend_sim::{ModelError, ProcessReturn};
/// assert!(().into_result().unwrap().is_none());
/// assert_eq!(5.into_result().unwrap().get::<i32>(), Some(&5));
/// let failed: Result<(), ModelError> = Err(ModelError::new("ValueError", "x"));
/// assert!(failed.into_result().is_err());
/// ```
pub trait ProcessReturn {
    /// The process's outcome.
    fn into_result(self) -> ProcessResult;
}

macro_rules! process_return {
    ($($t:ty),*) => {$(
        impl ProcessReturn for $t {
            fn into_result(self) -> ProcessResult {
                Ok(self.into())
            }
        }
    )*};
}
process_return!((), Value, bool, i32, i64, u32, u64, usize, f64, &'static str, String);

/// Names the never type `!` on stable Rust (`fn() -> !` is a stable type), so
/// that a body that never returns (`loop { .. }`, the usual SimPy process)
/// is accepted: edition 2024 infers its output as `!`.
///
/// ```
/// use gensend_sim::process::FnOutput;
/// let _: <fn() -> u8 as FnOutput>::Output = 5u8;
/// ```
pub trait FnOutput {
    /// The function's output type.
    type Output;
}

impl<T> FnOutput for fn() -> T {
    type Output = T;
}

/// The never type, `!`: the output of a process body that loops forever.
///
/// ```
/// use gensend_sim::{Env, proc};
/// let env = Env::new();
/// let e = env.clone();
/// env.process(proc(move |co| async move {
///     loop {
///         co.yield_(e.timeout(1.0)).await; // the body's output type is `Never`
///     }
/// }));
/// env.run_until(3).unwrap();
/// ```
pub type Never = <fn() -> ! as FnOutput>::Output;

impl ProcessReturn for Never {
    fn into_result(self) -> ProcessResult {
        self
    }
}

impl<T: Into<Value>, E: Into<Failure>> ProcessReturn for Result<T, E> {
    fn into_result(self) -> ProcessResult {
        self.map(Into::into).map_err(Into::into)
    }
}

/// Makes a process generator from a body (SimPy's generator function call):
/// `body` gets the [`Co`] to yield events with, and may return anything
/// [`ProcessReturn`] accepts.
///
/// ```
/// use gensend_sim::{Env, proc};
///
/// let env = Env::new();
/// let e = env.clone();
/// let p = env.process(proc(move |co| async move {
///     let v = co.yield_(e.timeout_value(1.0, 20)).await;
///     v.get::<i32>().copied().unwrap_or(0) + 1
/// }));
/// assert_eq!(env.run_until(&p).unwrap().get::<i32>(), Some(&21));
/// ```
pub fn proc<F, B>(body: F) -> ProcessGen
where
    F: FnOnce(Co) -> B,
    B: Future + 'static,
    B::Output: ProcessReturn,
{
    Gen::throwable_local(move |co| IntoResult { body: body(co) })
}

pin_project_lite::pin_project! {
    /// A process body whose output becomes its [`ProcessResult`]. A struct
    /// rather than `async move { body.await.into_result() }`, which would keep
    /// the body's future twice in the generator (as the block's capture and
    /// as what it awaits): every suspended process would pay for it.
    struct IntoResult<B> {
        #[pin]
        body: B,
    }
}

impl<B> Future for IntoResult<B>
where
    B: Future,
    B::Output: ProcessReturn,
{
    type Output = ProcessResult;

    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<ProcessResult> {
        self.project().body.poll(cx).map(ProcessReturn::into_result)
    }
}

/// Makes a sub-generator returning `R`, to delegate to with
/// `co.yield_from(sub(..))` (a SimPy process calling a generator function
/// with `yield from`).
///
/// ```
/// use gensend_sim::{Env, proc, sub, ProcessGen};
///
/// fn wait_twice(env: Env, d: f64) -> ProcessGen<f64> {
///     sub(move |co| async move {
///         co.yield_(env.timeout(d)).await;
///         co.yield_(env.timeout(d)).await;
///         env.now()
///     })
/// }
/// let env = Env::new();
/// let e = env.clone();
/// let p = env.process(proc(move |co| async move { co.yield_from(wait_twice(e, 2.0)).await }));
/// assert_eq!(env.run_until(&p).unwrap().get::<f64>(), Some(&4.0));
/// ```
pub fn sub<R, F, B>(body: F) -> ProcessGen<R>
where
    F: FnOnce(Co) -> B,
    B: Future<Output = R> + 'static,
    R: 'static,
{
    Gen::throwable_local(body)
}

/// SimPy's `try: value = yield event / except ...:` for a process body: waits
/// for an event and evaluates to `Ok(value)`, or `Err(failure)` if the event
/// failed or the process was interrupted. Closing the process (kill, or the
/// simulation ending) unwinds the body as usual.
///
/// ```
/// use gensend_sim::{Env, Wait, proc};
///
/// let env = Env::new();
/// let e = env.clone();
/// let sleeper = env.process(proc(move |co| async move {
///     match co.wait(e.timeout(10.0)).await {
///         Ok(_) => "slept",
///         Err(failure) if failure.interrupt().is_some() => "interrupted",
///         Err(_) => "failed",
///     }
/// }));
/// let e = env.clone();
/// let s = sleeper.clone();
/// env.process(proc(move |co| async move {
///     co.yield_(e.timeout(1.0)).await;
///     s.interrupt("wake up").unwrap();
/// }));
/// assert_eq!(env.run_until(&sleeper).unwrap().get::<&str>(), Some(&"interrupted"));
/// ```
pub trait Wait {
    /// Waits for `event`; see the trait.
    fn wait(&self, event: impl Into<Event>) -> impl Future<Output = Result<Value, Failure>>;
}

impl Wait for Co {
    fn wait(&self, event: impl Into<Event>) -> impl Future<Output = Result<Value, Failure>> {
        let event = event.into();
        async move {
            match self.try_yield(event).await {
                Ok(value) => Ok(value),
                Err(gensend::Interrupt::Throw(failure)) => Err(failure),
                Err(exit @ gensend::Interrupt::Exit) => self.reraise(exit).await,
            }
        }
    }
}

/// What a process adds to its event.
pub(crate) struct ProcCell {
    pub(crate) generator: Cell<Option<ProcessGen>>,
    /// The event it waits on (SimPy's `target`), whose callbacks resume it.
    target: Cell<Option<EventRef>>,
    /// Or the key of the queue entry that wakes it (0 if none): it waits on
    /// its `Initialize` (an URGENT key) or on a `Timeout` that only it can see
    /// (it yielded the only handle), for which no event object is kept. See
    /// [`Process::target`] for when one is asked for.
    wake: Cell<u64>,
    /// That timeout's delay (for its description, should it be asked for).
    delay: Cell<f64>,
    /// Its name, by its index in the environment's names (4 bytes, not 16).
    name: u32,
    /// Its slot among the live processes.
    live_index: Cell<u32>,
}

impl ProcCell {
    pub(crate) fn name(&self, env: &EnvCore) -> &'static str {
        env.name(self.name)
    }

    /// Whether the process is running (its generator is out of the cell,
    /// see `run`), given that it is alive.
    fn running(&self) -> bool {
        let generator = self.generator.take();
        let running = generator.is_none();
        self.generator.set(generator);
        running
    }
}

fn cell(process: &EventRef) -> &ProcCell {
    match &process.ext {
        Ext::Process(cell) => cell,
        _ => unreachable!("gensend-sim: not a process"),
    }
}

/// Creates a process and schedules its initialisation.
#[inline]
/// `name` is an index in the environment's names (0: "process").
pub(crate) fn start(env: &Rc<EnvCore>, generator: ProcessGen, name: u32) -> Process {
    let key = env.next_key(URGENT);
    let cell = ProcCell {
        generator: Cell::new(Some(generator)),
        target: Cell::new(None),
        wake: Cell::new(key),
        delay: Cell::new(0.0),
        name,
        live_index: Cell::new(u32::MAX),
    };
    let process = EventCell::new(env, EventKind::Process, Outcome::Pending, Ext::Process(cell));
    env.push(Entry { time: env.now.get(), key: key | entry::WAKE, event: process.clone() });
    self::cell(&process).live_index.set(env.add_live(process.clone()));
    Process(Event(process))
}

/// What a resume delivers to the generator.
enum Input {
    Start,
    Send(Value),
    Throw(Failure),
}

impl Input {
    /// What processing `event` delivers to a process waiting on it.
    #[inline(always)]
    fn of(event: &EventRef) -> Input {
        match &*event.outcome.borrow() {
            Outcome::Ok(_) if event.kind == EventKind::Initialize => Input::Start,
            Outcome::Ok(value) => Input::Send(value.clone()),
            Outcome::Err(failure) => {
                event.defused.set(true);
                Input::Throw(failure.clone())
            }
            Outcome::Pending => Input::Send(Value::NONE),
        }
    }
}

/// Marks a private wait's key once its entry has woken the process (keys
/// have their low bits clear, see `entry`).
const FIRED: u64 = 1;

/// Marks a private wait an interrupt has taken the process away from: its
/// entry no longer wakes the process, but it stays the process's target
/// while the process handles the interrupt (SimPy keeps `_target` until the
/// next yield).
const DETACHED: u64 = 2;

/// Processes a wake-up entry (`key`): resumes `process` if it still waits on
/// it (an interrupt may have taken it away meanwhile).
#[inline(always)]
pub(crate) fn wake(process: &EventRef, key: u64) {
    let cell = cell(process);
    if cell.wake.get() != key {
        return;
    }
    // Kept, marked as fired, for `target` while the process runs.
    cell.wake.set(key | FIRED);
    let input = if key >> 56 == priority_bits(URGENT) { Input::Start } else { Input::Send(Value::NONE) };
    run(process, cell, input);
}

/// Resumes `process` with the outcome of `event` (SimPy's `Process._resume`).
#[inline]
pub(crate) fn resume(process: &EventRef, event: &EventRef) {
    run(process, cell(process), Input::of(event));
}

/// Resumes `process` with `input`, going on at once with every yielded event
/// that has already been processed (SimPy does), until it waits or ends.
#[inline(always)]
fn run(process: &EventRef, cell: &ProcCell, input: Input) {
    // The generator is taken out while it runs (a `Cell` is a word smaller
    // than a `RefCell` and needs no borrow flag); a dead or running process
    // has none to resume.
    let Some(mut generator) = cell.generator.take() else { return };
    let env = &*process.env;
    let _active = Active { env, previous: env.active.replace(Some(process.clone())) };
    let mut resumed = resume_once(&mut generator, input);
    loop {
        match resumed {
            Ok(next) if next.phase.get() == Phase::Processed => {
                resumed = resume_once(&mut generator, Input::of(&next));
            }
            Ok(next) => {
                wait_on(process, cell, next);
                cell.generator.set(Some(generator));
                return;
            }
            Err(outcome) => {
                end(process, outcome);
                drop(generator);
                return;
            }
        }
    }
}

/// Runs one resume of a generator: the event it waits on next, or how it
/// ended. A panic in the body ends the process with a [`Panicked`] failure
/// instead of unwinding through the kernel (which would lose the rest of the
/// event's callbacks); gensend closes a generator whose body panics.
#[inline(always)]
fn resume_once(generator: &mut ProcessGen, input: Input) -> Result<EventRef, Outcome> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match input {
        // Another process's `Initialize` (from `Process::target`) may be
        // yielded: it sends `None` to a started generator, as in SimPy.
        Input::Start if generator.state() != gensend::State::Created => {
            generator.send(Value::NONE).map_err(|error| unexpected(&error))
        }
        Input::Start => generator.start().map_err(|error| unexpected(&error)),
        Input::Send(value) => generator.send(value).map_err(|error| unexpected(&error)),
        Input::Throw(failure) => generator.throw(failure),
    }));
    match result {
        Ok(Ok(Step::Yielded(next))) => Ok(next.0),
        Ok(Ok(Step::Complete(Ok(value)))) => Err(Outcome::Ok(value)),
        Ok(Ok(Step::Complete(Err(failure))) | Err(failure)) => Err(Outcome::Err(failure)),
        Err(payload) => Err(panicked(payload)),
    }
}

#[cold]
fn panicked(payload: Box<dyn std::any::Any + Send>) -> Outcome {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a process panicked".to_string());
    Outcome::Err(Failure::new(Panicked { message }))
}

/// Makes `process` wait on `event`. A timeout just made whose only handle the
/// process yielded cannot be seen by anyone else: the process is woken by a
/// queue entry in its place and the event is reused at once.
#[inline(always)]
fn wait_on(process: &EventRef, cell: &ProcCell, event: EventRef) {
    let env = &process.env;
    // The two handles are the yielded one and the pending entry's.
    if Rc::strong_count(&event) == 2
        && let Some(pending) = env.take_pending(&event)
    {
        if let Ext::Timeout(delay) = event.ext
            && event.callbacks.borrow().first.is_none()
            && matches!(&*event.outcome.borrow(), Outcome::Ok(value) if value.is_none())
        {
            env.push(Entry { time: pending.time, key: pending.key | entry::WAKE, event: process.clone() });
            cell.wake.set(pending.key);
            cell.delay.set(delay);
            drop(cell.target.take());
            drop(pending);
            env.recycle(event);
            return;
        }
        env.push(Entry { time: pending.time, key: pending.key, event: pending.event });
    }
    event.callbacks.borrow_mut().push(Callback::Resume(process.clone()));
    cell.wake.set(0);
    cell.target.set(Some(event));
}

/// Restores the active process when a resume ends, even by a panic.
struct Active<'a> {
    env: &'a EnvCore,
    previous: Option<EventRef>,
}

impl Drop for Active<'_> {
    fn drop(&mut self) {
        self.env.active.set(self.previous.take());
    }
}

/// The failure of a process whose body panicked: the panic's message. The
/// panic itself has been reported by the panic hook (on stderr by default).
///
/// ```
/// use gensend_sim::{Env, Panicked, proc};
/// let env = Env::new();
/// let p = env.process(proc(|_co| async {
///     if true {
///         panic!("model bug");
///     }
/// }));
/// let err = env.run().unwrap_err();
/// assert_eq!(err.failure().unwrap().downcast_ref::<Panicked>().unwrap().message, "model bug");
/// assert!(!p.is_alive());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panicked {
    /// The panic message.
    pub message: String,
}

impl fmt::Display for Panicked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "process panicked: {}", self.message)
    }
}

impl std::error::Error for Panicked {}

fn unexpected(error: &dyn fmt::Display) -> Failure {
    Failure::new(ModelError::new("RuntimeError", error.to_string()))
}

/// The process has ended with `outcome`: its event is triggered.
#[inline]
fn end(process: &EventRef, outcome: Outcome) {
    let cell = cell(process);
    drop(cell.target.take());
    cell.wake.set(0);
    process.env.remove_live(cell.live_index.get());
    *process.outcome.borrow_mut() = outcome;
    process.phase.set(Phase::Triggered);
    process.env.schedule(process.clone(), NORMAL, 0.0);
}

/// Stops waiting on the target (SimPy removes `_resume` from its callbacks).
fn detach(process: &EventRef) {
    let cell = cell(process);
    // A private target's wake-up entry finds the process no longer waiting.
    cell.wake.set(0);
    if let Some(target) = cell.target.take() {
        stop_resuming(process, &target);
    }
}

/// Removes `process`'s resume callback from `target` (SimPy's
/// `target.callbacks.remove(process._resume)`).
fn stop_resuming(process: &EventRef, target: &EventRef) {
    target
        .callbacks
        .borrow_mut()
        .remove_first(|callback| matches!(callback, Callback::Resume(p) if Rc::ptr_eq(p, process)));
}

/// Processes an `Interruption`: throws its `Interrupt` into the process
/// unless the process has ended meanwhile.
///
/// `Err(ProcessRunning)` if the process is running: its own body called
/// `step` or `run`, which reached the interruption (SimPy fails there too,
/// with an error from inside its kernel).
pub(crate) fn deliver_interrupt(process: &EventRef, interruption: &EventRef) -> Result<(), SimError> {
    if process.phase.get() != Phase::Pending {
        return Ok(());
    }
    let cell = cell(process);
    if cell.running() {
        return Err(SimError::ProcessRunning(describe(process)));
    }
    // SimPy removes `_resume` from the target's callbacks but keeps the
    // target until the process yields again.
    let key = cell.wake.get();
    if key != 0 {
        cell.wake.set(key | DETACHED);
    }
    if let Some(target) = cell.target.take() {
        stop_resuming(process, &target);
        cell.target.set(Some(target));
    }
    resume(process, interruption);
    Ok(())
}

/// Closes a live process without triggering its event (tearing down).
pub(crate) fn kill_quietly(process: &EventRef) {
    let cell = cell(process);
    detach(process);
    let generator = cell.generator.take();
    drop(generator);
}

/// A process: a generator of events, run by the environment; also an event,
/// which succeeds with the body's return value or fails with its error
/// (SimPy's `Process`).
///
/// `Process` dereferences to its [`Event`]; [`event`](Process::event) gives an
/// owned one to yield.
///
/// ```
/// use gensend_sim::{Env, Value, proc};
///
/// let env = Env::new();
/// let e = env.clone();
/// let child = env.process(proc(move |co| async move {
///     co.yield_(e.timeout(2.0)).await;
///     "child done"
/// }));
/// let c = child.clone();
/// let parent = env.process(proc(move |co| async move {
///     let value = co.yield_(c.event()).await; // wait for the child
///     Value::new(value.get::<&str>().copied())
/// }));
/// env.run().unwrap();
/// assert!(!child.is_alive());
/// assert_eq!(parent.value().unwrap().get::<Option<&str>>(), Some(&Some("child done")));
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Process(pub(crate) Event);

impl Deref for Process {
    type Target = Event;
    fn deref(&self) -> &Event {
        &self.0
    }
}

impl From<&Process> for Event {
    fn from(process: &Process) -> Event {
        process.0.clone()
    }
}

impl From<Process> for Event {
    fn from(process: Process) -> Event {
        process.0
    }
}

impl fmt::Debug for Process {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Process {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Process {
    /// The process as an event, to yield or to combine.
    ///
    /// ```
    /// use gensend_sim::{Env, proc};
    /// let env = Env::new();
    /// let p = env.process(proc(|_co| async {}));
    /// assert!(p.event().same(&p));
    /// ```
    pub fn event(&self) -> Event {
        self.0.clone()
    }

    /// `true` until the body has returned or failed.
    ///
    /// ```
    /// use gensend_sim::{Env, proc};
    /// let env = Env::new();
    /// let p = env.process(proc(|_co| async {}));
    /// env.run().unwrap();
    /// assert!(!p.is_alive());
    /// ```
    pub fn is_alive(&self) -> bool {
        !self.0.triggered()
    }

    /// The name given to [`Env::process_named`](crate::Env::process_named)
    /// (`"process"` by default).
    ///
    /// ```
    /// use gensend_sim::{Env, proc};
    /// let env = Env::new();
    /// assert_eq!(env.process_named("clock", proc(|_co| async {})).name(), "clock");
    /// ```
    pub fn name(&self) -> &'static str {
        cell(&self.0.0).name(&self.0.0.env)
    }

    /// The event the process waits for (`None` once it has ended).
    ///
    /// ```
    /// use gensend_sim::{Env, EventKind, proc};
    /// let env = Env::new();
    /// let e = env.clone();
    /// let p = env.process(proc(move |co| async move { co.yield_(e.timeout(5.0)).await; }));
    /// assert_eq!(p.target().unwrap().kind(), EventKind::Initialize);
    /// env.step().unwrap();
    /// assert_eq!(p.target().unwrap().kind(), EventKind::Timeout);
    /// ```
    pub fn target(&self) -> Option<Event> {
        let process = &self.0.0;
        let cell = cell(process);
        if let Some(event) = cell.target.take() {
            cell.target.set(Some(event.clone()));
            return Some(Event(event));
        }
        let key = cell.wake.replace(0);
        if key == 0 {
            return None;
        }
        // A private target is asked for: it becomes an event. If it has not
        // fired, the event takes the place of its wake-up entry in the queue
        // (a linear search: rare); if it has (the process is running), it is
        // the processed event that resumed the process, as in SimPy.
        let (kind, ext) = if key >> 56 == priority_bits(URGENT) {
            (EventKind::Initialize, Ext::None)
        } else {
            (EventKind::Timeout, Ext::Timeout(cell.delay.get()))
        };
        let event = EventCell::new(&process.env, kind, Outcome::Ok(Value::NONE), ext);
        if key & FIRED == FIRED {
            event.phase.set(Phase::Processed);
        } else if key & DETACHED == DETACHED {
            // Still scheduled (its entry now processes the event), but it no
            // longer resumes the process.
            process.env.replace_wake(key & !DETACHED, event.clone());
        } else {
            event.callbacks.borrow_mut().push(Callback::Resume(process.clone()));
            process.env.replace_wake(key, event.clone());
        }
        cell.target.set(Some(event.clone()));
        Some(Event(event))
    }

    /// Throws an [`Interrupt`] with `cause` into the process, at once in
    /// simulated time (an [`URGENT`] `Interruption` event). The event it
    /// waited for stays scheduled, as in SimPy.
    ///
    /// `Err(DeadProcess)` if the process has ended; `Err(SelfInterrupt)` if a
    /// process interrupts itself.
    ///
    /// ```
    /// use gensend_sim::{Env, Value, Wait, proc};
    /// let env = Env::new();
    /// let e = env.clone();
    /// let p = env.process(proc(move |co| async move {
    ///     let failure = co.wait(e.timeout(10.0)).await.unwrap_err();
    ///     let cause = failure.interrupt().unwrap().cause().get::<&str>().copied();
    ///     Value::new((cause, e.now()))
    /// }));
    /// env.step().unwrap(); // start it
    /// p.interrupt("hey").unwrap();
    /// let value = env.run_until(&p).unwrap();
    /// assert_eq!(value.get::<(Option<&str>, f64)>(), Some(&(Some("hey"), 0.0)));
    /// ```
    pub fn interrupt(&self, cause: impl Into<Value>) -> Result<(), SimError> {
        let process = &self.0.0;
        if process.phase.get() != Phase::Pending {
            return Err(SimError::DeadProcess(describe(process)));
        }
        if process.env.is_active(process) {
            return Err(SimError::SelfInterrupt);
        }
        let failure = Failure::new(Interrupt::new(cause.into()));
        let interruption = EventCell::new(
            &process.env,
            EventKind::Interruption,
            Outcome::Err(failure),
            Ext::Interruption(process.clone()),
        );
        interruption.defused.set(true);
        process.env.schedule(interruption, URGENT, 0.0);
        Ok(())
    }

    /// Kills the process: closes its generator at once (through its whole
    /// delegation stack; its `Drop` guards run, releasing what it holds), and
    /// the process event succeeds with what the body returned if it caught the
    /// exit, else with `None`. SimPy has no counterpart (a Python generator's
    /// `close()`). `Err(DeadProcess)` if it has ended, `Err(SelfInterrupt)` if
    /// a process kills itself, `Err(ProcessRunning)` if it is running (a
    /// process it started by calling `step` kills it). Once the owning
    /// [`Env`](crate::Env) has been dropped (which closed the process without
    /// ending it), `kill` ends it.
    ///
    /// ```
    /// use gensend_sim::{Env, proc};
    /// let env = Env::new();
    /// let e = env.clone();
    /// let p = env.process(proc(move |co| async move { co.yield_(e.timeout(10.0)).await; }));
    /// env.step().unwrap();
    /// p.kill().unwrap();
    /// env.run().unwrap();
    /// assert!(!p.is_alive());
    /// assert_eq!(env.now(), 10.0); // the abandoned timeout stays scheduled
    /// ```
    pub fn kill(&self) -> Result<(), SimError> {
        let process = &self.0.0;
        if process.phase.get() != Phase::Pending {
            return Err(SimError::DeadProcess(describe(process)));
        }
        if process.env.is_active(process) {
            return Err(SimError::SelfInterrupt);
        }
        // (Once the owner has closed it, it has no generator either: it is
        // only ended.)
        if cell(process).running() && !process.env.closing.get() {
            return Err(SimError::ProcessRunning(describe(process)));
        }
        detach(process);
        let generator = cell(process).generator.take();
        let outcome = match generator {
            Some(mut generator) => match generator.close() {
                Ok(Some(result)) => match result {
                    Ok(value) => Outcome::Ok(value),
                    Err(failure) => Outcome::Err(failure),
                },
                Ok(None) => Outcome::Ok(Value::NONE),
                Err(ignored) => Outcome::Err(unexpected(&ignored)),
            },
            None => Outcome::Ok(Value::NONE),
        };
        end(process, outcome);
        Ok(())
    }
}
