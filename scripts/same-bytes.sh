#!/usr/bin/env bash
# Byte-identity check: run every command, in every output format, over every
# shipped scenario and example with two grantplan binaries, and compare what
# they write (standard output, standard error, exit code and every file).
#
#   scripts/same-bytes.sh OLD_BINARY NEW_BINARY
#
# Used for changes that must not change behaviour (the stage layout, speed
# work): build the old commit's binary, then the new one, and run this from
# the repository root. Exits 0 when everything matches, 1 with a diff if not.
set -euo pipefail
old=$(realpath "$1")
new=$(realpath "$2")
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The commands, one per line, run from the repository root. {out} is a folder
# for files the command writes. Small synthetic data keeps the run quick.
commands() {
  local scenarios=(scenarios/*.toml examples/tutorial/tutorial.toml "$work/synth/scenario.toml" "$work/synth/scenario-periods.toml")
  for s in "${scenarios[@]}"; do
    echo "validate $s"
    for f in table json; do
      echo "score $s --format $f --top 0"
      echo "plan $s --format $f --top 0"
    done
    echo "score $s --format table"
    echo "plan $s"
    for t in races groups chambers states; do echo "score $s --format csv --table $t"; done
    for t in races groups chambers states constituencies constraints periods schedule state-schedule; do
      echo "plan $s --format csv --table $t"
    done
    echo "plan $s --format csv"
    echo "plan $s --format xlsx -o {out}/plan.xlsx"
    echo "score $s --format xlsx -o {out}/score.xlsx"
    echo "plan $s --budget 2.5M --out {out}/dir"
    echo "plan $s --solver microlp --format json"
    echo "plan $s --solver clarabel --format json"
    echo "report $s -o {out}/report.html"
    echo "frontier $s --steps 6"
    echo "frontier $s --steps 6 --format json"
    echo "frontier $s --steps 6 --format csv"
    echo "robust $s --draws 12 --seed 7"
    echo "robust $s --draws 12 --seed 7 --format json"
    echo "robust $s --draws 12 --seed 7 --format csv"
    echo "compare $s scenarios/midterms-2026.toml"
    echo "compare $s scenarios/midterms-2026.toml --format json"
  done
  for f in table csv json; do
    echo "compare scenarios/midterms-2026.toml --portfolio examples/portfolio.csv --format $f"
  done
  echo "plan examples/portfolio.csv"
  echo "validate scenarios/missing.toml"
  echo "plan scenarios/midterms-2026.toml --budget -5M"
  echo "--help"
  for c in validate score plan compare frontier robust synth report; do echo "$c --help"; done
}

run_all() { # binary, folder
  local bin=$1 dest=$2 i=0
  mkdir -p "$dest"
  "$bin" synth --races 600 --groups 400 --seed 3 -o "$work/synth" >/dev/null 2>&1
  while IFS= read -r line; do
    i=$((i + 1))
    local out="$dest/$i.files"
    mkdir -p "$out"
    local cmd=${line//\{out\}/$out}
    # shellcheck disable=SC2086
    (cd "$root" && GRANTPLAN_THREADS=2 "$bin" $cmd >"$dest/$i.stdout" 2>"$dest/$i.stderr"; echo $? >"$dest/$i.code") || true
    # Paths of this run's folder differ between the two runs: normalize.
    sed -i "s#$out#{out}#g; s#$work#{work}#g" "$dest/$i.stdout" "$dest/$i.stderr"
    echo "$line" >"$dest/$i.cmd"
  done < <(commands)
  echo "$i commands" >&2
}

run_all "$old" "$work/old"
run_all "$new" "$work/new"
if diff -r "$work/old" "$work/new" >"$work/diff"; then
  codes=$(cat "$work"/new/*.code | sort | uniq -c | awk '{printf "%s%s exited %s", sep, $1, $2; sep=", "}')
  echo "same bytes: $(ls "$work/old" | grep -c '\.cmd$') commands ($codes), every output identical"
else
  head -c 20000 "$work/diff"
  echo
  echo "DIFFERENT: see above"
  exit 1
fi
