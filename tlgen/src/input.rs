//! Loading schemas for the subcommands, with all errors printed the same way.

use std::path::PathBuf;
use std::process::ExitCode;

use tl_parser::ast::Schema;

/// Exit code when the input has errors (clap uses 2 for usage errors).
pub const FAILURE: u8 = 1;

/// Parses and validates `files` as one schema. On failure prints every error to stderr,
/// followed by a count, and returns the exit code to use.
pub fn load_schema(files: &[PathBuf]) -> Result<Schema, ExitCode> {
    tl_parser::parse_paths(files).map_err(|errors| {
        eprintln!("{errors}");
        report_count(errors.len());
        ExitCode::from(FAILURE)
    })
}

/// `error: N errors` on stderr, after the errors themselves, so the last line of a long
/// output still says how bad it is.
pub fn report_count(n: usize) {
    eprintln!("\nerror: {n} error{}", if n == 1 { "" } else { "s" });
}
