//! Iterating a generator whose body can fail, without losing the failure.
//!
//! A `Gen` with nothing to send is an [`Iterator`] over its yields, and its
//! return value waits in [`Gen::take_return`]. When the body returns
//! `Result<T, X>`, a plain `for` loop ends the same way whether the body
//! succeeded or failed, and a caller who forgets `take_return` never learns of
//! the error (CPython raises it out of the loop). [`Gen::try_iter`] yields
//! `Ok(item)` for each yield and then, if the body failed, one last `Err(x)`,
//! so `?` and `collect::<Result<Vec<_>, _>>()` see the error.

use core::iter::FusedIterator;

use crate::r#gen::Gen;

/// The iterator of [`Gen::try_iter`] (borrowing, `G = &mut Gen`) and
/// [`Gen::into_try_iter`] (owning, `G = Gen`): `Ok(item)` per yield, then
/// `Err(x)` if the body returned `Err(x)`. A successful body's `Ok(t)` is kept
/// for [`take_return`](TryIter::take_return).
///
/// ```
/// use gensend::Gen;
///
/// let mut g: Gen<u8, (), Result<&str, String>> = Gen::new(|co| async move {
///     co.yield_(1).await;
///     Ok("fine")
/// });
/// let mut items = g.try_iter();
/// assert_eq!(items.next(), Some(Ok(1)));
/// assert_eq!(items.next(), None);
/// assert_eq!(items.take_return(), Some("fine"));
/// ```
#[derive(Debug)]
pub struct TryIter<G, T> {
    generator: G,
    /// What a successful body returned, until taken.
    returned: Option<T>,
    done: bool,
}

impl<G, T> TryIter<G, T> {
    fn new(generator: G) -> Self {
        TryIter { generator, returned: None, done: false }
    }

    /// The `T` of a body that returned `Ok(t)`, once the iteration has ended
    /// (and until taken).
    ///
    /// ```
    /// use gensend::Gen;
    ///
    /// let g: Gen<u8, (), Result<u32, ()>> = Gen::new(|co| async move {
    ///     co.yield_(1).await;
    ///     Ok(2)
    /// });
    /// let mut items = g.into_try_iter();
    /// assert_eq!(items.by_ref().collect::<Result<Vec<_>, _>>(), Ok(vec![1]));
    /// assert_eq!(items.take_return(), Some(2));
    /// ```
    pub fn take_return(&mut self) -> Option<T> {
        self.returned.take()
    }

    /// The generator being iterated.
    ///
    /// ```
    /// use gensend::{Gen, State};
    ///
    /// let g: Gen<u8, (), Result<(), ()>> = Gen::new(|co| async move { Ok(co.yield_(1).await) });
    /// let mut items = g.into_try_iter();
    /// items.next();
    /// assert_eq!(items.into_inner().state(), State::Suspended);
    /// ```
    pub fn into_inner(self) -> G {
        self.generator
    }

    /// One step of the iteration, given the generator.
    #[inline]
    #[track_caller]
    fn step<Y, X>(
        generator: &mut impl ReturnsResult<Y, T, X>,
        returned: &mut Option<T>,
        done: &mut bool,
    ) -> Option<Result<Y, X>> {
        if *done {
            return None;
        }
        if let Some(item) = generator.next_item() {
            return Some(Ok(item));
        }
        *done = true;
        match generator.returned()? {
            Ok(value) => {
                *returned = Some(value);
                None
            }
            Err(error) => Some(Err(error)),
        }
    }
}

/// A generator with nothing to send whose body returns a `Result`.
trait ReturnsResult<Y, T, X> {
    #[track_caller]
    fn next_item(&mut self) -> Option<Y>;
    fn returned(&mut self) -> Option<Result<T, X>>;
}

impl<Y, T, X, E, K> ReturnsResult<Y, T, X> for Gen<'_, Y, (), Result<T, X>, E, K> {
    #[inline]
    #[track_caller]
    fn next_item(&mut self) -> Option<Y> {
        Iterator::next(self)
    }

    fn returned(&mut self) -> Option<Result<T, X>> {
        self.take_return()
    }
}

impl<'a, Y, T, X, E, K> Gen<'a, Y, (), Result<T, X>, E, K> {
    /// Iterates over the yields as `Ok(item)`, then gives the body's error as
    /// a last `Err(x)` if it returned `Err(x)`: the iteration form for bodies
    /// that can fail, so that the error is not silently left in
    /// [`take_return`](Gen::take_return). Works with `?` and with
    /// `collect::<Result<Vec<_>, _>>()`.
    ///
    /// ```
    /// use gensend::Gen;
    ///
    /// #[derive(Debug, PartialEq)]
    /// struct BadDigit(char);
    ///
    /// fn digits(text: &str) -> Gen<'_, u32, (), Result<(), BadDigit>> {
    ///     Gen::new(move |co| async move {
    ///         for c in text.chars() {
    ///             co.yield_(c.to_digit(10).ok_or(BadDigit(c))?).await;
    ///         }
    ///         Ok(())
    ///     })
    /// }
    /// assert_eq!(digits("42").try_iter().collect::<Result<Vec<_>, _>>(), Ok(vec![4, 2]));
    /// assert_eq!(digits("4x2").try_iter().collect::<Result<Vec<_>, _>>(), Err(BadDigit('x')));
    ///
    /// fn sum(text: &str) -> Result<u32, BadDigit> {
    ///     let mut total = 0;
    ///     for digit in digits(text).try_iter() {
    ///         total += digit?;
    ///     }
    ///     Ok(total)
    /// }
    /// assert_eq!(sum("123"), Ok(6));
    /// assert_eq!(sum("1y3"), Err(BadDigit('y')));
    /// ```
    pub fn try_iter(&mut self) -> TryIter<&mut Self, T> {
        TryIter::new(self)
    }

    /// [`try_iter`](Gen::try_iter) that owns the generator, to return from a
    /// function.
    ///
    /// ```
    /// use gensend::Gen;
    ///
    /// fn parse(words: &[&'static str]) -> impl Iterator<Item = Result<i32, String>> {
    ///     let words = words.to_vec();
    ///     Gen::<i32, (), Result<(), String>>::new(move |co| async move {
    ///         for w in words {
    ///             co.yield_(w.parse().map_err(|_| format!("not a number: {w}"))?).await;
    ///         }
    ///         Ok(())
    ///     })
    ///     .into_try_iter()
    /// }
    /// let parsed: Vec<_> = parse(&["1", "x", "3"]).collect();
    /// assert_eq!(parsed, [Ok(1), Err("not a number: x".to_string())]);
    /// ```
    pub fn into_try_iter(self) -> TryIter<Self, T> {
        TryIter::new(self)
    }
}

impl<Y, T, X, E, K> Iterator for TryIter<&mut Gen<'_, Y, (), Result<T, X>, E, K>, T> {
    type Item = Result<Y, X>;

    #[inline]
    #[track_caller]
    fn next(&mut self) -> Option<Result<Y, X>> {
        Self::step(self.generator, &mut self.returned, &mut self.done)
    }
}

impl<Y, T, X, E, K> Iterator for TryIter<Gen<'_, Y, (), Result<T, X>, E, K>, T> {
    type Item = Result<Y, X>;

    #[inline]
    #[track_caller]
    fn next(&mut self) -> Option<Result<Y, X>> {
        Self::step(&mut self.generator, &mut self.returned, &mut self.done)
    }
}

impl<Y, T, X, E, K> FusedIterator for TryIter<&mut Gen<'_, Y, (), Result<T, X>, E, K>, T> {}
impl<Y, T, X, E, K> FusedIterator for TryIter<Gen<'_, Y, (), Result<T, X>, E, K>, T> {}
