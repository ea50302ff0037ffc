//! [`Resource`], [`PriorityResource`] and [`PreemptiveResource`]: a number
//! of usage slots that processes request and release (SimPy's
//! `simpy.resources.resource`).
//!
//! A [`Request`] is a guard: dropping it cancels the request if it was not
//! granted and releases the slot (SimPy's `with res.request() as req:`), so a
//! process that is interrupted or killed while waiting or using never leaks a
//! slot.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

use super::base::{self, Data, Queues, Serve, Side};
use crate::env::Env;
use crate::error::SimError;
use crate::events::{Event, EventKind, EventRef, Ext, Outcome, describe};
use crate::kernel::{EnvCore, Sever};
use crate::monitor::{Monitor, Recorder, Tally, TimeWeighted};
use crate::process::Process;
use crate::value::Value;

/// What a request carries.
pub(crate) struct RequestData {
    /// When the slot was granted; NaN while waiting (simulated time is never
    /// NaN), which keeps a request's data at four words.
    usage_since: Cell<f64>,
    priority: i64,
    preempt: bool,
    time: f64,
}

impl RequestData {
    fn usage_since(&self) -> Option<f64> {
        Some(self.usage_since.get()).filter(|t| !t.is_nan())
    }

    /// SimPy's sort key `(priority, time, not preempt)`.
    fn key(&self) -> (i64, f64, bool) {
        (self.priority, self.time, !self.preempt)
    }
}

fn key_less(a: (i64, f64, bool), b: (i64, f64, bool)) -> bool {
    a.0 < b.0 || (a.0 == b.0 && (a.1 < b.1 || (a.1 == b.1 && !a.2 & b.2)))
}

/// The kinds of resource, which differ in queue order and preemption.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Discipline {
    Fifo,
    Priority,
    Preemptive,
}

pub(crate) struct ResourceCore {
    env: Rc<EnvCore>,
    queues: Queues,
    capacity: usize,
    users: RefCell<Vec<EventRef>>,
    discipline: Discipline,
    this: RefCell<std::rc::Weak<ResourceCore>>,
    monitor: std::cell::OnceCell<Rc<RefCell<Recorder>>>,
}

fn request_data(event: &EventRef) -> &RequestData {
    match base::data(event) {
        Some(Data::Request(data)) => data,
        _ => unreachable!("gensend-sim: a resource's put queue holds requests"),
    }
}

fn try_request_data(event: &EventRef) -> Option<&RequestData> {
    match base::data(event) {
        Some(Data::Request(data)) => Some(data),
        _ => None,
    }
}

impl Sever for ResourceCore {
    /// Its requests, queued and granted, hold it.
    fn sever(&self) {
        self.queues.sever();
        let taken = std::mem::take(&mut *self.users.borrow_mut());
        drop(taken); // after the borrow: its drop may call the kernel
    }
}

impl Serve for ResourceCore {
    fn queues(&self) -> &Queues {
        &self.queues
    }

    fn enqueue_put(&self, event: EventRef) {
        let mut queue = self.queues.put.borrow_mut();
        queue.push(event);
        if self.discipline != Discipline::Fifo {
            // SimPy's SortedQueue: append, then a stable sort by key.
            queue.sort_by(|a, b| {
                let (a, b) = (request_data(a).key(), request_data(b).key());
                if key_less(a, b) {
                    std::cmp::Ordering::Less
                } else if key_less(b, a) {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            });
        }
    }

    /// SimPy's `_trigger_put` for a resource: `_do_put` never asks to go on,
    /// so only the head of the queue is tried, and without preemption it is
    /// granted exactly when a slot is free: no need to look at it otherwise.
    fn trigger_put(&self) {
        if self.discipline == Discipline::Preemptive {
            base::serve_put_queue(self);
            return;
        }
        if self.users.borrow().len() < self.capacity {
            let head = {
                let mut queue = self.queues.put.borrow_mut();
                match queue.len() {
                    0 => None,
                    // `Vec::remove` calls `memmove` even with nothing to move.
                    1 => queue.pop(),
                    _ => Some(queue.remove(0)),
                }
            };
            if let Some(head) = head {
                self.do_put(&head);
            }
        }
        self.changed();
    }

    fn do_put(&self, event: &EventRef) -> bool {
        let data = request_data(event);
        if self.discipline == Discipline::Preemptive
            && self.users.borrow().len() >= self.capacity
            && data.preempt
        {
            self.preempt_for(&Event(event.clone()), data);
        }
        let mut users = self.users.borrow_mut();
        if users.len() < self.capacity {
            users.push(event.clone());
            drop(users);
            let now = self.env.now.get();
            data.usage_since.set(now);
            if let Some(recorder) = self.monitor.get() {
                recorder.borrow_mut().waits.observe(now - data.time);
            }
            let _ = event.settle(Outcome::Ok(Value::NONE));
        }
        false
    }

    /// Unmonitored (the usual case) this is one test, so it is always inlined.
    #[inline(always)]
    fn changed(&self) {
        if let Some(recorder) = self.monitor.get() {
            self.record(recorder);
        }
    }

    fn do_get(&self, event: &EventRef) -> bool {
        if let Some(Data::Release(release)) = base::data(event)
            && let Some(release) = release.borrow_mut().take()
        {
            self.remove_user(&release);
        }
        let _ = event.settle(Outcome::Ok(Value::NONE));
        false
    }
}

impl ResourceCore {
    /// Records the queue length and the users for a monitor.
    #[cold]
    fn record(&self, recorder: &RefCell<Recorder>) {
        let now = self.env.now.get();
        let mut recorder = recorder.borrow_mut();
        recorder.queue.record(now, self.queues.put.borrow().len() as f64);
        recorder.busy.record(now, self.users.borrow().len() as f64);
    }

    fn new(env: &Env, capacity: usize, discipline: Discipline) -> Result<Rc<ResourceCore>, SimError> {
        if capacity == 0 {
            return Err(SimError::InvalidArgument("\"capacity\" must be > 0.".into()));
        }
        let core = Rc::new(ResourceCore {
            env: env.core().clone(),
            queues: Queues::default(),
            capacity,
            users: RefCell::new(Vec::new()),
            discipline,
            this: RefCell::new(std::rc::Weak::new()),
            monitor: std::cell::OnceCell::new(),
        });
        *core.this.borrow_mut() = Rc::downgrade(&core);
        env.core().sever_at_teardown(&core);
        Ok(core)
    }

    /// SimPy's `PreemptiveResource._do_put`: the user with the largest key
    /// gives way if its key is larger than the request's.
    fn preempt_for(&self, by: &Event, data: &RequestData) {
        let victim = {
            let users = self.users.borrow();
            let mut worst: Option<&EventRef> = None;
            for user in users.iter() {
                if worst.is_none_or(|w| key_less(request_data(w).key(), request_data(user).key())) {
                    worst = Some(user);
                }
            }
            worst.filter(|w| key_less(data.key(), request_data(w).key())).cloned()
        };
        let Some(victim) = victim else { return };
        {
            let mut users = self.users.borrow_mut();
            if let Some(index) = users.iter().position(|user| Rc::ptr_eq(user, &victim)) {
                users.remove(index);
            }
        }
        let victim_data = request_data(&victim);
        if let Ext::Put(cell) = &victim.ext
            && cell.process.strong_count() == 0
            && !std::rc::Weak::ptr_eq(&cell.process, &std::rc::Weak::new())
        {
            // Its process has ended, and nobody holds it any more.
            let process = format!("<Process object at {:#x}>", cell.process.as_ptr() as usize);
            panic!(
                "{} (a request of a PreemptiveResource preempted {process})",
                SimError::DeadProcess(process.clone())
            );
        }
        if let Some(process) = Event(victim.clone()).proc() {
            let cause = Preempted {
                by: by.proc(),
                usage_since: victim_data.usage_since(),
                resource: self.this.borrow().upgrade().map(|core| PreemptiveResource(Resource(core))),
            };
            if let Err(error) = process.interrupt(Value::new(cause)) {
                // SimPy's `interrupt` raises out of the request here, having
                // taken the slot: a bug in the model (see `request`).
                panic!("{error} (a request of a PreemptiveResource preempted {})", describe(&process.0.0));
            }
        }
    }

    fn request(self: &Rc<Self>, priority: i64, preempt: bool) -> Request {
        let now = self.env.now.get();
        let data = RequestData { usage_since: Cell::new(f64::NAN), priority, preempt, time: now };
        // With no request waiting and a slot free, SimPy's queue-then-serve
        // grants this one at once (the head of a queue it alone is in; with a
        // free slot nobody is preempted): do that without the queue.
        // (Once the owner is gone, `base::put` neither queues nor grants.)
        let event = if !self.env.closing.get()
            && self.queues.put.borrow().is_empty()
            && self.users.borrow().len() < self.capacity
        {
            let event = Event(base::request_event(
                &self.env,
                self,
                EventKind::Request,
                Data::Request(data),
                Side::Put,
            ));
            self.users.borrow_mut().push(event.0.clone());
            request_data(&event.0).usage_since.set(now);
            if let Some(recorder) = self.monitor.get() {
                recorder.borrow_mut().waits.observe(0.0);
            }
            let _ = event.0.settle(Outcome::Ok(Value::NONE));
            self.changed();
            event
        } else {
            base::put(&self.env, self, EventKind::Request, Data::Request(data))
        };
        Request { event: Some(event), resource: self.clone(), armed: true }
    }

    /// SimPy's `Release.__init__`: queued, then the get queue served. A
    /// resource serves every release at once (`_do_get` always succeeds), so
    /// its get queue is empty whenever a release is made, and queueing then
    /// serving reduces to serving this one: same outcome, same order.
    fn release(self: &Rc<Self>, request: &Event) -> Event {
        let data = Data::Release(RefCell::new(None));
        let event = base::request_event(&self.env, self, EventKind::Release, data, Side::Get);
        self.remove_user(&request.0);
        let _ = event.settle(Outcome::Ok(Value::NONE));
        self.changed();
        Event(event)
    }

    fn remove_user(&self, request: &EventRef) {
        let mut users = self.users.borrow_mut();
        if let Some(index) = users.iter().position(|user| Rc::ptr_eq(user, request)) {
            if index + 1 == users.len() {
                users.pop(); // no `memmove` for the usual last (or only) user
            } else {
                users.remove(index);
            }
        }
    }
}

/// A resource with `capacity` usage slots, granted in request order (SimPy's
/// `Resource`).
///
/// ```
/// use gensend_sim::{Env, Resource, proc};
///
/// let env = Env::new();
/// let server = Resource::new(&env, 1).unwrap();
/// for i in 0..2 {
///     let (e, s) = (env.clone(), server.clone());
///     env.process(proc(move |co| async move {
///         let req = s.request(); // released when `req` is dropped
///         co.yield_(req.event()).await;
///         co.yield_(e.timeout(5.0)).await;
///         e.now() + f64::from(i) * 0.0
///     }));
/// }
/// env.run().unwrap();
/// assert_eq!(env.now(), 10.0);
/// assert_eq!(server.count(), 0);
/// ```
#[derive(Clone)]
pub struct Resource(Rc<ResourceCore>);

impl PartialEq for Resource {
    fn eq(&self, other: &Resource) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "<Resource capacity={} count={} queued={}>",
            self.capacity(),
            self.count(),
            self.queue().len()
        )
    }
}

impl Resource {
    /// A resource with `capacity` slots; `Err(InvalidArgument)` for 0
    /// (SimPy's `ValueError: "capacity" must be > 0.`).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert!(gensend_sim::Resource::new(&env, 0).is_err());
    /// ```
    pub fn new(env: &Env, capacity: usize) -> Result<Resource, SimError> {
        ResourceCore::new(env, capacity, Discipline::Fifo).map(Resource)
    }

    /// Requests a slot: the returned guard's event succeeds when it is
    /// granted; dropping the guard releases it (or cancels the request).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let r = gensend_sim::Resource::new(&env, 1).unwrap();
    /// let req = r.request();
    /// assert!(req.triggered()); // granted at once: a slot was free
    /// assert_eq!(r.count(), 1);
    /// ```
    pub fn request(&self) -> Request {
        self.0.request(0, true)
    }

    /// Releases `request`'s slot: an event that succeeds at once (SimPy's
    /// `res.release(req)`). Dropping the guard releases it again, harmlessly,
    /// as leaving SimPy's `with` block does.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let r = gensend_sim::Resource::new(&env, 1).unwrap();
    /// let req = r.request();
    /// r.release(&req);
    /// assert_eq!(r.count(), 0);
    /// ```
    pub fn release(&self, request: &Event) -> Event {
        self.0.release(request)
    }

    /// The number of slots.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert_eq!(gensend_sim::Resource::new(&env, 3).unwrap().capacity(), 3);
    /// ```
    pub fn capacity(&self) -> usize {
        self.0.capacity
    }

    /// The number of slots in use.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert_eq!(gensend_sim::Resource::new(&env, 3).unwrap().count(), 0);
    /// ```
    pub fn count(&self) -> usize {
        self.0.users.borrow().len()
    }

    /// Starts recording the resource's statistics (queue length and users
    /// over time, waits from request to grant) from now on, and returns the
    /// [`Monitor`] that reads them; a second call returns the same recorder.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let r = gensend_sim::Resource::new(&env, 1).unwrap();
    /// let m = r.monitor();
    /// let _req = r.request();
    /// assert_eq!(m.users().current(), 1.0);
    /// assert_eq!(m.waits().count(), 1);
    /// ```
    pub fn monitor(&self) -> Monitor {
        let recorder = self.0.monitor.get_or_init(|| {
            let now = self.0.env.now.get();
            Rc::new(RefCell::new(Recorder {
                queue: TimeWeighted::new(now, self.0.queues.put.borrow().len() as f64),
                busy: TimeWeighted::new(now, self.0.users.borrow().len() as f64),
                waits: Tally::default(),
                capacity: self.0.capacity as f64,
            }))
        });
        Monitor(recorder.clone())
    }

    /// The granted requests (SimPy's `users`).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let r = gensend_sim::Resource::new(&env, 1).unwrap();
    /// let req = r.request();
    /// assert_eq!(r.users(), [req.event()]);
    /// ```
    pub fn users(&self) -> Vec<Event> {
        self.0.users.borrow().iter().cloned().map(Event).collect()
    }

    /// The requests waiting (SimPy's `queue`).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let r = gensend_sim::Resource::new(&env, 1).unwrap();
    /// let (_a, b) = (r.request(), r.request());
    /// assert_eq!(r.queue(), [b.event()]);
    /// ```
    pub fn queue(&self) -> Vec<Event> {
        self.0.queues.put.borrow().iter().cloned().map(Event).collect()
    }
}

/// A [`Resource`] whose waiting requests are served by priority (lower
/// first), then request time (SimPy's `PriorityResource`).
///
/// ```
/// let env = gensend_sim::Env::new();
/// let r = gensend_sim::PriorityResource::new(&env, 1).unwrap();
/// let _user = r.request(0);
/// let low = r.request(5);
/// let high = r.request(1);
/// assert_eq!(r.queue(), [high.event(), low.event()]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PriorityResource(Resource);

impl Deref for PriorityResource {
    type Target = Resource;
    fn deref(&self) -> &Resource {
        &self.0
    }
}

impl PriorityResource {
    /// A priority resource with `capacity` slots (`Err` for 0).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert!(gensend_sim::PriorityResource::new(&env, 2).is_ok());
    /// ```
    pub fn new(env: &Env, capacity: usize) -> Result<PriorityResource, SimError> {
        ResourceCore::new(env, capacity, Discipline::Priority).map(|core| PriorityResource(Resource(core)))
    }

    /// Requests a slot with `priority` (lower is served first).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let r = gensend_sim::PriorityResource::new(&env, 1).unwrap();
    /// assert_eq!(r.request(3).priority(), Some(3));
    /// ```
    pub fn request(&self, priority: i64) -> Request {
        self.0.0.request(priority, true)
    }
}

/// A [`PriorityResource`] whose requests may preempt users with a larger
/// `(priority, time, not preempt)` key: the user's process receives an
/// [`Interrupt`](crate::Interrupt) whose cause is a [`Preempted`] (SimPy's
/// `PreemptiveResource`).
///
/// ```
/// use gensend_sim::{Env, PreemptiveResource, Preempted, Value, Wait, proc};
///
/// let env = Env::new();
/// let res = PreemptiveResource::new(&env, 1).unwrap();
/// let (e, r) = (env.clone(), res.clone());
/// let low = env.process(proc(move |co| async move {
///     let req = r.request(5, true);
///     co.yield_(req.event()).await;
///     let failure = co.wait(e.timeout(10.0)).await.unwrap_err();
///     let cause = failure.interrupt().unwrap().cause().clone();
///     Value::new(cause.get::<Preempted>().unwrap().usage_since)
/// }));
/// let (e, r) = (env.clone(), res.clone());
/// env.process(proc(move |co| async move {
///     co.yield_(e.timeout(1.0)).await;
///     let req = r.request(0, true);
///     co.yield_(req.event()).await;
/// }));
/// assert_eq!(env.run_until(&low).unwrap().get::<Option<f64>>(), Some(&Some(0.0)));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PreemptiveResource(Resource);

impl Deref for PreemptiveResource {
    type Target = Resource;
    fn deref(&self) -> &Resource {
        &self.0
    }
}

impl PreemptiveResource {
    /// A preemptive resource with `capacity` slots (`Err` for 0).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert!(gensend_sim::PreemptiveResource::new(&env, 0).is_err());
    /// ```
    pub fn new(env: &Env, capacity: usize) -> Result<PreemptiveResource, SimError> {
        ResourceCore::new(env, capacity, Discipline::Preemptive)
            .map(|core| PreemptiveResource(Resource(core)))
    }

    /// Requests a slot with `priority`; `preempt` says whether it may preempt
    /// a user.
    ///
    /// # Panics
    ///
    /// With SimPy's message, if the user it preempts cannot be interrupted: it
    /// is the process making the request ("A process is not allowed to
    /// interrupt itself.": a process asking again for a resource it holds,
    /// or letting a preempting request queued before it in), or a process
    /// that has ended without releasing. Both are bugs in the model; SimPy
    /// raises `RuntimeError` out of the request, having taken the slot, as
    /// this does. In a process body, the panic fails the process.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let r = gensend_sim::PreemptiveResource::new(&env, 1).unwrap();
    /// assert_eq!(r.request(1, false).preempt(), Some(false));
    /// ```
    pub fn request(&self, priority: i64, preempt: bool) -> Request {
        self.0.0.request(priority, preempt)
    }
}

/// The cause of the [`Interrupt`](crate::Interrupt) a preempted user receives
/// (SimPy's `Preempted`).
///
/// ```
/// let p = gensend_sim::Preempted { by: None, usage_since: Some(2.0), resource: None };
/// assert_eq!(p.usage_since, Some(2.0));
/// ```
#[derive(Clone, Debug)]
pub struct Preempted {
    /// The process whose request preempted the user.
    pub by: Option<Process>,
    /// When the preempted user was granted the resource.
    pub usage_since: Option<f64>,
    /// The resource lost.
    pub resource: Option<PreemptiveResource>,
}

/// A request for a slot, and the guard that gives it back (SimPy's `Request`
/// used in `with`): dropping it cancels the request if it is still waiting and
/// releases the slot (a `Release` event), except while the simulation is being
/// torn down.
///
/// ```
/// use gensend_sim::{Env, Resource};
/// let env = Env::new();
/// let r = Resource::new(&env, 1).unwrap();
/// let first = r.request();
/// let second = r.request();
/// drop(second); // cancelled while waiting
/// assert!(r.queue().is_empty());
/// drop(first); // released
/// assert_eq!(r.count(), 0);
/// ```
#[must_use = "dropping a Request releases it at once"]
pub struct Request {
    /// `None` only while the guard is being dropped.
    event: Option<Event>,
    resource: Rc<ResourceCore>,
    armed: bool,
}

impl Request {
    /// The request's event, to yield (succeeds when the slot is granted).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let r = gensend_sim::Resource::new(&env, 1).unwrap();
    /// let req = r.request();
    /// assert_eq!(req.event().kind(), gensend_sim::EventKind::Request);
    /// ```
    pub fn event(&self) -> Event {
        self.get().clone()
    }

    fn get(&self) -> &Event {
        self.event
            .as_ref()
            .unwrap_or_else(|| unreachable!("gensend-sim: a Request has its event until dropped"))
    }

    /// When the slot was granted (`None` while waiting).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let r = gensend_sim::Resource::new(&env, 1).unwrap();
    /// assert_eq!(r.request().usage_since(), Some(0.0));
    /// ```
    pub fn usage_since(&self) -> Option<f64> {
        try_request_data(&self.get().0).and_then(RequestData::usage_since)
    }

    /// The request's priority (`Some(0)` for a plain resource).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let r = gensend_sim::Resource::new(&env, 1).unwrap();
    /// assert_eq!(r.request().priority(), Some(0));
    /// ```
    pub fn priority(&self) -> Option<i64> {
        try_request_data(&self.get().0).map(|d| d.priority)
    }

    /// Whether the request may preempt.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let r = gensend_sim::Resource::new(&env, 1).unwrap();
    /// assert_eq!(r.request().preempt(), Some(true));
    /// ```
    pub fn preempt(&self) -> Option<bool> {
        try_request_data(&self.get().0).map(|d| d.preempt)
    }

    /// Gives up the guard: the request stays as it is and is never released
    /// automatically (SimPy's request made outside a `with`).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let r = gensend_sim::Resource::new(&env, 1).unwrap();
    /// let event = r.request().detach();
    /// assert!(event.triggered());
    /// assert_eq!(r.count(), 1); // still held
    /// ```
    pub fn detach(mut self) -> Event {
        self.armed = false;
        self.get().clone()
    }
}

impl Deref for Request {
    type Target = Event;
    fn deref(&self) -> &Event {
        self.get()
    }
}

impl From<&Request> for Event {
    fn from(request: &Request) -> Event {
        request.get().clone()
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.get(), f)
    }
}

impl Drop for Request {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let Some(event) = self.event.take() else { return };
        event.cancel();
        if self.resource.env.closing.get() {
            return;
        }
        // The `Release` made here is an event nobody can see: a queue entry
        // stands for it, holding the request (then usually reused).
        self.resource.remove_user(&event.0);
        self.resource.changed();
        self.resource.env.schedule_release(event.0);
    }
}
