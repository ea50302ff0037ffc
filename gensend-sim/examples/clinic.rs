//! A clinic, line by line from `tests/golden/clinic.py`: a SimPy 4 program
//! written for gensend-sim's tests (not one of SimPy's examples) to check the
//! kernel where SimPy's documented examples go little or not at all.
//! Patients wait for an `all_of` of two requests (a nurse and a room) or'ed
//! with a timeout, and look at the nested condition's value to see which
//! fired; take equipment from a `FilterStore`; draw supplies from a
//! `Container`; send samples through a `Store` to a lab process that
//! succeeds each sample's event; and see the first free of two doctors (an
//! `any_of` of two `PreemptiveResource` requests, the other one released or
//! cancelled), who are preempted by emergencies (`Preempted` with `by` and
//! `usage_since`). A process's return value says how the consultation went.
//!
//! It draws from [`Random`], CPython's `random` draw for draw, seeded with 42
//! as the Python is, so it prints what SimPy 4.1.2 prints for the Python
//! (`tests/golden/clinic.out`) byte for byte and schedules SimPy's events
//! (`tests/golden/clinic.events`).
//!
//! The Python's integer quantities (supplies, counts) are printed as Python
//! prints an `int`; its booleans as `True`/`False` ([`py_bool`]).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gensend_sim::random::Random;
use gensend_sim::{
    ConditionValue, Container, Env, Event, Failure, FilterStore, Preempted, PreemptiveResource,
    PriorityResource, ProcessGen, Resource, Store, Value, Wait, proc, py_fixed,
};

/// Python's module-level `random`, shared by every process.
type SharedRandom = Rc<RefCell<Random>>;

// The defaults make clinic.out; tests/golden/sweep.sh varies them.
const RANDOM_SEED: i128 = 42;
const SIM_TIME: f64 = 240.0; // Minutes
const MEAN_ARRIVAL: f64 = 5.0; // Mean time between arrivals (minutes)
const PATIENCE: [f64; 2] = [5.0, 25.0]; // Min/max minutes a patient waits for a nurse and a room
const KINDS: [&str; 4] = ["checkup", "injury", "fever", "emergency"];
const EQUIPMENT: [(&str, &str); 6] = [
    ("cuff-1", "checkup"),
    ("splint-1", "injury"),
    ("thermo-1", "fever"),
    ("cuff-2", "checkup"),
    ("defib-1", "emergency"),
    ("splint-2", "injury"),
];
const SUPPLIES: f64 = 30.0; // Units of supplies in the cabinet
const RESTOCK_LEVEL: f64 = 10.0; // Restock when fewer units than this are left
const LAB_TIME: [i64; 2] = [4, 12]; // Min/max minutes to analyse a sample

/// A piece of equipment: `(name, kind)`, the Python's tuple.
type Item = (&'static str, &'static str);

/// A sample sent to the lab: the patient's name and the event the lab
/// succeeds with the result, the Python's `(name, done)`.
type Sample = (String, Event);

struct Clinic {
    nurses: Resource,
    rooms: PriorityResource,
    doctors: [PreemptiveResource; 2],
    cabinet: FilterStore,
    supplies: Container,
    lab: Store,
    served: Cell<u32>,
    reneged: Cell<u32>,
    preempted: Cell<u32>,
    total_wait: Cell<f64>,
    waited: Cell<u32>,
}

impl Clinic {
    fn new(env: &Env) -> Result<Clinic, Failure> {
        let cabinet = FilterStore::new(env, f64::INFINITY)?;
        for item in EQUIPMENT {
            cabinet.put(Value::new(item))?;
        }
        Ok(Clinic {
            nurses: Resource::new(env, 1)?,
            rooms: PriorityResource::new(env, 2)?,
            doctors: [PreemptiveResource::new(env, 1)?, PreemptiveResource::new(env, 1)?],
            cabinet,
            supplies: Container::new(env, SUPPLIES, SUPPLIES)?,
            lab: Store::new(env, 2.0)?,
            served: Cell::new(0),
            reneged: Cell::new(0),
            preempted: Cell::new(0),
            total_wait: Cell::new(0.0),
            waited: Cell::new(0),
        })
    }
}

/// Python's `str(b)`.
fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// A patient: nurse and room, equipment and supplies, maybe the lab,
/// then a doctor.
fn patient(
    env: Env,
    random: SharedRandom,
    name: String,
    kind: &'static str,
    clinic: Rc<Clinic>,
) -> ProcessGen {
    proc(move |co| async move {
        let arrive = env.now();
        let emergency = kind == "emergency";
        let priority = if emergency { 0 } else { 1 };
        let [min_patience, max_patience] = PATIENCE;
        let patience = random.borrow_mut().uniform(min_patience, max_patience);
        println!("{:>7} {name} arrives ({kind})", py_fixed(env.now(), 2));
        {
            // SimPy's `with a as nurse, b as room`: dropped in reverse order, as `with` exits.
            let nurse = clinic.nurses.request();
            let room = clinic.rooms.request(priority);
            let result = co.yield_((nurse.event() & room.event()) | env.timeout(patience)).await;
            let result = result.get::<ConditionValue>().expect("a condition's value");
            if !result.contains(&nurse) || !result.contains(&room) {
                clinic.reneged.set(clinic.reneged.get() + 1);
                println!(
                    "{:>7} {name} leaves after {} (nurse {}, room {})",
                    py_fixed(env.now(), 2),
                    py_fixed(env.now() - arrive, 2),
                    py_bool(result.contains(&nurse)),
                    py_bool(result.contains(&room))
                );
                return Ok(());
            }
            clinic.total_wait.set(clinic.total_wait.get() + (env.now() - arrive));
            clinic.waited.set(clinic.waited.get() + 1);
            let tool = co
                .yield_(
                    clinic
                        .cabinet
                        .get_filtered(move |item| item.get::<Item>().is_some_and(|item| item.1 == kind)),
                )
                .await;
            let units = random.borrow_mut().randint(1, 4)?;
            co.yield_(clinic.supplies.get(units as f64)?).await;
            let (tool_name, _) = *tool.get::<Item>().expect("a piece of equipment");
            println!("{:>7} {name} gets {tool_name} and {units} units", py_fixed(env.now(), 2));
            let delay = random.borrow_mut().expovariate(1.0 / 4.0)?;
            co.yield_(env.timeout(delay)).await;
            co.yield_(clinic.cabinet.put(tool)?).await;
        }

        if random.borrow_mut().random() < 0.4 {
            let done = env.event();
            co.yield_(clinic.lab.put(Value::new::<Sample>((name.clone(), done.clone())))?).await;
            let value = co.yield_(done).await;
            let value = value.get::<String>().expect("a lab result");
            println!("{:>7} {name} gets lab result {value}", py_fixed(env.now(), 2));
        }

        let consultation = env.process_named(
            "consult",
            consult(env.clone(), random.clone(), name.clone(), priority, clinic.clone()),
        );
        let outcome = co.yield_(consultation.event()).await;
        let outcome = outcome.get::<String>().expect("how the consultation went");
        clinic.served.set(clinic.served.get() + 1);
        println!("{:>7} {name} done: {outcome}", py_fixed(env.now(), 2));
        Ok::<(), Failure>(())
    })
}

/// See whichever doctor is free first; return how it went.
fn consult(env: Env, random: SharedRandom, name: String, priority: i64, clinic: Rc<Clinic>) -> ProcessGen {
    proc(move |co| async move {
        let mut remaining = random.borrow_mut().uniform(5.0, 15.0);
        let mut times_preempted = 0;
        while remaining > 0.0 {
            let first = clinic.doctors[0].request(priority, true);
            let second = clinic.doctors[1].request(priority, true);
            let free = match co.wait(first.event() | second.event()).await {
                Ok(free) => free,
                Err(failure) => {
                    failure.interrupt().ok_or_else(|| failure.clone())?;
                    // Granted and preempted before we could start: ask again.
                    give_back(&clinic.doctors[0], first.detach());
                    give_back(&clinic.doctors[1], second.detach());
                    continue;
                }
            };
            let free = free.get::<ConditionValue>().expect("a condition's value");
            let (doctor, req, other) =
                if free.contains(&first) { (0, first, second) } else { (1, second, first) };
            // Give the other doctor back, even if we got both at once.
            give_back(&clinic.doctors[1 - doctor], other.detach()); // the Python's `other` is in no `with`
            {
                let _req = req; // SimPy's `with req:`
                println!("{:>7} {name} sees doctor {doctor}", py_fixed(env.now(), 2));
                let start = env.now();
                match co.wait(env.timeout(remaining)).await {
                    Ok(_) => remaining = 0.0,
                    Err(failure) => {
                        let interrupt = failure.interrupt().ok_or_else(|| failure.clone())?;
                        let preempted = interrupt.cause().get::<Preempted>().expect("a preemption");
                        let used = env.now() - preempted.usage_since.expect("a granted request");
                        remaining -= env.now() - start;
                        times_preempted += 1;
                        clinic.preempted.set(clinic.preempted.get() + 1);
                        let by = preempted.by.as_ref().expect("a preempting process");
                        println!(
                            "{:>7} {name} preempted after {} by {}, {} left",
                            py_fixed(env.now(), 2),
                            py_fixed(used, 2),
                            by.name(),
                            py_fixed(remaining, 2)
                        );
                    }
                }
            }
        }
        if times_preempted != 0 {
            return Ok(format!("treated, preempted {times_preempted}x"));
        }
        Ok::<String, Failure>("treated".to_string())
    })
}

/// Release a granted request; cancel a waiting one.
fn give_back(resource: &PreemptiveResource, request: Event) {
    if request.triggered() {
        resource.release(&request);
    } else {
        request.cancel();
    }
}

/// A doctor's paperwork, which every patient preempts.
fn paperwork(env: Env, doctor: PreemptiveResource, number: usize) -> ProcessGen {
    proc(move |co| async move {
        loop {
            {
                let req = doctor.request(2, false);
                let work = async {
                    co.wait(req.event()).await?;
                    co.wait(env.timeout(10.0)).await?;
                    println!("{:>7} doctor {number} files a report", py_fixed(env.now(), 2));
                    Ok::<(), Failure>(())
                };
                match work.await {
                    Ok(()) => {}
                    Err(failure) if failure.interrupt().is_some() => {}
                    Err(failure) => return Err(failure),
                }
            }
            co.yield_(env.timeout(1.0)).await;
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

/// Analyse samples one at a time; succeed each sample's event.
fn lab(env: Env, random: SharedRandom, clinic: Rc<Clinic>) -> ProcessGen {
    proc(move |co| async move {
        let mut count = 0;
        loop {
            let sample = co.yield_(clinic.lab.get()).await;
            let (_name, done) = sample.get::<Sample>().expect("a sample").clone();
            let [min_time, max_time] = LAB_TIME;
            let delay = random.borrow_mut().randint(min_time, max_time)?;
            co.yield_(env.timeout(delay as f64)).await;
            count += 1;
            done.succeed(format!("#{count}"))?;
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

/// Refill the supplies when they run low.
fn restock(env: Env, clinic: Rc<Clinic>) -> ProcessGen {
    proc(move |co| async move {
        loop {
            co.yield_(env.timeout(15.0)).await;
            if clinic.supplies.level() < RESTOCK_LEVEL {
                let amount = SUPPLIES - clinic.supplies.level();
                co.yield_(clinic.supplies.put(amount)?).await;
                println!("{:>7} restocked {amount} units", py_fixed(env.now(), 2));
            }
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

/// Patients arrive, each with a complaint.
fn arrivals(env: Env, random: SharedRandom, clinic: Rc<Clinic>) -> ProcessGen {
    proc(move |co| async move {
        let mut number = 0;
        loop {
            let delay = random.borrow_mut().expovariate(1.0 / MEAN_ARRIVAL)?;
            co.yield_(env.timeout(delay)).await;
            number += 1;
            let kind = *random.borrow_mut().choice(&KINDS)?;
            let name = format!("Patient {number:02}");
            env.process(patient(env.clone(), random.clone(), name, kind, clinic.clone()));
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

fn main() {
    println!("Clinic");
    let random = Rc::new(RefCell::new(Random::new(setting("CLINIC_SEED", RANDOM_SEED))));
    let env = Env::new();
    let clinic = Rc::new(Clinic::new(&env).expect("the clinic's resources"));
    for (number, doctor) in clinic.doctors.iter().enumerate() {
        env.process(paperwork(env.clone(), doctor.clone(), number));
    }
    env.process(lab(env.clone(), random.clone(), clinic.clone()));
    env.process(restock(env.clone(), clinic.clone()));
    env.process(arrivals(env.clone(), random, clinic.clone()));
    env.run_until(setting("CLINIC_TIME", SIM_TIME)).expect("the clinic runs");

    println!(
        "Served {}, reneged {}, preempted {}",
        clinic.served.get(),
        clinic.reneged.get(),
        clinic.preempted.get()
    );
    println!(
        "Mean wait for a nurse and a room: {}",
        py_fixed(clinic.total_wait.get() / f64::from(clinic.waited.get()), 2)
    );
    println!(
        "Supplies left: {}; equipment in the cabinet: {}",
        clinic.supplies.level(),
        clinic.cabinet.len()
    );
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
