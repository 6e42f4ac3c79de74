//! Bindings for `schema/` (phone.requestCall and every type it reaches, plus the MTProto
//! service layer), generated at build time by `build.rs`.

/// The generated bindings.
pub mod tl {
    include!(concat!(env!("OUT_DIR"), "/tl.rs"));
}

/// phone.requestCall's closure alone, with serde's `Serialize`/`Deserialize` derived.
pub mod tl_serde {
    include!(concat!(env!("OUT_DIR"), "/tl_serde.rs"));
}

/// Placing and answering end-to-end encrypted calls with these bindings (feature `phone`).
#[cfg(feature = "phone")]
pub mod phone;
