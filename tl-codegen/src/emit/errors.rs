//! One error enum per method that the errors table lists errors for: a variant per known
//! error (carrying the number of `_%d` errors), `#[non_exhaustive]`, and `Other(RpcError)`
//! for everything a newer server may send.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::codec::ident;
use crate::model::Item;
use crate::names;

/// The error enum's name for a method, when the table lists errors for it.
pub fn error_enum_name(ctx: &Ctx<'_>, item: &Item<'_>) -> Option<String> {
    let info = ctx.table?.method(&item.def.full_name())?;
    if info.errors.is_empty() || !item.generics.is_empty() {
        return None;
    }
    Some(format!("{}Error", item.name))
}

/// Emits the error enum for a method, if it has one.
pub fn emit(ctx: &Ctx<'_>, item: &Item<'_>) -> TokenStream {
    let Some(enum_name) = error_enum_name(ctx, item) else {
        return quote!();
    };
    let table = ctx.table.expect("error enums come from the table");
    let info = table
        .method(&item.def.full_name())
        .expect("checked by error_enum_name");
    let name = ident(&enum_name);
    let method = ident(&item.name);
    let tl_name = item.def.full_name();
    let doc = format!(
        "Errors of [`{}`] (`{tl_name}`) listed in the errors table.\n\n\
         Tables change with layers, so this enum is `#[non_exhaustive]` and anything not \
         listed arrives as [`Other`](Self::Other).",
        item.name
    );
    let _ = method;

    let mut variants = Vec::new();
    let mut exact_arms = Vec::new();
    let mut param_arms = Vec::new();
    let mut name_arms = Vec::new();
    let mut code_arms = Vec::new();
    let mut desc_arms = Vec::new();
    for err in &info.errors {
        let vname = ident(&names::error_variant(err));
        let (codes, desc) = match table.error(err) {
            Some(e) => (e.codes.clone(), e.description.clone()),
            None => (Vec::new(), String::new()),
        };
        let code_text = if codes.is_empty() {
            "code unknown".to_string()
        } else {
            codes
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("/")
        };
        let vdoc = format!("`{err}` ({code_text}): {desc}");
        let code = codes.first().copied();
        let code = match code {
            Some(c) => quote!(::core::option::Option::Some(#c)),
            None => quote!(::core::option::Option::None),
        };
        match err.strip_suffix("_%d") {
            Some(base) => {
                let vd = format!("{vdoc}\n\nHolds the number that ends the error's name.");
                let vd = super::docs::attrs(&vd);
                variants.push(quote!(#vd #vname(u32)));
                param_arms.push(
                    quote!((#base, ::core::option::Option::Some(v)) => return Self::#vname(v)),
                );
                name_arms.push(quote!(Self::#vname(_) => #base));
                code_arms.push(quote!(Self::#vname(_) => #code));
                desc_arms.push(quote!(Self::#vname(_) => #desc));
            }
            None => {
                let vdoc = super::docs::attrs(&vdoc);
                variants.push(quote!(#vdoc #vname));
                exact_arms.push(quote!(#err => return Self::#vname));
                name_arms.push(quote!(Self::#vname => #err));
                code_arms.push(quote!(Self::#vname => #code));
                desc_arms.push(quote!(Self::#vname => #desc));
            }
        }
    }

    let doc = super::docs::attrs(&doc);
    let param_match = if param_arms.is_empty() {
        quote!()
    } else {
        quote! {
            match (e.name.as_str(), e.value) {
                #(#param_arms,)*
                _ => {}
            }
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// Any error the table does not list for this method.
            Other(_rt::RpcError),
        }

        impl ::core::convert::From<_rt::RpcError> for #name {
            fn from(e: _rt::RpcError) -> Self {
                match e.message.as_str() {
                    #(#exact_arms,)*
                    _ => {}
                }
                #param_match
                Self::Other(e)
            }
        }

        impl #name {
            /// The error's name as Telegram sends it, without a numeric suffix.
            pub fn name(&self) -> &str {
                match self {
                    #(#name_arms,)*
                    Self::Other(e) => &e.name,
                }
            }

            /// The error code (HTTP-like: 400, 403, 420, ...), when known.
            pub fn code(&self) -> ::core::option::Option<i32> {
                match self {
                    #(#code_arms,)*
                    Self::Other(e) => ::core::option::Option::Some(e.code),
                }
            }

            /// What the error means, from the errors table.
            pub fn description(&self) -> &'static str {
                match self {
                    #(#desc_arms,)*
                    Self::Other(_) => "",
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    Self::Other(e) => ::core::fmt::Display::fmt(e, f),
                    _ => {
                        write!(f, "{} ({}): {}", self.name(), #tl_name, self.description())
                    }
                }
            }
        }

        impl ::std::error::Error for #name {}
    }
}
