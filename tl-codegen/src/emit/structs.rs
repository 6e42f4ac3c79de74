//! A struct per constructor (`types::…`) and per method (`functions::…`), with its wire impls.

use proc_macro2::TokenStream;
use quote::quote;

use super::codec::{fixed_len, id_lit, ident};
use super::{Ctx, depth, docs, fill};
use crate::model::{FieldKind, Item};

/// Whether the struct is a constructor or a method.
#[derive(Clone, Copy, PartialEq)]
pub enum Role {
    /// A constructor of a boxed type.
    Ctor,
    /// A method: also implements `RemoteCall`.
    Function,
}

/// The local a field is read into (the reader is `r`, so a field named `r` is renamed).
fn local(name: &str) -> proc_macro2::Ident {
    match name {
        "r" | "buf" => ident(&format!("{name}_")),
        _ => ident(name),
    }
}

/// `name` when the local has the field's name, else `name: local`.
fn init(field: &proc_macro2::Ident, local: &proc_macro2::Ident) -> TokenStream {
    if field == local {
        quote!(#field)
    } else {
        quote!(#field: #local)
    }
}

/// `let Self { a, b: b_, .. } = self;` binding the fields that `used` selects.
fn destructure(item: &Item<'_>, used: impl Fn(&FieldKind) -> bool) -> TokenStream {
    let mut all = true;
    let binds: Vec<_> = item
        .fields
        .iter()
        .filter(|f| !matches!(f.kind, FieldKind::Flags | FieldKind::DerivedTrue { .. }))
        .filter(|f| {
            let u = used(&f.kind);
            all &= u;
            u
        })
        .map(|f| init(&ident(&f.name), &local(&f.name)))
        .collect();
    let rest = if all { quote!() } else { quote!(..) };
    if binds.is_empty() {
        quote!()
    } else if rest.is_empty() {
        quote!(let Self { #(#binds),* } = self;)
    } else {
        quote!(let Self { #(#binds,)* #rest } = self;)
    }
}

/// Emits the struct and its impls.
pub fn emit(ctx: &Ctx<'_>, item: &Item<'_>, role: Role) -> TokenStream {
    let rt = &ctx.rt;
    let d = depth(&item.module);
    let name = ident(&item.name);
    let id = id_lit(item.def.id());
    let tl_name = item.def.full_name();
    let derives = ctx.derives();
    let doc = match role {
        Role::Ctor => docs::ctor(ctx, item),
        Role::Function => docs::function(ctx, item),
    };

    let generics: Vec<_> = item.generics.iter().map(|g| ident(g)).collect();
    let (decl_generics, use_generics) = if generics.is_empty() {
        (quote!(), quote!())
    } else {
        (quote!(<#(#generics),*>), quote!(<#(#generics),*>))
    };

    // Struct fields.
    let mut fields = Vec::new();
    for f in &item.fields {
        let fname = ident(&f.name);
        let fdoc = docs::field(ctx, item, f);
        let ty = match &f.kind {
            FieldKind::Flags | FieldKind::DerivedTrue { .. } => continue,
            FieldKind::FlagTrue { .. } => quote!(bool),
            FieldKind::Value { ty, flag } => {
                let t = ctx.rust_type(ty, d);
                if flag.is_some() {
                    quote!(::core::option::Option<#t>)
                } else {
                    t
                }
            }
        };
        let fdoc = docs::attrs(&fdoc);
        fields.push(quote!(#fdoc pub #fname: #ty));
    }

    // Length, write and read bodies.
    let mut len_terms = Vec::new();
    let mut writes = Vec::new();
    let mut reads = Vec::new();
    let mut inits = Vec::new();
    for f in &item.fields {
        let fname = ident(&f.name);
        let lname = local(&f.name);
        match &f.kind {
            FieldKind::Flags => {
                len_terms.push(quote!(4usize));
                let bits = item.fields.iter().filter_map(|g| {
                    let gname = local(&g.name);
                    match &g.kind {
                        FieldKind::FlagTrue { flags, bit }
                            if item.fields[*flags].name == f.name =>
                        {
                            let mask = 1u32 << bit;
                            Some(quote!(if *#gname { #mask } else { 0 }))
                        }
                        FieldKind::Value {
                            flag: Some((flags, bit)),
                            ..
                        } if item.fields[*flags].name == f.name => {
                            let mask = 1u32 << bit;
                            Some(quote!(if #gname.is_some() { #mask } else { 0 }))
                        }
                        _ => None,
                    }
                });
                writes.push(quote!(#rt::BufMut::put_u32_le(buf, 0u32 #(| #bits)*);));
                let index = item.fields.iter().position(|g| g.name == f.name);
                let used = item.fields.iter().any(|g| match &g.kind {
                    FieldKind::FlagTrue { flags, .. }
                    | FieldKind::DerivedTrue { flags, .. }
                    | FieldKind::Value {
                        flag: Some((flags, _)),
                        ..
                    } => Some(*flags) == index,
                    _ => false,
                });
                // A flags word no field depends on is read and dropped.
                if used {
                    reads.push(quote!(let #lname = r.read_u32()?;));
                } else {
                    reads.push(quote!(r.read_u32()?;));
                }
            }
            FieldKind::DerivedTrue { .. } => {}
            FieldKind::FlagTrue { flags, bit } => {
                let fl = local(&item.fields[*flags].name);
                let mask = 1u32 << bit;
                reads.push(quote!(let #lname = #fl & #mask != 0;));
                inits.push(init(&fname, &lname));
            }
            FieldKind::Value { ty, flag } => {
                let read = ctx.read_expr(ty, d);
                match flag {
                    None => {
                        let v = quote!(#lname);
                        len_terms.push(ctx.len_expr(ty, &v));
                        writes.push(ctx.write_stmt(ty, &v));
                        reads.push(quote!(let #lname = #read;));
                    }
                    Some((flags, bit)) => {
                        let v = quote!(v);
                        let w = ctx.write_stmt(ty, &v);
                        len_terms.push(match fixed_len(ty) {
                            Some(n) => quote!(if #lname.is_some() { #n } else { 0 }),
                            None => {
                                let l = ctx.len_expr(ty, &v);
                                quote!(match #lname { Some(v) => #l, None => 0 })
                            }
                        });
                        writes.push(quote!(if let Some(v) = #lname { #w }));
                        let fl = local(&item.fields[*flags].name);
                        let mask = 1u32 << bit;
                        reads.push(quote!(
                            let #lname = if #fl & #mask != 0 { Some(#read) } else { None };
                        ));
                    }
                }
                inits.push(init(&fname, &lname));
            }
        }
    }
    if len_terms.is_empty() {
        len_terms.push(quote!(0usize));
    }
    let _ = &use_generics;

    let doc = docs::attrs(&doc);
    let decl = quote! {
        #doc
        #derives
        pub struct #name #decl_generics { #(#fields,)* }
    };

    let identifiable = quote! {
        impl #decl_generics #rt::Identifiable for #name #decl_generics {
            const CONSTRUCTOR_ID: u32 = #id;
        }
    };

    // Fixed-size fields add a constant to the length; only the others are looked at.
    let len_fields = destructure(item, |k| match k {
        FieldKind::Value { ty, flag } => flag.is_some() || fixed_len(ty).is_none(),
        _ => false,
    });
    let write_fields = destructure(item, |_| true);
    let unused_buf = if writes.is_empty() {
        quote!(let _ = buf;)
    } else {
        quote!()
    };
    let unused_r = if reads.is_empty() {
        quote!(let _ = r;)
    } else {
        quote!()
    };
    let wire = if generics.is_empty() {
        quote! {
            impl #rt::Bare for #name {
                #[inline]
                fn bare_len(&self) -> usize {
                    #len_fields
                    #(#len_terms)+*
                }
                fn serialize_bare<B: #rt::BufMut + ?Sized>(&self, buf: &mut B) {
                    #unused_buf
                    #write_fields
                    #(#writes)*
                }
                fn deserialize_bare(r: &mut #rt::Reader) -> ::core::result::Result<Self, #rt::DecodeError> {
                    #unused_r
                    #(#reads)*
                    Ok(Self { #(#inits),* })
                }
            }
            impl #rt::Serialize for #name {
                #[inline]
                fn serialized_len(&self) -> usize { 4 + #rt::Bare::bare_len(self) }
                #[inline]
                fn serialize_to<B: #rt::BufMut + ?Sized>(&self, buf: &mut B) {
                    #rt::BufMut::put_u32_le(buf, #id);
                    #rt::Bare::serialize_bare(self, buf);
                }
            }
            impl #rt::Deserialize for #name {
                #[inline]
                fn deserialize(r: &mut #rt::Reader) -> ::core::result::Result<Self, #rt::DecodeError> {
                    r.expect_id(#id, #tl_name)?;
                    #rt::Bare::deserialize_bare(r)
                }
            }
        }
    } else {
        // Generic methods (`invokeWithLayer {X:Type} query:!X = X`) wrap any request.
        quote! {
            impl<#(#generics: #rt::Serialize),*> #rt::Serialize for #name #decl_generics {
                fn serialized_len(&self) -> usize {
                    #len_fields
                    4 + #(#len_terms)+*
                }
                fn serialize_to<B: #rt::BufMut + ?Sized>(&self, buf: &mut B) {
                    #rt::BufMut::put_u32_le(buf, #id);
                    #write_fields
                    #(#writes)*
                }
            }
            impl<#(#generics: #rt::Deserialize),*> #rt::Deserialize for #name #decl_generics {
                fn deserialize(r: &mut #rt::Reader) -> ::core::result::Result<Self, #rt::DecodeError> {
                    r.expect_id(#id, #tl_name)?;
                    #(#reads)*
                    Ok(Self { #(#inits),* })
                }
            }
        }
    };

    let remote = match role {
        Role::Ctor => quote!(),
        Role::Function => remote_call(ctx, item, &name, &generics),
    };

    let accessors: Vec<_> = item
        .fields
        .iter()
        .filter_map(|f| match &f.kind {
            FieldKind::DerivedTrue { from, flags, bit } => {
                let fname = ident(&f.name);
                let from_name = ident(&item.fields[*from].name);
                let doc = docs::attrs(&format!(
                    "`{}:{}.{bit}?true`: set exactly when `{}` is present (they share the bit).",
                    f.tl_name, item.fields[*flags].tl_name, item.fields[*from].name
                ));
                Some(quote! {
                    #doc
                    pub fn #fname(&self) -> bool { self.#from_name.is_some() }
                })
            }
            _ => None,
        })
        .collect();
    let accessors = if accessors.is_empty() {
        quote!()
    } else {
        quote!(impl #decl_generics #name #decl_generics { #(#accessors)* })
    };
    let fill = fill::item(ctx, item);
    quote! {
        #decl
        #accessors
        #identifiable
        #wire
        #remote
        #fill
    }
}

fn remote_call(
    ctx: &Ctx<'_>,
    item: &Item<'_>,
    name: &proc_macro2::Ident,
    generics: &[proc_macro2::Ident],
) -> TokenStream {
    let rt = &ctx.rt;
    let d = depth(&item.module);
    let ret_ty = item
        .ret
        .as_ref()
        .expect("methods have a resolved return type");
    let error = match super::errors::error_enum_name(ctx, item) {
        Some(e) => {
            let e = ident(&e);
            quote!(#e)
        }
        None => quote!(#rt::RpcError),
    };
    if generics.is_empty() {
        let ret = ctx.rust_type(ret_ty, d);
        quote! {
            impl #rt::RemoteCall for #name {
                type Return = #ret;
                type Error = #error;
            }
        }
    } else {
        // The wrapped query decides what comes back.
        let g = &generics[0];
        quote! {
            impl<#(#generics: #rt::RemoteCall),*> #rt::RemoteCall for #name<#(#generics),*> {
                type Return = #g::Return;
                type Error = #g::Error;
            }
        }
    }
}
