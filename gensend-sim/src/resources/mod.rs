//! Shared resources (SimPy's `simpy.resources`): [`Resource`] and its
//! priority and preemptive variants, [`Container`], and the stores.
//!
//! All of them follow SimPy's `BaseResource` step by step (in `base`): a put
//! or get request is an event queued on the resource; creating one tries to
//! serve its queue, and processing one serves the opposite queue. Keeping that
//! structure (rather than a shortcut that grants a free slot at once) is what
//! makes the event order, and so every result, identical to SimPy's.

pub(crate) mod base;
pub mod container;
pub mod resource;
pub mod store;

pub use container::Container;
pub use resource::{Preempted, PreemptiveResource, PriorityResource, Request, Resource};
pub use store::{FilterStore, PriorityItem, PriorityStore, Store};
