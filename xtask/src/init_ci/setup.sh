#!/usr/bin/env bash
# forklings on Gradescope, run once (as root) when Gradescope builds the autograder's image:
# installs Rust, then builds the grader, xtask and every exercise by grading the stubs, so
# that grading a submission only compiles the student's own code.
# Written by `cargo xtask init-ci gradescope`.
# AUTOGRADER_ROOT replaces /autograder; FORKLINGS_SKIP_RUSTUP=1 uses the Rust already installed.
set -euo pipefail

ROOT="${AUTOGRADER_ROOT:-/autograder}"
SRC="$ROOT/source"

if [ "${FORKLINGS_SKIP_RUSTUP:-0}" != 1 ]; then
  apt-get update
  apt-get install -y --no-install-recommends build-essential ca-certificates curl
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
    sh -s -- -y --profile minimal --default-toolchain stable
fi
if [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
cargo --version

cd "$SRC"
chmod +x run_autograder
# The teacher's hidden variants: readable by root only. The grader reads them as root; the
# programs it grades run as `nobody` and cannot.
if [ -d hidden ]; then
  chown -R 0:0 hidden 2>/dev/null || true
  chmod 700 hidden
  find hidden -type f -exec chmod 600 {} +
fi
# Every stub scores 0; --min-score 0 makes that a success, so only a real failure (the
# grader does not build, cargo cannot fetch a crate) stops the image build.
cargo xtask grade --format json --output /dev/null --min-score 0
echo "setup.sh: forklings is built; submissions are graded by run_autograder."
