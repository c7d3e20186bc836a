//! `grantplan validate`: check a scenario and its data, report every problem.

use anyhow::Result;

use crate::cli::ValidateArgs;
use crate::plan::feasibility::cheap_checks;
use crate::{EXIT_INPUT, EXIT_OK};

/// Run `validate`. Exit 0 when clean (warnings allowed), 2 otherwise.
pub fn run(args: &ValidateArgs) -> Result<i32> {
    let mut inputs = crate::load(&args.scenario, None)?;
    let mut problems = inputs.warnings.clone();
    super::anchor(&mut inputs, &mut problems);
    let (d, sc) = (&inputs.data, &inputs.scenario);
    // A well-formed scenario may still be impossible to plan: say so here too.
    for c in cheap_checks(d, sc) {
        problems.error(&sc.path, c.pos.unwrap_or_default(), c.message).hint(c.fix);
    }
    eprint!("{}", problems.render());
    let errors = problems.error_count();
    let warnings = problems.warning_count();
    println!(
        "{}: {} — {} states, {} chambers, {} races, {} groups; {errors} error{}, {warnings} warning{}",
        args.scenario.display(),
        if errors == 0 { "OK" } else { "cannot be planned" },
        d.states.len(),
        d.chambers.len(),
        d.races.len(),
        d.groups.len(),
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    Ok(if errors == 0 { EXIT_OK } else { EXIT_INPUT })
}
