//! Port of SimPy 4.1.2's topical guide "Shared Resources"
//! (`docs/topical_guides/resources.rst`): one test per doctest program, each
//! printing what the Python prints, compared with the guide's output verbatim
//! (checked against SimPy 4.1.2 under CPython 3.13.0 by running the guide's
//! doctests).
//!
//! The guide's times are Python `int`s; an integral `f64` prints the same
//! with Rust's `{}` (`1`, not `1.0`).
mod guide;

use std::fmt;

use gensend_sim::{
    Container, Env, Failure, FilterStore, Preempted, PreemptiveResource, PriorityItem, PriorityResource,
    PriorityStore, Process, Resource, Store, Value, Wait, proc,
};
use guide::{Stdout, assert_simpy_event_counts, py_list};

/// The guide's first program: request, use, release by hand.
///
/// ```python
/// def resource_user(env, resource):
///     request = resource.request()  # Generate a request event
///     yield request                 # Wait for access
///     yield env.timeout(1)          # Do something
///     resource.release(request)     # Release the resource
///
/// env = simpy.Environment()
/// res = simpy.Resource(env, capacity=1)
/// user = env.process(resource_user(env, res))
/// env.run()
/// ```
fn resource_user_releasing_by_hand(env: &Env, resource: &Resource) -> Process {
    let (env2, resource) = (env.clone(), resource.clone());
    env.process(proc(move |co| async move {
        let request = resource.request().detach(); // no `with`: released by hand
        co.yield_(request.clone()).await;
        co.yield_(env2.timeout(1.0)).await;
        resource.release(&request);
    }))
}

#[test]
fn resource_basic_usage() {
    let env = Env::new();
    let res = Resource::new(&env, 1).unwrap();
    let user = resource_user_releasing_by_hand(&env, &res);
    env.run().unwrap();
    assert_simpy_event_counts(&env, 5, 0);
    // The guide prints nothing; SimPy ends with user.ok, env.now == 1 and the
    // slot free again.
    assert_eq!(user.ok(), Some(true));
    assert_eq!(env.now(), 1.0);
    assert_eq!((res.count(), res.users().len(), res.queue().len()), (0, 0, 0));
}

#[test]
fn resource_basic_usage_with_statement() {
    // The guide's second program runs in the first one's session: the same
    // `env` (now 1) and `res`.
    let env = Env::new();
    let res = Resource::new(&env, 1).unwrap();
    resource_user_releasing_by_hand(&env, &res);
    env.run().unwrap();

    // def resource_user(env, resource):
    //     with resource.request() as req:  # Generate a request event
    //         yield req                    # Wait for access
    //         yield env.timeout(1)         # Do something
    //                                      # Resource released automatically
    // user = env.process(resource_user(env, res))
    // env.run()
    let (e, r) = (env.clone(), res.clone());
    let user = env.process(proc(move |co| async move {
        let req = r.request(); // released when dropped: SimPy's `with`
        co.yield_(req.event()).await;
        co.yield_(e.timeout(1.0)).await;
        assert_eq!(r.count(), 1);
    }));
    env.run().unwrap();
    assert_simpy_event_counts(&env, 10, 0);
    assert_eq!(user.ok(), Some(true));
    assert_eq!(env.now(), 2.0);
    assert_eq!((res.count(), res.users().len(), res.queue().len()), (0, 0, 0));
}

/// ```python
/// def print_stats(res):
///     print(f'{res.count} of {res.capacity} slots are allocated.')
///     print(f'  Users: {res.users}')
///     print(f'  Queued events: {res.queue}')
/// ```
fn print_stats(out: &Stdout, res: &Resource) {
    out.print(format!("{} of {} slots are allocated.", res.count(), res.capacity()));
    out.print(format!("  Users: {}", py_list(&res.users())));
    out.print(format!("  Queued events: {}", py_list(&res.queue())));
}

#[test]
fn resource_users_and_queue() {
    // res = simpy.Resource(env, capacity=1)
    //
    // def user(res):
    //     print_stats(res)
    //     with res.request() as req:
    //         yield req
    //         print_stats(res)
    //     print_stats(res)
    //
    // procs = [env.process(user(res)), env.process(user(res))]
    // env.run()
    //
    // The doctest runs this in the earlier programs' `env` (now 2, its queue
    // empty); a new one prints the same and schedules the same 8 events.
    let env = Env::new();
    let out = Stdout::default();
    let res = Resource::new(&env, 1).unwrap();
    let user = |res: Resource, out: Stdout| {
        proc(move |co| async move {
            print_stats(&out, &res);
            {
                let req = res.request();
                co.yield_(req.event()).await;
                print_stats(&out, &res);
            }
            print_stats(&out, &res);
        })
    };
    let procs = [env.process(user(res.clone(), out.clone())), env.process(user(res.clone(), out.clone()))];
    env.run().unwrap();
    assert_simpy_event_counts(&env, 8, 0);
    assert!(procs.iter().all(|p| p.ok() == Some(true)));
    assert_eq!(
        out.lines(),
        [
            "0 of 1 slots are allocated.",
            "  Users: []",
            "  Queued events: []",
            "1 of 1 slots are allocated.",
            "  Users: [<Request() object at 0x...>]",
            "  Queued events: []",
            "1 of 1 slots are allocated.",
            "  Users: [<Request() object at 0x...>]",
            "  Queued events: [<Request() object at 0x...>]",
            "0 of 1 slots are allocated.",
            "  Users: []",
            "  Queued events: [<Request() object at 0x...>]",
            "1 of 1 slots are allocated.",
            "  Users: [<Request() object at 0x...>]",
            "  Queued events: []",
            "0 of 1 slots are allocated.",
            "  Users: []",
            "  Queued events: []",
        ]
    );
}

#[test]
fn priority_resource() {
    // def resource_user(name, env, resource, wait, prio):
    //     yield env.timeout(wait)
    //     with resource.request(priority=prio) as req:
    //         print(f'{name} requesting at {env.now} with priority={prio}')
    //         yield req
    //         print(f'{name} got resource at {env.now}')
    //         yield env.timeout(3)
    //
    // env = simpy.Environment()
    // res = simpy.PriorityResource(env, capacity=1)
    // p1 = env.process(resource_user(1, env, res, wait=0, prio=0))
    // p2 = env.process(resource_user(2, env, res, wait=1, prio=0))
    // p3 = env.process(resource_user(3, env, res, wait=2, prio=-1))
    // env.run()
    let env = Env::new();
    let out = Stdout::default();
    let res = PriorityResource::new(&env, 1).unwrap();
    let resource_user = |name: i32, wait: f64, prio: i64| {
        let (env, resource, out) = (env.clone(), res.clone(), out.clone());
        proc(move |co| async move {
            co.yield_(env.timeout(wait)).await;
            let req = resource.request(prio);
            out.print(format!("{name} requesting at {} with priority={prio}", env.now()));
            co.yield_(req.event()).await;
            out.print(format!("{name} got resource at {}", env.now()));
            co.yield_(env.timeout(3.0)).await;
        })
    };
    env.process(resource_user(1, 0.0, 0));
    env.process(resource_user(2, 1.0, 0));
    env.process(resource_user(3, 2.0, -1));
    env.run().unwrap();
    assert_simpy_event_counts(&env, 18, 0);
    assert_eq!(
        out.lines(),
        [
            "1 requesting at 0 with priority=0",
            "1 got resource at 0",
            "2 requesting at 1 with priority=0",
            "3 requesting at 2 with priority=-1",
            "3 got resource at 3",
            "2 got resource at 6",
        ]
    );
}

#[test]
fn preemptive_resource() {
    // def resource_user(name, env, resource, wait, prio):
    //     yield env.timeout(wait)
    //     with resource.request(priority=prio) as req:
    //         print(f'{name} requesting at {env.now} with priority={prio}')
    //         yield req
    //         print(f'{name} got resource at {env.now}')
    //         try:
    //             yield env.timeout(3)
    //         except simpy.Interrupt as interrupt:
    //             by = interrupt.cause.by
    //             usage = env.now - interrupt.cause.usage_since
    //             print(f'{name} got preempted by {by} at {env.now}'
    //                   f' after {usage}')
    //
    // env = simpy.Environment()
    // res = simpy.PreemptiveResource(env, capacity=1)
    // p1 = env.process(resource_user(1, env, res, wait=0, prio=0))
    // p2 = env.process(resource_user(2, env, res, wait=1, prio=0))
    // p3 = env.process(resource_user(3, env, res, wait=2, prio=-1))
    // env.run()
    let env = Env::new();
    let out = Stdout::default();
    let res = PreemptiveResource::new(&env, 1).unwrap();
    let resource_user = |name: i32, wait: f64, prio: i64| {
        let (env, resource, out) = (env.clone(), res.clone(), out.clone());
        proc(move |co| async move {
            co.yield_(env.timeout(wait)).await;
            let req = resource.request(prio, true); // `preempt` defaults to True
            out.print(format!("{name} requesting at {} with priority={prio}", env.now()));
            co.yield_(req.event()).await;
            out.print(format!("{name} got resource at {}", env.now()));
            if let Err(failure) = co.wait(env.timeout(3.0)).await {
                let Some(interrupt) = failure.interrupt() else { return Err(failure) };
                let cause = interrupt.cause().get::<Preempted>().expect("a Preempted cause");
                let by = cause.by.as_ref().expect("preempted by a process");
                let usage = env.now() - cause.usage_since.expect("a granted request");
                out.print(format!("{name} got preempted by {by} at {} after {usage}", env.now()));
            }
            Ok::<(), Failure>(())
        })
    };
    // SimPy names a process after its generator function.
    let procs = [
        env.process_named("resource_user", resource_user(1, 0.0, 0)),
        env.process_named("resource_user", resource_user(2, 1.0, 0)),
        env.process_named("resource_user", resource_user(3, 2.0, -1)),
    ];
    env.run().unwrap();
    assert_simpy_event_counts(&env, 19, 0);
    assert!(procs.iter().all(|p| p.ok() == Some(true)));
    assert_eq!(
        out.lines(),
        [
            "1 requesting at 0 with priority=0",
            "1 got resource at 0",
            "2 requesting at 1 with priority=0",
            "3 requesting at 2 with priority=-1",
            "1 got preempted by <Process(resource_user) object at 0x...> at 2 after 2",
            "3 got resource at 2",
            "2 got resource at 5",
        ]
    );
}

#[test]
fn preemptive_resource_priority_over_preemption() {
    // def user(name, env, res, prio, preempt):
    //     with res.request(priority=prio, preempt=preempt) as req:
    //         try:
    //             print(f'{name} requesting at {env.now}')
    //             assert isinstance(env.now, int), type(env.now)
    //             yield req
    //             assert isinstance(env.now, int), type(env.now)
    //             print(f'{name} got resource at {env.now}')
    //             yield env.timeout(3)
    //         except simpy.Interrupt:
    //             print(f'{name} got preempted at {env.now}')
    //
    // env = simpy.Environment()
    // res = simpy.PreemptiveResource(env, capacity=1)
    // A = env.process(user('A', env, res, prio=0, preempt=True))
    // env.run(until=1)  # Give A a head start
    // B = env.process(user('B', env, res, prio=-2, preempt=False))
    // C = env.process(user('C', env, res, prio=-1, preempt=True))
    // env.run()
    let env = Env::new();
    let out = Stdout::default();
    let res = PreemptiveResource::new(&env, 1).unwrap();
    let user = |name: &'static str, prio: i64, preempt: bool| {
        let (env, res, out) = (env.clone(), res.clone(), out.clone());
        proc(move |co| async move {
            let req = res.request(prio, preempt);
            let used = async {
                out.print(format!("{name} requesting at {}", env.now()));
                assert_eq!(env.now().fract(), 0.0, "an int time");
                co.wait(req.event()).await?;
                assert_eq!(env.now().fract(), 0.0, "an int time");
                out.print(format!("{name} got resource at {}", env.now()));
                co.wait(env.timeout(3.0)).await
            };
            match used.await {
                Err(failure) if failure.interrupt().is_some() => {
                    out.print(format!("{name} got preempted at {}", env.now()));
                    Ok::<(), Failure>(())
                }
                other => other.map(drop),
            }
        })
    };
    let a = env.process(user("A", 0, true));
    env.run_until(1).unwrap(); // Give A a head start
    assert_eq!(out.lines(), ["A requesting at 0", "A got resource at 0"]);
    let b = env.process(user("B", -2, false));
    let c = env.process(user("C", -1, true));
    env.run().unwrap();
    assert_simpy_event_counts(&env, 17, 0);
    assert!([a, b, c].iter().all(|p| p.ok() == Some(true)));
    assert_eq!(
        out.lines(),
        [
            "A requesting at 0",
            "A got resource at 0",
            "B requesting at 1",
            "C requesting at 1",
            "B got resource at 3",
            "C got resource at 6",
        ]
    );
}

/// ```python
/// class GasStation:
///     def __init__(self, env):
///         self.fuel_dispensers = simpy.Resource(env, capacity=2)
///         self.gas_tank = simpy.Container(env, init=100, capacity=1000)
///         self.mon_proc = env.process(self.monitor_tank(env))
/// ```
#[derive(Clone)]
struct GasStation {
    fuel_dispensers: Resource,
    gas_tank: Container,
}

impl GasStation {
    /// The station and its tank-monitoring process (`mon_proc`).
    fn new(env: &Env, out: &Stdout) -> (GasStation, Process) {
        let station = GasStation {
            fuel_dispensers: Resource::new(env, 2).unwrap(),
            gas_tank: Container::new(env, 1000.0, 100.0).unwrap(),
        };
        let mon_proc = env.process(station.monitor_tank(env.clone(), out.clone()));
        (station, mon_proc)
    }

    /// ```python
    /// def monitor_tank(self, env):
    ///     while True:
    ///         if self.gas_tank.level < 100:
    ///             print(f'Calling tanker at {env.now}')
    ///             env.process(tanker(env, self))
    ///         yield env.timeout(15)
    /// ```
    fn monitor_tank(&self, env: Env, out: Stdout) -> gensend_sim::ProcessGen {
        let station = self.clone();
        proc(move |co| async move {
            loop {
                if station.gas_tank.level() < 100.0 {
                    out.print(format!("Calling tanker at {}", env.now()));
                    env.process(tanker(env.clone(), station.clone(), out.clone()));
                }
                co.yield_(env.timeout(15.0)).await;
            }
        })
    }
}

/// ```python
/// def tanker(env, gas_station):
///     yield env.timeout(10)  # Need 10 Minutes to arrive
///     print(f'Tanker arriving at {env.now}')
///     amount = gas_station.gas_tank.capacity - gas_station.gas_tank.level
///     yield gas_station.gas_tank.put(amount)
/// ```
fn tanker(env: Env, gas_station: GasStation, out: Stdout) -> gensend_sim::ProcessGen {
    proc(move |co| async move {
        co.yield_(env.timeout(10.0)).await;
        out.print(format!("Tanker arriving at {}", env.now()));
        let amount = gas_station.gas_tank.capacity() - gas_station.gas_tank.level();
        co.yield_(gas_station.gas_tank.put(amount)?).await;
        Ok::<(), Failure>(())
    })
}

/// ```python
/// def car(name, env, gas_station):
///     print(f'Car {name} arriving at {env.now}')
///     with gas_station.fuel_dispensers.request() as req:
///         yield req
///         print(f'Car {name} starts refueling at {env.now}')
///         yield gas_station.gas_tank.get(40)
///         yield env.timeout(5)
///         print(f'Car {name} done refueling at {env.now}')
/// ```
fn car(name: i32, env: Env, gas_station: GasStation, out: Stdout) -> gensend_sim::ProcessGen {
    proc(move |co| async move {
        out.print(format!("Car {name} arriving at {}", env.now()));
        let req = gas_station.fuel_dispensers.request();
        co.yield_(req.event()).await;
        out.print(format!("Car {name} starts refueling at {}", env.now()));
        co.yield_(gas_station.gas_tank.get(40.0)?).await;
        co.yield_(env.timeout(5.0)).await;
        out.print(format!("Car {name} done refueling at {}", env.now()));
        Ok::<(), Failure>(())
    })
}

#[test]
fn containers_gas_station() {
    // def car_generator(env, gas_station):
    //     for i in range(4):
    //         env.process(car(i, env, gas_station))
    //         yield env.timeout(5)
    //
    // env = simpy.Environment()
    // gas_station = GasStation(env)
    // car_gen = env.process(car_generator(env, gas_station))
    // env.run(35)
    let env = Env::new();
    let out = Stdout::default();
    let (gas_station, mon_proc) = GasStation::new(&env, &out);
    let (e, station, o) = (env.clone(), gas_station.clone(), out.clone());
    let car_gen = env.process(proc(move |co| async move {
        for i in 0..4 {
            e.process(car(i, e.clone(), station.clone(), o.clone()));
            co.yield_(e.timeout(5.0)).await;
        }
    }));
    env.run_until(35).unwrap();
    assert_simpy_event_counts(&env, 40, 2);
    assert_eq!(
        out.lines(),
        [
            "Car 0 arriving at 0",
            "Car 0 starts refueling at 0",
            "Car 1 arriving at 5",
            "Car 0 done refueling at 5",
            "Car 1 starts refueling at 5",
            "Car 2 arriving at 10",
            "Car 1 done refueling at 10",
            "Car 2 starts refueling at 10",
            "Calling tanker at 15",
            "Car 3 arriving at 15",
            "Car 3 starts refueling at 15",
            "Tanker arriving at 25",
            "Car 2 done refueling at 30",
            "Car 3 done refueling at 30",
        ]
    );
    // At 35 SimPy's tank holds 920 (the tanker filled it to 1000 at 25, cars 2
    // and 3 had taken their 40 each before), nothing waits, and the monitor
    // runs on.
    assert_eq!((gas_station.gas_tank.level(), gas_station.gas_tank.capacity()), (920.0, 1000.0));
    assert!(gas_station.gas_tank.put_queue().is_empty() && gas_station.gas_tank.get_queue().is_empty());
    assert!(mon_proc.is_alive() && !car_gen.is_alive());
}

#[test]
fn stores_producer_consumer() {
    // def producer(env, store):
    //     for i in range(100):
    //         yield env.timeout(2)
    //         yield store.put(f'spam {i}')
    //         print(f'Produced spam at', env.now)
    //
    // def consumer(name, env, store):
    //     while True:
    //         yield env.timeout(1)
    //         print(name, 'requesting spam at', env.now)
    //         item = yield store.get()
    //         print(name, 'got', item, 'at', env.now)
    //
    // env = simpy.Environment()
    // store = simpy.Store(env, capacity=2)
    //
    // prod = env.process(producer(env, store))
    // consumers = [env.process(consumer(i, env, store)) for i in range(2)]
    //
    // env.run(until=5)
    let env = Env::new();
    let out = Stdout::default();
    let store = Store::new(&env, 2.0).unwrap();
    let (e, s, o) = (env.clone(), store.clone(), out.clone());
    env.process(proc(move |co| async move {
        for i in 0..100 {
            co.yield_(e.timeout(2.0)).await;
            co.yield_(s.put(format!("spam {i}"))?).await;
            o.print(format!("Produced spam at {}", e.now()));
        }
        Ok::<(), Failure>(())
    }));
    let consumer = |name: i32| {
        let (env, store, out) = (env.clone(), store.clone(), out.clone());
        proc(move |co| async move {
            loop {
                co.yield_(env.timeout(1.0)).await;
                out.print(format!("{name} requesting spam at {}", env.now()));
                let item = co.yield_(store.get()).await;
                let item = item.get::<String>().expect("a str");
                out.print(format!("{name} got {item} at {}", env.now()));
            }
        })
    };
    let _consumers: Vec<Process> = (0..2).map(|i| env.process(consumer(i))).collect();
    env.run_until(5).unwrap();
    assert_simpy_event_counts(&env, 16, 3);
    assert_eq!(
        out.lines(),
        [
            "0 requesting spam at 1",
            "1 requesting spam at 1",
            "Produced spam at 2",
            "0 got spam 0 at 2",
            "0 requesting spam at 3",
            "Produced spam at 4",
            "1 got spam 1 at 4",
        ]
    );
    // Consumer 0 waits for spam 2, which the producer makes at 6.
    assert_eq!((store.items().len(), store.get_queue().len(), store.capacity()), (0, 1, 2.0));
}

/// `Machine = namedtuple('Machine', 'size, duration')`.
#[derive(Clone, Copy, PartialEq)]
struct Machine {
    size: i32,
    duration: i32,
}

/// The namedtuple's `repr`.
impl fmt::Debug for Machine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Machine(size={}, duration={})", self.size, self.duration)
    }
}

#[test]
fn stores_filter_store_machine_shop() {
    // m1 = Machine(1, 2)  # Small and slow
    // m2 = Machine(2, 1)  # Big and fast
    //
    // env = simpy.Environment()
    // machine_shop = simpy.FilterStore(env, capacity=2)
    // machine_shop.items = [m1, m2]  # Pre-populate the machine shop
    //
    // def user(name, env, ms, size):
    //     machine = yield ms.get(lambda machine: machine.size == size)
    //     print(name, 'got', machine, 'at', env.now)
    //     yield env.timeout(machine.duration)
    //     yield ms.put(machine)
    //     print(name, 'released', machine, 'at', env.now)
    //
    // users = [env.process(user(i, env, machine_shop, (i % 2) + 1))
    //          for i in range(3)]
    // env.run()
    let m1 = Machine { size: 1, duration: 2 }; // Small and slow
    let m2 = Machine { size: 2, duration: 1 }; // Big and fast
    let env = Env::new();
    let out = Stdout::default();
    let machine_shop = FilterStore::new(&env, 2.0).unwrap();
    machine_shop.set_items(vec![Value::new(m1), Value::new(m2)]); // Pre-populate the machine shop
    let user = |name: i32, size: i32| {
        let (env, ms, out) = (env.clone(), machine_shop.clone(), out.clone());
        proc(move |co| async move {
            let got =
                co.yield_(ms.get_filtered(move |m| m.get::<Machine>().is_some_and(|m| m.size == size))).await;
            let machine = *got.get::<Machine>().expect("a Machine");
            out.print(format!("{name} got {machine:?} at {}", env.now()));
            co.yield_(env.timeout(f64::from(machine.duration))).await;
            co.yield_(ms.put(Value::new(machine))?).await;
            out.print(format!("{name} released {machine:?} at {}", env.now()));
            Ok::<(), Failure>(())
        })
    };
    let users: Vec<Process> = (0..3).map(|i| env.process(user(i, (i % 2) + 1))).collect();
    env.run().unwrap();
    assert_simpy_event_counts(&env, 15, 0);
    assert!(users.iter().all(|p| p.ok() == Some(true)));
    assert_eq!(
        out.lines(),
        [
            "0 got Machine(size=1, duration=2) at 0",
            "1 got Machine(size=2, duration=1) at 0",
            "1 released Machine(size=2, duration=1) at 1",
            "0 released Machine(size=1, duration=2) at 2",
            "2 got Machine(size=1, duration=2) at 2",
            "2 released Machine(size=1, duration=2) at 4",
        ]
    );
    let items: Vec<Machine> = machine_shop.items().iter().map(|m| *m.get::<Machine>().unwrap()).collect();
    assert_eq!(items, [m2, m1]);
}

/// `PriorityItem`'s `repr` as the guide prints it. The guide's priorities
/// are the strings `'P0'`..`'P3'`; `PriorityItem::priority` is a number, so
/// the port uses 0..3, which sort as the strings do.
fn issue_repr(issue: &PriorityItem) -> String {
    let item = issue.item.get::<&str>().expect("a str");
    format!("PriorityItem(priority='P{}', item='{item}')", issue.priority)
}

#[test]
fn stores_priority_store_issues() {
    // env = simpy.Environment()
    // issues = simpy.PriorityStore(env)
    //
    // def inspector(env, issues):
    //     for issue in [simpy.PriorityItem('P2', '#0000'),
    //                   simpy.PriorityItem('P0', '#0001'),
    //                   simpy.PriorityItem('P3', '#0002'),
    //                   simpy.PriorityItem('P1', '#0003')]:
    //         yield env.timeout(1)
    //         print(env.now, 'log', issue)
    //         yield issues.put(issue)
    //
    // def maintainer(env, issues):
    //     while True:
    //         yield env.timeout(3)
    //         issue = yield issues.get()
    //         print(env.now, 'repair', issue)
    //
    // _ = env.process(inspector(env, issues))
    // _ = env.process(maintainer(env, issues))
    // env.run()
    let env = Env::new();
    let out = Stdout::default();
    let issues = PriorityStore::new(&env, f64::INFINITY).unwrap();
    let (e, store, o) = (env.clone(), issues.clone(), out.clone());
    env.process(proc(move |co| async move {
        for issue in [
            PriorityItem::new(2.0, "#0000"),
            PriorityItem::new(0.0, "#0001"),
            PriorityItem::new(3.0, "#0002"),
            PriorityItem::new(1.0, "#0003"),
        ] {
            co.yield_(e.timeout(1.0)).await;
            o.print(format!("{} log {}", e.now(), issue_repr(&issue)));
            co.yield_(store.put(issue)?).await;
        }
        Ok::<(), Failure>(())
    }));
    let (e, store, o) = (env.clone(), issues.clone(), out.clone());
    let maintainer = env.process(proc(move |co| async move {
        loop {
            co.yield_(e.timeout(3.0)).await;
            let issue = co.yield_(store.get()).await;
            o.print(format!(
                "{} repair {}",
                e.now(),
                issue_repr(issue.get::<PriorityItem>().expect("an item"))
            ));
        }
    }));
    env.run().unwrap();
    assert_simpy_event_counts(&env, 20, 0);
    assert_eq!(
        out.lines(),
        [
            "1 log PriorityItem(priority='P2', item='#0000')",
            "2 log PriorityItem(priority='P0', item='#0001')",
            "3 log PriorityItem(priority='P3', item='#0002')",
            "3 repair PriorityItem(priority='P0', item='#0001')",
            "4 log PriorityItem(priority='P1', item='#0003')",
            "6 repair PriorityItem(priority='P1', item='#0003')",
            "9 repair PriorityItem(priority='P2', item='#0000')",
            "12 repair PriorityItem(priority='P3', item='#0002')",
        ]
    );
    // The run ends when the queue empties: the maintainer waits at 15 for an
    // issue that never comes.
    assert_eq!(env.now(), 15.0);
    assert!(maintainer.is_alive() && issues.is_empty());
}
