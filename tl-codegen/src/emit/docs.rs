//! Rustdoc text: what the seed docs page tells a user (parameters, return type, whether bots
//! may call it, its errors), plus the TL line every item comes from.

use std::fmt::Write;

use tl_parser::ast::{Definition, ParamKind, Type};
use tl_parser::errors_table::Usability;

use super::Ctx;
use crate::model::{Field, FieldKind, Item, Ty};

/// Doc attributes, one per line with a leading space, so they print as `/// line`.
pub fn attrs(text: &str) -> proc_macro2::TokenStream {
    let lines = text.trim_end().lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote::quote!(#[doc = #l])
    });
    quote::quote!(#(#lines)*)
}

/// `Vector<InputUser>`, `flags.0?true`, `!X`, as written in TL.
pub fn type_text(ty: &Type) -> String {
    let mut s = String::new();
    if ty.percent() {
        s.push('%');
    }
    if ty.generic_ref() {
        s.push('!');
    }
    s.push_str(ty.qualified_name());
    if let Some(arg) = ty.arg() {
        let _ = write!(s, "<{}>", type_text(&arg));
    }
    s
}

fn tl_block(def: &Definition) -> String {
    format!("```text\n{def}\n```\n")
}

fn schema_doc(def: &Definition, out: &mut String) {
    if let Some(doc) = &def.doc {
        let doc = doc.trim();
        if !doc.is_empty() {
            out.push_str(doc);
            out.push_str("\n\n");
        }
    }
}

/// Docs of a constructor struct.
pub fn ctor(ctx: &Ctx<'_>, item: &Item<'_>) -> String {
    let mut s = String::new();
    let def = item.def;
    let e = item.enum_index.map(|e| &ctx.model.enums[e]);
    let _ = write!(s, "Constructor `{}`", def.full_name());
    if let Some(e) = e {
        let _ = write!(
            s,
            " of [`{}`]({})",
            e.tl_name,
            ctx.path_str("enums", &e.module, &e.name)
        );
    }
    let _ = writeln!(s, " (id `{:#010x}`).\n", def.id());
    schema_doc(def, &mut s);
    s.push_str(&tl_block(def));
    s
}

/// Docs of a method struct: the seed page's content.
pub fn function(ctx: &Ctx<'_>, item: &Item<'_>) -> String {
    let mut s = String::new();
    let def = item.def;
    let _ = writeln!(
        s,
        "Method `{}` (id `{:#010x}`).\n",
        def.full_name(),
        def.id()
    );
    schema_doc(def, &mut s);
    s.push_str(&tl_block(def));

    let params: Vec<_> = item
        .fields
        .iter()
        .filter(|f| !matches!(f.kind, FieldKind::Flags))
        .collect();
    s.push_str("\n# Parameters\n\n");
    if params.is_empty() {
        s.push_str("None.\n");
    } else {
        s.push_str("| Name | Type | Required |\n|------|------|----------|\n");
        for f in params {
            let p = def
                .params()
                .iter()
                .find(|p| p.name() == f.tl_name)
                .expect("field from param");
            let ParamKind::Normal { ty, flag } = p.kind() else {
                continue;
            };
            let ty_doc = match &f.kind {
                FieldKind::Value { ty: t, .. } => ctx.type_link(t, &ty),
                _ => format!("`{}`", type_text(&ty)),
            };
            let required = match flag {
                Some(fl) => format!("Optional (`{}.{}`)", fl.field(), fl.bit()),
                None => "Yes".to_string(),
            };
            let _ = writeln!(s, "| `{}` | {} | {} |", f.name, ty_doc, required);
        }
    }

    s.push_str("\n# Returns\n\n");
    let ret = item.ret.as_ref().expect("resolved return type");
    let _ = writeln!(s, "{}", ctx.type_link(ret, &def.result()));

    let info = ctx.table.and_then(|t| t.method(&def.full_name()));
    s.push_str("\n# Bots\n\n");
    s.push_str(match info.map(|m| m.usability) {
        Some(Usability::User) => "Bots **cannot** use this method: only users can.\n",
        Some(Usability::Bot) => "Only bots can use this method.\n",
        Some(Usability::Both) => "Both users and bots can use this method.\n",
        _ => "Unknown whether bots can use this method.\n",
    });

    s.push_str("\n# Errors\n\n");
    match info {
        Some(m) if !m.errors.is_empty() => {
            s.push_str("| Code | Name | Description |\n|------|------|-------------|\n");
            let table = ctx.table.expect("info comes from the table");
            for name in &m.errors {
                let (codes, desc) = match table.error(name) {
                    Some(e) => (
                        e.codes
                            .iter()
                            .map(|c| c.to_string())
                            .collect::<Vec<_>>()
                            .join(", "),
                        e.description.clone(),
                    ),
                    None => (String::new(), String::new()),
                };
                let codes = if codes.is_empty() { "?".into() } else { codes };
                let _ = writeln!(s, "| {codes} | `{name}` | {} |", escape_cell(&desc));
            }
            if let Some(e) = super::errors::error_enum_name(ctx, item) {
                let _ = writeln!(
                    s,
                    "\nThey arrive typed as [`{e}`]; any other error as `{e}::Other`."
                );
            }
        }
        _ => s.push_str(
            "No errors are listed for this method; failures arrive as \
             an `RpcError`.\n",
        ),
    }
    s
}

/// Docs of a server handler method: the TL line, the request struct, what comes back, and
/// what the default body does.
pub fn handler(ctx: &Ctx<'_>, item: &Item<'_>) -> String {
    let def = item.def;
    let mut s = String::new();
    let _ = writeln!(s, "`{}` (id `{:#010x}`).\n", def.full_name(), def.id());
    s.push_str(&tl_block(def));
    let request = ctx.path_str("functions", &item.module, &item.name);
    if item.generics.is_empty() {
        let ret = item.ret.as_ref().expect("resolved return type");
        let _ = writeln!(
            s,
            "\nThe request is [`{}`]({request}); the answer is {}.\n\n\
             Unless overridden, answers like Telegram does for a method it does not serve \
             ([`not_served`]).",
            item.name,
            ctx.type_link(ret, &def.result())
        );
    } else {
        let _ = writeln!(
            s,
            "\nThe request is [`{}`]({request}) with its query kept as serialized bytes; the \
             answer is the query's answer, serialized.\n\n\
             Unless overridden, passes the query to [`dispatch`], so the wrapped method is \
             served as if it came alone. Override it to record what the wrapper carries, then \
             call [`dispatch`] the same way.",
            item.name
        );
    }
    s
}

/// Docs of one struct field: its TL parameter.
pub fn field(_ctx: &Ctx<'_>, item: &Item<'_>, f: &Field) -> String {
    let p = item
        .def
        .params()
        .iter()
        .find(|p| p.name() == f.tl_name)
        .expect("field from param");
    match p.kind() {
        ParamKind::Flags => format!("`{}:#`", p.name()),
        ParamKind::Normal { ty, flag: None } => format!("`{}:{}`", p.name(), type_text(&ty)),
        ParamKind::Normal { ty, flag: Some(fl) } => {
            let mut s = format!(
                "`{}:{}.{}?{}` (present when bit {} of `{}` is set)",
                p.name(),
                fl.field(),
                fl.bit(),
                type_text(&ty),
                fl.bit(),
                fl.field()
            );
            let partners: Vec<String> = item
                .fields
                .iter()
                .filter(|g| g.tl_name != f.tl_name)
                .filter(|g| match (&g.kind, &f.kind) {
                    (
                        FieldKind::Value { flag: Some(a), .. },
                        FieldKind::Value { flag: Some(b), .. },
                    ) => a == b,
                    _ => false,
                })
                .map(|g| format!("`{}`", g.name))
                .collect();
            if !partners.is_empty() {
                // The wire has one bit for all of them: a partial set cannot be encoded.
                s.push_str(&format!(
                    ".\n\nShares its bit with {}: set all of them or none.",
                    partners.join(", ")
                ));
            }
            s
        }
    }
}

fn escape_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

impl Ctx<'_> {
    /// A path as text for intra-doc links.
    pub fn path_str(&self, tree: &str, module: &Option<String>, name: &str) -> String {
        let mut s = tree.to_string();
        s.push_str("::");
        if let Some(m) = module {
            s.push_str(m.strip_prefix("r#").unwrap_or(m));
            s.push_str("::");
        }
        s.push_str(name);
        s
    }

    /// The TL type as text, linked to its generated item where there is one.
    fn type_link(&self, ty: &Ty, tl: &Type) -> String {
        match ty {
            Ty::Enum(e) => {
                let e = &self.model.enums[*e];
                format!(
                    "[`{}`]({})",
                    type_text(tl),
                    self.path_str("enums", &e.module, &e.name)
                )
            }
            Ty::BareCtor(c) => {
                let c = &self.model.ctors[*c];
                format!(
                    "[`{}`]({})",
                    type_text(tl),
                    self.path_str("types", &c.module, &c.name)
                )
            }
            _ => format!("`{}`", type_text(tl)),
        }
    }
}
