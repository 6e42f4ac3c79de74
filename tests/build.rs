//! Generates the full layer-230 bindings (api.tl + mtproto.tl from the grammers-tl-types
//! package) with example-value fillers and enum size assertions, for the whole-layer tests;
//! then, from the same schema, the differential test's table of checks against
//! grammers-tl-types (`differential_table.rs`) and the Telethon cross-check's JSON emitter
//! (`telethon_json.rs`).

#[path = "build/differential.rs"]
mod differential;
#[path = "build/telethon.rs"]
mod telethon;

use std::path::PathBuf;

fn main() {
    let dir = tl_fixtures::grammers_tl_dir();
    tl_codegen::Config::new()
        .schema(dir.join("api.tl"))
        .schema(dir.join("mtproto.tl"))
        .file_name("full_layer.rs")
        .fill(true)
        // Nobody reads these; formatting would only slow the (unoptimized) build script.
        .pretty(false)
        .max_enum_size(Some(128))
        .compile()
        .unwrap_or_else(|e| panic!("{e}"));

    // The same parse and model the generator used for full_layer.rs, so every path written
    // below names an item that exists there.
    let schema = tl_parser::parse_paths(&[dir.join("api.tl"), dir.join("mtproto.tl")])
        .unwrap_or_else(|e| panic!("{e}"));
    let model = tl_codegen::model::Model::build(&schema)
        .unwrap_or_else(|e| panic!("{}", tl_codegen::CodegenErrors(e)));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set for build.rs"));
    differential::write(&model, &schema, &dir, &out.join("differential_table.rs"));
    telethon::write(&model, &out.join("telethon_json.rs"));
}
