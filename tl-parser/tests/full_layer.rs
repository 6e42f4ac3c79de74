//! The full layer-230 schema shipped in grammers-tl-types 0.11: it parses cleanly, every
//! explicit id checks out, the counts are exact, and printing it parses back to the same AST.

use std::path::PathBuf;

use tl_parser::ast::{Category, Definition, Schema};
use tl_parser::ids::{self, KNOWN_ID_EXCEPTIONS};

fn read(path: PathBuf) -> (String, String) {
    let text = std::fs::read_to_string(&path).expect("read fixture");
    (path.display().to_string(), text)
}

fn api_only() -> Schema {
    tl_parser::parse_files(&[read(tl_fixtures::api_tl())]).unwrap_or_else(|e| panic!("{e}"))
}

fn full() -> Schema {
    tl_parser::parse_paths(&[tl_fixtures::api_tl(), tl_fixtures::mtproto_tl()])
        .unwrap_or_else(|e| panic!("{e}"))
}

fn count(schema: &Schema, category: Category) -> usize {
    schema
        .definitions
        .iter()
        .filter(|d| d.category == category)
        .count()
}

/// Definitions with an explicit id, split into those whose computed id matches and the rest.
fn explicit_ids(schema: &Schema) -> (usize, Vec<String>) {
    let explicit: Vec<&Definition> = schema
        .definitions
        .iter()
        .filter(|d| d.explicit_id.is_some())
        .collect();
    let matched = explicit
        .iter()
        .filter(|d| d.explicit_id == Some(d.computed_id))
        .count();
    let other = explicit
        .iter()
        .filter(|d| d.explicit_id != Some(d.computed_id))
        .map(|d| d.full_name())
        .collect();
    (matched, other)
}

#[test]
fn api_tl_alone_has_exact_counts_and_every_id_matches() {
    let s = api_only();
    assert_eq!(s.layer, Some(230));
    assert_eq!(count(&s, Category::Type), 1703);
    assert_eq!(count(&s, Category::Function), 850);
    // `vector#1cb5c415 {t:Type} # [ t ] = Vector t;` is a built-in line, not a constructor.
    assert_eq!(s.builtins.len(), 1);
    assert_eq!(s.builtins[0].name, "vector");
    assert_eq!(s.builtins[0].id, Some(0x1cb5c415));
    let (matched, other) = explicit_ids(&s);
    assert_eq!(matched, 2553);
    assert!(other.is_empty(), "{other:?}");
    assert!(s.definitions.iter().all(|d| d.explicit_id.is_some()));
}

#[test]
fn api_and_mtproto_have_exact_counts_and_ids() {
    let s = full();
    assert_eq!(s.layer, Some(230));
    assert_eq!(s.files.len(), 2);
    assert_eq!(count(&s, Category::Type), 1752);
    assert_eq!(count(&s, Category::Function), 860);
    // api.tl's `vector#…` plus mtproto.tl's int, long, double, string, vector, int128, int256.
    assert_eq!(s.builtins.len(), 8);
    let (matched, mut other) = explicit_ids(&s);
    other.sort();
    assert_eq!(matched, 2601);
    assert_eq!(
        other,
        ["accessPointRule", "help.configSimple", "ipPortSecret"]
    );
    assert!(
        other
            .iter()
            .all(|name| KNOWN_ID_EXCEPTIONS.contains(&name.as_str()))
    );
    assert_eq!(matched + other.len(), 2604);
    // The TLS hello description in mtproto.tl has no ids written.
    let without: Vec<String> = s
        .definitions
        .iter()
        .filter(|d| d.explicit_id.is_none())
        .map(|d| d.full_name())
        .collect();
    assert_eq!(without.len(), 8);
    assert!(without.iter().all(|n| n.starts_with("tls")), "{without:?}");
}

#[test]
fn spans_carry_the_file_index() {
    let s = full();
    let rpc_error = s
        .definitions
        .iter()
        .find(|d| d.name() == "rpc_error")
        .expect("rpc_error");
    assert_eq!(rpc_error.span.file, 1);
    let request_call = s
        .definitions
        .iter()
        .find(|d| d.full_name() == "phone.requestCall")
        .expect("phone.requestCall");
    assert_eq!(request_call.span.file, 0);
    assert_eq!((request_call.span.line, request_call.span.col), (3059, 1));
    let text = &s.files[0].text[request_call.span.range()];
    assert!(text.starts_with("phone.requestCall#42ff96ed ") && text.ends_with(';'));
}

#[test]
fn fast_path_and_grammar_build_identical_asts() {
    let files = [read(tl_fixtures::api_tl()), read(tl_fixtures::mtproto_tl())];
    let fast = tl_parser::parse_files(&files).unwrap_or_else(|e| panic!("{e}"));
    let grammar = tl_parser::parse_files_grammar_only(&files).unwrap_or_else(|e| panic!("{e}"));
    // Spans included: the fast path must point at exactly what the grammar points at.
    assert_eq!(fast, grammar);
}

#[test]
fn printing_and_parsing_again_gives_the_same_definitions() {
    let s = full();
    let printed = s.to_string();
    let again = tl_parser::parse_str("printed.tl", &printed).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.layer, s.layer);
    assert_eq!(again.builtins.len(), s.builtins.len());
    for category in [Category::Type, Category::Function] {
        let before: Vec<&Definition> = s
            .definitions
            .iter()
            .filter(|d| d.category == category)
            .collect();
        let after: Vec<&Definition> = again
            .definitions
            .iter()
            .filter(|d| d.category == category)
            .collect();
        assert_eq!(before.len(), after.len());
        for (a, b) in before.iter().zip(&after) {
            assert!(a.eq_ignoring_spans(b), "{a}\n{b}");
        }
    }
}

#[test]
fn each_definition_prints_as_one_canonical_line() {
    let s = full();
    for d in &s.definitions {
        let line = d.to_string();
        assert!(!line.contains('\n') && line.ends_with(';'), "{line}");
        let reparsed = tl_parser::parse_str("one.tl", &line);
        // Alone, a definition may name types defined elsewhere; only syntax must hold.
        if let Err(errors) = reparsed {
            assert!(
                errors
                    .iter()
                    .all(|e| matches!(e.kind, tl_parser::ErrorKind::UndefinedType { .. })),
                "{line}\n{errors}"
            );
        }
    }
    let request_call = s
        .definitions
        .iter()
        .find(|d| d.full_name() == "phone.requestCall");
    assert_eq!(
        request_call.map(ToString::to_string).as_deref(),
        Some(
            "phone.requestCall#42ff96ed flags:# video:flags.0?true user_id:InputUser \
             random_id:int g_a_hash:bytes protocol:PhoneCallProtocol = phone.PhoneCall;"
        )
    );
}

#[test]
fn computed_ids_of_the_layer_match_the_public_function() {
    let s = full();
    for d in &s.definitions {
        assert_eq!(ids::compute_id(d), d.computed_id, "{d}");
    }
}
