//! Differential test against SimPy 4.1.2 on random models.
//!
//! `tests/data/differential/corpus.txt` holds random small models (resources,
//! shared events, processes that time out, request, put and get, wait,
//! trigger, combine conditions, spawn, join, interrupt, catch and return), each
//! with the trace SimPy 4.1.2 wrote for it (`gen_models.py`, which draws the
//! models and interprets them under SimPy; see its docs to regenerate). Here
//! each model is interpreted on gensend-sim (`differential/interp.rs`) and its
//! trace must equal SimPy's line for line: every action at the same simulated
//! time in the same order, the same values, the same exception ending the
//! run, the same final time and the same number of events scheduled. No Python
//! is needed to run it.

#[path = "differential/interp.rs"]
mod interp;
#[path = "differential/model.rs"]
mod model;

const CORPUS: &str = include_str!("data/differential/corpus.txt");

/// A model of the corpus: its number, its text and SimPy's trace.
struct Case<'a> {
    number: &'a str,
    text: &'a str,
    trace: Vec<&'a str>,
}

/// The stored corpus, or the file `GENSEND_SIM_DIFF_CORPUS` names (a larger
/// one made with `gen_models.py --count N --out FILE`, to search further).
fn corpus_text() -> &'static str {
    match std::env::var("GENSEND_SIM_DIFF_CORPUS") {
        Ok(path) => String::leak(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))),
        Err(_) => CORPUS,
    }
}

fn corpus() -> Vec<Case<'static>> {
    let mut cases: Vec<Case> = Vec::new();
    for line in corpus_text().lines().filter(|line| !line.starts_with('#')) {
        if let Some(rest) = line.strip_prefix("model ") {
            let (number, text) = rest.split_once(": ").expect("model N: text");
            cases.push(Case { number, text, trace: Vec::new() });
        } else {
            cases.last_mut().expect("a trace line before any model").trace.push(line);
        }
    }
    cases
}

#[test]
fn every_model_traces_as_in_simpy() {
    let cases = corpus();
    assert!(
        cases.len() >= 300 || std::env::var_os("GENSEND_SIM_DIFF_CORPUS").is_some(),
        "the corpus has {} models",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let model = model::parse(case.text).unwrap_or_else(|e| panic!("model {}: {e}", case.number));
        let ours = interp::run(&model);
        if ours != case.trace {
            let at = ours.iter().zip(&case.trace).take_while(|(a, b)| a == b).count();
            failures.push(format!(
                "model {}: {}\n  first difference at line {}:\n    simpy: {}\n    ours:  {}",
                case.number,
                case.text,
                at + 1,
                case.trace.get(at).unwrap_or(&"(end of trace)"),
                ours.get(at).map_or("(end of trace)", String::as_str),
            ));
        }
    }
    if let Some(case) =
        cases.iter().find(|case| failures.iter().any(|f| f.starts_with(&format!("model {}:", case.number))))
    {
        let ours = interp::run(&model::parse(case.text).unwrap());
        eprintln!(
            "model {}, SimPy's trace:\n{}\nours:\n{}",
            case.number,
            case.trace.join("\n"),
            ours.join("\n")
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} models differ from SimPy 4.1.2:\n{}",
        failures.len(),
        cases.len(),
        failures.iter().take(5).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The corpus covers what it is meant to: every op and resource kind, and
/// runs that SimPy ends with each kind of exception.
#[test]
fn the_corpus_covers_every_feature() {
    for needle in [
        " timeout ",
        " req ",
        " reqor ",
        " put ",
        " get ",
        " putw ",
        " getw ",
        " sput ",
        " sget ",
        " sgetw ",
        " fget ",
        " rep ",
        " wait ",
        " succeed ",
        " succeed! ",
        " fail ",
        " fail! ",
        " any ",
        " all ",
        " spawn ",
        " join ",
        " interrupt ",
        " try ",
        " return ",
        "Resource",
        "Priority",
        "Preemptive",
        "Container",
        "Store",
        "PStore",
        "FStore",
        " spawnd ",
        " subscribe ",
        "init 10.5",
        " state ",
        " defuse ",
        "until e0",
        "until p0",
        " chain ",
        " tset ",
        " twait ",
    ] {
        assert!(
            CORPUS.lines().any(|l| l.starts_with("model ") && l.contains(needle)),
            "no model uses {needle:?}"
        );
    }
    for trace in [
        "caught Interrupt(Preempted(",
        "caught Interrupt(at(",
        " reneged r",
        "has already terminated.)",
        "crash ValueError(",
        "crash Interrupt(",
        "crash RuntimeError(A process is not allowed to interrupt itself.)",
        "has terminated and cannot be interrupted.)",
        "has already been triggered)",
        "\"until\" event was not triggered",
        "\nresult ",
        "\nagain ",
        " cb e",
        ":Timeout/trig:ok",
        ":Initialize/trig:ok",
    ] {
        assert!(CORPUS.contains(trace), "no trace has {trace:?}");
    }
}
