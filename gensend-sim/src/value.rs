//! [`Value`] and [`Failure`]: what events carry.
//!
//! SimPy's events carry any Python object, and fail with any exception. A Rust
//! kernel that serves every model cannot know those types, so an event's value
//! is a shared, type-erased [`Value`] (Python's `None` is the empty one, and
//! costs nothing), and its failure a shared, type-erased error ([`Failure`]).
//! Both are reference counted: SimPy hands the same value to every process
//! waiting on an event, to condition values and to `event.value`, and so does
//! this crate, without cloning the object itself.

use std::any::Any;
use std::error::Error;
use std::fmt;
use std::rc::Rc;

/// What a value must be: any `'static` type that can be printed for debugging.
trait ValueObject: Any + fmt::Debug {
    fn as_any(&self) -> &dyn Any;
}

impl<T: Any + fmt::Debug> ValueObject for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The value of an event: any `'static + Debug` object, shared; empty is
/// Python's `None`.
///
/// ```
/// use gensend_sim::Value;
///
/// let v = Value::new(42_i64);
/// assert_eq!(v.get::<i64>(), Some(&42));
/// assert_eq!(v.get::<&str>(), None);
/// assert!(Value::NONE.is_none());
/// assert_eq!(format!("{:?}", Value::from("spam")), "\"spam\"");
/// ```
#[derive(Clone, Default)]
pub struct Value(Option<Rc<dyn ValueObject>>);

impl Value {
    /// Python's `None`.
    ///
    /// ```
    /// assert!(gensend_sim::Value::NONE.is_none());
    /// ```
    pub const NONE: Value = Value(None);

    /// Wraps `value`.
    ///
    /// ```
    /// let v = gensend_sim::Value::new(vec![1, 2]);
    /// assert_eq!(v.get::<Vec<i32>>().unwrap().len(), 2);
    /// ```
    pub fn new<T: Any + fmt::Debug>(value: T) -> Value {
        Value(Some(Rc::new(value)))
    }

    /// Whether this is `None`.
    ///
    /// ```
    /// assert!(gensend_sim::Value::from(()).is_none());
    /// ```
    pub fn is_none(&self) -> bool {
        self.0.is_none()
    }

    /// The value as a `T`, if it is one.
    ///
    /// ```
    /// let v = gensend_sim::Value::new(String::from("eggs"));
    /// assert_eq!(v.get::<String>().map(String::as_str), Some("eggs"));
    /// ```
    pub fn get<T: Any>(&self) -> Option<&T> {
        ValueObject::as_any(self.0.as_deref()?).downcast_ref()
    }

    /// Whether two values are the same object (Python's `is`), or both `None`.
    ///
    /// ```
    /// use gensend_sim::Value;
    /// let v = Value::new(1);
    /// assert!(v.same(&v.clone()));
    /// assert!(!v.same(&Value::new(1)));
    /// ```
    pub fn same(&self, other: &Value) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            None => f.write_str("None"),
            Some(object) => object.fmt(f),
        }
    }
}

impl From<()> for Value {
    fn from((): ()) -> Value {
        Value::NONE
    }
}

macro_rules! value_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(value: $t) -> Value {
                Value::new(value)
            }
        }
    )*};
}
value_from!(bool, i32, i64, u32, u64, usize, f64, &'static str, String);

/// What a failed event carries and a process is thrown: any error, shared
/// (SimPy's exception). `?` converts any `std::error::Error` into it.
///
/// Like `anyhow::Error`, `Failure` does not implement `Error` itself (that
/// would make the blanket `From` conflict with the reflexive one); use
/// [`Failure::as_error`] where a `&dyn Error` is needed.
///
/// ```
/// use gensend_sim::{Failure, ModelError};
///
/// let f = Failure::new(ModelError::new("ValueError", "Onoes, failed after 5!"));
/// assert_eq!(f.to_string(), "Onoes, failed after 5!");
/// assert_eq!(f.downcast_ref::<ModelError>().unwrap().name, "ValueError");
/// assert!(f.interrupt().is_none());
/// ```
#[derive(Clone)]
pub struct Failure(Rc<dyn ErrorObject>);

trait ErrorObject: Error + Any {
    fn as_any(&self) -> &dyn Any;
    fn as_error(&self) -> &(dyn Error + 'static);
}

impl<T: Error + Any> ErrorObject for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_error(&self) -> &(dyn Error + 'static) {
        self
    }
}

impl Failure {
    /// Wraps an error.
    ///
    /// ```
    /// let f = gensend_sim::Failure::new(std::fmt::Error);
    /// assert!(f.is::<std::fmt::Error>());
    /// ```
    pub fn new<E: Error + 'static>(error: E) -> Failure {
        Failure(Rc::new(error))
    }

    /// The error as an `E`, if it is one.
    ///
    /// ```
    /// let f = gensend_sim::Failure::new(std::fmt::Error);
    /// assert!(f.downcast_ref::<std::fmt::Error>().is_some());
    /// ```
    pub fn downcast_ref<E: Error + 'static>(&self) -> Option<&E> {
        ErrorObject::as_any(&*self.0).downcast_ref()
    }

    /// Whether the error is an `E`.
    ///
    /// ```
    /// use gensend_sim::{Failure, Interrupt, Value};
    /// assert!(Failure::new(Interrupt::new(Value::NONE)).is::<Interrupt>());
    /// ```
    pub fn is<E: Error + 'static>(&self) -> bool {
        ErrorObject::as_any(&*self.0).is::<E>()
    }

    /// The [`Interrupt`](crate::Interrupt) this failure is, if it is one.
    ///
    /// ```
    /// use gensend_sim::{Failure, Interrupt, Value};
    /// let f = Failure::new(Interrupt::new(Value::from(3)));
    /// assert_eq!(f.interrupt().unwrap().cause().get::<i32>(), Some(&3));
    /// ```
    pub fn interrupt(&self) -> Option<&crate::Interrupt> {
        self.downcast_ref()
    }

    /// The error as a `&dyn Error`.
    ///
    /// ```
    /// let f = gensend_sim::Failure::new(std::fmt::Error);
    /// assert!(f.as_error().source().is_none());
    /// ```
    pub fn as_error(&self) -> &(dyn Error + 'static) {
        ErrorObject::as_error(&*self.0)
    }

    /// Whether two failures are the same error object (Python's `is`).
    ///
    /// ```
    /// let f = gensend_sim::Failure::new(std::fmt::Error);
    /// assert!(f.same(&f.clone()));
    /// ```
    pub fn same(&self, other: &Failure) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<E: Error + 'static> From<E> for Failure {
    fn from(error: E) -> Failure {
        Failure::new(error)
    }
}

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

/// A model's own exception, named like Python's (`ValueError`, `RuntimeError`
/// ...): for models ported from SimPy that raise or fail events with one.
///
/// ```
/// use gensend_sim::ModelError;
/// let e = ModelError::new("ValueError", "spam");
/// assert_eq!(format!("{e:?}"), "ValueError('spam')");
/// assert_eq!(e.to_string(), "spam");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ModelError {
    /// The exception's class name.
    pub name: &'static str,
    /// Its message.
    pub message: String,
}

impl ModelError {
    /// An exception of class `name` with `message`.
    ///
    /// ```
    /// assert_eq!(gensend_sim::ModelError::new("RuntimeError", "x").name, "RuntimeError");
    /// ```
    pub fn new(name: &'static str, message: impl Into<String>) -> ModelError {
        ModelError { name, message: message.into() }
    }
}

impl fmt::Debug for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}('{}')", self.name, self.message)
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for ModelError {}
