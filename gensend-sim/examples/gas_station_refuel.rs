//! SimPy's `gas_station_refuel` example, line by line (SimPy 4.1.2's
//! `docs/examples/code/gas_station_refuel.py`): cars share two pumps (a
//! `Resource`) and one fuel reservoir (a `Container`), and a control process
//! waits for a tank truck process when the reservoir runs low.
//!
//! It draws from [`Random`], CPython's `random` draw for draw, seeded with 42
//! as the Python is, so it prints SimPy's documented output
//! (`tests/golden/examples/gas_station_refuel.out`) byte for byte.
//!
//! The Python's quantities are `int`s (litres, seconds) until a division
//! makes a float; here they are all `f64`, which holds those integers
//! exactly, and every one is printed with `:.1f` ([`py_fixed`]), which
//! prints an `int` and the equal float alike.

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::random::Random;
use gensend_sim::{Container, Env, Failure, ProcessGen, Resource, proc, py_fixed};

/// Python's module-level `random`, shared by every process.
type SharedRandom = Rc<RefCell<Random>>;

const RANDOM_SEED: i128 = 42;
const STATION_TANK_SIZE: f64 = 200.0; // Size of the gas station tank (liters)
const THRESHOLD: f64 = 25.0; // Station tank minimum level (% of full)
const CAR_TANK_SIZE: i64 = 50; // Size of car fuel tanks (liters)
const CAR_TANK_LEVEL: [i64; 2] = [5, 25]; // Min/max levels of car fuel tanks (liters)
const REFUELING_SPEED: f64 = 2.0; // Rate of refuelling car fuel tank (liters / second)
const TANK_TRUCK_TIME: f64 = 300.0; // Time it takes tank truck to arrive (seconds)
const T_INTER: [i64; 2] = [30, 300]; // Interval between car arrivals [min, max] (seconds)
const SIM_TIME: f64 = 1000.0; // Simulation time (seconds)

/// A car arrives at the gas station for refueling.
///
/// It requests one of the gas station's fuel pumps and tries to get the
/// desired amount of fuel from it. If the station's fuel tank is
/// depleted, the car has to wait for the tank truck to arrive.
fn car(
    name: String,
    env: Env,
    random: SharedRandom,
    gas_station: Resource,
    station_tank: Container,
) -> ProcessGen {
    proc(move |co| async move {
        let [min_level, max_level] = CAR_TANK_LEVEL;
        let car_tank_level = random.borrow_mut().randint(min_level, max_level)?;
        println!("{:>6} s: {name} arrived at gas station", py_fixed(env.now(), 1));
        {
            let req = gas_station.request(); // released when dropped: SimPy's `with`
            // Request one of the gas pumps
            co.yield_(req.event()).await;

            // Get the required amount of fuel
            let fuel_required = (CAR_TANK_SIZE - car_tank_level) as f64;
            co.yield_(station_tank.get(fuel_required)?).await;

            // The "actual" refueling process takes some time
            co.yield_(env.timeout(fuel_required / REFUELING_SPEED)).await;

            println!("{:>6} s: {name} refueled with {}L", py_fixed(env.now(), 1), py_fixed(fuel_required, 1));
        }
        Ok::<(), Failure>(())
    })
}

/// Periodically check the level of the gas station tank and call the tank
/// truck if the level falls below a threshold.
fn gas_station_control(env: Env, station_tank: Container) -> ProcessGen {
    proc(move |co| async move {
        loop {
            if station_tank.level() / station_tank.capacity() * 100.0 < THRESHOLD {
                // We need to call the tank truck now!
                println!("{:>6} s: Calling tank truck", py_fixed(env.now(), 1));
                // Wait for the tank truck to arrive and refuel the station tank
                co.yield_(env.process(tank_truck(env.clone(), station_tank.clone())).event()).await;
            }

            co.yield_(env.timeout(10.0)).await; // Check every 10 seconds
        }
    })
}

/// Arrives at the gas station after a certain delay and refuels it.
fn tank_truck(env: Env, station_tank: Container) -> ProcessGen {
    proc(move |co| async move {
        co.yield_(env.timeout(TANK_TRUCK_TIME)).await;
        let amount = station_tank.capacity() - station_tank.level();
        station_tank.put(amount)?;
        println!(
            "{:>6} s: Tank truck arrived and refuelled station with {}L",
            py_fixed(env.now(), 1),
            py_fixed(amount, 1)
        );
        Ok::<(), Failure>(())
    })
}

/// Generate new cars that arrive at the gas station.
fn car_generator(
    env: Env,
    random: SharedRandom,
    gas_station: Resource,
    station_tank: Container,
) -> ProcessGen {
    proc(move |co| async move {
        for i in 0.. {
            let [min_interval, max_interval] = T_INTER;
            let interval = random.borrow_mut().randint(min_interval, max_interval)?;
            co.yield_(env.timeout(interval as f64)).await;
            let name = format!("Car {i}");
            env.process(car(name, env.clone(), random.clone(), gas_station.clone(), station_tank.clone()));
        }
        Ok::<(), Failure>(())
    })
}

fn main() {
    // Setup and start the simulation
    println!("Gas Station refuelling");
    let random = Rc::new(RefCell::new(Random::new(RANDOM_SEED)));

    // Create environment and start processes
    let env = Env::new();
    let gas_station = Resource::new(&env, 2).expect("a positive capacity");
    let station_tank =
        Container::new(&env, STATION_TANK_SIZE, STATION_TANK_SIZE).expect("init within the capacity");
    env.process(gas_station_control(env.clone(), station_tank.clone()));
    env.process(car_generator(env.clone(), random, gas_station, station_tank));

    // Execute!
    env.run_until(SIM_TIME).expect("the gas station runs");
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
