//! [`RealtimeEnv`]: an environment whose simulated time follows the wall
//! clock (SimPy's `simpy.rt.RealtimeEnvironment`).
//!
//! Each step first sleeps until the wall clock reaches the event's time
//! (scaled by `factor` seconds per simulated time unit). In `strict` mode a
//! step that finds the wall clock already more than one `factor` past the
//! event's time fails with [`SimError::TooSlow`], as SimPy raises
//! `RuntimeError`.

use std::ops::Deref;
use std::time::{Duration, Instant};

use crate::env::{Env, Until};
use crate::error::SimError;
use crate::value::Value;

/// An environment synchronised with the wall clock.
///
/// ```
/// use gensend_sim::RealtimeEnv;
///
/// let env = RealtimeEnv::new(0.0, 0.001, true); // 1 ms per time unit
/// env.timeout(5.0);
/// let start = std::time::Instant::now();
/// env.run().unwrap();
/// assert!(start.elapsed() >= std::time::Duration::from_millis(5));
/// assert_eq!(env.now(), 5.0);
/// ```
#[derive(Debug)]
pub struct RealtimeEnv {
    env: Env,
    factor: f64,
    strict: bool,
    env_start: std::cell::Cell<f64>,
    real_start: std::cell::Cell<Instant>,
}

impl Deref for RealtimeEnv {
    type Target = Env;
    fn deref(&self) -> &Env {
        &self.env
    }
}

impl RealtimeEnv {
    /// A real-time environment starting at `initial_time`, `factor` wall
    /// seconds per simulated time unit, `strict` to fail when too slow.
    ///
    /// ```
    /// let env = gensend_sim::RealtimeEnv::new(2.0, 0.1, false);
    /// assert_eq!((env.now(), env.factor(), env.strict()), (2.0, 0.1, false));
    /// ```
    pub fn new(initial_time: f64, factor: f64, strict: bool) -> RealtimeEnv {
        RealtimeEnv {
            env: Env::with_initial_time(initial_time),
            factor,
            strict,
            env_start: std::cell::Cell::new(initial_time),
            real_start: std::cell::Cell::new(Instant::now()),
        }
    }

    /// Wall seconds per simulated time unit.
    ///
    /// ```
    /// assert_eq!(gensend_sim::RealtimeEnv::new(0.0, 0.5, true).factor(), 0.5);
    /// ```
    pub fn factor(&self) -> f64 {
        self.factor
    }

    /// Whether a step that is too late fails.
    ///
    /// ```
    /// assert!(gensend_sim::RealtimeEnv::new(0.0, 0.5, true).strict());
    /// ```
    pub fn strict(&self) -> bool {
        self.strict
    }

    /// Restarts the wall clock reference now (SimPy's `sync()`), so that time
    /// spent before running does not count as lateness.
    ///
    /// ```
    /// let env = gensend_sim::RealtimeEnv::new(0.0, 0.001, true);
    /// env.sync();
    /// ```
    pub fn sync(&self) {
        self.real_start.set(Instant::now());
    }

    /// Waits for the wall clock to reach the next event, then processes it.
    ///
    /// ```
    /// let env = gensend_sim::RealtimeEnv::new(0.0, 0.001, true);
    /// env.timeout(1.0);
    /// env.step().unwrap();
    /// assert_eq!(env.now(), 1.0);
    /// ```
    pub fn step(&self) -> Result<(), SimError> {
        if self.env.peek().is_infinite() {
            return Err(SimError::EmptySchedule);
        }
        self.wait_for_next()?;
        self.env.step()
    }

    fn wait_for_next(&self) -> Result<(), SimError> {
        let event_time = self.env.peek();
        if event_time.is_infinite() {
            return Ok(());
        }
        let real_time = (event_time - self.env_start.get()) * self.factor;
        let target = self.real_start.get() + Duration::from_secs_f64(real_time.max(0.0));
        let now = Instant::now();
        if self.strict && now > target {
            let behind = (now - target).as_secs_f64();
            if behind > self.factor {
                return Err(SimError::TooSlow(behind));
            }
        }
        // Sleep in a loop, as SimPy does: a sleep may end early.
        while let Some(left) = target.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) {
            std::thread::sleep(left);
        }
        Ok(())
    }

    /// Runs until no events are left, in real time.
    ///
    /// ```
    /// let env = gensend_sim::RealtimeEnv::new(0.0, 0.001, false);
    /// env.timeout(2.0);
    /// env.run().unwrap();
    /// assert_eq!(env.now(), 2.0);
    /// ```
    pub fn run(&self) -> Result<(), SimError> {
        loop {
            match self.step() {
                Ok(()) => {}
                Err(SimError::EmptySchedule) => return Ok(()),
                Err(error) => return Err(error),
            }
        }
    }

    /// Runs until a time or an event, in real time (see
    /// [`Env::run_until`]).
    ///
    /// ```
    /// let env = gensend_sim::RealtimeEnv::new(0.0, 0.001, false);
    /// env.run_until(3.0).unwrap();
    /// assert_eq!(env.now(), 3.0);
    /// ```
    pub fn run_until(&self, until: impl Into<Until>) -> Result<Value, SimError> {
        let until = match until.into() {
            Until::Time(at) => {
                if at.is_nan() || at <= self.env.now() {
                    return Err(SimError::UntilNotInFuture { until: at });
                }
                let stop = self.env.event();
                self.env.schedule(&stop, crate::URGENT, at - self.env.now());
                stop
            }
            Until::Event(event) => event,
        };
        loop {
            if until.processed() {
                return match until.outcome() {
                    Some(Err(failure)) => Err(SimError::Failed(failure)),
                    Some(Ok(value)) => Ok(value),
                    None => Ok(Value::NONE),
                };
            }
            match self.step() {
                Ok(()) => {}
                Err(SimError::EmptySchedule) => {
                    return Err(SimError::UntilNotTriggered(until.to_string()));
                }
                Err(error) => return Err(error),
            }
        }
    }
}
