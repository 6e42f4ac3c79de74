//! A struct per constructor (`types::…`) and per method (`functions::…`), with its wire impls.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::codec::{fixed_len, id_lit, ident};
use super::{Ctx, docs, fill};
use crate::model::{FieldKind, Item};

/// Whether the struct is a constructor or a method.
#[derive(Clone, Copy, PartialEq)]
pub enum Role {
    /// A constructor of a boxed type, with its index in the model (and the layout).
    Ctor(usize),
    /// A method: also implements `RemoteCall`.
    Function,
}

/// The local a field is read into (the reader is `r` and the buffer `buf`, so fields with
/// those names are renamed).
fn local(name: &str) -> Ident {
    match name {
        "r" | "buf" => ident(&format!("{name}_")),
        _ => ident(name),
    }
}

/// `name` when the local has the field's name, else `name: local`.
fn init(field: &Ident, local: &Ident) -> TokenStream {
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
    if binds.is_empty() {
        quote!()
    } else if all {
        quote!(let Self { #(#binds),* } = self;)
    } else {
        quote!(let Self { #(#binds,)* .. } = self;)
    }
}

/// The wire code of one struct: length terms, write statements, reads and field inits.
struct Wire {
    len: Vec<TokenStream>,
    writes: Vec<TokenStream>,
    reads: Vec<TokenStream>,
    inits: Vec<TokenStream>,
}

fn wire(ctx: &Ctx<'_>, item: &Item<'_>) -> Wire {
    let (some, none) = (ctx.prelude("Some"), ctx.prelude("None"));
    let mut w = Wire {
        len: Vec::new(),
        writes: Vec::new(),
        reads: Vec::new(),
        inits: Vec::new(),
    };
    for (index, f) in item.fields.iter().enumerate() {
        let fname = ident(&f.name);
        let lname = local(&f.name);
        match &f.kind {
            FieldKind::Flags => {
                w.len.push(quote!(4));
                let mut used = false;
                let bits: Vec<_> = item
                    .fields
                    .iter()
                    .filter_map(|g| {
                        let gname = local(&g.name);
                        match &g.kind {
                            FieldKind::FlagTrue { flags, bit } if *flags == index => {
                                used = true;
                                let mask = 1u32 << bit;
                                Some(quote!(if *#gname { #mask } else { 0 }))
                            }
                            FieldKind::Value {
                                flag: Some((flags, bit)),
                                ..
                            } if *flags == index => {
                                used = true;
                                let mask = 1u32 << bit;
                                Some(quote!(if #gname.is_some() { #mask } else { 0 }))
                            }
                            FieldKind::DerivedTrue { flags, .. } if *flags == index => {
                                used = true;
                                None
                            }
                            _ => None,
                        }
                    })
                    .collect();
                w.writes.push(quote!(buf.put_u32_le(0u32 #(| #bits)*);));
                // A flags word no field depends on is read and dropped.
                w.reads.push(if used {
                    quote!(let #lname = r.read_u32()?;)
                } else {
                    quote!(r.read_u32()?;)
                });
            }
            FieldKind::DerivedTrue { .. } => {}
            FieldKind::FlagTrue { flags, bit } => {
                let fl = local(&item.fields[*flags].name);
                let mask = 1u32 << bit;
                w.reads.push(quote!(let #lname = #fl & #mask != 0;));
                w.inits.push(init(&fname, &lname));
            }
            FieldKind::Value { ty, flag } => {
                let read = ctx.read_expr(ty);
                match flag {
                    None => {
                        let v = quote!(#lname);
                        w.len.push(ctx.len_expr(ty, &v));
                        w.writes.push(ctx.write_stmt(ty, &v));
                        w.reads.push(quote!(let #lname = #read;));
                    }
                    Some((flags, bit)) => {
                        let v = quote!(v);
                        let write = ctx.write_stmt(ty, &v);
                        w.len.push(match fixed_len(ty) {
                            Some(n) => {
                                let n = proc_macro2::Literal::usize_unsuffixed(n);
                                quote!(if #lname.is_some() { #n } else { 0 })
                            }
                            None => {
                                let l = ctx.len_expr(ty, &v);
                                quote!(match #lname { #some(v) => #l, #none => 0 })
                            }
                        });
                        w.writes.push(quote!(if let #some(v) = #lname { #write }));
                        let fl = local(&item.fields[*flags].name);
                        let mask = 1u32 << bit;
                        w.reads.push(quote!(
                            let #lname = if #fl & #mask != 0 { #some(#read) } else { #none };
                        ));
                    }
                }
                w.inits.push(init(&fname, &lname));
            }
        }
    }
    if w.len.is_empty() {
        w.len.push(quote!(0));
    }
    w
}

/// Emits the struct and its impls.
pub fn emit(ctx: &Ctx<'_>, item: &Item<'_>, role: Role) -> TokenStream {
    let name = ident(&item.name);
    let id = id_lit(item.def.id());
    let tl_name = item.def.full_name();
    let derives = ctx.derives();
    let doc = docs::attrs(&match role {
        Role::Ctor(_) => docs::ctor(ctx, item),
        Role::Function => docs::function(ctx, item),
    });
    let generics: Vec<_> = item.generics.iter().map(|g| ident(g)).collect();
    let decl_generics = if generics.is_empty() {
        quote!()
    } else {
        quote!(<#(#generics),*>)
    };

    let mut fields = Vec::new();
    for f in &item.fields {
        let fname = ident(&f.name);
        let ty = match &f.kind {
            FieldKind::Flags | FieldKind::DerivedTrue { .. } => continue,
            FieldKind::FlagTrue { .. } => quote!(bool),
            FieldKind::Value { ty, flag } => {
                let t = ctx.rust_type(ty);
                if flag.is_some() {
                    let option = ctx.prelude("Option");
                    quote!(#option<#t>)
                } else {
                    t
                }
            }
        };
        let fdoc = docs::attrs(&docs::field(ctx, item, f));
        fields.push(quote!(#fdoc pub #fname: #ty));
    }

    let Wire {
        len,
        writes,
        reads,
        inits,
    } = wire(ctx, item);
    // Fixed-size fields add a constant to the length; only the others are looked at.
    let len_fields = destructure(item, |k| match k {
        FieldKind::Value { ty, flag } => flag.is_some() || fixed_len(ty).is_none(),
        _ => false,
    });
    let write_fields = destructure(item, |_| true);
    let buf = if writes.is_empty() {
        quote!(_buf)
    } else {
        quote!(buf)
    };
    let r = if reads.is_empty() {
        quote!(_r)
    } else {
        quote!(r)
    };

    let ok = ctx.prelude("Ok");
    // A constructor its enum boxes is large and decoded straight into its box (see
    // `Bare::deserialize_bare_boxed`); its bare decoder, rarely used, unboxes. Decoders of
    // the others (held inline: small by the layout's estimate) and of methods may be inlined
    // into their callers, across codegen units and crates: the decoded value is then built
    // where it is used instead of being moved out of a returned `Result`.
    let decode = match role {
        Role::Ctor(ci) if ctx.layout.boxed[ci] => {
            let boxed = ctx.prelude("Box");
            quote! {
                fn deserialize_bare(#r: &mut _rt::Reader) -> _rt::Result<Self> {
                    Self::deserialize_bare_boxed(#r).map(|b| *b)
                }
                fn deserialize_bare_boxed(#r: &mut _rt::Reader) -> _rt::Result<#boxed<Self>> {
                    #(#reads)*
                    // Allocated before the struct literal, so that the literal is written
                    // into the box: `Box::new(Self { .. })` builds it on the stack and then
                    // copies it (hundreds of bytes for `message`, about 4 % of a decode).
                    // `__boxed` cannot clash with a field: TL names start with a letter.
                    let __boxed = #boxed::new_uninit();
                    #ok(#boxed::write(__boxed, Self { #(#inits),* }))
                }
            }
        }
        _ => quote! {
            #[inline]
            fn deserialize_bare(#r: &mut _rt::Reader) -> _rt::Result<Self> {
                #(#reads)*
                #ok(Self { #(#inits),* })
            }
        },
    };
    let wire_impls = if generics.is_empty() {
        quote! {
            impl _rt::Bare for #name {
                #[inline]
                fn bare_len(&self) -> usize {
                    #len_fields
                    #(#len)+*
                }
                fn serialize_bare<B: _rt::BufMut + ?Sized>(&self, #buf: &mut B) {
                    #write_fields
                    #(#writes)*
                }
                #decode
            }
            _rt::impl_boxed!(#name, #id, #tl_name);
        }
    } else {
        // Generic methods (`invokeWithLayer {X:Type} query:!X = X`) wrap any request.
        quote! {
            impl #decl_generics _rt::Identifiable for #name #decl_generics {
                const CONSTRUCTOR_ID: u32 = #id;
            }
            impl<#(#generics: _rt::Serialize),*> _rt::Serialize for #name #decl_generics {
                fn serialized_len(&self) -> usize {
                    #len_fields
                    4 + #(#len)+*
                }
                fn serialize_to<B: _rt::BufMut + ?Sized>(&self, buf: &mut B) {
                    buf.put_u32_le(#id);
                    #write_fields
                    #(#writes)*
                }
            }
            impl<#(#generics: _rt::Deserialize),*> _rt::Deserialize for #name #decl_generics {
                fn deserialize(r: &mut _rt::Reader) -> _rt::Result<Self> {
                    r.expect_id(#id, #tl_name)?;
                    #(#reads)*
                    #ok(Self { #(#inits),* })
                }
            }
        }
    };

    let remote = match role {
        Role::Ctor(_) => quote!(),
        Role::Function => remote_call(ctx, item, &name, &generics),
    };
    let accessors = accessors(item, &name);
    let fill = fill::item(ctx, item);
    quote! {
        #doc
        #derives
        pub struct #name #decl_generics { #(#fields,)* }
        #accessors
        #wire_impls
        #remote
        #fill
    }
}

/// Methods for `?true` flags implied by a value field sharing their bit.
fn accessors(item: &Item<'_>, name: &Ident) -> TokenStream {
    let methods: Vec<_> = item
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
    if methods.is_empty() || !item.generics.is_empty() {
        quote!()
    } else {
        quote!(impl #name { #(#methods)* })
    }
}

fn remote_call(ctx: &Ctx<'_>, item: &Item<'_>, name: &Ident, generics: &[Ident]) -> TokenStream {
    let ret_ty = item
        .ret
        .as_ref()
        .expect("methods have a resolved return type");
    let error = match super::errors::error_enum_name(ctx, item) {
        Some(e) => {
            let e = ident(&e);
            quote!(#e)
        }
        None => quote!(_rt::RpcError),
    };
    if generics.is_empty() {
        let ret = ctx.rust_type(ret_ty);
        quote! {
            impl _rt::RemoteCall for #name {
                type Return = #ret;
                type Error = #error;
            }
        }
    } else {
        // The wrapped query decides what comes back.
        let g = &generics[0];
        quote! {
            impl<#(#generics: _rt::RemoteCall),*> _rt::RemoteCall for #name<#(#generics),*> {
                type Return = #g::Return;
                type Error = #g::Error;
            }
        }
    }
}
