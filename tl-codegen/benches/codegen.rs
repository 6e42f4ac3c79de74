//! Full-layer code generation, ours and grammers-tl-gen 0.11, in one binary.
//!
//! Both start from the text of api.tl + mtproto.tl and end with Rust source in memory: ours
//! parses, validates, checks ids, resolves names, and formats with prettyplease; grammers parses
//! and writes unformatted text. Ours is measured formatted (the default) and unformatted
//! (`Config::pretty(false)`). Run: `cargo bench -p tl-codegen --bench codegen`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tl_codegen::{Input, Options, emit::EmitOptions, generate_sources};

fn inputs() -> Vec<Input> {
    [tl_fixtures::api_tl(), tl_fixtures::mtproto_tl()]
        .iter()
        .map(|p| Input {
            name: p.display().to_string(),
            text: std::fs::read_to_string(p).expect("read schema"),
        })
        .collect()
}

fn ours(inputs: &[Input], pretty: bool) -> String {
    let opts = Options {
        methods: vec![],
        emit: EmitOptions {
            runtime_path: "::tl_runtime".into(),
            serde: false,
            max_enum_size: None,
            fill: false,
            pretty,
            server: false,
        },
    };
    generate_sources(inputs, None, &opts).expect("generate")
}

fn grammers(inputs: &[Input]) -> usize {
    let mut defs = Vec::new();
    for i in inputs {
        defs.extend(grammers_tl_parser::parse_tl_file(&i.text).filter_map(Result::ok));
    }
    let mut out = grammers_tl_gen::Outputs {
        common: Vec::new(),
        types: Vec::new(),
        functions: Vec::new(),
        enums: Vec::new(),
    };
    let config = grammers_tl_gen::Config {
        gen_name_for_id: true,
        deserializable_functions: true,
        ..Default::default()
    };
    grammers_tl_gen::generate_rust_code(&mut out, &defs, 230, &config).expect("generate");
    out.common.len() + out.types.len() + out.functions.len() + out.enums.len()
}

fn bench(c: &mut Criterion) {
    let inputs = inputs();
    let text = ours(&inputs, true);
    eprintln!(
        "ours: {} bytes, {} lines; grammers: {} bytes",
        text.len(),
        text.lines().count(),
        grammers(&inputs)
    );
    let mut g = c.benchmark_group("full_layer_codegen");
    g.sample_size(20);
    g.bench_function("ours (prettyplease)", |b| {
        b.iter(|| black_box(ours(black_box(&inputs), true)))
    });
    g.bench_function("ours (unformatted)", |b| {
        b.iter(|| black_box(ours(black_box(&inputs), false)))
    });
    g.bench_function("grammers-tl-gen", |b| {
        b.iter(|| black_box(grammers(black_box(&inputs))))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
