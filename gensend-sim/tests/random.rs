//! `gensend_sim::random` against CPython 3.13, draw for draw.
//!
//! `tests/data/random/seed_*.txt` hold sequences drawn by CPython 3.13's own
//! `random` (made by `tests/data/random/make_golden.py`, which documents the
//! format). Every case here replays one line of every file from a fresh
//! generator and compares each value exactly: integers as decimal text, floats
//! by their bits. The case names are Python's calls, so a case missing on
//! either side fails the test too.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gensend_sim::random::{Random, RandomError};

/// One draw of a case: the values Python wrote for it, in the file's tokens.
type Draw = Box<dyn Fn(&mut Random, usize) -> Vec<String>>;

fn float(x: f64) -> String {
    format!("0x{:016x}", x.to_bits())
}

fn int(x: impl ToString) -> String {
    x.to_string()
}

/// A fallible float draw: its value, or `err:` and Python's message.
fn float_or_error(x: Result<f64, RandomError>) -> String {
    match x {
        Ok(x) => float(x),
        Err(e) => format!("err:{}", e.to_string().replace(' ', "_")),
    }
}

/// A case whose draw is one value.
fn single<T: 'static>(
    name: String,
    draw: impl Fn(&mut Random) -> T + 'static,
    token: fn(T) -> String,
) -> (String, Draw) {
    (name, Box::new(move |rng, _| vec![token(draw(rng))]))
}

/// A case whose draw is several values.
fn several<T: ToString + 'static>(
    name: String,
    draw: impl Fn(&mut Random) -> Vec<T> + 'static,
) -> (String, Draw) {
    (name, Box::new(move |rng, _| draw(rng).iter().map(|v| v.to_string()).collect()))
}

/// The interleaving of `mixed` in make_golden.py, step by step.
fn mixed(rng: &mut Random, step: usize) -> Vec<String> {
    let token = match step % 9 {
        0 => float(rng.gauss(0.0, 1.0)),
        1 => float(rng.random()),
        2 => int(rng.randint(1, 6).unwrap()),
        3 => float(rng.gauss(2.0, 3.0)),
        4 => float(rng.normalvariate(10.0, 2.0)),
        5 => float(rng.expovariate(1.0 / 12.0).unwrap()),
        6 => int(rng.choice(&[0, 1, 2, 3, 4, 5, 6]).unwrap()),
        7 => {
            let token = float(rng.gauss(0.0, 1.0));
            if step % 100 == 7 {
                rng.seed(step as i128);
            }
            token
        }
        _ => float(rng.uniform(1.0, 3.0)),
    };
    vec![token]
}

/// Every case of make_golden.py, under the name it writes (without spaces).
fn cases() -> Vec<(String, Draw)> {
    let mut cases = vec![single("getrandbits(32)".into(), |r| r.getrandbits(32).unwrap(), int)];
    for k in [0, 1, 5, 31, 33, 53, 64, 65, 100, 128] {
        cases.push(single(format!("getrandbits({k})"), move |r| r.getrandbits(k).unwrap(), int));
    }
    cases.push(single("random()".into(), Random::random, float));
    for n in [1, 2, 3, 10, 1000, (1 << 31) + 1, 1 << 32, (1 << 32) + 1, (1 << 53) + 3, u64::MAX] {
        cases.push(single(format!("randrange({n})"), move |r| r.randbelow(n).unwrap(), int));
    }
    for (a, b) in [(-5, 5), (0, 7), (i64::MIN, i64::MAX)] {
        cases.push(single(format!("randrange({a},{b})"), move |r| r.randrange(a, b).unwrap(), int));
    }
    for (a, b, s) in [(0, 100, 7), (100, 0, -3), (-50, 51, 5), (3, 4, 10)] {
        let name = format!("randrange({a},{b},{s})");
        cases.push(single(name, move |r| r.randrange_step(a, b, s).unwrap(), int));
    }
    for (a, b) in [(50, 99), (1, 6), (-3, 3), (5, 9), (4, 8), (6, 10), (0, 1), (7, 7), (i64::MIN, i64::MAX)] {
        cases.push(single(format!("randint({a},{b})"), move |r| r.randint(a, b).unwrap(), int));
    }
    for (a, b) in [(0.0, 1.0), (1.0, 3.0), (-10.0, 10.5), (5.0, 2.0)] {
        cases.push(single(format!("uniform({a:?},{b:?})"), move |r| r.uniform(a, b), float));
    }
    for lambd in [1.0, 1.0 / 10.0, 1.0 / 12.0, 1.0 / 300.0, -2.0] {
        cases.push(single(format!("expovariate({lambd:?})"), move |r| r.expovariate(lambd).unwrap(), float));
    }
    for (mu, sigma) in [(0.0, 1.0), (10.0, 2.0), (-3.0, 0.5)] {
        let name = format!("normalvariate({mu:?},{sigma:?})");
        cases.push(single(name, move |r| r.normalvariate(mu, sigma), float));
    }
    for (mu, sigma) in [(0.0, 1.0), (5.0, 2.0)] {
        cases.push(single(format!("gauss({mu:?},{sigma:?})"), move |r| r.gauss(mu, sigma), float));
    }
    cases.push(single("lognormvariate(0.0,0.25)".into(), |r| r.lognormvariate(0.0, 0.25), float));
    let triangles = [
        (0.0, 1.0, None),
        (1.0, 10.0, None),
        (1.0, 10.0, Some(3.0)),
        (2.0, 8.0, Some(8.0)),
        (5.0, 5.0, Some(5.0)),
        (4.0, -2.0, Some(0.0)),
    ];
    for (low, high, mode) in triangles {
        let mode_name = mode.map_or("None".to_string(), |m: f64| format!("{m:?}"));
        let name = format!("triangular({low:?},{high:?},{mode_name})");
        cases.push(single(name, move |r| r.triangular(low, high, mode), float));
    }
    for n in [1, 3, 10, 1000] {
        let population: Vec<usize> = (0..n).collect();
        cases.push(single(format!("choice(range({n}))"), move |r| *r.choice(&population).unwrap(), int));
    }
    for n in [1, 7, 1000] {
        let population: Vec<usize> = (0..n).collect();
        cases.push(several(format!("choices(range({n}),k=3)"), move |r| {
            r.choices(&population, 3).unwrap().into_iter().copied().collect()
        }));
    }
    for n in [0, 1, 2, 10, 50] {
        cases.push(several(format!("shuffle({n})"), move |r| {
            let mut x: Vec<usize> = (0..n).collect();
            r.shuffle(&mut x);
            x
        }));
    }
    for (n, k) in
        [(0, 0), (10, 3), (10, 10), (30, 5), (21, 5), (22, 5), (100, 100), (1000, 50), (1_000_000, 6)]
    {
        cases.push(several(format!("sample(range({n}),{k})"), move |r| r.sample_indices(n, k).unwrap()));
    }
    let weights: [(&str, &[f64]); 3] = [
        ("[1,9]", &[1.0, 9.0]),
        ("[0.5,0.25,0.25]", &[0.5, 0.25, 0.25]),
        ("[3,0,2,5]", &[3.0, 0.0, 2.0, 5.0]),
    ];
    for (name, weights) in weights {
        let population: Vec<usize> = (0..weights.len()).collect();
        cases.push(several(format!("choices_weighted({name},k=3)"), move |r| {
            r.choices_weighted(&population, weights, 3).unwrap().into_iter().copied().collect()
        }));
    }
    cases.push(several("choices_cum_weighted([1.0,1.5,4.0],k=3)".into(), |r| {
        r.choices_cum_weighted(&[0, 1, 2], &[1.0, 1.5, 4.0], 3).unwrap().into_iter().copied().collect()
    }));
    cases.push(single("expovariate(0.0)".into(), |r| r.expovariate(0.0), float_or_error));
    for alpha in [3.0, 1.0, 0.001, 0.0] {
        cases.push(single(
            format!("paretovariate({alpha:?})"),
            move |r| r.paretovariate(alpha),
            float_or_error,
        ));
    }
    for (alpha, beta) in [(300.0, 1.5), (1.0, 0.5), (1.0, 0.001), (2.0, -1.0), (1.0, 0.0)] {
        let name = format!("weibullvariate({alpha:?},{beta:?})");
        cases.push(single(name, move |r| r.weibullvariate(alpha, beta), float_or_error));
    }
    for (alpha, beta) in [(2.0, 3.0), (1.0, 2.0), (0.5, 1.0), (0.05, 1.0), (9.5, 0.5), (0.0, 1.0)] {
        let name = format!("gammavariate({alpha:?},{beta:?})");
        cases.push(single(name, move |r| r.gammavariate(alpha, beta), float_or_error));
    }
    for (alpha, beta) in [(2.0, 5.0), (0.5, 0.5), (0.01, 3.0)] {
        let name = format!("betavariate({alpha:?},{beta:?})");
        cases.push(single(name, move |r| r.betavariate(alpha, beta), float_or_error));
    }
    for (mu, kappa) in [(1.0, 4.0), (-1.0, 0.5), (7.0, 1e-7), (0.0, 50.0)] {
        // Python writes 1e-07 where Rust writes 1e-7.
        let name = format!("vonmisesvariate({mu:?},{kappa:?})").replace("e-7", "e-07");
        cases.push(single(name, move |r| r.vonmisesvariate(mu, kappa), float));
    }
    cases.push(("mixed".into(), Box::new(mixed)));
    cases
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/random")
}

/// A golden file: its seed, and one `(case, draws, values)` per line.
struct Golden {
    seed: String,
    words: Vec<u32>,
    lines: Vec<(String, usize, Vec<String>)>,
}

fn read_golden(path: &Path) -> Golden {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let seed = lines.next().and_then(|l| l.strip_prefix("seed ")).expect("a `seed` line first").to_string();
    let words = lines
        .next()
        .and_then(|l| l.strip_prefix("words "))
        .expect("a `words` line second")
        .split(' ')
        .map(|w| u32::from_str_radix(w, 16).expect("hex seed word"))
        .collect();
    let lines = lines
        .map(|line| {
            let mut tokens = line.split(' ');
            let name = tokens.next().expect("a case name").to_string();
            let draws = tokens.next().and_then(|n| n.parse().ok()).expect("a draw count");
            (name, draws, tokens.map(str::to_string).collect())
        })
        .collect();
    Golden { seed, words, lines }
}

fn golden_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data_dir())
        .expect("tests/data/random")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    files
}

/// Shows a float token as its value, for failure messages.
fn readable(token: &str) -> String {
    match token.strip_prefix("0x").map(|hex| u64::from_str_radix(hex, 16)) {
        Some(Ok(bits)) => format!("{token} ({:?})", f64::from_bits(bits)),
        _ => token.to_string(),
    }
}

#[test]
fn every_case_matches_cpython_313_for_every_seed() {
    let files = golden_files();
    assert!(files.len() >= 9, "expected the golden files of make_golden.py, found {files:?}");
    let cases = cases();
    let mut seeds = BTreeSet::new();
    let mut values_compared = 0usize;
    for file in &files {
        let golden = read_golden(file);
        seeds.insert(golden.seed.clone());
        let fresh = || match golden.seed.parse::<i128>() {
            Ok(seed) => Random::new(seed),
            Err(_) => Random::from_seed_words(&golden.words),
        };
        let file_names: BTreeSet<&str> = golden.lines.iter().map(|(name, _, _)| name.as_str()).collect();
        let our_names: BTreeSet<&str> = cases.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(file_names, our_names, "{}: cases differ from the test's", file.display());
        for (name, draws, expected) in &golden.lines {
            let (_, draw) = cases.iter().find(|(ours, _)| ours == name).expect("checked above");
            let mut rng = fresh();
            let got: Vec<String> = (0..*draws).flat_map(|step| draw(&mut rng, step)).collect();
            assert_eq!(got.len(), expected.len(), "{}: {name}: number of values", file.display());
            if let Some(at) = got.iter().zip(expected).position(|(g, e)| g != e) {
                panic!(
                    "{}: {name}: value {at} is {}, CPython 3.13 drew {}",
                    file.display(),
                    readable(&got[at]),
                    readable(&expected[at])
                );
            }
            values_compared += got.len();
        }
    }
    for seed in ["0", "42", "-42", "18446744073709551615", "-1267650600228229401496703205383"] {
        assert!(seeds.contains(seed), "no golden file for seed {seed}");
    }
    assert!(values_compared > 350_000, "only {values_compared} values compared");
}

#[test]
fn seed_words_agree_with_integer_seeds() {
    for file in golden_files() {
        let golden = read_golden(&file);
        if let Ok(seed) = golden.seed.parse::<i128>() {
            assert_eq!(Random::from_seed_words(&golden.words), Random::new(seed), "seed {seed}");
        }
    }
    // High zero words are not part of Python's key.
    assert_eq!(Random::from_seed_words(&[7, 0, 0]), Random::new(7));
    assert_eq!(Random::from_seed_words(&[]), Random::new(0));
    assert_ne!(Random::new(1 << 32), Random::new(1));
}

#[test]
fn errors_carry_cpython_messages() {
    let mut rng = Random::new(42);
    let messages = [
        (rng.randint(5, 4).unwrap_err(), "empty range in randrange(5, 5)"),
        (rng.randbelow(0).unwrap_err(), "empty range for randrange()"),
        (rng.randrange(-3, -3).unwrap_err(), "empty range in randrange(-3, -3)"),
        (rng.randrange_step(0, 10, 0).unwrap_err(), "zero step for randrange()"),
        (rng.randrange_step(10, 0, 2).unwrap_err(), "empty range in randrange(10, 0, 2)"),
        (rng.choice::<u8>(&[]).unwrap_err(), "Cannot choose from an empty sequence"),
        (rng.sample(&[1, 2, 3], 4).unwrap_err(), "Sample larger than population or is negative"),
        (
            rng.choices_weighted(&[1, 2], &[1.0], 1).unwrap_err(),
            "The number of weights does not match the population",
        ),
        (
            rng.choices_weighted(&[1, 2], &[0.0, 0.0], 1).unwrap_err(),
            "Total of weights must be greater than zero",
        ),
        (
            rng.choices_weighted(&[1, 2], &[1.0, f64::INFINITY], 1).unwrap_err(),
            "Total of weights must be finite",
        ),
        (rng.choices_cum_weighted(&[1], &[f64::NAN], 1).unwrap_err(), "Total of weights must be finite"),
        (rng.gammavariate(1.0, -1.0).unwrap_err(), "gammavariate: alpha and beta must be > 0.0"),
        (rng.betavariate(0.0, 1.0).unwrap_err(), "gammavariate: alpha and beta must be > 0.0"),
    ];
    for (err, message) in messages {
        assert_eq!(err.to_string(), message);
    }
    // None of those drew: Python raises before drawing.
    assert_eq!(rng, Random::new(42));
    assert_eq!(
        rng.sample_indices(3, 4),
        Err(RandomError::SampleLargerThanPopulation { k: 4, population: 3 })
    );
    assert_eq!(rng.getrandbits(129), Err(RandomError::TooManyBits { k: 129 }));
    assert_eq!(rng.randint(i64::MAX, i64::MAX), Ok(i64::MAX));
    assert_eq!(
        rng.randint(i64::MAX, i64::MIN),
        Err(RandomError::EmptyRange { start: i64::MAX.into(), stop: i64::MIN as i128 + 1 })
    );
}

#[test]
fn failing_draws_advance_the_stream_as_in_python() {
    // Python: r = Random(42); r.expovariate(0) raises after drawing random(),
    // and r.choices([], k=2) after drawing once; then r.random() is the third.
    let mut rng = Random::new(42);
    let err = rng.expovariate(0.0).unwrap_err();
    assert_eq!(err, RandomError::FloatDivisionByZero);
    assert_eq!(err.to_string(), "float division by zero");
    assert_eq!(rng.choices::<u8>(&[], 2), Err(RandomError::EmptySequence));
    assert_eq!(rng.choices::<u8>(&[], 0), Ok(vec![]));
    assert_eq!(rng.random(), 0.27502931836911926);

    // Python: r = Random(42); r.betavariate(1.0, 0.0) draws its first gamma
    // value, then raises for the second; r.random() is the second.
    let mut rng = Random::new(42);
    assert_eq!(rng.betavariate(1.0, 0.0), Err(RandomError::GammaParameters));
    assert_eq!(rng.random(), 0.025010755222666936);
}

#[test]
fn seed_drops_the_cached_gauss_value() {
    let mut rng = Random::new(3);
    rng.gauss(0.0, 1.0); // caches the pair's second value
    rng.seed(3);
    let mut fresh = Random::new(3);
    assert_eq!(rng.gauss(0.0, 1.0).to_bits(), fresh.gauss(0.0, 1.0).to_bits());
    assert_eq!(rng, fresh);
}

#[test]
fn a_clone_continues_the_same_stream() {
    let mut rng = Random::new(42);
    rng.gauss(1.0, 2.0);
    let mut copy = rng.clone();
    for _ in 0..1000 {
        assert_eq!(rng.gauss(1.0, 2.0).to_bits(), copy.gauss(1.0, 2.0).to_bits());
    }
}

#[test]
fn a_generator_moves_between_threads() {
    fn assert_send_sync<T: Send + Sync + 'static>(_: &T) {}
    let rng = Random::new(42);
    assert_send_sync(&rng);
    let first = std::thread::spawn(move || {
        let mut rng = rng;
        rng.random()
    });
    assert_eq!(first.join().unwrap(), 0.6394267984578837);
}
