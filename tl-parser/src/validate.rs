//! Checks a schema as a whole: types that exist, flags that make sense, unique names and ids,
//! written ids that match the computed ones.
//!
//! The parser hands each definition to a checker right after building it, while its nodes
//! are still in cache; only type names not yet defined at that point wait for the end of the
//! schema. [`validate`] runs the same checker over a finished [`Schema`].

use crate::ast::{Builtin, Category, Definition, ParamKind, Parameter, Schema, Span, Type};
use crate::error::{ErrorKind, Errors, FlagProblem};
use crate::hash::FxHashMap;
use crate::ids;
use crate::names::{NameTable, hash};
use crate::report::{Keyed, Reporter};

/// Types every schema may use without defining them.
const PRIMITIVES: &[&str] = &[
    "int", "long", "double", "string", "bytes", "int128", "int256", "true", "Bool", "Vector",
    "vector", "Type", "Object", "#",
];

/// Checks `schema` and returns every problem found, in file and source order.
pub fn validate(schema: &Schema) -> Result<(), Errors> {
    let mut checker = Checker::new(schema.definitions.len());
    for b in &schema.builtins {
        checker.builtin(b);
    }
    for (i, def) in schema.definitions.iter().enumerate() {
        checker.definition(i, def);
    }
    let mut found = checker.finish(schema);
    if found.is_empty() {
        return Ok(());
    }
    found.sort_by_key(|(key, _)| *key);
    Err(Errors(found.into_iter().map(|(_, e)| e).collect()))
}

/// A problem noted while checking, turned into an [`crate::Error`] at the end (when the file
/// texts and the other definitions it may name are at hand).
enum Issue {
    At(Span, usize, ErrorKind),
    DuplicateName {
        index: usize,
        first: usize,
    },
    DuplicateId {
        index: usize,
        first: usize,
        at: usize,
    },
}

/// A type name not defined when its definition was checked.
struct Pending {
    span: Span,
    name: String,
    hash: u64,
    bare: bool,
}

/// Checks definitions one at a time; see the module documentation.
pub(crate) struct Checker {
    /// Boxed types some constructor or built-in line produces, and primitives.
    types: NameTable,
    /// Constructor names (usable as bare types) and method names, with the first index.
    constructors: NameTable,
    functions: NameTable,
    ids: FxHashMap<u32, usize>,
    issues: Vec<Issue>,
    pending: Vec<Pending>,
    /// Indices of the current definition's `#` parameters so far.
    flag_fields: Vec<usize>,
    scratch: String,
}

impl Checker {
    /// A checker expecting about `n` definitions.
    pub fn new(n: usize) -> Self {
        let mut types = NameTable::with_capacity(n / 2 + PRIMITIVES.len());
        for p in PRIMITIVES {
            types.insert(p, hash(p), 0);
        }
        Checker {
            types,
            constructors: NameTable::with_capacity(n),
            functions: NameTable::with_capacity(n / 2),
            ids: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            issues: Vec::new(),
            pending: Vec::new(),
            flag_fields: Vec::new(),
            scratch: String::new(),
        }
    }

    /// Notes the names a built-in line defines (`int`, `Int`).
    pub fn builtin(&mut self, b: &Builtin) {
        self.types.insert(&b.name, hash(&b.name), 0);
        self.types.insert(&b.result, hash(&b.result), 0);
    }

    /// Notes a type as defined without a definition to check (that of a constructor that
    /// failed to parse).
    pub fn declare_type(&mut self, name: &str) {
        self.types.insert(name, hash(name), 0);
    }

    /// Checks the definition that is (or will be) `schema.definitions[index]`.
    pub fn definition(&mut self, index: usize, def: &Definition) {
        let name = full_name(&def.namespace, &def.name, &mut self.scratch);
        let h = hash(name);
        let first = match def.category {
            Category::Type => self.constructors.insert(name, h, index as u32),
            Category::Function => self.functions.insert(name, h, index as u32),
        };
        if let Some(first) = first {
            let first = first as usize;
            self.issues.push(Issue::DuplicateName { index, first });
        }
        // The `#id` follows the (ASCII) name directly; errors about the id point there.
        let id_at = if def.explicit_id.is_some() {
            name.len()
        } else {
            0
        };
        if def.category == Category::Type {
            let result = full_name(&def.result.namespace, &def.result.name, &mut self.scratch);
            self.types.insert(result, hash(result), 0);
        }
        self.check_id(index, def, id_at);
        for (i, g) in def.generics.iter().enumerate() {
            if def.generics[..i].iter().any(|o| o.name == g.name) {
                let name = g.name.clone();
                let kind = ErrorKind::DuplicateParameter { name };
                self.issues.push(Issue::At(g.span.clone(), 0, kind));
            }
        }
        self.duplicate_params(def);
        self.flag_fields.clear();
        for (i, p) in def.params.iter().enumerate() {
            self.parameter(def, i, p);
        }
        if def.category == Category::Function {
            self.ty(def, &def.result);
        }
    }

    fn check_id(&mut self, index: usize, def: &Definition, id_at: usize) {
        if let Some(explicit) = def.explicit_id.filter(|&id| id != def.computed_id) {
            let name = def.full_name();
            if !ids::is_known_exception(&name) {
                let kind = ErrorKind::IdMismatch {
                    name,
                    explicit,
                    computed: def.computed_id,
                    normalized: ids::normalize(def),
                };
                self.issues.push(Issue::At(def.span.clone(), id_at, kind));
            }
        }
        let first = *self.ids.entry(def.id()).or_insert(index);
        if first != index {
            self.issues.push(Issue::DuplicateId {
                index,
                first,
                at: id_at,
            });
        }
    }

    fn duplicate_params(&mut self, def: &Definition) {
        let params = &def.params;
        // A 256-bit filter of name hashes: only a name whose bit is already set is compared
        // with the earlier ones, which keeps long parameter lists linear.
        let mut seen = [0u64; 4];
        for (i, p) in params.iter().enumerate() {
            let bit = if params.len() <= 8 {
                None
            } else {
                let h = (hash(&p.name) >> 1) as usize;
                Some((h >> 6 & 3, 1u64 << (h & 63)))
            };
            let maybe_seen = bit.is_none_or(|(w, b)| seen[w] & b != 0);
            if let Some((w, b)) = bit {
                seen[w] |= b;
            }
            if maybe_seen && params[..i].iter().any(|o| o.name == p.name) {
                let kind = ErrorKind::DuplicateParameter {
                    name: p.name.clone(),
                };
                self.issues.push(Issue::At(p.span.clone(), 0, kind));
            }
        }
    }

    fn parameter(&mut self, def: &Definition, index: usize, p: &Parameter) {
        let ParamKind::Normal { ty, flag } = &p.kind else {
            self.flag_fields.push(index);
            return;
        };
        if let Some(flag) = flag {
            let params = &def.params;
            if !self
                .flag_fields
                .iter()
                .any(|&i| params[i].name == flag.field)
            {
                let is_flags = |o: &Parameter| matches!(o.kind, ParamKind::Flags);
                let problem = match params[..index].iter().find(|o| o.name == flag.field) {
                    Some(_) => FlagProblem::NotFlags,
                    None => match params[index..].iter().find(|o| o.name == flag.field) {
                        Some(o) if is_flags(o) => FlagProblem::DeclaredLater,
                        Some(_) => FlagProblem::NotFlags,
                        None => FlagProblem::Undeclared,
                    },
                };
                let field = flag.field.clone();
                let kind = ErrorKind::BadFlagReference { field, problem };
                self.issues.push(Issue::At(flag.span.clone(), 0, kind));
            }
            if flag.bit >= 32 {
                let kind = ErrorKind::FlagBitTooLarge {
                    field: flag.field.clone(),
                    bit: flag.bit,
                };
                // Point at the bit: after `field.` (ASCII, so bytes and characters agree).
                let at = flag.field.len() + 1;
                self.issues.push(Issue::At(flag.span.clone(), at, kind));
            }
        }
        self.ty(def, ty);
    }

    /// Recursion depth is that of the type's nesting, bounded by the parser.
    fn ty(&mut self, def: &Definition, ty: &Type) {
        let generic = ty.namespace.is_empty() && def.generics.iter().any(|g| g.name == ty.name);
        if ty.generic_ref {
            if !generic {
                let kind = ErrorKind::UnknownGeneric {
                    name: ty.full_name(),
                };
                self.issues.push(Issue::At(ty.span.clone(), 0, kind));
            }
        } else if !generic {
            self.reference(ty);
        }
        if let Some(arg) = &ty.arg {
            if !ty.namespace.is_empty() || !matches!(ty.name.as_str(), "Vector" | "vector") {
                let kind = ErrorKind::UnexpectedTypeArgument {
                    name: ty.full_name(),
                };
                self.issues.push(Issue::At(ty.span.clone(), 0, kind));
            }
            self.ty(def, arg);
        }
    }

    /// Checks that `ty` names a type, now or (for later definitions) at the end.
    fn reference(&mut self, ty: &Type) {
        if ty.namespace.is_empty() && !ty.percent && is_primitive(&ty.name) {
            return;
        }
        let name = full_name(&ty.namespace, &ty.name, &mut self.scratch);
        let h = hash(name);
        // A lower-case name (`future_salt`) or a `%` one may also name a constructor, used as
        // a bare type.
        let bare = ty.percent || ty.name.starts_with(|c: char| c.is_ascii_lowercase());
        if !defined(&self.types, &self.constructors, name, h, bare) {
            self.pending.push(Pending {
                span: ty.span.clone(),
                name: name.to_owned(),
                hash: h,
                bare,
            });
        }
    }

    /// Resolves the waiting type names and turns every issue into an error, with sort keys.
    pub fn finish(self, schema: &Schema) -> Vec<Keyed> {
        let mut report = Reporter::new(&schema.files);
        for p in self.pending {
            if !defined(&self.types, &self.constructors, &p.name, p.hash, p.bare) {
                let kind = ErrorKind::UndefinedType { name: p.name };
                report.report(&p.span, 0, kind);
            }
        }
        let defs = &schema.definitions;
        for issue in self.issues {
            match issue {
                Issue::At(span, extra, kind) => report.report(&span, extra, kind),
                Issue::DuplicateName { index, first } => {
                    let (def, previous) = (&defs[index], &defs[first]);
                    let kind = ErrorKind::DuplicateName {
                        name: def.full_name(),
                        category: def.category,
                        previous: report.location(&previous.span),
                    };
                    report.report(&def.span, 0, kind);
                }
                Issue::DuplicateId { index, first, at } => {
                    let (def, previous) = (&defs[index], &defs[first]);
                    let kind = ErrorKind::DuplicateId {
                        id: def.id(),
                        name: def.full_name(),
                        previous_name: previous.full_name(),
                        previous: report.location(&previous.span),
                    };
                    report.report(&def.span, at, kind);
                }
            }
        }
        report.out
    }
}

/// [`PRIMITIVES`] as a `match`: most references are to these, and this spares hashing them.
fn is_primitive(name: &str) -> bool {
    matches!(
        name,
        "int"
            | "long"
            | "double"
            | "string"
            | "bytes"
            | "int128"
            | "int256"
            | "true"
            | "Bool"
            | "Vector"
            | "vector"
            | "Type"
            | "Object"
            | "#"
    )
}

fn defined(types: &NameTable, constructors: &NameTable, name: &str, h: u64, bare: bool) -> bool {
    types.get(name, h).is_some() || (bare && constructors.get(name, h).is_some())
}

/// `ns.name` without allocating when there is no namespace (nearly always).
fn full_name<'a>(namespace: &[String], name: &'a str, scratch: &'a mut String) -> &'a str {
    if namespace.is_empty() {
        return name;
    }
    scratch.clear();
    for ns in namespace {
        scratch.push_str(ns);
        scratch.push('.');
    }
    scratch.push_str(name);
    scratch
}
