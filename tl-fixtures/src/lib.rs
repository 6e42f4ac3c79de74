//! Test-only helper: finds the full layer-230 schema (`api.tl`, `mtproto.tl`) shipped inside the
//! `grammers-tl-types` package, without copying it into this repository.
//!
//! The package must be in the workspace's dependency graph (any member's dev-dependency is enough):
//! `cargo metadata` then reports its `manifest_path`, and its `tl/` folder sits beside it.

pub mod alloc;

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// The `tl/` folder of the `grammers-tl-types` package (cached after the first call).
///
/// # Panics
/// When `cargo metadata` cannot run or the package is not in the dependency graph: both are
/// set-up faults of the test environment, not conditions a test should recover from.
pub fn grammers_tl_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(locate).clone()
}

/// Full path of `api.tl` (layer 230).
pub fn api_tl() -> PathBuf {
    grammers_tl_dir().join("api.tl")
}

/// Full path of `mtproto.tl`.
pub fn mtproto_tl() -> PathBuf {
    grammers_tl_dir().join("mtproto.tl")
}

fn locate() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml");
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--manifest-path",
            manifest,
        ])
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata JSON");
    let packages = meta["packages"].as_array().expect("packages array");
    let pkg = packages
        .iter()
        .find(|p| p["name"] == "grammers-tl-types" && p["version"] == "0.11.0")
        .expect("grammers-tl-types 0.11.0 is not in the dependency graph");
    let manifest_path = PathBuf::from(pkg["manifest_path"].as_str().expect("manifest_path"));
    manifest_path.parent().expect("package folder").join("tl")
}
