//! The file's top level: `LAYER`, the id → name lookup, and the three module trees.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::codec::{id_lit, ident};
use super::structs::{self, Role};
use super::{Ctx, enums, errors, fill};

/// Items grouped by namespace module; the root namespace is `None` and comes first.
type Groups = BTreeMap<Option<String>, Vec<TokenStream>>;

fn tree(name: &str, doc: &str, groups: Groups) -> TokenStream {
    let tree = ident(name);
    let mut root_items = Vec::new();
    let mut modules = Vec::new();
    for (module, items) in groups {
        match module {
            None => root_items = items,
            Some(m) => {
                let mdoc = format!(" Items of the `{m}` namespace.");
                let m = ident(&m);
                modules.push(quote! {
                    #[doc = #mdoc]
                    pub mod #m { #(#items)* }
                });
            }
        }
    }
    let doc = super::docs::attrs(doc);
    quote! {
        #doc
        #[allow(clippy::all, clippy::pedantic, unused_imports)]
        pub mod #tree {
            #(#root_items)*
            #(#modules)*
        }
    }
}

/// Emits everything below the header.
pub fn emit(ctx: &Ctx<'_>) -> TokenStream {
    let model = ctx.model;

    let mut types = Groups::new();
    for c in &model.ctors {
        types
            .entry(c.module.clone())
            .or_default()
            .push(structs::emit(ctx, c, Role::Ctor));
    }
    let mut enum_groups = Groups::new();
    for (ei, e) in model.enums.iter().enumerate() {
        enum_groups
            .entry(e.module.clone())
            .or_default()
            .push(enums::emit(ctx, ei, e));
    }
    let mut funcs = Groups::new();
    for f in &model.funcs {
        let g = funcs.entry(f.module.clone()).or_default();
        g.push(structs::emit(ctx, f, Role::Function));
        g.push(errors::emit(ctx, f));
    }

    let layer = match model.schema.layer {
        Some(l) => {
            let l = proc_macro2::Literal::i32_unsuffixed(l as i32);
            quote! {
                /// The schema layer these bindings were generated from.
                pub const LAYER: i32 = #l;
            }
        }
        None => quote!(),
    };

    let mut ids: Vec<(u32, String)> = model
        .ctors
        .iter()
        .chain(&model.funcs)
        .map(|i| (i.def.id(), i.def.full_name()))
        .collect();
    ids.sort();
    ids.dedup_by_key(|(id, _)| *id);
    let arms = ids.iter().map(|(id, name)| {
        let id = id_lit(*id);
        quote!(#id => Some(#name))
    });

    let types = tree(
        "types",
        "A struct per constructor: the bare values of the schema's types.",
        types,
    );
    let enums = tree(
        "enums",
        "An enum per boxed type: which constructor a value was built with.",
        enum_groups,
    );
    let functions = tree(
        "functions",
        "A struct per method (implementing `RemoteCall`), and its typed error enum.",
        funcs,
    );

    let roundtrip = fill::table(ctx);
    quote! {
        #layer

        /// The TL name of a constructor or method id, if this schema defines it.
        pub fn name_for_id(id: u32) -> ::core::option::Option<&'static str> {
            match id {
                #(#arms,)*
                _ => None,
            }
        }

        #types
        #enums
        #functions
        #roundtrip
    }
}
