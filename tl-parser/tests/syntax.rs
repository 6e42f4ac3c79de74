//! The dialect of Telegram's schema files, construct by construct, and the AST each one gives.

use tl_parser::ast::{Category, Definition, ParamKind, Schema, Type};

fn parse(src: &str) -> Schema {
    tl_parser::parse_str("t.tl", src).unwrap_or_else(|e| panic!("{e}"))
}

fn only(src: &str) -> Definition {
    parse(src).definitions.pop().expect("a definition")
}

fn ty_of<'a>(d: &'a Definition, param: &str) -> Type<'a> {
    let p = d
        .params()
        .iter()
        .find(|p| p.name() == param)
        .expect("parameter");
    match p.kind() {
        ParamKind::Normal { ty, .. } => ty,
        ParamKind::Flags => panic!("{param} is a flags field"),
    }
}

#[test]
fn namespaced_names_and_types() {
    let s = parse(
        "phone.phoneCall#ec82e140 phone_call:PhoneCall users:Vector<User> = phone.PhoneCall;\n\
         phoneCallEmpty = PhoneCall;\nuser = User;",
    );
    let d = &s.definitions[0];
    assert_eq!(d.namespace(), Some("phone"));
    assert_eq!(d.name(), "phoneCall");
    assert_eq!(d.full_name(), "phone.phoneCall");
    assert_eq!(d.qualified_name(), "phone.phoneCall");
    assert_eq!(d.result().namespace(), Some("phone"));
    assert_eq!(d.result().full_name(), "phone.PhoneCall");
    assert_eq!(d.explicit_id, Some(0xec82e140));
}

#[test]
fn sections_switch_categories_back_and_forth() {
    let s = parse("a = A;\n---functions---\nf = A;\n---types---\nb = A;\n---functions---\ng = A;");
    let cats: Vec<(&str, Category)> = s
        .definitions
        .iter()
        .map(|d| (d.name(), d.category))
        .collect();
    assert_eq!(
        cats,
        [
            ("a", Category::Type),
            ("f", Category::Function),
            ("b", Category::Type),
            ("g", Category::Function)
        ]
    );
}

#[test]
fn flags_conditions_and_true() {
    let d =
        only("a flags:# flags2:# x:flags.0?true y:flags2.31?Vector<long> z:flags.3?string = A;");
    let param = |i: usize| d.params().get(i).expect("parameter");
    assert!(matches!(param(0).kind(), ParamKind::Flags));
    assert!(matches!(param(1).kind(), ParamKind::Flags));
    let ParamKind::Normal {
        ty,
        flag: Some(flag),
    } = param(3).kind()
    else {
        panic!("y is conditional")
    };
    assert_eq!((flag.field(), flag.bit()), ("flags2", 31));
    assert_eq!(ty.name(), "Vector");
    assert_eq!(ty.arg().map(|a| a.name()), Some("long"));
    assert_eq!((flag.span().line, flag.span().col), (1, 37));
    assert_eq!(ty_of(&d, "x").name(), "true");
}

#[test]
fn generics_bang_bare_vector_and_percent() {
    let s = parse(
        "future_salt x:int = FutureSalt;\n\
         future_salts salts:vector<future_salt> = FutureSalts;\n\
         b x:%FutureSalt = B;\n\
         ---functions---\n\
         invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;",
    );
    let salts = ty_of(&s.definitions[1], "salts");
    assert_eq!(salts.name(), "vector");
    assert!(salts.is_bare());
    assert_eq!(salts.arg().map(|a| a.name()), Some("future_salt"));
    let bare = ty_of(&s.definitions[2], "x");
    assert!(bare.percent() && bare.is_bare());
    let invoke = &s.definitions[3];
    assert_eq!(invoke.generics().len(), 1);
    assert_eq!(invoke.generics().get(0).map(|g| g.name()), Some("X"));
    let query = ty_of(invoke, "query");
    assert!(query.generic_ref());
    assert_eq!(query.name(), "X");
    assert_eq!(invoke.result().name(), "X");
}

#[test]
fn builtin_lines_are_recognised_not_errors() {
    let s = parse(
        "int ? = Int;\nvector {t:Type} # [ t ] = Vector t;\n\
         vector#1cb5c415 {t:Type} # [ t ] = Vector t;\nint128 4*[ int ] = Int128;\n\
         a x:int128 y:Int = A;",
    );
    let b: Vec<(&str, Option<u32>, &str)> = s
        .builtins
        .iter()
        .map(|b| (b.name.as_str(), b.id, b.result.as_str()))
        .collect();
    assert_eq!(
        b,
        [
            ("int", None, "Int"),
            ("vector", None, "Vector"),
            ("vector", Some(0x1cb5c415), "Vector"),
            ("int128", None, "Int128"),
        ]
    );
    assert_eq!(s.builtins[1].text, "vector {t:Type} # [ t ] = Vector t;");
    assert_eq!(s.definitions.len(), 1);
}

#[test]
fn first_layer_comment_sets_the_layer() {
    let s = parse("// LAYER 229\na = A;\n// LAYER 5\n");
    assert_eq!(s.layer, Some(229));
    assert_eq!(parse("a = A;").layer, None);
    assert_eq!(parse("//LAYER 7\n").layer, Some(7));
    assert_eq!(parse("// LAYERS 7\n// LAYER x\n").layer, None);
}

#[test]
fn layer_from_the_first_file_that_has_one() {
    let files = [
        ("a.tl".to_owned(), "a = A;".to_owned()),
        ("b.tl".to_owned(), "// LAYER 12\nb = A;".to_owned()),
        ("c.tl".to_owned(), "// LAYER 13\nc = A;".to_owned()),
    ];
    let s = tl_parser::parse_files(&files).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.layer, Some(12));
    let files_of: Vec<u32> = s.definitions.iter().map(|d| d.span.file).collect();
    assert_eq!(files_of, [0, 1, 2]);
    assert_eq!(&*s.files[1].name, "b.tl");
}

#[test]
fn types_may_be_defined_in_another_file() {
    let files = [
        ("a.tl".to_owned(), "a x:B = A;".to_owned()),
        ("b.tl".to_owned(), "b = B;".to_owned()),
    ];
    assert!(tl_parser::parse_files(&files).is_ok());
}

#[test]
fn doc_comments_are_the_lines_directly_above() {
    let s = parse(
        "// not attached: blank line follows\n\n\
         // first line\n/// second line\na = A;\n\
         b = A; // trailing, belongs to nobody\n\
         c = A;\n\
         /* block\n * with stars\n */\nd = A;\n\
         // LAYER 1\ne = A;\n",
    );
    let docs: Vec<(&str, Option<&str>)> = s
        .definitions
        .iter()
        .map(|d| (d.name(), d.doc.as_deref()))
        .collect();
    assert_eq!(
        docs,
        [
            ("a", Some("first line\nsecond line")),
            ("b", None),
            ("c", None),
            ("d", Some("block\nwith stars")),
            ("e", None),
        ]
    );
}

#[test]
fn comments_inside_a_statement_and_multi_line_statements() {
    let s = parse("a /* one */ x:int // first\n   y:long\n= A; b = A;");
    let a = &s.definitions[0];
    assert_eq!(a.params().len(), 2);
    let y = a.params().get(1).expect("y");
    assert_eq!((y.span().line, y.span().col), (2, 4));
    assert_eq!(
        (s.definitions[1].span.line, s.definitions[1].span.col),
        (3, 6)
    );
}

#[test]
fn semicolons_in_comments_do_not_end_statements() {
    let s = parse("a x:int /* ; */ y:int // ;\n = A;");
    assert_eq!(s.definitions[0].params().len(), 2);
}

#[test]
fn white_space_is_free_between_tokens() {
    let tight = only("a x:int y:Vector<long>=A;");
    let loose = only("  a \t x:int\n\n y:Vector<long>\r\n =\n A ; ");
    assert!(tight.eq_ignoring_spans(&loose));
}

#[test]
fn empty_input_and_only_comments_give_an_empty_schema() {
    for src in [
        "",
        "   \n\n",
        "// just a comment",
        "/* block */",
        "// LAYER 3",
    ] {
        let s = parse(src);
        assert!(s.definitions.is_empty() && s.builtins.is_empty(), "{src:?}");
    }
}

#[test]
fn non_ascii_comments_are_fine() {
    let s = parse("// Привет, мир ✓ 🚀\n/* ünïcödé */ a x:int = A; // 日本語\n");
    assert_eq!(
        s.definitions[0].doc.as_deref(),
        Some("Привет, мир ✓ 🚀\nünïcödé")
    );
    // Columns count characters: `a` follows `/* ünïcödé */ `, 14 characters.
    assert_eq!(s.definitions[0].span.col, 15);
}

#[test]
fn spans_point_at_the_source() {
    let src = "xyz.abc flags:# f:flags.2?Vector<int> = xyz.Abc;";
    let d = only(src);
    assert_eq!(&src[d.span.range()], src);
    let f = d.params().get(1).expect("f");
    assert_eq!(&src[f.span().range()], "f:flags.2?Vector<int>");
    let ParamKind::Normal {
        ty,
        flag: Some(flag),
    } = f.kind()
    else {
        panic!("f is conditional")
    };
    assert_eq!(&src[flag.span().range()], "flags.2?");
    assert_eq!(&src[ty.span().range()], "Vector<int>");
    let arg = ty.arg().expect("arg");
    assert_eq!(&src[arg.span().range()], "int");
    assert_eq!((arg.span().line, arg.span().col), (1, 34));
    assert_eq!(&src[d.result().span().range()], "xyz.Abc");
}

#[test]
fn parse_paths_reports_unreadable_files_by_path() {
    let missing = std::path::Path::new("/nonexistent/dir/schema.tl");
    let e = tl_parser::parse_paths(&[missing]).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(&*e.0[0].file, "/nonexistent/dir/schema.tl");
    assert!(matches!(e.0[0].kind, tl_parser::ErrorKind::Io { .. }));
    assert!(
        e.to_string()
            .starts_with("/nonexistent/dir/schema.tl: cannot read file: "),
        "{e}"
    );
}

#[test]
fn parse_paths_reads_files() {
    let dir = std::env::temp_dir().join(format!("tl-parser-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let a = dir.join("a.tl");
    let b = dir.join("b.tl");
    std::fs::write(&a, "// LAYER 9\na x:B = A;").expect("write");
    std::fs::write(&b, b"b = B;\n// caf\xc3\xa9\n").expect("write");
    let s = tl_parser::parse_paths(&[&a, &b]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.layer, Some(9));
    assert_eq!(s.definitions.len(), 2);
    assert_eq!(&*s.files[1].name, b.display().to_string());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let s = tl_parser::parse_bytes("t.tl", b"\xef\xbb\xbfa = A;").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (s.definitions[0].span.line, s.definitions[0].span.col),
        (1, 1)
    );
    let e = tl_parser::parse_str("t.tl", "\u{feff}a x:Foo = A;").unwrap_err();
    assert_eq!((e.0[0].line, e.0[0].col), (1, 5));
    assert_eq!(e.0[0].source_line, "a x:Foo = A;");
}
