//! Python's float formatting (`repr(float)` and the `f` format), so that
//! result logs and ported examples print SimPy's output byte for byte, and
//! Python's `sum` of floats, which rounds differently from a plain loop.
//!
//! Rust's `{}` and Python's `repr` differ (`5` against `5.0`, `1e16`
//! against `1e+16`), and so do the spellings of NaN; a port that formats
//! through these helpers need not know where.

/// `repr(x)` of a Python float: the shortest round-tripping digits, with
/// `.0` on integral values and exponent notation outside `1e-4 <= |x| < 1e16`.
///
/// ```
/// use gensend_sim::py_float;
/// assert_eq!(py_float(5.0), "5.0");
/// assert_eq!(py_float(0.1 + 0.2), "0.30000000000000004");
/// assert_eq!(py_float(1e16), "1e+16");
/// assert_eq!(py_float(1.5e-7), "1.5e-07");
/// assert_eq!(py_float(f64::INFINITY), "inf");
/// ```
pub fn py_float(x: f64) -> String {
    py_repr(x)
}

/// `format(x, f".{precision}f")` of a Python float: `precision` digits after
/// the point, the exact binary value rounded half to even, as `f"{x:.2f}"`
/// prints it. Pad it to a width with Rust's `{:>width$}` (Python right-aligns
/// numbers: `f"{x:7.4f}"` is `format!("{:>7}", py_fixed(x, 4))`).
///
/// ```
/// use gensend_sim::py_fixed;
/// assert_eq!(py_fixed(5.0, 2), "5.00");
/// assert_eq!(py_fixed(0.125, 2), "0.12"); // an exact tie: half to even
/// assert_eq!(py_fixed(2.675, 2), "2.67"); // 2.675 is 2.67499999...
/// assert_eq!(py_fixed(-0.0, 1), "-0.0");
/// assert_eq!(py_fixed(f64::NAN, 3), "nan");
/// assert_eq!(format!("{:>7}", py_fixed(3.85949, 4)), " 3.8595");
/// ```
pub fn py_fixed(x: f64, precision: usize) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // Rust's fixed-precision formatting rounds the exact binary value half
    // to even, as Python's does (tests/fmt.rs checks it against CPython).
    format!("{x:.precision$}")
}

/// A number as SimPy's messages show it: integral values as Python `int`s
/// (SimPy's times and amounts are usually ints), others as [`py_float`].
pub(crate) fn py_number(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e16 { format!("{}", x as i64) } else { py_float(x) }
}

fn py_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let magnitude = x.abs();
    if x != 0.0 && !(1e-4..1e16).contains(&magnitude) {
        let sci = format!("{x:e}");
        let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exponent.abs());
    }
    let plain = format!("{x}");
    if plain.contains('.') { plain } else { format!("{plain}.0") }
}

/// `sum(values)` of Python floats, as CPython 3.12 and later compute it:
/// with Neumaier's compensated summation, whose result can differ from a
/// plain `+` loop (`iter().sum()`) in the last digits, which a printed mean
/// then shows.
///
/// ```
/// use gensend_sim::py_sum;
/// assert_eq!(py_sum([0.1; 10]), 1.0); // a plain loop gives 0.9999999999999999
/// assert_eq!(py_sum([1e16, 1.0, -1e16]), 1.0); // a plain loop gives 0.0
/// assert_eq!(py_sum([]), 0.0);
/// ```
pub fn py_sum(values: impl IntoIterator<Item = f64>) -> f64 {
    let (mut total, mut compensation) = (0.0_f64, 0.0_f64);
    for x in values {
        let t = total + x;
        compensation += if total.abs() >= x.abs() { (total - t) + x } else { (x - t) + total };
        total = t;
    }
    // CPython's guard: keep the sign of a negative sum, and an infinite or
    // overflowed sum from turning into NaN.
    if compensation != 0.0 && compensation.is_finite() {
        total += compensation;
    }
    total
}
