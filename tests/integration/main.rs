//! Integration tests: one binary (as ripgrep and just do), with a small
//! fluent helper that writes scenarios into a temp dir and runs the CLI.

mod compare;
mod donor_properties;
mod explain;
mod frontier;
mod funder_properties;
mod funders;
mod layout;
mod malformed;
mod periods;
mod pivotality;
mod properties;
mod report;
mod robust;
mod shipped;
mod util;
mod worked_example;
