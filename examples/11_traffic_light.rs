//! Seed 11 (resettable state machine): the generator keeps its state between
//! resumptions; `send(None)` lets it advance on its own, `send(state)` forces a state.
//!
//! Python original (`11_traffic_light.py`):
//!
//! ```python
//! def traffic_light():
//!     states = {"red": "green", "green": "yellow", "yellow": "red"}
//!     current = "red"
//!     while True:
//!         override = (yield current)
//!         if override and override in states:
//!             current = override  # forced transition
//!         else:
//!             current = states[current]  # automatic cycle
//!
//! light = traffic_light()
//! print(next(light))        # red
//! print(light.send(None))   # green
//! print(light.send("red"))  # red
//! print(light.send(None))   # green
//! ```
//!
//! Python can send None or a string, so the sent type is `Option<&str>`; the dict is
//! a table of pairs.

use gensend::{Gen, Step};

fn traffic_light() -> Gen<'static, &'static str, Option<&'static str>> {
    Gen::new(|co| async move {
        let states = [("red", "green"), ("green", "yellow"), ("yellow", "red")];
        let next_of = |state: &str| states.iter().find(|(from, _)| *from == state).map(|&(_, to)| to);
        let mut current = "red";
        loop {
            let override_: Option<&str> = co.yield_(current).await;
            current = match override_ {
                Some(forced) if !forced.is_empty() && next_of(forced).is_some() => forced,
                _ => next_of(current).expect("current is always a key"),
            };
        }
    })
}

fn print_yielded(step: Step<&str, ()>) {
    if let Step::Yielded(state) = step {
        println!("{state}");
    }
}

pub fn main() {
    let mut light = traffic_light();
    print_yielded(light.start().expect("fresh generator")); // red
    print_yielded(light.send(None).expect("suspended")); // green
    print_yielded(light.send(Some("red")).expect("suspended")); // red
    print_yielded(light.send(None).expect("suspended")); // green
}
