//! [`Container`]: an amount of homogeneous matter, put and got in amounts
//! (SimPy's `Container`).

use std::cell::Cell;
use std::rc::Rc;

use super::base::{self, Data, Queues, Serve};
use crate::env::Env;
use crate::error::SimError;
use crate::events::{Event, EventKind, EventRef, Outcome};
use crate::kernel::{EnvCore, Sever};
use crate::value::Value;

pub(crate) struct ContainerCore {
    env: Rc<EnvCore>,
    queues: Queues,
    capacity: f64,
    level: Cell<f64>,
}

impl Sever for ContainerCore {
    fn sever(&self) {
        self.queues.sever();
    }
}

impl Serve for ContainerCore {
    fn queues(&self) -> &Queues {
        &self.queues
    }

    fn do_put(&self, event: &EventRef) -> bool {
        let Some(&Data::Amount(amount)) = base::data(event) else { return false };
        if self.capacity - self.level.get() >= amount {
            self.level.set(self.level.get() + amount);
            let _ = event.settle(Outcome::Ok(Value::NONE));
            true
        } else {
            false
        }
    }

    fn do_get(&self, event: &EventRef) -> bool {
        let Some(&Data::Amount(amount)) = base::data(event) else { return false };
        if self.level.get() >= amount {
            self.level.set(self.level.get() - amount);
            let _ = event.settle(Outcome::Ok(Value::NONE));
            true
        } else {
            false
        }
    }
}

/// A container of `capacity` (infinite by default in SimPy) holding a
/// `level` of matter (SimPy's `Container`).
///
/// ```
/// use gensend_sim::{Container, Env};
///
/// let env = Env::new();
/// let tank = Container::new(&env, 100.0, 10.0).unwrap();
/// let get = tank.get(30.0).unwrap(); // waits: only 10 in the tank
/// tank.put(50.0).unwrap();
/// env.run().unwrap();
/// assert!(get.processed());
/// assert_eq!(tank.level(), 30.0);
/// ```
#[derive(Clone)]
pub struct Container(Rc<ContainerCore>);

impl std::fmt::Debug for Container {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<Container level={} capacity={}>", self.level(), self.capacity())
    }
}

fn check_amount(amount: f64) -> Result<(), SimError> {
    if amount > 0.0 {
        Ok(())
    } else {
        Err(SimError::InvalidArgument(format!("amount(={}) must be > 0.", crate::fmt::py_number(amount))))
    }
}

impl Container {
    /// A container; `Err(InvalidArgument)` with SimPy's message if
    /// `capacity <= 0`, `init < 0` or `init > capacity`.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let err = gensend_sim::Container::new(&env, 5.0, 10.0).unwrap_err();
    /// assert_eq!(err.to_string(), "\"init\" must be <= \"capacity\".");
    /// ```
    pub fn new(env: &Env, capacity: f64, init: f64) -> Result<Container, SimError> {
        if !(capacity > 0.0) {
            return Err(SimError::InvalidArgument("\"capacity\" must be > 0.".into()));
        }
        if !(init >= 0.0) {
            return Err(SimError::InvalidArgument("\"init\" must be >= 0.".into()));
        }
        if init > capacity {
            return Err(SimError::InvalidArgument("\"init\" must be <= \"capacity\".".into()));
        }
        let core = Rc::new(ContainerCore {
            env: env.core().clone(),
            queues: Queues::default(),
            capacity,
            level: Cell::new(init),
        });
        env.core().sever_at_teardown(&core);
        Ok(Container(core))
    }

    /// Puts `amount` in, when there is room: an event (`Err` if `amount <= 0`).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let c = gensend_sim::Container::new(&env, 10.0, 0.0).unwrap();
    /// assert!(c.put(4.0).unwrap().triggered());
    /// assert_eq!(c.level(), 4.0);
    /// ```
    pub fn put(&self, amount: f64) -> Result<Event, SimError> {
        check_amount(amount)?;
        Ok(base::put(&self.0.env, &self.0, EventKind::Put, Data::Amount(amount)))
    }

    /// Takes `amount` out, when there is enough: an event (`Err` if
    /// `amount <= 0`).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let c = gensend_sim::Container::new(&env, 10.0, 5.0).unwrap();
    /// assert!(c.get(5.0).unwrap().triggered());
    /// assert!(c.get(0.0).is_err());
    /// ```
    pub fn get(&self, amount: f64) -> Result<Event, SimError> {
        check_amount(amount)?;
        Ok(base::get(&self.0.env, &self.0, EventKind::Get, Data::Amount(amount)))
    }

    /// The amount in the container.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert_eq!(gensend_sim::Container::new(&env, 10.0, 3.0).unwrap().level(), 3.0);
    /// ```
    pub fn level(&self) -> f64 {
        self.0.level.get()
    }

    /// The capacity.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert_eq!(gensend_sim::Container::new(&env, 10.0, 3.0).unwrap().capacity(), 10.0);
    /// ```
    pub fn capacity(&self) -> f64 {
        self.0.capacity
    }

    /// The waiting put requests.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert!(gensend_sim::Container::new(&env, 1.0, 0.0).unwrap().put_queue().is_empty());
    /// ```
    pub fn put_queue(&self) -> Vec<Event> {
        self.0.queues.put.borrow().iter().cloned().map(Event).collect()
    }

    /// The waiting get requests.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let c = gensend_sim::Container::new(&env, 1.0, 0.0).unwrap();
    /// let g = c.get(1.0).unwrap();
    /// assert_eq!(c.get_queue(), [g]);
    /// ```
    pub fn get_queue(&self) -> Vec<Event> {
        self.0.queues.get.borrow().iter().cloned().map(Event).collect()
    }
}
