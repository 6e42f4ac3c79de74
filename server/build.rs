//! Bindings for the shipped schema with the typed server dispatcher switched on.

fn main() {
    tl_codegen::Config::new()
        .schema("../schema/api.tl")
        .schema("../schema/mtproto.tl")
        .errors("../schema/errors.tsv", "../schema/methods.tsv")
        .server(true)
        .compile()
        .unwrap_or_else(|e| panic!("{e}"));
}
