//! Port of SimPy's `tests/test_version.py`: the crate names the SimPy version
//! whose semantics it follows.

#[test]
fn test_simpy_version() {
    assert!(gensend_sim::SIMPY_VERSION.starts_with("4."));
}
