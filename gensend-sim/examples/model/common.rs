//! The benchmark models' shared pieces: the LCG of `bench/models/common.py`
//! (bit-exact) and the result log.

use gensend_sim::py_float;

/// One LCG stream (Knuth's MMIX constants), seeded with splitmix64(stream id).
pub struct Lcg {
    state: u64,
}

impl Lcg {
    pub fn new(stream: u64) -> Lcg {
        let mut z = stream.wrapping_add(0x9E3779B97F4A7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        Lcg { state: z ^ (z >> 31) }
    }

    /// `lo + span * unit`, one multiplication and one addition, in that order.
    pub fn uniform(&mut self, lo: f64, span: f64) -> f64 {
        self.state = self.state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let unit = (self.state >> 11) as f64 * (1.0 / 9007199254740992.0);
        lo + span * unit
    }
}

/// The result log: `section key value` lines, floats as Python's `repr`.
#[derive(Default)]
pub struct Out {
    pub trace: bool,
    pub lines: Vec<String>,
}

impl Out {
    pub fn put(&mut self, section: &str, key: &str, value: impl std::fmt::Display) {
        self.lines.push(format!("{section} {key} {value}"));
    }

    pub fn put_f(&mut self, section: &str, key: &str, value: f64) {
        self.lines.push(format!("{section} {key} {}", py_float(value)));
    }

    pub fn tr(&mut self, now: f64, words: &[&dyn std::fmt::Display]) {
        let mut line = format!("trace {}", py_float(now));
        for word in words {
            line.push(' ');
            line.push_str(&word.to_string());
        }
        self.lines.push(line);
    }
}
