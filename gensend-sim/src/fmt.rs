//! Python's `repr(float)` for the result logs, so that they diff against
//! SimPy's byte for byte.

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
