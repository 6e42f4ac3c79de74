//! Any bytes: `parse_bytes` returns `Ok` or `Err`, never panics; the hand-written fast path and
//! the pest grammar agree on everything (AST with spans, or the errors); and a schema that
//! parses prints to text that parses back to the same definitions.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tl_parser::ast::{Category, Schema};

fuzz_target!(|data: &[u8]| {
    let result = tl_parser::parse_bytes("fuzz.tl", data);
    if let Ok(text) = std::str::from_utf8(data) {
        let files = [("fuzz.tl".to_owned(), text.to_owned())];
        let grammar = tl_parser::parse_files_grammar_only(&files);
        assert_eq!(result, grammar, "fast path and grammar disagree");
    }
    if let Ok(schema) = &result {
        round_trip(schema);
    }
});

fn round_trip(schema: &Schema) {
    let printed = schema.to_string();
    let again = match tl_parser::parse_str("printed.tl", &printed) {
        Ok(again) => again,
        Err(e) => panic!("printed schema does not parse:\n{printed}\n{e}"),
    };
    assert_eq!(again.builtins.len(), schema.builtins.len());
    if schema.layer.is_some() {
        assert_eq!(again.layer, schema.layer);
    }
    for category in [Category::Type, Category::Function] {
        let before = schema.definitions.iter().filter(|d| d.category == category);
        let after = again.definitions.iter().filter(|d| d.category == category);
        assert_eq!(before.clone().count(), after.clone().count());
        for (a, b) in before.zip(after) {
            assert!(a.eq_ignoring_spans(b), "{a}\nprinted and parsed as\n{b}");
        }
    }
}
