//! mm1 (`bench/models/mm1.py`) on simu-des: same LCG streams, same order of
//! draws and sums, so its `result` lines should be SimPy's.
//!
//! usage: simu-des-mm1 N   (result log on stdout, TIME line on stderr)

use std::cell::Cell;
use std::rc::Rc;
use std::time::Instant;

use simu::{Resource, SimEnv};

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

fn py(x: f64) -> String {
    let s = format!("{x}");
    if s.contains('.') || s.contains('e') || !x.is_finite() { s } else { format!("{s}.0") }
}

#[derive(Default)]
struct Stats {
    served: Cell<u64>,
    total_wait: Cell<f64>,
    max_wait: Cell<f64>,
    busy: Cell<f64>,
    waited: Cell<u64>,
}

fn max_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let n: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let start = Instant::now();
    let mut env = SimEnv::new();
    let server = Resource::new(1);
    let st = Rc::new(Stats::default());
    let h = env.handle();
    let (s, stats) = (server.clone(), st.clone());
    env.spawn(async move {
        let (mut ia, mut sv) = (Lcg::new(1), Lcg::new(2));
        for _ in 0..n {
            h.timeout(ia.uniform(2.0, 8.0)).await;
            let svc = sv.uniform(1.0, 8.0);
            let (h2, s2, st2) = (h.clone(), s.clone(), stats.clone());
            h.spawn(async move {
                let arrive = h2.now();
                let _guard = s2.request().await;
                let wait = h2.now() - arrive;
                st2.total_wait.set(st2.total_wait.get() + wait);
                if wait > st2.max_wait.get() {
                    st2.max_wait.set(wait);
                }
                if wait > 0.0 {
                    st2.waited.set(st2.waited.get() + 1);
                }
                h2.timeout(svc).await;
                st2.busy.set(st2.busy.get() + svc);
                st2.served.set(st2.served.get() + 1);
            });
        }
    });
    env.run();
    let wall = start.elapsed().as_secs_f64();
    let now = env.now();
    println!("header model mm1\nheader n {n}\nheader impl simu-des 0.1.0");
    println!("result served {}", st.served.get());
    println!("result customers_who_waited {}", st.waited.get());
    println!("result total_wait {}", py(st.total_wait.get()));
    println!("result mean_wait {}", py(st.total_wait.get() / n as f64));
    println!("result max_wait {}", py(st.max_wait.get()));
    println!("result busy_time {}", py(st.busy.get()));
    println!("result final_time {}", py(now));
    println!("result utilisation {}", py(st.busy.get() / now));
    // SimPy's event count for the same model (6 per customer + 2), so that
    // events/s compare like for like.
    let events = 6 * n + 2;
    eprintln!(
        "TIME model=mm1 n={n} impl=simu-des wall_s={wall:.6} events={events} ev_per_s={:.1} ns_per_event={:.1} maxrss_kib={}",
        events as f64 / wall,
        wall * 1e9 / events as f64,
        max_rss_kib()
    );
}
