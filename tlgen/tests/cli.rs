//! Runs the `tlgen` binary: lint on the shipped schema, lint failures with positions, subset
//! output that re-lints, pruning with `--keep`, and the checked-in `schema/api.tl` pinned byte
//! for byte.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TLGEN: &str = env!("CARGO_BIN_EXE_tlgen");

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema")
}

fn schema_file(name: &str) -> PathBuf {
    schema_dir().join(name)
}

/// The arguments that make `schema/api.tl` (before the input file), as in schema/README.md:
/// the calls flow, what Telethon's connect() sends, and the pruning of `Update`/`Updates`.
const SHIPPED_SUBSET: &[&str] = &[
    "subset",
    "--method",
    "phone.requestCall",
    "--method",
    "phone.receivedCall",
    "--method",
    "phone.acceptCall",
    "--method",
    "phone.confirmCall",
    "--method",
    "phone.discardCall",
    "--method",
    "messages.getDhConfig",
    "--method",
    "invokeWithLayer",
    "--method",
    "initConnection",
    "--method",
    "help.getConfig",
    "--method",
    "users.getUsers",
    "--keep",
    "Update=updatePhoneCall",
    "--keep",
    "Updates=updates,updateShort",
];

/// `SHIPPED_SUBSET` followed by `input`.
fn shipped_subset_of(input: &Path) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = SHIPPED_SUBSET.iter().map(|a| a.as_ref()).collect();
    args.push(input.as_os_str());
    tlgen(args)
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
        "layer 230: 120 constructors, 18 functions\nerrors table: 32 errors, 10 methods\n"
    );
    assert_eq!(stderr(&o), "");
}

#[test]
fn lint_each_shipped_file_alone() {
    let o = tlgen(["lint".as_ref(), schema_file("api.tl").as_os_str()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "layer 230: 83 constructors, 10 functions\n");

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
    // mtproto.tl alone has none of the api.tl methods: each methods.tsv row is reported.
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
            "{methods}:26:1: method `phone.requestCall` is not in the schema"
        )),
        "{err}"
    );
    assert!(err.trim_end().ends_with("error: 10 errors"), "{err}");
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
    let o = shipped_subset_of(&tl_fixtures::api_tl());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "every --keep type is reached: no warning");
    let checked_in = std::fs::read_to_string(schema_file("api.tl")).unwrap();
    // Regenerate with the command in schema/README.md if this fails on purpose.
    assert!(
        stdout(&o) == checked_in,
        "schema/api.tl is not the output of `tlgen {} api.tl`",
        SHIPPED_SUBSET.join(" ")
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
    // Cutting the same methods out of schema/api.tl gives schema/api.tl again: the header
    // comment is not taken for a doc comment, and nothing is lost or added.
    let o = shipped_subset_of(&schema_file("api.tl"));
    assert!(o.status.success(), "{}", stderr(&o));
    let checked_in = std::fs::read_to_string(schema_file("api.tl")).unwrap();
    assert!(stdout(&o) == checked_in, "{}", stdout(&o));
    assert!(checked_in.starts_with(&format!(
        "// Generated by `tlgen {}`: these methods and every type they reach.\n\
         // Do not edit; regenerate.\n\
         // Pruned types: a decoder of this schema refuses their other constructors.\n\
         // pruned: Update keeps only updatePhoneCall\n\
         // pruned: Updates keeps only updateShort, updates\n\
         \n// LAYER 230\n",
        SHIPPED_SUBSET.join(" ")
    )));
}

#[test]
fn subset_without_keep_has_no_pruned_lines() {
    let o = tlgen([
        "subset".as_ref(),
        "--method".as_ref(),
        "phone.requestCall".as_ref(),
        tl_fixtures::api_tl().as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with(
        "// Generated by `tlgen subset --method phone.requestCall`: these methods and every \
         type they reach.\n// Do not edit; regenerate.\n\n// LAYER 230\n"
    ));
    assert!(!stdout(&o).contains("pruned"));
}

#[test]
fn subset_keep_prunes_and_the_output_relints() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tlgen-cli/discard.tl");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let o = tlgen([
        "subset".as_ref(),
        "--method".as_ref(),
        "phone.discardCall".as_ref(),
        tl_fixtures::api_tl().as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let unpruned = stdout(&o);

    let o = tlgen([
        "subset".as_ref(),
        "--method".as_ref(),
        "phone.discardCall".as_ref(),
        "--keep".as_ref(),
        "Updates=updateShort".as_ref(),
        "--keep".as_ref(),
        "Update=updatePhoneCall".as_ref(),
        tl_fixtures::api_tl().as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    // One line per pruned type, in the order given, naming what a decoder still accepts.
    assert!(
        text.contains(
            "// pruned: Updates keeps only updateShort\n// pruned: Update keeps only updatePhoneCall\n"
        ),
        "{text}"
    );
    assert!(
        text.lines().next().unwrap().ends_with(
            "--keep Updates=updateShort --keep Update=updatePhoneCall`: these methods and every \
             type they reach."
        ),
        "{text}"
    );
    assert!(text.contains("\nupdatePhoneCall#"), "{text}");
    assert!(!text.contains("\nupdateNewMessage#"), "{text}");
    assert!(!text.contains("\nupdates#"), "{text}");
    assert!(
        text.len() * 10 < unpruned.len(),
        "pruning cuts most of the layer"
    );

    let o = tlgen(["lint".as_ref(), out.as_os_str()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).ends_with(", 1 function\n"), "{}", stdout(&o));
}

#[test]
fn subset_keep_errors_name_the_type_and_constructor() {
    let o = tlgen([
        "subset".as_ref(),
        "--method".as_ref(),
        "phone.discardCall".as_ref(),
        "--keep".as_ref(),
        "Updatez=updates".as_ref(),
        "--keep".as_ref(),
        "Update=updatePhoneCall,updateShort,updatePhoneCal".as_ref(),
        schema_file("api.tl").as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    let err = stderr(&o);
    let api = schema_file("api.tl").display().to_string();
    assert!(
        err.starts_with("error: cannot prune `Updatez`: no constructor has this type\n"),
        "{err}"
    );
    // The constructor of another type is reported with where it is defined.
    let line = std::fs::read_to_string(schema_file("api.tl"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("updateShort#"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!(
            "error: cannot keep `updateShort` for `Update`: it is a constructor of `Updates`, \
             defined at {api}:{line}:1\n"
        )),
        "{err}"
    );
    assert!(
        err.ends_with(
            "error: cannot keep `updatePhoneCal` for `Update`: no constructor has this name\n"
        ),
        "{err}"
    );
}

#[test]
fn subset_keep_of_a_constructor_name_suggests_its_type() {
    let o = tlgen([
        "subset".as_ref(),
        "--method".as_ref(),
        "phone.discardCall".as_ref(),
        "--keep".as_ref(),
        "updates=updates".as_ref(),
        schema_file("api.tl").as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("`updates` is a constructor of `Updates`, defined at "),
        "{err}"
    );
}

#[test]
fn subset_malformed_keep_is_a_usage_error() {
    for (arg, why) in [
        ("Update", "no `=`"),
        ("=updatePhoneCall", "no type before `=`"),
        ("Update=", "no constructor after `=`"),
        ("Update=updatePhoneCall,,x", "empty constructor name"),
    ] {
        let o = tlgen([
            "subset".as_ref(),
            "--method".as_ref(),
            "phone.discardCall".as_ref(),
            "--keep".as_ref(),
            arg.as_ref(),
            schema_file("api.tl").as_os_str(),
        ]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "clap's usage-error code for {arg}"
        );
        let err = stderr(&o);
        assert!(err.contains(&format!("'{arg}'")), "{err}");
        assert!(err.contains(why), "{arg}: {err}");
    }
}

#[test]
fn subset_keep_of_an_unreached_type_warns_and_adds_no_line() {
    let o = tlgen([
        "subset".as_ref(),
        "--method".as_ref(),
        "help.getConfig".as_ref(),
        "--keep".as_ref(),
        "Update=updatePhoneCall".as_ref(),
        schema_file("api.tl").as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "warning: --keep Update=... has no effect: no kept method reaches `Update`\n"
    );
    assert!(!stdout(&o).contains("// pruned"), "{}", stdout(&o));
}
