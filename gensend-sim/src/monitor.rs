//! Monitoring without bookkeeping in the model: time-weighted statistics
//! ([`TimeWeighted`]) of a resource's queue length and utilisation, and a
//! [`Tally`] of the waits, recorded by the resource itself once
//! [`Resource::monitor`](crate::Resource::monitor) is called.
//!
//! SimPy leaves this to the user (its monitoring guide patches methods or
//! wraps `put`/`get`); it is the most common complaint after speed. Here the
//! resource records each change of its queue and of its users as it happens
//! (at simulated time `now`), so the statistics are exact step functions, not
//! samples.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

/// A quantity that changes at points in time, and its time-weighted
/// statistics (e.g. a queue length).
///
/// ```
/// use gensend_sim::monitor::TimeWeighted;
/// let mut q = TimeWeighted::new(0.0, 0.0);
/// q.record(2.0, 3.0); // 0 from t=0 to 2, then 3
/// q.record(4.0, 1.0); // 3 from t=2 to 4, then 1
/// assert_eq!(q.mean(6.0), (0.0 * 2.0 + 3.0 * 2.0 + 1.0 * 2.0) / 6.0);
/// assert_eq!(q.max(), 3.0);
/// assert_eq!(q.steps().len(), 3);
/// ```
#[derive(Clone, Debug)]
pub struct TimeWeighted {
    start: f64,
    last_time: f64,
    last_value: f64,
    area: f64,
    max: f64,
    steps: Vec<(f64, f64)>,
}

impl TimeWeighted {
    /// Starts at time `start` with `value`.
    ///
    /// ```
    /// let q = gensend_sim::monitor::TimeWeighted::new(1.0, 2.0);
    /// assert_eq!(q.current(), 2.0);
    /// ```
    pub fn new(start: f64, value: f64) -> TimeWeighted {
        TimeWeighted {
            start,
            last_time: start,
            last_value: value,
            area: 0.0,
            max: value,
            steps: vec![(start, value)],
        }
    }

    /// The quantity is `value` from time `now` on.
    ///
    /// ```
    /// let mut q = gensend_sim::monitor::TimeWeighted::new(0.0, 0.0);
    /// q.record(1.0, 5.0);
    /// assert_eq!(q.current(), 5.0);
    /// ```
    pub fn record(&mut self, now: f64, value: f64) {
        if value == self.last_value {
            return;
        }
        self.area += self.last_value * (now - self.last_time);
        self.last_time = now;
        self.last_value = value;
        self.max = self.max.max(value);
        self.steps.push((now, value));
    }

    /// The time-weighted mean from the start to `now`.
    ///
    /// ```
    /// let q = gensend_sim::monitor::TimeWeighted::new(0.0, 2.0);
    /// assert_eq!(q.mean(10.0), 2.0);
    /// ```
    pub fn mean(&self, now: f64) -> f64 {
        let span = now - self.start;
        if span <= 0.0 {
            return self.last_value;
        }
        (self.area + self.last_value * (now - self.last_time)) / span
    }

    /// The largest value so far.
    ///
    /// ```
    /// assert_eq!(gensend_sim::monitor::TimeWeighted::new(0.0, 4.0).max(), 4.0);
    /// ```
    pub fn max(&self) -> f64 {
        self.max
    }

    /// The current value.
    ///
    /// ```
    /// assert_eq!(gensend_sim::monitor::TimeWeighted::new(0.0, 4.0).current(), 4.0);
    /// ```
    pub fn current(&self) -> f64 {
        self.last_value
    }

    /// The step function: `(time, value from then on)`, in time order.
    ///
    /// ```
    /// let q = gensend_sim::monitor::TimeWeighted::new(0.0, 1.0);
    /// assert_eq!(q.steps(), [(0.0, 1.0)]);
    /// ```
    pub fn steps(&self) -> &[(f64, f64)] {
        &self.steps
    }
}

/// Observations and their count, mean, variance, minimum and maximum
/// (Welford's algorithm), e.g. the waits at a resource.
///
/// ```
/// use gensend_sim::monitor::Tally;
/// let mut waits = Tally::default();
/// for w in [1.0, 2.0, 3.0] {
///     waits.observe(w);
/// }
/// assert_eq!((waits.count(), waits.mean(), waits.max()), (3, 2.0, 3.0));
/// assert_eq!(waits.variance(), 1.0);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Tally {
    count: u64,
    mean: f64,
    m2: f64,
    min: f64,
    max: f64,
}

impl Tally {
    /// Adds an observation.
    ///
    /// ```
    /// let mut t = gensend_sim::monitor::Tally::default();
    /// t.observe(4.0);
    /// assert_eq!(t.min(), 4.0);
    /// ```
    pub fn observe(&mut self, x: f64) {
        self.count += 1;
        if self.count == 1 {
            self.min = x;
            self.max = x;
        } else {
            self.min = self.min.min(x);
            self.max = self.max.max(x);
        }
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// The number of observations.
    ///
    /// ```
    /// assert_eq!(gensend_sim::monitor::Tally::default().count(), 0);
    /// ```
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Their mean (0 if none).
    ///
    /// ```
    /// assert_eq!(gensend_sim::monitor::Tally::default().mean(), 0.0);
    /// ```
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// Their sample variance (0 with fewer than two).
    ///
    /// ```
    /// assert_eq!(gensend_sim::monitor::Tally::default().variance(), 0.0);
    /// ```
    pub fn variance(&self) -> f64 {
        if self.count < 2 { 0.0 } else { self.m2 / (self.count - 1) as f64 }
    }

    /// The smallest (0 if none).
    ///
    /// ```
    /// assert_eq!(gensend_sim::monitor::Tally::default().min(), 0.0);
    /// ```
    pub fn min(&self) -> f64 {
        self.min
    }

    /// The largest (0 if none).
    ///
    /// ```
    /// assert_eq!(gensend_sim::monitor::Tally::default().max(), 0.0);
    /// ```
    pub fn max(&self) -> f64 {
        self.max
    }
}

/// What a monitored resource records.
#[derive(Debug)]
pub(crate) struct Recorder {
    pub(crate) queue: TimeWeighted,
    pub(crate) busy: TimeWeighted,
    pub(crate) waits: Tally,
    pub(crate) capacity: f64,
}

/// A resource's statistics: queue length, utilisation (users / capacity),
/// waits (from request to grant). Made by
/// [`Resource::monitor`](crate::Resource::monitor); reads what the resource
/// has recorded so far.
///
/// ```
/// use gensend_sim::{Env, Resource, proc};
///
/// let env = Env::new();
/// let server = Resource::new(&env, 1).unwrap();
/// let monitor = server.monitor();
/// for _ in 0..3 {
///     let (e, s) = (env.clone(), server.clone());
///     env.process(proc(move |co| async move {
///         let req = s.request();
///         co.yield_(req.event()).await;
///         co.yield_(e.timeout(2.0)).await;
///     }));
/// }
/// env.run().unwrap();
/// assert_eq!(env.now(), 6.0);
/// assert_eq!(monitor.utilisation(env.now()), 1.0);
/// assert_eq!(monitor.queue_length().mean(6.0), (2.0 * 2.0 + 1.0 * 2.0) / 6.0);
/// assert_eq!((monitor.waits().count(), monitor.waits().mean()), (3, 2.0));
/// ```
#[derive(Clone)]
pub struct Monitor(pub(crate) Rc<RefCell<Recorder>>);

impl Monitor {
    /// The queue length over time.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let m = gensend_sim::Resource::new(&env, 1).unwrap().monitor();
    /// assert_eq!(m.queue_length().current(), 0.0);
    /// ```
    pub fn queue_length(&self) -> TimeWeighted {
        self.0.borrow().queue.clone()
    }

    /// The number of users over time.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let m = gensend_sim::Resource::new(&env, 1).unwrap().monitor();
    /// assert_eq!(m.users().current(), 0.0);
    /// ```
    pub fn users(&self) -> TimeWeighted {
        self.0.borrow().busy.clone()
    }

    /// The time-weighted mean utilisation up to `now` (users / capacity).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let m = gensend_sim::Resource::new(&env, 2).unwrap().monitor();
    /// assert_eq!(m.utilisation(1.0), 0.0);
    /// ```
    pub fn utilisation(&self, now: f64) -> f64 {
        let recorder = self.0.borrow();
        recorder.busy.mean(now) / recorder.capacity
    }

    /// The waits from request to grant.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let m = gensend_sim::Resource::new(&env, 1).unwrap().monitor();
    /// assert_eq!(m.waits().count(), 0);
    /// ```
    pub fn waits(&self) -> Tally {
        self.0.borrow().waits.clone()
    }
}

impl fmt::Debug for Monitor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0.borrow(), f)
    }
}
