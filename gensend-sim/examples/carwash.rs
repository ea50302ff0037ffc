//! SimPy's `carwash` example, line by line (SimPy 4.1.2's
//! `examples/carwash.py`): cars wait for one of two machines (a `Resource`
//! held by a guard, SimPy's `with`) and wait for the washing process.
//!
//! It draws from [`Random`], CPython's `random` draw for draw, seeded with 42
//! as the Python is, so it prints SimPy's documented output
//! (`tests/golden/examples/carwash.out`) byte for byte.
//!
//! Python's `random` is one module-wide generator; here it is one
//! `Rc<RefCell<Random>>` handed to every process, drawn from in the same
//! order. Python's times here are `int`s printed with `:.2f`;
//! [`py_fixed`] is Python's `f` format.

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::random::Random;
use gensend_sim::{Env, Failure, ProcessGen, Resource, proc, py_fixed};

/// Python's module-level `random`, shared by every process.
type SharedRandom = Rc<RefCell<Random>>;

const RANDOM_SEED: i128 = 42;
const NUM_MACHINES: usize = 2; // Number of machines in the carwash
const WASHTIME: i64 = 5; // Minutes it takes to clean a car
const T_INTER: i64 = 7; // Create a car every ~7 minutes
const SIM_TIME: i64 = 20; // Simulation time in minutes

/// A carwash has a limited number of machines (`NUM_MACHINES`) to clean cars
/// in parallel.
///
/// Cars have to request one of the machines. When they got one, they can
/// start the washing processes and wait for it to finish (which takes
/// `washtime` minutes).
#[derive(Clone)]
struct Carwash {
    env: Env,
    machine: Resource,
    washtime: i64,
    random: SharedRandom,
}

impl Carwash {
    fn new(env: &Env, num_machines: usize, washtime: i64, random: &SharedRandom) -> Carwash {
        Carwash {
            env: env.clone(),
            machine: Resource::new(env, num_machines).expect("a positive capacity"),
            washtime,
            random: random.clone(),
        }
    }

    /// The washing processes. It takes a `car` processes and tries to clean it.
    fn wash(&self, car: String) -> ProcessGen {
        let cw = self.clone();
        proc(move |co| async move {
            co.yield_(cw.env.timeout(cw.washtime as f64)).await;
            let pct_dirt = cw.random.borrow_mut().randint(50, 99)?;
            println!("Carwash removed {pct_dirt}% of {car}'s dirt.");
            Ok::<(), Failure>(())
        })
    }
}

/// The car process (each car has a `name`) arrives at the carwash (`cw`) and
/// requests a cleaning machine.
///
/// It then starts the washing process, waits for it to finish and leaves to
/// never come back ...
fn car(env: Env, name: String, cw: Carwash) -> ProcessGen {
    proc(move |co| async move {
        println!("{name} arrives at the carwash at {}.", py_fixed(env.now(), 2));
        {
            let request = cw.machine.request(); // released when dropped: SimPy's `with`
            co.yield_(request.event()).await;

            println!("{name} enters the carwash at {}.", py_fixed(env.now(), 2));
            co.yield_(env.process(cw.wash(name.clone())).event()).await;

            println!("{name} leaves the carwash at {}.", py_fixed(env.now(), 2));
        }
    })
}

/// Create a carwash, a number of initial cars and keep creating cars approx.
/// every `t_inter` minutes.
fn setup(env: Env, num_machines: usize, washtime: i64, t_inter: i64, random: SharedRandom) -> ProcessGen {
    proc(move |co| async move {
        // Create the carwash
        let carwash = Carwash::new(&env, num_machines, washtime, &random);

        let mut car_count = 0..;

        // Create 4 initial cars
        for _ in 0..4 {
            let name = format!("Car {}", car_count.next().expect("endless"));
            env.process(car(env.clone(), name, carwash.clone()));
        }

        // Create more cars while the simulation is running
        loop {
            let delay = random.borrow_mut().randint(t_inter - 2, t_inter + 2)?;
            co.yield_(env.timeout(delay as f64)).await;
            let name = format!("Car {}", car_count.next().expect("endless"));
            env.process(car(env.clone(), name, carwash.clone()));
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

fn main() {
    // Setup and start the simulation
    println!("Carwash");
    println!("Check out http://youtu.be/fXXmeP9TvBg while simulating ... ;-)");
    let random = Rc::new(RefCell::new(Random::new(RANDOM_SEED))); // This helps to reproduce the results

    // Create an environment and start the setup process
    let env = Env::new();
    env.process(setup(env.clone(), NUM_MACHINES, WASHTIME, T_INTER, random));

    // Execute!
    env.run_until(SIM_TIME as f64).expect("the carwash runs");
    report_event_counts(&env);
}

/// Not in SimPy's example: on stderr, if `GENSEND_SIM_EVENT_COUNTS` is set,
/// SimPy's event counts (`next(env._eid)`, `len(env._queue)`), which
/// tests/examples.rs compares with SimPy's own.
fn report_event_counts(env: &Env) {
    if std::env::var_os("GENSEND_SIM_EVENT_COUNTS").is_some() {
        let stats = env.stats();
        eprintln!("events {} pending {}", stats.scheduled, stats.pending);
    }
}
