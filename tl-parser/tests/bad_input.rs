//! Hostile input: every byte sequence parses or gets positioned errors, never a panic or a
//! stack overflow.

use tl_parser::{ErrorKind, MAX_NESTING};

fn nested(depth: usize) -> String {
    format!(
        "a x:{}int{} = A;",
        "Vector<".repeat(depth),
        ">".repeat(depth)
    )
}

#[test]
fn ten_thousand_nested_vectors_are_an_error_not_a_stack_overflow() {
    let e = tl_parser::parse_str("t.tl", &nested(10_000)).unwrap_err();
    assert_eq!(e.len(), 1);
    // The 65th `<`: after `a x:` and 65 times `Vector<`.
    assert_eq!((e.0[0].line, e.0[0].col), (1, 4 + 65 * 7));
    assert_eq!(
        e.0[0].kind,
        ErrorKind::NestingTooDeep { limit: MAX_NESTING }
    );
}

#[test]
fn nesting_up_to_the_limit_is_fine() {
    let s = tl_parser::parse_str("t.tl", &nested(MAX_NESTING)).unwrap_or_else(|e| panic!("{e}"));
    let printed = s.definitions[0].to_string();
    assert_eq!(printed, nested(MAX_NESTING));
    assert!(tl_parser::parse_str("t.tl", &nested(MAX_NESTING + 1)).is_err());
}

#[test]
fn unbalanced_and_multi_line_nesting() {
    for src in [
        format!("a x:{} = A;", "Vector<".repeat(10_000)),
        format!("a x:int{} = A;", ">".repeat(10_000)),
        format!("a x:{}int = A;", "Vector<\n".repeat(10_000)),
        "<".repeat(100_000),
        format!("a x:{}", "Vector<".repeat(10_000)),
    ] {
        assert!(tl_parser::parse_str("t.tl", &src).is_err());
    }
}

#[test]
fn hundred_kilobyte_lines() {
    let comment = format!("// {}\na = A;", "x".repeat(100_000));
    assert!(tl_parser::parse_str("t.tl", &comment).is_ok());

    let params: String = (0..12_000).map(|i| format!(" p{i}:int")).collect();
    let wide = format!("a{params} = A;");
    assert!(wide.len() > 100_000);
    let s = tl_parser::parse_str("t.tl", &wide).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.definitions[0].params().len(), 12_000);

    let long_name = format!("{} = A;", "a".repeat(100_000));
    assert!(tl_parser::parse_str("t.tl", &long_name).is_ok());

    let garbage = "@".repeat(100_000);
    let e = tl_parser::parse_str("t.tl", &garbage).unwrap_err();
    assert_eq!(e.len(), 1);
    // The source line is cut around the column, not copied whole.
    assert!(e.0[0].source_line.chars().count() < 200);
}

#[test]
fn many_errors_on_one_long_line_stay_cheap() {
    let src = "a x:Foo = A; ".repeat(20_000);
    let started = std::time::Instant::now();
    let e = tl_parser::parse_str("t.tl", &src).unwrap_err();
    // 20,000 undefined types and 19,999 duplicate names and ids.
    assert_eq!(e.len(), 20_000 + 2 * 19_999);
    assert!(e.iter().all(|e| e.source_line.chars().count() < 200));
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    let last = e.iter().map(|e| e.col).max();
    assert_eq!(last, Some(19_999 * 13 + 5));
}

#[test]
fn invalid_utf8_anywhere() {
    for (bytes, line, col) in [
        (&b"\xff"[..], 1, 1),
        (b"a = A;\n\n  \xc3", 3, 3),
        (b"// caf\xc3\xa9 \xe2\x82\n", 1, 9),
        (b"a = A; /* \x80 */", 1, 11),
    ] {
        let e = tl_parser::parse_bytes("t.tl", bytes).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(
            (e.0[0].line, e.0[0].col, &e.0[0].kind),
            (line, col, &ErrorKind::InvalidUtf8)
        );
    }
}

#[test]
fn control_characters_and_nul_bytes() {
    for src in [
        "\0",
        "a\0 = A;",
        "a = A;\u{7}",
        "\u{feff}a = A;",
        "a x:int\u{b} = A;",
    ] {
        let result = tl_parser::parse_str("t.tl", src);
        if let Err(e) = result {
            assert!(e.iter().all(|e| e.line >= 1 && e.col >= 1), "{src:?}: {e}");
        }
    }
}

/// A small deterministic generator, so that the test is the same on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_schema_like_input_parses_or_fails_cleanly() {
    const PIECES: &[&str] = &[
        "a",
        "B",
        "x",
        "flags",
        ":",
        "#",
        "#1f",
        ".",
        "0",
        "32",
        "?",
        "true",
        "Vector",
        "<",
        ">",
        "{",
        "}",
        "X:Type",
        "!",
        "%",
        "=",
        ";",
        " ",
        "\n",
        "//",
        "/*",
        "*/",
        "---functions---",
        "---types---",
        "int",
        "bytes",
        "é",
        "\t",
        "[",
        "]",
        "*",
    ];
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut parsed = 0;
    for _ in 0..5_000 {
        let len = (rng.next() % 40) as usize;
        let src: String = (0..len)
            .map(|_| PIECES[(rng.next() % PIECES.len() as u64) as usize])
            .collect();
        match tl_parser::parse_str("t.tl", &src) {
            Ok(schema) => {
                parsed += 1;
                let again = tl_parser::parse_str("again.tl", &schema.to_string())
                    .unwrap_or_else(|e| panic!("{src:?} printed as {schema} fails: {e}"));
                assert_eq!(again.definitions.len(), schema.definitions.len());
            }
            Err(e) => assert!(!e.is_empty()),
        }
    }
    assert!(parsed > 0);
}
