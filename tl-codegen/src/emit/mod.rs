//! Model → tokens → formatted text. One file per kind of item; `Ctx` carries what every
//! emitter needs. Every generated namespace module starts with the same imports (`enums`,
//! `types`, the runtime as `_rt` and its traits), so item paths are short and uniform.

mod codec;
mod docs;
mod enums;
mod errors;
mod fill;
mod format;
mod root;
mod server;
mod structs;

use proc_macro2::TokenStream;
use quote::quote;
use tl_parser::errors_table::ErrorsTable;

use crate::layout::Layout;
use crate::model::Model;
pub use codec::ident;
pub use format::render;
pub use server::check as check_server;

/// Options that change what is emitted.
#[derive(Clone, Debug)]
pub struct EmitOptions {
    /// Path of the runtime crate (`::tl_runtime`).
    pub runtime_path: String,
    /// Derive `serde::Serialize` / `serde::Deserialize`.
    pub serde: bool,
    /// Emit a compile-time assertion that every enum is at most this many bytes.
    pub max_enum_size: Option<usize>,
    /// Emit `Fill` impls and the `ROUNDTRIP` table (for whole-layer tests).
    pub fill: bool,
    /// Format with prettyplease (readable, slower); otherwise one line per chunk of items.
    pub pretty: bool,
    /// Emit `pub mod server`: a `Handler` trait with a method per RPC and `dispatch`.
    pub server: bool,
}

/// Everything the emitters share (read-only, shared across formatting threads).
pub struct Ctx<'a> {
    /// The resolved schema.
    pub model: &'a Model<'a>,
    /// Boxing decisions.
    pub layout: &'a Layout,
    /// Errors and bot usability, if given.
    pub table: Option<&'a ErrorsTable>,
    /// Options.
    pub opts: &'a EmitOptions,
    /// Whether no generated type is named like a prelude type (`Option`, `Vec`, ...), so the
    /// short prelude names can be used.
    pub prelude_ok: bool,
}

/// Prelude names a generated type could shadow.
const PRELUDE: &[(&str, &str)] = &[
    ("Option", "::core::option::Option"),
    ("Some", "::core::option::Option::Some"),
    ("None", "::core::option::Option::None"),
    ("Vec", "::std::vec::Vec"),
    ("String", "::std::string::String"),
    ("Box", "::std::boxed::Box"),
    ("Ok", "::core::result::Result::Ok"),
    ("Err", "::core::result::Result::Err"),
    ("Result", "::core::result::Result"),
];

impl<'a> Ctx<'a> {
    /// A context; checks whether prelude names are safe to use.
    pub fn new(
        model: &'a Model<'a>,
        layout: &'a Layout,
        table: Option<&'a ErrorsTable>,
        opts: &'a EmitOptions,
    ) -> Self {
        let prelude_ok = !model
            .ctors
            .iter()
            .chain(&model.funcs)
            .map(|i| i.name.as_str())
            .chain(model.enums.iter().map(|e| e.name.as_str()))
            .any(|n| PRELUDE.iter().any(|(p, _)| *p == n));
        Self {
            model,
            layout,
            table,
            opts,
            prelude_ok,
        }
    }

    /// A prelude item, by its short name when that is safe.
    pub fn prelude(&self, name: &str) -> TokenStream {
        let full = PRELUDE
            .iter()
            .find(|(p, _)| *p == name)
            .map(|(_, f)| *f)
            .expect("known prelude name");
        let text = if self.prelude_ok { name } else { full };
        text.parse().expect("path tokens")
    }

    /// Path to enum `e` from any generated module.
    pub fn enum_path(&self, e: usize) -> TokenStream {
        let e = &self.model.enums[e];
        item_path(quote!(enums), &e.module, &e.name)
    }

    /// Path to constructor struct `c` from any generated module.
    pub fn ctor_path(&self, c: usize) -> TokenStream {
        let c = &self.model.ctors[c];
        item_path(quote!(types), &c.module, &c.name)
    }

    /// The derive attribute every generated type gets.
    pub fn derives(&self) -> TokenStream {
        if self.opts.serde {
            quote!(#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)])
        } else {
            quote!(#[derive(Debug, Clone, PartialEq)])
        }
    }
}

fn item_path(tree: TokenStream, module: &Option<String>, name: &str) -> TokenStream {
    let name = ident(name);
    match module {
        Some(m) => {
            let m = ident(m);
            quote!(#tree::#m::#name)
        }
        None => quote!(#tree::#name),
    }
}
