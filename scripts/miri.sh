#!/usr/bin/env bash
# Runs the test suite under Miri, which checks every memory access of the
# interpreted program against Rust's aliasing rules: once under Stacked Borrows
# and once under Tree Borrows. Any Miri error (undefined behaviour, a leak, a
# data race) or failing test fails the script. CONFORMANCE.md ("Miri") lists
# what is covered, the scale knobs and the measured times.
#
# What runs, per model:
#   - `cargo +nightly miri test`: the unit tests, every integration test, and
#     the doc tests. The tests turn their own scale down under `cfg(miri)`
#     (stress cycles, chain depths, model and proptest cases, differential
#     cases; see CONFORMANCE.md). tests/golden.rs ignores its process-spawning
#     tests under Miri, with the reason; tests/differential.rs runs its gensend
#     side without the CPython oracle.
#   - each golden example (examples/NN_*.rs) with `cargo +nightly miri run`,
#     its output compared byte for byte with tests/golden/NN_*.out.
#
# Usage: scripts/miri.sh [stacked|tree]...   (default: both models, in order)
# Needs rustup; installs the nightly toolchain's miri component if missing and
# skips, saying so, only if it cannot be had.
set -euo pipefail
cd "$(dirname "$0")/.."

have_miri() { cargo +nightly miri --version >/dev/null 2>&1; }

if ! have_miri && command -v rustup >/dev/null; then
    echo "miri: installing the nightly toolchain's miri component"
    if rustup toolchain list | grep -q '^nightly'; then
        rustup component add --toolchain nightly miri rust-src || true
    else
        rustup toolchain install nightly --profile minimal --component miri,rust-src || true
    fi
fi
if ! have_miri; then
    echo "== Miri: SKIPPED (no nightly toolchain with the miri component, and it could not be installed)"
    exit 0
fi
echo "miri: $(cargo +nightly miri --version)"
cargo +nightly miri setup >/dev/null 2>&1 || cargo +nightly miri setup

# Miri's build goes to target/miri (cargo-miri's default), apart from the
# native builds.
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(stacked tree)

# One model: the test suite, then the golden examples.
# (Called in an `if`, so `set -e` does not apply inside: every failure is
# counted by hand.)
run_model() {
    local flags=$1 failed=0
    MIRIFLAGS="$flags" cargo +nightly miri test --quiet || failed=1
    for golden in tests/golden/*.out; do
        local name
        name=$(basename "$golden" .out)
        if ! MIRIFLAGS="$flags" cargo +nightly miri run --quiet --example "$name" | cmp -s - "$golden"; then
            echo "miri: example $name: output differs from $golden (or Miri reported an error above)" >&2
            failed=1
        fi
    done
    echo "miri: golden examples done"
    return "$failed"
}

status=0
TIMEFORMAT='miri: wall time %0R s'
for model in "${models[@]}"; do
    case "$model" in
        stacked) flags="" ;;
        tree) flags="-Zmiri-tree-borrows" ;;
        *) echo "scripts/miri.sh: unknown model $model (stacked or tree)" >&2; exit 2 ;;
    esac
    echo "== Miri, $model borrows (MIRIFLAGS=$flags)"
    if time run_model "$flags"; then
        echo "miri: $model borrows: 0 errors"
    else
        echo "miri: $model borrows: FAILED" >&2
        status=1
    fi
done
exit "$status"
