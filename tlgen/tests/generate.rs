//! `tlgen generate`: writes formatted bindings, rewrites nothing when current, and `--check`
//! fails with a diff summary on a stale file without touching it.

use std::path::{Path, PathBuf};
use std::process::Command;

const TLGEN: &str = env!("CARGO_BIN_EXE_tlgen");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn generate_args(out: &Path) -> Vec<String> {
    let r = root();
    let s = |p: &str| r.join(p).display().to_string();
    vec![
        "generate".into(),
        "--schema".into(),
        s("schema/api.tl"),
        "--schema".into(),
        s("schema/mtproto.tl"),
        "--errors".into(),
        s("schema/errors.tsv"),
        "--methods".into(),
        s("schema/methods.tsv"),
        "--out".into(),
        out.display().to_string(),
    ]
}

fn temp_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tlgen-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn check_accepts_the_golden_file() {
    let mut args = generate_args(&root().join("tests/golden/schema.rs"));
    args.push("--check".into());
    let out = Command::new(TLGEN).args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("up to date"));
}

#[test]
fn check_rejects_a_stale_file_and_writes_nothing() {
    let path = temp_file("stale.rs");
    let golden = std::fs::read_to_string(root().join("tests/golden/schema.rs")).unwrap();
    let stale = golden.replacen("pub struct RequestCall", "pub struct RequestCallOld", 1);
    std::fs::write(&path, &stale).unwrap();
    let mut args = generate_args(&path);
    args.push("--check".into());
    let out = Command::new(TLGEN).args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is stale"), "{err}");
    assert!(err.contains("1 lines removed, 1 lines added"), "{err}");
    assert!(err.contains("RequestCallOld"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), stale);
}

#[test]
fn generate_writes_then_leaves_an_unchanged_file_alone() {
    let path = temp_file("fresh.rs");
    let _ = std::fs::remove_file(&path);
    let args = generate_args(&path);
    let first = Command::new(TLGEN).args(&args).output().unwrap();
    assert!(first.status.success());
    assert!(String::from_utf8_lossy(&first.stdout).starts_with("wrote "));
    let golden = std::fs::read_to_string(root().join("tests/golden/schema.rs")).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), golden);
    let second = Command::new(TLGEN).args(&args).output().unwrap();
    assert!(String::from_utf8_lossy(&second.stdout).contains("unchanged"));
}

#[test]
fn generate_reports_schema_errors_with_positions() {
    let path = temp_file("bad.tl");
    std::fs::write(&path, "a x:Nope = A;\n").unwrap();
    let out = Command::new(TLGEN)
        .args(["generate", "--schema"])
        .arg(&path)
        .args(["--out"])
        .arg(temp_file("never.rs"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.tl:1:"), "{err}");
}

#[test]
fn server_flag_appends_the_server_module() {
    let path = temp_file("server.rs");
    let mut args = generate_args(&path);
    args.push("--server".into());
    let out = Command::new(TLGEN).args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let golden = std::fs::read_to_string(root().join("tests/golden/schema.rs")).unwrap();
    let server = text
        .strip_prefix(golden.as_str())
        .expect("the bindings without --server come first, unchanged");
    assert!(server.contains("\npub mod server {\n"), "{server}");
    assert!(server.contains("    pub trait Handler: Send + Sync {\n"));
    assert!(server.contains("        fn phone_request_call(\n"));
}
