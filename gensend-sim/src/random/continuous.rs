//! Continuous distributions: `uniform` to `vonmisesvariate`.
//!
//! Each is `random.py`'s arithmetic in the same order, so each `f64` has
//! Python's bits. The transcendental functions (`ln`, `exp`, `powf`, `sin`,
//! `cos`, `acos`, `sqrt`) are the platform's libm, the same one CPython's
//! `math` calls, which is what makes the bits equal (glibc on Linux).

use super::{Random, RandomError};

/// `4 * exp(-0.5) / sqrt(2.0)`, as CPython computes it (`random.NV_MAGICCONST`).
const NV_MAGICCONST: f64 = f64::from_bits(0x3ffb_72cd_3f33_1398);
/// `log(4.0)` (`random.LOG4`).
const LOG4: f64 = f64::from_bits(0x3ff6_2e42_fefa_39ef);
/// `1.0 + log(4.5)` (`random.SG_MAGICCONST`).
const SG_MAGICCONST: f64 = f64::from_bits(0x4004_0859_baee_748f);
/// `math.tau`, the `TWOPI` of `random.py`.
const TWOPI: f64 = core::f64::consts::TAU;

impl Random {
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
}
