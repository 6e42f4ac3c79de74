//! How a value of each resolved type is named, measured, written and read in generated code.
//! Fixed-size types get constant lengths and direct `BufMut` calls; the rest go through the
//! runtime's `Serialize` / `Deserialize` / `Bare` traits.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::Ctx;
use crate::model::Ty;

/// A constructor id as a hex literal (`0x42ff96ed`), as the schema writes it.
pub fn id_lit(id: u32) -> syn::LitInt {
    syn::LitInt::new(&format!("{id:#010x}"), Span::call_site())
}

/// An identifier from a generated name (handles `r#` escapes).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

impl Ctx<'_> {
    /// The Rust type of `ty`, as seen from a module `depth` levels below the root.
    pub fn rust_type(&self, ty: &Ty, depth: usize) -> TokenStream {
        let rt = &self.rt;
        match ty {
            Ty::Int => quote!(i32),
            Ty::Long => quote!(i64),
            Ty::Double => quote!(f64),
            Ty::Bool => quote!(bool),
            Ty::String => quote!(::std::string::String),
            Ty::Bytes | Ty::Object => quote!(#rt::Bytes),
            Ty::Int128 => quote!([u8; 16]),
            Ty::Int256 => quote!([u8; 32]),
            Ty::Vector { item, .. } => {
                let item = self.rust_type(item, depth);
                quote!(::std::vec::Vec<#item>)
            }
            Ty::Enum(e) => self.enum_path(*e, depth),
            Ty::BareCtor(c) => self.ctor_path(*c, depth),
            Ty::Generic(g) => {
                let g = ident(g);
                quote!(#g)
            }
        }
    }

    /// Expression: the serialized length of `*v` (`v` is a reference expression).
    pub fn len_expr(&self, ty: &Ty, v: &TokenStream) -> TokenStream {
        let rt = &self.rt;
        match ty {
            Ty::Int | Ty::Bool => quote!(4usize),
            Ty::Long | Ty::Double => quote!(8usize),
            Ty::Int128 => quote!(16usize),
            Ty::Int256 => quote!(32usize),
            Ty::String | Ty::Bytes => quote!(#rt::wire::bytes_len(#v.len())),
            Ty::Object => quote!(#v.len()),
            Ty::Vector { item, bare } => {
                let head = if *bare {
                    quote!(4usize)
                } else {
                    quote!(8usize)
                };
                match fixed_len(item) {
                    Some(n) => quote!(#head + #n * #v.len()),
                    None => {
                        let x = quote!(x);
                        let item_len = self.len_expr(item, &x);
                        quote!(#head + #v.iter().map(|x| #item_len).sum::<usize>())
                    }
                }
            }
            Ty::Enum(_) | Ty::Generic(_) => quote!(#rt::Serialize::serialized_len(#v)),
            Ty::BareCtor(_) => quote!(#rt::Bare::bare_len(#v)),
        }
    }

    /// Statement: write `*v` into `buf`.
    pub fn write_stmt(&self, ty: &Ty, v: &TokenStream) -> TokenStream {
        let rt = &self.rt;
        match ty {
            Ty::Int => quote!(#rt::BufMut::put_i32_le(buf, *#v);),
            Ty::Long => quote!(#rt::BufMut::put_i64_le(buf, *#v);),
            Ty::Double => quote!(#rt::BufMut::put_f64_le(buf, *#v);),
            Ty::Bool => quote!(#rt::BufMut::put_u32_le(
                buf,
                if *#v { #rt::wire::BOOL_TRUE_ID } else { #rt::wire::BOOL_FALSE_ID },
            );),
            Ty::Int128 | Ty::Int256 | Ty::Object => {
                quote!(#rt::BufMut::put_slice(buf, &#v[..]);)
            }
            Ty::String => quote!(#rt::wire::put_bytes(buf, #v.as_bytes());),
            Ty::Bytes => quote!(#rt::wire::put_bytes(buf, &#v[..]);),
            Ty::Vector { item, bare } => {
                let x = quote!(x);
                let item_write = self.write_stmt(item, &x);
                let id = if *bare {
                    quote!()
                } else {
                    quote!(#rt::BufMut::put_u32_le(buf, #rt::wire::VECTOR_ID);)
                };
                quote! {
                    #id
                    #rt::BufMut::put_i32_le(buf, #v.len() as i32);
                    for x in #v.iter() { #item_write }
                }
            }
            Ty::Enum(_) | Ty::Generic(_) => quote!(#rt::Serialize::serialize_to(#v, buf);),
            Ty::BareCtor(_) => quote!(#rt::Bare::serialize_bare(#v, buf);),
        }
    }

    /// Expression (uses `?`): read a value from `r`, seen from a module at `depth`.
    pub fn read_expr(&self, ty: &Ty, depth: usize) -> TokenStream {
        let rt = &self.rt;
        match ty {
            Ty::Int => quote!(r.read_i32()?),
            Ty::Long => quote!(r.read_i64()?),
            Ty::Double => quote!(r.read_f64()?),
            Ty::Bool => quote!(r.read_bool()?),
            Ty::Int128 => quote!(r.read_int128()?),
            Ty::Int256 => quote!(r.read_int256()?),
            Ty::String => quote!(r.read_string()?),
            Ty::Bytes => quote!(r.read_bytes()?),
            Ty::Object => quote!(r.read_rest()),
            Ty::Vector { item, bare } => {
                let id = if *bare {
                    quote!()
                } else {
                    quote!(r.expect_id(#rt::wire::VECTOR_ID, "Vector")?;)
                };
                let min = match **item {
                    Ty::BareCtor(_) => 1,
                    _ => fixed_len(item).unwrap_or(4),
                };
                let item_read = self.read_expr(item, depth);
                quote!({
                    #id
                    let n = r.read_vector_len(#min)?;
                    let mut v = ::std::vec::Vec::with_capacity(n);
                    for _ in 0..n { v.push(#item_read); }
                    v
                })
            }
            Ty::Enum(_) | Ty::Generic(_) => {
                let t = self.rust_type(ty, depth);
                quote!(<#t as #rt::Deserialize>::deserialize(r)?)
            }
            Ty::BareCtor(_) => {
                let t = self.rust_type(ty, depth);
                quote!(<#t as #rt::Bare>::deserialize_bare(r)?)
            }
        }
    }
}

/// The constant wire size of fixed-size types.
pub fn fixed_len(ty: &Ty) -> Option<usize> {
    match ty {
        Ty::Int | Ty::Bool => Some(4),
        Ty::Long | Ty::Double => Some(8),
        Ty::Int128 => Some(16),
        Ty::Int256 => Some(32),
        _ => None,
    }
}
