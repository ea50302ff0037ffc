//! SimPy 4.1.2's topical guide "Time and Scheduling"
//! (`docs/topical_guides/time_and_scheduling.rst`) has no program; it
//! states the rule this test checks: "If two events are scheduled at the
//! same time, the one that is scheduled first will also be the processed
//! first (FIFO)." The Python, run under SimPy 4.1.2, is in
//! `tests/golden/guides/guide_programs.py`.
mod guide;

use gensend_sim::{Env, ProcessGen, proc};
use guide::Stdout;

#[test]
fn same_time_events_are_processed_first_in_first_out() {
    fn p(env: Env, out: Stdout, name: &'static str, delay: f64) -> ProcessGen {
        proc(move |co| async move {
            co.yield_(env.timeout(delay)).await;
            out.print(format!("{name} {}", env.now()));
        })
    }

    let out = Stdout::default();
    let env = Env::new();
    for (name, delay) in [("a", 2.0), ("b", 1.0), ("c", 2.0), ("d", 1.0), ("e", 0.0)] {
        env.process(p(env.clone(), out.clone(), name, delay));
    }
    env.run().unwrap();

    assert_eq!(out.text(), "e 0\nb 1\nd 1\na 2\nc 2\n");
}
