//! Integers picked from sequences: `choice`, `choices`, `shuffle`, `sample`.
//!
//! All of them go through `Random::below` (Python's `_randbelow`) or
//! `random()` exactly where Python's do, so the order and number of draws,
//! and therefore every later value of the stream, stay Python's.

use std::collections::HashSet;

use super::{Random, RandomError};

impl Random {
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
