//! Parse the full layer (api.tl + mtproto.tl) with this crate (parse, validate, id check) and
//! with grammers-tl-parser 1.2 (collecting every definition), in one binary so the figures are
//! comparable. Each routine returns its result, so dropping it is timed too, as a caller pays
//! for it.
//!
//! A third figure, cloning the parsed schema, is the cost of merely allocating and freeing an
//! AST of this shape: the floor under any parser that builds it.

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
    let mut group = c.benchmark_group("full layer");
    group.bench_function("tl-parser", |b| {
        b.iter(|| tl_parser::parse_files(black_box(&files)).expect("full layer parses"))
    });
    group.bench_function("grammers-tl-parser", |b| {
        b.iter(|| {
            black_box(&files)
                .iter()
                .flat_map(|(_, text)| grammers_tl_parser::parse_tl_file(text))
                .collect::<Vec<_>>()
        })
    });
    let schema = tl_parser::parse_files(&files).expect("full layer parses");
    group.bench_function("clone of the tl-parser AST", |b| {
        b.iter(|| black_box(&schema).clone())
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
