//! Runs a [`Model`] on gensend-sim and writes its trace in the format of
//! `gen_models.py`'s SimPy interpreter, which this mirrors statement for
//! statement: each block is a sub-generator run with `yield_from` (Python:
//! `yield from self.block(..)`), a `try` block catches what escapes its
//! delegate with `try_yield_from`, a request is a `Request` guard (SimPy's
//! `with`), and a process's own errors (SimPy's `RuntimeError`s) are `Err`s
//! of the block's result.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gensend::Interrupt as Escape;
use gensend_sim::{
    AlreadyTriggered, Co, ConditionValue, Container, Env, Event, EventKind, Failure, FilterStore, ModelError,
    Preempted, PreemptiveResource, PriorityItem, PriorityResource, PriorityStore, Process, ProcessGen,
    Resource, SimError, Store, Value, proc, py_float, sub,
};

use super::model::{Block, Cond, Model, Op, ResourceSpec, Sub, Until};

enum Res {
    Resource(Resource),
    Priority(PriorityResource),
    Preemptive(PreemptiveResource),
    Container(Container),
    Store(Store),
    PriorityStore(PriorityStore),
    FilterStore(FilterStore),
}

impl Res {
    fn store(&self) -> &Store {
        match self {
            Res::Store(s) => s,
            Res::PriorityStore(s) => s,
            Res::FilterStore(s) => s,
            _ => unreachable!("not a store"),
        }
    }
}

/// Cancels a put or get request when dropped: SimPy's `with` around one.
struct CancelOnDrop(Event);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// The state the processes share (Python: the `Run` object).
struct Run {
    env: Env,
    resources: Vec<Res>,
    events: Vec<Event>,
    procs: Vec<Block>,
    /// The latest process started from each definition.
    handles: RefCell<Vec<Option<Process>>>,
    started: Cell<usize>,
    /// Timeouts shared by the processes.
    timers: RefCell<[Option<Event>; 2]>,
    lines: RefCell<Vec<String>>,
}

/// A block's result: `Some(value)` if it executed `return`; `Err` for an
/// error the body raised itself.
type Flow = Result<Option<Value>, Failure>;

/// Runs `model` and returns its trace, one line per action.
pub fn run(model: &Model) -> Vec<String> {
    let env = Env::with_initial_time(model.init); // owns the simulation; the processes hold handles
    let resources = model
        .resources
        .iter()
        .map(|spec| match *spec {
            ResourceSpec::Resource(c) => Res::Resource(Resource::new(&env, c).unwrap()),
            ResourceSpec::Priority(c) => Res::Priority(PriorityResource::new(&env, c).unwrap()),
            ResourceSpec::Preemptive(c) => Res::Preemptive(PreemptiveResource::new(&env, c).unwrap()),
            ResourceSpec::Container { capacity, init } => {
                Res::Container(Container::new(&env, capacity, init).unwrap())
            }
            ResourceSpec::Store(c) => Res::Store(Store::new(&env, c).unwrap()),
            ResourceSpec::PriorityStore(c) => Res::PriorityStore(PriorityStore::new(&env, c).unwrap()),
            ResourceSpec::FilterStore(c) => Res::FilterStore(FilterStore::new(&env, c).unwrap()),
        })
        .collect();
    let run = Rc::new(Run {
        env: env.clone(),
        resources,
        events: (0..model.events).map(|_| env.event()).collect(),
        procs: model.procs.iter().map(|(_, block)| block.clone()).collect(),
        handles: RefCell::new(vec![None; model.procs.len()]),
        started: Cell::new(0),
        timers: RefCell::new([None, None]),
        lines: RefCell::new(Vec::new()),
    });
    for (j, (auto, _)) in model.procs.iter().enumerate() {
        if *auto {
            start(&run, j, None).unwrap();
        }
    }
    let result = match model.until {
        Until::Exhaustion => env.run().map(|()| None),
        Until::Time(until) => env.run_until(until).map(|_| None),
        Until::Event0 => env.run_until(&run.events[0]).map(Some),
        Until::Process0 => {
            let first = run.handles.borrow()[0].clone().expect("definition 0 is started first");
            env.run_until(&first).map(Some)
        }
    };
    let mut lines = std::mem::take(&mut *run.lines.borrow_mut());
    if let Ok(Some(value)) = &result {
        lines.push(format!("result {}", fmt_value(&run, value)));
    }
    let crashed = result.is_err();
    if let Err(error) = result {
        lines.push(crash(&run, &error));
    }
    // The simulation goes on after a stop (not after a crash: SimPy's state
    // is then what the exception left, half a step).
    if model.again && !crashed {
        lines.push(format!("again {}", counts(&env)));
        let result = env.run_until(env.now() + 3.0);
        lines.append(&mut run.lines.borrow_mut());
        if let Err(error) = result {
            lines.push(crash(&run, &error));
        }
    }
    lines.push(format!("end {}", counts(&env)));
    lines
}

fn crash(run: &Run, error: &SimError) -> String {
    let crash = match error {
        SimError::Failed(failure) => fmt_failure(run, failure),
        other => format!("{}({})", other.python_exception(), unaddressed(&other.to_string())),
    };
    format!("crash {crash}")
}

fn counts(env: &Env) -> String {
    let stats = env.stats();
    format!("now={} events={} pending={}", py_float(env.now()), stats.scheduled, stats.pending)
}

impl Run {
    fn log(&self, me: &str, what: impl std::fmt::Display) {
        self.lines.borrow_mut().push(format!("t={} {me} {what}", py_float(self.env.now())));
    }
}

/// `P0`, `P1`, ...: a process's name is `'static` (Python: `gen.__name__`).
/// The names are leaked once each, into a global table rather than a
/// thread-local one: a global stays reachable to the end, so LeakSanitizer
/// (which CI runs on these tests) does not report them, as it did once the
/// test threads that owned a thread-local table had exited.
fn process_name(k: usize) -> &'static str {
    static NAMES: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut names = NAMES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    while names.len() <= k {
        let name = Box::leak(format!("P{}", names.len()).into_boxed_str());
        names.push(name);
    }
    names[k]
}

/// Starts definition `j` now (it becomes `j`'s latest process), or after
/// `delay` with `start_delayed` (Python: `simpy.util.start_delayed`, whose
/// process is nobody's handle).
fn start(run: &Rc<Run>, j: usize, delay: Option<f64>) -> Result<&'static str, SimError> {
    let me = process_name(run.started.get());
    run.started.set(run.started.get() + 1);
    let (r, body) = (run.clone(), run.procs[j].clone());
    let body = proc(move |co| async move {
        r.log(me, "start");
        let out = co.yield_from(block(r.clone(), body, me)).await?;
        let value = out.unwrap_or(Value::NONE);
        r.log(me, format_args!("return {}", fmt_value(&r, &value)));
        Ok::<Value, Failure>(value)
    });
    match delay {
        None => run.handles.borrow_mut()[j] = Some(run.env.process_named(me, body)),
        Some(delay) => {
            run.env.start_delayed(body, delay)?;
        }
    }
    Ok(me)
}

fn block(run: Rc<Run>, ops: Block, me: &'static str) -> ProcessGen<Flow> {
    sub(move |co| async move {
        for op in ops.iter() {
            if let Some(value) = exec(&run, &co, op, me).await? {
                return Ok(Some(value));
            }
        }
        Ok(None)
    })
}

fn value(v: Option<i64>) -> Value {
    v.map_or(Value::NONE, Value::from)
}

async fn exec(run: &Rc<Run>, co: &Co, op: &Op, me: &'static str) -> Flow {
    let env = &run.env;
    match op {
        Op::Timeout(delay, v) => {
            let got = co.yield_(env.timeout_value(*delay, value(*v))).await;
            run.log(me, format_args!("timeout {}", fmt_value(run, &got)));
        }
        Op::Request { resource, priority, preempt, patience, body } => {
            let (req, users_queue): (_, Box<dyn Fn() -> (usize, usize)>) = match &run.resources[*resource] {
                Res::Resource(r) => (r.request(), Box::new(|| (r.users().len(), r.queue().len()))),
                Res::Priority(r) => (r.request(*priority), Box::new(|| (r.users().len(), r.queue().len()))),
                Res::Preemptive(r) => {
                    (r.request(*priority, *preempt), Box::new(|| (r.users().len(), r.queue().len())))
                }
                _ => unreachable!("req of a container or store"),
            };
            if let Some(patience) = patience {
                let got = co.yield_(req.event() | env.timeout(*patience)).await;
                let cv = got.get::<ConditionValue>().expect("a condition's value");
                if !cv.contains(&req.event()) {
                    run.log(me, format_args!("reneged r{resource} queue={}", users_queue().1));
                    drop(req);
                    return Ok(None);
                }
            } else {
                co.yield_(req.event()).await;
            }
            let (users, queue) = users_queue();
            run.log(me, format_args!("got r{resource} users={users} queue={queue}"));
            let out = co.yield_from(block(run.clone(), body.clone(), me)).await?;
            run.log(me, format_args!("release r{resource}"));
            drop(req);
            return Ok(out);
        }
        Op::Put { container: c, amount, with_guard } | Op::Get { container: c, amount, with_guard } => {
            let Res::Container(container) = &run.resources[*c] else { unreachable!() };
            let put = matches!(op, Op::Put { .. });
            let event = if put { container.put(*amount)? } else { container.get(*amount)? };
            let guard = with_guard.then(|| CancelOnDrop(event.clone()));
            co.yield_(event).await;
            drop(guard);
            let kind = match (put, with_guard) {
                (true, false) => "put",
                (true, true) => "putw",
                (false, false) => "get",
                (false, true) => "getw",
            };
            run.log(me, format_args!("{kind} c{c} level={}", py_float(container.level())));
        }
        Op::StorePut(s, item) => {
            let res = &run.resources[*s];
            let put = match res {
                Res::PriorityStore(store) => store.put(PriorityItem::new((item % 3) as f64, *item))?,
                _ => res.store().put(*item)?,
            };
            co.yield_(put).await;
            run.log(me, format_args!("sput s{s} items={}", res.store().len()));
        }
        Op::StoreGet { store: s, with_guard } => {
            let store = run.resources[*s].store();
            let event = store.get();
            let guard = with_guard.then(|| CancelOnDrop(event.clone()));
            let item = co.yield_(event).await;
            drop(guard);
            let item = item.get::<PriorityItem>().map_or(item.clone(), |p| p.item.clone());
            let kind = if *with_guard { "sgetw" } else { "sget" };
            run.log(me, format_args!("{kind} s{s} {} items={}", fmt_value(run, &item), store.len()));
        }
        Op::FilterGet(s, m) => {
            let Res::FilterStore(store) = &run.resources[*s] else { unreachable!() };
            let m = *m;
            let item =
                co.yield_(store.get_filtered(move |x| x.get::<i64>().is_some_and(|x| x % 2 == m))).await;
            run.log(me, format_args!("fget s{s} {} items={}", fmt_value(run, &item), store.len()));
        }
        Op::Repeat(k, body) => {
            for _ in 0..*k {
                if let Some(value) = co.yield_from(block(run.clone(), body.clone(), me)).await? {
                    return Ok(Some(value));
                }
            }
        }
        Op::Chain(e, f) => {
            let (target, r, name) = (run.events[*f].clone(), Rc::downgrade(run), format!("e{e}->e{f}"));
            let added = run.events[*e].add_callback(move |event| {
                let Some(run) = r.upgrade() else { return };
                if target.triggered() {
                    run.log("cb", format_args!("{name} skipped"));
                } else {
                    run.log("cb", &name);
                    target.trigger(event).expect("a pending event takes another's outcome");
                }
            });
            let skipped = if added { "" } else { " skipped" };
            run.log(me, format_args!("chain e{e} e{f}{skipped}"));
        }
        Op::Defuse(e) => {
            run.log(me, format_args!("defuse e{e}"));
            run.events[*e].defuse();
        }
        Op::Wait(e) => {
            let got = co.yield_(run.events[*e].clone()).await;
            run.log(me, format_args!("wait e{e} {}", fmt_value(run, &got)));
        }
        Op::Succeed { event, value: v, checked } => {
            let (ev, name) = (&run.events[*event], if *checked { "succeed" } else { "succeed!" });
            if *checked && ev.triggered() {
                run.log(me, format_args!("{name} e{event} skipped"));
            } else {
                run.log(me, format_args!("{name} e{event}"));
                ev.succeed(value(*v)).map_err(Failure::new)?;
            }
        }
        Op::Fail { event, message, checked } => {
            let (ev, name) = (&run.events[*event], if *checked { "fail" } else { "fail!" });
            if *checked && ev.triggered() {
                run.log(me, format_args!("{name} e{event} skipped"));
            } else {
                run.log(me, format_args!("{name} e{event}"));
                ev.fail(ModelError::new("ValueError", message.clone())).map_err(Failure::new)?;
            }
        }
        Op::Condition(cond) => {
            let mut leaves = Vec::new();
            let condition = build(run, cond, &mut leaves);
            let got = co.yield_(condition).await;
            let cv = got.get::<ConditionValue>().expect("a condition's value");
            let fired: Vec<String> = leaves
                .iter()
                .enumerate()
                .filter(|(_, ev)| cv.contains(ev))
                .map(|(n, ev)| format!("{n}:{}", fmt_value(run, &cv.get(ev).unwrap())))
                .collect();
            let kind = if cond.any { "any" } else { "all" };
            run.log(me, format_args!("{kind} [{}]", fired.join(",")));
        }
        Op::Spawn(d) => {
            let name = start(run, *d, None)?;
            run.log(me, format_args!("spawn {name}=d{d}"));
        }
        Op::SpawnDelayed(d, delay) => {
            let name = start(run, *d, Some(*delay))?;
            run.log(me, format_args!("spawnd {name}=d{d}"));
        }
        Op::SubscribeEvent(e) => {
            run.log(me, format_args!("subscribe e{e}"));
            env.subscribe_at(&run.events[*e])?;
        }
        Op::SubscribeProcess(d) => {
            let handle = run.handles.borrow()[*d].clone();
            match handle {
                None => run.log(me, format_args!("subscribe d{d} none")),
                Some(p) => {
                    run.log(me, format_args!("subscribe p{d}"));
                    env.subscribe_at(&p)?;
                }
            }
        }
        Op::Join(d) => {
            let handle = run.handles.borrow()[*d].clone();
            match handle {
                None => run.log(me, format_args!("join d{d} none")),
                Some(p) => {
                    let got = co.yield_(p.event()).await;
                    run.log(me, format_args!("join {} {}", p.name(), fmt_value(run, &got)));
                }
            }
        }
        Op::Interrupt(d, cause) => {
            let handle = run.handles.borrow()[*d].clone();
            match handle {
                None => run.log(me, format_args!("interrupt d{d} none")),
                Some(p) => {
                    run.log(me, format_args!("interrupt {}", p.name()));
                    p.interrupt(value(*cause))?;
                }
            }
        }
        Op::Try(body, handler) => {
            let failure = match co.try_yield_from(block(run.clone(), body.clone(), me)).await {
                Ok(Ok(out)) => return Ok(out),
                Ok(Err(own)) if catchable(&own) => own,
                Ok(Err(own)) => return Err(own),
                Err(Escape::Throw(thrown)) if catchable(&thrown) => thrown,
                Err(other) => return co.reraise(other).await,
            };
            run.log(me, format_args!("caught {}", fmt_failure(run, &failure)));
            return co.yield_from(block(run.clone(), handler.clone(), me)).await;
        }
        Op::Return(v) => return Ok(Some(value(*v))),
        Op::State => run.log(me, format_args!("state {}", state(run))),
        Op::SetTimer(k, delay, v) => {
            run.timers.borrow_mut()[*k] = Some(env.timeout_value(*delay, value(*v)));
            run.log(me, format_args!("tset t{k}"));
        }
        Op::WaitTimer(k) => {
            let timer = run.timers.borrow()[*k].clone();
            match timer {
                None => run.log(me, format_args!("twait t{k} none")),
                Some(timer) => {
                    let got = co.yield_(timer).await;
                    run.log(me, format_args!("twait t{k} {}", fmt_value(run, &got)));
                }
            }
        }
    }
    Ok(None)
}

/// Everything observable: the shared events, the processes (and what each
/// waits on), the resources.
fn state(run: &Run) -> String {
    let events: Vec<String> = run.events.iter().map(fmt_event).collect();
    let mut parts = vec![format!("e=[{}]", events.join(","))];
    let procs: Vec<String> = run
        .handles
        .borrow()
        .iter()
        .map(|p| match p {
            None => "-".to_string(),
            Some(p) if !p.is_alive() => format!("{}:dead", p.name()),
            Some(p) => match p.target() {
                Some(target) => format!("{}:{}/{}", p.name(), target.kind().name(), fmt_event(&target)),
                None => format!("{}:no target", p.name()),
            },
        })
        .collect();
    parts.push(format!("p=[{}]", procs.join(",")));
    for (i, res) in run.resources.iter().enumerate() {
        parts.push(match res {
            Res::Resource(r) => format!("r{i}={}/{}", r.users().len(), r.queue().len()),
            Res::Priority(r) => format!("r{i}={}/{}", r.users().len(), r.queue().len()),
            Res::Preemptive(r) => format!("r{i}={}/{}", r.users().len(), r.queue().len()),
            Res::Container(c) => {
                format!("c{i}={}/{}/{}", py_float(c.level()), c.put_queue().len(), c.get_queue().len())
            }
            _ => {
                let store = res.store();
                let items: Vec<String> = store
                    .items()
                    .iter()
                    .map(|item| fmt_value(run, item.get::<PriorityItem>().map_or(item, |p| &p.item)))
                    .collect();
                format!("s{i}=[{}]/{}/{}", items.join(","), store.put_queue().len(), store.get_queue().len())
            }
        });
    }
    parts.join(" ")
}

fn fmt_event(event: &Event) -> String {
    if !event.triggered() {
        return "pend".to_string();
    }
    let phase = if event.processed() { "proc" } else { "trig" };
    let ok = if event.ok() == Some(true) { "ok" } else { "fail" };
    format!("{phase}:{ok}")
}

/// The condition of `cond`, pushing its leaf events depth first (processes
/// not started yet are left out, as the Python does).
fn build(run: &Run, cond: &Cond, leaves: &mut Vec<Event>) -> Event {
    let mut events = Vec::new();
    for sub in &cond.subs {
        let event = match sub {
            Sub::Timeout(delay, v) => run.env.timeout_value(*delay, value(*v)),
            Sub::Event(e) => run.events[*e].clone(),
            Sub::Process(d) => match &run.handles.borrow()[*d] {
                Some(p) => p.event(),
                None => continue,
            },
            Sub::Cond(inner) => {
                events.push(build(run, inner, leaves));
                continue;
            }
        };
        leaves.push(event.clone());
        events.push(event);
    }
    if cond.any { run.env.any_of(events) } else { run.env.all_of(events) }
}

/// A shared event's or a process's name in a trace (`e1`, `P3`).
fn event_name(run: &Run, event: &Event) -> String {
    if event.kind() == EventKind::Process {
        // `<Process(P3) object at 0x..>`
        let text = event.to_string();
        let name = text.strip_prefix("<Process(").and_then(|t| t.split(')').next());
        return name.unwrap_or("?").to_string();
    }
    match run.events.iter().position(|e| e.same(event)) {
        Some(e) => format!("e{e}"),
        None => format!("?{event}"),
    }
}

/// Python: `except (Interrupt, ValueError)`.
fn catchable(failure: &Failure) -> bool {
    failure.interrupt().is_some()
        || failure.downcast_ref::<ModelError>().is_some_and(|e| e.name == "ValueError")
}

fn fmt_value(run: &Run, value: &Value) -> String {
    if value.is_none() {
        "None".to_string()
    } else if let Some(i) = value.get::<i64>() {
        i.to_string()
    } else if let Some(failure) = value.get::<Failure>() {
        fmt_failure(run, failure) // a failed event in a condition's value
    } else {
        format!("?{value:?}")
    }
}

fn fmt_failure(run: &Run, failure: &Failure) -> String {
    if let Some(interrupt) = failure.interrupt() {
        let cause = interrupt.cause();
        let cause = match cause.get::<Preempted>() {
            Some(p) => format!(
                "Preempted(by={},since={})",
                p.by.as_ref().map_or("None", |by| by.name()),
                p.usage_since.map_or("None".to_string(), py_float)
            ),
            None => match cause.get::<(Event, Value)>() {
                // subscribe_at's (event, value)
                Some((event, value)) => format!("at({},{})", event_name(run, event), fmt_value(run, value)),
                None => fmt_value(run, cause),
            },
        };
        format!("Interrupt({cause})")
    } else if let Some(e) = failure.downcast_ref::<ModelError>() {
        format!("{}({})", e.name, e.message)
    } else if let Some(e) = failure.downcast_ref::<SimError>() {
        format!("{}({})", e.python_exception(), unaddressed(&e.to_string()))
    } else if let Some(e) = failure.downcast_ref::<AlreadyTriggered<Value>>() {
        format!("RuntimeError({})", unaddressed(&e.to_string()))
    } else if let Some(e) = failure.downcast_ref::<AlreadyTriggered<Failure>>() {
        format!("RuntimeError({})", unaddressed(&e.to_string()))
    } else {
        format!("?{failure}")
    }
}

/// Replaces each address (`0x` and hex digits) by `0x?`, as the Python does.
fn unaddressed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("0x") {
        out.push_str(&rest[..at]);
        out.push_str("0x?");
        rest = rest[at + 2..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    out
}
