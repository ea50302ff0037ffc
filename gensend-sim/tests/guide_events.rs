//! Port of SimPy 4.1.2's topical guide "Events"
//! (`docs/topical_guides/events.rst`): each doctest program, with the output
//! the guide shows, byte for byte. Programs that print nothing (their
//! checks are `assert`s) also print what they checked, in the Python
//! too: `tests/golden/guides/guide_programs.py`, run under SimPy 4.1.2.
//!
//! The guide runs all its programs on one environment; each port has its
//! own (nothing a program prints depends on the time it starts at).
mod guide;

use std::cell::RefCell;
use std::rc::Rc;

use gensend_sim::{ConditionValue, Env, Event, Failure, ModelError, Process, ProcessGen, Value, Wait, proc};
use guide::{Stdout, ellipsis_addresses, py_bool};

/// "Adding callbacks to an event": any function taking the event is a
/// callback. The guide shows the callback list (`[<function my_callback at
/// 0x...>]`, Python introspection); the port counts it, then triggers the
/// event to see the callback run.
///
/// ```python
/// def my_callback(event):
///     print('Called back from', event)
///
/// env = simpy.Environment()
/// event = env.event()
/// event.callbacks.append(my_callback)
/// event.callbacks
/// ```
#[test]
fn adding_callbacks_to_an_event() {
    let out = Stdout::default();
    let o = out.clone();
    let my_callback = move |event: &Event| o.print(format!("Called back from {event}"));

    let env = Env::new();
    let event = env.event();
    assert!(event.add_callback(my_callback));
    out.print(event.callback_count().to_string());
    event.succeed(()).unwrap();
    env.run().unwrap();

    let expected = "1\nCalled back from <Event() object at 0x...>\n";
    assert_eq!(ellipsis_addresses(&out.text()), expected);
    assert!(out.text().ends_with(&format!("{event}\n")));
    // Processed: its callbacks have run and no more can be added.
    assert_eq!(event.callback_count(), 0);
    assert!(!event.add_callback(|_| unreachable!()));
}

/// "Triggering events": `succeed()` returns the event (`yield
/// Event(env).succeed()`), and `trigger(event)` takes the value and outcome
/// (success or failure) of the event passed to it. The section has
/// fragments, no program; the port runs them in one process.
#[test]
fn triggering_events() {
    let out = Stdout::default();
    let env = Env::new();
    let (e, o) = (env.clone(), out.clone());
    env.process(proc(move |co| async move {
        let value = co.yield_(e.event().succeed("done")?).await;
        o.print(format!("succeed {} {}", e.now(), value.get::<&str>().unwrap()));

        let failed = e.event().fail(ModelError::new("ValueError", "Onoes"))?;
        failed.defuse();
        let copy = e.event();
        let returned = copy.trigger(&failed).map(|()| "None")?;
        let (ok, value) = (copy.ok() == Some(true), copy.failure().unwrap());
        o.print(format!("trigger returned {returned} {} {value}", py_bool(ok)));
        match co.wait(copy).await {
            Err(error) if error.downcast_ref::<ModelError>().is_some_and(|e| e.name == "ValueError") => {
                o.print(format!("caught {error} {}", e.now()))
            }
            other => panic!("{other:?}"),
        }

        let done = e.event().succeed(3)?;
        let copy = e.event();
        copy.trigger(&done)?;
        o.print(format!("copied {}", co.yield_(copy).await.get::<i32>().unwrap()));
        Ok::<(), Failure>(())
    }));
    env.run().unwrap();

    assert_eq!(out.text(), "succeed 0 done\ntrigger returned None False Onoes\ncaught Onoes 0\ncopied 3\n");
}

/// "Example usages for `Event`": a shared event, replaced after each
/// trigger, wakes every process waiting for it (SimPy 2's passivate /
/// reactivate).
///
/// ```python
/// class School:
///     def __init__(self, env):
///         self.env = env
///         self.class_ends = env.event()
///         self.pupil_procs = [env.process(self.pupil()) for i in range(3)]
///         self.bell_proc = env.process(self.bell())
///
///     def bell(self):
///         for i in range(2):
///             yield self.env.timeout(45)
///             self.class_ends.succeed()
///             self.class_ends = self.env.event()
///             print()
///
///     def pupil(self):
///         for i in range(2):
///             print(r' \o/', end='')
///             yield self.class_ends
///
/// school = School(env)
/// env.run()
/// ```
#[test]
fn example_usages_for_event() {
    #[derive(Clone)]
    struct School {
        env: Env,
        class_ends: Rc<RefCell<Event>>,
        out: Stdout,
    }

    impl School {
        fn new(env: &Env, out: &Stdout) -> (School, Vec<Process>, Process) {
            let school =
                School { env: env.clone(), class_ends: Rc::new(RefCell::new(env.event())), out: out.clone() };
            let pupil_procs = (0..3).map(|_| env.process(school.pupil())).collect();
            let bell_proc = env.process(school.bell());
            (school, pupil_procs, bell_proc)
        }

        fn bell(&self) -> ProcessGen {
            let school = self.clone();
            proc(move |co| async move {
                for _ in 0..2 {
                    co.yield_(school.env.timeout(45.0)).await;
                    school.class_ends.borrow().succeed(())?;
                    *school.class_ends.borrow_mut() = school.env.event();
                    school.out.print("");
                }
                Ok::<(), Failure>(())
            })
        }

        fn pupil(&self) -> ProcessGen {
            let school = self.clone();
            proc(move |co| async move {
                for _ in 0..2 {
                    school.out.print_end(r" \o/", "");
                    let class_ends = school.class_ends.borrow().clone();
                    co.yield_(class_ends).await;
                }
            })
        }
    }

    let out = Stdout::default();
    let env = Env::new();
    let (_school, pupils, bell) = School::new(&env, &out);
    env.run().unwrap();

    assert_eq!(out.text(), " \\o/ \\o/ \\o/\n \\o/ \\o/ \\o/\n");
    assert!(pupils.iter().chain([&bell]).all(|p| p.ok() == Some(true)));
    assert_eq!(env.now(), 90.0);
}

fn sub(env: Env) -> ProcessGen {
    proc(move |co| async move {
        co.yield_(env.timeout(1.0)).await;
        23
    })
}

/// "Processes are events, too": a process waits for another and gets its
/// return value.
///
/// ```python
/// def sub(env):
///     yield env.timeout(1)
///     return 23
///
/// def parent(env):
///     ret = yield env.process(sub(env))
///     return ret
///
/// env.run(env.process(parent(env)))   # the REPL shows 23
/// ```
#[test]
fn processes_are_events_too() {
    let out = Stdout::default();
    let parent = |env: Env| {
        proc(move |co| async move {
            // ret = yield env.process(sub(env)); return ret
            co.yield_(env.process(sub(env.clone())).event()).await
        })
    };

    let env = Env::new();
    let ret = env.run_until(&env.process(parent(env.clone()))).unwrap();
    out.print(ret.get::<i32>().unwrap().to_string());

    assert_eq!(out.text(), "23\n");
    assert_eq!(env.now(), 1.0);
}

/// "Processes are events, too", with a delayed start: `start_delayed`
/// returns a helper process whose value is the started process.
///
/// ```python
/// def parent(env):
///     sub_proc = yield start_delayed(env, sub(env), delay=3)
///     ret = yield sub_proc
///     return ret
///
/// env.run(env.process(parent(env)))   # the REPL shows 23
/// ```
#[test]
fn processes_are_events_too_start_delayed() {
    let out = Stdout::default();
    let parent = |env: Env| {
        proc(move |co| async move {
            let starter = env.start_delayed(sub(env.clone()), 3.0)?;
            let sub_proc = co.yield_(starter.event()).await;
            let sub_proc = sub_proc.get::<Process>().expect("the started process").clone();
            let ret = co.yield_(sub_proc.event()).await;
            Ok::<Value, Failure>(ret)
        })
    };

    let env = Env::new();
    let ret = env.run_until(&env.process(parent(env.clone()))).unwrap();
    out.print(ret.get::<i32>().unwrap().to_string());

    assert_eq!(out.text(), "23\n");
    assert_eq!(env.now(), 4.0); // started at 3, slept 1
}

/// "Waiting for multiple events at once": `AnyOf` and `AllOf` of plain
/// events. The guide only builds them; the port (and the Python beside it)
/// also triggers one event and looks at both.
///
/// ```python
/// events = [Event(env) for i in range(3)]
/// a = AnyOf(env, events)  # Triggers if at least one of "events" is triggered.
/// b = AllOf(env, events)  # Triggers if all each of "events" is triggered.
/// ```
#[test]
fn waiting_for_multiple_events_at_once() {
    let out = Stdout::default();
    let env = Env::new();
    let events: Vec<Event> = (0..3).map(|_| env.event()).collect();
    let a = env.any_of(events.iter().cloned()); // Triggers if at least one of "events" is triggered.
    let b = env.all_of(events.iter().cloned()); // Triggers if all each of "events" is triggered.
    out.print(format!("{} {}", py_bool(a.triggered()), py_bool(b.triggered())));
    events[1].succeed("spam").unwrap();
    env.run().unwrap();
    let a_value = a.value().unwrap();
    let a_values: Vec<String> = a_value
        .get::<ConditionValue>()
        .unwrap()
        .values()
        .map(|v| format!("'{}'", v.get::<&str>().unwrap()))
        .collect();
    out.print(format!("{} {} [{}]", py_bool(a.triggered()), py_bool(b.triggered()), a_values.join(", ")));

    assert_eq!(out.text(), "False False\nTrue False ['spam']\n");
}

/// "Waiting for multiple events at once" with `|` and `&`: a condition's
/// value holds the events that fired, with their values; conditions nest.
///
/// ```python
/// def test_condition(env):
///     t1, t2 = env.timeout(1, value='spam'), env.timeout(2, value='eggs')
///     ret = yield t1 | t2
///     assert ret == {t1: 'spam'}
///
///     t1, t2 = env.timeout(1, value='spam'), env.timeout(2, value='eggs')
///     ret = yield t1 & t2
///     assert ret == {t1: 'spam', t2: 'eggs'}
///
///     # You can also concatenate & and |
///     e1, e2, e3 = [env.timeout(i) for i in range(3)]
///     yield (e1 | e2) & e3
///     assert all(e.processed for e in [e1, e2, e3])
///
/// proc = env.process(test_condition(env))
/// env.run()
/// ```
#[test]
fn waiting_for_multiple_events_at_once_operators() {
    /// `value == {event: 'text', ...}`, in order.
    fn equals(value: &Value, expected: &[(&Event, &str)]) -> bool {
        let cv = value.get::<ConditionValue>().expect("a condition value");
        let items: Vec<(Event, Value)> = cv.items().collect();
        items.len() == expected.len()
            && items
                .iter()
                .zip(expected)
                .all(|((e, v), (ex, text))| e == *ex && v.get::<&str>() == Some(text))
    }
    let test_condition = |env: Env| {
        proc(move |co| async move {
            let (t1, t2) = (env.timeout_value(1.0, "spam"), env.timeout_value(2.0, "eggs"));
            let ret = co.yield_(&t1 | &t2).await;
            assert!(equals(&ret, &[(&t1, "spam")]), "{ret:?}");

            let (t1, t2) = (env.timeout_value(1.0, "spam"), env.timeout_value(2.0, "eggs"));
            let ret = co.yield_(&t1 & &t2).await;
            assert!(equals(&ret, &[(&t1, "spam"), (&t2, "eggs")]), "{ret:?}");

            // You can also concatenate & and |
            let [e1, e2, e3] = [0.0, 1.0, 2.0].map(|i| env.timeout(i));
            co.yield_(&(&e1 | &e2) & &e3).await;
            assert!([e1, e2, e3].iter().all(Event::processed));
        })
    };

    let out = Stdout::default();
    let env = Env::new();
    let proc = env.process(test_condition(env.clone()));
    env.run().unwrap();
    out.print(py_bool(proc.ok() == Some(true)));

    assert_eq!(out.text(), "True\n");
    assert_eq!(env.now(), 5.0); // 1 + 2 + 2
}

/// "Waiting for multiple events at once": the values of an `&` condition in
/// the order its events were given.
///
/// ```python
/// def fetch_values_of_multiple_events(env):
///     t1, t2 = env.timeout(1, value='spam'), env.timeout(2, value='eggs')
///     r1, r2 = (yield t1 & t2).values()
///     assert r1 == 'spam' and r2 == 'eggs'
///
/// proc = env.process(fetch_values_of_multiple_events(env))
/// env.run()
/// ```
#[test]
fn waiting_for_multiple_events_at_once_values() {
    let fetch_values_of_multiple_events = |env: Env| {
        proc(move |co| async move {
            let (t1, t2) = (env.timeout_value(1.0, "spam"), env.timeout_value(2.0, "eggs"));
            let values: Vec<Value> =
                co.yield_(&t1 & &t2).await.get::<ConditionValue>().unwrap().values().collect();
            let [r1, r2] = <[Value; 2]>::try_from(values).unwrap();
            assert!(r1.get::<&str>() == Some(&"spam") && r2.get::<&str>() == Some(&"eggs"));
        })
    };

    let out = Stdout::default();
    let env = Env::new();
    let proc = env.process(fetch_values_of_multiple_events(env.clone()));
    env.run().unwrap();
    out.print(py_bool(proc.ok() == Some(true)));

    assert_eq!(out.text(), "True\n");
}
