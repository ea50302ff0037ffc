//! SimPy's `process_communication` example (stores as pipes, one-to-one and
//! broadcast with an `all_of` of puts), line by line beside
//! `process_communication_lcg.py`, which is SimPy's example with a
//! deterministic LCG in place of `random`. Prints SimPy 4.1.2's output for it
//! byte for byte, and SimPy's event counts
//! (`tests/golden/process_communication_lcg.out`).

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::{Env, Event, ModelError, ProcessGen, Store, proc};

struct Lcg(u64);

impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 * (1.0 / 9007199254740992.0)
    }

    fn randint(&mut self, a: i64, b: i64) -> i64 {
        a + (self.unit() * (b - a + 1) as f64) as i64
    }
}

type Random = Rc<RefCell<Lcg>>;

const SIM_TIME: i32 = 100;

/// One store per consumer; a put goes to all of them.
#[derive(Clone)]
struct BroadcastPipe {
    env: Env,
    capacity: f64,
    pipes: Rc<RefCell<Vec<Store>>>,
}

impl BroadcastPipe {
    fn new(env: &Env) -> BroadcastPipe {
        BroadcastPipe { env: env.clone(), capacity: f64::INFINITY, pipes: Rc::default() }
    }

    fn put(&self, value: (f64, String)) -> Result<Event, ModelError> {
        let pipes = self.pipes.borrow();
        if pipes.is_empty() {
            return Err(ModelError::new("RuntimeError", "There are no output pipes."));
        }
        let events: Vec<Event> =
            pipes.iter().map(|store| store.put(gensend_sim::Value::new(value.clone())).unwrap()).collect();
        Ok(self.env.all_of(events))
    }

    fn get_output_conn(&self) -> Store {
        let pipe = Store::new(&self.env, self.capacity).unwrap();
        self.pipes.borrow_mut().push(pipe.clone());
        pipe
    }
}

/// What a generator writes to: a store, or a broadcast pipe.
#[derive(Clone)]
enum Pipe {
    Store(Store),
    Broadcast(BroadcastPipe),
}

impl Pipe {
    fn put(&self, value: (f64, String)) -> Result<Event, ModelError> {
        match self {
            Pipe::Store(store) => Ok(store.put(gensend_sim::Value::new(value)).unwrap()),
            Pipe::Broadcast(pipe) => pipe.put(value),
        }
    }
}

fn message_generator(name: &'static str, env: Env, random: Random, out_pipe: Pipe) -> ProcessGen {
    proc(move |co| async move {
        loop {
            let delay = random.borrow_mut().randint(6, 10) as f64;
            co.yield_(env.timeout(delay)).await;
            let msg = (env.now(), format!("{name} says hello at {}", env.now()));
            out_pipe.put(msg)?;
        }
        #[allow(unreachable_code)]
        Ok::<(), ModelError>(())
    })
}

fn message_consumer(name: &'static str, env: Env, random: Random, in_pipe: Store) -> ProcessGen {
    proc(move |co| async move {
        loop {
            let msg = co.yield_(in_pipe.get()).await;
            let (sent, text) = msg.get::<(f64, String)>().unwrap();
            if *sent < env.now() {
                println!("LATE Getting Message: at time {}: {name} received message: {text}", env.now());
            } else {
                println!("at time {}: {name} received message: {text}.", env.now());
            }
            let delay = random.borrow_mut().randint(4, 8) as f64;
            co.yield_(env.timeout(delay)).await;
        }
    })
}

fn main() {
    println!("Process communication");
    let random = Rc::new(RefCell::new(Lcg(42)));

    let env = Env::new();
    let pipe = Store::new(&env, f64::INFINITY).unwrap();
    env.process(message_generator("Generator A", env.clone(), random.clone(), Pipe::Store(pipe.clone())));
    env.process(message_consumer("Consumer A", env.clone(), random.clone(), pipe));
    println!("\nOne-to-one pipe communication\n");
    env.run_until(SIM_TIME).unwrap();
    println!("events {}", env.stats().scheduled);

    let env = Env::new();
    let bc_pipe = BroadcastPipe::new(&env);
    env.process(message_generator(
        "Generator A",
        env.clone(),
        random.clone(),
        Pipe::Broadcast(bc_pipe.clone()),
    ));
    env.process(message_consumer("Consumer A", env.clone(), random.clone(), bc_pipe.get_output_conn()));
    env.process(message_consumer("Consumer B", env.clone(), random.clone(), bc_pipe.get_output_conn()));
    println!("\nOne-to-many pipe communication\n");
    env.run_until(SIM_TIME).unwrap();
    println!("events {}", env.stats().scheduled);
}
