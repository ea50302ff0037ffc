//! The errors: [`SimError`] for misuse of the kernel and for a simulation that
//! crashed, [`Interrupt`] (SimPy's exception thrown into an interrupted
//! process).
//!
//! SimPy raises `ValueError`/`RuntimeError` with particular messages; each
//! variant here is one of those raises, with the same message, so a ported model
//! fails where and how SimPy's does.

use std::error::Error;
use std::fmt;

use crate::value::{Failure, Value};

/// What went wrong in a kernel call.
///
/// ```
/// use gensend_sim::{Env, SimError};
///
/// let env = Env::new();
/// assert_eq!(env.step().unwrap_err(), SimError::EmptySchedule);
/// let err = env.try_timeout(-1.0).unwrap_err();
/// assert_eq!(err.to_string(), "Negative delay -1");
/// ```
#[derive(Clone, Debug)]
pub enum SimError {
    /// `step()` with nothing scheduled (SimPy's `EmptySchedule`).
    EmptySchedule,
    /// A delay that is negative or not a number (`ValueError`).
    NegativeDelay(f64),
    /// `run(until)` with a time not after `now` (`ValueError`).
    UntilNotInFuture {
        /// The `until` given.
        until: f64,
    },
    /// `run(until=event)` ran out of events before `event` was triggered
    /// (`RuntimeError`); holds the event's description.
    UntilNotTriggered(String),
    /// `succeed`/`fail` on a triggered event (`RuntimeError`); holds the
    /// event's description.
    AlreadyTriggered(String),
    /// `interrupt` of a process that has ended (`RuntimeError`); holds the
    /// process's description.
    DeadProcess(String),
    /// A process interrupting itself (`RuntimeError`).
    SelfInterrupt,
    /// An interrupt reached a process while it was running: its own body
    /// called [`step`](crate::Env::step) or [`run`](crate::Env::run), which
    /// processed the interruption (`RuntimeError`; SimPy fails there too, with
    /// an error from inside its kernel). Holds the process's description.
    ProcessRunning(String),
    /// `subscribe_at` an event that has already been processed
    /// (`RuntimeError`); holds the event's description.
    AlreadyTerminated(String),
    /// `subscribe_at` outside a process (SimPy asserts).
    NoActiveProcess,
    /// A capacity, amount or initial level out of range (`ValueError`); holds
    /// SimPy's message.
    InvalidArgument(String),
    /// A failed event that nobody defused was processed: the simulation
    /// crashed with this error (SimPy re-raises the exception from `step`).
    Failed(Failure),
    /// The real-time environment fell behind the wall clock in strict mode
    /// (`RuntimeError`); holds how far behind, in seconds.
    TooSlow(f64),
}

impl PartialEq for SimError {
    fn eq(&self, other: &SimError) -> bool {
        match (self, other) {
            (SimError::Failed(a), SimError::Failed(b)) => a.same(b),
            (a, b) => {
                a.to_string() == b.to_string() && std::mem::discriminant(a) == std::mem::discriminant(b)
            }
        }
    }
}

impl SimError {
    /// The Python exception class SimPy raises for this error.
    ///
    /// ```
    /// assert_eq!(gensend_sim::SimError::SelfInterrupt.python_exception(), "RuntimeError");
    /// ```
    pub fn python_exception(&self) -> &'static str {
        match self {
            SimError::EmptySchedule => "EmptySchedule",
            SimError::NegativeDelay(_) | SimError::UntilNotInFuture { .. } | SimError::InvalidArgument(_) => {
                "ValueError"
            }
            SimError::Failed(_) => "Exception",
            _ => "RuntimeError",
        }
    }

    /// The failure of a crashed simulation, if that is what this is.
    ///
    /// ```
    /// use gensend_sim::{Env, ModelError};
    /// let env = Env::new();
    /// env.event().fail(ModelError::new("ValueError", "boom")).unwrap();
    /// let err = env.run().unwrap_err();
    /// assert_eq!(err.failure().unwrap().to_string(), "boom");
    /// ```
    pub fn failure(&self) -> Option<&Failure> {
        match self {
            SimError::Failed(failure) => Some(failure),
            _ => None,
        }
    }
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::EmptySchedule => f.write_str("No further events are scheduled"),
            SimError::NegativeDelay(delay) => write!(f, "Negative delay {}", crate::fmt::py_number(*delay)),
            SimError::UntilNotInFuture { until } => {
                write!(
                    f,
                    "until ({}) must be greater than the current simulation time",
                    crate::fmt::py_number(*until)
                )
            }
            SimError::UntilNotTriggered(event) => {
                write!(f, "No scheduled events left but \"until\" event was not triggered: {event}")
            }
            SimError::AlreadyTriggered(event) => write!(f, "{event} has already been triggered"),
            SimError::DeadProcess(process) => {
                write!(f, "{process} has terminated and cannot be interrupted.")
            }
            SimError::SelfInterrupt => f.write_str("A process is not allowed to interrupt itself."),
            SimError::ProcessRunning(process) => write!(
                f,
                "{process} is running and cannot be interrupted: its own body called step() or run()"
            ),
            SimError::AlreadyTerminated(event) => write!(f, "{event} has already terminated."),
            SimError::NoActiveProcess => f.write_str("no active process"),
            SimError::InvalidArgument(message) => f.write_str(message),
            SimError::Failed(failure) => fmt::Display::fmt(failure, f),
            SimError::TooSlow(behind) => write!(f, "Simulation too slow for real time ({behind:.3}s).",),
        }
    }
}

impl Error for SimError {}

/// `succeed` or `fail` on an event that already has an outcome (SimPy's
/// `RuntimeError: <Event() object at 0x...> has already been triggered`):
/// hands the value or error back, untouched.
///
/// ```
/// use gensend_sim::{AlreadyTriggered, Env};
/// let env = Env::new();
/// let ev = env.event();
/// ev.succeed(1).unwrap();
/// let err: AlreadyTriggered<gensend_sim::Value> = ev.succeed(2).unwrap_err();
/// assert!(err.to_string().ends_with("has already been triggered"));
/// assert_eq!(err.into_inner().get::<i32>(), Some(&2));
/// ```
#[derive(Clone, Debug)]
pub struct AlreadyTriggered<T> {
    /// The event's description.
    pub event: String,
    /// What was given to `succeed`/`fail`.
    pub value: T,
}

impl<T> AlreadyTriggered<T> {
    /// The value or error given back.
    ///
    /// ```
    /// let err = gensend_sim::AlreadyTriggered { event: String::new(), value: 3 };
    /// assert_eq!(err.into_inner(), 3);
    /// ```
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> fmt::Display for AlreadyTriggered<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} has already been triggered", self.event)
    }
}

impl<T: fmt::Debug> Error for AlreadyTriggered<T> {}

impl<T> From<AlreadyTriggered<T>> for SimError {
    fn from(error: AlreadyTriggered<T>) -> SimError {
        SimError::AlreadyTriggered(error.event)
    }
}

/// SimPy's `Interrupt`: thrown into a process by
/// [`Process::interrupt`](crate::Process::interrupt), with a typed-erased
/// cause.
///
/// ```
/// use gensend_sim::{Interrupt, Value};
/// let i = Interrupt::new(Value::from("spam"));
/// assert_eq!(i.to_string(), "Interrupt(\"spam\")");
/// assert_eq!(i.cause().get::<&str>(), Some(&"spam"));
/// ```
#[derive(Clone, Debug)]
pub struct Interrupt {
    cause: Value,
}

impl Interrupt {
    /// An interrupt with `cause`.
    ///
    /// ```
    /// assert!(gensend_sim::Interrupt::new(gensend_sim::Value::NONE).cause().is_none());
    /// ```
    pub fn new(cause: Value) -> Interrupt {
        Interrupt { cause }
    }

    /// The cause given to `interrupt` (`None` if none).
    ///
    /// ```
    /// let i = gensend_sim::Interrupt::new(5.into());
    /// assert_eq!(i.cause().get::<i32>(), Some(&5));
    /// ```
    pub fn cause(&self) -> &Value {
        &self.cause
    }
}

impl fmt::Display for Interrupt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Interrupt({:?})", self.cause)
    }
}

impl Error for Interrupt {}
