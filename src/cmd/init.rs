//! `grantplan init DIR`: write a starter scenario, the shipped data and a
//! small groups file to replace, then say what to do next.

use anyhow::{bail, Result};

use crate::base::output;
use crate::cli::InitArgs;
use crate::input::starter::{next_steps, starter, Cycle};
use crate::EXIT_OK;

/// Run `init`.
pub fn run(args: &InitArgs) -> Result<i32> {
    let dir = &args.dir;
    if dir.exists() && std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_some()) {
        bail!(
            "{} already exists and is not empty: give a new folder, so nothing of yours is overwritten",
            dir.display()
        );
    }
    let cycle = match args.cycle.as_str() {
        "2026" => Cycle::Y2026,
        "2028" => Cycle::Y2028,
        other => bail!("--cycle: the shipped data covers 2026 and 2028, found `{other}`"),
    };
    let st = starter(cycle);
    let files: Vec<(&str, Vec<u8>)> =
        st.files.iter().map(|(f, t)| (*f, t.clone().into_bytes())).collect();
    output::write_dir_atomic(dir, &files)?;
    let shown = dir.display().to_string();
    print!("{}", next_steps(shown.trim_end_matches('/'), &st, cycle));
    Ok(EXIT_OK)
}
