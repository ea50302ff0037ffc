//! SimPy's discrete-event simulation on gensend generators.
//!
//! A process is a gensend generator that yields the [`Event`] it waits for;
//! the environment ([`Env`]) sends the event's value back when the event is
//! processed, throws its failure (or an [`Interrupt`]) in when it fails, and
//! the process is itself an event whose value is its return value. Events are
//! processed in SimPy's order, `(time, priority, insertion id)`, so a model
//! ported line by line from SimPy 4.1 produces identical numbers.
//!
//! ```
//! use gensend_sim::{Env, Resource, proc};
//!
//! // SimPy:
//! // def car(env, name, station):
//! //     with station.request() as req:
//! //         yield req
//! //         yield env.timeout(5)
//! //     return env.now
//! let env = Env::new();
//! let station = Resource::new(&env, 1).unwrap();
//! let cars: Vec<_> = (0..3)
//!     .map(|_| {
//!         let (env2, station) = (env.clone(), station.clone());
//!         env.process(proc(move |co| async move {
//!             {
//!                 let req = station.request();
//!                 co.yield_(req.event()).await;
//!                 co.yield_(env2.timeout(5.0)).await;
//!             }
//!             env2.now()
//!         }))
//!     })
//!     .collect();
//! env.run().unwrap();
//! let ends: Vec<f64> = cars.iter().map(|c| *c.value().unwrap().get::<f64>().unwrap()).collect();
//! assert_eq!(ends, [5.0, 10.0, 15.0]);
//! ```
//!
//! The modules follow SimPy's: [`env`](mod@env) (SimPy's `core`), [`events`],
//! [`process`], [`condition`], [`resources`] and [`rt`]; [`monitor`] records a
//! resource's statistics, [`trace`](mod@trace) reports every event as it is
//! processed, [`replications`](mod@replications) runs independent
//! replications on all cores, and [`random`] is CPython's `random` module, draw
//! for draw.

// `!(x > 0.0)` is deliberate throughout: it rejects NaN along with the
// out-of-range values, as SimPy's checks let NaN through only by accident.
#![allow(clippy::neg_cmp_op_on_partial_ord)]
#![warn(missing_docs)]

pub mod condition;
pub mod env;
mod error;
pub mod events;
mod fmt;
mod kernel;
pub mod monitor;
pub mod process;
mod queue;
pub mod random;
pub mod replications;
pub mod resources;
pub mod rt;
pub mod trace;
mod value;

/// The SimPy release whose semantics (event order, messages, event counts)
/// this crate follows.
///
/// ```
/// assert_eq!(gensend_sim::SIMPY_VERSION, "4.1.2");
/// ```
pub const SIMPY_VERSION: &str = "4.1.2";

pub use condition::ConditionValue;
pub use env::{Env, NORMAL, Stats, URGENT, Until};
pub use error::{AlreadyTriggered, Interrupt, SimError};
pub use events::{Event, EventKind};
pub use fmt::{py_fixed, py_float, py_sum};
pub use process::{Co, Never, Panicked, Process, ProcessGen, ProcessResult, ProcessReturn, Wait, proc, sub};
pub use replications::replications;
pub use resources::{
    Container, FilterStore, Preempted, PreemptiveResource, PriorityItem, PriorityResource, PriorityStore,
    Request, Resource, Store,
};
pub use rt::RealtimeEnv;
pub use trace::Traced;
pub use value::{Failure, ModelError, Value};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
