#!/usr/bin/env bash
# Release readiness: what crates.io and docs.rs will do with the workspace.
#
#   scripts/release-check.sh
#
# 1. `cargo package --workspace`: packages every publishable crate and builds
#    each from its package, with no warning allowed, and checks that each
#    package ships LICENSE-MIT, LICENSE-APACHE and its README.
#    Why --workspace: gensend-sim depends on gensend, which is not on
#    crates.io yet, so `cargo package -p gensend-sim` alone cannot verify it;
#    with --workspace cargo packages gensend first and verifies gensend-sim
#    against that package (a local registry under target/package), which is
#    what crates.io will resolve once gensend is published.
#    --allow-dirty: this is a check, not a publish, so it also runs on a
#    working tree with uncommitted changes (`cargo publish` still refuses).
# 2. `cargo doc --no-deps --all-features --workspace` with
#    RUSTDOCFLAGS=-D warnings, as docs.rs builds it (every feature).
# 3. A build with the toolchain named by `rust-version` (the MSRV), when
#    rustup has it; skipped with a message otherwise.
#
# Every check runs even when an earlier one fails; the script exits non-zero
# if any failed, after naming them.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== cargo package --workspace (no warnings; licences and README shipped)"
if cargo package --workspace --allow-dirty >"$log" 2>&1; then
    cat "$log"
    if grep -q '^warning' "$log"; then
        echo "release-check: cargo package printed warnings (above)"
        failed+=("cargo package: warnings")
    fi
    # "Packaging gensend-sim v0.1.0 (...)" -> gensend-sim-0.1.0
    packages=$(sed -n 's/^ *Packaging \([^ ]*\) v\([^ ]*\) .*/\1-\2/p' "$log")
    for package in $packages; do
        crate=target/package/$package.crate
        contents=$(tar tzf "$crate")
        for file in LICENSE-MIT LICENSE-APACHE README.md; do
            if ! grep -qx "$package/$file" <<<"$contents"; then
                echo "release-check: $crate does not ship $file"
                failed+=("$package: no $file")
            fi
        done
    done
else
    cat "$log"
    failed+=("cargo package")
fi

echo "== cargo doc --no-deps --all-features --workspace (RUSTDOCFLAGS=-D warnings)"
if ! RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features --workspace; then
    failed+=("cargo doc")
fi
echo "== the same with --document-private-items (the internal docs' links stay true)"
if ! RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features --workspace --document-private-items; then
    failed+=("cargo doc --document-private-items")
fi

# rust-version "1.95" means the toolchain 1.95.0; "1.95.2" means 1.95.2.
rust_version=$(sed -n 's/^rust-version *= *"\([0-9.]*\)"/\1/p' Cargo.toml | head -n 1)
if [ -z "$rust_version" ]; then
    echo "release-check: no rust-version in Cargo.toml"
    failed+=("rust-version")
else
    case "$rust_version" in
        *.*.*) exact=$rust_version ;;
        *) exact=$rust_version.0 ;;
    esac
    toolchain=$(rustup toolchain list 2>/dev/null | sed -n "s/^\(${exact//./\\.}-[^ ]*\).*/\1/p" | head -n 1)
    if [ -n "$toolchain" ]; then
        echo "== build with the declared rust-version ($rust_version: $toolchain)"
        if ! cargo "+$toolchain" build --workspace --all-features \
            || ! cargo "+$toolchain" build --lib --no-default-features; then
            failed+=("build with rust-version $rust_version")
        fi
    else
        echo "== build with the declared rust-version: skipped (toolchain $exact not installed;" \
            "rustup toolchain install $exact)"
    fi
fi

if [ ${#failed[@]} -gt 0 ]; then
    echo "release-check: FAILED:"
    printf '  - %s\n' "${failed[@]}"
    exit 1
fi
echo "== release check passed"
