//! Cross-check against Telethon 1.45 (Python, layer 229): every constructor and method whose id
//! is the same in layer 229 and our layer 230 is filled with values from several seeds, written
//! as JSON with our bytes, and `tests/telethon/crosscheck.py` builds the same values as
//! Telethon objects and compares `bytes(obj)` with ours.
//!
//! Needs the virtualenv made by `scripts/setup-telethon.sh`; without it the test fails (it
//! does not skip), naming the script.

mod support {
    pub mod json;
}

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::json::{Json, Params};
use tl_runtime::fill::Filler;
use tl_tests::full;

/// The generated `ToJson` impls and `TELETHON_CASES` (name, id, case maker).
mod cases {
    use super::support::json::{Json, MakeCase, ToJson, case};
    use tl_tests::full;

    include!(concat!(env!("OUT_DIR"), "/telethon_json.rs"));
}

const SEEDS: u64 = 8;
/// Fresh seeds tried per case when a value reaches a constructor layer 229 lacks.
const ATTEMPTS: u64 = 16;

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the repository")
}

fn python() -> PathBuf {
    let py = repo_root().join(".venv/bin/python");
    assert!(
        py.exists(),
        "{} not found: the Telethon cross-check needs its virtualenv. Run \
         `bash scripts/setup-telethon.sh` at the repository root (creates .venv with \
         telethon==1.45.0), then run the tests again.",
        py.display()
    );
    py
}

fn run(py: &Path, args: &[&std::ffi::OsStr]) -> (bool, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("telethon/crosscheck.py");
    let out = Command::new(py)
        .arg(&script)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {} {}: {e}", py.display(), script.display()));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.stderr.is_empty() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    }
    (out.status.success(), stdout)
}

fn name_of(id: u32) -> &'static str {
    full::name_for_id(id).unwrap_or("(unknown id)")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[test]
fn telethon_encodes_shared_definitions_like_us() {
    let py = python();

    // Telethon's layer, ids and each class's parameters.
    let (ok, listing) = run(&py, &["--ids".as_ref()]);
    assert!(ok, "crosscheck.py --ids failed:\n{listing}");
    let mut lines = listing.lines();
    let layer: u32 = lines.next().and_then(|l| l.parse().ok()).expect("layer");
    let params: Params = lines
        .map(|l| {
            let mut words = l.split_whitespace();
            let id = words.next().and_then(|w| w.parse().ok()).expect("an id");
            (id, words.map(str::to_string).collect())
        })
        .collect();
    assert_eq!(layer, 229, "expected Telethon 1.45 (layer 229)");

    let mut out = String::new();
    let mut written = 0u64;
    let mut shared = 0usize;
    let mut not_in_telethon = Vec::new();
    // Cases where every attempt reached something Telethon cannot build: (name, case) → what.
    let mut unreachable: BTreeMap<(&str, u64), Vec<String>> = BTreeMap::new();
    // `true` flags of shared ids that Telethon lacks, met with the flag clear (so compared).
    let mut dropped_false: BTreeSet<String> = BTreeSet::new();
    for (i, (name, id, make)) in cases::TELETHON_CASES.iter().enumerate() {
        if !params.contains_key(id) {
            not_in_telethon.push(*name);
            continue;
        }
        shared += 1;
        for s in 0..SEEDS {
            let mut lacking = Vec::new();
            for a in 0..ATTEMPTS {
                let seed = (i as u64 * SEEDS + s) * ATTEMPTS + a;
                let mut g = Filler::for_case(seed, s);
                let mut j = Json::new(&params);
                let bytes = make(&mut g, &mut j);
                lacking = j
                    .ids
                    .iter()
                    .filter(|id| !params.contains_key(id))
                    .map(|id| format!("constructor {}", name_of(*id)))
                    .chain(
                        j.lacking_fields
                            .iter()
                            .map(|(id, field)| format!("field {}.{field}", name_of(*id))),
                    )
                    .collect();
                dropped_false.extend(
                    j.dropped_fields
                        .iter()
                        .map(|(id, field)| format!("{}.{field}", name_of(*id))),
                );
                if lacking.is_empty() {
                    out.push_str("{\"name\":");
                    support::json::string(&mut out, name);
                    let _ = writeln!(
                        out,
                        ",\"seed\":{seed},\"value\":{},\"hex\":\"{}\"}}",
                        j.text,
                        hex(&bytes)
                    );
                    written += 1;
                    break;
                }
            }
            if !lacking.is_empty() {
                lacking.sort_unstable();
                lacking.dedup();
                unreachable.insert((name, s), lacking);
            }
        }
    }
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("telethon-cases.jsonl");
    std::fs::write(&path, &out).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));

    let (ok, report) = run(&py, &[path.as_os_str()]);
    println!(
        "Telethon (layer {layer}): {shared} of {} definitions share their id with layer 230; \
         {shared} × {SEEDS} seeds = {} cases, {written} written to {}",
        cases::TELETHON_CASES.len(),
        shared as u64 * SEEDS,
        path.display()
    );
    println!(
        "skipped {} definitions whose id is not in Telethon's tlobjects (new or changed in \
         layer 230, or not generated by Telethon): {}",
        not_in_telethon.len(),
        not_in_telethon.join(", ")
    );
    println!(
        "`true` flags layer 230 added under an unchanged id (ids leave `true` flags out), \
         compared when clear: {}",
        dropped_false.iter().cloned().collect::<Vec<_>>().join(", ")
    );
    println!(
        "skipped {} cases: all {ATTEMPTS} seeds reached a constructor or a set `true` flag \
         layer 229 lacks",
        unreachable.len()
    );
    for ((name, s), lacking) in &unreachable {
        println!("  {name} case {s}: {}", lacking.join(", "));
    }
    println!("{report}");

    let checked: Option<u64> = report
        .lines()
        .find_map(|l| l.strip_prefix("RESULT checked="))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok());
    assert!(ok, "Telethon's bytes differ from ours:\n{report}");
    assert_eq!(
        checked,
        Some(written),
        "crosscheck.py did not compare every case written"
    );
    // Layer 229 and 230 share most definitions; a small count means the id filter or the
    // table broke, not that the layers drifted apart.
    assert!(shared > 2_000, "only {shared} shared definitions");
    assert!(
        unreachable.len() as u64 * 100 < written,
        "{} of {written} cases could not avoid layer-230-only constructors",
        unreachable.len()
    );
}
