//! SimPy's `machine_shop` example, line by line (SimPy 4.1.2's
//! `examples/machine_shop.py`): machines that break down (an interrupt
//! thrown into their working process) and one repairman, a
//! `PreemptiveResource` whose unimportant other job the repairs preempt.
//!
//! It draws from [`Random`], CPython's `random` draw for draw, seeded with 42
//! as the Python is, so after four simulated weeks it prints SimPy's
//! documented part counts (`tests/golden/examples/machine_shop.out`) byte for
//! byte: every one of the run's draws (normal processing times, exponential
//! times to failure) must have Python's bits, and every interrupt and
//! preemption must happen in SimPy's order.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gensend_sim::random::{Random, RandomError};
use gensend_sim::{Env, Failure, PreemptiveResource, Process, ProcessGen, Wait, proc};

/// Python's module-level `random`, shared by every process.
type SharedRandom = Rc<RefCell<Random>>;

const RANDOM_SEED: i128 = 42;
const PT_MEAN: f64 = 10.0; // Avg. processing time in minutes
const PT_SIGMA: f64 = 2.0; // Sigma of processing time
const MTTF: f64 = 300.0; // Mean time to failure in minutes
const BREAK_MEAN: f64 = 1.0 / MTTF; // Param. for expovariate distribution
const REPAIR_TIME: f64 = 30.0; // Time it takes to repair a machine in minutes
const JOB_DURATION: f64 = 30.0; // Duration of other jobs in minutes
const NUM_MACHINES: usize = 10; // Number of machines in the machine shop
const WEEKS: i32 = 4; // Simulation time in weeks
const SIM_TIME: i32 = WEEKS * 7 * 24 * 60; // Simulation time in minutes

/// Return actual processing time for a concrete part.
fn time_per_part(random: &SharedRandom) -> f64 {
    let mut t = random.borrow_mut().normalvariate(PT_MEAN, PT_SIGMA);
    // The normalvariate can be negative, but we want only positive times.
    while t <= 0.0 {
        t = random.borrow_mut().normalvariate(PT_MEAN, PT_SIGMA);
    }
    t
}

/// Return time until next failure for a machine.
fn time_to_failure(random: &SharedRandom) -> Result<f64, RandomError> {
    random.borrow_mut().expovariate(BREAK_MEAN)
}

/// A machine produces parts and may get broken every now and then.
///
/// If it breaks, it requests a *repairman* and continues the production
/// after the it is repaired.
///
/// A machine has a *name* and a number of *parts_made* thus far.
struct Machine {
    name: String,
    parts_made: Rc<Cell<u64>>,
}

impl Machine {
    fn new(env: &Env, random: &SharedRandom, name: String, repairman: &PreemptiveResource) -> Machine {
        let parts_made = Rc::new(Cell::new(0));
        let broken = Rc::new(Cell::new(false));

        // Start "working" and "break_machine" processes for this machine.
        let process = env.process(working(
            env.clone(),
            random.clone(),
            repairman.clone(),
            parts_made.clone(),
            broken.clone(),
        ));
        env.process(break_machine(env.clone(), random.clone(), process, broken));
        Machine { name, parts_made }
    }
}

/// Produce parts as long as the simulation runs.
///
/// While making a part, the machine may break multiple times. Request a
/// repairman when this happens.
fn working(
    env: Env,
    random: SharedRandom,
    repairman: PreemptiveResource,
    parts_made: Rc<Cell<u64>>,
    broken: Rc<Cell<bool>>,
) -> ProcessGen {
    proc(move |co| async move {
        loop {
            // Start making a new part
            let mut done_in = time_per_part(&random);
            while done_in != 0.0 {
                let start = env.now();
                // Working on the part
                match co.wait(env.timeout(done_in)).await {
                    Ok(_) => done_in = 0.0, // Set to 0 to exit while loop.
                    Err(failure) => {
                        failure.interrupt().ok_or(failure.clone())?; // `except simpy.Interrupt` only
                        broken.set(true);
                        done_in -= env.now() - start; // How much time left?

                        // Request a repairman. This will preempt its "other_job".
                        {
                            let req = repairman.request(1, true); // released when dropped: SimPy's `with`
                            co.yield_(req.event()).await;
                            co.yield_(env.timeout(REPAIR_TIME)).await;
                        }

                        broken.set(false);
                    }
                }
            }

            // Part is done.
            parts_made.set(parts_made.get() + 1);
        }
        // A body that loops forever and uses `?` names its error type here.
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

/// Break the machine every now and then.
fn break_machine(env: Env, random: SharedRandom, process: Process, broken: Rc<Cell<bool>>) -> ProcessGen {
    proc(move |co| async move {
        loop {
            co.yield_(env.timeout(time_to_failure(&random)?)).await;
            if !broken.get() {
                // Only break the machine if it is currently working.
                process.interrupt(())?;
            }
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

/// The repairman's other (unimportant) job.
fn other_jobs(env: Env, repairman: PreemptiveResource) -> ProcessGen {
    proc(move |co| async move {
        loop {
            // Start a new job
            let mut done_in = JOB_DURATION;
            while done_in != 0.0 {
                // Retry the job until it is done.
                // Its priority is lower than that of machine repairs.
                let req = repairman.request(2, true); // released when dropped: SimPy's `with`
                co.yield_(req.event()).await;
                let start = env.now();
                match co.wait(env.timeout(done_in)).await {
                    Ok(_) => done_in = 0.0,
                    Err(failure) => {
                        failure.interrupt().ok_or(failure.clone())?; // `except simpy.Interrupt` only
                        done_in -= env.now() - start;
                    }
                }
            }
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

fn main() {
    // Setup and start the simulation
    println!("Machine shop");
    let random = Rc::new(RefCell::new(Random::new(RANDOM_SEED))); // This helps to reproduce the results

    // Create an environment and start the setup process
    let env = Env::new();
    let repairman = PreemptiveResource::new(&env, 1).expect("a positive capacity");
    let machines: Vec<Machine> =
        (0..NUM_MACHINES).map(|i| Machine::new(&env, &random, format!("Machine {i}"), &repairman)).collect();
    env.process(other_jobs(env.clone(), repairman));

    // Execute!
    env.run_until(SIM_TIME).expect("the machine shop runs");

    // Analysis/results
    println!("Machine shop results after {WEEKS} weeks");
    for machine in &machines {
        println!("{} made {} parts.", machine.name, machine.parts_made.get());
    }
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
