//! SimPy's `process_communication` example, line by line (SimPy 4.1.2's
//! `examples/process_communication.py`): a `Store` as a pipe between
//! processes, one to one, and a `BroadcastPipe` made of one store per
//! consumer, whose put is an `all_of` of the stores' puts.
//!
//! It draws from [`Random`], CPython's `random` draw for draw, seeded with 42
//! as the Python is (one stream over both simulations, as Python's module
//! `random` is), so it prints SimPy's documented output
//! (`tests/golden/examples/process_communication.out`) byte for byte.
//! Python's times here are `int`s; Rust's `{}` prints an integral `f64` as
//! Python prints an `int`.

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::random::Random;
use gensend_sim::{Env, Event, Failure, ModelError, ProcessGen, Store, Value, proc};

/// Python's module-level `random`, shared by every process.
type SharedRandom = Rc<RefCell<Random>>;

const RANDOM_SEED: i128 = 42;
const SIM_TIME: i32 = 100;

/// A message: when it was sent, and its text.
type Message = (f64, String);

/// A Broadcast pipe that allows one process to send messages to many.
///
/// This construct is useful when message consumers are running at different
/// rates than message generators and provides an event buffering to the
/// consuming processes.
///
/// The parameters are used to create a new [`Store`] instance each time
/// `get_output_conn()` is called.
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

    /// Broadcast a *value* to all receivers.
    fn put(&self, value: Message) -> Result<Event, Failure> {
        let pipes = self.pipes.borrow();
        if pipes.is_empty() {
            return Err(ModelError::new("RuntimeError", "There are no output pipes.").into());
        }
        let events =
            pipes.iter().map(|store| store.put(Value::new(value.clone()))).collect::<Result<Vec<_>, _>>()?;
        Ok(self.env.all_of(events)) // Condition event for all "events"
    }

    /// Get a new output connection for this broadcast pipe.
    ///
    /// The return value is a [`Store`].
    fn get_output_conn(&self) -> Store {
        let pipe = Store::new(&self.env, self.capacity).expect("a positive capacity");
        self.pipes.borrow_mut().push(pipe.clone());
        pipe
    }
}

/// What a generator writes to: a store, or a broadcast pipe (Python passes
/// either, by duck typing).
#[derive(Clone)]
enum Pipe {
    Store(Store),
    Broadcast(BroadcastPipe),
}

impl Pipe {
    fn put(&self, value: Message) -> Result<Event, Failure> {
        match self {
            Pipe::Store(store) => Ok(store.put(Value::new(value))?),
            Pipe::Broadcast(pipe) => pipe.put(value),
        }
    }
}

/// A process which randomly generates messages.
fn message_generator(name: &'static str, env: Env, random: SharedRandom, out_pipe: Pipe) -> ProcessGen {
    proc(move |co| async move {
        loop {
            // wait for next transmission
            let delay = random.borrow_mut().randint(6, 10)?;
            co.yield_(env.timeout(delay as f64)).await;

            // messages are time stamped to later check if the consumer was
            // late getting them.  Note, using event.triggered to do this may
            // result in failure due to FIFO nature of simulation yields.
            // (i.e. if at the same env.now, message_generator puts a message
            // in the pipe first and then message_consumer gets from pipe,
            // the event.triggered will be True in the other order it will be
            // False
            let msg = (env.now(), format!("{name} says hello at {}", env.now()));
            out_pipe.put(msg)?;
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

/// A process which consumes messages.
fn message_consumer(name: &'static str, env: Env, random: SharedRandom, in_pipe: Store) -> ProcessGen {
    proc(move |co| async move {
        loop {
            // Get event for message pipe
            let msg = co.yield_(in_pipe.get()).await;
            let (sent_at, text) = msg.get::<Message>().expect("a generator's message");

            if *sent_at < env.now() {
                // if message was already put into pipe, then
                // message_consumer was late getting to it. Depending on what
                // is being modeled this, may, or may not have some
                // significance
                println!("LATE Getting Message: at time {}: {name} received message: {text}", env.now());
            } else {
                // message_consumer is synchronized with message_generator
                println!("at time {}: {name} received message: {text}.", env.now());
            }

            // Process does some other work, which may result in missing messages
            let delay = random.borrow_mut().randint(4, 8)?;
            co.yield_(env.timeout(delay as f64)).await;
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

fn main() {
    // Setup and start the simulation
    println!("Process communication");
    let random = Rc::new(RefCell::new(Random::new(RANDOM_SEED)));
    let env = Env::new();

    // For one-to-one or many-to-one type pipes, use Store
    let pipe = Store::new(&env, f64::INFINITY).expect("a positive capacity");
    env.process(message_generator("Generator A", env.clone(), random.clone(), Pipe::Store(pipe.clone())));
    env.process(message_consumer("Consumer A", env.clone(), random.clone(), pipe));

    println!("\nOne-to-one pipe communication\n");
    env.run_until(SIM_TIME).expect("the one-to-one simulation runs");
    report_event_counts(&env);

    // For one-to many use BroadcastPipe
    // (Note: could also be used for one-to-one,many-to-one or many-to-many)
    let env = Env::new();
    let bc_pipe = BroadcastPipe::new(&env);

    let generator =
        message_generator("Generator A", env.clone(), random.clone(), Pipe::Broadcast(bc_pipe.clone()));
    env.process(generator);
    env.process(message_consumer("Consumer A", env.clone(), random.clone(), bc_pipe.get_output_conn()));
    env.process(message_consumer("Consumer B", env.clone(), random.clone(), bc_pipe.get_output_conn()));

    println!("\nOne-to-many pipe communication\n");
    env.run_until(SIM_TIME).expect("the one-to-many simulation runs");
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
