//! Parse the full layer (api.tl + mtproto.tl) with this crate (parse, validate, id check) and
//! with grammers-tl-parser 1.2 (collecting every definition), in one binary so the two figures
//! are comparable.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn inputs() -> Vec<(String, String)> {
    [tl_fixtures::api_tl(), tl_fixtures::mtproto_tl()]
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("read fixture");
            (p.display().to_string(), text)
        })
        .collect()
}

fn parse(c: &mut Criterion) {
    let files = inputs();
    let mut group = c.benchmark_group("parse api.tl + mtproto.tl");
    group.bench_function("tl-parser", |b| {
        b.iter(|| {
            let schema = tl_parser::parse_files(black_box(&files)).expect("full layer parses");
            schema.definitions.len()
        })
    });
    group.bench_function("grammers-tl-parser", |b| {
        b.iter(|| {
            let mut n = 0;
            for (_, text) in black_box(&files) {
                let defs: Vec<_> = grammers_tl_parser::parse_tl_file(text).collect();
                n += defs.len();
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
