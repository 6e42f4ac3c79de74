//! An enum per boxed type (`enums::…`): one variant per constructor, large or recursive ones
//! boxed (see `layout`).

use proc_macro2::TokenStream;
use quote::quote;

use super::codec::{id_lit, ident};
use super::{Ctx, depth, fill};
use crate::model::EnumItem;

/// Emits the enum, its wire impls and `From` conversions from its constructors.
pub fn emit(ctx: &Ctx<'_>, ei: usize, e: &EnumItem) -> TokenStream {
    let rt = &ctx.rt;
    let d = depth(&e.module);
    let name = ident(&e.name);
    let tl_name = &e.tl_name;
    let derives = ctx.derives();

    let mut doc = format!("The boxed type `{tl_name}`: one of its constructors.\n\n");
    for (v, ci) in &e.variants {
        let c = &ctx.model.ctors[*ci];
        doc.push_str(&format!("- [`{v}`](Self::{v}): `{}`\n", c.def.full_name()));
    }

    let mut variants = Vec::new();
    let mut len_arms = Vec::new();
    let mut write_arms = Vec::new();
    let mut id_arms = Vec::new();
    let mut read_arms = Vec::new();
    let mut froms = Vec::new();
    for (v, ci) in &e.variants {
        let c = &ctx.model.ctors[*ci];
        let vname = ident(v);
        let path = ctx.ctor_path(*ci, d);
        let boxed = ctx.layout.boxed[*ci];
        let vdoc = format!("`{}`", c.def.full_name());
        let id = id_lit(c.def.id());
        if boxed {
            let vdoc = super::docs::attrs(&vdoc);
            variants.push(quote!(#vdoc #vname(::std::boxed::Box<#path>)));
            read_arms.push(quote!(
                #id => <#path as #rt::Bare>::deserialize_bare(r).map(|x| Self::#vname(::std::boxed::Box::new(x)))
            ));
            froms.push(quote! {
                impl ::core::convert::From<#path> for #name {
                    #[inline]
                    fn from(x: #path) -> Self { Self::#vname(::std::boxed::Box::new(x)) }
                }
            });
        } else {
            let vdoc = super::docs::attrs(&vdoc);
            variants.push(quote!(#vdoc #vname(#path)));
            read_arms.push(quote!(
                #id => <#path as #rt::Bare>::deserialize_bare(r).map(Self::#vname)
            ));
            froms.push(quote! {
                impl ::core::convert::From<#path> for #name {
                    #[inline]
                    fn from(x: #path) -> Self { Self::#vname(x) }
                }
            });
        }
        // A boxed variant binds `x: &Box<T>`; the traits are implemented on `T`.
        let x = if boxed { quote!(&**x) } else { quote!(x) };
        len_arms.push(quote!(Self::#vname(x) => #rt::Serialize::serialized_len(#x)));
        write_arms.push(quote!(Self::#vname(x) => #rt::Serialize::serialize_to(#x, buf)));
        id_arms.push(quote!(Self::#vname(_) => #id));
    }

    let size_assert = match ctx.opts.max_enum_size {
        Some(max) => quote!(
            const _: () = assert!(::core::mem::size_of::<#name>() <= #max);
        ),
        None => quote!(),
    };

    let fill = fill::enum_item(ctx, ei, e);
    let doc = super::docs::attrs(&doc);
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

        impl #rt::Serialize for #name {
            #[inline]
            fn serialized_len(&self) -> usize {
                match self { #(#len_arms,)* }
            }
            #[inline]
            fn serialize_to<B: #rt::BufMut + ?Sized>(&self, buf: &mut B) {
                match self { #(#write_arms,)* }
            }
        }

        impl #rt::Deserialize for #name {
            fn deserialize(r: &mut #rt::Reader) -> ::core::result::Result<Self, #rt::DecodeError> {
                let id = r.read_u32()?;
                r.enter()?;
                let out = match id {
                    #(#read_arms,)*
                    _ => Err(r.unexpected_constructor(id, #tl_name)),
                };
                r.leave();
                out
            }
        }

        #(#froms)*
        #size_assert
        #fill
    }
}
