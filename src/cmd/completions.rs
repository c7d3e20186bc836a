//! `grantplan completions SHELL` and `grantplan man [COMMAND]`: shell
//! completions and manual pages, generated from the clap definitions so
//! they list exactly the commands and options the program takes.

use anyhow::{bail, Context, Result};
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::EXIT_OK;

/// Print the completion script for a shell.
pub fn completions(args: &CompletionsArgs) -> Result<i32> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "grantplan", &mut out);
    crate::base::output::emit_bytes(None, &out, false)?;
    Ok(EXIT_OK)
}

/// Print the manual page of grantplan, or of one of its commands.
pub fn man(args: &ManArgs) -> Result<i32> {
    let mut cmd = Cli::command();
    cmd.build();
    let page = match &args.command {
        None => cmd,
        Some(name) => {
            let names: Vec<String> =
                cmd.get_subcommands().map(|c| c.get_name().to_owned()).collect();
            let Some(sub) = cmd.find_subcommand(name) else {
                bail!("no command `{name}`: the commands are {}", names.join(", "));
            };
            sub.clone() // named grantplan-{name} by build()
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page).render(&mut out).context("cannot render the manual page")?;
    crate::base::output::emit_bytes(None, &out, false)?;
    Ok(EXIT_OK)
}
