//! A traffic light as a generator state machine, with forced overrides sent
//! in and emergencies thrown in (seed example 11, extended).
//!
//! Python (seed 11, "Resettable State Machine"):
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
//! print(next(light))  # "red" (auto-advance)
//! print(light.send(None))  # "green" (auto-advance)
//! print(light.send("red"))  # "red" (forced override)
//! print(light.send(None))  # "green" (auto-advance from red)
//! ```
//!
//! In Rust the override is an `Option<Light>`: Python's `override in states`
//! check (an unknown name silently auto-advances) cannot be needed, as there is
//! no unknown light to send. Added here: `throw(Emergency)` switches to
//! flashing red until an override resets it, and `close()` returns a summary
//! of the light's life (CPython 3.13's `close()` return value).
//!
//! Run with `cargo run --example traffic_light`.

use std::fmt;

use gensend::{Gen, Interrupt, Step};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Light {
    Red,
    Green,
    Yellow,
    /// Emergency mode: stays until an override resets it.
    FlashingRed,
}

impl Light {
    fn after(self) -> Light {
        match self {
            Light::Red => Light::Green,
            Light::Green => Light::Yellow,
            Light::Yellow => Light::Red,
            Light::FlashingRed => Light::FlashingRed,
        }
    }
}

impl fmt::Display for Light {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Light::Red => "red",
            Light::Green => "green",
            Light::Yellow => "yellow",
            Light::FlashingRed => "flashing red",
        })
    }
}

/// Thrown in: why the light must go to flashing red.
#[derive(Debug)]
struct Emergency(&'static str);

/// What `close()` returns.
#[derive(Debug, Default, PartialEq)]
struct Summary {
    automatic: u32,
    forced: u32,
    emergencies: Vec<&'static str>,
}

fn traffic_light<'a>() -> Gen<'a, Light, Option<Light>, Summary, Emergency> {
    Gen::throwable(|co| async move {
        let mut current = Light::Red;
        let mut summary = Summary::default();
        loop {
            current = match co.try_yield(current).await {
                Ok(Some(forced)) => {
                    summary.forced += 1;
                    forced
                }
                Ok(None) => {
                    summary.automatic += 1;
                    current.after()
                }
                Err(Interrupt::Throw(Emergency(reason))) => {
                    summary.emergencies.push(reason);
                    Light::FlashingRed
                }
                Err(Interrupt::Exit) => return summary,
            };
        }
    })
}

fn main() {
    println!("seed 11, step by step:");
    let mut light = traffic_light();
    let mut seen = Vec::new();
    for (call, step) in [
        ("next(light)        ", light.start().ok()),
        ("light.send(None)   ", light.send(None).ok()),
        ("light.send(\"red\")  ", light.send(Some(Light::Red)).ok()),
        ("light.send(None)   ", light.send(None).ok()),
    ] {
        let Some(Step::Yielded(shown)) = step else { unreachable!("the light never stops by itself") };
        println!("  {call} -> {shown}");
        seen.push(shown.to_string());
    }
    assert_eq!(seen, ["red", "green", "red", "green"], "CPython's output for seed 11");
    println!("  (CPython prints: red, green, red, green)");

    println!("\noverrides, an emergency, and a reset:");
    let mut current = Light::Green;
    let mut show = |what: &str, step: Step<Light, Summary>| {
        if let Step::Yielded(next) = step {
            println!("  {what:<32} {current} -> {next}");
            current = next;
        }
    };
    show("auto", light.send(None).unwrap());
    show("auto", light.send(None).unwrap());
    show("forced: send(Some(Yellow))", light.send(Some(Light::Yellow)).unwrap());
    show("throw(Emergency(\"ambulance\"))", light.throw(Emergency("ambulance")).unwrap());
    show("auto (stays flashing)", light.send(None).unwrap());
    show("forced reset: send(Some(Red))", light.send(Some(Light::Red)).unwrap());
    show("auto", light.send(None).unwrap());

    let summary = light.close();
    println!("\nlight.close() = {summary:?}");
    assert_eq!(summary, Ok(Some(Summary { automatic: 6, forced: 3, emergencies: vec!["ambulance"] })));
    println!("light.state() = {:?}", light.state());
}
