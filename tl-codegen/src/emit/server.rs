//! `pub mod server` (with `Config::server`): a `Handler` trait with one method per RPC, each
//! answering like Telegram does for a method it does not serve unless overridden, and
//! `dispatch`, which decodes one serialized request, calls its method and serializes the answer.
//! Test servers in the style of gotd's `tgtest` then implement only what a test needs.
//!
//! `check` runs before emitting (the emitters cannot fail): handler method names must be
//! distinct identifiers, and generic methods must have the one shape `dispatch` can unwrap.

use proc_macro2::TokenStream;
use quote::quote;

use super::codec::{id_lit, ident, natural};
use super::{Ctx, docs, item_path};
use crate::error::{CodegenError, CodegenErrors, NameCollision};
use crate::model::{FieldKind, Item, Model, Ty};
use crate::names;

/// Checks what only the server module needs: distinct handler method names (namespace and name
/// are joined into one snake-case word list, so `phone.requestCall` and a root
/// `phoneRequestCall` would meet), and generic methods shaped `{X:Type} … query:!X = X`.
pub fn check(model: &Model<'_>) -> Result<(), CodegenErrors> {
    let mut errors = Vec::new();
    let mut seen: Vec<(String, &Item<'_>)> = Vec::new();
    for f in &model.funcs {
        let name = names::handler_method(&f.def.full_name());
        let at = model.location(&f.def.span);
        if !names::is_identifier(&name) {
            errors.push(CodegenError::InvalidName {
                name: f.def.full_name(),
                at: at.clone(),
            });
        }
        match seen.iter().find(|(n, _)| *n == name) {
            Some((_, first)) => errors.push(CodegenError::NameCollision(Box::new(NameCollision {
                rust: name.clone(),
                scope: "methods of server::Handler".into(),
                first: (first.def.full_name(), model.location(&first.def.span)),
                second: (f.def.full_name(), at.clone()),
            }))),
            None => seen.push((name, f)),
        }
        if !f.generics.is_empty() && generic_query(f).is_none() {
            errors.push(CodegenError::Unsupported {
                what: format!(
                    "generic method `{}` in the server module: only `{{X:Type}} … query:!X = X` \
                     (one parameter, the `!X` field last, returning X) can be passed on undecoded",
                    f.def.full_name()
                ),
                at,
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CodegenErrors(errors))
    }
}

/// The `!X` field of a generic method, when the method has the shape the server can serve:
/// one generic parameter, used only by the last field (which `Raw` can read to the end of the
/// input) and as the result.
fn generic_query<'m>(f: &'m Item<'_>) -> Option<&'m crate::model::Field> {
    let [g] = f.generics.as_slice() else {
        return None;
    };
    let (last, rest) = f.fields.split_last()?;
    let is_x = |ty: &Ty| matches!(ty, Ty::Generic(n) if n == g);
    let last_ok = matches!(&last.kind, FieldKind::Value { ty, flag: None } if is_x(ty));
    let rest_ok = rest.iter().all(|fl| match &fl.kind {
        FieldKind::Value { ty, .. } => !mentions_generic(ty),
        _ => true,
    });
    (last_ok && rest_ok && f.ret.as_ref().is_some_and(is_x)).then_some(last)
}

fn mentions_generic(ty: &Ty) -> bool {
    match ty {
        Ty::Generic(_) => true,
        Ty::Vector { item, .. } => mentions_generic(item),
        _ => false,
    }
}

/// The whole `pub mod server { … }` item.
pub fn emit(ctx: &Ctx<'_>) -> TokenStream {
    let rt: TokenStream = ctx
        .opts
        .runtime_path
        .parse()
        .expect("validated runtime path");
    let mut methods = Vec::new();
    let mut arms = Vec::new();
    let mut tl_names = Vec::new();
    let mut unwrap_arms = Vec::new();
    let (mut typed, mut raw) = (false, false);
    for f in &ctx.model.funcs {
        let method = ident(&names::handler_method(&f.def.full_name()));
        let id = id_lit(f.def.id());
        let tl_name = f.def.full_name();
        let doc = docs::attrs(&docs::handler(ctx, f));
        let request = item_path(quote!(functions), &f.module, &f.name);
        tl_names.push(quote!(#id => Some(#tl_name)));
        match generic_query(f) {
            Some(query) => {
                let query = ident(&query.name);
                unwrap_arms.push(quote!(
                    Some(#id) => decode::<#request<_rt::Raw>>(request).map(|w| w.#query)
                ));
                methods.push(quote! {
                    #doc
                    fn #method(
                        &self,
                        ctx: &Self::Context,
                        req: #request<_rt::Raw>,
                    ) -> Result<_rt::Bytes, _rt::RpcError> {
                        dispatch(self, ctx, req.#query.0)
                    }
                });
                arms.push(quote!(#id => |h, c, r| serve_wrapper(r, |req| h.#method(c, req))));
            }
            None => {
                let ret_ty = f.ret.as_ref().expect("methods have a resolved return type");
                let ret = ctx.rust_type(ret_ty);
                methods.push(quote! {
                    #doc
                    fn #method(
                        &self,
                        ctx: &Self::Context,
                        req: #request,
                    ) -> Result<#ret, _rt::RpcError> {
                        let _ = (ctx, req);
                        Err(not_served(#id))
                    }
                });
                if natural(ret_ty) {
                    typed = true;
                    arms.push(quote!(#id => |h, c, r| serve(r, |req| h.#method(c, req))));
                } else {
                    // A result TL writes unlike its Rust type's own `Serialize` (a bare
                    // vector or constructor): written the way struct fields are.
                    raw = true;
                    let v = quote!(v);
                    let len = ctx.len_expr(ret_ty, &v);
                    let write = ctx.write_stmt(ret_ty, &v);
                    arms.push(quote!(#id => |h, c, r| serve_raw(r, |req| {
                        let answer = h.#method(c, req)?;
                        let v = &answer;
                        let mut out = Vec::with_capacity(#len);
                        let buf = &mut out;
                        #write
                        Ok(_rt::Bytes::from(out))
                    })));
                }
            }
        }
    }
    let call = if ctx.model.funcs.is_empty() {
        quote! {
            let _ = (handler, ctx);
            Err(not_served(id))
        }
    } else {
        // The match only picks a function: a `dispatch` frame holding every arm's request
        // and answer (debug builds do not share their slots) would be tens of kilobytes,
        // paid again at each nested wrapper.
        quote! {
            let serve_method: fn(&H, &H::Context, _rt::Bytes) -> Result<_rt::Bytes, _rt::RpcError> =
                match id {
                    #(#arms,)*
                    _ => return Err(not_served(id)),
                };
            serve_method(handler, ctx, request)
        }
    };
    let wrappers = !unwrap_arms.is_empty();
    let decode = if typed || raw || wrappers {
        quote! {
            /// The whole request as `R`: bytes left over are an error too, as the request was
            /// not what its id says.
            fn decode<R: _rt::Deserialize>(request: _rt::Bytes) -> Result<R, _rt::RpcError> {
                _rt::Deserialize::from_bytes(request).map_err(|_| input_fetch_error())
            }
        }
    } else {
        quote!()
    };
    let serve = if typed {
        quote! {
            fn serve<R: _rt::Deserialize, A: _rt::Serialize>(
                request: _rt::Bytes,
                call: impl FnOnce(R) -> Result<A, _rt::RpcError>,
            ) -> Result<_rt::Bytes, _rt::RpcError> {
                let answer = call(decode(request)?)?;
                Ok(_rt::Bytes::from(_rt::Serialize::to_bytes(&answer)))
            }
        }
    } else {
        quote!()
    };
    let serve_raw = if raw {
        quote! {
            fn serve_raw<R: _rt::Deserialize>(
                request: _rt::Bytes,
                call: impl FnOnce(R) -> Result<_rt::Bytes, _rt::RpcError>,
            ) -> Result<_rt::Bytes, _rt::RpcError> {
                call(decode(request)?)
            }
        }
    } else {
        quote!()
    };
    let serve_wrapper = if wrappers {
        quote! {
            fn serve_wrapper<R: _rt::Deserialize>(
                request: _rt::Bytes,
                call: impl FnOnce(R) -> Result<_rt::Bytes, _rt::RpcError>,
            ) -> Result<_rt::Bytes, _rt::RpcError> {
                // Checked at every level, as a handler may call `dispatch` with any bytes;
                // the walk stops one past the limit, so this costs little.
                if nested_wrappers(request.clone()) > MAX_NESTED_WRAPPERS {
                    return Err(input_fetch_error());
                }
                call(decode(request)?)
            }

            /// The number of generic wrappers at the head of `request`, counting up to one
            /// past the limit.
            fn nested_wrappers(mut request: _rt::Bytes) -> usize {
                let mut depth = 0;
                while depth <= MAX_NESTED_WRAPPERS {
                    let query = match leading_id(&request) {
                        #(#unwrap_arms,)*
                        _ => break,
                    };
                    match query {
                        Ok(q) => request = q.0,
                        Err(_) => break,
                    }
                    depth += 1;
                }
                depth
            }
        }
    } else {
        quote!()
    };

    quote! {
        /// A typed server: implement [`Handler`](server::Handler) for the methods a test
        /// needs and pass each request to [`dispatch`](server::dispatch).
        #[allow(clippy::all, clippy::pedantic)]
        pub mod server {
            #[allow(unused_imports)]
            use super::{enums, functions, types};
            #[allow(unused_imports)]
            use #rt::{self as _rt, Bare as _, BufMut as _, Deserialize as _, Serialize as _};

            /// One method per RPC of the schema. Every method has a default body that answers
            /// like Telegram does for a method it does not serve, so a test server implements
            /// only what it needs. Generic wrappers (`invokeWithLayer`, `initConnection`, …)
            /// pass their query on to [`dispatch`] by default.
            pub trait Handler: Send + Sync {
                /// What the server passes to every call, such as the connection's user or
                /// layer. `Sync` so `&Context` can cross threads and `.await`s; `Send` so an
                /// async server can move an owned one into a task.
                type Context: ?Sized + Send + Sync;

                #(#methods)*
            }

            /// Decodes one serialized request (boxed: its id first), calls the handler's method
            /// for it, and serializes the answer (the `result` of `rpc_result`).
            ///
            /// A request shorter than an id, one whose body does not decode as its method, or
            /// one nesting more than [`MAX_NESTED_WRAPPERS`] wrappers gets
            /// [`input_fetch_error`]; an id that is no method of this schema gets
            /// [`not_served`].
            pub fn dispatch<H: Handler + ?Sized>(
                handler: &H,
                ctx: &H::Context,
                request: _rt::Bytes,
            ) -> Result<_rt::Bytes, _rt::RpcError> {
                let Some(id) = leading_id(&request) else {
                    return Err(input_fetch_error());
                };
                #call
            }

            /// How many generic wrappers one request may nest, such as
            /// `invokeWithLayer(initConnection(invokeWithoutUpdates(…)))`. Each level is a
            /// nested call of [`dispatch`], and `invokeWithoutUpdates` costs four bytes, so
            /// without a limit a small request could overflow the stack; deeper requests get
            /// [`input_fetch_error`], as values nested past the reader's limit do.
            pub const MAX_NESTED_WRAPPERS: usize = 16;

            /// The TL name of the method a serialized request calls (for logs), if this schema
            /// has it.
            pub fn method_name(request: &[u8]) -> Option<&'static str> {
                match leading_id(request)? {
                    #(#tl_names,)*
                    _ => None,
                }
            }

            /// The error for a method the server does not serve, unknown or not implemented:
            /// `400 INPUT_METHOD_INVALID_<id>_0`, the id in unsigned decimal.
            ///
            /// Telegram answers a method it does not know (or no longer has) with
            /// `INPUT_METHOD_INVALID_<id>_<n>`: `messages.getAllChats` (`0x875f74be`) after its
            /// removal gave `INPUT_METHOD_INVALID_2271179966_281440`, and four bytes `test`
            /// sent as a request give `INPUT_METHOD_INVALID_1953719668_…`. What `n` counts is
            /// not documented, so it is 0 here; clients (TDLib among them) match the prefix.
            /// An unimplemented method gets the same answer because a client cannot tell the
            /// two apart on Telegram either.
            pub fn not_served(id: u32) -> _rt::RpcError {
                _rt::RpcError::from_message(400, ::std::format!("INPUT_METHOD_INVALID_{id}_0"))
            }

            /// The error for a request that does not decode as its method:
            /// `400 INPUT_FETCH_ERROR`, which Telegram sends for a malformed body (flags that
            /// do not match the fields, a field missing or of the wrong type). Telegram has
            /// finer names for some cases (`INPUT_CONSTRUCTOR_INVALID`, `INPUT_REQUEST_TOO_LONG`)
            /// whose exact conditions are undocumented, so every decoding failure gets this one.
            pub fn input_fetch_error() -> _rt::RpcError {
                _rt::RpcError::new(400, "INPUT_FETCH_ERROR")
            }

            fn leading_id(request: &[u8]) -> Option<u32> {
                match request {
                    [a, b, c, d, ..] => Some(u32::from_le_bytes([*a, *b, *c, *d])),
                    _ => None,
                }
            }

            #decode
            #serve
            #serve_raw
            #serve_wrapper
        }
    }
}
