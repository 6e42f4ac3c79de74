//! An enum per boxed type (`enums::…`): one variant per constructor, large or recursive ones
//! boxed (see `layout`).

use proc_macro2::TokenStream;
use quote::quote;

use super::codec::{id_lit, ident};
use super::{Ctx, docs, fill};
use crate::model::EnumItem;

/// Emits the enum, its wire impls and `From` conversions from its constructors.
pub fn emit(ctx: &Ctx<'_>, ei: usize, e: &EnumItem) -> TokenStream {
    let name = ident(&e.name);
    let tl_name = &e.tl_name;
    let derives = ctx.derives();
    let boxed_ty = ctx.prelude("Box");
    let err = ctx.prelude("Err");
    let ok = ctx.prelude("Ok");

    let mut doc = format!("The boxed type `{tl_name}`: one of its constructors.\n\n");
    for (v, ci) in &e.variants {
        let c = &ctx.model.ctors[*ci];
        doc.push_str(&format!("- [`{v}`](Self::{v}): `{}`\n", c.def.full_name()));
    }
    let doc = docs::attrs(&doc);

    let mut variants = Vec::new();
    let mut id_arms = Vec::new();
    let mut read_arms = Vec::new();
    let mut froms = Vec::new();
    let mut vnames = Vec::new();
    for (v, ci) in &e.variants {
        let c = &ctx.model.ctors[*ci];
        let vname = ident(v);
        let path = ctx.ctor_path(*ci);
        let vdoc = docs::attrs(&format!("`{}`", c.def.full_name()));
        let id = id_lit(c.def.id());
        if ctx.layout.boxed[*ci] {
            variants.push(quote!(#vdoc #vname(#boxed_ty<#path>)));
            read_arms
                .push(quote!(#id => Self::#vname(#boxed_ty::new(#path::deserialize_bare(r)?))));
            froms.push(quote!(_rt::impl_from!(#name, #vname, box #path);));
        } else {
            variants.push(quote!(#vdoc #vname(#path)));
            read_arms.push(quote!(#id => Self::#vname(#path::deserialize_bare(r)?)));
            froms.push(quote!(_rt::impl_from!(#name, #vname, #path);));
        }
        id_arms.push(quote!(Self::#vname(_) => #id));
        vnames.push(vname);
    }

    let size_assert = match ctx.opts.max_enum_size {
        Some(max) => quote!(
            const _: () = assert!(::core::mem::size_of::<#name>() <= #max);
        ),
        None => quote!(),
    };
    let fill = fill::enum_item(ctx, ei, e);

    quote! {
        #doc
        #derives
        pub enum #name { #(#variants,)* }

        impl #name {
            /// The constructor id of the variant held.
            pub fn constructor_id(&self) -> u32 {
                match self { #(#id_arms,)* }
            }
        }

        impl _rt::Serialize for #name {
            #[inline]
            fn serialized_len(&self) -> usize {
                match self { #(Self::#vnames(x) => x.serialized_len(),)* }
            }
            #[inline]
            fn serialize_to<B: _rt::BufMut + ?Sized>(&self, buf: &mut B) {
                match self { #(Self::#vnames(x) => x.serialize_to(buf),)* }
            }
        }

        impl _rt::Deserialize for #name {
            fn deserialize(r: &mut _rt::Reader) -> _rt::Result<Self> {
                let id = r.read_u32()?;
                // One closure per enum keeps the depth balanced even when a variant fails.
                r.nested(|r| {
                    #ok(match id {
                        #(#read_arms,)*
                        _ => return #err(r.unexpected_constructor(id, #tl_name)),
                    })
                })
            }
        }

        #(#froms)*
        #size_assert
        #fill
    }
}
