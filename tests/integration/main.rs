//! Integration tests: one binary (as ripgrep and just do), with a small
//! fluent helper that writes scenarios into a temp dir and runs the CLI.

mod explain;
mod malformed;
mod properties;
mod report;
mod shipped;
mod util;
mod worked_example;
