//! `grantplan compare`.
use anyhow::{bail, Result};
/// Run `compare`.
pub fn run(_args: &crate::cli::CompareArgs) -> Result<i32> {
    bail!("not yet")
}
