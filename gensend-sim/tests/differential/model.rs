//! The model language of the differential test: one line of tokens per model,
//! written by `tests/data/differential/gen_models.py`, which parses it back
//! the same way before SimPy runs it.
//!
//! ```text
//! model   := "init" NUM "until" until "again" (0 | 1) "res" N res* "events" N "procs" N proc*
//! until   := NUM | "none" | "e0" | "p0"          env.run(until=time / None / events[0] / first process)
//!                                               (again 1: then env.run(until=env.now + 3))
//! res     := "Resource" CAP | "Priority" CAP | "Preemptive" CAP
//!          | "Container" CAP INIT | ("Store" | "PStore" | "FStore") (CAP | "inf")
//! proc    := ("auto" | "spawned") block
//! block   := "{" op* "}"
//! op      := "timeout" DELAY VALUE              yield env.timeout(delay, value)
//!          | "req" R PRIO PREEMPT block         with res.request(..) as req: yield req; block
//!          | "reqor" R PRIO PREEMPT DELAY block with res.request(..) as req:
//!                                               if req in (yield req | env.timeout(delay)): block
//!          | ("put" | "get") C AMOUNT           yield container.put/get(amount)
//!          | ("putw" | "getw") C AMOUNT         with container.put/get(amount) as ev: yield ev
//!          | "sput" S ITEM                      yield store.put(item)  (PStore: PriorityItem(item % 3, item))
//!          | "sget" S | "sgetw" S               item = yield store.get()  (sgetw: in a `with`)
//!          | "fget" S M                         item = yield store.get(lambda x: x % 2 == m)
//!          | "rep" K block                      for _ in range(k): block
//!          | "wait" E                           yield events[e]
//!          | "defuse" E                         events[e].defused = True
//!          | "chain" E F                        events[e].callbacks.append(a callback that
//!                                               triggers events[f] with it, if f is pending)
//!          | ("succeed" | "succeed!") E VALUE   (if not triggered:) events[e].succeed(value)
//!          | ("fail" | "fail!") E MESSAGE       (if not triggered:) events[e].fail(ValueError(message))
//!          | ("any" | "all") subs               yield AnyOf/AllOf(env, subs)
//!          | "spawn" D | "join" D               start definition d / yield its latest process
//!          | "spawnd" D DELAY                   simpy.util.start_delayed(env, d's body, delay)
//!          | "subscribe" ("e" E | "p" D)        simpy.util.subscribe_at(event or latest process)
//!          | "interrupt" D VALUE                its latest process.interrupt(value)
//!          | "try" block block                  try: block except (Interrupt, ValueError): block
//!          | "return" VALUE
//!          | "tset" K DELAY VALUE | "twait" K     timers[k] = env.timeout(delay, value) / yield timers[k]
//!          | "state"                            log the events', processes' (and their
//!                                               targets') and resources' state
//! subs    := "{" sub* "}"
//! sub     := "t" DELAY VALUE | "e" E | "p" D | ("any" | "all") subs
//! VALUE   := INT | "none"
//! ```

use std::rc::Rc;

/// A model: run until a time (or exhaustion), its resources, shared events
/// and process definitions (`auto` ones are started at time 0, in order).
#[derive(Debug)]
pub struct Model {
    pub init: f64,
    pub until: Until,
    pub again: bool,
    pub resources: Vec<ResourceSpec>,
    pub events: usize,
    pub procs: Vec<(bool, Block)>,
}

/// What `env.run(until=..)` is given.
#[derive(Debug)]
pub enum Until {
    Exhaustion,
    Time(f64),
    /// The first shared event.
    Event0,
    /// The first process started (definition 0's, always started first).
    Process0,
}

#[derive(Debug)]
pub enum ResourceSpec {
    Resource(usize),
    Priority(usize),
    Preemptive(usize),
    Container { capacity: f64, init: f64 },
    Store(f64),
    PriorityStore(f64),
    FilterStore(f64),
}

pub type Block = Rc<[Op]>;

#[derive(Debug)]
pub enum Op {
    Timeout(f64, Option<i64>),
    Request {
        resource: usize,
        priority: i64,
        preempt: bool,
        patience: Option<f64>,
        body: Block,
    },
    /// `with_guard`: SimPy's `with` around the request (cancelled on leaving).
    Put {
        container: usize,
        amount: f64,
        with_guard: bool,
    },
    Get {
        container: usize,
        amount: f64,
        with_guard: bool,
    },
    StorePut(usize, i64),
    StoreGet {
        store: usize,
        with_guard: bool,
    },
    FilterGet(usize, i64),
    Repeat(usize, Block),
    Wait(usize),
    Defuse(usize),
    Chain(usize, usize),
    /// `checked`: skipped if the event is already triggered.
    Succeed {
        event: usize,
        value: Option<i64>,
        checked: bool,
    },
    Fail {
        event: usize,
        message: String,
        checked: bool,
    },
    Condition(Cond),
    Spawn(usize),
    SpawnDelayed(usize, f64),
    SubscribeEvent(usize),
    SubscribeProcess(usize),
    Join(usize),
    Interrupt(usize, Option<i64>),
    Try(Block, Block),
    Return(Option<i64>),
    State,
    SetTimer(usize, f64, Option<i64>),
    WaitTimer(usize),
}

/// `any`/`all` of sub-events, which may be conditions themselves.
#[derive(Debug)]
pub struct Cond {
    pub any: bool,
    pub subs: Vec<Sub>,
}

#[derive(Debug)]
pub enum Sub {
    Timeout(f64, Option<i64>),
    Event(usize),
    Process(usize),
    Cond(Cond),
}

/// Parses a model's line; `Err` says which token was unexpected.
pub fn parse(text: &str) -> Result<Model, String> {
    let mut p = Parser { toks: text.split_whitespace().collect(), at: 0 };
    let model = p.model()?;
    if p.at != p.toks.len() {
        return Err(format!("trailing tokens at {}", p.at));
    }
    Ok(model)
}

struct Parser<'a> {
    toks: Vec<&'a str>,
    at: usize,
}

impl<'a> Parser<'a> {
    fn next(&mut self) -> Result<&'a str, String> {
        let tok = self.toks.get(self.at).copied().ok_or("unexpected end")?;
        self.at += 1;
        Ok(tok)
    }

    fn expect(&mut self, want: &str) -> Result<(), String> {
        let got = self.next()?;
        if got == want { Ok(()) } else { Err(format!("expected {want:?}, got {got:?} at {}", self.at - 1)) }
    }

    fn num<T: std::str::FromStr>(&mut self) -> Result<T, String> {
        let tok = self.next()?;
        tok.parse().map_err(|_| format!("not a number: {tok:?} at {}", self.at - 1))
    }

    fn value(&mut self) -> Result<Option<i64>, String> {
        if self.toks.get(self.at) == Some(&"none") {
            self.at += 1;
            return Ok(None);
        }
        self.num().map(Some)
    }

    fn model(&mut self) -> Result<Model, String> {
        self.expect("init")?;
        let init = self.num()?;
        self.expect("until")?;
        let until = match self.next()? {
            "none" => Until::Exhaustion,
            "e0" => Until::Event0,
            "p0" => Until::Process0,
            time => Until::Time(time.parse().map_err(|_| format!("until {time:?}"))?),
        };
        self.expect("again")?;
        let again = self.num::<u8>()? == 1;
        self.expect("res")?;
        let resources = (0..self.num::<usize>()?).map(|_| self.resource()).collect::<Result<_, _>>()?;
        self.expect("events")?;
        let events = self.num()?;
        self.expect("procs")?;
        let procs = (0..self.num::<usize>()?)
            .map(|_| {
                let auto = match self.next()? {
                    "auto" => true,
                    "spawned" => false,
                    other => return Err(format!("expected auto/spawned, got {other:?}")),
                };
                Ok((auto, self.block()?))
            })
            .collect::<Result<_, String>>()?;
        Ok(Model { init, until, again, resources, events, procs })
    }

    fn resource(&mut self) -> Result<ResourceSpec, String> {
        Ok(match self.next()? {
            "Resource" => ResourceSpec::Resource(self.num()?),
            "Priority" => ResourceSpec::Priority(self.num()?),
            "Preemptive" => ResourceSpec::Preemptive(self.num()?),
            "Container" => ResourceSpec::Container { capacity: self.num()?, init: self.num()? },
            "Store" => ResourceSpec::Store(self.num()?), // "inf" parses as f64
            "PStore" => ResourceSpec::PriorityStore(self.num()?),
            "FStore" => ResourceSpec::FilterStore(self.num()?),
            other => return Err(format!("unknown resource {other:?}")),
        })
    }

    fn block(&mut self) -> Result<Block, String> {
        self.expect("{")?;
        let mut ops = Vec::new();
        while self.toks.get(self.at) != Some(&"}") {
            ops.push(self.op()?);
        }
        self.at += 1;
        Ok(ops.into())
    }

    fn op(&mut self) -> Result<Op, String> {
        Ok(match self.next()? {
            "timeout" => Op::Timeout(self.num()?, self.value()?),
            op @ ("req" | "reqor") => Op::Request {
                resource: self.num()?,
                priority: self.num()?,
                preempt: self.num::<u8>()? == 1,
                patience: if op == "reqor" { Some(self.num()?) } else { None },
                body: self.block()?,
            },
            op @ ("put" | "putw") => {
                Op::Put { container: self.num()?, amount: self.num()?, with_guard: op == "putw" }
            }
            op @ ("get" | "getw") => {
                Op::Get { container: self.num()?, amount: self.num()?, with_guard: op == "getw" }
            }
            "sput" => Op::StorePut(self.num()?, self.num()?),
            op @ ("sget" | "sgetw") => Op::StoreGet { store: self.num()?, with_guard: op == "sgetw" },
            "fget" => Op::FilterGet(self.num()?, self.num()?),
            "rep" => Op::Repeat(self.num()?, self.block()?),
            "wait" => Op::Wait(self.num()?),
            "defuse" => Op::Defuse(self.num()?),
            "chain" => Op::Chain(self.num()?, self.num()?),
            op @ ("succeed" | "succeed!") => {
                Op::Succeed { event: self.num()?, value: self.value()?, checked: op == "succeed" }
            }
            op @ ("fail" | "fail!") => {
                Op::Fail { event: self.num()?, message: self.next()?.to_string(), checked: op == "fail" }
            }
            op @ ("any" | "all") => Op::Condition(self.cond(op == "any")?),
            "spawn" => Op::Spawn(self.num()?),
            "spawnd" => Op::SpawnDelayed(self.num()?, self.num()?),
            "subscribe" => match self.next()? {
                "e" => Op::SubscribeEvent(self.num()?),
                "p" => Op::SubscribeProcess(self.num()?),
                other => return Err(format!("subscribe to {other:?}")),
            },
            "join" => Op::Join(self.num()?),
            "interrupt" => Op::Interrupt(self.num()?, self.value()?),
            "try" => Op::Try(self.block()?, self.block()?),
            "return" => Op::Return(self.value()?),
            "state" => Op::State,
            "tset" => Op::SetTimer(self.num()?, self.num()?, self.value()?),
            "twait" => Op::WaitTimer(self.num()?),
            other => return Err(format!("unknown op {other:?} at {}", self.at - 1)),
        })
    }

    fn cond(&mut self, any: bool) -> Result<Cond, String> {
        self.expect("{")?;
        let mut subs = Vec::new();
        while self.toks.get(self.at) != Some(&"}") {
            subs.push(match self.next()? {
                "t" => Sub::Timeout(self.num()?, self.value()?),
                "e" => Sub::Event(self.num()?),
                "p" => Sub::Process(self.num()?),
                op @ ("any" | "all") => Sub::Cond(self.cond(op == "any")?),
                other => return Err(format!("unknown sub-event {other:?} at {}", self.at - 1)),
            });
        }
        self.at += 1;
        Ok(Cond { any, subs })
    }
}
