//! `grantplan synth`: write a synthetic national-scale data set.

use anyhow::{bail, Result};

use crate::cli::SynthArgs;
use crate::input::synth::{generate, SynthSpec};
use crate::{base::output, EXIT_OK};

/// Run `synth`.
pub fn run(args: &SynthArgs) -> Result<i32> {
    if args.races < 505 {
        bail!(
            "--races must be at least 505 (435 House, 34 Senate and 36 governor races), found {}",
            args.races
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
