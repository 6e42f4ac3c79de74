//! The differential test's table: for each constructor and method of the full layer, the check
//! `check_type::<OurStruct, GrammersEnum>` or `check_function::<OurStruct, GrammersStruct>`,
//! and the definitions that cannot be compared, each with the reason.
//!
//! Our paths come from the same `tl_codegen::model::Model` the bindings are generated from, so
//! they follow our naming rules by construction. grammers' paths follow its rustifier
//! (`grammers-tl-gen` 0.11 `src/rustifier.rs`, private, ported below), applied to definitions
//! parsed with `grammers-tl-parser` exactly the way `grammers-tl-types`' build script does, so
//! what grammers omits is known rather than guessed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use grammers_tl_parser::tl::{Category as GCategory, Definition as GDefinition};
use tl_codegen::model::{Item, Model};
use tl_parser::ast::{Category, Schema};

/// What grammers-tl-types 0.11 generates, keyed by (is function, full TL name). Definitions
/// its parser rejects are dropped, as its build does (they show up below as ours-only).
struct Grammers {
    defs: BTreeMap<(bool, String), GDefinition>,
}

impl Grammers {
    fn load(dir: &Path) -> Self {
        let mut defs = BTreeMap::new();
        for file in ["api.tl", "mtproto.tl"] {
            let text = std::fs::read_to_string(dir.join(file))
                .unwrap_or_else(|e| panic!("read {}: {e}", dir.join(file).display()));
            for d in grammers_tl_parser::parse_tl_file(&text).flatten() {
                // grammers-tl-gen skips constructors of `Bool` (SPECIAL_CASED_TYPES): it is
                // Rust's `bool` there.
                let is_fn = d.category == GCategory::Functions;
                if !is_fn && d.ty.name == "Bool" {
                    continue;
                }
                defs.insert((is_fn, d.full_name()), d);
            }
        }
        Self { defs }
    }
}

/// grammers-tl-gen's `rusty_type_name`: the part after the last `.`, `_` dropped with the next
/// letter upper-cased, and in a run of capitals only the first kept upper
/// (`JSONValue` → `Jsonvalue`, `Server_DH_Params` → `ServerDhParams`).
fn grammers_name(name: &str) -> String {
    #[derive(Clone, Copy)]
    enum Casing {
        Upper,
        Lower,
        Preserve,
    }
    let name = name.rsplit('.').next().unwrap_or(name);
    let mut out = String::with_capacity(name.len());
    let mut casing = Casing::Upper;
    for c in name.chars() {
        if c == '_' {
            casing = Casing::Upper;
            continue;
        }
        casing = match casing {
            Casing::Upper => {
                out.push(c.to_ascii_uppercase());
                Casing::Lower
            }
            Casing::Lower | Casing::Preserve => {
                if matches!(casing, Casing::Lower) {
                    out.push(c.to_ascii_lowercase());
                } else {
                    out.push(c);
                }
                if c.is_ascii_uppercase() {
                    Casing::Lower
                } else {
                    Casing::Preserve
                }
            }
        };
    }
    out
}

fn grammers_path(tree: &str, namespace: &[String], name: &str) -> String {
    let mut p = format!("grammers_tl_types::{tree}::");
    for ns in namespace {
        p.push_str(ns);
        p.push_str("::");
    }
    p.push_str(&grammers_name(name));
    p
}

/// `full::types::phone::PhoneCall`: our path, from the model (module and name as generated).
pub fn our_path(tree: &str, item: &Item<'_>) -> String {
    match &item.module {
        Some(m) => format!("full::{tree}::{m}::{}", item.name),
        None => format!("full::{tree}::{}", item.name),
    }
}

/// Writes `DIFFERENTIAL` (name, check), `DIFFERENTIAL_SKIPPED` (name, reason) and
/// `ID_FIXUPS` (name, our id, grammers' id) for definitions whose ids the two disagree on.
/// Those are still compared, with the id translated (see the test's support module): an id is
/// one word, the rest of the encoding is worth checking.
pub fn write(model: &Model<'_>, schema: &Schema, grammers_dir: &Path, out: &Path) {
    let grammers = Grammers::load(grammers_dir);
    let mut entries = Vec::new();
    let mut skipped: Vec<(String, String)> = Vec::new();
    let mut matched: BTreeSet<(bool, String)> = BTreeSet::new();
    // (name, our id, grammers' id) where the two disagree.
    let mut fixups: Vec<(String, u32, u32)> = Vec::new();

    for c in &model.ctors {
        let name = c.def.full_name();
        let key = (false, name.clone());
        match grammers.defs.get(&key) {
            Some(g) => {
                matched.insert(key);
                if g.id != c.def.id() {
                    fixups.push((name.clone(), c.def.id(), g.id));
                }
                // A constructor is compared through its boxed type on grammers' side: the
                // enum reads and writes the constructor id, as our struct's `Serialize` does.
                let theirs = grammers_path("enums", &g.ty.namespace, &g.ty.name);
                entries.push(format!(
                    "    ({name:?}, check_type::<{}, {theirs}>),\n",
                    our_path("types", c)
                ));
            }
            None => skipped.push((name, "grammers-tl-types generates no type for it".into())),
        }
    }
    for f in &model.funcs {
        let name = f.def.full_name();
        let key = (true, name.clone());
        if grammers.defs.contains_key(&key) {
            matched.insert(key.clone());
        }
        if !f.generics.is_empty() {
            skipped.push((
                name,
                format!(
                    "generic method ({{{}:Type}}): its query is any request, so no value \
                     is generated for it",
                    f.generics.join(", ")
                ),
            ));
            continue;
        }
        match grammers.defs.get(&key) {
            Some(g) => {
                if g.id != f.def.id() {
                    fixups.push((name.clone(), f.def.id(), g.id));
                }
                let theirs = grammers_path("functions", &g.namespace, &g.name);
                entries.push(format!(
                    "    ({name:?}, check_function::<{}, {theirs}>),\n",
                    our_path("functions", f)
                ));
            }
            None => skipped.push((
                name,
                "grammers-tl-types generates no function for it".into(),
            )),
        }
    }
    // Definitions our generator turns into Rust primitives rather than structs.
    let ours: BTreeSet<String> = model
        .ctors
        .iter()
        .chain(&model.funcs)
        .map(|i| i.def.full_name())
        .collect();
    for d in &schema.definitions {
        let name = d.full_name();
        if d.category == Category::Type && !ours.contains(&name) {
            skipped.push((
                name,
                format!(
                    "its type `{}` is a Rust primitive for us (bool, `true` flags, Vec): \
                     no struct to compare",
                    d.result().full_name()
                ),
            ));
            matched.insert((false, d.full_name()));
        }
    }
    for b in schema.builtins.iter().filter(|b| b.id.is_some()) {
        skipped.push((
            b.name.clone(),
            format!(
                "builtin `{}` (`Vec<T>` on both sides, checked inside every vector field)",
                b.text.trim()
            ),
        ));
    }
    for (is_fn, name) in grammers.defs.keys() {
        if !matched.contains(&(*is_fn, name.clone())) {
            skipped.push((
                name.clone(),
                "grammers generates it but our schema parse has no such definition".into(),
            ));
        }
    }

    let mut text = String::from(
        "// @generated by tests/build.rs (build/differential.rs): one check per constructor and \
         method of layer 230.\n\n",
    );
    writeln!(text, "pub const DIFFERENTIAL: &[(&str, Check)] = &[").unwrap();
    for e in &entries {
        text.push_str(e);
    }
    text.push_str("];\n\n");
    writeln!(text, "pub const DIFFERENTIAL_SKIPPED: &[(&str, &str)] = &[").unwrap();
    for (name, why) in &skipped {
        writeln!(text, "    ({name:?}, {why:?}),").unwrap();
    }
    text.push_str("];\n\n");
    writeln!(text, "pub const ID_FIXUPS: &[(&str, u32, u32)] = &[").unwrap();
    for (name, ours, theirs) in &fixups {
        writeln!(text, "    ({name:?}, {ours:#010x}, {theirs:#010x}),").unwrap();
    }
    text.push_str("];\n");
    tl_codegen::write_if_changed(out, &text).unwrap_or_else(|e| panic!("{e}"));
}
