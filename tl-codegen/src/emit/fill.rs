//! Optional: `Fill` impls (deterministic example values) for every generated type, and a
//! table of round-trip checks, one per constructor and method. Tests of whole layers use them;
//! user builds leave them off.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::codec::ident;
use crate::model::{EnumItem, FieldKind, Item, Model, Ty};

/// `Fill` for a constructor or method struct (generic ones are skipped).
pub fn item(ctx: &Ctx<'_>, item: &Item<'_>) -> TokenStream {
    if !ctx.opts.fill || !item.generics.is_empty() {
        return quote!();
    }
    let rt = quote!(_rt);
    let name = ident(&item.name);
    // Fields sharing a flag bit are present together: one draw per (flags, bit).
    let mut groups: Vec<(usize, u32)> = Vec::new();
    for f in &item.fields {
        match f.kind {
            FieldKind::FlagTrue { flags, bit }
            | FieldKind::Value {
                flag: Some((flags, bit)),
                ..
            } if !groups.contains(&(flags, bit)) => groups.push((flags, bit)),
            _ => {}
        }
    }
    let group_local = |flags: usize, bit: u32| {
        let i = groups
            .iter()
            .position(|g| *g == (flags, bit))
            .expect("grouped");
        ident(&format!("present_{i}"))
    };
    let draws = (0..groups.len()).map(|i| {
        let l = ident(&format!("present_{i}"));
        quote!(let #l = g.flag();)
    });
    let inits: Vec<_> = item
        .fields
        .iter()
        .filter_map(|f| {
            let fname = ident(&f.name);
            match &f.kind {
                FieldKind::Flags | FieldKind::DerivedTrue { .. } => None,
                FieldKind::FlagTrue { flags, bit } => {
                    let l = group_local(*flags, *bit);
                    Some(quote!(#fname: #l))
                }
                FieldKind::Value { flag: None, .. } => {
                    Some(quote!(#fname: #rt::fill::Fill::fill(g)))
                }
                FieldKind::Value {
                    flag: Some((flags, bit)),
                    ..
                } => {
                    let l = group_local(*flags, *bit);
                    Some(quote!(
                        #fname: if #l { Some(#rt::fill::Fill::fill(g)) } else { None }
                    ))
                }
            }
        })
        .collect();
    quote! {
        impl #rt::fill::Fill for #name {
            fn fill(g: &mut #rt::fill::Filler) -> Self {
                let _ = &g;
                #(#draws)*
                Self { #(#inits,)* }
            }
        }
    }
}

/// `Fill` for an enum: a random variant, or a variant that ends the recursion once deep.
pub fn enum_item(ctx: &Ctx<'_>, ei: usize, e: &EnumItem) -> TokenStream {
    if !ctx.opts.fill {
        return quote!();
    }
    let rt = quote!(_rt);
    let name = ident(&e.name);
    let arm = |(v, ci): &(String, usize)| {
        let vname = ident(v);
        let path = ctx.ctor_path(*ci);
        let make = quote!(<#path as #rt::fill::Fill>::fill(g));
        if ctx.layout.boxed[*ci] {
            let b = ctx.prelude("Box");
            quote!(Self::#vname(#b::new(#make)))
        } else {
            quote!(Self::#vname(#make))
        }
    };
    let arms = e.variants.iter().enumerate().map(|(i, v)| {
        let body = arm(v);
        quote!(#i => #body)
    });
    let terminal = arm(&e.variants[terminal_variant(ctx.model, ei)]);
    let n = e.variants.len();
    quote! {
        impl #rt::fill::Fill for #name {
            fn fill(g: &mut #rt::fill::Filler) -> Self {
                g.enter();
                let v = if g.deep() {
                    #terminal
                } else {
                    match g.choose(#n) {
                        #(#arms,)*
                        _ => unreachable!(),
                    }
                };
                g.leave();
                v
            }
        }
    }
}

/// The variant with the shallowest recursion: first one whose fields reach no enum, else the
/// first whose enums all have such a variant (a fixpoint over the model).
fn terminal_variant(model: &Model<'_>, ei: usize) -> usize {
    let n = model.enums.len();
    let mut rank = vec![usize::MAX; n];
    for round in 0..=n {
        let mut changed = false;
        for (i, e) in model.enums.iter().enumerate() {
            if rank[i] != usize::MAX {
                continue;
            }
            if e.variants.iter().any(|(_, ci)| ends(model, *ci, &rank)) {
                rank[i] = round;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    model.enums[ei]
        .variants
        .iter()
        .position(|(_, ci)| ends(model, *ci, &rank))
        .unwrap_or(0)
}

fn ends(model: &Model<'_>, ci: usize, rank: &[usize]) -> bool {
    model.ctors[ci].fields.iter().all(|f| match &f.kind {
        // An absent optional field or an empty vector ends recursion by itself.
        FieldKind::Value { flag: Some(_), .. } => true,
        FieldKind::Value { ty, .. } => ty_ends(model, ty, rank),
        _ => true,
    })
}

fn ty_ends(model: &Model<'_>, ty: &Ty, rank: &[usize]) -> bool {
    match ty {
        Ty::Enum(e) => rank[*e] != usize::MAX,
        Ty::BareCtor(c) => ends(model, *c, rank),
        Ty::Vector { .. } => true,
        _ => true,
    }
}

/// `ROUNDTRIP`: one `(name, check)` per non-generic constructor and method.
pub fn table(ctx: &Ctx<'_>, rt: &TokenStream) -> TokenStream {
    if !ctx.opts.fill {
        return quote!();
    }
    let entries = ctx
        .model
        .ctors
        .iter()
        .map(|c| (c, ctx.ctor_path_from_root(c)))
        .chain(
            ctx.model
                .funcs
                .iter()
                .filter(|f| f.generics.is_empty())
                .map(|f| (f, ctx.func_path_from_root(f))),
        )
        .map(|(i, path)| {
            let name = i.def.full_name();
            quote!((#name, #rt::fill::roundtrip::<#path>))
        });
    let decoders = ctx
        .model
        .enums
        .iter()
        .map(|e| (e.tl_name.clone(), ctx.enum_path_from_root(e)))
        .chain(
            ctx.model
                .funcs
                .iter()
                .filter(|f| f.generics.is_empty())
                .map(|f| (f.def.full_name(), ctx.func_path_from_root(f))),
        )
        .map(|(name, path)| quote!((#name, #rt::fill::redecode::<#path>)));
    quote! {
        /// Every boxed type and method with a check that decodes arbitrary bytes and, when
        /// they decode, re-encodes and re-decodes them: for fuzzing and hostile-input tests.
        pub const DECODE: &[(&str, #rt::fill::DecodeCheck)] = &[
            #(#decoders,)*
        ];

        /// Every constructor and method with its round-trip check (fill → encode → decode →
        /// compare), for whole-layer tests.
        pub const ROUNDTRIP: &[(&str, #rt::fill::RoundTripCheck)] = &[
            #(#entries,)*
        ];
    }
}

impl Ctx<'_> {
    fn ctor_path_from_root(&self, c: &Item<'_>) -> TokenStream {
        self.item_path("types", c)
    }

    fn func_path_from_root(&self, f: &Item<'_>) -> TokenStream {
        self.item_path("functions", f)
    }

    fn enum_path_from_root(&self, e: &crate::model::EnumItem) -> TokenStream {
        let name = ident(&e.name);
        match &e.module {
            Some(m) => {
                let m = ident(m);
                quote!(enums::#m::#name)
            }
            None => quote!(enums::#name),
        }
    }

    fn item_path(&self, tree: &str, i: &Item<'_>) -> TokenStream {
        let tree = ident(tree);
        let name = ident(&i.name);
        match &i.module {
            Some(m) => {
                let m = ident(m);
                quote!(#tree::#m::#name)
            }
            None => quote!(#tree::#name),
        }
    }
}
