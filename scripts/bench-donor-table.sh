#!/usr/bin/env bash
# Benchmark: a donor table of 20 funders over the national synthetic data
# (`grantplan synth`: 8,000 races, 10,000 groups), planned with the value of
# coordinating (20 more plans, one per funder alone) and the explanations.
#
#   scripts/bench-donor-table.sh [BINARY] [DIR] [RUNS]
#
# Writes the data and two scenarios into DIR (default target/bench/donor-table):
# donor-table.toml (20 funders: a pooled fund, 12 state tables, 4 constituency
# funds with a per-group cap, 2 c3 foundations, a rural fund in 4 states) and
# donor-table-nocaps.toml (the same without the constituency funds' per-group
# caps). Prints the wall time of each run of `plan` on each.
set -euo pipefail
BIN=${1:-target/release/grantplan}
DIR=${2:-target/bench/donor-table}
RUNS=${3:-3}
mkdir -p "$DIR"
"$BIN" synth --races 8000 --groups 10000 --seed 1 -o "$DIR" > "$DIR/synth.txt"
# c3_room: 0 to 45% of each group's room after peer money, by a fixed pattern.
awk -F, 'BEGIN { OFS = "," }
  /^#/ { print; next }
  !h { h = 1; for (i = 1; i <= NF; i++) col[$i] = i; print $0, "c3_room"; next }
  { left = $col["room"] - $col["peer_committed"]; if (left < 0) left = 0
    share = ((n++ * 37) % 10) / 20
    print $0, int(left * share / 1000) * 1000 }' "$DIR/groups.csv" > "$DIR/groups-c3.csv"
{
  sed -e '/^budget = /d' -e 's#groups = "groups.csv"#groups = "groups-c3.csv"#' "$DIR/scenario.toml"
  printf '\n[[funders]]\nid = "pooled"\nname = "Pooled national fund"\nbudget = 14_000_000\n'
  for s in PA MI WI AZ GA NC NV TX FL OH NH MN; do
    printf '\n[[funders]]\nid = "%s-table"\nname = "%s donor table"\nbudget = 1_500_000\nstates = ["%s"]\n' \
      "$(echo "$s" | tr 'A-Z' 'a-z')" "$s" "$s"
  done
  for t in youth immigrant black latino; do
    printf '\n[[funders]]\nid = "%s-fund"\nname = "%s fund"\nbudget = 2_000_000\nconstituencies = ["%s"]\nmax_group_share = 0.1\n' "$t" "$t" "$t"
  done
  printf '\n[[funders]]\nid = "c3-foundation"\nname = "Civic foundation"\nbudget = 4_000_000\ntax = "c3"\n'
  printf '\n[[funders]]\nid = "c3-youth"\nname = "Youth civic fund"\nbudget = 2_000_000\ntax = "c3"\nconstituencies = ["youth"]\n'
  printf '\n[[funders]]\nid = "rural-fund"\nname = "Rural fund"\nbudget = 2_000_000\nconstituencies = ["rural"]\nstates = ["PA", "MI", "WI", "OH"]\n'
} > "$DIR/donor-table.toml"
grep -v '^max_group_share = 0.1$' "$DIR/donor-table.toml" > "$DIR/donor-table-nocaps.toml"
for sc in donor-table donor-table-nocaps; do
  for run in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    "$BIN" plan "$DIR/$sc.toml" --format json -o "$DIR/$sc.json"
    end=$(date +%s.%N)
    echo "$sc run $run: $(echo "$end - $start" | bc) s"
  done
done
