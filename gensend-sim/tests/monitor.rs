//! The resource monitor against the mm1 golden output: the waits it tallies
//! and the utilisation it integrates are the model's own statistics, which
//! SimPy's golden file gives for N = 1,000.

use gensend_sim::{Env, Resource, proc};

struct Lcg(u64);

impl Lcg {
    fn new(stream: u64) -> Lcg {
        let mut z = stream.wrapping_add(0x9E3779B97F4A7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        Lcg(z ^ (z >> 31))
    }

    fn uniform(&mut self, lo: f64, span: f64) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        lo + span * ((self.0 >> 11) as f64 * (1.0 / 9007199254740992.0))
    }
}

fn golden(key: &str) -> f64 {
    let line = include_str!("golden/mm1-n1000.txt")
        .lines()
        .find(|l| l.starts_with(&format!("result {key} ")))
        .expect("the golden has the key");
    line.rsplit(' ').next().unwrap().parse().unwrap()
}

#[test]
fn monitor_matches_the_mm1_golden_statistics() {
    let env = Env::new();
    let server = Resource::new(&env, 1).unwrap();
    let monitor = server.monitor();
    let (e, s) = (env.clone(), server.clone());
    env.process(proc(move |co| async move {
        let (mut ia, mut sv) = (Lcg::new(1), Lcg::new(2));
        for _ in 0..1000 {
            co.yield_(e.timeout(ia.uniform(2.0, 8.0))).await;
            let (e2, s2, svc) = (e.clone(), s.clone(), sv.uniform(1.0, 8.0));
            e.process(proc(move |co| async move {
                let req = s2.request();
                co.yield_(req.event()).await;
                co.yield_(e2.timeout(svc)).await;
            }));
        }
    }));
    env.run().unwrap();
    assert_eq!(env.now(), golden("final_time"));
    let waits = monitor.waits();
    assert_eq!(waits.count(), 1000);
    assert!((waits.mean() - golden("mean_wait")).abs() < 1e-9);
    assert_eq!(waits.max(), golden("max_wait"));
    assert!((monitor.utilisation(env.now()) - golden("utilisation")).abs() < 1e-9);
    // Little's law on the queue: mean queue length = arrival rate x mean wait.
    let little = golden("total_wait") / env.now();
    assert!((monitor.queue_length().mean(env.now()) - little).abs() < 1e-9);
}
