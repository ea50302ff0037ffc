//! A workshop, line by line from `tests/golden/workshop.py`: a SimPy 4
//! program written for gensend-sim's tests (not one of SimPy's examples) to
//! check the kernel's failure and interrupt paths. A sub-process raises and
//! its parent catches it; an inspection event fails inside an `any_of`, one
//! of an `all_of`'s processes raises, and a failure nobody will wait for is
//! defused by hand; workers are interrupted while waiting on a
//! `PriorityStore` get (one of them leaves its get queued, so it takes a job
//! that nobody does) and the supplier while waiting on a `Container` put;
//! `start_delayed` gives the process that starts the closing, whose value is
//! the closing process, and `run_until` returns each one's value.
//!
//! It draws from [`Random`], CPython's `random` draw for draw, seeded with 42
//! as the Python is, so it prints what SimPy 4.1.2 prints for the Python
//! (`tests/golden/workshop.out`) byte for byte and schedules SimPy's events
//! (`tests/golden/workshop.events`). Python's `PartError` is a
//! [`ModelError`] of that name; its lists print as Python's `repr`
//! ([`py_list`]).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use gensend_sim::random::Random;
use gensend_sim::{
    ConditionValue, Container, Env, Event, Failure, ModelError, PriorityItem, PriorityStore, Process,
    ProcessGen, Store, Value, Wait, proc, py_fixed,
};

/// Python's module-level `random`, shared by every process.
type SharedRandom = Rc<RefCell<Random>>;

// The defaults make workshop.out; tests/golden/sweep.sh varies them.
const RANDOM_SEED: i128 = 42;
const SHIFT: f64 = 300.0; // When closing starts (minutes)
const CAREFUL: [bool; 3] = [true, true, false]; // Whether each worker cancels its get on a break
const MATERIAL: f64 = 20.0; // Capacity of the material bin

/// A job in the orders: `(job, failures)`, the Python's tuple.
type Job = (u32, u32);

/// An inspection: `(job, quality, check)`, the Python's tuple.
type Inspection = (u32, i64, Event);

/// Python's `PartError(message)`.
fn part_error(message: String) -> Failure {
    Failure::new(ModelError::new("PartError", message))
}

/// Whether `failure` is a `PartError` (Python's `except PartError`).
fn is_part_error(failure: &Failure) -> bool {
    failure.downcast_ref::<ModelError>().is_some_and(|error| error.name == "PartError")
}

/// Python's `repr` of a list of ints.
fn py_list(items: &[u32]) -> String {
    let items: Vec<String> = items.iter().map(u32::to_string).collect();
    format!("[{}]", items.join(", "))
}

struct Workshop {
    orders: PriorityStore,
    material: Container,
    inspections: Store,
    workers: RefCell<Vec<Process>>,
    idle: RefCell<BTreeMap<usize, Event>>, // Worker number -> its pending get, while idle
    supplier_waiting: Cell<bool>,
    done: RefCell<Vec<u32>>,
    scrapped: RefCell<Vec<u32>>,
}

impl Workshop {
    fn new(env: &Env) -> Result<Workshop, Failure> {
        Ok(Workshop {
            orders: PriorityStore::new(env, f64::INFINITY)?,
            material: Container::new(env, MATERIAL, 10.0)?,
            inspections: Store::new(env, f64::INFINITY)?,
            workers: RefCell::new(Vec::new()),
            idle: RefCell::new(BTreeMap::new()),
            supplier_waiting: Cell::new(false),
            done: RefCell::new(Vec::new()),
            scrapped: RefCell::new(Vec::new()),
        })
    }
}

/// Put new jobs in the orders, each with a priority.
fn dispatcher(env: Env, random: SharedRandom, shop: Rc<Workshop>) -> ProcessGen {
    proc(move |co| async move {
        for job in 1..1000 {
            let delay = random.borrow_mut().expovariate(1.0 / 6.0)?;
            co.yield_(env.timeout(delay)).await;
            let priority = random.borrow_mut().randint(1, 3)?;
            co.yield_(shop.orders.put(PriorityItem::new(priority as f64, Value::new::<Job>((job, 0))))?)
                .await;
        }
        Ok::<(), Failure>(())
    })
}

/// Take jobs, work on them, have them inspected.
fn worker(env: Env, random: SharedRandom, number: usize, shop: Rc<Workshop>) -> ProcessGen {
    proc(move |co| async move {
        loop {
            let get = shop.orders.get();
            shop.idle.borrow_mut().insert(number, get.clone());
            let order = match co.wait(get.clone()).await {
                Ok(order) => order,
                Err(failure) => {
                    let interrupt = failure.interrupt().ok_or_else(|| failure.clone())?;
                    shop.idle.borrow_mut().remove(&number);
                    let cause = interrupt.cause().get::<&str>().expect("a reason");
                    println!("{:>7} worker {number} goes on a {cause}", py_fixed(env.now(), 2));
                    if CAREFUL[number] {
                        get.cancel();
                    }
                    co.yield_(env.timeout(5.0)).await;
                    continue;
                }
            };
            shop.idle.borrow_mut().remove(&number);
            let order = order.get::<PriorityItem>().expect("an order").clone();
            let (job, mut failures) = *order.item.get::<Job>().expect("a job");
            println!(
                "{:>7} worker {number} takes job {job} (priority {})",
                py_fixed(env.now(), 2),
                order.priority
            );
            let quality = match co
                .wait(env.process(work(env.clone(), random.clone(), job, shop.clone())).event())
                .await
            {
                Ok(quality) => *quality.get::<i64>().expect("a quality"),
                Err(error) if is_part_error(&error) => {
                    failures += 1;
                    println!("{:>7} worker {number} fails job {job}: {error}", py_fixed(env.now(), 2));
                    if failures < 2 {
                        let item =
                            PriorityItem::new(order.priority + 1.0, Value::new::<Job>((job, failures)));
                        co.yield_(shop.orders.put(item)?).await;
                    } else {
                        shop.scrapped.borrow_mut().push(job);
                    }
                    continue;
                }
                Err(failure) => return Err(failure),
            };
            let check = env.event();
            co.yield_(shop.inspections.put(Value::new::<Inspection>((job, quality, check.clone())))?).await;
            let patience = env.timeout_value(6.0, "no inspector");
            let result = match co.wait(check.clone() | patience.clone()).await {
                Ok(result) => result,
                Err(error) if is_part_error(&error) => {
                    println!("{:>7} worker {number}: job {job} rejected: {error}", py_fixed(env.now(), 2));
                    shop.scrapped.borrow_mut().push(job);
                    continue;
                }
                Err(failure) => return Err(failure),
            };
            let result = result.get::<ConditionValue>().expect("a condition's value");
            if let Some(passed) = result.get(&check) {
                let passed = passed.get::<String>().expect("the inspector's verdict");
                println!("{:>7} worker {number}: job {job} passed, {passed}", py_fixed(env.now(), 2));
            } else {
                check.defuse();
                let shipped = result.get(&patience).expect("the patience ran out");
                let shipped = shipped.get::<&str>().expect("the timeout's value");
                println!("{:>7} worker {number}: job {job} shipped, {shipped}", py_fixed(env.now(), 2));
            }
            shop.done.borrow_mut().push(job);
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

/// Work on a job: material, time, and maybe a crack.
fn work(env: Env, random: SharedRandom, job: u32, shop: Rc<Workshop>) -> ProcessGen {
    proc(move |co| async move {
        let units = random.borrow_mut().randint(1, 4)?;
        co.yield_(shop.material.get(units as f64)?).await;
        let duration = random.borrow_mut().uniform(3.0, 9.0);
        co.yield_(env.timeout(duration)).await;
        if random.borrow_mut().random() < 0.2 {
            return Err(part_error(format!("part {job} cracked")));
        }
        Ok::<i64, Failure>(random.borrow_mut().randint(60, 100)?)
    })
}

/// Pass or fail each inspection, one at a time.
fn inspector(env: Env, random: SharedRandom, shop: Rc<Workshop>) -> ProcessGen {
    proc(move |co| async move {
        loop {
            let inspection = co.yield_(shop.inspections.get()).await;
            let (_job, quality, check) = inspection.get::<Inspection>().expect("an inspection").clone();
            let duration = random.borrow_mut().uniform(1.0, 8.0);
            co.yield_(env.timeout(duration)).await;
            if quality < 70 {
                check.fail(part_error(format!("quality {quality} too low")))?;
            } else {
                check.succeed(format!("quality {quality}"))?;
            }
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

/// Refill the material bin, waiting for room.
fn supplier(env: Env, random: SharedRandom, shop: Rc<Workshop>) -> ProcessGen {
    proc(move |co| async move {
        loop {
            let delay = random.borrow_mut().uniform(10.0, 20.0);
            co.yield_(env.timeout(delay)).await;
            let amount = random.borrow_mut().randint(5, 12)?;
            {
                let put = shop.material.put(amount as f64)?;
                shop.supplier_waiting.set(true);
                match co.wait(put.clone()).await {
                    Ok(_) => println!("{:>7} supplier delivers {amount}", py_fixed(env.now(), 2)),
                    Err(failure) => {
                        let interrupt = failure.interrupt().ok_or_else(|| failure.clone())?;
                        let cause = interrupt.cause().get::<&str>().expect("a reason");
                        println!("{:>7} supplier {cause} with {amount}", py_fixed(env.now(), 2));
                    }
                }
                shop.supplier_waiting.set(false);
                put.cancel(); // SimPy's `with` exit
            }
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

/// Send an idle worker on a break; recall a waiting supplier.
fn foreman(env: Env, random: SharedRandom, shop: Rc<Workshop>, supplier_process: Process) -> ProcessGen {
    proc(move |co| async move {
        loop {
            let delay = random.borrow_mut().uniform(15.0, 30.0);
            co.yield_(env.timeout(delay)).await;
            if !shop.idle.borrow().is_empty() {
                let idle: Vec<usize> = shop.idle.borrow().keys().copied().collect(); // sorted
                let number = *random.borrow_mut().choice(&idle)?;
                let worker = shop.workers.borrow()[number].clone();
                worker.interrupt("break")?;
            }
            if shop.supplier_waiting.get() {
                supplier_process.interrupt("recalled")?;
            }
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

/// Count something; a full bin cannot be counted.
fn count(env: Env, random: SharedRandom, what: &'static str, amount: f64) -> ProcessGen {
    proc(move |co| async move {
        let duration = random.borrow_mut().uniform(0.5, 2.0);
        co.yield_(env.timeout(duration)).await;
        if what == "material" && amount >= 15.0 {
            return Err(part_error(format!("{amount} {what} are too many to count")));
        }
        Ok::<String, Failure>(format!("{amount} {what}"))
    })
}

/// Count the material and the orders at once, now and then.
fn auditor(env: Env, random: SharedRandom, shop: Rc<Workshop>) -> ProcessGen {
    proc(move |co| async move {
        loop {
            co.yield_(env.timeout(45.0)).await;
            let counts = [
                env.process(count(env.clone(), random.clone(), "material", shop.material.level())).event(),
                env.process(count(env.clone(), random.clone(), "orders", shop.orders.len() as f64)).event(),
            ];
            match co.wait(env.all_of(counts)).await {
                Ok(values) => {
                    let values = values.get::<ConditionValue>().expect("a condition's value");
                    let values: Vec<String> = values
                        .values()
                        .map(|value| value.get::<String>().expect("a count").clone())
                        .collect();
                    println!("{:>7} audit: {}", py_fixed(env.now(), 2), values.join(", "));
                }
                Err(error) if is_part_error(&error) => {
                    println!("{:>7} audit failed: {error}", py_fixed(env.now(), 2));
                }
                Err(failure) => return Err(failure),
            }
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

/// Close the shop.
fn closing(env: Env, shop: Rc<Workshop>) -> ProcessGen {
    proc(move |co| async move {
        co.yield_(env.timeout(10.0)).await;
        format!("closed with {} done, {} scrapped", shop.done.borrow().len(), shop.scrapped.borrow().len())
    })
}

fn main() {
    println!("Workshop");
    let random = Rc::new(RefCell::new(Random::new(setting("WORKSHOP_SEED", RANDOM_SEED))));
    let env = Env::new();
    let shop = Rc::new(Workshop::new(&env).expect("the workshop's stores"));
    env.process(dispatcher(env.clone(), random.clone(), shop.clone()));
    for number in 0..CAREFUL.len() {
        let worker = env.process(worker(env.clone(), random.clone(), number, shop.clone()));
        shop.workers.borrow_mut().push(worker);
    }
    env.process(inspector(env.clone(), random.clone(), shop.clone()));
    let supplier_process = env.process(supplier(env.clone(), random.clone(), shop.clone()));
    env.process(foreman(env.clone(), random.clone(), shop.clone(), supplier_process));
    env.process(auditor(env.clone(), random, shop.clone()));
    let starter = env
        .start_delayed(closing(env.clone(), shop.clone()), setting("WORKSHOP_TIME", SHIFT))
        .expect("a positive delay");
    // The starter's value: the process it started
    let closed = env.run_until(starter.event()).expect("the workshop runs");
    let closed = closed.get::<Process>().expect("the closing process").clone();
    println!("{:>7} closing", py_fixed(env.now(), 2));
    let message = env.run_until(closed.event()).expect("the workshop closes");
    println!("{:>7} {}", py_fixed(env.now(), 2), message.get::<String>().expect("a message"));

    let mut done = shop.done.borrow().clone();
    done.sort();
    println!("Done: {}", py_list(&done));
    println!("Scrapped: {}", py_list(&shop.scrapped.borrow()));
    let orders: Vec<u32> = shop
        .orders
        .items()
        .iter()
        .map(|item| item.get::<PriorityItem>().and_then(|order| order.item.get::<Job>()).expect("a job").0)
        .collect();
    println!("Orders left: {}", py_list(&orders));
    println!("Material left: {}", shop.material.level());
    report_event_counts(&env);
}

/// The Python's `int(os.environ.get(name, default))`.
fn setting<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .map_or(default, |value| value.parse().unwrap_or_else(|_| panic!("{name}: not a number")))
}

/// Not in the Python: on stderr, if `GENSEND_SIM_EVENT_COUNTS` is set,
/// SimPy's event counts (`next(env._eid)`, `len(env._queue)`), which
/// tests/examples.rs compares with SimPy's own.
fn report_event_counts(env: &Env) {
    if std::env::var_os("GENSEND_SIM_EVENT_COUNTS").is_some() {
        let stats = env.stats();
        eprintln!("events {} pending {}", stats.scheduled, stats.pending);
    }
}
