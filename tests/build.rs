//! Generates the full layer-230 bindings (api.tl + mtproto.tl from the grammers-tl-types
//! package) with example-value fillers and enum size assertions, for the whole-layer tests.

fn main() {
    let dir = tl_fixtures::grammers_tl_dir();
    tl_codegen::Config::new()
        .schema(dir.join("api.tl"))
        .schema(dir.join("mtproto.tl"))
        .file_name("full_layer.rs")
        .fill(true)
        .max_enum_size(Some(128))
        .compile()
        .unwrap_or_else(|e| panic!("{e}"));
}
