//! Port of SimPy 4.1.2's topical guide "Process Interaction"
//! (`docs/topical_guides/process_interaction.rst`): each doctest program,
//! with the output the guide shows, byte for byte. The Python, run under
//! SimPy 4.1.2, is in `tests/golden/guides/guide_programs.py`.
//!
//! The three programs draw from Python's module-level `random`, seeded with
//! 23 once, before the first: the second and third go on with the stream the
//! ones before left. So each test runs the programs before its own on the
//! same [`Random`] (checking their output too), as the guide's doctest
//! session does.
mod guide;

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::random::Random;
use gensend_sim::{Env, Event, Failure, ProcessGen, Wait, proc};
use guide::Stdout;

/// Python's module-level `random`, shared by every process.
type SharedRandom = Rc<RefCell<Random>>;

/// `randint(a, b)` of the shared `random`, as a delay.
fn randint(random: &SharedRandom, a: i64, b: i64) -> Result<f64, Failure> {
    Ok(random.borrow_mut().randint(a, b)? as f64)
}

/// The guide's first program, "Sleep until woken up": the battery
/// controller waits for a shared event the driving process triggers (and
/// replaces) when it parks.
///
/// ```python
/// from random import seed, randint
/// seed(23)
///
/// class EV:
///     def __init__(self, env):
///         self.env = env
///         self.drive_proc = env.process(self.drive(env))
///         self.bat_ctrl_proc = env.process(self.bat_ctrl(env))
///         self.bat_ctrl_reactivate = env.event()
///
///     def drive(self, env):
///         while True:
///             # Drive for 20-40 min
///             yield env.timeout(randint(20, 40))
///
///             # Park for 1–6 hours
///             print('Start parking at', env.now)
///             self.bat_ctrl_reactivate.succeed()  # "reactivate"
///             self.bat_ctrl_reactivate = env.event()
///             yield env.timeout(randint(60, 360))
///             print('Stop parking at', env.now)
///
///     def bat_ctrl(self, env):
///         while True:
///             print('Bat. ctrl. passivating at', env.now)
///             yield self.bat_ctrl_reactivate  # "passivate"
///             print('Bat. ctrl. reactivated at', env.now)
///
///             # Intelligent charging behavior here …
///             yield env.timeout(randint(30, 90))
///
/// env = simpy.Environment()
/// ev = EV(env)
/// env.run(until=150)
/// ```
mod sleep_until_woken_up {
    use super::*;

    pub const OUTPUT: &str = "Bat. ctrl. passivating at 0\n\
                              Start parking at 29\n\
                              Bat. ctrl. reactivated at 29\n\
                              Bat. ctrl. passivating at 60\n\
                              Stop parking at 131\n";

    #[derive(Clone)]
    struct Ev {
        bat_ctrl_reactivate: Rc<RefCell<Event>>,
        random: SharedRandom,
        out: Stdout,
    }

    impl Ev {
        fn new(env: &Env, random: &SharedRandom, out: &Stdout) -> Ev {
            let ev = Ev {
                bat_ctrl_reactivate: Rc::new(RefCell::new(env.event())),
                random: random.clone(),
                out: out.clone(),
            };
            env.process(ev.drive(env.clone()));
            env.process(ev.bat_ctrl(env.clone()));
            ev
        }

        fn drive(&self, env: Env) -> ProcessGen {
            let ev = self.clone();
            proc(move |co| async move {
                loop {
                    // Drive for 20-40 min
                    co.yield_(env.timeout(randint(&ev.random, 20, 40)?)).await;

                    // Park for 1–6 hours
                    ev.out.print(format!("Start parking at {}", env.now()));
                    ev.bat_ctrl_reactivate.borrow().succeed(())?; // "reactivate"
                    *ev.bat_ctrl_reactivate.borrow_mut() = env.event();
                    co.yield_(env.timeout(randint(&ev.random, 60, 360)?)).await;
                    ev.out.print(format!("Stop parking at {}", env.now()));
                }
                #[allow(unreachable_code)] // Python's `while True` with `?` inside
                Ok::<(), Failure>(())
            })
        }

        fn bat_ctrl(&self, env: Env) -> ProcessGen {
            let ev = self.clone();
            proc(move |co| async move {
                loop {
                    ev.out.print(format!("Bat. ctrl. passivating at {}", env.now()));
                    let reactivate = ev.bat_ctrl_reactivate.borrow().clone();
                    co.yield_(reactivate).await; // "passivate"
                    ev.out.print(format!("Bat. ctrl. reactivated at {}", env.now()));

                    // Intelligent charging behavior here …
                    co.yield_(env.timeout(randint(&ev.random, 30, 90)?)).await;
                }
                #[allow(unreachable_code)] // Python's `while True` with `?` inside
                Ok::<(), Failure>(())
            })
        }
    }

    /// Runs the program on `random`; returns what it printed.
    pub fn run(random: &SharedRandom) -> String {
        let out = Stdout::default();
        let env = Env::new();
        let _ev = Ev::new(&env, random, &out);
        env.run_until(150).unwrap();
        out.text()
    }
}

/// The guide's second program, "Waiting for another process to terminate":
/// parking waits for both its time and a charging process (`charging &
/// parking`).
///
/// ```python
/// class EV:
///     def __init__(self, env):
///         self.env = env
///         self.drive_proc = env.process(self.drive(env))
///
///     def drive(self, env):
///         while True:
///             # Drive for 20-40 min
///             yield env.timeout(randint(20, 40))
///
///             # Park for 1–6 hours
///             print('Start parking at', env.now)
///             charging = env.process(self.bat_ctrl(env))
///             parking = env.timeout(randint(60, 360))
///             yield charging & parking
///             print('Stop parking at', env.now)
///
///     def bat_ctrl(self, env):
///         print('Bat. ctrl. started at', env.now)
///         # Intelligent charging behavior here …
///         yield env.timeout(randint(30, 90))
///         print('Bat. ctrl. done at', env.now)
///
/// env = simpy.Environment()
/// ev = EV(env)
/// env.run(until=310)
/// ```
mod waiting_for_another_process_to_terminate {
    use super::*;

    pub const OUTPUT: &str = "Start parking at 29\n\
                              Bat. ctrl. started at 29\n\
                              Bat. ctrl. done at 83\n\
                              Stop parking at 305\n";

    #[derive(Clone)]
    struct Ev {
        random: SharedRandom,
        out: Stdout,
    }

    impl Ev {
        fn new(env: &Env, random: &SharedRandom, out: &Stdout) -> Ev {
            let ev = Ev { random: random.clone(), out: out.clone() };
            env.process(ev.drive(env.clone()));
            ev
        }

        fn drive(&self, env: Env) -> ProcessGen {
            let ev = self.clone();
            proc(move |co| async move {
                loop {
                    // Drive for 20-40 min
                    co.yield_(env.timeout(randint(&ev.random, 20, 40)?)).await;

                    // Park for 1–6 hours
                    ev.out.print(format!("Start parking at {}", env.now()));
                    let charging = env.process(ev.bat_ctrl(env.clone()));
                    let parking = env.timeout(randint(&ev.random, 60, 360)?);
                    co.yield_(&*charging & &parking).await;
                    ev.out.print(format!("Stop parking at {}", env.now()));
                }
                #[allow(unreachable_code)] // Python's `while True` with `?` inside
                Ok::<(), Failure>(())
            })
        }

        fn bat_ctrl(&self, env: Env) -> ProcessGen {
            let ev = self.clone();
            proc(move |co| async move {
                ev.out.print(format!("Bat. ctrl. started at {}", env.now()));
                // Intelligent charging behavior here …
                co.yield_(env.timeout(randint(&ev.random, 30, 90)?)).await;
                ev.out.print(format!("Bat. ctrl. done at {}", env.now()));
                Ok::<(), Failure>(())
            })
        }
    }

    /// Runs the program on `random`; returns what it printed.
    pub fn run(random: &SharedRandom) -> String {
        let out = Stdout::default();
        let env = Env::new();
        let _ev = Ev::new(&env, random, &out);
        env.run_until(310).unwrap();
        out.text()
    }
}

/// The guide's third program, "Interrupting another process": parking lasts
/// an hour, and interrupts the charging process if it has not finished.
///
/// ```python
/// class EV:
///     def __init__(self, env):
///         self.env = env
///         self.drive_proc = env.process(self.drive(env))
///
///     def drive(self, env):
///         while True:
///             # Drive for 20-40 min
///             yield env.timeout(randint(20, 40))
///
///             # Park for 1 hour
///             print('Start parking at', env.now)
///             charging = env.process(self.bat_ctrl(env))
///             parking = env.timeout(60)
///             yield charging | parking
///             if not charging.triggered:
///                 # Interrupt charging if not already done.
///                 charging.interrupt('Need to go!')
///             print('Stop parking at', env.now)
///
///     def bat_ctrl(self, env):
///         print('Bat. ctrl. started at', env.now)
///         try:
///             yield env.timeout(randint(60, 90))
///             print('Bat. ctrl. done at', env.now)
///         except simpy.Interrupt as i:
///             # Onoes! Got interrupted before the charging was done.
///             print('Bat. ctrl. interrupted at', env.now, 'msg:',
///                   i.cause)
///
/// env = simpy.Environment()
/// ev = EV(env)
/// env.run(until=100)
/// ```
mod interrupting_another_process {
    use super::*;

    pub const OUTPUT: &str = "Start parking at 31\n\
                              Bat. ctrl. started at 31\n\
                              Stop parking at 91\n\
                              Bat. ctrl. interrupted at 91 msg: Need to go!\n";

    #[derive(Clone)]
    struct Ev {
        random: SharedRandom,
        out: Stdout,
    }

    impl Ev {
        fn new(env: &Env, random: &SharedRandom, out: &Stdout) -> Ev {
            let ev = Ev { random: random.clone(), out: out.clone() };
            env.process(ev.drive(env.clone()));
            ev
        }

        fn drive(&self, env: Env) -> ProcessGen {
            let ev = self.clone();
            proc(move |co| async move {
                loop {
                    // Drive for 20-40 min
                    co.yield_(env.timeout(randint(&ev.random, 20, 40)?)).await;

                    // Park for 1 hour
                    ev.out.print(format!("Start parking at {}", env.now()));
                    let charging = env.process(ev.bat_ctrl(env.clone()));
                    let parking = env.timeout(60.0);
                    co.yield_(&*charging | &parking).await;
                    if !charging.triggered() {
                        // Interrupt charging if not already done.
                        charging.interrupt("Need to go!")?;
                    }
                    ev.out.print(format!("Stop parking at {}", env.now()));
                }
                #[allow(unreachable_code)] // Python's `while True` with `?` inside
                Ok::<(), Failure>(())
            })
        }

        fn bat_ctrl(&self, env: Env) -> ProcessGen {
            let ev = self.clone();
            proc(move |co| async move {
                ev.out.print(format!("Bat. ctrl. started at {}", env.now()));
                match co.wait(env.timeout(randint(&ev.random, 60, 90)?)).await {
                    Ok(_) => ev.out.print(format!("Bat. ctrl. done at {}", env.now())),
                    Err(failure) => {
                        // Onoes! Got interrupted before the charging was done.
                        let Some(i) = failure.interrupt() else { return Err(failure) };
                        let cause = i.cause().get::<&str>().expect("a str cause");
                        ev.out.print(format!("Bat. ctrl. interrupted at {} msg: {cause}", env.now()));
                    }
                }
                Ok(())
            })
        }
    }

    /// Runs the program on `random`; returns what it printed.
    pub fn run(random: &SharedRandom) -> String {
        let out = Stdout::default();
        let env = Env::new();
        let _ev = Ev::new(&env, random, &out);
        env.run_until(100).unwrap();
        out.text()
    }
}

/// `random.seed(23)`, as the guide's first program does.
fn seeded() -> SharedRandom {
    Rc::new(RefCell::new(Random::new(23)))
}

#[test]
fn sleep_until_woken_up() {
    let random = seeded();
    assert_eq!(sleep_until_woken_up::run(&random), sleep_until_woken_up::OUTPUT);
}

#[test]
fn waiting_for_another_process_to_terminate() {
    let random = seeded();
    assert_eq!(sleep_until_woken_up::run(&random), sleep_until_woken_up::OUTPUT);
    assert_eq!(
        waiting_for_another_process_to_terminate::run(&random),
        waiting_for_another_process_to_terminate::OUTPUT
    );
}

#[test]
fn interrupting_another_process() {
    let random = seeded();
    assert_eq!(sleep_until_woken_up::run(&random), sleep_until_woken_up::OUTPUT);
    assert_eq!(
        waiting_for_another_process_to_terminate::run(&random),
        waiting_for_another_process_to_terminate::OUTPUT
    );
    assert_eq!(interrupting_another_process::run(&random), interrupting_another_process::OUTPUT);
}

/// The guide's closing paragraph: "the interrupted process can yield the
/// same event again after catching the `Interrupt` – Imagine someone waiting
/// for a shop to open. The person may get interrupted by a phone call. After
/// finishing the call, he or she checks if the shop already opened and
/// either enters or continues to wait." No program in the guide; the port
/// runs a call that ends before the shop opens, and one that ends after.
#[test]
fn interrupting_another_process_then_waiting_again() {
    fn customer(env: Env, shop_opens: Event, call_length: f64, out: Stdout) -> ProcessGen {
        proc(move |co| async move {
            loop {
                match co.wait(shop_opens.clone()).await {
                    Ok(value) => {
                        out.print(format!("enters at {} {}", env.now(), value.get::<&str>().unwrap()));
                        return Ok(());
                    }
                    Err(failure) => {
                        let Some(i) = failure.interrupt() else { return Err(failure) };
                        out.print(format!(
                            "phone call at {} {}",
                            env.now(),
                            i.cause().get::<&str>().unwrap()
                        ));
                        co.yield_(env.timeout(call_length)).await;
                        let open = guide::py_bool(shop_opens.processed());
                        out.print(format!("call over at {} shop open: {open}", env.now()));
                    }
                }
            }
        })
    }
    fn caller(env: Env, victim: gensend_sim::Process, at: f64) -> ProcessGen {
        proc(move |co| async move {
            co.yield_(env.timeout(at)).await;
            victim.interrupt("mum")
        })
    }

    let out = Stdout::default();
    for (call_at, call_length) in [(2.0, 3.0), (8.0, 5.0)] {
        let env = Env::new();
        let shop_opens = env.timeout_value(10.0, "open");
        let c = env.process(customer(env.clone(), shop_opens, call_length, out.clone()));
        env.process(caller(env.clone(), c, call_at));
        env.run().unwrap();
        out.print(format!("end {}", env.now()));
    }

    let expected = "phone call at 2 mum\ncall over at 5 shop open: False\nenters at 10 open\nend 10\n\
                    phone call at 8 mum\ncall over at 13 shop open: True\nenters at 13 open\nend 13\n";
    assert_eq!(out.text(), expected);
}
