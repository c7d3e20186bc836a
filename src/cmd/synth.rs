//! `grantplan synth`: write a synthetic national-scale data set.

use anyhow::{bail, Result};

use crate::cli::SynthArgs;
use crate::input::synth::{generate, SynthSpec};
use crate::{base::output, EXIT_OK};

/// The most races or groups `synth` writes (tables are read up to
/// [`crate::input::limits::MAX_ROWS`] rows).
pub const MAX_SIZE: usize = 1_000_000;

/// Run `synth`.
pub fn run(args: &SynthArgs) -> Result<i32> {
    if args.races < 505 {
        bail!(
            "--races must be at least 505 (435 House, 34 Senate and 36 governor races), found {}",
            args.races
        );
    }
    if args.races > MAX_SIZE || args.groups > MAX_SIZE {
        bail!(
            "--races and --groups must be at most {MAX_SIZE} (a national data set has about 8,000 races and 10,000 groups), found {} and {}",
            args.races,
            args.groups
        );
    }
    let files = generate(SynthSpec { races: args.races, groups: args.groups, seed: args.seed });
    let bytes: Vec<(&str, Vec<u8>)> = files.into_iter().map(|(f, t)| (f, t.into_bytes())).collect();
    output::write_dir_atomic(&args.output, &bytes)?;
    eprintln!(
        "wrote {} races and {} groups to {} (scenario.toml, scenario-periods.toml)",
        args.races,
        args.groups,
        args.output.display()
    );
    Ok(EXIT_OK)
}
