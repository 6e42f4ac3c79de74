//! Model → tokens. One file per kind of item; `Ctx` carries what every emitter needs.

mod codec;
mod docs;
mod enums;
mod errors;
mod fill;
mod root;
mod structs;

use proc_macro2::TokenStream;
use quote::quote;
use tl_parser::errors_table::ErrorsTable;

use crate::layout::Layout;
use crate::model::Model;
pub use codec::ident;

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
}

/// Everything the emitters share.
pub struct Ctx<'a> {
    /// The resolved schema.
    pub model: &'a Model<'a>,
    /// Boxing decisions.
    pub layout: &'a Layout,
    /// Errors and bot usability, if given.
    pub table: Option<&'a ErrorsTable>,
    /// Tokens of the runtime path.
    pub rt: TokenStream,
    /// Options.
    pub opts: &'a EmitOptions,
}

/// Which of the three module trees an item lives in.
#[derive(Clone, Copy)]
pub enum Tree {
    /// `types`
    Types,
    /// `enums`
    Enums,
    /// `functions`
    Functions,
}

impl Ctx<'_> {
    /// `super::super` for depth 2.
    pub fn root(&self, depth: usize) -> TokenStream {
        let supers = (0..depth).map(|_| quote!(super));
        quote!(#(#supers)::*)
    }

    fn path(&self, tree: Tree, module: &Option<String>, name: &str, depth: usize) -> TokenStream {
        let root = self.root(depth);
        let tree = match tree {
            Tree::Types => quote!(types),
            Tree::Enums => quote!(enums),
            Tree::Functions => quote!(functions),
        };
        let name = ident(name);
        match module {
            Some(m) => {
                let m = ident(m);
                quote!(#root::#tree::#m::#name)
            }
            None => quote!(#root::#tree::#name),
        }
    }

    /// Path to enum `e` from a module at `depth`.
    pub fn enum_path(&self, e: usize, depth: usize) -> TokenStream {
        let e = &self.model.enums[e];
        self.path(Tree::Enums, &e.module, &e.name, depth)
    }

    /// Path to constructor struct `c` from a module at `depth`.
    pub fn ctor_path(&self, c: usize, depth: usize) -> TokenStream {
        let c = &self.model.ctors[c];
        self.path(Tree::Types, &c.module, &c.name, depth)
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

/// Emits the whole file's items (without the header).
pub fn emit(ctx: &Ctx<'_>) -> TokenStream {
    root::emit(ctx)
}

/// Depth of an item's module below the root: 1 in a tree, 2 in a namespace module.
pub fn depth(module: &Option<String>) -> usize {
    if module.is_some() { 2 } else { 1 }
}
