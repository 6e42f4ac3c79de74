//! `tlgen lint FILE... [--errors ERRORS.tsv --methods METHODS.tsv]`

use std::path::PathBuf;
use std::process::ExitCode;

use tl_parser::closure::Counts;
use tl_parser::errors_table::{LoadError, read_errors_table};

use crate::input::{FAILURE, report_count};

/// Arguments of `tlgen lint`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// TL files, parsed together as one schema (the layer comes from the first that has one).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The errors table (`errors.tsv`) to check along with the schema.
    #[arg(long, value_name = "ERRORS.tsv", requires = "methods")]
    errors: Option<PathBuf>,
    /// The methods table (`methods.tsv`) to check along with the schema.
    #[arg(long, value_name = "METHODS.tsv", requires = "errors")]
    methods: Option<PathBuf>,
}

/// On success prints `layer N: C constructors, F functions` (and a line for the table);
/// otherwise prints every error of the schema and of the table on stderr and returns 1.
pub fn run(args: &Args) -> ExitCode {
    // The schema and the table are read independently so that one run reports the problems
    // of both; the cross-check needs both to be readable.
    let schema = tl_parser::parse_paths(&args.files);
    let table = match (&args.errors, &args.methods) {
        (Some(errors), Some(methods)) => Some(read_errors_table(errors, methods)),
        _ => None,
    };

    let mut failures: Vec<String> = Vec::new();
    let mut count = 0;
    let schema = match schema {
        Ok(schema) => Some(schema),
        Err(errors) => {
            count += errors.len();
            failures.push(errors.to_string());
            None
        }
    };
    let table = match table {
        None => None,
        Some(Ok(table)) => Some(table),
        Some(Err(LoadError::Table(errors))) => {
            count += errors.0.len();
            failures.push(errors.to_string());
            None
        }
        Some(Err(io)) => {
            count += 1;
            failures.push(format!("{io}"));
            None
        }
    };
    let cross_check = match (&schema, &table) {
        (Some(schema), Some(table)) => table.check_against(schema),
        _ => Ok(()),
    };
    if let Err(errors) = cross_check {
        count += errors.0.len();
        failures.push(errors.to_string());
    }
    if !failures.is_empty() {
        eprintln!("{}", failures.join("\n\n"));
        report_count(count);
        return ExitCode::from(FAILURE);
    }

    // Both parsed (or no table was asked for): print the summary.
    let schema = schema.expect("no failures means the schema parsed");
    let counts = Counts::of(&schema);
    let layer = match schema.layer {
        Some(n) => format!("layer {n}"),
        None => "no layer".to_string(),
    };
    println!(
        "{layer}: {}, {}",
        plural(counts.constructors, "constructor"),
        plural(counts.functions, "function")
    );
    if let Some(table) = table {
        println!(
            "errors table: {}, {}",
            plural(table.errors.len(), "error"),
            plural(table.methods.len(), "method")
        );
    }
    ExitCode::SUCCESS
}

/// `1 function`, `850 functions`.
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
