//! Seed 17 (generator states): `state()` across a generator's life, with the names
//! `inspect.getgeneratorstate` uses.
//!
//! Python original (`17_generator_states.py`):
//!
//! ```python
//! def my_gen():
//!     yield 1
//!     yield 2
//!
//! gen = my_gen()
//! print(inspect.getgeneratorstate(gen))   # GEN_CREATED
//! next(gen)
//! print(inspect.getgeneratorstate(gen))   # GEN_SUSPENDED
//! list(gen)
//! print(inspect.getgeneratorstate(gen))   # GEN_CLOSED
//! gen2 = my_gen()
//! gen2.close()
//! print(inspect.getgeneratorstate(gen2))  # GEN_CLOSED
//! ```
//!
//! With nothing to send (`S = ()`), a `Gen` is an `Iterator`: `list(gen)` is
//! `collect()`.

use gensend::Gen;

fn my_gen() -> Gen<'static, i32> {
    Gen::new(|co| async move {
        co.yield_(1).await;
        co.yield_(2).await;
    })
}

pub fn main() {
    let mut generator = my_gen();
    println!("{}", generator.state().python_name()); // GEN_CREATED
    generator.next();
    println!("{}", generator.state().python_name()); // GEN_SUSPENDED
    let _rest: Vec<i32> = generator.by_ref().collect();
    println!("{}", generator.state().python_name()); // GEN_CLOSED
    let mut gen2 = my_gen();
    gen2.close().expect("a Created generator closes without running");
    println!("{}", gen2.state().python_name()); // GEN_CLOSED
}
