//! Runs the `tlgen` binary: lint on the shipped schema, lint failures with positions, subset
//! output that re-lints, and the checked-in `schema/api.tl` pinned byte for byte.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TLGEN: &str = env!("CARGO_BIN_EXE_tlgen");

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema")
}

fn schema_file(name: &str) -> PathBuf {
    schema_dir().join(name)
}

fn tlgen<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(TLGEN).args(args).output().expect("run tlgen")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 stderr")
}

/// A scratch file under Cargo's per-target temp dir, named after the test.
fn scratch(name: &str, contents: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tlgen-cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn lint_accepts_the_shipped_schema_and_table() {
    let o = tlgen([
        "lint".as_ref(),
        schema_file("api.tl").as_os_str(),
        schema_file("mtproto.tl").as_os_str(),
        "--errors".as_ref(),
        schema_file("errors.tsv").as_os_str(),
        "--methods".as_ref(),
        schema_file("methods.tsv").as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "layer 230: 84 constructors, 9 functions\nerrors table: 10 errors, 1 method\n"
    );
    assert_eq!(stderr(&o), "");
}

#[test]
fn lint_each_shipped_file_alone() {
    let o = tlgen(["lint".as_ref(), schema_file("api.tl").as_os_str()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "layer 230: 47 constructors, 1 function\n");

    let o = tlgen(["lint".as_ref(), schema_file("mtproto.tl").as_os_str()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "no layer: 37 constructors, 8 functions\n");
}

#[test]
fn lint_full_layer_prints_its_counts() {
    let o = tlgen(["lint".as_ref(), tl_fixtures::api_tl().as_os_str()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "layer 230: 1703 constructors, 850 functions\n");
}

#[test]
fn lint_fails_with_exit_1_and_every_error_positioned() {
    let bad = scratch(
        "bad.tl",
        "// LAYER 1\nfoo#00000001 x:int = Foo;\nbar x:Nope = Bar;\n",
    );
    let o = tlgen(["lint".as_ref(), bad.as_os_str()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    let err = stderr(&o);
    let name = bad.display().to_string();
    // Both problems, each as file:line:col plus the line and a caret.
    assert!(
        err.contains(&format!("{name}:2:4: id mismatch for `foo`")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{name}:3:7: undefined type `Nope`")),
        "{err}"
    );
    assert!(err.contains("3 | bar x:Nope = Bar;\n  |       ^"), "{err}");
    assert!(err.trim_end().ends_with("error: 2 errors"), "{err}");
}

#[test]
fn lint_reports_schema_and_table_errors_together() {
    let bad_tl = scratch("half.tl", "foo x:Nope = Foo;\n");
    let errors = scratch("errors.tsv", "name\tcodes\tdescription\nX\t4000\tx\n");
    let methods = scratch("methods.tsv", "method\tusability\terrors\nfoo\tall\t\n");
    let o = tlgen([
        "lint".as_ref(),
        bad_tl.as_os_str(),
        "--errors".as_ref(),
        errors.as_os_str(),
        "--methods".as_ref(),
        methods.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(":1:7: undefined type `Nope`"), "{err}");
    assert!(
        err.contains(&format!("{}:2:3: bad code `4000`", errors.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}:2:5: unknown usability `all`",
            methods.display()
        )),
        "{err}"
    );
    assert!(err.trim_end().ends_with("error: 3 errors"), "{err}");
}

#[test]
fn lint_checks_table_methods_against_the_schema() {
    // mtproto.tl alone has no phone.requestCall: the shipped methods.tsv row is reported.
    let o = tlgen([
        "lint".as_ref(),
        schema_file("mtproto.tl").as_os_str(),
        "--errors".as_ref(),
        schema_file("errors.tsv").as_os_str(),
        "--methods".as_ref(),
        schema_file("methods.tsv").as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let methods = schema_file("methods.tsv").display().to_string();
    assert!(
        err.contains(&format!(
            "{methods}:8:1: method `phone.requestCall` is not in the schema"
        )),
        "{err}"
    );
}

#[test]
fn lint_missing_file_fails_with_its_name() {
    let o = tlgen(["lint", "/nonexistent/x.tl"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/nonexistent/x.tl"), "{}", stderr(&o));
}

#[test]
fn errors_without_methods_is_a_usage_error() {
    let o = tlgen([
        "lint".as_ref(),
        schema_file("api.tl").as_os_str(),
        "--errors".as_ref(),
        schema_file("errors.tsv").as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2), "clap's usage-error code");
    assert!(stderr(&o).contains("--methods"), "{}", stderr(&o));
}

#[test]
fn subset_of_full_layer_reproduces_checked_in_api_tl() {
    let o = tlgen([
        "subset".as_ref(),
        "--method".as_ref(),
        "phone.requestCall".as_ref(),
        tl_fixtures::api_tl().as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let checked_in = std::fs::read_to_string(schema_file("api.tl")).unwrap();
    // Regenerate with the command in schema/README.md if this fails on purpose.
    assert!(
        stdout(&o) == checked_in,
        "schema/api.tl is not the output of `tlgen subset --method phone.requestCall api.tl`"
    );
    assert!(checked_in.contains("\n// LAYER 230\n"));
}

#[test]
fn subset_output_file_relints() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tlgen-cli/calls.tl");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let o = tlgen([
        "subset".as_ref(),
        "--method".as_ref(),
        "phone.requestCall".as_ref(),
        "--method".as_ref(),
        "phone.acceptCall".as_ref(),
        "-m".as_ref(),
        "users.getUsers".as_ref(),
        tl_fixtures::api_tl().as_os_str(),
        tl_fixtures::mtproto_tl().as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "", "with -o nothing goes to stdout");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("\n// LAYER 230\n"), "layer line kept");

    let o = tlgen(["lint".as_ref(), out.as_os_str()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = stdout(&o);
    assert!(summary.starts_with("layer 230: "), "{summary}");
    assert!(summary.ends_with(", 3 functions\n"), "{summary}");
}

#[test]
fn subset_unknown_method_fails_naming_it() {
    let o = tlgen([
        "subset".as_ref(),
        "--method".as_ref(),
        "phone.requestCal".as_ref(),
        schema_file("api.tl").as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o), "error: unknown method: `phone.requestCal`\n");
}

#[test]
fn subset_of_invalid_schema_prints_its_errors() {
    let bad = scratch("bad_subset.tl", "---functions---\nfoo = Nope;\n");
    let o = tlgen([
        "subset".as_ref(),
        "--method".as_ref(),
        "foo".as_ref(),
        bad.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{}:2:7: undefined type `Nope`", bad.display())),
        "{err}"
    );
}

#[test]
fn subset_is_a_fixed_point_on_its_own_output() {
    // Cutting the same method out of schema/api.tl gives schema/api.tl again: the header
    // comment is not taken for a doc comment, and nothing is lost or added.
    let o = tlgen([
        "subset".as_ref(),
        "--method".as_ref(),
        "phone.requestCall".as_ref(),
        schema_file("api.tl").as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let checked_in = std::fs::read_to_string(schema_file("api.tl")).unwrap();
    assert!(stdout(&o) == checked_in, "{}", stdout(&o));
    assert!(checked_in.starts_with(
        "// Generated by `tlgen subset --method phone.requestCall`: these methods and every \
         type they reach.\n// Do not edit; regenerate.\n\n// LAYER 230\n"
    ));
}
