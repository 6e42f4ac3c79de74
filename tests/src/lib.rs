//! Bindings the workspace tests run against. The tests themselves live in `tests/tests/`.
#![allow(missing_docs)]

/// Bindings for the shipped `schema/` (api.tl + mtproto.tl + errors tables), exactly as
/// committed under `tests/golden/` (the golden test keeps that file equal to the generator's
/// output).
pub mod seed {
    include!("../golden/schema.rs");
}

/// Bindings for the whole layer 230 (api.tl + mtproto.tl from grammers-tl-types 0.11), with
/// `Fill` impls and the `ROUNDTRIP` table.
pub mod full {
    include!(concat!(env!("OUT_DIR"), "/full_layer.rs"));
}
