//! Differential conformance: CPython is the oracle.
//!
//! A scenario is data (`differential/scenario.rs`): a delegation chain of 1 to 50
//! levels, each a small program of plain yields, catching yields whose handler
//! continues, yields again, returns or re-raises (for `Exc` and/or
//! `GeneratorExit`; what a point does not catch, or a handler re-raises, goes on
//! with `co.reraise`, Python's bare `raise`), one `yield from` of the next level
//! (catching or not; sometimes of a next level already driven by hand, which
//! CPython resumes with `None` and gensend with `yield_from_sending`), and an
//! optional `Drop` guard (Python: `finally`); and, since issue 17, handlers and
//! failing statements that raise a new error of the body's own (`Boom`, an `Err`
//! in `R` on the gensend side, caught by `except Boom` / `catch_yield_from`), levels
//! that `yield from` a list or a range (plain or catching; a sent value raises
//! `AttributeError`, `next()` goes on), and delegation to a delegate exhausted,
//! closed or thrown into by hand (`None`, `yield_from_or_none`). The same
//! data is interpreted by a generic gensend body (`differential/interp.rs`) and
//! by a generic Python generator (`differential/scenarios.py`), and a seeded
//! random sequence of operations (start, send, throw, close, drop) is applied to
//! both. The traces must be identical: every result (yielded value, return
//! value, error kind), the state and the suspended-chain depth after each call,
//! and every event in order (yields, values received, exceptions caught,
//! delegate returns, guards created and run). CPython runs once per batch
//! (`differential/oracle.rs`).
//!
//! Known deliberate differences are mapped, none is excluded (CONFORMANCE.md):
//! priming with `start()`; `close()` on CPython < 3.13; a body that yields again
//! while it is finalized (closed again after a delegate ignored `Exit`, or
//! dropped), whose `finally` CPython skips (logged `g~i` by the Python side) where
//! gensend runs its guard (`g-i`). Re-raising is not one of them. Finalizing a
//! body is a full close, as in CPython (its delegates are run and closed), and
//! is compared like everything else. Any other difference fails.
//!
//! Without an oracle (no usable Python, `GENSEND_DIFF_NO_ORACLE=1`, or under
//! Miri, which cannot spawn processes) every test still runs its cases on
//! gensend and checks what needs no oracle ([`self_check`]): no panic, every
//! error hands back the caller's value, every guard made runs exactly once, and
//! the state and chain depth after each call agree with its result.
//!
//! Environment: `GENSEND_DIFF_CASES` (default 5000; 40 under Miri, see
//! `scripts/miri.sh`), `GENSEND_DIFF_SEED` (first case's seed; case `i` uses
//! seed + i), `GENSEND_DIFF_SHRINK` (failing cases to shrink, default 3),
//! `GENSEND_DIFF_PLAIN_PYTHON=1` (plain `python3`), `GENSEND_DIFF_NO_ORACLE=1`
//! (gensend side only).

#[path = "differential/interp.rs"]
mod interp;
#[path = "differential/oracle.rs"]
mod oracle;
#[path = "differential/scenario.rs"]
mod scenario;

use std::collections::BTreeMap;

use interp::RustRun;
use oracle::Oracle;
use scenario::{Case, Handler, Kill, Level, Op, Point};

const DEFAULT_SEED: u64 = 0x6E5E_0D00;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

/// Random cases per test (the deep test runs a tenth of them): 5000 natively,
/// 40 under Miri, or `GENSEND_DIFF_CASES`.
fn case_count() -> u64 {
    env_u64("GENSEND_DIFF_CASES", if cfg!(miri) { 40 } else { 5000 })
}

/// CPython, if it can be had; `None` means the gensend side only.
fn oracle() -> Option<Oracle> {
    if cfg!(miri) {
        eprintln!("SKIPPED oracle: Miri cannot spawn processes (gensend side only)");
        return None;
    }
    if std::env::var_os("GENSEND_DIFF_NO_ORACLE").is_some() {
        eprintln!("SKIPPED oracle: GENSEND_DIFF_NO_ORACLE is set (gensend side only)");
        return None;
    }
    let oracle = Oracle::start();
    match &oracle {
        Some(o) => eprintln!("differential: oracle is CPython {}", o.version),
        None => eprintln!("SKIPPED oracle: no python3 (gensend side only)"),
    }
    oracle
}

/// What a gensend run must satisfy with no oracle: no panic and no value
/// handed back other than the caller's (both show in the result), every guard
/// made run exactly once (`problems`), and after each call a state and chain
/// depth that agree with its result (a yield leaves the generator suspended in
/// a chain of 1 to `levels` generators; a return, an error raised out of it or
/// a completed `close` leave it closed; a refused `send` leaves it as it was).
/// `None` if all hold, else what failed, call by call.
fn self_check(case: &Case, run: &RustRun) -> Option<String> {
    let mut lines: Vec<String> = run.problems.iter().map(|p| format!("  {p}")).collect();
    for (i, record) in run.records.iter().enumerate() {
        let fields: Vec<&str> = record.splitn(5, '|').collect();
        let [_, result, state, depth, _] = fields[..] else {
            lines.push(format!("  op {i}: malformed record {record}"));
            continue;
        };
        let depth: Option<usize> = depth.parse().ok();
        let consistent = if result.starts_with("panic:") || result.starts_with("wrong") {
            false
        } else if result.starts_with('Y') {
            state == "SU" && depth.is_some_and(|d| (1..=case.levels.len()).contains(&d))
        } else if ["C", "raise", "None", "Some", "Closed"].iter().any(|k| result.starts_with(k)) {
            state == "CL" && depth == Some(0)
        } else if result == "NotStarted" {
            state == "CR" && depth == Some(0)
        } else {
            state != "RU"
        };
        if !consistent {
            lines.push(format!("  op {i}: {record}"));
        }
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// The gensend side alone of [`differential`]: every case run and checked by
/// [`self_check`]; panics with the first failures.
fn gensend_side_only(name: &str, seeds: &[u64], cases: &[Case]) {
    let mut failed = Vec::new();
    let mut ops = 0;
    for (seed, case) in seeds.iter().zip(cases) {
        let run = interp::run(case, false);
        ops += run.records.len();
        if let Some(report) = self_check(case, &run) {
            failed.push(format!("--- seed {seed}\n{}\n{report}", case.describe()));
        }
    }
    eprintln!(
        "{name}: gensend side only: {} cases, {ops} operations checked, {} failed",
        cases.len(),
        failed.len()
    );
    assert!(
        failed.is_empty(),
        "{name}: {} of {} cases fail gensend's own checks:\n{}",
        failed.len(),
        cases.len(),
        failed[..failed.len().min(3)].join("\n")
    );
}

/// Splits a record `op|result|state|depth|events` into its head and its events.
fn split_record(record: &str) -> (&str, Vec<&str>) {
    let at = record.match_indices('|').nth(3).map_or(record.len(), |(i, _)| i);
    let events = record.get(at + 1..).unwrap_or("");
    (&record[..at], if events.is_empty() { Vec::new() } else { events.split(',').collect() })
}

/// Both traces with PROTOCOL.md F mapped, record by record: a body that yields
/// again while it is finalized is freed by CPython without running its `finally`
/// (the Python side logs `g~i` then), while gensend drops it and runs its guard
/// (`g-i`). Each `g~i` of a CPython record and the last `g-i` of gensend's record
/// of the same operation are left out; whatever else happens is compared. (That
/// the guard runs exactly once is checked on the gensend side.)
fn mapped(run: &RustRun, python: &[&str]) -> (Vec<String>, Vec<String>) {
    let (mut rust, mut py) = (Vec::new(), Vec::new());
    for (i, record) in run.records.iter().enumerate() {
        let (head, mut events) = split_record(record);
        if let Some((py_head, py_events)) = python.get(i).map(|p| split_record(p)) {
            // Each `g~i` is matched with the `g-i` at the same place in gensend's
            // events if there is one there (bodies finalized one after the other
            // in a call), else with the last one.
            let mut kept = Vec::new();
            for e in py_events {
                let Some(level) = e.strip_prefix("g~") else {
                    kept.push(e);
                    continue;
                };
                let run_guard = format!("g-{level}");
                let at = kept.len();
                if events.get(at) == Some(&run_guard.as_str()) {
                    events.remove(at);
                } else if let Some(at) = events.iter().rposition(|r| *r == run_guard) {
                    events.remove(at);
                }
            }
            py.push(format!("{py_head}|{}", kept.join(",")));
        }
        rust.push(format!("{head}|{}", events.join(",")));
    }
    py.extend(python.iter().skip(run.records.len()).map(|p| p.to_string()));
    (rust, py)
}

/// Why a case diverges from CPython, if it does: both traces side by side and
/// any failed gensend-only check.
fn failure(run: &RustRun, python: &str) -> Option<String> {
    let py: Vec<&str> = if python.is_empty() { Vec::new() } else { python.split('\t').collect() };
    let (rust, py) = mapped(run, &py);
    let mut lines = Vec::new();
    for p in &run.problems {
        lines.push(format!("  gensend-only check failed: {p}"));
    }
    if rust != py {
        let n = rust.len().max(py.len());
        for i in 0..n {
            let r = rust.get(i).map_or("(none)", String::as_str);
            let p = py.get(i).map_or("(none)", String::as_str);
            let mark = if r == p { " " } else { "!" };
            lines.push(format!("{mark} op {i}\n    gensend: {r}\n    cpython: {p}"));
        }
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// The report of a case that diverges.
fn check_one(oracle: &mut Oracle, case: &Case) -> Option<String> {
    let run = interp::run(case, oracle.py311);
    failure(&run, &oracle.one(&case.to_json()))
}

/// Smaller variants of a case: fewer operations, fewer levels, fewer points,
/// simpler points.
fn candidates(case: &Case) -> Vec<Case> {
    let mut out = Vec::new();
    for j in 0..case.ops.len().saturating_sub(1) {
        let mut c = case.clone();
        c.ops.remove(j);
        out.push(c);
    }
    let mut structural = Vec::new();
    if case.levels.len() > 1 {
        for i in 0..case.levels.len() {
            let mut c = case.clone();
            c.levels.remove(i);
            if i == c.levels.len() {
                c.levels[i - 1].points.retain(|p| !matches!(p, Point::Deleg { .. }));
            }
            structural.push(c);
        }
    }
    for i in 0..case.levels.len() {
        for j in 0..case.levels[i].points.len() {
            let p = &case.levels[i].points[j];
            if !matches!(p, Point::Deleg { .. }) {
                let mut c = case.clone();
                c.levels[i].points.remove(j);
                structural.push(c);
            }
            let plain_deleg = Point::Deleg {
                catching: false,
                exc: false,
                exit: false,
                boom: false,
                h: Handler::Cont,
                prime: 0,
                kill: Kill::No,
            };
            let simpler = match p {
                Point::Catch { k, .. } => Some(Point::Plain(*k)),
                Point::Deleg { .. } if *p != plain_deleg => Some(plain_deleg),
                Point::Iter { items, range, catching: true, .. } => Some(Point::Iter {
                    items: items.clone(),
                    range: *range,
                    catching: false,
                    exc: false,
                    exit: false,
                    h: Handler::Cont,
                }),
                Point::Iter { items, range, .. } if items.len() > 1 => Some(Point::Iter {
                    items: items[..1].to_vec(),
                    range: *range,
                    catching: false,
                    exc: false,
                    exit: false,
                    h: Handler::Cont,
                }),
                _ => None,
            };
            let handler_simpler = match p {
                Point::Catch { k, exc, exit, h } if *h != Handler::Cont => {
                    Some(Point::Catch { k: *k, exc: *exc, exit: *exit, h: Handler::Cont })
                }
                Point::Deleg { catching: true, h, .. } if *h != Handler::Cont => {
                    let mut q = p.clone();
                    if let Point::Deleg { h, .. } = &mut q {
                        *h = Handler::Cont;
                    }
                    Some(q)
                }
                _ => None,
            };
            let fresher = match p {
                Point::Deleg { prime, kill, .. } if *prime > 0 || *kill != Kill::No => {
                    let mut q = p.clone();
                    if let Point::Deleg { prime, kill, .. } = &mut q {
                        if *kill != Kill::No {
                            *kill = Kill::No;
                        } else {
                            *prime -= 1;
                        }
                    }
                    Some(q)
                }
                _ => None,
            };
            for q in [simpler, handler_simpler, fresher].into_iter().flatten() {
                let mut c = case.clone();
                c.levels[i].points[j] = q;
                out.push(c);
            }
        }
        if case.levels[i].guard {
            let mut c = case.clone();
            c.levels[i].guard = false;
            out.push(c);
        }
    }
    // Removing a level or a point often needs one operation fewer, too.
    for c in structural {
        for j in 0..c.ops.len().saturating_sub(1) {
            let mut d = c.clone();
            d.ops.remove(j);
            out.push(d);
        }
        out.push(c);
    }
    out
}

/// A case's description without its values: equal shapes are the same failure.
fn shape(case: &Case) -> String {
    case.describe().chars().filter(|c| !c.is_ascii_digit()).collect()
}

/// Greedily shrinks a failing case while it still fails.
fn shrink(oracle: &mut Oracle, mut case: Case) -> Case {
    let mut budget = 3000;
    'outer: loop {
        for c in candidates(&case) {
            if budget == 0 {
                break 'outer;
            }
            budget -= 1;
            if check_one(oracle, &c).is_some() {
                case = c;
                continue 'outer;
            }
        }
        break;
    }
    case
}

struct Stats {
    cases: usize,
    ops_compared: usize,
    /// Cases where a delegate ignored `Exit` during `close`/drop (CPython's
    /// `RuntimeError`), and where a body yielded again while finalized (F).
    delegate_ignored: usize,
    yield_while_finalized: usize,
    /// Cases where CPython skipped a `finally` that gensend ran (mapped, F).
    finally_skipped: usize,
    /// Cases where a delegate that had started was delegated to and resumed
    /// (with `None`, logged -1: `yield_from_sending`).
    started_delegate_resumed: usize,
    max_depth: usize,
}

/// Which constructs of issue 17 a case holds (as generated) and reaches (in
/// gensend's trace, which equals CPython's when the case passes).
fn constructs(case: &Case, run: &RustRun) -> Vec<(&'static str, bool)> {
    let points = || case.levels.iter().flat_map(|lv| &lv.points);
    let handlers = || {
        points().filter_map(|p| match p {
            Point::Catch { h, .. } | Point::Deleg { h, .. } | Point::Iter { h, .. } => Some(h),
            Point::Plain(_) | Point::Fail(_) => None,
        })
    };
    let records = || run.records.iter().map(|r| split_record(r));
    let any_event = |pred: &dyn Fn(&str, &str) -> bool| {
        records().any(|(head, events)| events.iter().any(|e| pred(head, e)))
    };
    let is_op = |head: &str, ops: &[&str]| ops.iter().any(|op| head.starts_with(op));
    let inner = |e: &str, prefix: char| {
        e.strip_prefix(prefix).and_then(|rest| rest.split(':').next()).is_some_and(|l| l != "0")
    };
    let kill = |k: Kill| points().any(|p| matches!(p, Point::Deleg { kill, .. } if *kill == k));
    vec![
        ("boom handler: generated", handlers().any(|h| matches!(h, Handler::Boom(_)))),
        ("boom handler: raised", any_event(&|_, e| e.starts_with('B'))),
        (
            "boom raised by an inner level while closed or dropped",
            any_event(&|head, e| is_op(head, &["close", "drop"]) && inner(e, 'B')),
        ),
        ("boom caught by a delegator (except Boom)", any_event(&|_, e| e.contains(":b"))),
        (
            "boom caught by a delegator while closed or dropped",
            any_event(&|head, e| is_op(head, &["close", "drop"]) && e.contains(":b")),
        ),
        (
            "boom out of send/next/throw/close",
            records().any(|(head, _)| head.split('|').nth(1).is_some_and(|r| r.starts_with("boom"))),
        ),
        ("failing statement: generated", points().any(|p| matches!(p, Point::Fail(_)))),
        (
            "failing statement: reached on send/next mid-chain",
            any_event(&|head, e| is_op(head, &["send", "next"]) && e.starts_with('F')),
        ),
        (
            "iterable level, plain: generated",
            points().any(|p| matches!(p, Point::Iter { catching: false, .. })),
        ),
        (
            "iterable level, catching: generated",
            points().any(|p| matches!(p, Point::Iter { catching: true, .. })),
        ),
        ("iterable level: delegated to", any_event(&|_, e| e.starts_with('i'))),
        (
            "iterable level: value sent in (AttributeError)",
            records().any(|(head, _)| head.split('|').nth(1) == Some("attr")),
        ),
        ("dead delegate, exhausted: generated", kill(Kill::Exhaust)),
        ("dead delegate, closed: generated", kill(Kill::Close)),
        ("dead delegate, thrown into: generated", kill(Kill::Throw)),
        (
            "dead delegate: yield from evaluates to None",
            records().any(|(_, events)| {
                events.iter().enumerate().any(|(at, e)| {
                    let Some(level) = e.strip_prefix('k').and_then(|e| e.strip_suffix(":CL")) else {
                        return false;
                    };
                    events[at + 1..].contains(&format!("d{level}:None").as_str())
                })
            }),
        ),
        ("next(): generated", case.ops.contains(&Op::Next)),
    ]
}

/// Runs the cases made by `make(seed)` for `n` seeds from `base`; on a
/// divergence, shrinks the first one and panics with both traces.
fn differential(name: &str, base: u64, n: u64, make: fn(u64) -> Case) {
    let seeds: Vec<u64> = (0..n).map(|i| base.wrapping_add(i)).collect();
    let cases: Vec<Case> = seeds.iter().map(|&s| make(s)).collect();
    let Some(mut oracle) = oracle() else { return gensend_side_only(name, &seeds, &cases) };
    let runs: Vec<RustRun> = cases.iter().map(|c| interp::run(c, oracle.py311)).collect();
    let json: Vec<String> = cases.iter().map(Case::to_json).collect();
    let traces = oracle.batch(&json);
    let mut stats = Stats {
        cases: 0,
        ops_compared: 0,
        delegate_ignored: 0,
        yield_while_finalized: 0,
        finally_skipped: 0,
        started_delegate_resumed: 0,
        max_depth: 0,
    };
    let mut failed = Vec::new();
    // How often each kind of result was compared (Y, C, raise, None, Some, ...).
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    // How many cases hold each construct of issue 17 (generated, and reached).
    let mut constructs_seen: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (i, (run, python)) in runs.iter().zip(&traces).enumerate() {
        for record in &run.records {
            let result = record.split('|').nth(1).unwrap_or("");
            let kind: String = result.chars().take_while(|c| !c.is_ascii_digit()).collect();
            *kinds.entry(kind).or_default() += 1;
        }
        stats.cases += 1;
        stats.ops_compared += run.records.len();
        stats.max_depth = stats.max_depth.max(cases[i].levels.len());
        stats.delegate_ignored += usize::from(run.delegate_ignored_exit);
        stats.yield_while_finalized += usize::from(run.yields_while_finalized > 0);
        stats.finally_skipped += usize::from(python.contains("g~"));
        stats.started_delegate_resumed += usize::from(python.contains(":-1"));
        for (construct, present) in constructs(&cases[i], run) {
            *constructs_seen.entry(construct).or_default() += usize::from(present);
        }

        if failure(run, python).is_some() {
            failed.push(i);
        }
    }
    eprintln!(
        "{name}: {} cases, {} operations compared (all of them), max depth {}; {} with a delegate \
         ignoring Exit, {} with a body yielding while dropped or closed once more, {} with a finally CPython skips \
         (mapped: F), {} resuming a delegate that had started; {} diverged\n  results compared: {kinds:?}\n  \
         cases with each construct: {constructs_seen:#?}",
        stats.cases,
        stats.ops_compared,
        stats.max_depth,
        stats.delegate_ignored,
        stats.yield_while_finalized,
        stats.finally_skipped,
        stats.started_delegate_resumed,
        failed.len()
    );
    if n >= 1000 {
        // The generator must keep reaching every outcome of tables B and C.
        let mut wanted = vec![
            "Y",
            "C",
            "raise",
            "None",
            "Ignored",
            "NotStarted",
            "Closed",
            "AlreadyStarted",
            "dropped",
            "dropped-ignored",
            "boom",
            "attr",
        ];
        if !oracle.py311 {
            wanted.push("Some");
        }
        let missing: Vec<&str> = wanted.into_iter().filter(|k| !kinds.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{name}: no case produced {missing:?}");
    }
    let Some(&first) = failed.first() else { return };
    // Shrink the first few failures; print each distinct minimal case once.
    let mut minimal: Vec<(u64, Case, String)> = Vec::new();
    for &i in failed.iter().take(env_u64("GENSEND_DIFF_SHRINK", 3) as usize) {
        let small = shrink(&mut oracle, cases[i].clone());
        if minimal.iter().all(|(_, c, _)| shape(c) != shape(&small)) {
            let report = check_one(&mut oracle, &small).unwrap_or_else(|| "(shrunk case passes?)".into());
            minimal.push((seeds[i], small, report));
        }
    }
    let mut text = String::new();
    for (seed, case, report) in &minimal {
        text += &format!(
            "\n--- seed {seed} (rerun: GENSEND_DIFF_SEED={seed} GENSEND_DIFF_CASES=1 cargo test --test \
             differential {name})\nminimal case:\n{}\njson: {}\n{report}\n",
            case.describe(),
            case.to_json()
        );
    }
    let others: Vec<u64> = failed.iter().skip(1).take(20).map(|&i| seeds[i]).collect();
    panic!(
        "{name}: {} of {} cases diverge from CPython {} (first seed {}).\n{text}\nother failing seeds: {others:?}",
        failed.len(),
        n,
        oracle.version,
        seeds[first],
    );
}

#[test]
fn random_sequences_match_cpython() {
    let n = case_count();
    differential(
        "random_sequences_match_cpython",
        env_u64("GENSEND_DIFF_SEED", DEFAULT_SEED),
        n,
        scenario::case,
    );
}

/// Chains of 30 to 50 levels, mixed catching and non-catching, with long
/// operation sequences so the innermost levels are reached and unwound.
fn deep_case(seed: u64) -> Case {
    let mut rng = scenario::Rng::new(seed);
    let depth = rng.range(30, 50) as usize;
    let levels = scenario::levels(&mut rng, depth);
    let ops = scenario::ops(&mut rng, 40);
    Case { levels, ops }
}

#[test]
fn deep_delegation_chains_match_cpython() {
    let n = case_count() / 10;
    differential(
        "deep_delegation_chains_match_cpython",
        env_u64("GENSEND_DIFF_SEED", DEFAULT_SEED),
        n,
        deep_case,
    );
}

/// Checks one hand-written case against CPython (without one: [`self_check`]).
fn check(case: Case) {
    let Some(mut oracle) = oracle() else {
        let run = interp::run(&case, false);
        if let Some(report) = self_check(&case, &run) {
            panic!("fails gensend's own checks:\n{}\n{report}", case.describe());
        }
        return;
    };
    let run = interp::run(&case, oracle.py311);
    if std::env::var_os("GENSEND_DIFF_SHOW").is_some() {
        eprintln!("{}\n  {}", case.describe(), run.records.join("\n  "));
    }
    if let Some(report) = failure(&run, &oracle.one(&case.to_json())) {
        panic!("diverges from CPython {}:\n{}\n{report}", oracle.version, case.describe());
    }
}

fn catch(k: i64, exc: bool, exit: bool, h: Handler) -> Point {
    Point::Catch { k, exc, exit, h }
}

fn lvl(guard: bool, ret: i64, points: Vec<Point>) -> Level {
    Level { guard, ret, points }
}

#[test]
fn plain_points_unwind_on_throw_and_close_like_cpython() {
    let levels = vec![lvl(true, 500, vec![Point::Plain(1), Point::Plain(2)])];
    check(Case {
        levels: levels.clone(),
        ops: vec![Op::Start, Op::Send(100), Op::Throw(1000), Op::Send(101), Op::Drop],
    });
    check(Case { levels, ops: vec![Op::Start, Op::Close, Op::Close, Op::Start, Op::Drop] });
}

#[test]
fn r07_r12_misuse_of_created_and_closed_generators_like_cpython() {
    let levels = vec![lvl(true, 500, vec![Point::Plain(1)])];
    check(Case {
        levels: levels.clone(),
        ops: vec![Op::Send(100), Op::Start, Op::Start, Op::Send(101), Op::Send(102), Op::Drop],
    });
    check(Case {
        levels: levels.clone(),
        ops: vec![Op::Throw(1000), Op::Start, Op::Send(100), Op::Close, Op::Drop],
    });
    check(Case { levels, ops: vec![Op::Close, Op::Throw(1001), Op::Drop] });
}

#[test]
fn drop_guards_run_like_finally() {
    let levels = vec![
        lvl(
            true,
            500,
            vec![
                Point::Plain(1),
                Point::Deleg {
                    catching: false,
                    exc: false,
                    exit: false,
                    h: Handler::Cont,
                    boom: false,
                    prime: 0,
                    kill: Kill::No,
                },
            ],
        ),
        lvl(true, 501, vec![Point::Plain(2), Point::Plain(3)]),
    ];
    check(Case { levels: levels.clone(), ops: vec![Op::Start, Op::Send(100), Op::Drop] });
    check(Case {
        levels: levels.clone(),
        ops: vec![Op::Start, Op::Send(100), Op::Send(101), Op::Send(102), Op::Drop],
    });
    check(Case { levels, ops: vec![Op::Start, Op::Send(100), Op::Throw(1000), Op::Drop] });
}

#[test]
fn handler_that_yields_again_after_exit_like_cpython() {
    let levels = vec![lvl(true, 500, vec![catch(1, false, true, Handler::Yield(2)), Point::Plain(3)])];
    check(Case {
        levels: levels.clone(),
        ops: vec![Op::Start, Op::Close, Op::Send(100), Op::Send(101), Op::Drop],
    });
    check(Case { levels: levels.clone(), ops: vec![Op::Start, Op::Close, Op::Close, Op::Drop] });
    // Dropped while it yields again: mapped (gensend also runs the guard).
    check(Case { levels, ops: vec![Op::Start, Op::Drop] });
}

#[test]
fn return_during_close_like_cpython() {
    let levels = vec![lvl(true, 500, vec![catch(1, true, true, Handler::Ret(501)), Point::Plain(2)])];
    check(Case { levels: levels.clone(), ops: vec![Op::Start, Op::Close, Op::Send(100), Op::Drop] });
    check(Case { levels: levels.clone(), ops: vec![Op::Start, Op::Throw(1000), Op::Drop] });
    // A delegate's return while being closed is not delivered to its delegator.
    let chain = vec![
        lvl(
            true,
            500,
            vec![Point::Deleg {
                catching: true,
                exc: true,
                exit: true,
                h: Handler::Ret(502),
                boom: false,
                prime: 0,
                kill: Kill::No,
            }],
        ),
        lvl(true, 501, vec![catch(1, false, true, Handler::Ret(503))]),
    ];
    check(Case { levels: chain, ops: vec![Op::Start, Op::Close, Op::Drop] });
}

#[test]
fn mixed_catching_chain_of_depth_50_like_cpython() {
    let mut levels: Vec<Level> = (0..50)
        .map(|i| {
            // Every third level catches; below 40, every fourth of those also
            // catches Exit and returns (a return while closing is not delivered:
            // D4). The others yield again or re-raise what they caught.
            let catching = i % 3 == 0;
            let exit = catching && i % 4 == 0 && i < 40;
            let h = match i {
                _ if exit => Handler::Ret(600 + i),
                _ if i % 2 == 0 => Handler::Yield(i),
                _ => Handler::Raise,
            };
            lvl(
                i % 2 == 1,
                500 + i,
                vec![Point::Deleg { catching, exc: true, exit, h, boom: false, prime: 0, kill: Kill::No }],
            )
        })
        .collect();
    levels[49].points = vec![Point::Plain(7), catch(8, false, false, Handler::Cont)];
    let ops =
        vec![Op::Start, Op::Send(100), Op::Throw(1000), Op::Throw(1001), Op::Send(101), Op::Close, Op::Drop];
    check(Case { levels: levels.clone(), ops });
    check(Case { levels, ops: vec![Op::Start, Op::Close, Op::Drop] });
}

/// A delegate started by a handler *while closing* (after `Exit` was caught) and
/// returning at once delivers its value to the delegator, which goes on: only a
/// delegate that was being closed withholds its return (PROTOCOL.md D4).
/// CPython: `close()` returns 502 (3.13), events `c0:x,g+1,g-1,d0:501,g-0`.
#[test]
fn delegate_started_while_closing_delivers_its_return_like_cpython() {
    let levels = vec![
        lvl(
            true,
            502,
            vec![
                catch(1, false, true, Handler::Cont),
                Point::Deleg {
                    catching: false,
                    exc: false,
                    exit: false,
                    h: Handler::Cont,
                    boom: false,
                    prime: 0,
                    kill: Kill::No,
                },
            ],
        ),
        lvl(true, 501, vec![]),
    ];
    check(Case { levels: levels.clone(), ops: vec![Op::Start, Op::Close, Op::Drop] });
    check(Case { levels, ops: vec![Op::Start, Op::Drop] });
}

fn deleg(catching: bool, exc: bool, exit: bool, h: Handler) -> Point {
    Point::Deleg { catching, exc, exit, h, boom: false, prime: 0, kill: Kill::No }
}

#[test]
fn r01_body_not_run_on_creation_like_cpython() {
    let levels = vec![lvl(true, 500, vec![Point::Plain(1)])];
    check(Case { levels: levels.clone(), ops: vec![Op::Drop] });
    check(Case { levels: levels.clone(), ops: vec![Op::Close, Op::Drop] });
    check(Case { levels, ops: vec![Op::Start, Op::Drop] });
}

#[test]
fn r02_r03_r04_sent_value_is_the_yield_value_and_send_returns_the_next_yield_like_cpython() {
    let levels =
        vec![lvl(true, 500, vec![Point::Plain(1), catch(2, true, true, Handler::Cont), Point::Plain(3)])];
    check(Case {
        levels,
        ops: vec![Op::Start, Op::Send(100), Op::Send(101), Op::Send(102), Op::Send(103), Op::Drop],
    });
}

#[test]
fn r11_r12_return_value_then_exhausted_like_cpython() {
    let levels = vec![lvl(false, 500, vec![Point::Plain(1)])];
    check(Case {
        levels: levels.clone(),
        ops: vec![Op::Start, Op::Send(100), Op::Send(101), Op::Start, Op::Drop],
    });
    check(Case { levels: vec![lvl(false, 501, vec![])], ops: vec![Op::Start, Op::Send(100), Op::Drop] });
}

#[test]
fn r13_r14_caught_throw_continues_uncaught_throw_closes_like_cpython() {
    let levels = vec![lvl(true, 500, vec![catch(1, true, false, Handler::Yield(2)), Point::Plain(3)])];
    check(Case {
        levels: levels.clone(),
        ops: vec![Op::Start, Op::Throw(1000), Op::Send(100), Op::Throw(1001), Op::Drop],
    });
    check(Case { levels, ops: vec![Op::Start, Op::Throw(1000), Op::Throw(1001), Op::Send(100), Op::Drop] });
}

#[test]
fn r16_r17_r18_close_cleanup_ignored_exit_and_send_after_close_like_cpython() {
    let cleanup = vec![lvl(true, 500, vec![catch(1, false, true, Handler::Raise)])];
    check(Case { levels: cleanup, ops: vec![Op::Start, Op::Close, Op::Send(100), Op::Drop] });
    let stubborn = vec![lvl(true, 500, vec![catch(1, false, true, Handler::Yield(2))])];
    check(Case { levels: stubborn, ops: vec![Op::Start, Op::Close, Op::Send(100), Op::Send(101), Op::Drop] });
}

#[test]
fn r19_close_returns_what_the_exit_handler_returns_like_cpython() {
    // 3.13 returns the value; against 3.11 the comparison maps it to None.
    let levels = vec![lvl(true, 500, vec![catch(1, false, true, Handler::Ret(518))])];
    check(Case { levels, ops: vec![Op::Start, Op::Close, Op::Close, Op::Drop] });
}

#[test]
fn r21_send_throw_and_close_resume_the_same_point_like_cpython() {
    let levels = vec![lvl(
        true,
        500,
        vec![catch(1, true, true, Handler::Cont), catch(2, true, true, Handler::Cont), Point::Plain(3)],
    )];
    check(Case { levels: levels.clone(), ops: vec![Op::Start, Op::Send(100), Op::Drop] });
    check(Case { levels: levels.clone(), ops: vec![Op::Start, Op::Throw(1000), Op::Drop] });
    check(Case { levels, ops: vec![Op::Start, Op::Close, Op::Drop] });
}

#[test]
fn r23_r24_r25_r26_yield_from_forwards_send_throw_close_and_gives_the_return_value_like_cpython() {
    let levels = vec![
        lvl(true, 500, vec![deleg(false, false, false, Handler::Cont), Point::Plain(9)]),
        lvl(true, 501, vec![Point::Plain(1), catch(2, true, false, Handler::Yield(3)), Point::Plain(4)]),
    ];
    let ops = vec![
        Op::Start,
        Op::Send(100),
        Op::Throw(1000),
        Op::Send(101),
        Op::Send(102),
        Op::Send(103),
        Op::Drop,
    ];
    check(Case { levels: levels.clone(), ops });
    check(Case { levels, ops: vec![Op::Start, Op::Send(100), Op::Close, Op::Drop] });
}

/// `except Exc:` lets `GeneratorExit` through (`co.reraise(Exit)`): `close()` is
/// `None`, not the body's value, and the guard runs; an `except GeneratorExit:`
/// handler that re-raises (`raise`) gives `None` too.
#[test]
fn c4_reraise_of_exit_makes_close_return_none_like_cpython() {
    let only_exc = vec![lvl(true, 500, vec![catch(1, true, false, Handler::Yield(2)), Point::Plain(3)])];
    check(Case {
        levels: only_exc.clone(),
        ops: vec![Op::Start, Op::Throw(1000), Op::Close, Op::Send(100), Op::Drop],
    });
    check(Case { levels: only_exc, ops: vec![Op::Start, Op::Close, Op::Close, Op::Drop] });
    let raise = vec![lvl(true, 500, vec![catch(1, true, true, Handler::Raise), Point::Plain(2)])];
    check(Case { levels: raise, ops: vec![Op::Start, Op::Close, Op::Start, Op::Drop] });
}

/// `except GeneratorExit:` lets `Exc` through (`co.reraise(Throw(e))`): `throw`
/// raises it and the generator is closed; a handler of `Exc` that re-raises the
/// same.
#[test]
fn c3_reraise_of_throw_hands_the_error_back_like_cpython() {
    let only_exit = vec![lvl(true, 500, vec![catch(1, false, true, Handler::Ret(501))])];
    check(Case {
        levels: only_exit,
        ops: vec![Op::Start, Op::Throw(1000), Op::Send(100), Op::Throw(1001), Op::Drop],
    });
    let raise = vec![lvl(true, 500, vec![Point::Plain(1), catch(2, true, false, Handler::Raise)])];
    check(Case { levels: raise, ops: vec![Op::Start, Op::Send(100), Op::Throw(1000), Op::Close, Op::Drop] });
}

/// Re-raised interrupts continue outwards level by level: through a plain
/// `yield_from`, through a `try_yield_from` that catches only the other kind,
/// until a level catches them. While closing, a delegate that handles `Exit` and
/// returns withholds its value, and a delegator that lets `Exit` through makes
/// `close()` `None`.
#[test]
fn d3_d4_reraise_continues_outwards_through_delegators_like_cpython() {
    let levels = vec![
        lvl(true, 500, vec![deleg(true, true, false, Handler::Yield(5)), Point::Plain(6)]),
        lvl(false, 501, vec![deleg(true, false, true, Handler::Ret(502))]),
        lvl(true, 503, vec![deleg(false, false, false, Handler::Cont)]),
        lvl(true, 504, vec![catch(1, true, false, Handler::Raise), catch(2, true, false, Handler::Cont)]),
    ];
    check(Case {
        levels: levels.clone(),
        ops: vec![Op::Start, Op::Throw(1000), Op::Send(100), Op::Send(101), Op::Drop],
    });
    check(Case { levels: levels.clone(), ops: vec![Op::Start, Op::Close, Op::Close, Op::Drop] });
    check(Case { levels, ops: vec![Op::Start, Op::Send(100), Op::Close, Op::Drop] });
}

/// A delegate that ignores `Exit`: CPython raises `RuntimeError` in its
/// delegator, which lets go of it (it is closed once more: at a plain point it
/// unwinds) and unwinds; `close()` raises, the generator is closed.
#[test]
fn delegate_ignoring_exit_unwinds_the_chain_like_cpython() {
    let levels = vec![
        lvl(true, 500, vec![deleg(true, true, true, Handler::Ret(503)), Point::Plain(9)]),
        lvl(true, 501, vec![deleg(false, false, false, Handler::Cont)]),
        lvl(true, 502, vec![catch(1, true, true, Handler::Yield(2)), Point::Plain(3)]),
    ];
    check(Case {
        levels: levels.clone(),
        ops: vec![Op::Start, Op::Close, Op::Send(100), Op::Close, Op::Drop],
    });
    check(Case { levels, ops: vec![Op::Start, Op::Drop] });
}

/// Closed once more, the delegate catches `Exit` again and yields again: CPython
/// frees it without running its `finally` (unraisable `RuntimeError`), gensend
/// drops it and runs its guard (PROTOCOL.md F, mapped); the rest is the same.
#[test]
fn delegate_yielding_again_when_closed_once_more_is_dropped_like_cpython_frees_it() {
    let levels = vec![
        lvl(true, 500, vec![deleg(false, false, false, Handler::Cont)]),
        lvl(
            true,
            501,
            vec![catch(1, true, true, Handler::Cont), catch(2, true, true, Handler::Cont), Point::Plain(3)],
        ),
    ];
    check(Case { levels: levels.clone(), ops: vec![Op::Start, Op::Close, Op::Drop] });
    check(Case { levels, ops: vec![Op::Start, Op::Drop] });
}

// Finalizing a body is a full close, as in CPython: one test per shape the
// random cases found while it was not (before commit bc49a2b).

/// Dropped, the outermost level catches `Exit` and starts a delegate that
/// yields: freeing the outermost frame, CPython closes that delegate (`c1:x`), and
/// so does gensend. (CPython 3.13: `c0:x,y1:3,c1:x`; found from random seed
/// 1851657513.)
#[test]
fn delegate_of_a_body_yielding_while_dropped_is_closed_like_cpython() {
    let levels = vec![
        lvl(
            false,
            597,
            vec![catch(58, true, true, Handler::Cont), deleg(false, false, false, Handler::Cont)],
        ),
        lvl(false, 583, vec![catch(3, true, true, Handler::Cont)]),
    ];
    check(Case { levels, ops: vec![Op::Start, Op::Drop] });
}

/// Closed once more after ignoring `Exit`, a delegate catches it and starts a
/// delegate of its own: CPython runs it (here it returns at once: `d2:545`), and
/// so does gensend. (CPython: `c1:x,y2:3,c2:x,d2:545`.)
#[test]
fn delegate_started_by_a_body_closed_once_more_runs_like_cpython() {
    let levels = vec![
        lvl(false, 580, vec![deleg(false, false, false, Handler::Cont)]),
        lvl(
            false,
            597,
            vec![catch(58, true, true, Handler::Cont), deleg(false, false, false, Handler::Cont)],
        ),
        lvl(false, 583, vec![catch(3, true, true, Handler::Cont), deleg(false, false, false, Handler::Cont)]),
        lvl(false, 545, vec![]),
    ];
    check(Case { levels: levels.clone(), ops: vec![Op::Start, Op::Close, Op::Drop] });
    check(Case { levels, ops: vec![Op::Start, Op::Drop] });
}

/// Closed once more, a delegate's own delegate yields again: CPython raises
/// `RuntimeError` in the delegate, whose `except GeneratorExit` does not run
/// (no second `c1:x`), and gensend unwinds it the same way. (CPython:
/// `c1:x,g+2,y2:20,c2:x,y2:21,g-2,g-1,g-0`.)
#[test]
fn delegate_yielding_again_raises_runtime_error_in_its_finalized_delegator_like_cpython() {
    let levels = vec![
        lvl(true, 500, vec![deleg(false, false, false, Handler::Cont)]),
        lvl(
            true,
            501,
            vec![catch(5, false, true, Handler::Cont), deleg(true, false, true, Handler::Ret(555))],
        ),
        lvl(true, 502, vec![catch(20, false, true, Handler::Yield(21))]),
    ];
    check(Case { levels: levels.clone(), ops: vec![Op::Start, Op::Close, Op::Drop] });
    check(Case { levels, ops: vec![Op::Start, Op::Drop] });
}

/// A handler of `Exit` that drives a delegate by hand, then delegates to it:
/// CPython resumes the started delegate with `None` (gensend: `yield_from_sending`).
#[test]
fn started_delegate_of_an_exit_handler_like_cpython() {
    let levels = vec![
        lvl(
            false,
            507,
            vec![
                catch(83, true, true, Handler::Cont),
                Point::Deleg {
                    catching: true,
                    exc: false,
                    exit: true,
                    h: Handler::Cont,
                    boom: false,
                    prime: 1,
                    kill: Kill::No,
                },
            ],
        ),
        lvl(false, 560, vec![Point::Plain(45)]),
    ];
    check(Case { levels, ops: vec![Op::Start, Op::Drop] });
}

// Issue 17: the constructs the generator did not make before, and every
// divergence the extended generator found (each a harness mapping, not a gensend
// bug; the seeds are those of the first runs).

fn iter_point(items: &[i64], range: bool, catching: bool, exc: bool, exit: bool, h: Handler) -> Point {
    Point::Iter { items: items.to_vec(), range, catching, exc, exit, h }
}

fn deleg_with(catching: bool, exc: bool, exit: bool, boom: bool, h: Handler, prime: u8, kill: Kill) -> Point {
    Point::Deleg { catching, exc, exit, boom, h, prime, kill }
}

/// The Boom program: the inner level raises `Boom` in its `GeneratorExit`
/// handler while the chain is closed; a delegator with `except Boom` catches it
/// (`catch_yield_from`), one without lets it go on, out of `close()`; dropped,
/// CPython reports it as unraisable and gensend drops it (F).
#[test]
fn boom_raised_in_an_exit_handler_while_closed_reaches_the_delegator_like_cpython() {
    let caught = vec![
        lvl(true, 500, vec![deleg_with(true, false, false, true, Handler::Ret(501), 0, Kill::No)]),
        lvl(true, 502, vec![catch(1, false, true, Handler::Boom(2009))]),
    ];
    check(Case { levels: caught.clone(), ops: vec![Op::Start, Op::Close, Op::Drop] });
    check(Case { levels: caught, ops: vec![Op::Start, Op::Drop] });
    let through = vec![
        lvl(true, 500, vec![deleg(false, false, false, Handler::Cont), Point::Plain(3)]),
        lvl(false, 503, vec![deleg_with(true, true, true, false, Handler::Ret(504), 0, Kill::No)]),
        lvl(true, 502, vec![catch(1, false, true, Handler::Boom(2009))]),
    ];
    check(Case { levels: through.clone(), ops: vec![Op::Start, Op::Close, Op::Close, Op::Drop] });
    check(Case { levels: through, ops: vec![Op::Start, Op::Drop] });
}

/// A failing statement after a yield raises on `send`, mid-chain; a delegator
/// catching `Boom` yields instead.
#[test]
fn a_body_raising_on_send_mid_chain_like_cpython() {
    let levels = vec![
        lvl(
            true,
            500,
            vec![deleg_with(true, true, false, true, Handler::Yield(5), 0, Kill::No), Point::Plain(6)],
        ),
        lvl(true, 501, vec![deleg(false, false, false, Handler::Cont)]),
        lvl(true, 502, vec![Point::Plain(1), Point::Fail(2001), Point::Plain(2)]),
    ];
    check(Case {
        levels: levels.clone(),
        ops: vec![Op::Start, Op::Send(100), Op::Send(101), Op::Next, Op::Drop],
    });
    let uncaught = vec![lvl(true, 501, vec![deleg(false, false, false, Handler::Cont)]), levels[2].clone()];
    check(Case { levels: uncaught, ops: vec![Op::Start, Op::Send(100), Op::Send(101), Op::Drop] });
}

/// The iterable program: a throw into `yield from ["a", "b"]` is caught
/// around it; `next()` goes on through the items, a sent value raises
/// `AttributeError`, `close()` is caught or goes on.
#[test]
fn iterables_delegated_to_plainly_and_catching_like_cpython() {
    let catching = vec![lvl(
        true,
        500,
        vec![iter_point(&[1, 2, 3], false, true, true, true, Handler::Yield(9)), Point::Plain(4)],
    )];
    check(Case {
        levels: catching.clone(),
        ops: vec![Op::Start, Op::Throw(1000), Op::Next, Op::Next, Op::Drop],
    });
    check(Case {
        levels: catching.clone(),
        ops: vec![Op::Start, Op::Next, Op::Close, Op::Send(100), Op::Drop],
    });
    check(Case { levels: catching, ops: vec![Op::Start, Op::Send(100), Op::Drop] });
    let plain = vec![
        lvl(true, 500, vec![deleg(true, true, true, Handler::Ret(505))]),
        lvl(true, 501, vec![iter_point(&[7, 8], true, false, false, false, Handler::Cont), Point::Plain(4)]),
    ];
    for ops in [
        vec![Op::Start, Op::Next, Op::Next, Op::Next, Op::Drop],
        vec![Op::Start, Op::Throw(1000), Op::Drop],
        vec![Op::Start, Op::Close, Op::Drop],
        vec![Op::Start, Op::Next, Op::Send(100), Op::Drop],
    ] {
        check(Case { levels: plain.clone(), ops });
    }
}

/// `yield from` a delegate that is exhausted, closed, or killed by a throw
/// evaluates to `None` (gensend: `yield_from_or_none`); one that survives the
/// throw is delegated to as a started one.
#[test]
fn delegation_to_an_exhausted_closed_or_killed_sub_like_cpython() {
    let sub = lvl(true, 501, vec![catch(1, true, false, Handler::Yield(2)), Point::Plain(3)]);
    for (kill, prime) in [
        (Kill::Exhaust, 0),
        (Kill::Exhaust, 1),
        (Kill::Close, 0),
        (Kill::Close, 1),
        (Kill::Throw, 0),
        (Kill::Throw, 2),
    ] {
        for catching in [false, true] {
            let levels = vec![
                lvl(
                    true,
                    500,
                    vec![
                        deleg_with(catching, true, true, true, Handler::Ret(509), prime, kill),
                        Point::Plain(4),
                    ],
                ),
                sub.clone(),
            ];
            check(Case { levels: levels.clone(), ops: vec![Op::Start, Op::Next, Op::Next, Op::Drop] });
            check(Case { levels, ops: vec![Op::Start, Op::Throw(1000), Op::Close, Op::Drop] });
        }
    }
}

/// Seed 1851657804: dropped, a handler of `Exit` goes on into `yield from` a
/// range, whose first item is a yield while finalized (`dropped-ignored`; the
/// item yields were not counted at first).
#[test]
fn an_item_yielded_while_dropped_is_ignored_exit_like_cpython() {
    let levels = vec![lvl(
        false,
        574,
        vec![
            catch(2, true, true, Handler::Cont),
            iter_point(&[92], true, false, false, false, Handler::Cont),
        ],
    )];
    check(Case { levels, ops: vec![Op::Start, Op::Drop] });
}

/// Seeds 1851658292 and 10673: `close()` ignored at an item of an iterable,
/// the first or a later one (the items were not logged at first; both sides now
/// log each item as a yield when it is produced).
#[test]
fn close_ignored_at_an_item_of_an_iterable_like_cpython() {
    let first = vec![lvl(
        false,
        529,
        vec![
            catch(35, true, true, Handler::Cont),
            iter_point(&[93], false, false, false, false, Handler::Cont),
        ],
    )];
    check(Case { levels: first, ops: vec![Op::Start, Op::Close, Op::Drop] });
    let later = vec![
        lvl(
            false,
            503,
            vec![catch(65, true, true, Handler::Cont), deleg(false, false, false, Handler::Cont)],
        ),
        lvl(false, 595, vec![deleg_with(true, true, false, true, Handler::Cont, 1, Kill::No)]),
        lvl(false, 590, vec![iter_point(&[88, 89], true, false, false, false, Handler::Yield(11))]),
    ];
    check(Case { levels: later, ops: vec![Op::Start, Op::Close, Op::Drop] });
}

/// Seed 1851658182: while dropped, a delegate driven by hand sends into an
/// iterable (AttributeError); it goes out of the finalized body, which CPython
/// reports as unraisable and gensend drops (F).
#[test]
fn an_own_error_raised_while_dropped_is_dropped_like_cpython_reports_it() {
    let levels = vec![
        lvl(
            false,
            593,
            vec![catch(47, true, true, Handler::Cont), deleg(false, false, false, Handler::Cont)],
        ),
        lvl(false, 506, vec![deleg_with(true, true, true, true, Handler::Cont, 2, Kill::No)]),
        lvl(false, 546, vec![iter_point(&[13], true, false, false, false, Handler::Cont)]),
    ];
    check(Case { levels, ops: vec![Op::Start, Op::Drop] });
}

/// Seed 4602: a delegate closed by hand ignores `Exit` and is finalized at once
/// (CPython skips its `finally`: `g~2`), then a second copy runs to its end (its
/// `finally` runs: `g-2`). The skipped `finally` is matched where it happens,
/// not with the last guard of the call.
#[test]
fn a_finally_skipped_by_cpython_is_matched_where_it_happens() {
    let levels = vec![
        lvl(
            false,
            570,
            vec![
                deleg_with(false, true, false, false, Handler::Raise, 1, Kill::Close),
                deleg_with(true, true, true, false, Handler::Cont, 0, Kill::Exhaust),
            ],
        ),
        lvl(false, 525, vec![deleg(false, false, false, Handler::Cont)]),
        lvl(
            true,
            592,
            vec![catch(1, true, true, Handler::Cont), catch(67, true, true, Handler::Cont), Point::Plain(8)],
        ),
    ];
    check(Case { levels, ops: vec![Op::Start, Op::Drop] });
}

/// Seeds 35641 and 91522 (the 100,000-case run): while the chain is closed, a
/// handler goes on into a delegation whose delegate is closed by hand first and
/// ignores `Exit` in a delegate of its own (finalized: `g-3` comes between its
/// yield and `p1:ign`); `close()` then reports the delegator's own yield (20),
/// not the one the close by hand reported.
#[test]
fn a_close_by_hand_ignored_inside_a_close_reports_the_right_yield_like_cpython() {
    let levels = vec![
        lvl(
            false,
            514,
            vec![catch(44, true, true, Handler::Cont), deleg(false, false, false, Handler::Cont)],
        ),
        lvl(
            false,
            584,
            vec![deleg_with(false, true, true, false, Handler::Cont, 1, Kill::Close), Point::Plain(20)],
        ),
        lvl(false, 595, vec![deleg(false, false, false, Handler::Cont)]),
        lvl(true, 538, vec![catch(5, true, true, Handler::Cont), Point::Plain(6)]),
    ];
    check(Case { levels: levels.clone(), ops: vec![Op::Start, Op::Close, Op::Drop] });
    check(Case { levels, ops: vec![Op::Start, Op::Drop] });
}

/// Seed 4242991 (deep cases): while closed, a handler delegates to a delegate
/// that yields from a list it had started by hand; the list's next item goes out
/// (the close is ignored there: 40), and finalizing yields again (37).
#[test]
fn close_ignored_at_a_later_item_then_finalized_like_cpython() {
    let levels = vec![
        lvl(false, 523, vec![deleg(false, false, false, Handler::Cont)]),
        lvl(
            false,
            559,
            vec![
                catch(94, true, true, Handler::Cont),
                deleg(false, false, false, Handler::Cont),
                deleg(false, false, false, Handler::Cont),
            ],
        ),
        lvl(
            false,
            547,
            vec![deleg_with(true, true, true, true, Handler::Cont, 1, Kill::No), Point::Plain(37)],
        ),
        lvl(false, 517, vec![iter_point(&[39, 40, 41], false, false, false, false, Handler::Cont)]),
    ];
    check(Case { levels: levels.clone(), ops: vec![Op::Start, Op::Close, Op::Drop] });
    check(Case { levels, ops: vec![Op::Start, Op::Drop] });
}
