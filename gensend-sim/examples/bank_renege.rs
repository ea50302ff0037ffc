//! SimPy's `bank_renege` example, line by line (SimPy 4.1.2's
//! `examples/bank_renege.py`): a counter with a random service time and
//! customers who renege — a request or'ed with a timeout, and a look at the
//! condition's value to see which one fired.
//!
//! It draws from [`Random`], CPython's `random` draw for draw, seeded with 42
//! as the Python is, so it prints SimPy's documented output
//! (`tests/golden/examples/bank_renege.out`) byte for byte. Python's
//! `f"{x:7.4f}"` is `format!("{:>7}", py_fixed(x, 4))`.

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::random::Random;
use gensend_sim::{ConditionValue, Env, Failure, ProcessGen, Resource, proc, py_fixed};

/// Python's module-level `random`, shared by every process.
type SharedRandom = Rc<RefCell<Random>>;

const RANDOM_SEED: i128 = 42;
const NEW_CUSTOMERS: u32 = 5; // Total number of customers
const INTERVAL_CUSTOMERS: f64 = 10.0; // Generate new customers roughly every x seconds
const MIN_PATIENCE: f64 = 1.0; // Min. customer patience
const MAX_PATIENCE: f64 = 3.0; // Max. customer patience

/// Source generates customers randomly
fn source(env: Env, random: SharedRandom, number: u32, interval: f64, counter: Resource) -> ProcessGen {
    proc(move |co| async move {
        for i in 0..number {
            let c = customer(env.clone(), random.clone(), format!("Customer{i:02}"), counter.clone(), 12.0);
            env.process(c);
            let t = random.borrow_mut().expovariate(1.0 / interval)?;
            co.yield_(env.timeout(t)).await;
        }
        Ok::<(), Failure>(())
    })
}

/// Customer arrives, is served and leaves.
fn customer(
    env: Env,
    random: SharedRandom,
    name: String,
    counter: Resource,
    time_in_bank: f64,
) -> ProcessGen {
    proc(move |co| async move {
        let arrive = env.now();
        println!("{:>7} {name}: Here I am", py_fixed(arrive, 4));

        {
            let req = counter.request(); // released when dropped: SimPy's `with`
            let patience = random.borrow_mut().uniform(MIN_PATIENCE, MAX_PATIENCE);
            // Wait for the counter or abort at the end of our tether
            let results = co.yield_(req.event() | env.timeout(patience)).await;

            let wait = env.now() - arrive;

            if results.get::<ConditionValue>().is_some_and(|results| results.contains(&req)) {
                // We got to the counter
                println!("{:>7} {name}: Waited {:>6}", py_fixed(env.now(), 4), py_fixed(wait, 3));

                let tib = random.borrow_mut().expovariate(1.0 / time_in_bank)?;
                co.yield_(env.timeout(tib)).await;
                println!("{:>7} {name}: Finished", py_fixed(env.now(), 4));
            } else {
                // We reneged
                println!("{:>7} {name}: RENEGED after {:>6}", py_fixed(env.now(), 4), py_fixed(wait, 3));
            }
        }
        Ok::<(), Failure>(())
    })
}

fn main() {
    // Setup and start the simulation
    println!("Bank renege");
    let random = Rc::new(RefCell::new(Random::new(RANDOM_SEED)));
    let env = Env::new();

    // Start processes and run
    let counter = Resource::new(&env, 1).expect("a positive capacity");
    env.process(source(env.clone(), random, NEW_CUSTOMERS, INTERVAL_CUSTOMERS, counter));
    env.run().expect("the bank runs");
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
