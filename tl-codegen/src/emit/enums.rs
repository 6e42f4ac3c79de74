//! An enum per boxed type (`enums::…`): one variant per constructor, large or recursive ones
//! boxed (see `layout`).

use proc_macro2::TokenStream;
use quote::quote;

use super::codec::{id_lit, ident};
use super::{Ctx, docs, fill};
use crate::model::EnumItem;

/// Enums with at most this many constructors (and no recursion) get an inlinable decoder.
const INLINE_MAX_CONSTRUCTORS: usize = 4;

/// Emits the enum, its wire impls and `From` conversions from its constructors.
pub fn emit(ctx: &Ctx<'_>, ei: usize, e: &EnumItem) -> TokenStream {
    let name = ident(&e.name);
    let tl_name = &e.tl_name;
    let derives = ctx.derives();
    let boxed_ty = ctx.prelude("Box");
    let err = ctx.prelude("Err");

    let mut doc = format!("The boxed type `{tl_name}`: one of its constructors.\n\n");
    for (v, ci) in &e.variants {
        let c = &ctx.model.ctors[*ci];
        doc.push_str(&format!("- [`{v}`](Self::{v}): `{}`\n", c.def.full_name()));
    }
    let doc = docs::attrs(&doc);

    let mut variants = Vec::new();
    let mut id_arms = Vec::new();
    let mut ids = Vec::new();
    let mut reads = Vec::new();
    let mut froms = Vec::new();
    let mut vnames = Vec::new();
    for (v, ci) in &e.variants {
        let c = &ctx.model.ctors[*ci];
        let vname = ident(v);
        let path = ctx.ctor_path(*ci);
        let vdoc = docs::attrs(&format!("`{}`", c.def.full_name()));
        let id = id_lit(c.def.id());
        // Each arm returns the variant decoder's `Result` mapped, not unwrapped with `?` and
        // wrapped again: one move fewer of the decoded value.
        if ctx.layout.boxed[*ci] {
            variants.push(quote!(#vdoc #vname(#boxed_ty<#path>)));
            reads.push(quote!(#path::deserialize_bare_boxed(r).map(Self::#vname)));
            froms.push(quote!(_rt::impl_from!(#name, #vname, box #path);));
        } else {
            variants.push(quote!(#vdoc #vname(#path)));
            reads.push(quote!(#path::deserialize_bare(r).map(Self::#vname)));
            froms.push(quote!(_rt::impl_from!(#name, #vname, #path);));
        }
        id_arms.push(quote!(Self::#vname(_) => #id));
        ids.push(id);
        vnames.push(vname);
    }

    let dispatch = quote! {
        match id {
            #(#ids => #reads,)*
            _ => #err(r.unexpected_constructor(id, #tl_name)),
        }
    };
    let deserialize = if ctx.layout.recursive[ei] {
        // One closure per enum keeps the depth balanced even when a variant fails.
        quote! {
            fn deserialize(r: &mut _rt::Reader) -> _rt::Result<Self> {
                let id = r.read_u32()?;
                r.nested(|r| { #dispatch })
            }
        }
    } else if let ([id], [read]) = (&ids[..], &reads[..]) {
        // A type that cannot contain itself nests only as deep as the schema goes: no depth
        // bookkeeping (see `Layout::recursive`). With one constructor, decoding is an id check
        // and the constructor's fields: small enough to inline into the caller (across
        // codegen units too), which saves moving the decoded value out of one more `Result`.
        quote! {
            #[inline]
            fn deserialize(r: &mut _rt::Reader) -> _rt::Result<Self> {
                r.expect_id(#id, #tl_name)?;
                #read
            }
        }
    } else {
        // With a few constructors the dispatch is a handful of compares, so letting it inline
        // costs little code; the decoded value is then built where the caller keeps it
        // instead of coming back through memory (`peer`, `inputUser`, `userProfilePhoto`:
        // (a) decode 847 -> 817 instructions; (c) 0.25x -> 0.23x grammers, interleaved).
        let inline = (ids.len() <= INLINE_MAX_CONSTRUCTORS).then(|| quote!(#[inline]));
        quote! {
            #inline
            fn deserialize(r: &mut _rt::Reader) -> _rt::Result<Self> {
                let id = r.read_u32()?;
                #dispatch
            }
        }
    };

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
            #deserialize
        }

        #(#froms)*
        #size_assert
        #fill
    }
}
