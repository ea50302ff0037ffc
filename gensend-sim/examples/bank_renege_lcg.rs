//! SimPy's `bank_renege` example (customers who give up waiting: a request
//! or'ed with a timeout), line by line beside `bank_renege_lcg.py`, which is
//! SimPy's example with a deterministic LCG in place of `random` and 60
//! customers. Prints SimPy 4.1.2's output for it byte for byte, and SimPy's
//! event count (`tests/golden/bank_renege_lcg.out`).

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::{ConditionValue, Env, ProcessGen, Resource, proc};

struct Lcg(u64);

impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 * (1.0 / 9007199254740992.0)
    }

    fn expovariate(&mut self, lambd: f64) -> f64 {
        -(1.0 - self.unit()).ln() / lambd
    }

    fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.unit()
    }
}

type Random = Rc<RefCell<Lcg>>;

const NEW_CUSTOMERS: u32 = 60;
const INTERVAL_CUSTOMERS: f64 = 10.0;
const MIN_PATIENCE: f64 = 1.0;
const MAX_PATIENCE: f64 = 3.0;

fn source(env: Env, random: Random, number: u32, interval: f64, counter: Resource) -> ProcessGen {
    proc(move |co| async move {
        for i in 0..number {
            let c = customer(env.clone(), random.clone(), format!("Customer{i:02}"), counter.clone(), 12.0);
            env.process(c);
            let t = random.borrow_mut().expovariate(1.0 / interval);
            co.yield_(env.timeout(t)).await;
        }
    })
}

fn customer(env: Env, random: Random, name: String, counter: Resource, time_in_bank: f64) -> ProcessGen {
    proc(move |co| async move {
        let arrive = env.now();
        println!("{arrive:7.4} {name}: Here I am");
        let req = counter.request();
        let patience = random.borrow_mut().uniform(MIN_PATIENCE, MAX_PATIENCE);
        let results = co.yield_(req.event() | env.timeout(patience)).await;
        let wait = env.now() - arrive;
        if results.get::<ConditionValue>().is_some_and(|r| r.contains(&req)) {
            println!("{:7.4} {name}: Waited {wait:6.3}", env.now());
            let tib = random.borrow_mut().expovariate(1.0 / time_in_bank);
            co.yield_(env.timeout(tib)).await;
            println!("{:7.4} {name}: Finished", env.now());
        } else {
            println!("{:7.4} {name}: RENEGED after {wait:6.3}", env.now());
        }
    })
}

fn main() {
    println!("Bank renege");
    let random = Rc::new(RefCell::new(Lcg(42)));
    let env = Env::new();
    let counter = Resource::new(&env, 1).unwrap();
    env.process(source(env.clone(), random, NEW_CUSTOMERS, INTERVAL_CUSTOMERS, counter));
    env.run().unwrap();
    println!("events {}", env.stats().scheduled);
}
