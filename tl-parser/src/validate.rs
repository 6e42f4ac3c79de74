//! Checks a schema as a whole: types that exist, flags that make sense, unique names and ids,
//! written ids that match the computed ones.
//!
//! The parser hands each definition to a checker right after building it, while its nodes
//! are still in cache; only type names not yet defined at that point wait for the end of the
//! schema. [`validate`] runs the same checker over a finished [`Schema`].

use crate::ast::{Builtin, Category, Def, Definition, Name, ParamNodeKind, Schema, Span, TypeNode};
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
        checker.definition(i, def.view());
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

/// A type name not defined when its definition was checked: its text is `name` of
/// definition `index`.
struct Pending {
    span: Span,
    index: u32,
    name: Name,
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
    last_result: Vec<u8>,
    /// (is a method, name hash, index) of every definition, packed into one integer (bit 96,
    /// bits 32 to 95, bits 0 to 31) so that sorting compares integers, not tuples.
    names: Vec<u128>,
    /// (wire id, index) of every definition, packed the same way.
    ids: Vec<u64>,
    issues: Vec<Issue>,
    pending: Vec<Pending>,
    /// Indices of the current definition's `#` parameters so far.
    flag_fields: Vec<usize>,
}

impl Checker {
    /// A checker expecting about `n` definitions.
    pub fn new(n: usize) -> Self {
        let mut types = NameTable::with_capacity(n / 2 + PRIMITIVES.len());
        for p in PRIMITIVES {
            types.insert(p.as_bytes(), hash(p.as_bytes()), 0);
        }
        Checker {
            types,
            last_result: Vec::new(),
            names: Vec::with_capacity(n),
            ids: Vec::with_capacity(n),
            issues: Vec::new(),
            pending: Vec::new(),
            flag_fields: Vec::new(),
        }
    }

    /// Notes the names a built-in line defines (`int`, `Int`).
    pub fn builtin(&mut self, b: &Builtin) {
        for name in [b.name.as_bytes(), b.result.as_bytes()] {
            self.types.insert(name, hash(name), 0);
        }
    }

    /// Notes a type as defined without a definition to check (that of a constructor that
    /// failed to parse).
    pub fn declare_type(&mut self, name: &str) {
        self.types.insert(name.as_bytes(), hash(name.as_bytes()), 0);
    }

    /// Checks the definition that is (or will be) `schema.definitions[index]`.
    pub fn definition(&mut self, index: usize, def: Def<'_>) {
        let name = def.bytes(def.def.name);
        let is_method = def.def.category == Category::Function;
        let key = (u128::from(is_method) << 96) | (u128::from(hash(name)) << 32);
        self.names.push(key | index as u128);
        if !is_method {
            let result = def.bytes(def.def.result.name);
            if result != self.last_result {
                self.types.insert(result, hash(result), 0);
                self.last_result.clear();
                self.last_result.extend_from_slice(result);
            }
        }
        self.check_id(index, def);
        let generics = def.generics();
        for (i, g) in generics.iter().enumerate() {
            if generics.iter().take(i).any(|o| o.name() == g.name()) {
                let name = g.name().to_owned();
                let kind = ErrorKind::DuplicateParameter { name };
                self.issues.push(Issue::At(g.span(), 0, kind));
            }
        }
        self.duplicate_params(def);
        self.flag_fields.clear();
        for (i, p) in def.param_nodes().iter().enumerate() {
            match &p.kind {
                ParamNodeKind::Flags => self.flag_fields.push(i),
                ParamNodeKind::Normal { ty, flag } => {
                    if let Some(flag) = flag {
                        self.flag(def, i, def.bytes(flag.field), flag.bit, flag.span);
                    }
                    self.ty(index, def, ty);
                }
            }
        }
        if def.def.category == Category::Function {
            self.ty(index, def, &def.def.result);
        }
    }

    fn check_id(&mut self, index: usize, view: Def<'_>) {
        let def = view.def;
        if let Some(explicit) = def.explicit_id.filter(|&id| id != def.computed_id) {
            let name = def.qualified_name();
            if !ids::is_known_exception(name) {
                let kind = ErrorKind::IdMismatch {
                    name: name.to_owned(),
                    explicit,
                    computed: def.computed_id,
                    normalized: {
                        let mut text = String::new();
                        ids::normalize_view(view, &mut text);
                        text
                    },
                };
                self.issues.push(Issue::At(def.span, id_at(def), kind));
            }
        }
        self.ids.push((u64::from(def.id()) << 32) | index as u64);
    }

    fn duplicate_params(&mut self, def: Def<'_>) {
        let params = def.param_nodes();
        let name = |i: usize| def.bytes(params[i].name);
        // A 256-bit filter of name hashes: only a name whose bit is already set is compared
        // with the earlier ones, which keeps long parameter lists linear.
        let mut seen = [0u64; 4];
        for (i, p) in params.iter().enumerate() {
            let bit = if params.len() <= 8 {
                None
            } else {
                let h = (hash(name(i)) >> 1) as usize;
                Some((h >> 6 & 3, 1u64 << (h & 63)))
            };
            let maybe_seen = bit.is_none_or(|(w, b)| seen[w] & b != 0);
            if let Some((w, b)) = bit {
                seen[w] |= b;
            }
            if maybe_seen && (0..i).any(|o| name(o) == name(i)) {
                let kind = ErrorKind::DuplicateParameter {
                    name: def.text(p.name).to_owned(),
                };
                self.issues.push(Issue::At(p.span, 0, kind));
            }
        }
    }

    /// Checks the condition `field.bit?` of parameter `index`.
    fn flag(&mut self, def: Def<'_>, index: usize, field: &[u8], bit: u32, span: Span) {
        let params = def.param_nodes();
        let name = |i: usize| def.bytes(params[i].name);
        if !self.flag_fields.iter().any(|&i| name(i) == field) {
            let is_flags = |i: usize| matches!(params[i].kind, ParamNodeKind::Flags);
            let problem = match (0..index).find(|&i| name(i) == field) {
                Some(_) => FlagProblem::NotFlags,
                None => match (index..params.len()).find(|&i| name(i) == field) {
                    Some(i) if is_flags(i) => FlagProblem::DeclaredLater,
                    Some(_) => FlagProblem::NotFlags,
                    None => FlagProblem::Undeclared,
                },
            };
            let field = String::from_utf8_lossy(field).into_owned();
            let kind = ErrorKind::BadFlagReference { field, problem };
            self.issues.push(Issue::At(span, 0, kind));
        }
        if bit >= 32 {
            let kind = ErrorKind::FlagBitTooLarge {
                field: String::from_utf8_lossy(field).into_owned(),
                bit,
            };
            // Point at the bit: after `field.` (ASCII, so bytes and characters agree).
            let at = field.len() + 1;
            self.issues.push(Issue::At(span, at, kind));
        }
    }

    /// Checks a type of definition `index`. Recursion depth is that of the type's nesting,
    /// bounded by the parser.
    fn ty<'a>(&mut self, index: usize, def: Def<'a>, ty: &'a TypeNode) {
        let src = def.def.src.as_bytes();
        let plain = ty.name.ns == 0;
        let base = ty.name.base_bytes(src);
        let generic = plain
            && def
                .generic_nodes()
                .iter()
                .any(|g| def.bytes(g.name) == base);
        if ty.generic_ref {
            if !generic {
                let kind = ErrorKind::UnknownGeneric {
                    name: def.ty(ty).full_name(),
                };
                self.issues.push(Issue::At(ty.span, 0, kind));
            }
        } else if generic || (plain && !ty.percent && is_primitive(base)) {
            // Nothing to look up.
        } else {
            // Checks that the type is defined, now or (for later definitions) at the end.
            let name = ty.name.bytes(src);
            let h = hash(name);
            if self.types.get(name, h).is_none() {
                // A lower-case name (`future_salt`) or a `%` one may also name a constructor,
                // used as a bare type.
                let bare = ty.percent || base.first().is_some_and(u8::is_ascii_lowercase);
                self.pending.push(Pending {
                    span: ty.span,
                    index: index as u32,
                    name: ty.name,
                    hash: h,
                    bare,
                });
            }
        }
        if let Some(arg) = def.arg(ty) {
            if !plain || !matches!(base, b"Vector" | b"vector") {
                let kind = ErrorKind::UnexpectedTypeArgument {
                    name: def.ty(ty).full_name(),
                };
                self.issues.push(Issue::At(ty.span, 0, kind));
            }
            self.ty(index, def, arg);
        }
    }

    /// Notes every definition whose name (within its category) or id an earlier one has.
    fn duplicates(&mut self, defs: &[Definition]) {
        self.names.sort_unstable();
        let same_name = |a: &Definition, b: &Definition| a.qualified_name() == b.qualified_name();
        // The low 32 bits of a packed key are the index.
        let index_of = |key: u128| (key as u32) as usize;
        for run in self.names.chunk_by(|a, b| a >> 32 == b >> 32) {
            // Sorted by index within a run: the first match is the first definition.
            for (k, &key) in run.iter().enumerate().skip(1) {
                let index = index_of(key);
                let mut earlier = run[..k].iter().map(|&e| index_of(e));
                if let Some(first) = earlier.find(|&j| same_name(&defs[j], &defs[index])) {
                    self.issues.push(Issue::DuplicateName { index, first });
                }
            }
        }
        self.ids.sort_unstable();
        for run in self.ids.chunk_by(|a, b| a >> 32 == b >> 32) {
            let first = (run[0] as u32) as usize;
            for &key in &run[1..] {
                let index = (key as u32) as usize;
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
                let name = d.bytes(d.name);
                constructors.insert(name, hash(name), i as u32);
            }
        }
        for p in self.pending {
            let def = &defs[p.index as usize];
            let name = def.bytes(p.name);
            let defined = self.types.get(name, p.hash).is_some()
                || (p.bare && constructors.get(name, p.hash).is_some());
            if !defined {
                let kind = ErrorKind::UndefinedType {
                    name: def.text(p.name).to_owned(),
                };
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
fn is_primitive(name: &[u8]) -> bool {
    matches!(
        name,
        b"int"
            | b"long"
            | b"double"
            | b"string"
            | b"bytes"
            | b"int128"
            | b"int256"
            | b"true"
            | b"Bool"
            | b"Vector"
            | b"vector"
            | b"Type"
            | b"Object"
            | b"#"
    )
}

/// Where errors about a definition's `#id` point: right after its (ASCII) name.
fn id_at(def: &Definition) -> usize {
    match def.explicit_id {
        Some(_) => def.qualified_name().len(),
        None => 0,
    }
}
