//! SimPy's `BaseResource`: put and get queues of request events, served in
//! order by the resource's own rule (`do_put`/`do_get`) whenever a request is
//! made or an opposite one is processed.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crate::events::{Event, EventCell, EventKind, EventRef, Ext, Outcome, Phase};
use crate::kernel::EnvCore;

/// What a resource adds to a put/get event.
pub(crate) struct QueuedCell {
    pub(crate) resource: Rc<dyn Serve>,
    /// The process that made the request (SimPy's `proc`), if any; weak, as
    /// the process may hold the request in its return value (SimPy's
    /// `return req`), and the two would then keep each other alive once the
    /// simulation is over (Python's garbage collector frees such a cycle).
    /// The process is alive as long as it runs (the environment holds it),
    /// so only a process that has ended and that nobody holds is lost.
    pub(crate) process: Weak<EventCell>,
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
        serve_put_queue(self);
    }

    /// Serves the get queue (SimPy's `_trigger_get`).
    fn trigger_get(&self) {
        serve_queue(self, &self.queues().get, |event| self.do_get(event));
    }

    fn cancel_put(&self, event: &EventRef) {
        remove_from(&self.queues().put, event);
        self.changed();
    }

    fn cancel_get(&self, event: &EventRef) {
        remove_from(&self.queues().get, event);
        self.changed();
    }

    /// The queues or the resource's state may have changed (a monitor
    /// records them).
    fn changed(&self) {}
}

/// SimPy's `_trigger_put`: tries the put requests in order, from the head,
/// while `do_put` asks to go on; removes those it served.
pub(crate) fn serve_put_queue<S: Serve + ?Sized>(resource: &S) {
    serve_queue(resource, &resource.queues().put, |event| resource.do_put(event));
}

/// SimPy's `_trigger_put` and `_trigger_get`: tries the requests of `queue` in
/// order, from the head, while `serve` asks to go on; removes those it served.
#[inline(always)]
fn serve_queue<S: Serve + ?Sized>(
    resource: &S,
    queue: &RefCell<Vec<EventRef>>,
    mut serve: impl FnMut(&EventRef) -> bool,
) {
    let mut index = 0;
    loop {
        let Some(event) = queue.borrow().get(index).cloned() else { break };
        let proceed = serve(&event);
        if event.phase.get() == Phase::Pending {
            index += 1;
        } else {
            queue.borrow_mut().remove(index);
        }
        if !proceed {
            break;
        }
    }
    resource.changed();
}

/// Takes `event` out of `queue` (a cancelled request), if it is there.
fn remove_from(queue: &RefCell<Vec<EventRef>>, event: &EventRef) {
    let mut queue = queue.borrow_mut();
    if let Some(index) = queue.iter().position(|e| Rc::ptr_eq(e, event)) {
        queue.remove(index);
    }
}

/// The two queues of pending requests.
#[derive(Default)]
pub(crate) struct Queues {
    pub(crate) put: RefCell<Vec<EventRef>>,
    pub(crate) get: RefCell<Vec<EventRef>>,
}

impl Queues {
    /// Drops the pending requests, which hold their resource (a cycle), when
    /// the simulation is torn down (see `kernel::Sever`).
    pub(crate) fn sever(&self) {
        let put = std::mem::take(&mut *self.put.borrow_mut());
        let get = std::mem::take(&mut *self.get.borrow_mut());
        drop((put, get));
    }
}

/// Which queue of its resource a request belongs to.
#[derive(Clone, Copy)]
pub(crate) enum Side {
    Put,
    Get,
}

/// Makes the event of a put or get request, neither queued nor served: the
/// caller does either (SimPy's `Put.__init__`/`Get.__init__` up to the
/// queueing; a caller that serves the request at once is what SimPy does when
/// the queue is empty and the request is served).
#[inline(always)]
pub(crate) fn request_event<S: Serve + 'static>(
    env: &Rc<EnvCore>,
    resource: &Rc<S>,
    kind: EventKind,
    data: Data,
    side: Side,
) -> EventRef {
    let cell = QueuedCell { resource: resource.clone(), process: env.active_process_weak(), data };
    let ext = match side {
        Side::Put => Ext::Put(cell),
        Side::Get => Ext::Get(cell),
    };
    EventCell::new(env, kind, Outcome::Pending, ext)
}

/// Makes a put request (SimPy's `Put.__init__`): queued, given the callback
/// that serves the get queue when it is processed, then the put queue is
/// served. Once the owning `Env` has been dropped, a request is neither
/// queued nor served (it stays pending): nothing is processed any more, and
/// a queued request would hold its resource in a cycle nothing severs.
#[inline]
pub(crate) fn put<S: Serve + 'static>(
    env: &Rc<EnvCore>,
    resource: &Rc<S>,
    kind: EventKind,
    data: Data,
) -> Event {
    let event = request_event(env, resource, kind, data, Side::Put);
    if env.closing.get() {
        return Event(event); // see above
    }
    resource.enqueue_put(event.clone());
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
    let event = request_event(env, resource, kind, data, Side::Get);
    if env.closing.get() {
        return Event(event); // see `put`
    }
    resource.queues().get.borrow_mut().push(event.clone());
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
