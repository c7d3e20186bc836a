//! Synthetic national-scale data for benchmarks and tests: 51 states, the
//! US House and Senate, governors, about a hundred state legislative
//! chambers, N races in all and M groups, with a scenario that validates.
//! Deterministic for a seed (a SplitMix64 generator; no hash-map order).

use std::fmt::Write as _;

use crate::base::rng::Rng;

/// The 50 states and DC.
pub const STATES: [&str; 51] = [
    "AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA", "ID", "IL", "IN",
    "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MS", "MT", "NC", "ND", "NE", "NH", "NJ",
    "NM", "NV", "NY", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA",
    "WI", "WV", "WY",
];

const TAGS: [&str; 10] = [
    "youth",
    "black",
    "latino",
    "aapi",
    "native",
    "lgbtq",
    "immigrant",
    "rural",
    "working_class",
    "bipoc",
];

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct SynthSpec {
    /// Races in all (at least the federal ones: 435 House, 34 Senate, 36 governors).
    pub races: usize,
    /// Groups.
    pub groups: usize,
    /// Seed.
    pub seed: u64,
}

/// The generated files: (file name, contents).
pub fn generate(spec: SynthSpec) -> Vec<(&'static str, String)> {
    let mut rng = Rng::new(spec.seed ^ 0x9E37_79B9_7F4A_7C15);
    let mut states = String::from("state,name\n");
    for s in STATES {
        writeln!(states, "{s},Synthetic {s}").unwrap();
    }
    let mut chambers = String::from("chamber,name,seats,needed,d_not_up,control_value\n");
    let mut races = String::from("race,state,office,district,date,margin,turnout,chamber,seats\n");
    // District races by state, for the groups' lists.
    let mut districts: Vec<Vec<(String, u64)>> = vec![Vec::new(); STATES.len()];
    // Turnout of each state's smallest statewide race.
    let mut smallest: Vec<u64> = vec![u64::MAX; STATES.len()];
    let note_statewide = |smallest: &mut Vec<u64>, code: &str, t: u64| {
        let i = STATES.iter().position(|s| *s == code).unwrap_or(0);
        smallest[i] = smallest[i].min(t);
    };
    let margin = |rng: &mut Rng| {
        if rng.unit() < 0.25 {
            6.0 * rng.normal()
        } else {
            let side = if rng.unit() < 0.5 { 1.0 } else { -1.0 };
            side * (25.0 + 10.0 * rng.normal()).abs()
        }
    };
    // DC has no voting seat and no statewide race here: districts and groups
    // go to the 50 states.
    let voting: Vec<usize> = (0..STATES.len()).filter(|&s| STATES[s] != "DC").collect();
    let mut n = 0usize;
    writeln!(chambers, "US-HOUSE,US House,435,218,0,15").unwrap();
    for i in 0..435 {
        let s = voting[i % voting.len()];
        let id = format!("H-{}-{i}", STATES[s]);
        let m = margin(&mut rng);
        let t = 150_000 + rng.below(250_000);
        writeln!(races, "{id},{},house,{id},2026-11-03,{m:.2},{t},US-HOUSE,1", STATES[s]).unwrap();
        districts[s].push((id, t));
        n += 1;
    }
    writeln!(chambers, "US-SEN,US Senate,100,51,34,20").unwrap();
    for (k, s) in STATES.iter().filter(|s| **s != "DC").take(34).enumerate() {
        let m = margin(&mut rng);
        let t = 500_000 + rng.below(5_000_000);
        writeln!(races, "SEN-{s}-{k},{s},senate,,2026-11-03,{m:.2},{t},US-SEN,1").unwrap();
        note_statewide(&mut smallest, s, t);
        n += 1;
    }
    for s in STATES.iter().filter(|s| **s != "DC").skip(14).take(36) {
        let m = margin(&mut rng);
        let t = 500_000 + rng.below(5_000_000);
        writeln!(races, "GOV-{s},{s},governor,,2026-11-03,{m:.2},{t},,").unwrap();
        note_statewide(&mut smallest, s, t);
        n += 1;
    }
    // State legislative chambers until N races: about 100 of them for N = 8,000.
    let per_chamber = ((spec.races.saturating_sub(n)) / 100).clamp(20, 400);
    let mut k = 0;
    while n < spec.races {
        let s = voting[k % voting.len()];
        let id = format!("{}-L{k}", STATES[s]);
        let seats = per_chamber.min(spec.races - n);
        writeln!(chambers, "{id},{} chamber {k},{seats},{},0,3", STATES[s], seats / 2 + 1).unwrap();
        for d in 0..seats {
            let race = format!("{id}-{d}");
            let m = margin(&mut rng);
            let t = 8_000 + rng.below(50_000);
            writeln!(races, "{race},{},state_house,{race},2026-11-03,{m:.2},{t},{id},1", STATES[s])
                .unwrap();
            districts[s].push((race, t));
        }
        n += seats;
        k += 1;
    }
    let mut groups = String::from(
        "# Synthetic data from `grantplan synth`: every group is invented.\n\
         group,name,state,constituencies,races,dollars_per_net_vote,room,peer_committed,annual_budget,power\n",
    );
    for g in 0..spec.groups {
        let s = voting[rng.below(voting.len() as u64) as usize];
        let mut tags: Vec<&str> = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let t = TAGS[rng.below(TAGS.len() as u64) as usize];
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let dpnv = (40.0 * (12.5f64).powf(rng.unit())).round();
        // No group can move a statewide race by more than 5 points (2.5
        // times the default effect ceiling) with all its room.
        let mut room = 5_000 * (10 + rng.below(390));
        if smallest[s] < u64::MAX {
            let most = (0.05 * smallest[s] as f64 * dpnv / 5_000.0).floor() as u64 * 5_000;
            room = room.min(most.max(50_000));
        }
        let mut links: Vec<String> = Vec::new();
        if !districts[s].is_empty() {
            for _ in 0..rng.below(4) {
                let (race, turnout) = &districts[s][rng.below(districts[s].len() as u64) as usize];
                // The share of its contacts in a district is bounded by the
                // district's size: all its room there moves it 5 points at most.
                let most = 0.05 * *turnout as f64 * dpnv / room as f64;
                let share = ((0.1 + 0.9 * rng.unit()).min(most) * 100.0).floor() / 100.0;
                if share >= 0.01 && !links.iter().any(|l| l.starts_with(&format!("{race}:"))) {
                    links.push(format!("{race}:{share:.2}"));
                }
            }
        }
        let peer = if rng.unit() < 0.5 { 0 } else { (room * rng.below(60) / 100) / 5_000 * 5_000 };
        let annual = room * (12 + rng.below(28)) / 10 / 10_000 * 10_000;
        let power = 0.1 + 0.8 * rng.unit();
        writeln!(
            groups,
            "s{g},Synthetic group {g},{},{},{},{dpnv},{room},{peer},{annual},{power:.2}",
            STATES[s],
            tags.join(";"),
            links.join(";")
        )
        .unwrap();
    }
    let base = "\
budget = 50_000_000
start = \"2026-01-01\"
horizon = \"2026-11-03\"
rounding = 5_000

[data]
states = \"states.csv\"
chambers = \"chambers.csv\"
races = \"races.csv\"
groups = \"groups.csv\"

[limits]
max_state_share = 0.10
max_group_share = 0.02
max_dependency = 0.5

[floors]
youth = 0.20
immigrant = 0.10
";
    let scenario = format!(
        "name = \"Synthetic: {} races, {} groups (seed {})\"\n{base}",
        spec.races, spec.groups, spec.seed
    );
    let mut periods = format!(
        "name = \"Synthetic, 8 periods: {} races, {} groups (seed {})\"\n{base}\n[timing]\nmax_period_share = 0.4\n",
        spec.races, spec.groups, spec.seed
    );
    for t in 0..8 {
        let month = 1 + t;
        writeln!(
            periods,
            "\n[[periods]]\nname = \"2026-{month:02}\"\nstart = \"2026-{month:02}-01\"\nrelease = 6_250_000\nmultiplier = {:.2}",
            1.4 - 0.05 * t as f64
        )
        .unwrap();
    }
    vec![
        ("states.csv", states),
        ("chambers.csv", chambers),
        ("races.csv", races),
        ("groups.csv", groups),
        ("scenario.toml", scenario),
        ("scenario-periods.toml", periods),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_files() {
        let spec = SynthSpec { races: 1200, groups: 300, seed: 7 };
        assert_eq!(generate(spec), generate(spec));
        let other = generate(SynthSpec { seed: 8, ..spec });
        assert_ne!(generate(spec)[2], other[2]);
    }

    #[test]
    fn sizes_are_as_asked() {
        let files = generate(SynthSpec { races: 2000, groups: 500, seed: 1 });
        let count = |name: &str| {
            files
                .iter()
                .find(|f| f.0 == name)
                .unwrap()
                .1
                .lines()
                .filter(|l| !l.starts_with('#'))
                .count()
                - 1
        };
        assert_eq!(count("races.csv"), 2000);
        assert_eq!(count("groups.csv"), 500);
        assert_eq!(count("states.csv"), 51);
    }
}
