//! Parse the full layer (api.tl + mtproto.tl) with this crate (parse, validate, id check) and
//! with grammers-tl-parser 1.2 (collecting every definition), in one binary so the figures are
//! comparable. Each routine returns its result, so dropping it is timed too, as a caller pays
//! for it.
//!
//! A third figure, cloning the parsed schema, is the cost of merely allocating and freeing an
//! AST of this shape: the floor under any parser that builds it.
//!
//! A counting global allocator prints the allocations of one parse on each side before the
//! timings; it counts only inside [`count_allocs`], so the timed loops pay one relaxed load per
//! call. `TL_BENCH_PROFILE=SIDE:N` (`ours`, `grammers` or `clone`) runs one side N times instead
//! of the benchmarks, for callgrind: the difference between the counts at N and at 0, divided by
//! N, is the cost of one parse, whatever the machine's load.

use std::hint::black_box;
use tl_fixtures::alloc::{CountingAlloc, count_allocs};

use criterion::{Criterion, criterion_group, criterion_main};

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

fn inputs() -> Vec<(String, String)> {
    [tl_fixtures::api_tl(), tl_fixtures::mtproto_tl()]
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("read fixture");
            (p.display().to_string(), text)
        })
        .collect()
}

fn ours(files: &[(String, String)]) -> tl_parser::ast::Schema {
    tl_parser::parse_files(files).expect("full layer parses")
}

fn grammers(
    files: &[(String, String)],
) -> Vec<Result<grammers_tl_parser::tl::Definition, grammers_tl_parser::errors::ParseError>> {
    files
        .iter()
        .flat_map(|(_, text)| grammers_tl_parser::parse_tl_file(text))
        .collect()
}

fn parse(c: &mut Criterion) {
    let files = inputs();
    let schema = ours(&files);

    if let Ok(spec) = std::env::var("TL_BENCH_PROFILE") {
        let (side, n) = spec.rsplit_once(':').expect("SIDE:N");
        let n: usize = n.parse().expect("N is a number");
        for _ in 0..n {
            match side {
                "ours" => drop(black_box(ours(black_box(&files)))),
                "grammers" => drop(black_box(grammers(black_box(&files)))),
                "clone" => drop(black_box(black_box(&schema).clone())),
                _ => panic!("unknown side {side:?}"),
            }
        }
        return;
    }

    let report = |side: &str, (allocs, reallocs): (usize, usize)| {
        println!("allocs  {side:<20} {allocs:>7} (+{reallocs} realloc)");
    };
    report("tl-parser", count_allocs(|| ours(&files)));
    report("grammers-tl-parser", count_allocs(|| grammers(&files)));
    report("clone of our AST", count_allocs(|| schema.clone()));

    let mut group = c.benchmark_group("full layer");
    group.bench_function("tl-parser", |b| b.iter(|| ours(black_box(&files))));
    group.bench_function("grammers-tl-parser", |b| {
        b.iter(|| grammers(black_box(&files)))
    });
    group.bench_function("clone of the tl-parser AST", |b| {
        b.iter(|| black_box(&schema).clone())
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
