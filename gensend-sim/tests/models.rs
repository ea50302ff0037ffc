//! The benchmark models against SimPy 4.1.2's golden outputs
//! (`tests/golden/`, copied from `bench/golden/`): `result` lines must be
//! identical, and so must `kernel` lines, because the kernel creates exactly
//! SimPy's events.

#[allow(dead_code)]
#[path = "../examples/model/main.rs"]
mod model;

fn check(model_name: &str, n: u64, golden: &str) {
    let (lines, _) = model::run_model(model_name, n, false).unwrap();
    let expected: Vec<&str> =
        golden.lines().filter(|l| l.starts_with("result ") || l.starts_with("kernel ")).collect();
    let got: Vec<&str> = lines
        .iter()
        .map(String::as_str)
        .filter(|l| l.starts_with("result ") || l.starts_with("kernel "))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn mm1_n1000() {
    check("mm1", 1000, include_str!("golden/mm1-n1000.txt"));
}

#[test]
fn mm1_n10000() {
    check("mm1", 10000, include_str!("golden/mm1-n10000.txt"));
}

#[test]
fn shop_n1000() {
    check("shop", 1000, include_str!("golden/shop-n1000.txt"));
}

#[test]
fn shop_n10000() {
    check("shop", 10000, include_str!("golden/shop-n10000.txt"));
}

#[test]
fn replications_do_not_depend_on_the_thread_count() {
    let run = |seed: u64| {
        model::run_model(if seed.is_multiple_of(2) { "mm1" } else { "shop" }, 500 + seed, false).unwrap().0
    };
    let one = gensend_sim::replications(6, 1, run);
    let three = gensend_sim::replications(6, 3, run);
    assert_eq!(one, three);
    assert!(one[0].iter().any(|l| l == "header n 500"));
}
