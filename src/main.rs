//! The `grantplan` command: parse arguments, run, exit with the code.

fn main() {
    std::process::exit(grantplan::run(std::env::args_os()));
}
