//! (a) mm1: one FIFO server (`Resource(1)`), customers spawned by a source
//! process (SimPy's `bench/models/mm1.py`, line by line).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gensend_sim::{Env, Resource, proc, py_float};

use super::common::{Lcg, Out};

#[derive(Default)]
struct Stats {
    served: Cell<u64>,
    total_wait: Cell<f64>,
    max_wait: Cell<f64>,
    busy: Cell<f64>,
    waited: Cell<u64>,
}

/// Builds the model; returns the report to call after `env.run()`.
pub fn build(env: &Env, n: u64, out: Rc<RefCell<Out>>) -> impl FnOnce() {
    let server = Resource::new(env, 1).expect("capacity 1");
    let st = Rc::new(Stats::default());
    let trace = out.borrow().trace;

    let customer = {
        let (env, st, out) = (env.clone(), st.clone(), out.clone());
        move |i: u64, svc: f64| {
            let (env, st, out, server) = (env.clone(), st.clone(), out.clone(), server.clone());
            proc(move |co| async move {
                let arrive = env.now();
                if trace {
                    out.borrow_mut().tr(arrive, &[&"arrive", &i]);
                }
                let req = server.request();
                co.yield_(req.event()).await;
                let wait = env.now() - arrive;
                st.total_wait.set(st.total_wait.get() + wait);
                if wait > st.max_wait.get() {
                    st.max_wait.set(wait);
                }
                if wait > 0.0 {
                    st.waited.set(st.waited.get() + 1);
                }
                if trace {
                    out.borrow_mut().tr(env.now(), &[&"start", &i, &"wait", &py_float(wait)]);
                }
                co.yield_(env.timeout(svc)).await;
                st.busy.set(st.busy.get() + svc);
                st.served.set(st.served.get() + 1);
                if trace {
                    out.borrow_mut().tr(env.now(), &[&"depart", &i]);
                }
                drop(req);
            })
        }
    };

    let source = {
        let env = env.clone();
        proc(move |co| async move {
            let (mut ia, mut sv) = (Lcg::new(1), Lcg::new(2));
            for i in 0..n {
                co.yield_(env.timeout(ia.uniform(2.0, 8.0))).await;
                env.process(customer(i, sv.uniform(1.0, 8.0)));
            }
        })
    };
    env.process(source);

    let env = env.clone();
    move || {
        let mut out = out.borrow_mut();
        let now = env.now();
        out.put("result", "served", st.served.get());
        out.put("result", "customers_who_waited", st.waited.get());
        out.put_f("result", "total_wait", st.total_wait.get());
        out.put_f("result", "mean_wait", st.total_wait.get() / n as f64);
        out.put_f("result", "max_wait", st.max_wait.get());
        out.put_f("result", "busy_time", st.busy.get());
        out.put_f("result", "final_time", now);
        out.put_f("result", "utilisation", st.busy.get() / now);
    }
}
