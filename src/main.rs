//! The `orgraf` binary: parse arguments, hand over to the library.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() -> std::process::ExitCode {
    orgraf::commands::run(orgraf::cli::Cli::parse())
}
