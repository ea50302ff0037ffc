//! `py_float` and `py_fixed` against CPython 3.13's `repr(x)` and
//! `format(x, '.<p>f')`, value by value (`tests/data/fmt/make_golden.py`
//! writes the golden file).

use gensend_sim::random::Random;
use gensend_sim::{py_fixed, py_float, py_sum};

const GOLDEN: &str = include_str!("data/fmt/floats.txt");

/// Each golden line: the value, the format (`repr` or `.<p>f`) and Python's text.
fn golden() -> Vec<(f64, &'static str, &'static str)> {
    GOLDEN
        .lines()
        .map(|line| {
            let mut fields = line.splitn(3, ' ');
            let bits = u64::from_str_radix(fields.next().expect("bits"), 16).expect("hex bits");
            let format = fields.next().expect("a format");
            let text = fields.next().expect("Python's text");
            (f64::from_bits(bits), format, text)
        })
        .collect()
}

#[test]
fn py_float_is_pythons_repr() {
    let cases: Vec<_> = golden().into_iter().filter(|(_, format, _)| *format == "repr").collect();
    assert!(cases.len() > 300, "only {} repr cases", cases.len());
    for (x, _, python) in cases {
        assert_eq!(py_float(x), python, "repr of {x:e} (bits {:016x})", x.to_bits());
    }
}

#[test]
fn py_fixed_is_pythons_f_format() {
    let cases: Vec<_> = golden()
        .into_iter()
        .filter_map(|(x, format, python)| {
            let precision = format.strip_prefix('.')?.strip_suffix('f')?.parse::<usize>().ok()?;
            Some((x, precision, python))
        })
        .collect();
    assert!(cases.len() > 2000, "only {} fixed cases", cases.len());
    for (x, precision, python) in cases {
        assert_eq!(py_fixed(x, precision), python, "format({x:e}, '.{precision}f')");
    }
}

#[test]
fn widths_pad_like_python() {
    // Python: f"{3.85949:7.4f}|{0.0:6.3f}|{1234.5:3.1f}"
    let text = format!("{:>7}|{:>6}|{:>3}", py_fixed(3.85949, 4), py_fixed(0.0, 3), py_fixed(1234.5, 1));
    assert_eq!(text, " 3.8595| 0.000|1234.5");
}

/// `sum(xs)` and `sum(xs) / len(xs)` under CPython 3.13.0 for 1,000
/// `random.Random(seed).expovariate(1/3)` draws, and three edge cases.
#[test]
fn py_sum_is_cpythons_compensated_sum() {
    for (seed, sum, mean) in [
        (1, "3123.2140098731015", "3.1232140098731014"),
        (2, "3020.2206574589695", "3.0202206574589696"),
        (42, "3165.1645590845383", "3.165164559084538"),
    ] {
        let mut random = Random::new(seed);
        let xs: Vec<f64> = (0..1000).map(|_| random.expovariate(1.0 / 3.0).unwrap()).collect();
        assert_eq!(py_float(py_sum(xs.iter().copied())), sum, "seed {seed}");
        assert_eq!(py_float(py_sum(xs.iter().copied()) / xs.len() as f64), mean, "seed {seed}");
    }
    assert_eq!(py_float(py_sum([1e16, 1.0, -1e16])), "1.0");
    assert_eq!(py_float(py_sum([-0.0])), "0.0");
    assert_eq!(py_float(py_sum([f64::INFINITY, 1.0])), "inf");
}
