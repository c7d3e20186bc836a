#!/bin/sh
# Build the seed corpora of the fuzz targets from the shipped data:
#   fuzz/seeds/csv_loaders  states, chambers, races, groups joined by 0x1E
#   fuzz/seeds/scenario     every shipped scenario
#   fuzz/seeds/pipeline     scenario and data joined by 0x1E (the tutorial and
#                           small cuts of the shipped data)
# Run from the repository root: sh fuzz/seed.sh
set -eu
sep=$(printf '\036')
out=fuzz/seeds
rm -rf "$out"
mkdir -p "$out/csv_loaders" "$out/scenario" "$out/pipeline"
join() { # join FILE... with the separator
    first=1
    for f in "$@"; do
        [ $first = 1 ] || printf '%s' "$sep"
        first=0
        cat "$f"
    done
}
t=examples/tutorial
join $t/states.csv $t/chambers.csv $t/races.csv $t/groups.csv > "$out/csv_loaders/tutorial"
for y in 2026 2028; do
    join data/states.csv data/$y/chambers.csv data/$y/races.csv data/$y/groups.csv > "$out/csv_loaders/data-$y"
done
for s in scenarios/*.toml $t/tutorial.toml; do
    cp "$s" "$out/scenario/$(basename "$s" .toml)"
done
join $t/tutorial.toml $t/states.csv $t/chambers.csv $t/races.csv $t/groups.csv > "$out/pipeline/tutorial"
# The first rows of the shipped data under each shipped scenario: small
# enough to plan, with real ids, chambers and periods.
tmp=$(mktemp -d)
for y in 2026 2028; do
    head -n 30 data/$y/races.csv > "$tmp/races.csv"
    head -n 20 data/$y/groups.csv > "$tmp/groups.csv"
    for s in scenarios/*.toml; do
        join "$s" data/states.csv data/$y/chambers.csv "$tmp/races.csv" "$tmp/groups.csv" \
            > "$out/pipeline/$(basename "$s" .toml)-data-$y"
    done
done
rm -rf "$tmp"
ls -l "$out"/*
