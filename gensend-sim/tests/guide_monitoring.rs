//! Port of SimPy 4.1.2's topical guide "Monitoring"
//! (`docs/topical_guides/monitoring.rst`): one test per doctest program, each
//! printing what the Python prints, compared with the guide's output verbatim
//! (checked against SimPy 4.1.2 under CPython 3.13.0 by running the guide's
//! doctests).
//!
//! The guide monitors resources by monkey-patching their methods and traces
//! events by replacing `env.step`; Rust can do neither, so those programs are
//! ported in intent (`CONFORMANCE.md`, "Topical guides"): a wrapper type
//! around the resource where the guide patches or subclasses it (the crate's
//! own [`Resource::monitor`] records the same without one), and a loop of
//! `peek`/`step` where the guide patches `step`. They print what the guide
//! prints.
mod guide;

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::{Env, EventKind, Request, Resource, Traced, proc};
use guide::{Stdout, assert_simpy_event_counts};

#[test]
fn monitoring_your_processes() {
    // data = []  # This list will hold all collected data
    //
    // def test_process(env, data):
    //     val = 0
    //     for i in range(5):
    //         val += env.now
    //         data.append(val)  # Collect data
    //         yield env.timeout(1)
    //
    // env = simpy.Environment()
    // p = env.process(test_process(env, data))
    // env.run(p)
    // print('Collected', data)  # Lets see what we got
    let out = Stdout::default();
    let data: Rc<RefCell<Vec<f64>>> = Rc::default(); // This list will hold all collected data
    let env = Env::new();
    let (e, d) = (env.clone(), data.clone());
    let p = env.process(proc(move |co| async move {
        let mut val = 0.0;
        for _ in 0..5 {
            val += e.now();
            d.borrow_mut().push(val); // Collect data
            co.yield_(e.timeout(1.0)).await;
        }
    }));
    env.run_until(&p).unwrap();
    assert_simpy_event_counts(&env, 8, 1);
    // The values are Python ints (sums of int times): `{}` prints them so.
    let data: Vec<String> = data.borrow().iter().map(|val| format!("{val}")).collect();
    out.print(format!("Collected [{}]", data.join(", "))); // Lets see what we got
    assert_eq!(out.lines(), ["Collected [0, 1, 3, 6, 10]"]);
    assert_eq!(env.now(), 5.0);
}

/// A callback given the resource, before or after an operation.
type Hook = Box<dyn Fn(&Resource)>;

/// The guide's `patch_resource(resource, pre, post)`: "calls the callable
/// *pre* before each put/get/request/release operation and the callable
/// *post* after each operation". SimPy patches the instance's methods; here
/// the model calls them through this wrapper instead.
struct PatchedResource {
    resource: Resource,
    pre: Option<Hook>,
    post: Option<Hook>,
}

impl PatchedResource {
    fn around<T>(&self, operation: impl FnOnce() -> T) -> T {
        if let Some(pre) = &self.pre {
            pre(&self.resource);
        }
        let ret = operation();
        if let Some(post) = &self.post {
            post(&self.resource);
        }
        ret
    }

    fn request(&self) -> Request {
        self.around(|| self.resource.request())
    }

    /// What leaving the `with` block does: the guard's drop releases.
    fn release(&self, request: Request) {
        self.around(|| drop(request));
    }
}

#[test]
fn resource_usage_patched_resource() {
    // def monitor(data, resource):
    //     """This is our monitoring callback."""
    //     item = (
    //         resource._env.now,  # The current simulation time
    //         resource.count,  # The number of users
    //         len(resource.queue),  # The number of queued processes
    //     )
    //     data.append(item)
    //
    // def test_process(env, res):
    //     with res.request() as req:
    //         yield req
    //         yield env.timeout(1)
    //
    // env = simpy.Environment()
    //
    // res = simpy.Resource(env, capacity=1)
    // data = []
    // monitor = partial(monitor, data)
    // patch_resource(res, post=monitor)  # Patches (only) this resource instance
    //
    // p = env.process(test_process(env, res))
    // env.run(p)
    //
    // print(data)
    let out = Stdout::default();
    let env = Env::new();
    let res = Resource::new(&env, 1).unwrap();
    let usage = res.monitor(); // the crate's own recorder, for comparison
    let data: Rc<RefCell<Vec<(f64, usize, usize)>>> = Rc::default();
    let (e, d) = (env.clone(), data.clone());
    let monitor =
        move |resource: &Resource| d.borrow_mut().push((e.now(), resource.count(), resource.queue().len()));
    let res = Rc::new(PatchedResource { resource: res, pre: None, post: Some(Box::new(monitor)) });
    let (e, r) = (env.clone(), res.clone());
    let p = env.process(proc(move |co| async move {
        let req = r.request();
        co.yield_(req.event()).await;
        co.yield_(e.timeout(1.0)).await;
        r.release(req);
    }));
    env.run_until(&p).unwrap();
    assert_simpy_event_counts(&env, 6, 1);
    let items: Vec<String> =
        data.borrow().iter().map(|(t, count, queued)| format!("({t}, {count}, {queued})")).collect();
    out.print(format!("[{}]", items.join(", ")));
    assert_eq!(out.lines(), ["[(0, 1, 0), (1, 0, 0)]"]);
    // `Resource::monitor` saw the same changes: one user from 0 to 1, no queue.
    assert_eq!(usage.users().steps(), [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0)]);
    assert_eq!(usage.queue_length().steps(), [(0.0, 0.0)]);
}

/// The guide's `MonitoredResource(simpy.Resource)`: records the time and the
/// queue length before each request and release. A subclass in Python; a
/// wrapper here.
struct MonitoredResource {
    resource: Resource,
    env: Env,
    data: RefCell<Vec<(f64, usize)>>,
}

impl MonitoredResource {
    fn new(env: &Env, capacity: usize) -> MonitoredResource {
        MonitoredResource {
            resource: Resource::new(env, capacity).unwrap(),
            env: env.clone(),
            data: RefCell::default(),
        }
    }

    fn record(&self) {
        self.data.borrow_mut().push((self.env.now(), self.resource.queue().len()));
    }

    fn request(&self) -> Request {
        self.record();
        self.resource.request()
    }

    /// What leaving the `with` block does: the guard's drop releases.
    fn release(&self, request: Request) {
        self.record();
        drop(request);
    }
}

#[test]
fn resource_usage_monitored_resource() {
    // def test_process(env, res):
    //     with res.request() as req:
    //         yield req
    //         yield env.timeout(1)
    //
    // env = simpy.Environment()
    //
    // res = MonitoredResource(env, capacity=1)
    // p1 = env.process(test_process(env, res))
    // p2 = env.process(test_process(env, res))
    // env.run()
    //
    // print(res.data)
    let out = Stdout::default();
    let env = Env::new();
    let res = Rc::new(MonitoredResource::new(&env, 1));
    let test_process = |env: Env, res: Rc<MonitoredResource>| {
        proc(move |co| async move {
            let req = res.request();
            co.yield_(req.event()).await;
            co.yield_(env.timeout(1.0)).await;
            res.release(req);
        })
    };
    let p1 = env.process(test_process(env.clone(), res.clone()));
    let p2 = env.process(test_process(env.clone(), res.clone()));
    env.run().unwrap();
    assert_simpy_event_counts(&env, 10, 0);
    let items: Vec<String> = res.data.borrow().iter().map(|(t, queued)| format!("({t}, {queued})")).collect();
    out.print(format!("[{}]", items.join(", ")));
    assert_eq!(out.lines(), ["[(0, 0), (0, 0), (1, 1), (2, 0)]"]);
    assert_eq!((p1.ok(), p2.ok(), env.now()), (Some(true), Some(true), 2.0));
}

#[test]
fn event_tracing() {
    // def monitor(data, t, prio, eid, event):
    //     data.append((t, eid, type(event)))
    //
    // def test_process(env):
    //     yield env.timeout(1)
    //
    // data = []
    // monitor = partial(monitor, data)
    //
    // env = simpy.Environment()
    // trace(env, monitor)
    //
    // p = env.process(test_process(env))
    // env.run(until=p)
    //
    // for d in data:
    //     print(d)
    let out = Stdout::default();
    let data: Rc<RefCell<Vec<(f64, u64, EventKind)>>> = Rc::default();
    let monitor = {
        let data = data.clone();
        move |traced: &Traced| data.borrow_mut().push((traced.time, traced.id, traced.kind))
    };
    let env = Env::new();
    // The guide patches `env.step`; the crate has the hook itself.
    env.trace(monitor);
    let e = env.clone();
    let p = env.process(proc(move |co| async move {
        co.yield_(e.timeout(1.0)).await;
    }));
    env.run_until(&p).unwrap();
    for (t, eid, kind) in data.borrow().iter() {
        out.print(format!("({t}, {eid}, <class 'simpy.events.{}'>)", kind.name()));
    }
    assert_eq!(
        out.lines(),
        [
            "(0, 0, <class 'simpy.events.Initialize'>)",
            "(1, 1, <class 'simpy.events.Timeout'>)",
            "(1, 2, <class 'simpy.events.Process'>)",
        ]
    );
    // SimPy's `run(until=p)` requeues `p` at priority -1 for a later run.
    assert_simpy_event_counts(&env, 4, 1);
    assert_eq!((p.ok(), env.now()), (Some(true), 1.0));
}
