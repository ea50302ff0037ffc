//! SimPy's `BaseResource`: put and get queues of request events, served in
//! order by the resource's own rule (`do_put`/`do_get`) whenever a request is
//! made or an opposite one is processed.

use std::cell::RefCell;
use std::rc::Rc;

use crate::env::EnvCore;
use crate::events::{Callback, Event, EventCell, EventKind, EventRef, Ext, Outcome, Phase};

/// What a resource adds to a put/get event.
pub(crate) struct QueuedCell {
    pub(crate) resource: Rc<dyn Serve>,
    /// The process that made the request (SimPy's `proc`).
    pub(crate) process: Option<EventRef>,
    pub(crate) data: Data,
}

/// What each kind of request carries.
pub(crate) enum Data {
    Request(crate::resources::resource::RequestData),
    /// The request to release, until the release is served.
    Release(RefCell<Option<EventRef>>),
    Amount(f64),
    Item(RefCell<Option<crate::value::Value>>),
    Filter(Option<crate::resources::store::Filter>),
}

/// A resource's rule, and its queues.
pub(crate) trait Serve {
    fn queues(&self) -> &Queues;
    /// Tries to serve a put request; whether to go on with the next one.
    fn do_put(&self, event: &EventRef) -> bool;
    /// Tries to serve a get request; whether to go on with the next one.
    fn do_get(&self, event: &EventRef) -> bool;
    /// Queues a new put request (a sorted queue sorts it in).
    fn enqueue_put(&self, event: EventRef) {
        self.queues().put.borrow_mut().push(event);
    }

    /// Serves the put queue (SimPy's `_trigger_put`).
    fn trigger_put(&self) {
        let mut index = 0;
        loop {
            let Some(event) = self.queues().put.borrow().get(index).cloned() else { break };
            let proceed = self.do_put(&event);
            if event.phase.get() == Phase::Pending {
                index += 1;
            } else {
                self.queues().put.borrow_mut().remove(index);
            }
            if !proceed {
                break;
            }
        }
        self.changed();
    }

    /// Serves the get queue (SimPy's `_trigger_get`).
    fn trigger_get(&self) {
        let mut index = 0;
        loop {
            let Some(event) = self.queues().get.borrow().get(index).cloned() else { break };
            let proceed = self.do_get(&event);
            if event.phase.get() == Phase::Pending {
                index += 1;
            } else {
                self.queues().get.borrow_mut().remove(index);
            }
            if !proceed {
                break;
            }
        }
        self.changed();
    }

    fn cancel_put(&self, event: &EventRef) {
        {
            let mut queue = self.queues().put.borrow_mut();
            if let Some(index) = queue.iter().position(|e| Rc::ptr_eq(e, event)) {
                queue.remove(index);
            }
        }
        self.changed();
    }

    fn cancel_get(&self, event: &EventRef) {
        {
            let mut queue = self.queues().get.borrow_mut();
            if let Some(index) = queue.iter().position(|e| Rc::ptr_eq(e, event)) {
                queue.remove(index);
            }
        }
        self.changed();
    }

    /// The queues or the resource's state may have changed (a monitor
    /// records them).
    fn changed(&self) {}
}

/// The two queues of pending requests.
#[derive(Default)]
pub(crate) struct Queues {
    pub(crate) put: RefCell<Vec<EventRef>>,
    pub(crate) get: RefCell<Vec<EventRef>>,
}

/// Makes a put request (SimPy's `Put.__init__`): queued, given the callback
/// that serves the get queue when it is processed, then the put queue is
/// served.
pub(crate) fn put<S: Serve + 'static>(
    env: &Rc<EnvCore>,
    resource: &Rc<S>,
    kind: EventKind,
    data: Data,
) -> Event {
    let serve: Rc<dyn Serve> = resource.clone();
    let cell = QueuedCell { resource: serve.clone(), process: env.active_process(), data };
    let event = EventCell::new(env, kind, Outcome::Pending, Ext::Put(cell));
    resource.enqueue_put(event.clone());
    event.callbacks.borrow_mut().push(Callback::TriggerGet(serve));
    resource.trigger_put();
    Event(event)
}

/// Makes a get request (SimPy's `Get.__init__`).
pub(crate) fn get<S: Serve + 'static>(
    env: &Rc<EnvCore>,
    resource: &Rc<S>,
    kind: EventKind,
    data: Data,
) -> Event {
    let serve: Rc<dyn Serve> = resource.clone();
    let cell = QueuedCell { resource: serve.clone(), process: env.active_process(), data };
    let event = EventCell::new(env, kind, Outcome::Pending, Ext::Get(cell));
    resource.queues().get.borrow_mut().push(event.clone());
    event.callbacks.borrow_mut().push(Callback::TriggerPut(serve));
    resource.trigger_get();
    Event(event)
}

/// The resource-specific data of a put/get event.
pub(crate) fn data(event: &EventRef) -> Option<&Data> {
    match &event.ext {
        Ext::Put(cell) | Ext::Get(cell) => Some(&cell.data),
        _ => None,
    }
}
