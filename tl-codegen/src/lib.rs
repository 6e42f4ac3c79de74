//! Rust code generation from TL schemas.
//!
//! text → [`tl_parser`] AST → [`model`] (names and types resolved) → [`layout`] (boxing) →
//! tokens (`quote`) → `syn::File` → formatted text (prettyplease). Use [`Config`] from build.rs
//! or the `tlgen` CLI.
#![deny(missing_docs)]

mod config;
pub mod emit;
pub mod error;
pub mod generate;
pub mod layout;
pub mod model;
pub mod names;

pub use config::{Config, write_if_changed};
pub use error::{CodegenError, CodegenErrors};
pub use generate::{Input, Options, generate_sources};

/// One-line shortcut for build.rs: `tl_codegen::compile_schemas(&["schema/api.tl"])`.
pub fn compile_schemas(
    schemas: &[impl AsRef<std::path::Path>],
) -> Result<std::path::PathBuf, CodegenErrors> {
    let mut c = Config::new();
    for s in schemas {
        c.schema(s);
    }
    c.compile()
}
