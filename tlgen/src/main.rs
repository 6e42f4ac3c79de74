//! `tlgen`: the command-line front end.
//!
//! `main` only parses the command line and dispatches; each subcommand lives in its own module
//! with its own clap `Args` struct and a `run` function returning the process exit code. A new
//! subcommand (`generate`) is one more module, one more [`Command`] variant and one more match
//! arm.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod generate;
mod input;
mod lint;
mod subset;

/// Lint TL schemas, cut method closures, generate Rust bindings.
#[derive(Parser, Debug)]
#[command(name = "tlgen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Parse and validate TL files (and optionally the errors table); print the layer and counts.
    Lint(lint::Args),
    /// Print the sub-schema holding the given methods and every type they reach (`--keep`
    /// prunes a type to some of its constructors).
    Subset(subset::Args),
    /// Generate Rust bindings into a file (or check that the file is current).
    Generate(generate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Lint(args) => lint::run(&args),
        Command::Subset(args) => subset::run(&args),
        Command::Generate(args) => generate::run(&args),
    }
}
