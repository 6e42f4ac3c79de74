//! Rust code generation from TL schemas.
#![deny(missing_docs)]
