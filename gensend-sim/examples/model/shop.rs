//! (c) shop: SimPy's machine shop made deterministic: breakdowns are
//! interrupts thrown into working machines, which catch them, wait for a
//! repairman and resume (`bench/models/shop.py`, line by line).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gensend_sim::{Env, Process, Resource, Wait, proc, py_float};

use super::common::{Lcg, Out};

const M: usize = 10;

#[derive(Default)]
struct Stats {
    broken: [Cell<bool>; M],
    parts: [Cell<u64>; M],
    interrupts: [Cell<u64>; M],
    skipped: [Cell<u64>; M],
    total: Cell<u64>,
    remaining: Cell<f64>,
    repair: Cell<f64>,
    repair_wait: Cell<f64>,
}

/// Builds the model; returns the run (until all parts are done) and the report.
pub fn build(env: &Env, n: u64, out: Rc<RefCell<Out>>) -> (impl FnOnce(), impl FnOnce()) {
    let repairman = Resource::new(env, 1).expect("capacity 1");
    let all_done = env.event();
    let st = Rc::new(Stats::default());
    let trace = out.borrow().trace;

    let machine = |m: usize| {
        let (env, st, out, repairman, all_done) =
            (env.clone(), st.clone(), out.clone(), repairman.clone(), all_done.clone());
        proc(move |co| async move {
            let (mut pt, mut rp) = (Lcg::new(100 + m as u64), Lcg::new(200 + m as u64));
            loop {
                let mut done_in = pt.uniform(20.0, 20.0);
                while done_in > 0.0 {
                    let start = env.now();
                    match co.wait(env.timeout(done_in)).await {
                        Ok(_) => done_in = 0.0,
                        Err(failure) => {
                            let Some(interrupt) = failure.interrupt() else { return Err(failure) };
                            st.broken[m].set(true);
                            st.interrupts[m].set(st.interrupts[m].get() + 1);
                            done_in -= env.now() - start;
                            st.remaining.set(st.remaining.get() + done_in);
                            let rep = rp.uniform(5.0, 10.0);
                            if trace {
                                let cause = format!("{:?}", interrupt.cause());
                                out.borrow_mut().tr(
                                    env.now(),
                                    &[&"break", &m, &"cause", &cause, &"remaining", &py_float(done_in)],
                                );
                            }
                            let t_req = env.now();
                            {
                                let req = repairman.request();
                                co.yield_(req.event()).await;
                                st.repair_wait.set(st.repair_wait.get() + (env.now() - t_req));
                                co.yield_(env.timeout(rep)).await;
                            }
                            st.repair.set(st.repair.get() + rep);
                            st.broken[m].set(false);
                            if trace {
                                out.borrow_mut().tr(env.now(), &[&"repaired", &m]);
                            }
                        }
                    }
                }
                st.parts[m].set(st.parts[m].get() + 1);
                st.total.set(st.total.get() + 1);
                if trace {
                    out.borrow_mut().tr(env.now(), &[&"part", &m, &st.parts[m].get()]);
                }
                if st.total.get() == n {
                    all_done.succeed(()).map_err(gensend_sim::Failure::new)?;
                }
            }
            #[allow(unreachable_code)]
            Ok::<(), gensend_sim::Failure>(())
        })
    };

    let breaker = |m: usize, machine: Process| {
        let (env, st) = (env.clone(), st.clone());
        proc(move |co| async move {
            let mut ttf = Lcg::new(300 + m as u64);
            let mut k: i64 = 0;
            loop {
                co.yield_(env.timeout(ttf.uniform(10.0, 380.0))).await;
                if !st.broken[m].get() {
                    machine.interrupt(k).map_err(gensend_sim::Failure::new)?;
                } else {
                    st.skipped[m].set(st.skipped[m].get() + 1);
                }
                k += 1;
            }
            #[allow(unreachable_code)]
            Ok::<(), gensend_sim::Failure>(())
        })
    };

    for m in 0..M {
        let p = env.process(machine(m));
        env.process(breaker(m, p));
    }

    let run = {
        let env = env.clone();
        move || {
            env.run_until(&all_done).expect("shop: run until all parts are done");
        }
    };
    let env = env.clone();
    let report = move || {
        let mut out = out.borrow_mut();
        let join =
            |cells: &[Cell<u64>; M]| cells.iter().map(|c| c.get().to_string()).collect::<Vec<_>>().join(",");
        out.put("result", "parts_total", st.total.get());
        out.put("result", "parts_per_machine", join(&st.parts));
        out.put("result", "interrupts_total", st.interrupts.iter().map(Cell::get).sum::<u64>());
        out.put("result", "interrupts_per_machine", join(&st.interrupts));
        out.put("result", "breakdowns_skipped_total", st.skipped.iter().map(Cell::get).sum::<u64>());
        out.put_f("result", "remaining_work_total", st.remaining.get());
        out.put_f("result", "repair_time_total", st.repair.get());
        out.put_f("result", "repair_wait_total", st.repair_wait.get());
        out.put_f("result", "final_time", env.now());
    };
    (run, report)
}
