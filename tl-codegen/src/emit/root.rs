//! The file's top level: `LAYER`, the id → name lookup, and (with `fill`) the `ROUNDTRIP`
//! table. The three module trees are assembled by `format`.

use proc_macro2::TokenStream;
use quote::quote;

use super::codec::id_lit;
use super::{Ctx, fill};

/// Items at the root of the generated file.
pub fn emit(ctx: &Ctx<'_>) -> TokenStream {
    let model = ctx.model;
    let rt: TokenStream = ctx
        .opts
        .runtime_path
        .parse()
        .expect("validated runtime path");
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
    let roundtrip = fill::table(ctx, &rt);
    quote! {
        #layer

        /// The TL name of a constructor or method id, if this schema defines it.
        pub fn name_for_id(id: u32) -> ::core::option::Option<&'static str> {
            match id {
                #(#arms,)*
                _ => ::core::option::Option::None,
            }
        }

        #roundtrip
    }
}
