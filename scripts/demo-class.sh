#!/usr/bin/env bash
# Makes a demo class for `cargo xtask grade-class`: N student repos (clones of the student
# template) whose exercises are, in turn, solved, untouched stubs or one of the mutants.
#   scripts/demo-class.sh 30 /tmp/class            # then: cargo xtask grade-class /tmp/class
#   scripts/demo-class.sh 30 /tmp/class --distinct  # every source file made unique (no dedup)
set -euo pipefail
n=${1:?usage: demo-class.sh N DIR [--distinct]}
dir=${2:?usage: demo-class.sh N DIR [--distinct]}
distinct=${3:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
[ -e "$dir" ] && { echo "$dir exists: choose a new folder" >&2; exit 1; }
mkdir -p "$dir"
template=$(mktemp -d)
rmdir "$template"
(cd "$repo" && cargo xtask export-student "$template" --no-git --ci none >/dev/null)
# The mutants are patches of their solutions: write each one's whole program, as submitted.
sources=$(mktemp -d)
(cd "$repo" && cargo run -q -p mutants -- write-sources "$sources")
exercises=$(cd "$repo/exercises" && ls -d [0-9][0-9]_*/ | tr -d /)
for i in $(seq -w 1 "$n"); do
    s="$dir/student$i"
    cp -r "$template" "$s"
    k=0
    for e in $exercises; do
        k=$((k + 1))
        id=${e%%_*}
        mutants=("$sources"/m${id}_*.rs)
        choice=$(( (10#$i * 7 + k * 3) % 5 ))
        case $choice in
            0|1|2) cp "$repo/solutions/$e/src/main.rs" "$s/exercises/$e/src/main.rs" ;;
            3) ;; # the stub, untouched
            4) cp "${mutants[$(( 10#$i % ${#mutants[@]} ))]}" "$s/exercises/$e/src/main.rs" ;;
        esac
        if [ "$distinct" = --distinct ]; then
            echo "// student $i" >> "$s/exercises/$e/src/main.rs"
        fi
    done
done
rm -rf "$template" "$sources"
echo "made $n students in $dir"
