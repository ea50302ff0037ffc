//! [`Store`], [`FilterStore`] and [`PriorityStore`]: items put and got
//! (SimPy's `simpy.resources.store`).
//!
//! A priority store keeps its items in a binary heap ordered exactly as
//! Python's `heapq` orders them, so items of equal priority come out in
//! SimPy's order.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use super::base::{self, Data, Queues, Serve};
use crate::env::Env;
use crate::error::SimError;
use crate::events::{Event, EventKind, EventRef, Outcome};
use crate::kernel::{EnvCore, Sever};
use crate::value::Value;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    Fifo,
    Filter,
    Priority,
}

pub(crate) type Filter = Box<dyn Fn(&Value) -> bool>;

pub(crate) struct StoreCore {
    env: Rc<EnvCore>,
    queues: Queues,
    capacity: f64,
    items: RefCell<Vec<Value>>,
    order: Order,
}

/// A number, if the item is one.
fn number(item: &Value) -> Option<f64> {
    if let Some(&x) = item.get::<f64>() {
        Some(x)
    } else if let Some(&x) = item.get::<i32>() {
        Some(f64::from(x))
    } else {
        item.get::<i64>().map(|&x| x as f64)
    }
}

fn text(item: &Value) -> Option<&str> {
    item.get::<&str>().copied().or_else(|| item.get::<String>().map(String::as_str))
}

/// Python's `a < b` for the items a priority store can order: priority
/// items (by priority only), numbers, strings; anything else is unordered.
fn less(a: &Value, b: &Value) -> bool {
    if let (Some(a), Some(b)) = (a.get::<PriorityItem>(), b.get::<PriorityItem>()) {
        return a.priority < b.priority;
    }
    if let (Some(a), Some(b)) = (number(a), number(b)) {
        return a < b;
    }
    if let (Some(a), Some(b)) = (text(a), text(b)) {
        return a < b;
    }
    false
}

/// Python's `heapq.heappush`.
fn heap_push(items: &mut Vec<Value>, item: Value) {
    items.push(item);
    let mut pos = items.len() - 1;
    while pos > 0 {
        let parent = (pos - 1) >> 1;
        if less(&items[pos], &items[parent]) {
            items.swap(pos, parent);
            pos = parent;
        } else {
            break;
        }
    }
}

/// Python's `heapq.heappop` (its `_siftup`: down to a leaf, then up).
fn heap_pop(items: &mut Vec<Value>) -> Option<Value> {
    let last = items.pop()?;
    if items.is_empty() {
        return Some(last);
    }
    let top = std::mem::replace(&mut items[0], last);
    let end = items.len();
    let start = 0;
    let mut pos = 0;
    let mut child = 2 * pos + 1;
    while child < end {
        let right = child + 1;
        if right < end && !less(&items[child], &items[right]) {
            child = right;
        }
        items.swap(pos, child);
        pos = child;
        child = 2 * pos + 1;
    }
    while pos > start {
        let parent = (pos - 1) >> 1;
        if less(&items[pos], &items[parent]) {
            items.swap(pos, parent);
            pos = parent;
        } else {
            break;
        }
    }
    Some(top)
}

impl Sever for StoreCore {
    fn sever(&self) {
        self.queues.sever();
    }
}

impl Serve for StoreCore {
    fn queues(&self) -> &Queues {
        &self.queues
    }

    fn do_put(&self, event: &EventRef) -> bool {
        let mut items = self.items.borrow_mut();
        if (items.len() as f64) < self.capacity {
            let item = match base::data(event) {
                Some(Data::Item(slot)) => slot.borrow_mut().take().unwrap_or_default(),
                _ => Value::NONE,
            };
            if self.order == Order::Priority {
                heap_push(&mut items, item);
            } else {
                items.push(item);
            }
            drop(items);
            let _ = event.settle(Outcome::Ok(Value::NONE));
        }
        false
    }

    fn do_get(&self, event: &EventRef) -> bool {
        let mut items = self.items.borrow_mut();
        match self.order {
            Order::Fifo => {
                if !items.is_empty() {
                    let item = items.remove(0);
                    drop(items);
                    let _ = event.settle(Outcome::Ok(item));
                }
                false
            }
            Order::Priority => {
                if let Some(item) = heap_pop(&mut items) {
                    drop(items);
                    let _ = event.settle(Outcome::Ok(item));
                }
                false
            }
            Order::Filter => {
                drop(items);
                let filter = match base::data(event) {
                    Some(Data::Filter(filter)) => filter.as_ref(),
                    _ => None,
                };
                // The filter is the model's code, and may read the store: the
                // items are only borrowed to be read while it runs.
                let found = self.items.borrow().iter().position(|item| filter.is_none_or(|f| f(item)));
                if let Some(index) = found {
                    let item = self.items.borrow_mut().remove(index);
                    let _ = event.settle(Outcome::Ok(item));
                }
                true
            }
        }
    }
}

fn new_store(env: &Env, capacity: f64, order: Order) -> Result<Rc<StoreCore>, SimError> {
    if !(capacity > 0.0) {
        return Err(SimError::InvalidArgument("\"capacity\" must be > 0.".into()));
    }
    let core = Rc::new(StoreCore {
        env: env.core().clone(),
        queues: Queues::default(),
        capacity,
        items: RefCell::new(Vec::new()),
        order,
    });
    env.core().sever_at_teardown(&core);
    Ok(core)
}

fn put(core: &Rc<StoreCore>, item: Value) -> Event {
    base::put(&core.env, core, EventKind::Put, Data::Item(RefCell::new(Some(item))))
}

/// A store of items, got in the order they were put, with room for
/// `capacity` items (SimPy's `Store`).
///
/// ```
/// use gensend_sim::{Env, Store};
///
/// let env = Env::new();
/// let store = Store::new(&env, f64::INFINITY).unwrap();
/// store.put("spam").unwrap();
/// let got = store.get();
/// assert_eq!(env.run_until(&got).unwrap().get::<&str>(), Some(&"spam"));
/// ```
#[derive(Clone)]
pub struct Store(Rc<StoreCore>);

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("items", &*self.0.items.borrow()).finish()
    }
}

impl Store {
    /// A store with room for `capacity` items (`f64::INFINITY`: unlimited);
    /// `Err(InvalidArgument)` unless `capacity > 0`.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert!(gensend_sim::Store::new(&env, 0.0).is_err());
    /// ```
    pub fn new(env: &Env, capacity: f64) -> Result<Store, SimError> {
        new_store(env, capacity, Order::Fifo).map(Store)
    }

    /// Puts `item` in when there is room: an event. (`Result` for symmetry
    /// with [`Container::put`](crate::Container::put); it does not fail.)
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let s = gensend_sim::Store::new(&env, 1.0).unwrap();
    /// assert!(s.put(1).unwrap().triggered());
    /// assert!(!s.put(2).unwrap().triggered()); // full
    /// ```
    pub fn put(&self, item: impl Into<Value>) -> Result<Event, SimError> {
        Ok(put(&self.0, item.into()))
    }

    /// Gets the oldest item when there is one: an event whose value is it.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let s = gensend_sim::Store::new(&env, 1.0).unwrap();
    /// assert!(!s.get().triggered());
    /// ```
    pub fn get(&self) -> Event {
        base::get(&self.0.env, &self.0, EventKind::Get, Data::Filter(None))
    }

    /// The items in the store, in order.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let s = gensend_sim::Store::new(&env, 5.0).unwrap();
    /// s.put(1).unwrap();
    /// assert_eq!(s.items()[0].get::<i32>(), Some(&1));
    /// ```
    pub fn items(&self) -> Vec<Value> {
        self.0.items.borrow().clone()
    }

    /// Replaces the items (SimPy's `store.items = [...]`).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let s = gensend_sim::Store::new(&env, 5.0).unwrap();
    /// s.set_items(vec![1.into(), 2.into()]);
    /// assert_eq!(s.len(), 2);
    /// ```
    pub fn set_items(&self, items: Vec<Value>) {
        let old = std::mem::replace(&mut *self.0.items.borrow_mut(), items);
        drop(old); // outside the borrow: an item's `Drop` may read the store
    }

    /// The number of items.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert_eq!(gensend_sim::Store::new(&env, 5.0).unwrap().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.0.items.borrow().len()
    }

    /// Whether the store is empty.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert!(gensend_sim::Store::new(&env, 5.0).unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The capacity.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert_eq!(gensend_sim::Store::new(&env, 5.0).unwrap().capacity(), 5.0);
    /// ```
    pub fn capacity(&self) -> f64 {
        self.0.capacity
    }

    /// The waiting put requests.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert!(gensend_sim::Store::new(&env, 5.0).unwrap().put_queue().is_empty());
    /// ```
    pub fn put_queue(&self) -> Vec<Event> {
        self.0.queues.put.borrow().iter().cloned().map(Event).collect()
    }

    /// The waiting get requests.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let s = gensend_sim::Store::new(&env, 5.0).unwrap();
    /// let g = s.get();
    /// assert_eq!(s.get_queue(), [g]);
    /// ```
    pub fn get_queue(&self) -> Vec<Event> {
        self.0.queues.get.borrow().iter().cloned().map(Event).collect()
    }
}

/// A [`Store`] whose gets take the first item a filter accepts (SimPy's
/// `FilterStore`); gets are not necessarily served in request order.
///
/// ```
/// use gensend_sim::{Env, FilterStore};
///
/// let env = Env::new();
/// let store = FilterStore::new(&env, f64::INFINITY).unwrap();
/// store.put(1).unwrap();
/// store.put(2).unwrap();
/// let even = store.get_filtered(|item| item.get::<i32>().is_some_and(|n| n % 2 == 0));
/// assert_eq!(env.run_until(&even).unwrap().get::<i32>(), Some(&2));
/// ```
#[derive(Clone, Debug)]
pub struct FilterStore(Store);

impl std::ops::Deref for FilterStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.0
    }
}

impl FilterStore {
    /// A filter store (`Err` unless `capacity > 0`).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert!(gensend_sim::FilterStore::new(&env, 2.0).is_ok());
    /// ```
    pub fn new(env: &Env, capacity: f64) -> Result<FilterStore, SimError> {
        new_store(env, capacity, Order::Filter).map(|core| FilterStore(Store(core)))
    }

    /// Gets the first item `filter` accepts, when there is one.
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// let s = gensend_sim::FilterStore::new(&env, 2.0).unwrap();
    /// s.put("a").unwrap();
    /// assert!(!s.get_filtered(|v| v.get::<&str>() == Some(&"b")).triggered());
    /// ```
    pub fn get_filtered(&self, filter: impl Fn(&Value) -> bool + 'static) -> Event {
        let filter: Filter = Box::new(filter);
        base::get(&self.0.0.env, &self.0.0, EventKind::Get, Data::Filter(Some(filter)))
    }
}

/// An item with a priority, for a [`PriorityStore`]: only the priority is
/// compared (SimPy's `PriorityItem`).
///
/// ```
/// let item = gensend_sim::PriorityItem::new(2.0, "x");
/// assert_eq!(item.item.get::<&str>(), Some(&"x"));
/// ```
#[derive(Clone, Debug)]
pub struct PriorityItem {
    /// Lower comes out first.
    pub priority: f64,
    /// The item.
    pub item: Value,
}

impl PriorityItem {
    /// An item with `priority`.
    ///
    /// ```
    /// assert_eq!(gensend_sim::PriorityItem::new(1.0, 5).priority, 1.0);
    /// ```
    pub fn new(priority: f64, item: impl Into<Value>) -> PriorityItem {
        PriorityItem { priority, item: item.into() }
    }
}

/// A [`Store`] whose gets take the item with the lowest priority (SimPy's
/// `PriorityStore`): items are [`PriorityItem`]s (ordered by priority only),
/// numbers or strings.
///
/// ```
/// use gensend_sim::{Env, PriorityItem, PriorityStore};
///
/// let env = Env::new();
/// let store = PriorityStore::new(&env, f64::INFINITY).unwrap();
/// store.put(PriorityItem::new(3.0, "low")).unwrap();
/// store.put(PriorityItem::new(1.0, "high")).unwrap();
/// let got = store.get();
/// let value = env.run_until(&got).unwrap();
/// assert_eq!(value.get::<PriorityItem>().unwrap().item.get::<&str>(), Some(&"high"));
/// ```
#[derive(Clone, Debug)]
pub struct PriorityStore(Store);

impl std::ops::Deref for PriorityStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.0
    }
}

impl PriorityStore {
    /// A priority store (`Err` unless `capacity > 0`).
    ///
    /// ```
    /// let env = gensend_sim::Env::new();
    /// assert!(gensend_sim::PriorityStore::new(&env, 2.0).is_ok());
    /// ```
    pub fn new(env: &Env, capacity: f64) -> Result<PriorityStore, SimError> {
        new_store(env, capacity, Order::Priority).map(|core| PriorityStore(Store(core)))
    }
}

impl From<PriorityItem> for Value {
    fn from(item: PriorityItem) -> Value {
        Value::new(item)
    }
}
