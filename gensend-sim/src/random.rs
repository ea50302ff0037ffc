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
//! (`rand_mt`, `mt19937`) cover about forty of the lines below, not the rest.
//!
//! Where Python raises, the method returns a [`RandomError`] carrying
//! Python's message; nothing here panics. Integers are `i64`/`u64` (and
//! `u128` for [`Random::getrandbits`]) instead of Python's unbounded `int`.
//!
//! ```
//! use gensend_sim::random::Random;
//!
//! // Python: random.seed(42); random.randint(50, 99); random.random()
//! let mut rng = Random::new(42);
//! assert_eq!(rng.randint(50, 99), Ok(90));
//! assert_eq!(rng.random(), 0.11133106816568039);
//! ```

use std::collections::HashSet;
use std::fmt;

/// Words of Mersenne Twister state.
const N: usize = 624;
/// The twist's middle offset.
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// `4 * exp(-0.5) / sqrt(2.0)`, as CPython computes it (`random.NV_MAGICCONST`).
const NV_MAGICCONST: f64 = f64::from_bits(0x3ffb_72cd_3f33_1398);
/// `log(4.0)` (`random.LOG4`).
const LOG4: f64 = f64::from_bits(0x3ff6_2e42_fefa_39ef);
/// `1.0 + log(4.5)` (`random.SG_MAGICCONST`).
const SG_MAGICCONST: f64 = f64::from_bits(0x4004_0859_baee_748f);
/// `math.tau`, the `TWOPI` of `random.py`.
const TWOPI: f64 = core::f64::consts::TAU;

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
    /// `randrange(stop)` (here [`Random::randbelow`]) with `stop <= 0`.
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
    state: [u32; N],
    /// Index of the next state word to temper; `N` means "twist first".
    index: usize,
    /// The second value of the last `gauss` pair, handed out next time.
    gauss_next: Option<f64>,
}

impl fmt::Debug for Random {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Random")
            .field("index", &self.index)
            .field("gauss_next", &self.gauss_next)
            .finish_non_exhaustive()
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
        let mut rng = Random { state: [0; N], index: N, gauss_next: None };
        rng.seed(seed);
        rng
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
        let mut rng = Random::new(0);
        rng.seed_words(words);
        rng
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
        let magnitude = seed.unsigned_abs();
        let words: [u32; 4] = core::array::from_fn(|i| (magnitude >> (32 * i)) as u32);
        self.seed_words(&words);
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
        // Python passes the key without its high zero words, and at least one.
        let used = words.iter().rposition(|&w| w != 0).map_or(1, |top| top + 1);
        let key = words.get(..used).unwrap_or(&[0]);
        self.init_by_array(key);
        self.gauss_next = None;
    }

    /// MT19937's `init_genrand`.
    fn init_genrand(&mut self, seed: u32) {
        self.state[0] = seed;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1_812_433_253u32.wrapping_mul(prev ^ (prev >> 30)).wrapping_add(i as u32);
        }
        self.index = N;
    }

    /// MT19937's `init_by_array`, which CPython's `seed` calls with the key.
    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let mt = &mut self.state;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
    }

    /// Regenerates all `N` state words (MT19937's twist).
    fn twist(&mut self) {
        let mt = &mut self.state;
        let mix = |upper: u32, lower: u32, far: u32| {
            let y = (upper & UPPER_MASK) | (lower & LOWER_MASK);
            far ^ (y >> 1) ^ if y & 1 == 1 { MATRIX_A } else { 0 }
        };
        for k in 0..N - M {
            mt[k] = mix(mt[k], mt[k + 1], mt[k + M]);
        }
        for k in N - M..N - 1 {
            mt[k] = mix(mt[k], mt[k + 1], mt[k + M - N]);
        }
        mt[N - 1] = mix(mt[N - 1], mt[0], mt[M - 1]);
        self.index = 0;
    }

    /// MT19937's `genrand_uint32`: the next 32 random bits.
    fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
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
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
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
            return u128::from(self.next_u32() >> (32 - k));
        }
        let mut result = 0u128;
        let mut left = k;
        let mut shift = 0;
        while left > 0 {
            let mut word = self.next_u32();
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

    /// A uniformly chosen element of `seq`: Python's `choice(seq)`.
    ///
    /// ```
    /// use gensend_sim::random::{Random, RandomError};
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.choice(&["a", "b", "c"]), Ok(&"c"));
    /// assert_eq!(rng.choice::<u8>(&[]), Err(RandomError::EmptySequence));
    /// ```
    pub fn choice<'a, T>(&mut self, seq: &'a [T]) -> Result<&'a T, RandomError> {
        if seq.is_empty() {
            return Err(RandomError::EmptySequence);
        }
        let index = self.below(seq.len() as u128) as usize;
        Ok(&seq[index])
    }

    /// `k` elements of `population` chosen with replacement, equally likely:
    /// Python's `choices(population, k=k)` (without weights). An empty
    /// population gives [`RandomError::EmptySequence`] unless `k` is 0 (Python
    /// raises an `IndexError`, "list index out of range", after one draw; so
    /// does this, to leave the stream where Python leaves it).
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.choices(&[10, 20, 30], 4), Ok(vec![&20, &10, &10, &10]));
    /// ```
    pub fn choices<'a, T>(&mut self, population: &'a [T], k: usize) -> Result<Vec<&'a T>, RandomError> {
        if population.is_empty() && k > 0 {
            self.random();
            return Err(RandomError::EmptySequence);
        }
        let n = population.len() as f64;
        let last = population.len().saturating_sub(1);
        // floor(random() * n) < n for any population below 2**53 elements.
        Ok((0..k).map(|_| &population[((self.random() * n).floor() as usize).min(last)]).collect())
    }

    /// `k` elements of `population` chosen with replacement, each with
    /// probability proportional to its weight: Python's
    /// `choices(population, weights, k=k)`. The weights are summed in order,
    /// in `f64` (exact for integer weights while the total stays below 2**53,
    /// so integer weights give Python's draws too).
    ///
    /// ```
    /// use gensend_sim::random::{Random, RandomError};
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.choices_weighted(&['a', 'b'], &[1.0, 9.0], 3), Ok(vec![&'b', &'a', &'b']));
    /// assert_eq!(rng.choices_weighted(&['a'], &[0.0], 1), Err(RandomError::NonPositiveTotalWeight));
    /// ```
    pub fn choices_weighted<'a, T>(
        &mut self,
        population: &'a [T],
        weights: &[f64],
        k: usize,
    ) -> Result<Vec<&'a T>, RandomError> {
        let cum_weights: Vec<f64> = weights
            .iter()
            .scan(0.0, |total, &w| {
                *total += w;
                Some(*total)
            })
            .collect();
        self.choices_cum_weighted(population, &cum_weights, k)
    }

    /// [`choices_weighted`](Random::choices_weighted) with the running
    /// totals of the weights given instead: Python's
    /// `choices(population, cum_weights=cum_weights, k=k)`.
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.choices_cum_weighted(&['a', 'b'], &[1.0, 10.0], 3), Ok(vec![&'b', &'a', &'b']));
    /// ```
    pub fn choices_cum_weighted<'a, T>(
        &mut self,
        population: &'a [T],
        cum_weights: &[f64],
        k: usize,
    ) -> Result<Vec<&'a T>, RandomError> {
        let n = population.len();
        if cum_weights.len() != n {
            return Err(RandomError::WeightsMismatch { weights: cum_weights.len(), population: n });
        }
        // Python reads cum_weights[-1] first: an IndexError when empty.
        let Some(&total) = cum_weights.last() else {
            return Err(RandomError::EmptySequence);
        };
        if total <= 0.0 {
            return Err(RandomError::NonPositiveTotalWeight);
        }
        if !total.is_finite() {
            return Err(RandomError::NonFiniteTotalWeight);
        }
        Ok((0..k).map(|_| &population[bisect_right(cum_weights, self.random() * total, n - 1)]).collect())
    }

    /// Shuffles `x` in place: Python's `shuffle(x)` (Fisher–Yates from the
    /// end).
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(42);
    /// let mut x = [0, 1, 2, 3, 4];
    /// rng.shuffle(&mut x);
    /// assert_eq!(x, [3, 1, 2, 4, 0]);
    /// ```
    pub fn shuffle<T>(&mut self, x: &mut [T]) {
        for i in (1..x.len()).rev() {
            let j = self.below(i as u128 + 1) as usize;
            x.swap(i, j);
        }
    }

    /// `k` distinct positions of a population of `n`, in selection order:
    /// Python's `sample(range(n), k)`.
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.sample_indices(1_000_000, 3), Ok(vec![670487, 116739, 26225]));
    /// ```
    pub fn sample_indices(&mut self, n: usize, k: usize) -> Result<Vec<usize>, RandomError> {
        if k > n {
            return Err(RandomError::SampleLargerThanPopulation { k, population: n });
        }
        // Python picks its method by comparing n with the memory of a set
        // of k entries; the choice changes the draws, so it is copied exactly.
        let mut setsize: u128 = 21;
        if k > 5 {
            let exponent = ((k as f64 * 3.0).ln() / 4f64.ln()).ceil() as u32;
            setsize += 4u128.pow(exponent);
        }
        let mut result = Vec::with_capacity(k);
        if n as u128 <= setsize {
            let mut pool: Vec<usize> = (0..n).collect();
            for i in 0..k {
                let j = self.below((n - i) as u128) as usize;
                result.push(pool[j]);
                pool[j] = pool[n - i - 1];
            }
        } else {
            let mut selected = HashSet::with_capacity(k);
            for _ in 0..k {
                let mut j = self.below(n as u128) as usize;
                while !selected.insert(j) {
                    j = self.below(n as u128) as usize;
                }
                result.push(j);
            }
        }
        Ok(result)
    }

    /// `k` elements of `population` at distinct positions, in selection
    /// order: Python's `sample(population, k)`.
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.sample(&['a', 'b', 'c', 'd'], 2), Ok(vec![&'a', &'d']));
    /// ```
    pub fn sample<'a, T>(&mut self, population: &'a [T], k: usize) -> Result<Vec<&'a T>, RandomError> {
        let picks = self.sample_indices(population.len(), k)?;
        Ok(picks.into_iter().map(|i| &population[i]).collect())
    }

    /// A float between `a` and `b`: Python's `uniform(a, b)`, that is
    /// `a + (b - a) * random()`.
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// // bank_renege.py's patience: random.uniform(1, 3)
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.uniform(1.0, 3.0), 2.2788535969157673);
    /// ```
    pub fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.random()
    }

    /// Triangular distribution on `[low, high]` with the given `mode`
    /// (`None`: the midpoint): Python's `triangular(low, high, mode)`.
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.triangular(1.0, 10.0, Some(3.0)), 5.2338577762352365);
    /// assert_eq!(rng.triangular(5.0, 5.0, Some(5.0)), 5.0);
    /// ```
    pub fn triangular(&mut self, low: f64, high: f64, mode: Option<f64>) -> f64 {
        let mut u = self.random();
        let mut c = match mode {
            None => 0.5,
            // Python catches the ZeroDivisionError and returns low.
            Some(_) if high - low == 0.0 => return low,
            Some(mode) => (mode - low) / (high - low),
        };
        let (mut low, mut high) = (low, high);
        if u > c {
            u = 1.0 - u;
            c = 1.0 - c;
            core::mem::swap(&mut low, &mut high);
        }
        low + (high - low) * (u * c).sqrt()
    }

    /// Normal distribution with mean `mu` and standard deviation `sigma`:
    /// Python's `normalvariate(mu, sigma)` (Kinderman and Monahan's ratio of
    /// uniforms, two draws per try).
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// // machine_shop.py's processing time: random.normalvariate(10.0, 2.0)
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.normalvariate(10.0, 2.0), 10.490652683415727);
    /// ```
    pub fn normalvariate(&mut self, mu: f64, sigma: f64) -> f64 {
        loop {
            let u1 = self.random();
            let u2 = 1.0 - self.random();
            let z = NV_MAGICCONST * (u1 - 0.5) / u2;
            let zz = z * z / 4.0;
            if zz <= -u2.ln() {
                return mu + z * sigma;
            }
        }
    }

    /// Normal distribution by the Box–Muller method: Python's
    /// `gauss(mu, sigma)`. Each pair of draws yields two deviates; the second
    /// is kept for the next call (and dropped by [`seed`](Random::seed)).
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.gauss(0.0, 1.0), -0.14409032957792836);
    /// assert_eq!(rng.gauss(0.0, 1.0), -0.1729036003315193); // the cached one
    /// ```
    pub fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        let z = match self.gauss_next.take() {
            Some(z) => z,
            None => {
                let x2pi = self.random() * TWOPI;
                let g2rad = (-2.0 * (1.0 - self.random()).ln()).sqrt();
                self.gauss_next = Some(x2pi.sin() * g2rad);
                x2pi.cos() * g2rad
            }
        };
        mu + z * sigma
    }

    /// Log-normal distribution: `exp(normalvariate(mu, sigma))`, Python's
    /// `lognormvariate(mu, sigma)`.
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.lognormvariate(0.0, 0.25), 1.0632514144162173);
    /// ```
    pub fn lognormvariate(&mut self, mu: f64, sigma: f64) -> f64 {
        self.normalvariate(mu, sigma).exp()
    }

    /// Exponential distribution with rate `lambd` (mean `1 / lambd`):
    /// Python's `expovariate(lambd)`, `-log(1 - random()) / lambd`. A zero
    /// rate is [`RandomError::FloatDivisionByZero`], after the draw, as in
    /// Python.
    ///
    /// ```
    /// use gensend_sim::random::{Random, RandomError};
    ///
    /// // bank_renege.py's arrivals: random.expovariate(1.0 / 10.0)
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.expovariate(1.0 / 10.0), Ok(10.200602872748009));
    /// assert_eq!(rng.expovariate(0.0), Err(RandomError::FloatDivisionByZero));
    /// ```
    pub fn expovariate(&mut self, lambd: f64) -> Result<f64, RandomError> {
        let x = -(1.0 - self.random()).ln();
        if lambd == 0.0 {
            return Err(RandomError::FloatDivisionByZero);
        }
        Ok(x / lambd)
    }

    /// Pareto distribution with shape `alpha`: Python's `paretovariate(alpha)`,
    /// `(1 - random()) ** (-1 / alpha)`. Errors, after the draw as in
    /// Python: [`RandomError::FloatDivisionByZero`] for `alpha == 0`,
    /// [`RandomError::Overflow`] for a result beyond `f64`.
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.paretovariate(3.0), Ok(1.4049758243344401));
    /// ```
    pub fn paretovariate(&mut self, alpha: f64) -> Result<f64, RandomError> {
        let u = 1.0 - self.random();
        if alpha == 0.0 {
            return Err(RandomError::FloatDivisionByZero);
        }
        power(u, -1.0 / alpha)
    }

    /// Weibull distribution with scale `alpha` and shape `beta`: Python's
    /// `weibullvariate(alpha, beta)`, `alpha * (-log(1 - random())) ** (1 / beta)`,
    /// with Python's errors after the draw (see
    /// [`paretovariate`](Random::paretovariate); also
    /// [`RandomError::ZeroToNegativePower`] when the draw was 0.0 and
    /// `beta < 0`).
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.weibullvariate(300.0, 1.5), Ok(303.99876182995325));
    /// ```
    pub fn weibullvariate(&mut self, alpha: f64, beta: f64) -> Result<f64, RandomError> {
        let u = 1.0 - self.random();
        if beta == 0.0 {
            return Err(RandomError::FloatDivisionByZero);
        }
        Ok(alpha * power(-u.ln(), 1.0 / beta)?)
    }

    /// Gamma distribution with shape `alpha` and scale `beta` (mean
    /// `alpha * beta`): Python's `gammavariate(alpha, beta)` — Cheng's method
    /// for `alpha > 1`, an exponential for `alpha == 1`, Kennedy and Gentle's
    /// GS below. A parameter not above 0 is [`RandomError::GammaParameters`],
    /// before any draw.
    ///
    /// ```
    /// use gensend_sim::random::{Random, RandomError};
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.gammavariate(2.0, 3.0), Ok(3.4286297581052714));
    /// assert_eq!(rng.gammavariate(0.0, 3.0), Err(RandomError::GammaParameters));
    /// ```
    pub fn gammavariate(&mut self, alpha: f64, beta: f64) -> Result<f64, RandomError> {
        if alpha <= 0.0 || beta <= 0.0 {
            return Err(RandomError::GammaParameters);
        }
        if alpha > 1.0 {
            let ainv = (2.0 * alpha - 1.0).sqrt();
            let bbb = alpha - LOG4;
            let ccc = alpha + ainv;
            loop {
                let u1 = self.random();
                if !(1e-7 < u1 && u1 < 0.9999999) {
                    continue;
                }
                let u2 = 1.0 - self.random();
                let v = (u1 / (1.0 - u1)).ln() / ainv;
                let x = alpha * v.exp();
                let z = u1 * u1 * u2;
                let r = bbb + ccc * v - x;
                if r + SG_MAGICCONST - 4.5 * z >= 0.0 || r >= z.ln() {
                    return Ok(x * beta);
                }
            }
        } else if alpha == 1.0 {
            Ok(-(1.0 - self.random()).ln() * beta)
        } else {
            loop {
                let u = self.random();
                let b = (core::f64::consts::E + alpha) / core::f64::consts::E;
                let p = b * u;
                let x = if p <= 1.0 { power(p, 1.0 / alpha)? } else { -((b - p) / alpha).ln() };
                let u1 = self.random();
                let accepted = if p > 1.0 { u1 <= power(x, alpha - 1.0)? } else { u1 <= (-x).exp() };
                if accepted {
                    return Ok(x * beta);
                }
            }
        }
    }

    /// Beta distribution on `[0, 1]`: Python's `betavariate(alpha, beta)`,
    /// from two gamma draws.
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.betavariate(2.0, 5.0), Ok(0.13961892090489622));
    /// ```
    pub fn betavariate(&mut self, alpha: f64, beta: f64) -> Result<f64, RandomError> {
        let y = self.gammavariate(alpha, 1.0)?;
        if y == 0.0 {
            return Ok(0.0);
        }
        Ok(y / (y + self.gammavariate(beta, 1.0)?))
    }

    /// Von Mises distribution of angles, mean `mu` (radians) and
    /// concentration `kappa`: Python's `vonmisesvariate(mu, kappa)`, in
    /// `[0, 2π)`.
    ///
    /// ```
    /// use gensend_sim::random::Random;
    ///
    /// let mut rng = Random::new(42);
    /// assert_eq!(rng.vonmisesvariate(1.0, 4.0), 0.25213985140756456);
    /// ```
    pub fn vonmisesvariate(&mut self, mu: f64, kappa: f64) -> f64 {
        if kappa <= 1e-6 {
            return TWOPI * self.random();
        }
        let s = 0.5 / kappa;
        let r = s + (1.0 + s * s).sqrt();
        let z = loop {
            let u1 = self.random();
            let z = (core::f64::consts::PI * u1).cos();
            let d = z / (r + z);
            let u2 = self.random();
            if u2 < 1.0 - d * d || u2 <= (1.0 - d) * d.exp() {
                break z;
            }
        };
        let q = 1.0 / r;
        let f = (q + z) / (1.0 + q * z);
        let u3 = self.random();
        if u3 > 0.5 { python_mod(mu + f.acos(), TWOPI) } else { python_mod(mu - f.acos(), TWOPI) }
    }
}

/// Python's `base ** exponent` on floats, for `base >= 0`: libm's `pow`, and
/// Python's errors where it would return an infinity from finite operands.
fn power(base: f64, exponent: f64) -> Result<f64, RandomError> {
    if base == 0.0 && exponent < 0.0 {
        return Err(RandomError::ZeroToNegativePower);
    }
    let result = base.powf(exponent);
    if result.is_infinite() && base.is_finite() && exponent.is_finite() {
        return Err(RandomError::Overflow);
    }
    Ok(result)
}

/// Python's `%` on floats: the remainder takes the divisor's sign.
fn python_mod(x: f64, y: f64) -> f64 {
    let m = x % y;
    if m == 0.0 {
        0.0f64.copysign(y)
    } else if (y < 0.0) != (m < 0.0) {
        m + y
    } else {
        m
    }
}

/// Python's `bisect.bisect(a, x, 0, hi)`: the first index in `[0, hi]` whose
/// element is above `x`, by the same halving and comparisons.
fn bisect_right(a: &[f64], x: f64, hi: usize) -> usize {
    let (mut lo, mut hi) = (0, hi);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if x < a[mid] {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// Python's `//` on integers: the quotient rounded toward negative infinity.
fn floor_div(a: i128, b: i128) -> i128 {
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) { q - 1 } else { q }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The constants are random.py's, computed by this platform's libm.
    #[test]
    fn constants_are_random_py_formulas() {
        assert_eq!(NV_MAGICCONST, 4.0 * (-0.5f64).exp() / 2.0f64.sqrt());
        assert_eq!(LOG4, 4.0f64.ln());
        assert_eq!(SG_MAGICCONST, 1.0 + 4.5f64.ln());
    }

    #[test]
    fn power_raises_where_python_does() {
        assert_eq!(power(0.0, -1.0), Err(RandomError::ZeroToNegativePower));
        assert_eq!(power(0.0, 2.0), Ok(0.0));
        assert_eq!(power(0.5, -2000.0), Err(RandomError::Overflow));
        assert_eq!(power(0.5, 2000.0), Ok(0.0)); // underflow is no error
        assert_eq!(power(0.25, 0.5), Ok(0.5));
    }

    #[test]
    fn python_mod_takes_the_divisor_sign() {
        assert_eq!(python_mod(-1.0, TWOPI), TWOPI - 1.0);
        assert_eq!(python_mod(7.0, TWOPI), 7.0 - TWOPI);
        assert_eq!(python_mod(-0.0, TWOPI).to_bits(), 0.0f64.to_bits());
    }

    #[test]
    fn floor_div_rounds_down() {
        assert_eq!(floor_div(-7, 2), -4);
        assert_eq!(floor_div(7, -2), -4);
        assert_eq!(floor_div(-6, 3), -2);
        assert_eq!(floor_div(7, 2), 3);
    }
}
