//! The examples whose output is SimPy's: each prints exactly its golden file
//! (SimPy 4.1.2's output for the same program).

use std::process::Command;

/// Builds `example` (sharing the test build's target directory) and returns
/// its stdout.
fn run_example(example: &str) -> String {
    let output = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--quiet", "--message-format=json", "--example", example])
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let messages = String::from_utf8(output.stdout).expect("UTF-8");
    let executable = messages
        .lines()
        .filter(|line| line.contains(&format!("\"name\":\"{example}\"")))
        .find_map(|line| {
            let start = line.find("\"executable\":\"")? + "\"executable\":\"".len();
            let end = start + line[start..].find('"')?;
            Some(line[start..end].to_string())
        })
        .expect("cargo reports the example's executable");
    let run = Command::new(executable).output().expect("the example runs");
    assert!(run.status.success());
    String::from_utf8(run.stdout).expect("UTF-8")
}

#[test]
fn carwash_fixed_prints_simpys_output() {
    assert_eq!(run_example("carwash_fixed"), include_str!("golden/carwash_fixed.out"));
}

#[test]
fn task_scheduler_runs_its_tasks_in_the_schedulers_order() {
    assert_eq!(run_example("task_scheduler"), include_str!("golden/task_scheduler.out"));
}

#[test]
fn bank_renege_prints_simpys_output() {
    assert_eq!(run_example("bank_renege_lcg"), include_str!("golden/bank_renege_lcg.out"));
}

#[test]
fn machine_shop_prints_simpys_output() {
    assert_eq!(run_example("machine_shop_lcg"), include_str!("golden/machine_shop_lcg.out"));
}

#[test]
fn process_communication_prints_simpys_output() {
    assert_eq!(
        run_example("process_communication_lcg"),
        include_str!("golden/process_communication_lcg.out")
    );
}

#[test]
fn latency_prints_simpys_documented_output() {
    assert_eq!(run_example("latency"), include_str!("golden/latency.out"));
}
