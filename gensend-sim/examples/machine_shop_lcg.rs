//! SimPy's `machine_shop` example (breakdowns as interrupts, a repairman as a
//! `PreemptiveResource` whose unimportant job is preempted), line by line
//! beside `machine_shop_lcg.py`, which is SimPy's example with a
//! deterministic LCG in place of `random`. Prints SimPy 4.1.2's output for it
//! byte for byte, and SimPy's event counts (`tests/golden/machine_shop_lcg.out`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gensend_sim::{Env, Failure, PreemptiveResource, Process, ProcessGen, Wait, proc};

struct Lcg(u64);

impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 * (1.0 / 9007199254740992.0)
    }

    fn expovariate(&mut self, lambd: f64) -> f64 {
        -(1.0 - self.unit()).ln() / lambd
    }

    fn normalvariate(&mut self, mu: f64, sigma: f64) -> f64 {
        let mut s = 0.0;
        for _ in 0..12 {
            s += self.unit();
        }
        mu + sigma * (s - 6.0)
    }
}

type Random = Rc<RefCell<Lcg>>;

const PT_MEAN: f64 = 10.0;
const PT_SIGMA: f64 = 2.0;
const MTTF: f64 = 300.0;
const BREAK_MEAN: f64 = 1.0 / MTTF;
const REPAIR_TIME: f64 = 30.0;
const JOB_DURATION: f64 = 30.0;
const NUM_MACHINES: usize = 10;
const WEEKS: i32 = 4;
const SIM_TIME: i32 = WEEKS * 7 * 24 * 60;

fn time_per_part(random: &Random) -> f64 {
    let mut t = random.borrow_mut().normalvariate(PT_MEAN, PT_SIGMA);
    while t <= 0.0 {
        t = random.borrow_mut().normalvariate(PT_MEAN, PT_SIGMA);
    }
    t
}

fn time_to_failure(random: &Random) -> f64 {
    random.borrow_mut().expovariate(BREAK_MEAN)
}

struct Machine {
    name: String,
    parts_made: Rc<Cell<u64>>,
}

impl Machine {
    fn new(env: &Env, random: &Random, name: String, repairman: &PreemptiveResource) -> Machine {
        let parts_made = Rc::new(Cell::new(0));
        let broken = Rc::new(Cell::new(false));
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

fn working(
    env: Env,
    random: Random,
    repairman: PreemptiveResource,
    parts_made: Rc<Cell<u64>>,
    broken: Rc<Cell<bool>>,
) -> ProcessGen {
    proc(move |co| async move {
        loop {
            let mut done_in = time_per_part(&random);
            while done_in != 0.0 {
                let start = env.now();
                match co.wait(env.timeout(done_in)).await {
                    Ok(_) => done_in = 0.0,
                    Err(failure) => {
                        failure.interrupt().ok_or(failure.clone())?;
                        broken.set(true);
                        done_in -= env.now() - start;
                        {
                            let req = repairman.request(1, true);
                            co.yield_(req.event()).await;
                            co.yield_(env.timeout(REPAIR_TIME)).await;
                        }
                        broken.set(false);
                    }
                }
            }
            parts_made.set(parts_made.get() + 1);
        }
        // A body that loops forever and uses `?` names its error type here.
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

fn break_machine(env: Env, random: Random, process: Process, broken: Rc<Cell<bool>>) -> ProcessGen {
    proc(move |co| async move {
        loop {
            co.yield_(env.timeout(time_to_failure(&random))).await;
            if !broken.get() {
                process.interrupt(())?;
            }
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

fn other_jobs(env: Env, repairman: PreemptiveResource) -> ProcessGen {
    proc(move |co| async move {
        loop {
            let mut done_in = JOB_DURATION;
            while done_in != 0.0 {
                let req = repairman.request(2, true);
                co.yield_(req.event()).await;
                let start = env.now();
                match co.wait(env.timeout(done_in)).await {
                    Ok(_) => done_in = 0.0,
                    Err(failure) => {
                        failure.interrupt().ok_or(failure.clone())?;
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
    println!("Machine shop");
    let random = Rc::new(RefCell::new(Lcg(42)));
    let env = Env::new();
    let repairman = PreemptiveResource::new(&env, 1).unwrap();
    let machines: Vec<Machine> =
        (0..NUM_MACHINES).map(|i| Machine::new(&env, &random, format!("Machine {i}"), &repairman)).collect();
    env.process(other_jobs(env.clone(), repairman));
    env.run_until(SIM_TIME).unwrap();
    println!("Machine shop results after {WEEKS} weeks");
    for machine in &machines {
        println!("{} made {} parts.", machine.name, machine.parts_made.get());
    }
    let stats = env.stats();
    println!("events {} pending {}", stats.scheduled, stats.pending);
}
