//! Golden tests: each port of a seed program (`examples/NN_*.rs`) prints exactly the
//! expected output in `tests/golden/NN_*.out` (CPython 3.13's output, except where a
//! `tests/golden/NN_*.md` note explains a difference).
//!
//! The examples are built once, by one `cargo build` shared by all tests (its JSON
//! messages give each binary's path, so this works whatever the target directory is:
//! default, `CARGO_TARGET_DIR`, or a config file), then each test runs its binary.
//!
//! Under Miri those tests are ignored, with the reason: Miri cannot spawn
//! processes (nor, isolated, read directories). `scripts/miri.sh` runs each of
//! these examples under Miri itself and compares its output with its golden file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Every example with a golden file, in seed order.
const EXAMPLES: [&str; 18] = [
    "01_echo_coroutine",
    "02_priming_send_before_next",
    "03_accumulator_generatorexit",
    "04_two_way",
    "05_prime_first",
    "06_one_shot_exhausted",
    "07_throw_resilient",
    "08_close_with_cleanup",
    "09_running_accumulator",
    "10_unprimed_accumulator_quiz",
    "11_traffic_light",
    "12_pipeline",
    "13_consumer_decorator",
    "14_yield_from_send",
    "15_yield_from_return_value",
    "16_manual_return_value",
    "17_generator_states",
    "18_gi_frame_locals",
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

/// Runs the example `name` and compares its stdout byte for byte with its golden file.
fn check(name: &str) {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(format!("{name}.out"));
    let expected = std::fs::read(&golden).unwrap_or_else(|err| panic!("{}: {err}", golden.display()));
    let binary = &binaries()[name];
    let output = Command::new(binary).output().unwrap_or_else(|err| panic!("{}: {err}", binary.display()));
    assert!(
        output.status.success(),
        "example {name} failed ({}); stderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    if output.stdout != expected {
        panic!(
            "example {name}: stdout differs from {}\n(- expected, + actual)\n{}",
            golden.display(),
            diff(&String::from_utf8_lossy(&expected), &String::from_utf8_lossy(&output.stdout))
        );
    }
}

/// A line diff (longest common subsequence): `  ` same, `- ` expected only, `+ ` actual
/// only. Lines are shown with `{:?}`, so trailing spaces and a missing final newline show.
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

macro_rules! golden {
    ($($test:ident => $example:literal,)*) => {
        $(
            #[test]
            #[cfg_attr(miri, ignore = "Miri cannot spawn processes; scripts/miri.sh runs the examples under Miri")]
            fn $test() {
                check($example);
            }
        )*

        #[test]
        #[cfg_attr(miri, ignore = "Miri, isolated, cannot read directories")]
        fn every_golden_file_has_a_test() {
            assert_eq!([$($example),*], EXAMPLES);
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
            let mut outs: Vec<String> = std::fs::read_dir(&dir)
                .expect("tests/golden exists")
                .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .filter_map(|file| file.strip_suffix(".out").map(str::to_string))
                .collect();
            outs.sort();
            assert_eq!(outs, EXAMPLES);
        }
    };
}

golden! {
    seed_01_echo_coroutine => "01_echo_coroutine",
    seed_02_priming_send_before_next => "02_priming_send_before_next",
    seed_03_accumulator_generatorexit => "03_accumulator_generatorexit",
    seed_04_two_way => "04_two_way",
    seed_05_prime_first => "05_prime_first",
    seed_06_one_shot_exhausted => "06_one_shot_exhausted",
    seed_07_throw_resilient => "07_throw_resilient",
    seed_08_close_with_cleanup => "08_close_with_cleanup",
    seed_09_running_accumulator => "09_running_accumulator",
    seed_10_unprimed_accumulator_quiz => "10_unprimed_accumulator_quiz",
    seed_11_traffic_light => "11_traffic_light",
    seed_12_pipeline => "12_pipeline",
    seed_13_consumer_decorator => "13_consumer_decorator",
    seed_14_yield_from_send => "14_yield_from_send",
    seed_15_yield_from_return_value => "15_yield_from_return_value",
    seed_16_manual_return_value => "16_manual_return_value",
    seed_17_generator_states => "17_generator_states",
    seed_18_gi_frame_locals => "18_gi_frame_locals",
}

#[test]
fn diff_marks_changed_missing_and_extra_lines() {
    assert_eq!(
        diff("a\nb\nc\n", "a\nB\nc\nd\n"),
        "  \"a\\n\"\n- \"b\\n\"\n+ \"B\\n\"\n  \"c\\n\"\n+ \"d\\n\"\n"
    );
    assert_eq!(diff("x\n", "x"), "- \"x\\n\"\n+ \"x\"\n");
}

#[test]
fn executable_reads_the_path_out_of_a_cargo_message() {
    let message =
        r#"{"reason":"compiler-artifact","executable":"/t/debug/examples/04_two_way","fresh":true}"#;
    assert_eq!(executable(message), Some(PathBuf::from("/t/debug/examples/04_two_way")));
    assert_eq!(executable(r#"{"reason":"build-finished","success":true}"#), None);
}
