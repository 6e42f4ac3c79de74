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
//!
//! ## Pruning
//!
//! Following *all* constructors is what makes a closure correct, and also what makes some
//! closures huge: a method returning `Updates` reaches `Update`, whose ~150 constructors drag
//! in most of the layer (the six calls methods of `schema/api.tl` reach 854 constructors; with
//! `Update` cut to `updatePhoneCall` and `Updates` to `updates` and `updateShort`, the ten
//! methods of that file reach 83 instead of 863). [`closure_with`] takes a [`Prune`] naming,
//! for some boxed types, the only constructors to keep; the closure then follows only those.
//! The result still lints (every kept constructor's types are followed as usual), but a
//! decoder generated from it refuses the other constructors of a pruned type, so whoever
//! prints the result should say which types were pruned (`tlgen subset` writes a `// pruned:`
//! line per type). A bare reference to one constructor of a pruned type (a field typed
//! `updateShort`, lower-case) still keeps the constructor it names: a bare field can hold
//! nothing else, and dropping it would leave the field's type undefined.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::Location;
use crate::ast::{Category, Definition, ParamKind, Schema, Type};

/// Why [`closure`] or [`closure_with`] failed.
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
    /// Some entries of the [`Prune`] do not fit the schema. Every problem is listed, in the
    /// order the entries were added; each is one line of the message.
    BadPrune(Vec<PruneProblem>),
}

/// One entry of a [`Prune`] that does not fit the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PruneProblem {
    /// No constructor of the schema has this result type.
    UnknownType {
        /// The type as given (`Updatez`).
        ty: String,
        /// When the name is a constructor (`updates` for `Updates`): its type and where it is
        /// defined, so the message can suggest the type.
        constructor_of: Option<(String, Location)>,
    },
    /// The type exists but keeps no constructors: the output would not define it.
    NothingKept {
        /// The type.
        ty: String,
    },
    /// No constructor of the schema has this name.
    UnknownConstructor {
        /// The pruned type.
        ty: String,
        /// The constructor name as given.
        name: String,
    },
    /// The constructor exists but builds another type.
    WrongType {
        /// The pruned type.
        ty: String,
        /// The constructor name as given.
        name: String,
        /// The type it does build.
        actual: String,
        /// Where the constructor is defined.
        at: Location,
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
            ClosureError::BadPrune(problems) => {
                for (i, problem) in problems.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for PruneProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PruneProblem::UnknownType { ty, constructor_of } => {
                write!(f, "cannot prune `{ty}`: no constructor has this type")?;
                if let Some((actual, at)) = constructor_of {
                    write!(
                        f,
                        " (`{ty}` is a constructor of `{actual}`, defined at {at})"
                    )?;
                }
                Ok(())
            }
            PruneProblem::NothingKept { ty } => {
                write!(f, "cannot prune `{ty}`: no constructor to keep was named")
            }
            PruneProblem::UnknownConstructor { ty, name } => {
                write!(
                    f,
                    "cannot keep `{name}` for `{ty}`: no constructor has this name"
                )
            }
            PruneProblem::WrongType {
                ty,
                name,
                actual,
                at,
            } => write!(
                f,
                "cannot keep `{name}` for `{ty}`: it is a constructor of `{actual}`, \
                 defined at {at}"
            ),
        }
    }
}

impl std::error::Error for ClosureError {}

/// For some boxed types, the only constructors a closure keeps (see the module docs).
///
/// Types and constructors are full names as written in the schema (`Update`,
/// `phone.PhoneCall`, `updatePhoneCall`). Nothing is checked until [`closure_with`] sees the
/// schema; it then reports every entry that does not fit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prune {
    /// `(type, constructors)` in the order first added; adding a type again extends its list.
    entries: Vec<(String, Vec<String>)>,
}

impl Prune {
    /// No pruning: [`closure_with`] then equals [`closure`].
    pub fn new() -> Self {
        Prune::default()
    }

    /// Keeps only `constructors` of the boxed type `ty` (added to those named before for the
    /// same type; a name given twice counts once).
    pub fn keep<I, S>(&mut self, ty: impl Into<String>, constructors: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let ty = ty.into();
        let i = match self.entries.iter().position(|(t, _)| *t == ty) {
            Some(i) => i,
            None => {
                self.entries.push((ty, Vec::new()));
                self.entries.len() - 1
            }
        };
        let list = &mut self.entries[i].1;
        for c in constructors {
            let c = c.into();
            if !list.contains(&c) {
                list.push(c);
            }
        }
        self
    }

    /// True when no type is pruned.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The pruned types and the constructors each keeps, in the order first added.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entries.iter().map(|(t, c)| (t.as_str(), c.as_slice()))
    }
}

/// The sub-schema of `schema` holding the methods named in `methods` (full names such as
/// `phone.requestCall`) and every constructor they reach, in source order. `files`, `layer`
/// and all `builtins` are kept, so spans still point into the original text. See the module
/// docs for how `Bool` and `true` are handled.
///
/// Fails, listing every offender, when a name is not a method of `schema`.
pub fn closure(schema: &Schema, methods: &[&str]) -> Result<Schema, ClosureError> {
    closure_with(schema, methods, &Prune::new())
}

/// Like [`closure`], but each boxed type named in `prune` contributes only the constructors
/// it keeps (see the module docs, "Pruning").
///
/// Fails when a name is not a method of `schema` ([`ClosureError::UnknownMethods`]), or when a
/// pruned type is not a boxed type of `schema`, keeps nothing, or names a constructor that does
/// not exist or builds another type ([`ClosureError::BadPrune`], every problem listed).
pub fn closure_with(
    schema: &Schema,
    methods: &[&str],
    prune: &Prune,
) -> Result<Schema, ClosureError> {
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
    let pruned = index.pruned(schema, prune)?;

    // Each boxed type is expanded once; each definition is visited once.
    let mut types_done: HashSet<&str> = HashSet::new();
    while let Some(i) = work.pop() {
        if std::mem::replace(&mut keep[i], true) {
            continue;
        }
        let def = &schema.definitions[i];
        let mut refs: Vec<Type<'_>> = Vec::new();
        for param in def.params() {
            if let ParamKind::Normal { ty, flag } = param.kind() {
                // `flags.N?true` is a bit of the flags word; nothing of type True is sent.
                if flag.is_some() && is_true(ty) {
                    continue;
                }
                refs.push(ty);
            }
        }
        if def.category == Category::Function {
            refs.push(def.result());
        }
        while let Some(ty) = refs.pop() {
            if let Some(arg) = ty.arg() {
                refs.push(arg);
            }
            if ty.generic_ref() || def.generics().iter().any(|g| g.name() == ty.name()) {
                continue;
            }
            let name = ty.qualified_name();
            if ty.is_bare() && !ty.percent() {
                // `future_salt`: that one constructor, if it is one (`int` is not).
                if let Some(&c) = index.constructors.get(name) {
                    work.push(c);
                }
            } else if types_done.insert(name) {
                // All constructors (a decoder of this type must accept any of them), unless
                // the caller pruned the type and accepts that the others will be refused.
                let constructors = match pruned.get(name) {
                    Some(kept) => Some(kept),
                    None => index.by_type.get(name),
                };
                work.extend(constructors.into_iter().flatten().copied());
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
fn is_true(ty: Type<'_>) -> bool {
    ty.is_plain("true")
}

/// Lookup tables over a schema's definitions (by index into `definitions`).
struct Index<'s> {
    /// Method full name → definition. The first wins on duplicates (the validator reports
    /// them).
    functions: HashMap<&'s str, usize>,
    /// Constructor full name → definition.
    constructors: HashMap<&'s str, usize>,
    /// Boxed type full name → its constructors, in source order.
    by_type: HashMap<&'s str, Vec<usize>>,
}

impl<'s> Index<'s> {
    fn new(schema: &'s Schema) -> Self {
        let mut functions = HashMap::new();
        let mut constructors = HashMap::new();
        let mut by_type: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, def) in schema.definitions.iter().enumerate() {
            match def.category {
                Category::Function => {
                    functions.entry(def.qualified_name()).or_insert(i);
                }
                Category::Type => {
                    constructors.entry(def.qualified_name()).or_insert(i);
                    by_type
                        .entry(def.result().qualified_name())
                        .or_default()
                        .push(i);
                }
            }
        }
        Index {
            functions,
            constructors,
            by_type,
        }
    }

    /// Checks `prune` against the schema and resolves it: pruned type → the definitions of the
    /// constructors it keeps.
    fn pruned<'a>(
        &self,
        schema: &Schema,
        prune: &'a Prune,
    ) -> Result<HashMap<&'a str, Vec<usize>>, ClosureError> {
        let mut problems = Vec::new();
        let mut pruned = HashMap::new();
        for (ty, names) in prune.entries() {
            if !self.by_type.contains_key(ty) {
                let constructor_of = self.constructors.get(ty).map(|&c| {
                    let def = &schema.definitions[c];
                    (def.result().full_name(), location(schema, def))
                });
                problems.push(PruneProblem::UnknownType {
                    ty: ty.to_string(),
                    constructor_of,
                });
                continue;
            }
            if names.is_empty() {
                problems.push(PruneProblem::NothingKept { ty: ty.to_string() });
                continue;
            }
            let mut kept = Vec::new();
            for name in names {
                match self.constructors.get(name.as_str()) {
                    None => problems.push(PruneProblem::UnknownConstructor {
                        ty: ty.to_string(),
                        name: name.clone(),
                    }),
                    Some(&c) => {
                        let def = &schema.definitions[c];
                        let actual = def.result().full_name();
                        if actual == ty {
                            kept.push(c);
                        } else {
                            problems.push(PruneProblem::WrongType {
                                ty: ty.to_string(),
                                name: name.clone(),
                                actual,
                                at: location(schema, def),
                            });
                        }
                    }
                }
            }
            pruned.insert(ty, kept);
        }
        if problems.is_empty() {
            Ok(pruned)
        } else {
            Err(ClosureError::BadPrune(problems))
        }
    }
}

/// Where `def` is defined, for messages that point at a second place.
fn location(schema: &Schema, def: &Definition) -> Location {
    Location {
        file: schema
            .files
            .get(def.span.file as usize)
            .map_or_else(|| "<unknown>".into(), |f| f.name.clone()),
        line: def.span.line,
        col: def.span.col,
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
                    types.insert(def.result().full_name());
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
