//! CPython 3.13's `random` module, draw for draw.
//!
//! SimPy models draw their delays from Python's `random`, seeded with a fixed
//! number, and their printed results depend on every single draw. A port that
//! must print *identical numbers* therefore needs the very same stream, not
//! merely a good generator: the same Mersenne Twister (MT19937), seeded the
//! way CPython seeds it (`init_by_array` over the 32-bit words of the seed's
//! absolute value), and the same arithmetic on top of it, operation for
//! operation, so every `f64` comes out with the same bits. Each method here is
//! a transcription of the function of the same name in CPython 3.13's
//! `Lib/random.py` or `Modules/_randommodule.c`; the tests compare thousands
//! of draws per method against golden sequences made by CPython itself.
//!
//! Why not a crate: of those that aim at Python compatibility, `pyrand` 0.2
//! computes `random()` in `f32` and `rand-python` 0.1 seeds only from a `u32`;
//! neither has the continuous distributions. Crates with a correct MT19937 core
//! (`rand_mt`, `mt19937`) would replace only the hundred lines of
//! `random/mt19937.rs`, at the price of a dependency.
//!
//! Layout: this file has [`Random`], its seeding and its integers
//! (`getrandbits`, `randrange`, `randint`); `random/sequences.rs` has
//! `choice`, `choices`, `shuffle`, `sample`; `random/continuous.rs` the
//! float distributions; `random/error.rs` [`RandomError`].
//!
//! Where Python raises, the method returns a [`RandomError`] carrying
//! Python's message, and leaves the stream where Python leaves it (some
//! errors come after a draw); nothing here panics. Integers are `i64`/`u64`
//! (and `u128` for [`Random::getrandbits`]) instead of Python's unbounded
//! `int`. Not ported: seeding from `str`, `bytes` or `float` (SHA-512 and
//! hashing), `getstate`/`setstate`, `randbytes`, `binomialvariate` (it needs
//! CPython's own `lgamma`), `sample`'s `counts`.
//!
//! ```
//! use gensend_sim::random::Random;
//!
//! // Python: random.seed(42); random.randint(50, 99); random.random()
//! let mut rng = Random::new(42);
//! assert_eq!(rng.randint(50, 99), Ok(90));
//! assert_eq!(rng.random(), 0.11133106816568039);
//! ```

mod continuous;
mod error;
mod mt19937;
mod sequences;

use std::fmt;

pub use error::RandomError;
use mt19937::Mt19937;

/// A generator that reproduces CPython 3.13's `random.Random` exactly.
///
/// Seeded with the same integer, it yields the same values as Python, bit for
/// bit, method for method — including the hidden state Python keeps, such as
/// the second normal deviate [`gauss`](Random::gauss) caches. It is plain
/// data (about 2.5 KB): `Clone` it to fork a stream, move it to another
/// thread freely.
///
/// ```
/// use gensend_sim::random::Random;
///
/// // Python: r = random.Random(42); r.expovariate(1 / 10); r.uniform(1, 3)
/// let mut rng = Random::new(42);
/// assert_eq!(rng.expovariate(1.0 / 10.0), Ok(10.200602872748009));
/// assert_eq!(rng.uniform(1.0, 3.0), 1.0500215104453339);
/// ```
#[derive(Clone, PartialEq)]
pub struct Random {
    /// The Mersenne Twister all draws come from.
    mt: Mt19937,
    /// The second value of the last `gauss` pair, handed out next time.
    gauss_next: Option<f64>,
}

impl fmt::Debug for Random {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Random").field("gauss_next", &self.gauss_next).finish_non_exhaustive()
    }
}

impl Random {
    /// A generator seeded like Python's `random.Random(seed)`.
    ///
    /// All bits of the seed are used; its sign is not (`-42` seeds like `42`,
    /// as in CPython).
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.random(), 0.6394267984578837); // Python's first value
    /// assert_eq!(Random::new(-42), Random::new(42));
    /// ```
    pub fn new(seed: i128) -> Self {
        let magnitude = seed.unsigned_abs();
        let words: [u32; 4] = core::array::from_fn(|i| (magnitude >> (32 * i)) as u32);
        Random::from_seed_words(&words)
    }

    /// A generator seeded with an integer of any size, given as the 32-bit
    /// words of its absolute value, least significant first (high zero words
    /// are ignored, as they are in Python's integer).
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// // Python: random.Random(2**64 + 5)
    /// assert_eq!(Random::from_seed_words(&[5, 0, 1]), Random::new((1 << 64) + 5));
    /// assert_eq!(Random::from_seed_words(&[42, 0]), Random::new(42));
    /// ```
    pub fn from_seed_words(words: &[u32]) -> Self {
        // Python passes the key without its high zero words, and at least one.
        let used = words.iter().rposition(|&w| w != 0).map_or(1, |top| top + 1);
        let key = words.get(..used).unwrap_or(&[0]);
        Random { mt: Mt19937::from_key(key), gauss_next: None }
    }

    /// Reseeds like Python's `random.seed(seed)`; it also drops the value
    /// [`gauss`](Random::gauss) had cached.
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(7);
    /// let first = rng.random();
    /// rng.seed(7);
    /// assert_eq!(rng.random(), first);
    /// ```
    pub fn seed(&mut self, seed: i128) {
        *self = Random::new(seed);
    }

    /// Reseeds with an integer of any size, as the 32-bit words of its
    /// absolute value, least significant first.
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(1);
    /// rng.seed_words(&[0xFFFF_FFFF, 0xFFFF_FFFF]);
    /// assert_eq!(rng, Random::new(u64::MAX.into()));
    /// ```
    pub fn seed_words(&mut self, words: &[u32]) {
        *self = Random::from_seed_words(words);
    }

    /// The next float in `[0.0, 1.0)`, with 53 random bits (Python's
    /// `random()`, from two 32-bit draws).
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(0);
    /// assert_eq!(rng.random(), 0.8444218515250481);
    /// assert_eq!(rng.random(), 0.7579544029403025);
    /// ```
    pub fn random(&mut self) -> f64 {
        let a = self.mt.next_u32() >> 5;
        let b = self.mt.next_u32() >> 6;
        (f64::from(a) * 67_108_864.0 + f64::from(b)) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// An integer of `k` random bits (Python's `getrandbits(k)`), for
    /// `k <= 128`; larger `k` is [`RandomError::TooManyBits`].
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.getrandbits(32), Ok(2_746_317_213));
    /// assert_eq!(rng.getrandbits(0), Ok(0));
    /// assert!(rng.getrandbits(129).is_err());
    /// ```
    pub fn getrandbits(&mut self, k: u32) -> Result<u128, RandomError> {
        if k > 128 {
            return Err(RandomError::TooManyBits { k });
        }
        Ok(self.bits(k))
    }

    /// `getrandbits` for `k <= 128`: 32-bit draws fill the result from its
    /// least significant word up, the last one keeping its top bits.
    fn bits(&mut self, k: u32) -> u128 {
        if k == 0 {
            return 0;
        }
        if k <= 32 {
            return u128::from(self.mt.next_u32() >> (32 - k));
        }
        let mut result = 0u128;
        let mut left = k;
        let mut shift = 0;
        while left > 0 {
            let mut word = self.mt.next_u32();
            if left < 32 {
                word >>= 32 - left;
            }
            result |= u128::from(word) << shift;
            shift += 32;
            left = left.saturating_sub(32);
        }
        result
    }

    /// Python's `_randbelow_with_getrandbits(n)` for `n > 0`: rejection
    /// sampling over `n.bit_length()` bits.
    fn below(&mut self, n: u128) -> u128 {
        let k = u128::BITS - n.leading_zeros();
        let mut r = self.bits(k);
        while r >= n {
            r = self.bits(k);
        }
        r
    }

    /// A random integer in `[0, n)`: Python's `randrange(n)`.
    ///
    /// ```
    /// use gensend_sim::random::{Random, RandomError};
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.randbelow(10), Ok(1));
    /// assert_eq!(rng.randbelow(0), Err(RandomError::EmptyRangeBelow));
    /// ```
    pub fn randbelow(&mut self, n: u64) -> Result<u64, RandomError> {
        if n == 0 {
            return Err(RandomError::EmptyRangeBelow);
        }
        Ok(self.below(n.into()) as u64)
    }

    /// A random integer in `[start, stop)`: Python's `randrange(start, stop)`.
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.randrange(-5, 5), Ok(-4));
    /// assert!(rng.randrange(3, 3).is_err());
    /// ```
    pub fn randrange(&mut self, start: i64, stop: i64) -> Result<i64, RandomError> {
        self.range(start.into(), stop.into())
    }

    /// `start + _randbelow(stop - start)` over `i128`, so that `randint`'s
    /// `b + 1` and the widest `i64` ranges fit.
    fn range(&mut self, start: i128, stop: i128) -> Result<i64, RandomError> {
        let width = stop - start;
        if width <= 0 {
            return Err(RandomError::EmptyRange { start, stop });
        }
        // The offset is below the width, so the sum lies in [start, stop).
        Ok((start + self.below(width as u128) as i128) as i64)
    }

    /// A random value of `range(start, stop, step)`: Python's
    /// `randrange(start, stop, step)`.
    ///
    /// ```
    /// use gensend_sim::random::{Random, RandomError};
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.randrange_step(0, 100, 7), Ok(70));
    /// assert_eq!(rng.randrange_step(0, 100, 0), Err(RandomError::ZeroStep));
    /// ```
    pub fn randrange_step(&mut self, start: i64, stop: i64, step: i64) -> Result<i64, RandomError> {
        let (istart, istop, istep) = (i128::from(start), i128::from(stop), i128::from(step));
        if istep == 1 {
            return self.range(istart, istop);
        }
        let width = istop - istart;
        let n = match istep {
            0 => return Err(RandomError::ZeroStep),
            s if s > 0 => floor_div(width + s - 1, s),
            s => floor_div(width + s + 1, s),
        };
        if n <= 0 {
            return Err(RandomError::EmptySteppedRange { start, stop, step });
        }
        Ok((istart + istep * self.below(n as u128) as i128) as i64)
    }

    /// A random integer in `[a, b]`, both ends included: Python's
    /// `randint(a, b)`.
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// // carwash.py: random.seed(42); random.randint(5, 9)
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.randint(5, 9), Ok(5));
    /// assert!(rng.randint(i64::MIN, i64::MAX).is_ok());
    /// ```
    pub fn randint(&mut self, a: i64, b: i64) -> Result<i64, RandomError> {
        self.range(a.into(), i128::from(b) + 1)
    }
}

/// Python's `//` on integers: the quotient rounded toward negative infinity.
fn floor_div(a: i128, b: i128) -> i128 {
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) { q - 1 } else { q }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_div_rounds_down() {
        assert_eq!(floor_div(-7, 2), -4);
        assert_eq!(floor_div(7, -2), -4);
        assert_eq!(floor_div(-6, 3), -2);
        assert_eq!(floor_div(7, 2), 3);
    }
}
