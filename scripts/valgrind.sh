#!/usr/bin/env bash
# Runs the stress tests (tests/stress.rs) under valgrind's memcheck: no invalid
# access, no uninitialised read, no leak. Any error fails the script.
#
# Usage: scripts/valgrind.sh [SCALE]
#   SCALE multiplies the stress counts (default 0.2: 2,000,000 life cycles,
#   200,000 throw/catch cycles, 200,000 throws through a chain, and the panic
#   injection at every yield in full), which takes a few minutes.
#
# Leaks: "definitely" and "indirectly lost" blocks are errors. "Possibly lost"
# is not: the only such block is libtest's handle of its main thread (48 bytes
# from std::thread::current::init_current), which std never frees.
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-${GENSEND_STRESS_SCALE:-0.2}}"

if ! command -v valgrind >/dev/null; then
    echo "scripts/valgrind.sh: valgrind is not installed (apt-get install valgrind)" >&2
    exit 1
fi

# Build the stress test binary (debug profile) and find its path.
bin="$(cargo test --test stress --no-run 2>&1 | sed -n 's/^ *Executable tests\/stress.rs (\(.*\))$/\1/p' | tail -1)"
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "scripts/valgrind.sh: could not build or find the stress test binary" >&2
    exit 1
fi

echo "valgrind memcheck: $bin with GENSEND_STRESS_SCALE=$scale"
start=$(date +%s)
GENSEND_STRESS_SCALE="$scale" valgrind --tool=memcheck --error-exitcode=1 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
    --quiet "$bin" --test-threads=1
echo "valgrind memcheck: 0 errors, no leaks ($(( $(date +%s) - start )) s)"
