//! Printing: canonical TL for the AST, rustc-style text for errors.

fn parse(src: &str) -> tl_parser::ast::Schema {
    tl_parser::parse_str("t.tl", src).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn definitions_print_canonically() {
    let s = parse("phone.phoneCall   x:Vector<int>=phone.PhoneCall ;");
    assert_eq!(
        s.definitions[0].to_string(),
        "phone.phoneCall x:Vector<int> = phone.PhoneCall;"
    );
    let s = parse("---functions---\ninvokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;");
    assert_eq!(
        s.definitions[0].to_string(),
        "invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;"
    );
}

#[test]
fn alternate_form_always_prints_the_id() {
    let s = parse("boolTrue = Bool;");
    let d = &s.definitions[0];
    assert_eq!(format!("{d}"), "boolTrue = Bool;");
    assert_eq!(format!("{d:#}"), "boolTrue#997275b5 = Bool;");
}

#[test]
fn parameters_types_and_flags_print_as_written() {
    let s = parse("a flags:# b:flags.3?%Foo c:vector<a> = Foo;");
    let d = &s.definitions[0];
    let printed: Vec<String> = d.params().iter().map(|p| p.to_string()).collect();
    assert_eq!(printed, ["flags:#", "b:flags.3?%Foo", "c:vector<a>"]);
    assert_eq!(d.result().to_string(), "Foo");
}

#[test]
fn schema_prints_layer_builtins_types_then_functions_with_docs() {
    let src =
        "// LAYER 7\nint ? = Int;\n---functions---\n// Gets a.\nf = A;\n---types---\na = A;\n";
    let s = parse(src);
    assert_eq!(
        s.to_string(),
        "// LAYER 7\n\nint ? = Int;\n\na = A;\n\n---functions---\n\n// Gets a.\nf = A;\n"
    );
    let again = parse(&s.to_string());
    assert_eq!(again.definitions[1].doc.as_deref(), Some("Gets a."));
    assert_eq!(again.layer, Some(7));
}

#[test]
fn errors_print_like_rustc() {
    let e = tl_parser::parse_str("dir/t.tl", "a = A;\n\tb x:Foo = A;").unwrap_err();
    assert_eq!(
        e.to_string(),
        "dir/t.tl:2:6: undefined type `Foo`: expected a type some constructor produces, a \
         constructor name, a generic parameter or a built-in type\n\
         2 | \tb x:Foo = A;\n  \
           | \t    ^"
    );
}

#[test]
fn all_errors_are_printed_one_after_another() {
    let e = tl_parser::parse_str("t.tl", "a#zz = A;\nb x:Foo = A;").unwrap_err();
    let text = e.to_string();
    assert_eq!(text.matches("t.tl:").count(), 2);
    assert!(
        text.contains("t.tl:1:3: expected a constructor id"),
        "{text}"
    );
    assert!(
        text.contains("\n\nt.tl:2:5: undefined type `Foo`"),
        "{text}"
    );
    let source: &dyn std::error::Error = &e;
    assert_eq!(source.to_string(), text);
}

#[test]
fn long_lines_are_cut_around_the_caret() {
    let src = format!("{} x:Foo = A;", "a".repeat(1_000));
    let e = tl_parser::parse_str("t.tl", &src).unwrap_err();
    let err = &e.0[0];
    assert_eq!(err.col, 1_004);
    assert!(err.source_line.starts_with('…'));
    let caret_char = err.source_line.chars().nth(err.caret as usize - 1);
    assert_eq!(caret_char, Some('F'));
    let printed = err.to_string();
    let lines: Vec<&str> = printed.lines().collect();
    let col_of = |line: &str, c: char| line.chars().position(|x| x == c);
    assert_eq!(col_of(lines[2], '^'), col_of(lines[1], 'F'));
}
