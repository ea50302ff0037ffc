//! The classic generator task scheduler (David Beazley's "A Curious Course on
//! Coroutines and Concurrency", `pyos`), on `Env` with time as a tick counter:
//! tasks are generators, and every system call is an event the task yields,
//! answered by `send` when the scheduler processes it — PEP 342's trampoline.
//!
//! | pyos | here |
//! |---|---|
//! | `tid = yield GetTid()` | `let tid = co.yield_(os.get_tid()).await` |
//! | `child = yield NewTask(f())` | `let child = co.yield_(os.spawn(name, task)).await` |
//! | `yield KillTask(tid)` | `co.yield_(os.kill(tid)).await` |
//! | `yield WaitTask(tid)` | `let result = co.yield_(os.wait(tid)).await` (the task's return value) |
//! | (sleep) | `co.yield_(os.sleep(ticks)).await` |
//! | interrupt | `os.interrupt(tid, message)`: a message thrown into the task |
//!
//! ```sh
//! cargo run -p gensend-sim --example task_scheduler
//! ```

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use gensend_sim::{Env, Event, Process, ProcessGen, Value, Wait, proc};

/// The operating system: task ids over an environment's processes.
#[derive(Clone)]
struct Os {
    env: Env,
    tasks: Rc<RefCell<BTreeMap<u64, Process>>>,
    next_tid: Rc<RefCell<u64>>,
}

impl Os {
    fn new() -> Os {
        Os { env: Env::new(), tasks: Rc::default(), next_tid: Rc::new(RefCell::new(1)) }
    }

    fn start(&self, name: &'static str, task: ProcessGen) -> u64 {
        let tid = {
            let mut next = self.next_tid.borrow_mut();
            *next += 1;
            *next - 1
        };
        let process = self.env.process_named(name, task);
        self.tasks.borrow_mut().insert(tid, process);
        tid
    }

    fn tid_of(&self, process: &Process) -> u64 {
        self.tasks.borrow().iter().find(|(_, p)| *p == process).map_or(0, |(tid, _)| *tid)
    }

    /// A system call answered at once: an event already succeeded with the
    /// answer, processed (and sent to the task) in the scheduler's order.
    fn answer(&self, value: impl Into<Value>) -> Event {
        self.env.event().succeed(value).expect("a fresh event")
    }

    fn get_tid(&self) -> Event {
        let me = self.env.active_process().expect("called from a task");
        self.answer(self.tid_of(&me))
    }

    fn spawn(&self, name: &'static str, task: ProcessGen) -> Event {
        let tid = self.start(name, task);
        self.answer(tid)
    }

    fn kill(&self, tid: u64) -> Event {
        let killed = self.tasks.borrow().get(&tid).is_some_and(|p| p.kill().is_ok());
        self.answer(killed)
    }

    fn wait(&self, tid: u64) -> Event {
        match self.tasks.borrow().get(&tid) {
            Some(process) => process.event(),
            None => self.answer(()),
        }
    }

    fn sleep(&self, ticks: f64) -> Event {
        self.env.timeout(ticks)
    }

    fn interrupt(&self, tid: u64, message: &'static str) -> bool {
        self.tasks.borrow().get(&tid).is_some_and(|p| p.interrupt(message).is_ok())
    }
}

fn main() {
    let os = Os::new();
    let log = Rc::new(RefCell::new(Vec::<String>::new()));
    let say = {
        let (log, env) = (log.clone(), os.env.clone());
        move |line: String| {
            println!("[t={}] {line}", env.now());
            log.borrow_mut().push(line);
        }
    };

    // A task that counts forever, until killed.
    let counter = {
        let (os, say) = (os.clone(), say.clone());
        move || {
            let (os, say) = (os.clone(), say.clone());
            proc(move |co| async move {
                let tid = co.yield_(os.get_tid()).await;
                let tid = *tid.get::<u64>().unwrap();
                let mut n = 0;
                loop {
                    say(format!("counter (tid {tid}): {n}"));
                    n += 1;
                    co.yield_(os.sleep(1.0)).await;
                }
            })
        }
    };

    // A task that computes, then returns a value for whoever waits on it.
    let worker = {
        let (os, say) = (os.clone(), say.clone());
        move || {
            let (os, say) = (os.clone(), say.clone());
            proc(move |co| async move {
                let tid = co.yield_(os.get_tid()).await;
                let tid = *tid.get::<u64>().unwrap();
                let mut total = 0u64;
                for i in 1..=3 {
                    // A message thrown in (an interrupt) does not stop the work.
                    match co.wait(os.sleep(1.0)).await {
                        Ok(_) => total += i,
                        Err(failure) => {
                            let message = failure.interrupt().unwrap().cause().get::<&str>().copied();
                            say(format!("worker (tid {tid}) got a message: {}", message.unwrap_or("?")));
                        }
                    }
                }
                say(format!("worker (tid {tid}) returns {total}"));
                total
            })
        }
    };

    // The main task: spawns both, sends a message, joins the worker, kills the counter.
    let main_task = {
        let (os, say) = (os.clone(), say.clone());
        proc(move |co| async move {
            let me = co.yield_(os.get_tid()).await;
            say(format!("main (tid {}) starts", me.get::<u64>().unwrap()));
            let counter_tid = *co.yield_(os.spawn("counter", counter())).await.get::<u64>().unwrap();
            let worker_tid = *co.yield_(os.spawn("worker", worker())).await.get::<u64>().unwrap();
            say(format!("main spawned counter (tid {counter_tid}) and worker (tid {worker_tid})"));
            co.yield_(os.sleep(1.5)).await;
            say(format!("main interrupts worker: {}", os.interrupt(worker_tid, "hello")));
            let result = co.yield_(os.wait(worker_tid)).await;
            say(format!("main joined worker: {}", result.get::<u64>().unwrap()));
            let killed = co.yield_(os.kill(counter_tid)).await;
            say(format!("main killed counter: {}", killed.get::<bool>().unwrap()));
            let after = co.yield_(os.kill(counter_tid)).await;
            say(format!("killing it again: {}", after.get::<bool>().unwrap()));
        })
    };
    os.start("main", main_task);
    os.env.run().unwrap();

    let log = log.borrow();
    assert_eq!(log.first().map(String::as_str), Some("main (tid 1) starts"));
    assert!(log.contains(&"worker (tid 3) got a message: hello".to_string()));
    assert!(log.contains(&"main joined worker: 4".to_string()));
    assert!(log.contains(&"main killed counter: true".to_string()));
    assert_eq!(log.last().map(String::as_str), Some("killing it again: false"));
    assert!(os.tasks.borrow().values().all(|p| !p.is_alive()));
}
