//! The errors / bot-usability sidecar: the shipped files, lookups, and one test per kind of
//! malformed input, each pinning the reported `line:col` and message.

use tl_parser::errors_table::{
    ErrorsTable, LoadError, TableError, Usability, parse_errors_table, read_errors_table,
};

const ERRORS_OK: &str = "\
# a comment
name\tcodes\tdescription
FLOOD_WAIT_%d\t420\tPlease wait %d seconds before repeating the action

USER_ID_INVALID\t400\tThe provided user ID is invalid
TIMEOUT\t-503 500\tTimed out
UNSURE\t\t
";

const METHODS_OK: &str = "\
method\tusability\terrors
phone.requestCall\tuser\tUSER_ID_INVALID FLOOD_WAIT_%d
help.getConfig\tboth\t
";

fn parse(errors: &str, methods: &str) -> Result<ErrorsTable, Vec<TableError>> {
    parse_errors_table("errors.tsv", errors, "methods.tsv", methods).map_err(|e| e.0)
}

/// Parses, expecting failure; returns `(file, line, col, message)` of every error.
fn errs(errors: &str, methods: &str) -> Vec<(String, u32, u32, String)> {
    parse(errors, methods)
        .expect_err("expected the table to be rejected")
        .into_iter()
        .map(|e| (e.file.to_string(), e.line, e.col, e.message))
        .collect()
}

/// The single error of a broken `errors.tsv` (with a valid, empty `methods.tsv`).
fn one_errors_error(errors: &str) -> (u32, u32, String) {
    let all = errs(errors, "method\tusability\terrors\n");
    assert_eq!(all.len(), 1, "expected exactly one error, got {all:#?}");
    let (file, line, col, message) = all.into_iter().next().unwrap();
    assert_eq!(file, "errors.tsv");
    (line, col, message)
}

/// The single error of a broken `methods.tsv` (with the valid [`ERRORS_OK`]).
fn one_methods_error(methods: &str) -> (u32, u32, String) {
    let all = errs(ERRORS_OK, methods);
    assert_eq!(all.len(), 1, "expected exactly one error, got {all:#?}");
    let (file, line, col, message) = all.into_iter().next().unwrap();
    assert_eq!(file, "methods.tsv");
    (line, col, message)
}

#[test]
fn valid_table_parses_with_positions() {
    let t = parse(ERRORS_OK, METHODS_OK).unwrap();
    let names: Vec<_> = t.errors.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        ["FLOOD_WAIT_%d", "USER_ID_INVALID", "TIMEOUT", "UNSURE"]
    );
    let timeout = t.error("TIMEOUT").unwrap();
    assert_eq!(timeout.codes, [-503, 500]);
    assert_eq!(timeout.description, "Timed out");
    assert_eq!((timeout.span.line, timeout.span.col), (6, 1));
    let unsure = t.error("UNSURE").unwrap();
    assert!(unsure.codes.is_empty());
    assert_eq!(unsure.description, "");

    let m = t.method("phone.requestCall").unwrap();
    assert_eq!(m.usability, Usability::User);
    assert_eq!(m.errors, ["USER_ID_INVALID", "FLOOD_WAIT_%d"]);
    assert_eq!((m.span.line, m.span.file), (2, 1));
    assert_eq!(
        t.method("help.getConfig").unwrap().usability,
        Usability::Both
    );
    assert!(t.method("help.getConfig").unwrap().errors.is_empty());
    assert!(t.method("nope").is_none());
    assert!(t.error("NOPE").is_none());
    let of: Vec<_> = t
        .errors_of("phone.requestCall")
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(of, ["USER_ID_INVALID", "FLOOD_WAIT_%d"]);
}

#[test]
fn percent_d_names_match_server_messages() {
    let t = parse(ERRORS_OK, METHODS_OK).unwrap();
    assert_eq!(
        t.error_for_message("FLOOD_WAIT_30").unwrap().name,
        "FLOOD_WAIT_%d"
    );
    assert_eq!(
        t.error_for_message("USER_ID_INVALID").unwrap().name,
        "USER_ID_INVALID"
    );
    assert!(t.error_for_message("FLOOD_WAIT_").is_none());
    assert!(t.error_for_message("FLOOD_WAIT_3x").is_none());
}

#[test]
fn crlf_line_endings_are_accepted() {
    let t = parse(
        &ERRORS_OK.replace('\n', "\r\n"),
        &METHODS_OK.replace('\n', "\r\n"),
    )
    .unwrap();
    assert_eq!(t.error("TIMEOUT").unwrap().description, "Timed out");
    assert_eq!(
        t.method("help.getConfig").unwrap().usability,
        Usability::Both
    );
}

#[test]
fn shipped_schema_files_parse() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema");
    let t = read_errors_table(format!("{dir}/errors.tsv"), format!("{dir}/methods.tsv"))
        .unwrap_or_else(|e| panic!("{e}"));
    let m = t
        .method("phone.requestCall")
        .expect("phone.requestCall row");
    assert_eq!(m.usability, Usability::User);
    // The seed's five, the three newer ones from core.telegram.org, and PARTICIPANT_CALL_FAILED.
    for name in [
        "CALL_PROTOCOL_FLAGS_INVALID",
        "PARTICIPANT_VERSION_OUTDATED",
        "USER_ID_INVALID",
        "USER_IS_BLOCKED",
        "USER_PRIVACY_RESTRICTED",
        "CALL_PROTOCOL_LAYER_INVALID",
        "INPUT_USER_DEACTIVATED",
        "RANDOM_ID_DUPLICATE",
        "PARTICIPANT_CALL_FAILED",
    ] {
        assert!(m.errors.iter().any(|e| e == name), "{name} missing");
    }
    assert_eq!(m.errors.len(), 9);
    assert!(!m.errors.iter().any(|e| e == "FLOOD_WAIT_%d"));
    // The seed's rows, verbatim.
    let seed = [
        (
            400,
            "CALL_PROTOCOL_FLAGS_INVALID",
            "Call protocol flags invalid",
        ),
        (
            400,
            "PARTICIPANT_VERSION_OUTDATED",
            "The other participant does not use an up to date telegram client with support for calls",
        ),
        (400, "USER_ID_INVALID", "The provided user ID is invalid"),
        (403, "USER_IS_BLOCKED", "You were blocked by this user"),
        (
            403,
            "USER_PRIVACY_RESTRICTED",
            "The user's privacy settings do not allow you to do this",
        ),
    ];
    for (code, name, description) in seed {
        let e = t.error(name).unwrap();
        assert_eq!(e.codes, [code], "{name}");
        assert_eq!(e.description, description, "{name}");
    }
    assert_eq!(t.error("CALL_PROTOCOL_LAYER_INVALID").unwrap().codes, [400]);
    assert_eq!(t.error("INPUT_USER_DEACTIVATED").unwrap().codes, [400]);
    assert_eq!(t.error("RANDOM_ID_DUPLICATE").unwrap().codes, [500]);
    assert_eq!(t.error("PARTICIPANT_CALL_FAILED").unwrap().codes, [500]);
    let flood = t.error("FLOOD_WAIT_%d").unwrap();
    assert_eq!(flood.codes, [420]);
    assert_eq!(
        flood.description,
        "Please wait %d seconds before repeating the action"
    );
}

#[test]
fn missing_file_is_an_io_error_naming_the_path() {
    let err = read_errors_table("/nonexistent/errors.tsv", "/nonexistent/methods.tsv")
        .expect_err("missing file");
    assert!(matches!(err, LoadError::Io { .. }));
    assert!(
        err.to_string().starts_with("/nonexistent/errors.tsv: "),
        "{err}"
    );
}

// ---- malformed input: one test per kind, each pinning line:col and message ----

#[test]
fn too_few_columns() {
    let (line, col, msg) = one_errors_error("name\tcodes\tdescription\nFOO\t400\n");
    assert_eq!((line, col), (2, 8)); // just past the end of `FOO<TAB>400`
    assert_eq!(
        msg,
        "expected 3 tab-separated columns (name, codes, description), found 2: missing description"
    );
}

#[test]
fn spaces_instead_of_tabs() {
    let (line, col, msg) = one_errors_error("name\tcodes\tdescription\nFOO 400 Foo\n");
    assert_eq!((line, col), (2, 12));
    assert_eq!(
        msg,
        "expected 3 tab-separated columns (name, codes, description), found 1: missing codes, \
         description (columns must be separated by a tab, not spaces)"
    );
}

#[test]
fn too_many_columns() {
    let (line, col, msg) = one_methods_error("method\tusability\terrors\nfoo.bar\tuser\t\textra\n");
    assert_eq!((line, col), (2, 14)); // the tab after the (empty) errors column
    assert_eq!(
        msg,
        "expected 3 tab-separated columns (method, usability, errors), found 4: unexpected tab"
    );
}

#[test]
fn bad_code() {
    let (line, col, msg) = one_errors_error("name\tcodes\tdescription\n# x\nFOO\t400 4o0\tFoo\n");
    assert_eq!((line, col), (3, 9));
    assert_eq!(
        msg,
        "bad code `4o0`: expected a 3-digit HTTP-like code such as 400 or -503, codes separated \
         by spaces"
    );
}

#[test]
fn code_with_comma_separator() {
    let (line, col, msg) = one_errors_error("name\tcodes\tdescription\nFOO\t400,500\tFoo\n");
    assert_eq!((line, col), (2, 5));
    assert!(msg.starts_with("bad code `400,500`: "), "{msg}");
}

#[test]
fn repeated_code() {
    let (line, col, msg) = one_errors_error("name\tcodes\tdescription\nFOO\t400 400\tFoo\n");
    assert_eq!((line, col), (2, 9));
    assert_eq!(msg, "code 400 is listed twice");
}

#[test]
fn unknown_usability() {
    let (line, col, msg) =
        one_methods_error("method\tusability\terrors\nphone.requestCall\tusers\t\n");
    assert_eq!((line, col), (2, 19));
    assert_eq!(
        msg,
        "unknown usability `users`: expected one of `user`, `bot`, `both`, `unknown`"
    );
}

#[test]
fn method_lists_an_undefined_error() {
    let (line, col, msg) = one_methods_error(
        "method\tusability\terrors\nphone.requestCall\tuser\tUSER_ID_INVALID USER_IS_BLOCKED\n",
    );
    assert_eq!((line, col), (2, 40));
    assert_eq!(
        msg,
        "error `USER_IS_BLOCKED` is not defined in errors.tsv: add a row there or fix the name"
    );
}

#[test]
fn duplicate_error_row() {
    let (line, col, msg) = one_errors_error(
        "name\tcodes\tdescription\nFOO\t400\tFoo\nBAR\t400\tBar\nFOO\t500\tFoo again\n",
    );
    assert_eq!((line, col), (4, 1));
    assert_eq!(msg, "duplicate error `FOO`: already defined on line 2");
}

#[test]
fn duplicate_method_row() {
    let (line, col, msg) = one_methods_error(
        "method\tusability\terrors\n\nfoo.bar\tuser\t\n# again:\nfoo.bar\tbot\t\n",
    );
    assert_eq!((line, col), (5, 1));
    assert_eq!(msg, "duplicate method `foo.bar`: already listed on line 3");
}

#[test]
fn error_listed_twice_in_a_row() {
    let (line, col, msg) =
        one_methods_error("method\tusability\terrors\nfoo\tuser\tTIMEOUT TIMEOUT\n");
    assert_eq!((line, col), (2, 18));
    assert_eq!(msg, "error `TIMEOUT` is listed twice in this row");
}

#[test]
fn lower_case_error_name() {
    let (line, col, msg) = one_errors_error("name\tcodes\tdescription\nUSER_iD_INVALID\t400\tx\n");
    assert_eq!((line, col), (2, 6));
    assert_eq!(
        msg,
        "invalid character `i` in error name: error names use A-Z, 0-9 and `_`, with at most one \
         `%d` part (`FLOOD_WAIT_%d`)"
    );
}

#[test]
fn percent_not_forming_a_part() {
    let (line, col, msg) = one_errors_error("name\tcodes\tdescription\nFLOOD_WAIT%d\t420\tx\n");
    assert_eq!((line, col), (2, 11));
    assert!(
        msg.starts_with("`%` must form a whole `_%d` part in error name: "),
        "{msg}"
    );
}

#[test]
fn empty_part_in_error_name() {
    let (line, col, msg) = one_errors_error("name\tcodes\tdescription\nFLOOD__WAIT\t420\tx\n");
    assert_eq!((line, col), (2, 7));
    assert!(
        msg.starts_with("empty part (`__`, or `_` at an end)"),
        "{msg}"
    );
}

#[test]
fn bad_error_name_in_methods_row() {
    let (line, col, msg) = one_methods_error("method\tusability\terrors\nfoo\tuser\tTIMEOUT,\n");
    assert_eq!((line, col), (2, 17));
    assert!(
        msg.starts_with("invalid character `,` in error name"),
        "{msg}"
    );
}

#[test]
fn bad_method_name() {
    let (line, col, msg) =
        one_methods_error("method\tusability\terrors\nphone.request-Call\tuser\t\n");
    assert_eq!((line, col), (2, 14));
    assert_eq!(
        msg,
        "invalid character `-` in method name: method names are dot-separated identifiers \
         (`phone.requestCall`)"
    );
}

#[test]
fn wrong_header() {
    let all = errs(
        "name,codes,description\nFOO\t400\tFoo\n",
        "method\tusability\terrors\n",
    );
    assert_eq!(
        all,
        [(
            "errors.tsv".to_string(),
            1,
            5,
            "expected the header line `name<TAB>codes<TAB>description` (columns separated by tabs)"
                .to_string()
        )]
    );
}

#[test]
fn missing_header_in_empty_file() {
    let all = errs(ERRORS_OK, "# nothing here\n\n");
    assert_eq!(
        all,
        [(
            "methods.tsv".to_string(),
            2,
            1,
            "missing the header line `method<TAB>usability<TAB>errors`: the file has no rows"
                .to_string()
        )]
    );
}

#[test]
fn all_errors_of_both_files_are_collected_in_order() {
    let all = errs(
        "name\tcodes\tdescription\nFOO\tx\tFoo\nbar\t400\tBar\n",
        "method\tusability\terrors\na.b\tnobody\tFOO\nc.d\tuser\tNOPE\n",
    );
    let positions: Vec<_> = all
        .iter()
        .map(|(f, l, c, _)| (f.as_str(), *l, *c))
        .collect();
    assert_eq!(
        positions,
        [
            ("errors.tsv", 2, 5),
            ("errors.tsv", 3, 1),
            ("methods.tsv", 2, 5),
            ("methods.tsv", 3, 10),
        ]
    );
    // FOO's row is broken (bad code) but FOO is still a known name: a.b's reference to it must
    // not cascade into a second error.
    assert!(all[2].3.starts_with("unknown usability"));
}

#[test]
fn display_shows_position_source_line_and_caret() {
    let err = parse_errors_table(
        "schema/errors.tsv",
        "name\tcodes\tdescription\n",
        "schema/methods.tsv",
        "method\tusability\terrors\nphone.requestCall\trobot\t\n",
    )
    .unwrap_err();
    let text = err.0[0].to_string();
    assert_eq!(
        text,
        "schema/methods.tsv:2:19: unknown usability `robot`: expected one of `user`, `bot`, \
         `both`, `unknown`\n2 | phone.requestCall\trobot\t\n  |                  \t^"
    );
    // The caret sits under column 19: 17 spaces for `phone.requestCall`, then its tab.
    let caret_line = text.lines().last().unwrap();
    assert_eq!(caret_line, format!("  | {}\t^", " ".repeat(17)));
    assert_eq!(err.to_string(), text, "one error: the list prints just it");
}

#[test]
fn caret_indent_repeats_tabs() {
    let err = parse(
        "name\tcodes\tdescription\n",
        "method\tusability\terrors\nfoo\tuser\tNOPE\n",
    )
    .unwrap_err();
    let text = err[0].to_string();
    assert!(text.ends_with("  |    \t    \t^"), "{text:?}");
}

// ---- check_against: the table against a schema ----

const SCHEMA: &str = "\
inputUser user_id:long access_hash:long = InputUser;
---functions---
users.getUsers id:Vector<InputUser> = Vector<InputUser>;
";

#[test]
fn check_against_accepts_methods_of_the_schema() {
    let schema = tl_parser::parse_str("s.tl", SCHEMA).unwrap_or_else(|e| panic!("{e}"));
    let t = parse(
        ERRORS_OK,
        "method\tusability\terrors\nusers.getUsers\tboth\tTIMEOUT\n",
    )
    .unwrap();
    assert_eq!(t.check_against(&schema), Ok(()));
}

#[test]
fn check_against_reports_every_unknown_method_at_its_row() {
    let schema = tl_parser::parse_str("s.tl", SCHEMA).unwrap_or_else(|e| panic!("{e}"));
    let t = parse(
        ERRORS_OK,
        "method\tusability\terrors\n# ok:\nusers.getUsers\tboth\t\nusers.getUser\tboth\t\ninputUser\tuser\t\n",
    )
    .unwrap();
    let errs = t.check_against(&schema).unwrap_err().0;
    let got: Vec<_> = errs
        .iter()
        .map(|e| (e.file.as_ref(), e.line, e.col, e.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "methods.tsv",
                4,
                1,
                "method `users.getUser` is not in the schema"
            ),
            (
                "methods.tsv",
                5,
                1,
                "`inputUser` is a constructor in the schema, not a method; methods.tsv lists methods"
            ),
        ]
    );
    assert_eq!(
        errs[0].to_string(),
        "methods.tsv:4:1: method `users.getUser` is not in the schema\n\
         4 | users.getUser\tboth\t\n  | ^"
    );
}

#[test]
fn shipped_table_matches_shipped_schema() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema");
    let schema = tl_parser::parse_paths(&[format!("{dir}/api.tl"), format!("{dir}/mtproto.tl")])
        .unwrap_or_else(|e| panic!("{e}"));
    let t = read_errors_table(format!("{dir}/errors.tsv"), format!("{dir}/methods.tsv"))
        .unwrap_or_else(|e| panic!("{e}"));
    t.check_against(&schema).unwrap_or_else(|e| panic!("{e}"));
}
