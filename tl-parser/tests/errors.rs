//! Malformed schemas: each gets errors at the right line and column, with the right message.

use tl_parser::{ErrorKind, FlagProblem};

/// `(line, col, message)` of every error, in order; panics if the text parses.
fn errors(src: &str) -> Vec<(u32, u32, String)> {
    errors_of(tl_parser::parse_str("t.tl", src))
}

fn errors_of(result: Result<tl_parser::ast::Schema, tl_parser::Errors>) -> Vec<(u32, u32, String)> {
    match result {
        Ok(_) => panic!("expected errors"),
        Err(e) => e
            .iter()
            .map(|e| (e.line, e.col, e.kind.to_string()))
            .collect(),
    }
}

/// Exactly one error, at `line:col`, with `message`.
fn one(src: &str, line: u32, col: u32, message: &str) {
    assert_eq!(errors(src), [(line, col, message.to_owned())], "{src}");
}

const UNDEFINED: &str = "expected a type some constructor produces, a constructor name, a \
                         generic parameter or a built-in type";

#[test]
fn missing_semicolon_at_end_of_file() {
    one("a#1 = B", 1, 8, "expected `;`, found end of input");
}

#[test]
fn missing_semicolon_points_after_the_last_token() {
    one("a = B\nc = B;", 1, 6, "expected `;`, found `c`");
}

#[test]
fn missing_semicolon_does_not_swallow_a_section_switch() {
    let src = "a = B\n---functions---\nf = B;";
    one(src, 1, 6, "expected `;`, found end of input");
}

#[test]
fn bad_hex_id() {
    one(
        "a#xyz = B;",
        1,
        3,
        "expected a constructor id (1 to 8 hex digits), found `xyz`",
    );
}

#[test]
fn hex_id_too_long() {
    one(
        "a#123456789 = B;",
        1,
        3,
        "expected a constructor id (1 to 8 hex digits), found `123456789`",
    );
}

#[test]
fn id_mismatch_names_both_ids_and_the_normalized_text() {
    let src = "\nboolTrue#997275b6 = Bool;";
    one(
        src,
        2,
        9,
        "id mismatch for `boolTrue`: written #997275b6, computed #997275b5 (CRC32 of `boolTrue = Bool`)",
    );
    let e = tl_parser::parse_str("t.tl", src).unwrap_err();
    assert_eq!(
        e.0[0].kind,
        ErrorKind::IdMismatch {
            name: "boolTrue".into(),
            explicit: 0x997275b6,
            computed: 0x997275b5,
            normalized: "boolTrue = Bool".into(),
        }
    );
}

#[test]
fn allow_listed_names_may_mismatch() {
    assert!(tl_parser::parse_str("t.tl", "ipPortSecret#1 = IpPort;").is_ok());
}

#[test]
fn undefined_type() {
    one(
        "a x:Foo = B;",
        1,
        5,
        &format!("undefined type `Foo`: {UNDEFINED}"),
    );
}

#[test]
fn undefined_namespaced_type_inside_vector() {
    one(
        "a x:Vector<phone.Foo> = B;",
        1,
        12,
        &format!("undefined type `phone.Foo`: {UNDEFINED}"),
    );
}

#[test]
fn undefined_bare_type() {
    one(
        "a x:%Foo = B;",
        1,
        5,
        &format!("undefined type `Foo`: {UNDEFINED}"),
    );
}

#[test]
fn undefined_method_result() {
    one(
        "---functions---\nf = Foo;",
        2,
        5,
        &format!("undefined type `Foo`: {UNDEFINED}"),
    );
}

#[test]
fn flag_bit_32() {
    one(
        "a flags:# x:flags.32?int = B;",
        1,
        19,
        "flag bit 32 of `flags` is out of range: expected 0 to 31",
    );
}

#[test]
fn flag_bit_31_is_fine() {
    assert!(tl_parser::parse_str("t.tl", "a flags:# x:flags.31?int = B;").is_ok());
}

#[test]
fn flag_bit_too_big_for_u32() {
    let src = "a flags:# x:flags.99999999999?int = B;";
    one(
        src,
        1,
        19,
        "flag bit 4294967295 of `flags` is out of range: expected 0 to 31",
    );
}

#[test]
fn flag_refers_to_a_non_flags_field() {
    one(
        "a flags:int x:flags.0?int = B;",
        1,
        15,
        "bad flag reference `flags`: it is not a flags field; expected an earlier `flags:#` field",
    );
}

#[test]
fn flag_refers_to_a_later_field() {
    let src = "a x:flags.0?int flags:# = B;";
    one(
        src,
        1,
        5,
        "bad flag reference `flags`: it is declared after this parameter; expected an earlier \
         `flags:#` field",
    );
    let e = tl_parser::parse_str("t.tl", src).unwrap_err();
    assert!(matches!(
        &e.0[0].kind,
        ErrorKind::BadFlagReference {
            problem: FlagProblem::DeclaredLater,
            ..
        }
    ));
}

#[test]
fn flag_refers_to_nothing() {
    one(
        "a x:flags2.0?int = B;",
        1,
        5,
        "bad flag reference `flags2`: no parameter has this name; expected an earlier `flags2:#` field",
    );
}

#[test]
fn duplicate_constructor_name() {
    // Identical text has an identical id too: both are reported.
    assert_eq!(
        errors("a = B;\na = B;"),
        [
            (
                2,
                1,
                "duplicate constructor `a`: first defined at t.tl:1:1".to_owned()
            ),
            (
                2,
                1,
                "duplicate id #e3a77403 of `a`: `a` at t.tl:1:1 has it too".to_owned()
            ),
        ]
    );
}

#[test]
fn same_name_as_constructor_and_method_is_allowed() {
    assert!(tl_parser::parse_str("t.tl", "a x:int = B;\n---functions---\na = B;").is_ok());
}

#[test]
fn duplicate_id() {
    let src = "ipPortSecret#1 = B;\naccessPointRule#1 = B;";
    one(
        src,
        2,
        16,
        "duplicate id #00000001 of `accessPointRule`: `ipPortSecret` at t.tl:1:1 has it too",
    );
}

#[test]
fn duplicate_parameter() {
    one(
        "a x:int x:long = B;",
        1,
        9,
        "duplicate parameter `x`: expected unique names",
    );
}

#[test]
fn duplicate_parameter_in_a_long_list() {
    let params: String = (0..20).map(|i| format!("p{i}:int ")).collect();
    let src = format!("a {params}p7:long = B;");
    one(
        &src,
        1,
        3 + params.len() as u32,
        "duplicate parameter `p7`: expected unique names",
    );
}

#[test]
fn unknown_generic() {
    one(
        "f {X:Type} q:!Y = X;",
        1,
        14,
        "unknown generic `!Y`: expected a `{Y:Type}` parameter before it",
    );
}

#[test]
fn generic_kind_must_be_type() {
    one("a {X:Int} = B;", 1, 6, "expected `Type`, found `Int`");
}

#[test]
fn type_argument_on_a_plain_type() {
    one(
        "a x:Foo<int> = Foo;",
        1,
        5,
        "type `Foo` takes no type argument: expected `Vector<T>` or `vector<T>`",
    );
}

#[test]
fn unclosed_type_argument() {
    one("a x:Vector<int = B;", 1, 15, "expected `>`, found a space");
}

#[test]
fn unterminated_block_comment_between_statements() {
    one(
        "a = B;\n/* x\n",
        2,
        1,
        "unterminated block comment: expected `*/`",
    );
}

#[test]
fn unterminated_block_comment_inside_a_statement() {
    one(
        "a /* x = B;",
        1,
        3,
        "unterminated block comment: expected `*/`",
    );
}

#[test]
fn invalid_utf8_points_at_the_first_bad_byte() {
    let e = errors_of(tl_parser::parse_bytes("t.tl", b"a = B;\nb \xff= B;"));
    assert_eq!(
        e,
        [(2, 3, "invalid UTF-8: expected a UTF-8 text file".to_owned())]
    );
}

#[test]
fn missing_equals_after_parameters() {
    one(
        "a x:int;",
        1,
        8,
        "expected a parameter name or `=`, found `;`",
    );
}

#[test]
fn missing_equals_before_result_type() {
    // `B` could start another parameter, so its `:` is what is missing.
    one("a x:int B;", 1, 10, "expected `:`, found `;`");
}

#[test]
fn missing_type_after_colon() {
    one(
        "a x: = B;",
        1,
        5,
        "expected `#`, a flags field name or a type, found a space",
    );
}

#[test]
fn unknown_section() {
    one(
        "---foo---\na = B;",
        1,
        4,
        "expected `---types---` or `---functions---`, found `foo`",
    );
}

#[test]
fn stray_character() {
    one(
        "a x:int @ = B;",
        1,
        9,
        "expected a parameter name or `=`, found `@`",
    );
}

#[test]
fn statement_without_a_name() {
    one(
        "= B;",
        1,
        1,
        "expected `---types---` or `---functions---` or a name, found `=`",
    );
}

#[test]
fn non_ascii_identifier() {
    one(
        "é = B;",
        1,
        1,
        "expected `---types---` or `---functions---` or a name, found `é`",
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    // `ü` is two bytes, one column.
    one(
        "/* ü */ a x:Foo = B;",
        1,
        13,
        &format!("undefined type `Foo`: {UNDEFINED}"),
    );
}

#[test]
fn crlf_line_endings() {
    one(
        "a = B;\r\nc x:Foo = B;\r\n",
        2,
        5,
        &format!("undefined type `Foo`: {UNDEFINED}"),
    );
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let src = "a#xyz = B;\nb x:Foo = B;\nc = B\n---functions---\nf q:!Y = B;\n";
    let found: Vec<(u32, u32)> = errors(src).into_iter().map(|(l, c, _)| (l, c)).collect();
    assert_eq!(found, [(1, 3), (2, 5), (3, 6), (5, 5)]);
}

#[test]
fn a_broken_constructor_still_declares_its_type() {
    // Without recovery, `f = B` would add an "undefined type" error for `B`.
    assert_eq!(errors("a x: = B;\n---functions---\nf = B;").len(), 1);
}

#[test]
fn every_later_copy_points_at_the_first() {
    let src = "---functions---\nm.f = A;\nm.g = A;\nm.f x:int = A;\nm.f y:int = A;\na = A;";
    let dups: Vec<(u32, String)> = errors(src)
        .into_iter()
        .filter(|(_, _, m)| m.starts_with("duplicate method"))
        .map(|(line, _, m)| (line, m))
        .collect();
    assert_eq!(
        dups,
        [
            (
                4,
                "duplicate method `m.f`: first defined at t.tl:2:1".to_owned()
            ),
            (
                5,
                "duplicate method `m.f`: first defined at t.tl:2:1".to_owned()
            ),
        ]
    );
}
