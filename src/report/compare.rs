//! What `compare` prints.

/// The tables `compare --format csv` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareTable {
    /// One row per portfolio or scenario (default).
    Summary,
}
