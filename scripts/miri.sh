#!/usr/bin/env bash
# Runs the test suite under Miri, which checks every memory access of the
# interpreted program against Rust's aliasing rules: once under Stacked Borrows
# and once under Tree Borrows. Any Miri error (undefined behaviour, a leak, a
# data race) or failing test fails the script. CONFORMANCE.md ("Miri") lists
# what is covered, the scale knobs and the measured times.
#
# What runs, per model:
#   - `cargo +nightly miri test`: the unit tests, every integration test (one
#     that leaks on purpose with -Zmiri-ignore-leaks, see run_model), and the
#     doc tests (see run_doctests for the `compile_fail` ones). The tests
#     turn their own scale down under `cfg(miri)` (stress cycles, chain depths,
#     model and proptest cases, differential cases; see CONFORMANCE.md). tests/golden.rs ignores its process-spawning
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

model_flags() {
    case "$1" in
        stacked) echo "" ;;
        tree) echo "-Zmiri-tree-borrows" ;;
        *) return 1 ;;
    esac
}
for model in "${models[@]}"; do
    model_flags "$model" >/dev/null || { echo "scripts/miri.sh: unknown model $model (stacked or tree)" >&2; exit 2; }
done

# Is doc test `name` (e.g. "src/gen.rs - r#gen::Gen (line 46)") a
# `compile_fail` one? Its name gives its file and the line of its fence.
is_compile_fail() {
    local name=$1 file line
    file=${name%% - *}
    line=${name##*(line }
    line=${line%)}
    [ -f "$file" ] && sed -n "${line}p" "$file" | grep -q 'compile_fail'
}

# The doc tests, all of them. A `compile_fail` one runs nothing (the native
# `cargo test` checks its error), and Miri's nightly compiler driver prints
# some errors without their code (E0277 on a body that is not `Send`) or with
# another one (E0277 where stable says E0282), which rustdoc counts as a
# failure: those failures are let through, by name; any other failure fails. (They cannot be skipped instead: cargo hands the test arguments to
# rustdoc as one string that rustdoc splits at spaces, and every doc test name
# has spaces.)
run_doctests() {
    local flags=$1 output status=0 name others=0 let_through=0
    output=$(MIRIFLAGS="$flags" cargo +nightly miri test --quiet --doc 2>&1) || status=$?
    while IFS= read -r name; do
        if is_compile_fail "$name"; then
            let_through=$((let_through + 1))
        else
            others=$((others + 1))
        fi
    done < <(printf '%s\n' "$output" | sed -n 's/ --- FAILED$//p')
    if [ "$status" != 0 ] && { [ "$others" -gt 0 ] || [ "$let_through" = 0 ]; }; then
        printf '%s\n' "$output"
        return 1
    fi
    printf '%s\n' "$output" | grep -E '^running|^test result'
    if [ "$let_through" -gt 0 ]; then
        echo "miri: $let_through compile_fail doc tests failed only for the error code Miri's driver leaves out (let through)"
    fi
}

# A test file that leaks on purpose says so by naming `-Zmiri-ignore-leaks`
# (tests/locals_leak.rs); it runs alone with that flag, every other target
# with leak checking.
run_model() {
    local flags=$1 failed=0 file name targets=(--lib) leaky=()
    for file in tests/*.rs; do
        name=$(basename "$file" .rs)
        if grep -q -- '-Zmiri-ignore-leaks' "$file"; then
            leaky+=("$name")
        else
            targets+=(--test "$name")
        fi
    done
    MIRIFLAGS="$flags" cargo +nightly miri test --quiet --no-fail-fast "${targets[@]}" || failed=1
    # gensend-sim has no unsafe code of its own; its self-borrow test drives
    # gensend the way the kernel does (resume, interrupt, delegate, kill).
    MIRIFLAGS="$flags" cargo +nightly miri test --quiet -p gensend-sim --test self_borrows || failed=1
    for name in "${leaky[@]}"; do
        echo "miri: $name leaks on purpose: run with -Zmiri-ignore-leaks"
        MIRIFLAGS="$flags -Zmiri-ignore-leaks" cargo +nightly miri test --quiet --test "$name" || failed=1
    done
    run_doctests "$flags" || failed=1
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

# One model, timed. Miri is single-threaded (it interprets a program's
# threads on one host thread), so on two cores the two models run side by side.
TIMEFORMAT='miri: wall time %0R s'
one_model() {
    local model=$1 flags
    flags=$(model_flags "$model")
    echo "== Miri, $model borrows (MIRIFLAGS=$flags)"
    if time run_model "$flags"; then
        echo "miri: $model borrows: 0 errors"
    else
        echo "miri: $model borrows: FAILED" >&2
        return 1
    fi
}

status=0
if [ ${#models[@]} -gt 1 ] && [ "${MIRI_PARALLEL:-1}" = 1 ] && [ "$(nproc)" -ge 2 ]; then
    logs=target/miri-logs
    mkdir -p "$logs"
    echo "miri: building, then running ${models[*]} side by side (MIRI_PARALLEL=0: one after the other)"
    cargo +nightly miri test --quiet --no-run --lib --tests
    start=$SECONDS
    pids=()
    for model in "${models[@]}"; do
        one_model "$model" >"$logs/$model.log" 2>&1 &
        pids+=($!)
    done
    for i in "${!models[@]}"; do
        wait "${pids[$i]}" || status=1
        cat "$logs/${models[$i]}.log"
    done
    echo "miri: all models: wall time $((SECONDS - start)) s"
else
    for model in "${models[@]}"; do
        one_model "$model" || status=1
    done
fi
exit "$status"
