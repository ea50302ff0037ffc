//! The quick start of the README: SimPy's carwash with fixed times (no
//! random numbers), line by line beside `carwash_fixed.py`, whose output
//! under SimPy 4.1.2 (`tests/golden/carwash_fixed.out`) it reproduces byte
//! for byte.

use gensend_sim::{Env, ProcessGen, Resource, proc};

const NUM_MACHINES: usize = 2; // machines in the car wash
const WASHTIME: f64 = 5.0; // minutes per car
const T_INTER: f64 = 2.0; // a car arrives every 2 minutes
const SIM_TIME: i32 = 20; // simulation time in minutes

#[derive(Clone)]
struct Carwash {
    env: Env,
    machine: Resource,
    washtime: f64,
}

impl Carwash {
    fn new(env: &Env, num_machines: usize, washtime: f64) -> Carwash {
        Carwash { env: env.clone(), machine: Resource::new(env, num_machines).unwrap(), washtime }
    }

    fn wash(&self, car: String) -> ProcessGen {
        let cw = self.clone();
        proc(move |co| async move {
            co.yield_(cw.env.timeout(cw.washtime)).await;
            println!("Carwash removed dirt from {car}.");
        })
    }
}

fn car(env: Env, name: String, cw: Carwash) -> ProcessGen {
    proc(move |co| async move {
        println!("{name} arrives at the carwash at {:.2}.", env.now());
        let request = cw.machine.request();
        co.yield_(request.event()).await;
        println!("{name} enters the carwash at {:.2}.", env.now());
        co.yield_(env.process(cw.wash(name.clone())).event()).await;
        println!("{name} leaves the carwash at {:.2}.", env.now());
    })
}

fn setup(env: Env, num_machines: usize, washtime: f64, t_inter: f64) -> ProcessGen {
    proc(move |co| async move {
        let carwash = Carwash::new(&env, num_machines, washtime);
        for i in 0..4 {
            env.process(car(env.clone(), format!("Car {i}"), carwash.clone()));
        }
        let mut i = 4;
        loop {
            co.yield_(env.timeout(t_inter)).await;
            env.process(car(env.clone(), format!("Car {i}"), carwash.clone()));
            i += 1;
        }
    })
}

fn main() {
    let env = Env::new();
    env.process(setup(env.clone(), NUM_MACHINES, WASHTIME, T_INTER));
    env.run_until(SIM_TIME).unwrap();
}
