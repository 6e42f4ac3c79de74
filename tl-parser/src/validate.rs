//! Checks a schema as a whole: types that exist, flags that make sense, unique names and ids,
//! written ids that match the computed ones.
//!
//! The parser hands each definition to a checker right after building it, while its nodes
//! are still in cache; only type names not yet defined at that point wait for the end of the
//! schema. [`validate`] runs the same checker over a finished [`Schema`].

use crate::ast::{Builtin, Category, Definition, ParamKind, Parameter, Schema, Span, Type};
use crate::error::{ErrorKind, Errors, FlagProblem};
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
    DuplicateName { index: usize, first: usize },
    DuplicateId { index: usize, first: usize },
}

/// A type name not defined when its definition was checked.
struct Pending {
    span: Span,
    name: String,
    hash: u64,
    bare: bool,
}

/// Checks definitions one at a time; see the module documentation.
///
/// Duplicate names and ids are found by sorting at the end rather than by a table probed once
/// per definition: the probes land at random in a large table and mostly wait on memory.
pub(crate) struct Checker {
    /// Boxed types some constructor or built-in line produces, and primitives.
    types: NameTable,
    /// The previous constructor's result type, already in `types` (constructors of one type
    /// usually come together).
    last_result: String,
    /// (is a method, name hash, index) of every definition.
    names: Vec<(bool, u64, u32)>,
    /// (wire id, index) of every definition.
    ids: Vec<(u32, u32)>,
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
            last_result: String::new(),
            names: Vec::with_capacity(n),
            ids: Vec::with_capacity(n),
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
        let is_method = def.category == Category::Function;
        self.names.push((is_method, hash(name), index as u32));
        if !is_method {
            let result = full_name(&def.result.namespace, &def.result.name, &mut self.scratch);
            if result != self.last_result {
                self.types.insert(result, hash(result), 0);
                self.last_result.clear();
                self.last_result.push_str(result);
            }
        }
        self.check_id(index, def);
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

    fn check_id(&mut self, index: usize, def: &Definition) {
        if let Some(explicit) = def.explicit_id.filter(|&id| id != def.computed_id) {
            let name = def.full_name();
            if !ids::is_known_exception(&name) {
                let kind = ErrorKind::IdMismatch {
                    name,
                    explicit,
                    computed: def.computed_id,
                    normalized: ids::normalize(def),
                };
                self.issues
                    .push(Issue::At(def.span.clone(), id_at(def), kind));
            }
        }
        self.ids.push((def.id(), index as u32));
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
        if self.types.get(name, h).is_none() {
            self.pending.push(Pending {
                span: ty.span.clone(),
                name: name.to_owned(),
                hash: h,
                bare,
            });
        }
    }

    /// Notes every definition whose name (within its category) or id an earlier one has.
    fn duplicates(&mut self, defs: &[Definition]) {
        self.names.sort_unstable();
        let same_name =
            |a: &Definition, b: &Definition| a.name == b.name && a.namespace == b.namespace;
        for run in self.names.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
            // Sorted by index within a run: the first match is the first definition.
            for (k, &(_, _, index)) in run.iter().enumerate().skip(1) {
                let index = index as usize;
                let mut earlier = run[..k].iter().map(|e| e.2 as usize);
                if let Some(first) = earlier.find(|&j| same_name(&defs[j], &defs[index])) {
                    self.issues.push(Issue::DuplicateName { index, first });
                }
            }
        }
        self.ids.sort_unstable();
        for run in self.ids.chunk_by(|a, b| a.0 == b.0) {
            let first = run[0].1 as usize;
            for &(_, index) in &run[1..] {
                let index = index as usize;
                self.issues.push(Issue::DuplicateId { index, first });
            }
        }
    }

    /// Resolves the waiting type names, finds duplicates, and turns every issue into an error,
    /// with sort keys.
    pub fn finish(mut self, schema: &Schema) -> Vec<Keyed> {
        let defs = &schema.definitions;
        self.duplicates(defs);
        let mut report = Reporter::new(&schema.files);
        // Constructor names are only needed for bare references (`vector<future_salt>`), which
        // are rare: index them only then.
        let mut constructors = NameTable::default();
        if self.pending.iter().any(|p| p.bare) {
            constructors = NameTable::with_capacity(defs.len());
            for (i, d) in defs
                .iter()
                .enumerate()
                .filter(|(_, d)| d.category == Category::Type)
            {
                let name = full_name(&d.namespace, &d.name, &mut self.scratch);
                constructors.insert(name, hash(name), i as u32);
            }
        }
        for p in self.pending {
            let defined = self.types.get(&p.name, p.hash).is_some()
                || (p.bare && constructors.get(&p.name, p.hash).is_some());
            if !defined {
                let kind = ErrorKind::UndefinedType { name: p.name };
                report.report(&p.span, 0, kind);
            }
        }
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
                Issue::DuplicateId { index, first } => {
                    let (def, previous) = (&defs[index], &defs[first]);
                    let kind = ErrorKind::DuplicateId {
                        id: def.id(),
                        name: def.full_name(),
                        previous_name: previous.full_name(),
                        previous: report.location(&previous.span),
                    };
                    report.report(&def.span, id_at(def), kind);
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

/// Where errors about a definition's `#id` point: right after its (ASCII) name.
fn id_at(def: &Definition) -> usize {
    match def.explicit_id {
        Some(_) => def.namespace.iter().map(|n| n.len() + 1).sum::<usize>() + def.name.len(),
        None => 0,
    }
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
