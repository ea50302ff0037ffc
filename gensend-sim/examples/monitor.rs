//! Monitoring: the mm1 queue of the benchmark (one server, uniform
//! inter-arrival and service times from the LCG streams of `bench/`) with a
//! [`Monitor`](gensend_sim::monitor::Monitor) on the server, no bookkeeping in
//! the model. Prints the time-weighted queue length, the utilisation and the
//! waits, and draws the queue length over time as an SVG step chart.
//!
//! ```sh
//! cargo run --release -p gensend-sim --example monitor -- 500 docs/sim-queue-length.svg
//! ```
//!
//! The SVG is written by hand (a polyline and a few labels): a plotting crate
//! would add dozens of dependencies for one chart.

use std::fmt::Write as _;

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

fn svg(steps: &[(f64, f64)], end: f64, mean: f64) -> String {
    let (width, height, margin) = (800.0, 260.0, 40.0);
    let top = steps.iter().map(|&(_, v)| v).fold(1.0, f64::max);
    let x = |t: f64| margin + (width - 2.0 * margin) * t / end;
    let y = |v: f64| height - margin - (height - 2.0 * margin) * v / top;
    let mut points = String::new();
    let mut previous = None;
    for &(t, v) in steps {
        if let Some(p) = previous {
            let _ = write!(points, "{:.1},{:.1} ", x(t), y(p));
        }
        let _ = write!(points, "{:.1},{:.1} ", x(t), y(v));
        previous = Some(v);
    }
    if let Some(p) = previous {
        let _ = write!(points, "{:.1},{:.1}", x(end), y(p));
    }
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="{margin}" y="20">mm1 queue length over time (gensend-sim Monitor); dashed: time-weighted mean {mean:.2}</text>
<line x1="{margin}" y1="{y0:.1}" x2="{xe:.1}" y2="{y0:.1}" stroke="black"/>
<line x1="{margin}" y1="{y0:.1}" x2="{margin}" y2="{margin}" stroke="black"/>
<text x="{margin}" y="{yl:.1}">0</text><text x="{xe:.1}" y="{yl:.1}" text-anchor="end">t = {end:.0}</text>
<text x="5" y="{yt:.1}">{top}</text>
<line x1="{margin}" y1="{ym:.1}" x2="{xe:.1}" y2="{ym:.1}" stroke="gray" stroke-dasharray="4 3"/>
<polyline fill="none" stroke="steelblue" stroke-width="1" points="{points}"/>
</svg>
"##,
        y0 = y(0.0),
        xe = x(end),
        yl = y(0.0) + 15.0,
        yt = y(top) + 4.0,
        ym = y(mean),
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(500);
    let path = args.get(1).cloned();

    let env = Env::new();
    let server = Resource::new(&env, 1).unwrap();
    let monitor = server.monitor();
    let (e, s) = (env.clone(), server.clone());
    env.process(proc(move |co| async move {
        let (mut ia, mut sv) = (Lcg::new(1), Lcg::new(2));
        for _ in 0..n {
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

    let now = env.now();
    let queue = monitor.queue_length();
    let waits = monitor.waits();
    println!("customers {}", waits.count());
    println!("time-weighted mean queue length {:.4} (max {})", queue.mean(now), queue.max());
    println!("utilisation {:.4}", monitor.utilisation(now));
    println!("wait mean {:.4} max {:.4} sd {:.4}", waits.mean(), waits.max(), waits.variance().sqrt());
    if let Some(path) = path {
        std::fs::write(&path, svg(queue.steps(), now, queue.mean(now))).expect("write the SVG");
        println!("wrote {path}");
    }
}
