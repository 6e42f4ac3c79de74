//! Cutting a schema down to a few methods and everything they need.
//!
//! [`closure`] keeps the named methods and every constructor reachable from them: through
//! their parameters and result type, through *all* constructors of each boxed type reached
//! (a decoder must accept any of them), through `Vector<T>` arguments and the types of
//! conditional (`flags.N?T`) fields, transitively. The result is a [`Schema`] that lints on its
//! own and generates a small crate.
//!
//! Two built-in-looking types are treated as follows:
//!
//! - **`Bool`** is an ordinary boxed type: when a field reaches it, both of its constructors
//!   (`boolFalse`, `boolTrue`) are kept, because they are what goes on the wire.
//! - **`true` / `True`**: a `flags.N?true` field is only a bit in its flags word and writes
//!   nothing, so it does not pull in `true#3fedd339 = True`. The constructor is kept only when a
//!   field uses `true` without a flag condition, or the boxed `True` anywhere (that one writes
//!   an id).
//!
//! With these rules the closure of `phone.requestCall` over layer 230 holds 16 boxed types,
//! 47 constructors and 1 function (`Bool` is not reached at all; keeping `true` would make it
//! 17 and 48).
//!
//! A bare reference (`vector<future_salt>`, `%Foo`) is followed like a boxed one except that a
//! lower-case name keeps only the constructor it names: a bare field can hold nothing else.
//! Names that are not defined in the schema (built-ins like `int`, `bytes`, `Vector`, generic
//! parameters like `X`) are not followed; reporting undefined types is the validator's job.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::ast::{Category, ParamKind, Schema, Type};

/// Why [`closure`] failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClosureError {
    /// Some requested names are not methods of the schema.
    UnknownMethods {
        /// The names not found, in the order requested.
        names: Vec<String>,
        /// For each of `names` that is a constructor rather than a method, that name (helps the
        /// message say why).
        constructors: Vec<String>,
    },
}

impl fmt::Display for ClosureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClosureError::UnknownMethods {
                names,
                constructors,
            } => {
                let s = if names.len() == 1 { "" } else { "s" };
                write!(f, "unknown method{s}: ")?;
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{name}`")?;
                    if constructors.contains(name) {
                        f.write_str(" (a constructor, not a method)")?;
                    }
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ClosureError {}

/// The sub-schema of `schema` holding the methods named in `methods` (full names such as
/// `phone.requestCall`) and every constructor they reach, in source order. `files`, `layer`
/// and all `builtins` are kept, so spans still point into the original text. See the module
/// docs for how `Bool` and `true` are handled.
///
/// Fails, listing every offender, when a name is not a method of `schema`.
pub fn closure(schema: &Schema, methods: &[&str]) -> Result<Schema, ClosureError> {
    let index = Index::new(schema);

    let mut unknown = Vec::new();
    let mut keep = vec![false; schema.definitions.len()];
    let mut work: Vec<usize> = Vec::new();
    for &name in methods {
        match index.functions.get(name) {
            Some(&i) => work.push(i),
            None => unknown.push(name.to_string()),
        }
    }
    if !unknown.is_empty() {
        let constructors = unknown
            .iter()
            .filter(|n| index.constructors.contains_key(n.as_str()))
            .cloned()
            .collect();
        return Err(ClosureError::UnknownMethods {
            names: unknown,
            constructors,
        });
    }

    // Each boxed type is expanded once; each definition is visited once.
    let mut types_done: HashSet<String> = HashSet::new();
    while let Some(i) = work.pop() {
        if std::mem::replace(&mut keep[i], true) {
            continue;
        }
        let def = &schema.definitions[i];
        let mut refs: Vec<&Type> = Vec::new();
        for param in &def.params {
            if let ParamKind::Normal { ty, flag } = &param.kind {
                // `flags.N?true` is a bit of the flags word; nothing of type True is sent.
                if flag.is_some() && is_true(ty) {
                    continue;
                }
                refs.push(ty);
            }
        }
        if def.category == Category::Function {
            refs.push(&def.result);
        }
        while let Some(ty) = refs.pop() {
            if let Some(arg) = &ty.arg {
                refs.push(arg);
            }
            if ty.generic_ref || def.generics.iter().any(|g| g.name == ty.name) {
                continue;
            }
            let name = ty.full_name();
            if ty.is_bare() && !ty.percent {
                // `future_salt`: that one constructor, if it is one (`int` is not).
                if let Some(&c) = index.constructors.get(name.as_str()) {
                    work.push(c);
                }
            } else if types_done.insert(name.clone()) {
                // All constructors: a decoder of this type must accept any of them.
                let constructors = index.by_type.get(name.as_str()).into_iter().flatten();
                work.extend(constructors.copied());
            }
        }
    }

    Ok(Schema {
        files: schema.files.clone(),
        layer: schema.layer,
        builtins: schema.builtins.clone(),
        definitions: schema
            .definitions
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(d, _)| d.clone())
            .collect(),
    })
}

/// The bare type `true` (as in `flags.0?true`). A boxed `flags.0?True` would write an id, so it
/// is followed like any other type.
fn is_true(ty: &Type) -> bool {
    ty.namespace.is_empty() && ty.arg.is_none() && !ty.percent && ty.name == "true"
}

/// Lookup tables over a schema's definitions (by index into `definitions`).
struct Index {
    /// Method full name → definition. The first wins on duplicates (the validator reports
    /// them).
    functions: HashMap<String, usize>,
    /// Constructor full name → definition.
    constructors: HashMap<String, usize>,
    /// Boxed type full name → its constructors, in source order.
    by_type: HashMap<String, Vec<usize>>,
}

impl Index {
    fn new(schema: &Schema) -> Self {
        let mut functions = HashMap::new();
        let mut constructors = HashMap::new();
        let mut by_type: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, def) in schema.definitions.iter().enumerate() {
            match def.category {
                Category::Function => {
                    functions.entry(def.full_name()).or_insert(i);
                }
                Category::Type => {
                    constructors.entry(def.full_name()).or_insert(i);
                    by_type.entry(def.result.full_name()).or_default().push(i);
                }
            }
        }
        Index {
            functions,
            constructors,
            by_type,
        }
    }
}

/// Counts of a schema's content, as `tlgen lint` prints them and as the closure's figures
/// are stated: distinct boxed types (result types of constructors), constructors, functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Counts {
    /// Distinct result types of the constructors.
    pub boxed_types: usize,
    /// Constructors (`---types---`).
    pub constructors: usize,
    /// Methods (`---functions---`).
    pub functions: usize,
}

impl Counts {
    /// Counts `schema`'s definitions. Built-in lines (`int ? = Int;`, `vector ...`) are not
    /// definitions and are not counted.
    pub fn of(schema: &Schema) -> Self {
        let mut types = HashSet::new();
        let mut counts = Counts::default();
        for def in &schema.definitions {
            match def.category {
                Category::Type => {
                    counts.constructors += 1;
                    types.insert(def.result.full_name());
                }
                Category::Function => counts.functions += 1,
            }
        }
        counts.boxed_types = types.len();
        counts
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} boxed types, {} constructors and {} functions",
            self.boxed_types, self.constructors, self.functions
        )
    }
}
