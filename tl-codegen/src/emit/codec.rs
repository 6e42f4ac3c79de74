//! How a value of each resolved type is named, measured, written and read in generated code.
//!
//! Generated modules import the runtime's traits (`use … as _`), so most fields are method
//! calls (`x.serialized_len()`, `x.serialize_to(buf)`) and type-directed reads
//! (`let x = r.read()?;`, the struct field's type picks the decoder). Only what TL writes
//! differently from a type's natural form (bare vectors, bare constructors, `Object`) is spelled
//! out. Small source compiles fast.

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

/// Whether the type's natural `Serialize`/`Deserialize` is its wire form here.
pub(super) fn natural(ty: &Ty) -> bool {
    match ty {
        Ty::Object | Ty::BareCtor(_) => false,
        Ty::Vector { item, bare } => !bare && natural(item),
        _ => true,
    }
}

impl Ctx<'_> {
    /// The Rust type of `ty` (paths relative to a generated module, which imports `enums`,
    /// `types` and the runtime as `_rt`).
    pub fn rust_type(&self, ty: &Ty) -> TokenStream {
        match ty {
            Ty::Int => quote!(i32),
            Ty::Long => quote!(i64),
            Ty::Double => quote!(f64),
            Ty::Bool => quote!(bool),
            // Zero-copy (or inline when short) and validated once: no allocation per string.
            Ty::String => quote!(_rt::Str),
            Ty::Bytes | Ty::Object => quote!(_rt::Bytes),
            Ty::Int128 => quote!([u8; 16]),
            Ty::Int256 => quote!([u8; 32]),
            Ty::Vector { item, .. } => {
                let item = self.rust_type(item);
                let vec = self.prelude("Vec");
                quote!(#vec<#item>)
            }
            Ty::Enum(e) => self.enum_path(*e),
            Ty::BareCtor(c) => self.ctor_path(*c),
            Ty::Generic(g) => {
                let g = ident(g);
                quote!(#g)
            }
        }
    }

    /// Expression: the serialized length of `*v` (`v` is a reference).
    pub fn len_expr(&self, ty: &Ty, v: &TokenStream) -> TokenStream {
        if let Some(n) = fixed_len(ty) {
            let n = proc_macro2::Literal::usize_unsuffixed(n);
            return quote!(#n);
        }
        if natural(ty) {
            return quote!(#v.serialized_len());
        }
        match ty {
            Ty::Object => quote!(#v.len()),
            Ty::BareCtor(_) => quote!(#v.bare_len()),
            Ty::Vector { item, bare } => {
                let head = proc_macro2::Literal::usize_unsuffixed(if *bare { 4 } else { 8 });
                match fixed_len(item) {
                    Some(n) => {
                        let n = proc_macro2::Literal::usize_unsuffixed(n);
                        quote!(#head + #n * #v.len())
                    }
                    None => {
                        let x = quote!(x);
                        let item_len = self.len_expr(item, &x);
                        quote!(#head + #v.iter().map(|x| #item_len).sum::<usize>())
                    }
                }
            }
            _ => unreachable!("natural types handled above"),
        }
    }

    /// Statement: write `*v` into `buf`.
    pub fn write_stmt(&self, ty: &Ty, v: &TokenStream) -> TokenStream {
        if natural(ty) {
            return quote!(#v.serialize_to(buf););
        }
        match ty {
            Ty::Object => quote!(buf.put_slice(#v);),
            Ty::BareCtor(_) => quote!(#v.serialize_bare(buf);),
            Ty::Vector { item, bare } => {
                let x = quote!(x);
                let item_write = self.write_stmt(item, &x);
                let id = if *bare {
                    quote!()
                } else {
                    quote!(buf.put_u32_le(_rt::wire::VECTOR_ID);)
                };
                quote! {
                    #id
                    buf.put_i32_le(#v.len() as i32);
                    for x in #v { #item_write }
                }
            }
            _ => unreachable!("natural types handled above"),
        }
    }

    /// Expression (uses `?`): read a value from `r`; its type comes from where it is used.
    pub fn read_expr(&self, ty: &Ty) -> TokenStream {
        // Primitives by the reader's own methods, enums by their type's path: the compiler
        // then has no type to infer and no trait impl to select per field, which was a
        // quarter of the build time of the full layer.
        match ty {
            Ty::Int => quote!(r.read_i32()?),
            Ty::Long => quote!(r.read_i64()?),
            Ty::Double => quote!(r.read_f64()?),
            Ty::Bool => quote!(r.read_bool()?),
            Ty::String => quote!(r.read_str()?),
            Ty::Bytes => quote!(r.read_bytes()?),
            Ty::Int128 => quote!(r.read_int128()?),
            Ty::Int256 => quote!(r.read_int256()?),
            Ty::Enum(e) => {
                let path = self.enum_path(*e);
                quote!(<#path as _rt::Deserialize>::deserialize(r)?)
            }
            // The trait path, not `r.read::<T>()`: no generic instantiation per field type,
            // which debug builds would compile one by one.
            Ty::Generic(_) => quote!(_rt::Deserialize::deserialize(r)?),
            Ty::Vector { .. } if natural(ty) => quote!(_rt::Deserialize::deserialize(r)?),
            Ty::Object => quote!(r.read_rest()),
            Ty::BareCtor(_) => quote!(_rt::Bare::deserialize_bare(r)?),
            Ty::Vector { item, bare } => {
                // `min` is the fewest bytes an item takes, so that a count the bytes left
                // cannot hold is refused before anything is allocated.
                let (min, read_item) = match **item {
                    Ty::BareCtor(_) => (1, quote!(_rt::Bare::deserialize_bare)),
                    _ => {
                        let item_read = self.read_expr(item);
                        let ok = self.prelude("Ok");
                        (fixed_len(item).unwrap_or(4), quote!(|r| #ok(#item_read)))
                    }
                };
                // The runtime's loop, so that every vector reserves by the same rule.
                let items = quote!(_rt::vector::read_items(r, #min, #read_item)?);
                if *bare {
                    items
                } else {
                    quote!({
                        r.expect_id(_rt::wire::VECTOR_ID, "Vector")?;
                        #items
                    })
                }
            }
        }
    }
}
