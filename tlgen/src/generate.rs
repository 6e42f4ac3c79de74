//! `tlgen generate --schema FILE... [--errors E --methods M] [--method NAME...] [--server] --out PATH [--check]`

use std::path::PathBuf;
use std::process::ExitCode;

use similar::{ChangeTag, TextDiff};

use crate::input::FAILURE;

/// Arguments of `tlgen generate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// TL schema files, read in order as one schema.
    #[arg(long = "schema", required = true, value_name = "FILE")]
    schemas: Vec<PathBuf>,
    /// The errors table (`errors.tsv`): per-method error enums and docs.
    #[arg(long, value_name = "ERRORS.tsv", requires = "methods")]
    errors: Option<PathBuf>,
    /// The methods table (`methods.tsv`): bot usability and each method's errors.
    #[arg(long, value_name = "METHODS.tsv", requires = "errors")]
    methods: Option<PathBuf>,
    /// Generate only these methods and the types they reach (repeatable).
    #[arg(long = "method", short = 'm', value_name = "NAME")]
    method: Vec<String>,
    /// Path of the runtime crate in generated code.
    #[arg(long, default_value = "::tl_runtime", value_name = "PATH")]
    runtime_path: String,
    /// Derive serde's Serialize/Deserialize on every type.
    #[arg(long)]
    serde: bool,
    /// Also generate `server`: a Handler trait with a method per RPC, and dispatch.
    #[arg(long)]
    server: bool,
    /// The file to write (or, with --check, to compare against).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// Write nothing; exit 1 with a short diff summary when PATH is not what would be generated.
    #[arg(long)]
    check: bool,
}

/// Generates, then writes (only if changed) or checks.
pub fn run(args: &Args) -> ExitCode {
    let mut config = tl_codegen::Config::new();
    for s in &args.schemas {
        config.schema(s);
    }
    if let (Some(e), Some(m)) = (&args.errors, &args.methods) {
        config.errors(e, m);
    }
    config
        .methods(args.method.iter().cloned())
        .runtime_path(args.runtime_path.clone())
        .serde(args.serde)
        .server(args.server);
    let text = match config.generate() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            crate::input::report_count(e.0.len());
            return ExitCode::from(FAILURE);
        }
    };
    let lines = text.lines().count();

    if args.check {
        let old = std::fs::read_to_string(&args.out).unwrap_or_default();
        if old == text {
            println!("{} is up to date ({lines} lines)", args.out.display());
            return ExitCode::SUCCESS;
        }
        eprintln!("{} is stale:", args.out.display());
        eprint!("{}", diff_summary(&old, &text));
        eprintln!("regenerate with the same command without --check");
        return ExitCode::from(FAILURE);
    }

    match tl_codegen::write_if_changed(&args.out, &text) {
        Ok(true) => {
            println!(
                "wrote {} ({lines} lines, {} bytes)",
                args.out.display(),
                text.len()
            );
            ExitCode::SUCCESS
        }
        Ok(false) => {
            println!("{} unchanged ({lines} lines)", args.out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(FAILURE)
        }
    }
}

/// Counts of removed and added lines, and the first few changed lines with their numbers.
fn diff_summary(old: &str, new: &str) -> String {
    const SHOWN: usize = 10;
    let diff = TextDiff::from_lines(old, new);
    let (mut removed, mut added) = (0, 0);
    let mut shown = Vec::new();
    for change in diff.iter_all_changes() {
        let (sign, line) = match change.tag() {
            ChangeTag::Equal => continue,
            ChangeTag::Delete => {
                removed += 1;
                ('-', change.old_index())
            }
            ChangeTag::Insert => {
                added += 1;
                ('+', change.new_index())
            }
        };
        if shown.len() < SHOWN {
            let n = line.map_or(0, |i| i + 1);
            shown.push(format!("  {sign}{n:>6}: {}", change.value().trim_end()));
        }
    }
    let mut s = format!("  {removed} lines removed, {added} lines added\n");
    for l in shown {
        s.push_str(&l);
        s.push('\n');
    }
    if removed + added > SHOWN {
        s.push_str("  ...\n");
    }
    s
}
