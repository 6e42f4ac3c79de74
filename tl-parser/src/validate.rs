//! Checks a parsed schema as a whole: types that exist, flags that make sense, unique names and
//! ids, and written ids that match the computed ones.

use std::hash::{Hash, Hasher};

use crate::ast::{Category, Definition, ParamKind, Parameter, Schema, Type};
use crate::error::{ErrorKind, Errors, FlagProblem};
use crate::hash::{FxHashMap, FxHashSet};
use crate::ids;
use crate::lower::split_name;
use crate::report::{Keyed, Reporter};

/// Types every schema may use without defining them.
const PRIMITIVES: &[&str] = &[
    "int", "long", "double", "string", "bytes", "int128", "int256", "true", "Bool", "Vector",
    "vector", "Type", "Object", "#",
];

/// Checks `schema` and returns every problem found, in file and source order.
pub fn validate(schema: &Schema) -> Result<(), Errors> {
    let mut found = check(schema);
    if found.is_empty() {
        return Ok(());
    }
    found.sort_by_key(|(key, _)| *key);
    Err(Errors(found.into_iter().map(|(_, e)| e).collect()))
}

/// The errors of [`validate`], unsorted, with sort keys.
pub(crate) fn check(schema: &Schema) -> Vec<Keyed> {
    let builtins: Vec<(Vec<String>, String)> = schema
        .builtins
        .iter()
        .flat_map(|b| [split_name(&b.name), split_name(&b.result)])
        .collect();
    let mut v = Validator::new(schema, &builtins);
    for (i, def) in schema.definitions.iter().enumerate() {
        v.definition(i, def);
    }
    v.report.out
}

/// A possibly namespaced name, compared part by part so that no joined string is built.
/// Hashing only the last part is enough to spread the schema's names.
#[derive(Clone, Copy)]
struct Name<'s> {
    namespace: &'s [String],
    name: &'s str,
}

impl Hash for Name<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write(self.name.as_bytes());
    }
}

impl PartialEq for Name<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.namespace == other.namespace
    }
}

impl Eq for Name<'_> {}

fn name<'s>(namespace: &'s [String], name: &'s str) -> Name<'s> {
    Name { namespace, name }
}

struct Validator<'s> {
    schema: &'s Schema,
    /// Boxed types that some constructor (or built-in line) produces, and primitives.
    types: FxHashSet<Name<'s>>,
    /// Constructor names, usable as bare types, with the first definition's index.
    constructors: FxHashMap<Name<'s>, usize>,
    functions: FxHashMap<Name<'s>, usize>,
    ids: FxHashMap<u32, usize>,
    /// The `#` fields of the current definition seen so far.
    flag_fields: Vec<&'s str>,
    /// Parameter names of the current definition seen so far (for long parameter lists).
    seen: FxHashSet<&'s str>,
    report: Reporter<'s>,
}

impl<'s> Validator<'s> {
    fn new(schema: &'s Schema, builtins: &'s [(Vec<String>, String)]) -> Self {
        let n = schema.definitions.len();
        let mut types = FxHashSet::with_capacity_and_hasher(n, Default::default());
        types.extend(PRIMITIVES.iter().map(|p| name(&[], p)));
        types.extend(builtins.iter().map(|(ns, n)| name(ns, n)));
        let mut constructors = FxHashMap::with_capacity_and_hasher(n, Default::default());
        let mut functions = FxHashMap::with_capacity_and_hasher(n, Default::default());
        for (i, d) in schema.definitions.iter().enumerate() {
            let names = match d.category {
                Category::Type => {
                    types.insert(name(&d.result.namespace, &d.result.name));
                    &mut constructors
                }
                Category::Function => &mut functions,
            };
            names.entry(name(&d.namespace, &d.name)).or_insert(i);
        }
        Validator {
            schema,
            types,
            constructors,
            functions,
            ids: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            flag_fields: Vec::new(),
            seen: FxHashSet::default(),
            report: Reporter::new(&schema.files),
        }
    }

    fn definition(&mut self, index: usize, def: &'s Definition) {
        self.unique_name(index, def);
        self.check_id(index, def);
        for (i, g) in def.generics.iter().enumerate() {
            if def.generics[..i].iter().any(|o| o.name == g.name) {
                let kind = ErrorKind::DuplicateParameter {
                    name: g.name.clone(),
                };
                self.report.report(&g.span, 0, kind);
            }
        }
        self.flag_fields.clear();
        self.seen.clear();
        for (i, p) in def.params.iter().enumerate() {
            self.parameter(def, i, p);
        }
        if def.category == Category::Function {
            self.ty(def, &def.result);
        }
    }

    fn unique_name(&mut self, index: usize, def: &Definition) {
        let map = match def.category {
            Category::Type => &self.constructors,
            Category::Function => &self.functions,
        };
        let first = map
            .get(&name(&def.namespace, &def.name))
            .copied()
            .unwrap_or(index);
        if first != index {
            let previous = &self.schema.definitions[first];
            let kind = ErrorKind::DuplicateName {
                name: def.full_name(),
                category: def.category,
                previous: self.report.location(&previous.span),
            };
            self.report.report(&def.span, 0, kind);
        }
    }

    fn check_id(&mut self, index: usize, def: &Definition) {
        // The `#id` follows the (ASCII) name directly; errors about the id point there.
        let id_offset = match def.explicit_id {
            Some(_) => def.namespace.iter().map(|n| n.len() + 1).sum::<usize>() + def.name.len(),
            None => 0,
        };
        if let Some(explicit) = def.explicit_id.filter(|&id| id != def.computed_id) {
            let name = def.full_name();
            if !ids::is_known_exception(&name) {
                let kind = ErrorKind::IdMismatch {
                    name,
                    explicit,
                    computed: def.computed_id,
                    normalized: ids::normalize(def),
                };
                self.report.report(&def.span, id_offset, kind);
            }
        }
        let first = *self.ids.entry(def.id()).or_insert(index);
        if first != index {
            let previous = &self.schema.definitions[first];
            let kind = ErrorKind::DuplicateId {
                id: def.id(),
                name: def.full_name(),
                previous_name: previous.full_name(),
                previous: self.report.location(&previous.span),
            };
            self.report.report(&def.span, id_offset, kind);
        }
    }

    fn parameter(&mut self, def: &Definition, index: usize, p: &'s Parameter) {
        let earlier = &def.params[..index];
        // Quadratic search is cheapest for the usual handful of parameters, not for sixty.
        let duplicate = if def.params.len() > 8 {
            !self.seen.insert(&p.name)
        } else {
            earlier.iter().any(|o| o.name == p.name)
        };
        if duplicate {
            let kind = ErrorKind::DuplicateParameter {
                name: p.name.clone(),
            };
            self.report.report(&p.span, 0, kind);
        }
        let ParamKind::Normal { ty, flag } = &p.kind else {
            self.flag_fields.push(&p.name);
            return;
        };
        if let Some(flag) = flag
            .as_ref()
            .filter(|f| !self.flag_fields.contains(&&*f.field))
        {
            let is_flags = |o: &Parameter| matches!(o.kind, ParamKind::Flags);
            let problem = match earlier.iter().find(|o| o.name == flag.field) {
                Some(o) if is_flags(o) => None,
                Some(_) => Some(FlagProblem::NotFlags),
                None => match def.params[index..].iter().find(|o| o.name == flag.field) {
                    Some(o) if is_flags(o) => Some(FlagProblem::DeclaredLater),
                    Some(_) => Some(FlagProblem::NotFlags),
                    None => Some(FlagProblem::Undeclared),
                },
            };
            if let Some(problem) = problem {
                let field = flag.field.clone();
                self.report.report(
                    &flag.span,
                    0,
                    ErrorKind::BadFlagReference { field, problem },
                );
            }
        }
        if let Some(flag) = flag.as_ref().filter(|f| f.bit >= 32) {
            let kind = ErrorKind::FlagBitTooLarge {
                field: flag.field.clone(),
                bit: flag.bit,
            };
            // Point at the bit: after `field.` (ASCII, so bytes and characters agree).
            self.report.report(&flag.span, flag.field.len() + 1, kind);
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
                self.report.report(&ty.span, 0, kind);
            }
        } else if !generic && !self.defined(ty) {
            let kind = ErrorKind::UndefinedType {
                name: ty.full_name(),
            };
            self.report.report(&ty.span, 0, kind);
        }
        if let Some(arg) = &ty.arg {
            if !ty.namespace.is_empty() || !matches!(ty.name.as_str(), "Vector" | "vector") {
                let kind = ErrorKind::UnexpectedTypeArgument {
                    name: ty.full_name(),
                };
                self.report.report(&ty.span, 0, kind);
            }
            self.ty(def, arg);
        }
    }

    fn defined(&self, ty: &Type) -> bool {
        let key = name(&ty.namespace, &ty.name);
        // A lower-case name (`future_salt`) or a `%` one may also name a constructor, used as a
        // bare type.
        let bare = ty.percent || ty.name.starts_with(|c: char| c.is_ascii_lowercase());
        self.types.contains(&key) || (bare && self.constructors.contains_key(&key))
    }
}
