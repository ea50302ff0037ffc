//! SimPy's `latency` example (a cable that delays messages: a `Store` behind
//! a process per message), line by line beside `latency.py`; prints SimPy's
//! documented output (`latency.out`) byte for byte.

use gensend_sim::{Env, Event, ProcessGen, Store, Value, proc};

const SIM_DURATION: i32 = 100;

#[derive(Clone)]
struct Cable {
    env: Env,
    delay: f64,
    store: Store,
}

impl Cable {
    fn new(env: &Env, delay: f64) -> Cable {
        Cable { env: env.clone(), delay, store: Store::new(env, f64::INFINITY).unwrap() }
    }

    fn latency(&self, value: Value) -> ProcessGen {
        let cable = self.clone();
        proc(move |co| async move {
            co.yield_(cable.env.timeout(cable.delay)).await;
            cable.store.put(value).unwrap();
        })
    }

    fn put(&self, value: Value) {
        self.env.process(self.latency(value));
    }

    fn get(&self) -> Event {
        self.store.get()
    }
}

fn sender(env: Env, cable: Cable) -> ProcessGen {
    proc(move |co| async move {
        loop {
            co.yield_(env.timeout(5.0)).await;
            cable.put(Value::new(format!("Sender sent this at {}", env.now())));
        }
    })
}

fn receiver(env: Env, cable: Cable) -> ProcessGen {
    proc(move |co| async move {
        loop {
            let msg = co.yield_(cable.get()).await;
            println!("Received this at {} while {}", env.now(), msg.get::<String>().unwrap());
        }
    })
}

fn main() {
    println!("Event Latency");
    let env = Env::new();
    let cable = Cable::new(&env, 10.0);
    env.process(sender(env.clone(), cable.clone()));
    env.process(receiver(env.clone(), cable));
    env.run_until(SIM_DURATION).unwrap();
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
