//! SimPy's tutorial, "SimPy in 10 Minutes" (SimPy 4.1.2's
//! `docs/simpy_intro/*.rst`), program by program: the car that parks and
//! drives, the electric car that waits for its charge process, the one whose
//! charging a driver interrupts, and the cars sharing a battery charging
//! station's two spots.
//!
//! SimPy runs these as doctests; each test here is one doctest program,
//! ported line by line, and asserts that it prints the tutorial's text
//! exactly (each checked under SimPy 4.1.2 and CPython 3.13.0 with
//! `doctest.testfile(.., optionflags=ELLIPSIS)`: all pass). What the Python
//! prints goes to a shared `String` here, so the test can compare it. The
//! doctests' echoed `<Process(car) object at 0x...>` lines are the
//! interpreter showing `env.process(..)`'s return value, not the program's
//! output, and have no counterpart.
//!
//! Python's `'%d' % env.now` of the tutorial's `int` times is
//! `env.now() as i64`; its `'%s' % env.now` prints them as
//! `format!("{}", env.now())` does.

use std::cell::RefCell;
use std::fmt::Write;
use std::rc::Rc;

use gensend_sim::{Env, Failure, Process, ProcessGen, Resource, Wait, proc};

/// Where the Python's `print` goes.
type Output = Rc<RefCell<String>>;

/// Python's `print(line)` into `out`.
fn print(out: &Output, line: &str) {
    writeln!(out.borrow_mut(), "{line}").expect("writing to a String");
}

/// basic_concepts.rst: a car that alternates between parking and driving.
///
/// ```python
/// def car(env):
///     while True:
///         print('Start parking at %d' % env.now)
///         parking_duration = 5
///         yield env.timeout(parking_duration)
///
///         print('Start driving at %d' % env.now)
///         trip_duration = 2
///         yield env.timeout(trip_duration)
/// ```
#[test]
fn basic_concepts_car_parks_and_drives() {
    fn car(env: Env, out: Output) -> ProcessGen {
        proc(move |co| async move {
            loop {
                print(&out, &format!("Start parking at {}", env.now() as i64));
                let parking_duration = 5.0;
                co.yield_(env.timeout(parking_duration)).await;

                print(&out, &format!("Start driving at {}", env.now() as i64));
                let trip_duration = 2.0;
                co.yield_(env.timeout(trip_duration)).await;
            }
        })
    }

    let out = Output::default();
    let env = Env::new();
    env.process(car(env.clone(), out.clone()));
    env.run_until(15).unwrap();
    assert_eq!(
        *out.borrow(),
        "Start parking at 0\n\
         Start driving at 5\n\
         Start parking at 7\n\
         Start driving at 12\n\
         Start parking at 14\n"
    );
}

/// process_interaction.rst, "Waiting for a Process": the car waits for its
/// `charge` process (a process is an event) before driving again.
///
/// ```python
/// class Car(object):
///     def __init__(self, env):
///         self.env = env
///         # Start the run process everytime an instance is created.
///         self.action = env.process(self.run())
///
///     def run(self):
///         while True:
///             print('Start parking and charging at %d' % self.env.now)
///             charge_duration = 5
///             # We yield the process that process() returns
///             # to wait for it to finish
///             yield self.env.process(self.charge(charge_duration))
///
///             # The charge process has finished and
///             # we can start driving again.
///             print('Start driving at %d' % self.env.now)
///             trip_duration = 2
///             yield self.env.timeout(trip_duration)
///
///     def charge(self, duration):
///         yield self.env.timeout(duration)
/// ```
#[test]
fn process_interaction_car_waits_for_its_charge_process() {
    struct Car {
        #[allow(dead_code)] // kept as the Python keeps it; only the next program uses it
        action: Process,
    }

    impl Car {
        fn new(env: &Env, out: &Output) -> Car {
            // Start the run process everytime an instance is created.
            let action = env.process(Car::run(env.clone(), out.clone()));
            Car { action }
        }

        fn run(env: Env, out: Output) -> ProcessGen {
            proc(move |co| async move {
                loop {
                    print(&out, &format!("Start parking and charging at {}", env.now() as i64));
                    let charge_duration = 5.0;
                    // We yield the process that process() returns
                    // to wait for it to finish
                    co.yield_(env.process(Car::charge(env.clone(), charge_duration)).event()).await;

                    // The charge process has finished and
                    // we can start driving again.
                    print(&out, &format!("Start driving at {}", env.now() as i64));
                    let trip_duration = 2.0;
                    co.yield_(env.timeout(trip_duration)).await;
                }
            })
        }

        fn charge(env: Env, duration: f64) -> ProcessGen {
            proc(move |co| async move {
                co.yield_(env.timeout(duration)).await;
            })
        }
    }

    let out = Output::default();
    let env = Env::new();
    let _car = Car::new(&env, &out);
    env.run_until(15).unwrap();
    assert_eq!(
        *out.borrow(),
        "Start parking and charging at 0\n\
         Start driving at 5\n\
         Start parking and charging at 7\n\
         Start driving at 12\n\
         Start parking and charging at 14\n"
    );
}

/// process_interaction.rst, "Interrupting Another Process": a driver
/// interrupts the car's charging; the car catches `simpy.Interrupt` and
/// drives at 3 instead of 5.
///
/// ```python
/// def driver(env, car):
///     yield env.timeout(3)
///     car.action.interrupt()
///
/// class Car(object):
///     def __init__(self, env):
///         self.env = env
///         self.action = env.process(self.run())
///
///     def run(self):
///         while True:
///             print('Start parking and charging at %d' % self.env.now)
///             charge_duration = 5
///             # We may get interrupted while charging the battery
///             try:
///                 yield self.env.process(self.charge(charge_duration))
///             except simpy.Interrupt:
///                 # When we received an interrupt, we stop charging and
///                 # switch to the "driving" state
///                 print('Was interrupted. Hope, the battery is full enough ...')
///
///             print('Start driving at %d' % self.env.now)
///             trip_duration = 2
///             yield self.env.timeout(trip_duration)
///
///     def charge(self, duration):
///         yield self.env.timeout(duration)
/// ```
#[test]
fn process_interaction_driver_interrupts_the_charging() {
    fn driver(env: Env, car: Rc<Car>) -> ProcessGen {
        proc(move |co| async move {
            co.yield_(env.timeout(3.0)).await;
            car.action.interrupt(())?;
            Ok::<(), Failure>(())
        })
    }

    struct Car {
        action: Process,
    }

    impl Car {
        fn new(env: &Env, out: &Output) -> Car {
            let action = env.process(Car::run(env.clone(), out.clone()));
            Car { action }
        }

        fn run(env: Env, out: Output) -> ProcessGen {
            proc(move |co| async move {
                loop {
                    print(&out, &format!("Start parking and charging at {}", env.now() as i64));
                    let charge_duration = 5.0;
                    // We may get interrupted while charging the battery
                    match co.wait(env.process(Car::charge(env.clone(), charge_duration)).event()).await {
                        Ok(_) => {}
                        Err(failure) if failure.interrupt().is_some() => {
                            // When we received an interrupt, we stop charging and
                            // switch to the "driving" state
                            print(&out, "Was interrupted. Hope, the battery is full enough ...");
                        }
                        Err(failure) => return Err::<(), Failure>(failure), // not an Interrupt: it propagates
                    }

                    print(&out, &format!("Start driving at {}", env.now() as i64));
                    let trip_duration = 2.0;
                    co.yield_(env.timeout(trip_duration)).await;
                }
            })
        }

        fn charge(env: Env, duration: f64) -> ProcessGen {
            proc(move |co| async move {
                co.yield_(env.timeout(duration)).await;
            })
        }
    }

    let out = Output::default();
    let env = Env::new();
    let car = Rc::new(Car::new(&env, &out));
    env.process(driver(env.clone(), car));
    env.run_until(15).unwrap();
    assert_eq!(
        *out.borrow(),
        "Start parking and charging at 0\n\
         Was interrupted. Hope, the battery is full enough ...\n\
         Start driving at 3\n\
         Start parking and charging at 5\n\
         Start driving at 10\n\
         Start parking and charging at 12\n"
    );
}

/// shared_resources.rst: four cars share a battery charging station's two
/// spots (a `Resource`, requested with `with`); cars 2 and 3 wait.
///
/// ```python
/// def car(env, name, bcs, driving_time, charge_duration):
///     # Simulate driving to the BCS
///     yield env.timeout(driving_time)
///
///     # Request one of its charging spots
///     print('%s arriving at %d' % (name, env.now))
///     with bcs.request() as req:
///         yield req
///
///         # Charge the battery
///         print('%s starting to charge at %s' % (name, env.now))
///         yield env.timeout(charge_duration)
///         print('%s leaving the bcs at %s' % (name, env.now))
///
/// env = simpy.Environment()
/// bcs = simpy.Resource(env, capacity=2)
/// for i in range(4):
///     env.process(car(env, 'Car %d' % i, bcs, i*2, 5))
/// env.run()
/// ```
#[test]
fn shared_resources_cars_share_the_charging_station() {
    fn car(
        env: Env,
        out: Output,
        name: String,
        bcs: Resource,
        driving_time: f64,
        charge_duration: f64,
    ) -> ProcessGen {
        proc(move |co| async move {
            // Simulate driving to the BCS
            co.yield_(env.timeout(driving_time)).await;

            // Request one of its charging spots
            print(&out, &format!("{name} arriving at {}", env.now() as i64));
            {
                let req = bcs.request(); // released when dropped: SimPy's `with`
                co.yield_(req.event()).await;

                // Charge the battery
                print(&out, &format!("{name} starting to charge at {}", env.now()));
                co.yield_(env.timeout(charge_duration)).await;
                print(&out, &format!("{name} leaving the bcs at {}", env.now()));
            }
        })
    }

    let out = Output::default();
    let env = Env::new();
    let bcs = Resource::new(&env, 2).unwrap();
    for i in 0..4 {
        env.process(car(env.clone(), out.clone(), format!("Car {i}"), bcs.clone(), (i * 2) as f64, 5.0));
    }
    env.run().unwrap();
    assert_eq!(
        *out.borrow(),
        "Car 0 arriving at 0\n\
         Car 0 starting to charge at 0\n\
         Car 1 arriving at 2\n\
         Car 1 starting to charge at 2\n\
         Car 2 arriving at 4\n\
         Car 0 leaving the bcs at 5\n\
         Car 2 starting to charge at 5\n\
         Car 3 arriving at 6\n\
         Car 1 leaving the bcs at 7\n\
         Car 3 starting to charge at 7\n\
         Car 2 leaving the bcs at 10\n\
         Car 3 leaving the bcs at 12\n"
    );
}
