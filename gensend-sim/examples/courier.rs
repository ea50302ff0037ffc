//! A courier service, line by line from `tests/golden/courier.py`: a SimPy 4
//! program written for gensend-sim's tests (not one of SimPy's examples) to
//! check delegation. A courier process delegates a delivery to `delivery`,
//! which delegates to `drive` and `handover` (`yield from`, here
//! `co.yield_from(sub(..))`, no process per call), with return values;
//! interrupts reach the innermost level, where a jam is caught and a recall
//! re-raised, and one arriving while the courier waits out a jam is caught
//! by nothing until the courier process, two levels up. Around it: an event
//! triggered by another's callback (`Event::trigger`), a callback that
//! prints (no process is active in a callback), `|=`, and the simulation
//! driven by hand with `peek` and `step`.
//!
//! It draws from [`Random`], CPython's `random` draw for draw, seeded with 42
//! as the Python is, so it prints what SimPy 4.1.2 prints for the Python
//! (`tests/golden/courier.out`) byte for byte and schedules SimPy's events
//! (`tests/golden/courier.events`).
//!
//! A Python sub-generator that raises is a `sub` returning `Err` here, and
//! `?` after `yield_from` is the exception passing through the delegating
//! generator; Python's `finally` is the statement after an `async` block
//! that holds the `try`.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use gensend_sim::random::Random;
use gensend_sim::{
    ConditionValue, Env, Event, Failure, Process, ProcessGen, Store, Value, Wait, proc, py_fixed, sub,
};

/// Python's module-level `random`, shared by every process.
type SharedRandom = Rc<RefCell<Random>>;

// The defaults make courier.out; tests/golden/sweep.sh varies them.
const RANDOM_SEED: i128 = 42;
const END: f64 = 200.0; // Minutes
const COURIERS: [&str; 2] = ["Ann", "Bob"];

#[derive(Debug)]
struct Parcel {
    number: u32,
    distance: f64,   // km, at 1 km a minute
    home: Event,     // The customer is at home
    done: Event,     // The courier is back: delivered or not
    tracking: Event, // The customer's view of `done`
}

impl Parcel {
    fn new(env: &Env, random: &SharedRandom, number: u32) -> Parcel {
        Parcel {
            number,
            distance: random.borrow_mut().uniform(2.0, 10.0),
            home: env.event(),
            done: env.event(),
            tracking: env.event(),
        }
    }
}

struct Shop {
    parcels: Store,
    driving: RefCell<BTreeMap<&'static str, Process>>, // Courier name -> its process, while driving
    recalled: Cell<u32>,
}

/// Drive `distance` km; a jam holds the car up. Returns the minutes.
fn drive(
    env: Env,
    random: SharedRandom,
    name: &'static str,
    distance: f64,
    shop: Rc<Shop>,
) -> ProcessGen<Result<f64, Failure>> {
    sub(move |co| async move {
        let start = env.now();
        let mut left = distance;
        while left > 0.0 {
            let leg = env.now();
            shop.driving.borrow_mut().insert(name, env.active_process().expect("a courier"));
            let leg_driven = async {
                match co.wait(env.timeout(left)).await {
                    Ok(_) => left = 0.0,
                    Err(failure) => {
                        let interrupt = failure.interrupt().ok_or_else(|| failure.clone())?;
                        if interrupt.cause().get::<&str>() != Some(&"jam") {
                            return Err(failure);
                        }
                        left -= env.now() - leg;
                        println!(
                            "{:>7} {name} stuck in a jam, {} km left",
                            py_fixed(env.now(), 2),
                            py_fixed(left, 2)
                        );
                        let delay = random.borrow_mut().uniform(1.0, 4.0);
                        co.wait(env.timeout(delay)).await?; // Nothing catches an interrupt here
                    }
                }
                Ok::<(), Failure>(())
            }
            .await;
            shop.driving.borrow_mut().remove(name); // finally
            leg_driven?;
        }
        Ok(env.now() - start)
    })
}

/// Ring; the customer opens, or nobody does within 3 minutes.
fn handover(env: Env, parcel: Rc<Parcel>) -> ProcessGen<Result<&'static str, Failure>> {
    sub(move |co| async move {
        let ring = env.timeout_value(3.0, "card left");
        let result = co.wait(parcel.home.clone() | ring.clone()).await?;
        let result = result.get::<ConditionValue>().expect("a condition's value");
        if result.contains(&parcel.home) {
            return Ok("delivered");
        }
        Ok(*result.get(&ring).expect("the ring").get::<&str>().expect("the ring's value"))
    })
}

/// There, the handover, and back. Returns what happened, and the minutes.
fn delivery(
    env: Env,
    random: SharedRandom,
    name: &'static str,
    parcel: Rc<Parcel>,
    shop: Rc<Shop>,
) -> ProcessGen<Result<(&'static str, f64), Failure>> {
    sub(move |co| async move {
        let mut minutes =
            co.yield_from(drive(env.clone(), random.clone(), name, parcel.distance, shop.clone())).await?;
        let outcome = co.yield_from(handover(env.clone(), parcel.clone())).await?;
        println!("{:>7} {name} parcel {}: {outcome}", py_fixed(env.now(), 2), parcel.number);
        minutes +=
            co.yield_from(drive(env.clone(), random.clone(), name, parcel.distance, shop.clone())).await?;
        Ok((outcome, minutes))
    })
}

/// Take parcels one by one.
fn courier(env: Env, random: SharedRandom, name: &'static str, shop: Rc<Shop>) -> ProcessGen {
    proc(move |co| async move {
        loop {
            let parcel = co.yield_(shop.parcels.get()).await;
            let parcel = parcel.get::<Rc<Parcel>>().expect("a parcel").clone();
            println!(
                "{:>7} {name} takes parcel {} ({} km)",
                py_fixed(env.now(), 2),
                parcel.number,
                py_fixed(parcel.distance, 2)
            );
            let (outcome, minutes) = match co
                .yield_from(delivery(env.clone(), random.clone(), name, parcel.clone(), shop.clone()))
                .await
            {
                Ok(delivered) => delivered,
                Err(failure) => {
                    let interrupt = failure.interrupt().ok_or_else(|| failure.clone())?;
                    shop.recalled.set(shop.recalled.get() + 1);
                    let cause = interrupt.cause().get::<&str>().expect("a reason");
                    println!(
                        "{:>7} {name} turns back ({cause}) with parcel {}",
                        py_fixed(env.now(), 2),
                        parcel.number
                    );
                    co.yield_(shop.parcels.put(Value::new(parcel))?).await;
                    continue;
                }
            };
            println!("{:>7} {name} back after {} minutes", py_fixed(env.now(), 2), py_fixed(minutes, 2));
            parcel.done.succeed(outcome)?;
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

/// Come home at some point; wait for the parcel until a deadline.
fn customer(env: Env, random: SharedRandom, parcel: Rc<Parcel>) -> ProcessGen {
    proc(move |co| async move {
        let delay = random.borrow_mut().uniform(0.0, 40.0);
        co.yield_(env.timeout(delay)).await;
        parcel.home.succeed(())?;
        let mut waiting = parcel.tracking.clone();
        let deadline = random.borrow_mut().uniform(20.0, 60.0);
        waiting |= env.timeout_value(deadline, "gave up");
        let result = co.yield_(waiting).await;
        let result = result.get::<ConditionValue>().expect("a condition's value");
        if let Some(tracked) = result.get(&parcel.tracking) {
            let tracked = tracked.get::<&str>().expect("an outcome");
            println!("{:>7} customer {}: {tracked}", py_fixed(env.now(), 2), parcel.number);
        } else {
            let first = result.values().next().expect("a value");
            let first = first.get::<&str>().expect("the deadline's value");
            println!("{:>7} customer {} {first}", py_fixed(env.now(), 2), parcel.number);
        }
        Ok::<(), Failure>(())
    })
}

/// A callback on a parcel's `done` event.
fn tracked(env: &Env, number: u32, done: &Event) {
    let value = done.value().expect("processed");
    let active = env.active_process().map_or_else(|| "None".to_string(), |process| format!("{process:?}"));
    println!(
        "{:>7} tracking {number}: {} (active: {active})",
        py_fixed(env.now(), 2),
        value.get::<&str>().expect("an outcome")
    );
}

/// New parcels, each with its customer.
fn dispatcher(env: Env, random: SharedRandom, shop: Rc<Shop>) -> ProcessGen {
    proc(move |co| async move {
        let mut number = 0;
        loop {
            let delay = random.borrow_mut().expovariate(1.0 / 7.0)?;
            co.yield_(env.timeout(delay)).await;
            number += 1;
            let parcel = Rc::new(Parcel::new(&env, &random, number));
            let tracking = parcel.tracking.clone();
            parcel.done.add_callback(move |done| tracking.trigger(done).expect("tracking is triggered once"));
            let e = env.clone();
            parcel.done.add_callback(move |done| tracked(&e, number, done));
            env.process(customer(env.clone(), random.clone(), parcel.clone()));
            co.yield_(shop.parcels.put(Value::new(parcel))?).await;
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

/// Now and then a jam, or a recall, for a driving courier.
fn radio(env: Env, random: SharedRandom, shop: Rc<Shop>) -> ProcessGen {
    proc(move |co| async move {
        loop {
            let delay = random.borrow_mut().uniform(1.0, 8.0);
            co.yield_(env.timeout(delay)).await;
            if !shop.driving.borrow().is_empty() {
                let names: Vec<&str> = shop.driving.borrow().keys().copied().collect(); // sorted
                let name = *random.borrow_mut().choice(&names)?;
                let cause = *random.borrow_mut().choice(&["jam", "jam", "recall"])?;
                let courier = shop.driving.borrow()[name].clone();
                courier.interrupt(cause)?;
            }
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

/// Python's `str(b)`.
fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

fn main() {
    println!("Courier");
    let random = Rc::new(RefCell::new(Random::new(setting("COURIER_SEED", RANDOM_SEED))));
    let env = Env::new();
    let shop = Rc::new(Shop {
        parcels: Store::new(&env, f64::INFINITY).expect("a positive capacity"),
        driving: RefCell::new(BTreeMap::new()),
        recalled: Cell::new(0),
    });
    let couriers: Vec<Process> = COURIERS
        .iter()
        .map(|name| env.process(courier(env.clone(), random.clone(), name, shop.clone())))
        .collect();
    env.process(dispatcher(env.clone(), random.clone(), shop.clone()));
    env.process(radio(env.clone(), random, shop.clone()));
    let end = setting("COURIER_TIME", END);
    let mut steps = 0;
    while env.peek() < end {
        env.step().expect("the couriers run");
        steps += 1;
    }
    println!(
        "{:>7} stopped after {steps} steps; next event at {}",
        py_fixed(env.now(), 2),
        py_fixed(env.peek(), 2)
    );
    println!("Recalls: {}; parcels waiting: {}", shop.recalled.get(), shop.parcels.len());
    let alive: Vec<&str> = couriers.iter().map(|courier| py_bool(courier.is_alive())).collect();
    println!("Couriers alive: [{}]", alive.join(", "));
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
