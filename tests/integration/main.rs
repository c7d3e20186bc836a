//! Integration tests: one binary (as ripgrep and just do), with a small
//! fluent helper that writes scenarios into a temp dir and runs the CLI.

mod anchor;
mod ceilings;
mod cli;
mod compare;
mod consistency;
mod docs;
mod donor_properties;
mod explain;
mod fat_tails;
mod frontier;
mod funder_properties;
mod funders;
mod hardening;
mod init;
mod layout;
mod malformed;
mod periods;
mod pivotality;
mod properties;
mod report;
mod robust;
mod scope;
mod shipped;
mod smoke_fuzz;
mod spreadsheet;
mod util;
mod worked_example;
