//! The prost-build-style use of tl-codegen: generate bindings for the shipped schema into
//! OUT_DIR. Only rewritten when the output changes; reruns when any input changes.

fn main() {
    tl_codegen::Config::new()
        .schema("../schema/api.tl")
        .schema("../schema/mtproto.tl")
        .errors("../schema/errors.tsv", "../schema/methods.tsv")
        .compile()
        .unwrap_or_else(|e| panic!("{e}"));

    // The same method's closure alone, with serde derives: shows `methods` and `serde`.
    tl_codegen::Config::new()
        .schema("../schema/api.tl")
        .methods(["phone.requestCall"])
        .serde(true)
        .file_name("tl_serde.rs")
        .compile()
        .unwrap_or_else(|e| panic!("{e}"));
}
