//! The typed errors of `Random`, with CPython's messages.

use std::fmt;

/// Why a draw could not be made: the cases where CPython's `random` raises.
///
/// `Display` gives CPython's message, so a port prints what SimPy printed.
///
/// ```
/// use gensend_sim::random::{Random, RandomError};
///
/// let mut rng = Random::new(0);
/// let err = rng.randint(5, 4).unwrap_err();
/// assert_eq!(err, RandomError::EmptyRange { start: 5, stop: 5 });
/// assert_eq!(err.to_string(), "empty range in randrange(5, 5)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RandomError {
    /// `randrange(stop)` (here [`Random::randbelow`](super::Random::randbelow)) with `stop <= 0`.
    EmptyRangeBelow,
    /// `randrange(start, stop)` with `stop <= start`; `randint(a, b)` reports
    /// `stop = b + 1`, as CPython does.
    EmptyRange {
        /// The range's first value.
        start: i128,
        /// The range's exclusive end.
        stop: i128,
    },
    /// `randrange(start, stop, step)` whose range holds no value.
    EmptySteppedRange {
        /// The range's first value.
        start: i64,
        /// The range's exclusive end.
        stop: i64,
        /// The step.
        step: i64,
    },
    /// `randrange(start, stop, 0)`.
    ZeroStep,
    /// `choice` of an empty sequence.
    EmptySequence,
    /// `sample(population, k)` with `k` above the population's size.
    SampleLargerThanPopulation {
        /// The number of values asked for.
        k: usize,
        /// The population's size.
        population: usize,
    },
    /// A division by a zero parameter, such as `expovariate(0.0)`.
    FloatDivisionByZero,
    /// `choices` with as many weights as population members: Python's
    /// "The number of weights does not match the population".
    WeightsMismatch {
        /// The number of weights given.
        weights: usize,
        /// The population's size.
        population: usize,
    },
    /// `choices` whose weights add up to zero or less.
    NonPositiveTotalWeight,
    /// `choices` whose weights add up to infinity or NaN.
    NonFiniteTotalWeight,
    /// `gammavariate` (or `betavariate`) with a parameter that is not above 0.
    GammaParameters,
    /// A power of zero with a negative exponent, which Python refuses.
    ZeroToNegativePower,
    /// A power too large for an `f64` (Python's `OverflowError`).
    Overflow,
    /// `getrandbits(k)` with `k > 128`: CPython returns an `int` of any size,
    /// this port at most a `u128`.
    TooManyBits {
        /// The number of bits asked for.
        k: u32,
    },
}

impl fmt::Display for RandomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyRangeBelow => f.write_str("empty range for randrange()"),
            Self::EmptyRange { start, stop } => {
                write!(f, "empty range in randrange({start}, {stop})")
            }
            Self::EmptySteppedRange { start, stop, step } => {
                write!(f, "empty range in randrange({start}, {stop}, {step})")
            }
            Self::ZeroStep => f.write_str("zero step for randrange()"),
            Self::EmptySequence => f.write_str("Cannot choose from an empty sequence"),
            Self::SampleLargerThanPopulation { .. } => {
                f.write_str("Sample larger than population or is negative")
            }
            Self::FloatDivisionByZero => f.write_str("float division by zero"),
            Self::WeightsMismatch { .. } => {
                f.write_str("The number of weights does not match the population")
            }
            Self::NonPositiveTotalWeight => f.write_str("Total of weights must be greater than zero"),
            Self::NonFiniteTotalWeight => f.write_str("Total of weights must be finite"),
            Self::GammaParameters => f.write_str("gammavariate: alpha and beta must be > 0.0"),
            Self::ZeroToNegativePower => f.write_str("0.0 cannot be raised to a negative power"),
            Self::Overflow => f.write_str("(34, 'Numerical result out of range')"),
            Self::TooManyBits { k } => {
                write!(f, "getrandbits({k}): at most 128 bits fit in a u128")
            }
        }
    }
}

impl core::error::Error for RandomError {}
