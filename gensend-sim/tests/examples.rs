//! The examples whose output is fixed: each prints exactly its golden file.
//!
//! SimPy's seven documented examples (`examples/{carwash,bank_renege,latency,
//! machine_shop,process_communication,gas_station_refuel,movie_renege}.rs`)
//! are line-by-line ports of the `.py` files in `tests/golden/examples/`
//! (SimPy 4.1.2's `docs/examples/code/`, unchanged); six of them draw from
//! `gensend_sim::random::Random` seeded as the Python seeds `random`, and
//! each must print SimPy's documented `.out` beside its `.py`
//! byte for byte. Run with `GENSEND_SIM_EVENT_COUNTS` set, each also prints
//! its kernel's event counts on stderr, which must be SimPy's for the same
//! program (`.events`, written by `event_counts.py` under SimPy 4.1.2): the
//! same output from the same events. `examples/{clinic,workshop,courier}.rs`
//! are checked the same way against `tests/golden/NAME.{py,out,events}`, SimPy
//! programs written for these tests (requests in nested conditions,
//! preemption, stores; failures and interrupts; `yield from` delegation). The
//! task scheduler prints `tests/golden/task_scheduler.out`.
//!
//! The examples are built once, by one `cargo build` shared by all tests (its
//! JSON messages give each binary's path, whatever the target directory is),
//! then each test runs its binary.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// SimPy's examples, each with `tests/golden/examples/NAME.{py,out}`.
const SIMPY_EXAMPLES: [&str; 7] = [
    "carwash",
    "bank_renege",
    "latency",
    "machine_shop",
    "process_communication",
    "gas_station_refuel",
    "movie_renege",
];

/// Every example these tests run.
const EXAMPLES: [&str; 11] = [
    "carwash",
    "bank_renege",
    "latency",
    "machine_shop",
    "process_communication",
    "gas_station_refuel",
    "movie_renege",
    "clinic",
    "workshop",
    "courier",
    "task_scheduler",
];

/// Builds every example in [`EXAMPLES`] once; maps each name to its binary.
fn binaries() -> &'static HashMap<String, PathBuf> {
    static BUILT: OnceLock<Result<HashMap<String, PathBuf>, String>> = OnceLock::new();
    match BUILT.get_or_init(build_examples) {
        Ok(binaries) => binaries,
        Err(message) => panic!("{message}"),
    }
}

fn build_examples() -> Result<HashMap<String, PathBuf>, String> {
    let mut cargo = Command::new(env!("CARGO"));
    cargo.current_dir(env!("CARGO_MANIFEST_DIR"));
    cargo.args(["build", "--quiet", "--message-format=json"]);
    for name in EXAMPLES {
        cargo.args(["--example", name]);
    }
    let output = cargo.output().map_err(|err| format!("cannot run cargo: {err}"))?;
    if !output.status.success() {
        return Err(format!(
            "building the examples failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let messages = String::from_utf8(output.stdout).map_err(|err| err.to_string())?;
    let binaries: HashMap<String, PathBuf> = messages
        .lines()
        .filter_map(executable)
        .filter_map(|path| Some((path.file_stem()?.to_str()?.to_string(), path)))
        .collect();
    match EXAMPLES.iter().find(|name| !binaries.contains_key(**name)) {
        Some(missing) => Err(format!("cargo reported no executable for example {missing}")),
        None => Ok(binaries),
    }
}

/// The `"executable"` path of one of cargo's JSON messages, if it has one.
fn executable(message: &str) -> Option<PathBuf> {
    const KEY: &str = "\"executable\":\"";
    let start = message.find(KEY)? + KEY.len();
    let mut path = String::new();
    let mut chars = message[start..].chars();
    loop {
        match chars.next()? {
            '"' => return Some(PathBuf::from(path)),
            '\\' => path.push(chars.next()?), // `\\` and `\"`: the only escapes in a path here
            c => path.push(c),
        }
    }
}

/// Runs the example `name` and compares its stdout byte for byte with `golden`
/// (relative to `tests/golden`); with `event_counts`, also its stderr under
/// `GENSEND_SIM_EVENT_COUNTS` with that golden file.
fn check(name: &str, golden: &str, event_counts: Option<&str>) {
    let binary = &binaries()[name];
    let mut command = Command::new(binary);
    if event_counts.is_some() {
        command.env("GENSEND_SIM_EVENT_COUNTS", "1");
    } else {
        command.env_remove("GENSEND_SIM_EVENT_COUNTS");
    }
    let output = command.output().unwrap_or_else(|err| panic!("{}: {err}", binary.display()));
    assert!(
        output.status.success(),
        "example {name} failed ({}); stderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    compare(name, "stdout", &output.stdout, golden);
    match event_counts {
        Some(counts) => compare(name, "stderr (event counts)", &output.stderr, counts),
        None => assert!(output.stderr.is_empty(), "example {name} wrote to stderr unasked"),
    }
}

/// Panics with a line diff unless `actual` is the golden file's bytes.
fn compare(name: &str, what: &str, actual: &[u8], golden: &str) {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(golden);
    let expected = std::fs::read(&golden).unwrap_or_else(|err| panic!("{}: {err}", golden.display()));
    if actual != expected {
        panic!(
            "example {name}: {what} differs from {}\n(- expected, + actual)\n{}",
            golden.display(),
            diff(&String::from_utf8_lossy(&expected), &String::from_utf8_lossy(actual))
        );
    }
}

/// A line diff (longest common subsequence): `  ` same, `- ` expected only,
/// `+ ` actual only. Lines are shown with `{:?}`, so trailing spaces and a
/// missing final newline show.
fn diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.split_inclusive('\n').collect();
    let new: Vec<&str> = actual.split_inclusive('\n').collect();
    // common[i][j]: length of the longest common subsequence of old[i..] and new[j..].
    let mut common = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i][j] = if old[i] == new[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            out += &format!("  {:?}\n", old[i]);
            (i, j) = (i + 1, j + 1);
        } else if j == new.len() || (i < old.len() && common[i + 1][j] >= common[i][j + 1]) {
            out += &format!("- {:?}\n", old[i]);
            i += 1;
        } else {
            out += &format!("+ {:?}\n", new[j]);
            j += 1;
        }
    }
    out
}

#[test]
fn carwash_prints_simpys_documented_output() {
    check("carwash", "examples/carwash.out", None);
}

#[test]
fn bank_renege_prints_simpys_documented_output() {
    check("bank_renege", "examples/bank_renege.out", None);
}

#[test]
fn latency_prints_simpys_documented_output() {
    check("latency", "examples/latency.out", None);
}

#[test]
fn machine_shop_prints_simpys_documented_output() {
    check("machine_shop", "examples/machine_shop.out", None);
}

#[test]
fn process_communication_prints_simpys_documented_output() {
    check("process_communication", "examples/process_communication.out", None);
}

#[test]
fn gas_station_refuel_prints_simpys_documented_output() {
    check("gas_station_refuel", "examples/gas_station_refuel.out", None);
}

#[test]
fn movie_renege_prints_simpys_documented_output() {
    check("movie_renege", "examples/movie_renege.out", None);
}

/// Each SimPy example creates SimPy's events: the same numbers scheduled
/// and left pending, environment by environment.
#[test]
fn simpy_examples_schedule_simpys_events() {
    for name in SIMPY_EXAMPLES {
        check(name, &format!("examples/{name}.out"), Some(&format!("examples/{name}.events")));
    }
}

/// A program of ours, not SimPy's, run under SimPy 4.1.2 for its output and
/// event counts: conditions over resource requests, preemption, a
/// `FilterStore`, a `Store` of events, a `Container`, return values.
#[test]
fn clinic_prints_and_schedules_what_simpy_does() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/clinic.py");
    assert!(source.is_file(), "{}: the Python the port follows", source.display());
    check("clinic", "clinic.out", Some("clinic.events"));
}

/// A program of ours, not SimPy's, run under SimPy 4.1.2 for its output and
/// event counts: a raising sub-process, failures inside `any_of` and
/// `all_of`, a defused failure, interrupts while waiting on a store's get
/// (one left queued) and a container's put, `start_delayed`.
#[test]
fn workshop_prints_and_schedules_what_simpy_does() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/workshop.py");
    assert!(source.is_file(), "{}: the Python the port follows", source.display());
    check("workshop", "workshop.out", Some("workshop.events"));
}

/// A program of ours, not SimPy's, run under SimPy 4.1.2 for its output and
/// event counts: `yield from` two levels deep with return values, interrupts
/// caught at the innermost level, re-raised from it, or caught two levels up;
/// `Event::trigger` as a callback, `|=`, `peek` and `step`.
#[test]
fn courier_prints_and_schedules_what_simpy_does() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/courier.py");
    assert!(source.is_file(), "{}: the Python the port follows", source.display());
    check("courier", "courier.out", Some("courier.events"));
}

#[test]
fn task_scheduler_runs_its_tasks_in_the_schedulers_order() {
    check("task_scheduler", "task_scheduler.out", None);
}

#[test]
fn every_simpy_example_has_its_source_and_output_and_a_port() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut golden: Vec<String> = std::fs::read_dir(root.join("tests/golden/examples"))
        .expect("tests/golden/examples")
        .map(|entry| entry.expect("a directory entry").file_name().to_string_lossy().into_owned())
        .collect();
    golden.sort();
    let mut expected: Vec<String> = SIMPY_EXAMPLES
        .iter()
        .flat_map(|name| ["py", "out", "events"].map(|ext| format!("{name}.{ext}")))
        .collect();
    expected.push("event_counts.py".into());
    expected.sort();
    assert_eq!(golden, expected, "tests/golden/examples holds each example's .py, .out and .events");
    for name in SIMPY_EXAMPLES {
        assert!(EXAMPLES.contains(&name), "{name} is run by a test");
        assert!(root.join("examples").join(format!("{name}.rs")).is_file(), "examples/{name}.rs");
    }
}
