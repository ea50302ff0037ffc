//! Model-based property tests of PROTOCOL.md tables B and C.
//!
//! A small pure model (a state machine over `Created` / `Suspended at point P` /
//! `Closed`, where P is a plain or catching yield) predicts the result of every
//! call, the next state, the point kind suspended at, and the body's events
//! (values received, interrupts caught, guard run). proptest drives the model
//! and a real `Gen` with the same random body and operations; they must agree
//! on every step.

use std::sync::{Arc, Mutex};

use gensend::{Gen, IgnoredExit, Interrupt, Point, SendError, StartError, State, Step};
use proptest::prelude::*;

/// What a catching point does with an interrupt.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Reaction {
    /// Yield this value at a plain point, then go on with the next point.
    YieldAgain(i32),
    /// Return this value.
    Return(i32),
    /// Let it propagate (`return Err(interrupt)`).
    Propagate,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum P {
    Plain(i32),
    Catch { k: i32, on_throw: Reaction, on_exit: Reaction },
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Start,
    Send(i32),
    Throw(i32),
    Close,
}

#[derive(Clone, Debug, PartialEq)]
enum Ev {
    Guard,
    Recv(usize, i32),
    RecvAgain(usize, i32),
    Caught(usize, Interrupt<i32>),
}

type Ret = Result<i32, Interrupt<i32>>;

/// Every call's observable result, normalised to one type.
#[derive(Clone, Debug, PartialEq)]
enum Res {
    Step(Step<i32, Ret>),
    Start(StartError),
    Send(SendError<i32>),
    Thrown(i32),
    Closed(Option<Ret>),
    Ignored(i32),
}

/// Where the model is suspended: at point `j`, or at the handler's yield after it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum At {
    Point(usize),
    Again(usize),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum M {
    Created,
    Suspended(At),
    Closed,
}

struct Model {
    body: Vec<P>,
    ret: i32,
    state: M,
    events: Vec<Ev>,
}

impl Model {
    /// Runs the body from point `j` to the next yield or the end.
    fn run_from(&mut self, j: usize) -> Step<i32, Ret> {
        match self.body.get(j) {
            Some(P::Plain(k) | P::Catch { k, .. }) => {
                self.state = M::Suspended(At::Point(j));
                Step::Yielded(*k)
            }
            None => self.finish(Ok(self.ret)),
        }
    }

    fn finish(&mut self, r: Ret) -> Step<i32, Ret> {
        self.unwind();
        Step::Complete(r)
    }

    /// The body ends (returns or unwinds): its guard runs, it is closed.
    fn unwind(&mut self) {
        self.state = M::Closed;
        self.events.push(Ev::Guard);
    }

    /// Table C: an interrupt at the point the model is suspended at. `Some` is
    /// what the body did (yielded or returned), `None` means it unwound.
    fn interrupt(&mut self, at: At, what: Interrupt<i32>) -> Option<Step<i32, Ret>> {
        let (j, on_throw, on_exit) = match at {
            At::Point(j) => match self.body[j] {
                P::Catch { on_throw, on_exit, .. } => (j, on_throw, on_exit),
                P::Plain(_) => {
                    self.unwind(); // C1, C2
                    return None;
                }
            },
            At::Again(_) => {
                self.unwind();
                return None;
            }
        };
        self.events.push(Ev::Caught(j, what)); // C3
        let reaction = if what == Interrupt::Exit { on_exit } else { on_throw };
        Some(match reaction {
            Reaction::YieldAgain(k) => {
                self.state = M::Suspended(At::Again(j));
                Step::Yielded(k)
            }
            Reaction::Return(r) => self.finish(Ok(r)),
            Reaction::Propagate => self.finish(Err(what)),
        })
    }

    /// Table B.
    fn apply(&mut self, op: Op) -> Res {
        match (op, self.state) {
            (Op::Start, M::Created) => Res::Step(self.run_from(0)),
            (Op::Start, M::Suspended(_)) => Res::Start(StartError::AlreadyStarted),
            (Op::Start, M::Closed) => Res::Start(StartError::Closed),
            (Op::Send(v), M::Created) => Res::Send(SendError::NotStarted(v)),
            (Op::Send(v), M::Suspended(at)) => {
                // C6: the value goes to the point suspended at.
                let j = match at {
                    At::Point(j) => {
                        self.events.push(Ev::Recv(j, v));
                        j
                    }
                    At::Again(j) => {
                        self.events.push(Ev::RecvAgain(j, v));
                        j
                    }
                };
                Res::Step(self.run_from(j + 1))
            }
            (Op::Send(v), M::Closed) => Res::Send(SendError::Closed(v)),
            (Op::Throw(e), M::Created) => {
                self.state = M::Closed;
                Res::Thrown(e)
            }
            (Op::Throw(e), M::Suspended(at)) => match self.interrupt(at, Interrupt::Throw(e)) {
                Some(step) => Res::Step(step),
                None => Res::Thrown(e),
            },
            (Op::Throw(e), M::Closed) => Res::Thrown(e),
            (Op::Close, M::Created) => {
                self.state = M::Closed;
                Res::Closed(None)
            }
            (Op::Close, M::Suspended(at)) => match self.interrupt(at, Interrupt::Exit) {
                Some(Step::Yielded(y)) => Res::Ignored(y), // C4
                Some(Step::Complete(r)) => Res::Closed(Some(r)),
                None => Res::Closed(None),
            },
            (Op::Close, M::Closed) => Res::Closed(None),
        }
    }

    /// Table B, drop row: like `close`, and a body that yields again is dropped
    /// anyway (its guard runs).
    fn drop_gen(&mut self) {
        if let M::Suspended(at) = self.state
            && let Some(Step::Yielded(_)) = self.interrupt(at, Interrupt::Exit)
        {
            self.unwind();
        }
    }

    fn state(&self) -> (State, Option<Point>) {
        match self.state {
            M::Created => (State::Created, None),
            M::Closed => (State::Closed, None),
            M::Suspended(At::Again(_)) => (State::Suspended, Some(Point::Yield)),
            M::Suspended(At::Point(j)) => match self.body[j] {
                P::Plain(_) => (State::Suspended, Some(Point::Yield)),
                P::Catch { .. } => (State::Suspended, Some(Point::TryYield)),
            },
        }
    }
}

struct Guard(Arc<Mutex<Vec<Ev>>>);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.lock().unwrap().push(Ev::Guard);
    }
}

/// The real generator for `body`: the same program, written with gensend.
fn real(body: Vec<P>, ret: i32, log: Arc<Mutex<Vec<Ev>>>) -> Gen<'static, i32, i32, Ret, i32> {
    Gen::throwable(move |co| async move {
        let _guard = Guard(log.clone());
        for (j, p) in body.iter().enumerate() {
            match *p {
                P::Plain(k) => {
                    let v = co.yield_(k).await;
                    log.lock().unwrap().push(Ev::Recv(j, v));
                }
                P::Catch { k, on_throw, on_exit } => match co.try_yield(k).await {
                    Ok(v) => log.lock().unwrap().push(Ev::Recv(j, v)),
                    Err(what) => {
                        log.lock().unwrap().push(Ev::Caught(j, what));
                        let reaction = if what == Interrupt::Exit { on_exit } else { on_throw };
                        match reaction {
                            Reaction::YieldAgain(k) => {
                                let v = co.yield_(k).await;
                                log.lock().unwrap().push(Ev::RecvAgain(j, v));
                            }
                            Reaction::Return(r) => return Ok(r),
                            Reaction::Propagate => return Err(what),
                        }
                    }
                },
            }
        }
        Ok(ret)
    })
}

fn apply_real(g: &mut Gen<'static, i32, i32, Ret, i32>, op: Op) -> Res {
    match op {
        Op::Start => match g.start() {
            Ok(s) => Res::Step(s),
            Err(e) => Res::Start(e),
        },
        Op::Send(v) => match g.send(v) {
            Ok(s) => Res::Step(s),
            Err(e) => Res::Send(e),
        },
        Op::Throw(e) => match g.throw(e) {
            Ok(s) => Res::Step(s),
            Err(e) => Res::Thrown(e),
        },
        Op::Close => match g.close() {
            Ok(r) => Res::Closed(r),
            Err(IgnoredExit { yielded }) => Res::Ignored(yielded),
        },
    }
}

fn reaction() -> impl Strategy<Value = Reaction> {
    prop_oneof![
        (0..100i32).prop_map(Reaction::YieldAgain),
        (500..600i32).prop_map(Reaction::Return),
        Just(Reaction::Propagate),
    ]
}

fn point() -> impl Strategy<Value = P> {
    prop_oneof![
        (0..100i32).prop_map(P::Plain),
        (0..100i32, reaction(), reaction()).prop_map(|(k, on_throw, on_exit)| P::Catch {
            k,
            on_throw,
            on_exit
        }),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => Just(Op::Start),
        4 => (100..200i32).prop_map(Op::Send),
        2 => (1000..1100i32).prop_map(Op::Throw),
        1 => Just(Op::Close),
    ]
}

/// 2,000 cases, or `GENSEND_MODEL_CASES`; by default 40 under Miri
/// (`scripts/miri.sh`), which interprets every step.
fn model_cases() -> u32 {
    let default = if cfg!(miri) { 40 } else { 2000 };
    std::env::var("GENSEND_MODEL_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// [`model_cases`] cases; under Miri, whose isolation refuses the file access
/// proptest's failure persistence needs, without it.
fn config() -> ProptestConfig {
    let mut config = ProptestConfig { cases: model_cases(), ..ProptestConfig::default() };
    if cfg!(miri) {
        config.failure_persistence = None;
    }
    config
}

proptest! {
    #![proptest_config(config())]

    /// Tables B and C: every call's result, the next state, the point kind, and
    /// the body's events agree with the model, and so do the events of dropping
    /// the generator at the end (B, drop row: the guard runs exactly once).
    #[test]
    fn gen_agrees_with_model_of_tables_b_and_c(
        body in prop::collection::vec(point(), 0..5),
        ret in 500..600i32,
        ops in prop::collection::vec(op(), 0..16),
    ) {
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut g = real(body.clone(), ret, log.clone());
        let mut model = Model { body, ret, state: M::Created, events: Vec::new() };
        for (n, op) in ops.iter().enumerate() {
            let expected = model.apply(*op);
            let got = apply_real(&mut g, *op);
            prop_assert_eq!(&got, &expected, "op {} ({:?})", n, op);
            let (state, point) = model.state();
            prop_assert_eq!(g.state(), state, "state after op {} ({:?})", n, op);
            let points: Vec<Point> = g.backtrace().map(|f| f.point).collect();
            prop_assert_eq!(points, point.into_iter().collect::<Vec<_>>(), "backtrace after op {}", n);
            prop_assert_eq!(g.suspended_at().is_some(), point.is_some());
            prop_assert_eq!(&*log.lock().unwrap(), &model.events, "events after op {} ({:?})", n, op);
        }
        drop(g);
        model.drop_gen();
        prop_assert_eq!(&*log.lock().unwrap(), &model.events, "events after drop");
    }
}
