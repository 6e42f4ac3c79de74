//! The schema as code generation sees it: every definition resolved to Rust names and field
//! types, grouped into structs, enums and functions. Building it is where name collisions and
//! unresolvable types are found, so the emitters after it cannot fail.

use std::collections::{BTreeMap, HashMap};

use tl_parser::ast::{Category, Definition, ParamKind, Schema, Span, Type};

use crate::error::{CodegenError, Location};
use crate::names;

/// A resolved field type.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// `int` → `i32`
    Int,
    /// `long` → `i64`
    Long,
    /// `double` → `f64`
    Double,
    /// `string` → `String`
    String,
    /// `bytes` → `Bytes`
    Bytes,
    /// `int128` → `[u8; 16]`
    Int128,
    /// `int256` → `[u8; 32]`
    Int256,
    /// `Bool` → `bool`
    Bool,
    /// `Object`: the raw serialized value, the rest of the input.
    Object,
    /// `Vector<T>` (boxed: id, count, items) or `vector<T>` (bare: count, items).
    Vector {
        /// Item type.
        item: Box<Ty>,
        /// Bare `vector<T>`: no vector id.
        bare: bool,
    },
    /// A boxed type: index into [`Model::enums`].
    Enum(usize),
    /// A bare constructor (`%Foo` or `foo`): index into [`Model::ctors`], written without id.
    BareCtor(usize),
    /// A generic parameter `X` (or `!X`).
    Generic(String),
}

/// What a parameter becomes.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldKind {
    /// `flags:#`: no struct field; computed on write.
    Flags,
    /// `name:flags.N?true`: a `bool` field, nothing on the wire.
    FlagTrue {
        /// Index of the `#` field in [`Item::fields`].
        flags: usize,
        /// Bit number.
        bit: u32,
    },
    /// `name:flags.N?true` whose bit also guards a value field: no struct field (it would
    /// duplicate, and could contradict, that field's presence) but an accessor method.
    DerivedTrue {
        /// Index of the `#` field.
        flags: usize,
        /// Bit number.
        bit: u32,
        /// Index of the value field guarded by the same bit.
        from: usize,
    },
    /// `name:Type` or `name:flags.N?Type` (then an `Option`).
    Value {
        /// The type.
        ty: Ty,
        /// `(index of the # field, bit)` for conditional fields.
        flag: Option<(usize, u32)>,
    },
}

/// One field.
#[derive(Clone, Debug)]
pub struct Field {
    /// The TL name.
    pub tl_name: String,
    /// The Rust name (escaped).
    pub name: String,
    /// What it is.
    pub kind: FieldKind,
}

/// A constructor or method struct.
#[derive(Clone, Debug)]
pub struct Item<'a> {
    /// The definition it comes from.
    pub def: &'a Definition,
    /// Module of its namespace (`None` for the root namespace).
    pub module: Option<String>,
    /// The Rust struct name.
    pub name: String,
    /// Fields in wire order.
    pub fields: Vec<Field>,
    /// Generic parameters (`X`).
    pub generics: Vec<String>,
    /// For constructors: index of its enum in [`Model::enums`].
    pub enum_index: Option<usize>,
    /// For methods: the resolved return type.
    pub ret: Option<Ty>,
}

/// A boxed type's enum.
#[derive(Clone, Debug)]
pub struct EnumItem {
    /// `phone.PhoneCall`
    pub tl_name: String,
    /// Module of its namespace.
    pub module: Option<String>,
    /// The Rust enum name.
    pub name: String,
    /// Variants: (Rust variant name, index into [`Model::ctors`]).
    pub variants: Vec<(String, usize)>,
}

/// The resolved schema.
#[derive(Debug)]
pub struct Model<'a> {
    /// The parsed schema.
    pub schema: &'a Schema,
    /// Constructor structs, in source order.
    pub ctors: Vec<Item<'a>>,
    /// Method structs, in source order.
    pub funcs: Vec<Item<'a>>,
    /// Boxed types, in order of first constructor.
    pub enums: Vec<EnumItem>,
}

/// Boxed types that map to Rust primitives: their constructors get no struct.
const PRIMITIVE_BOXED: &[&str] = &["Bool", "True", "Vector"];

impl<'a> Model<'a> {
    /// Resolves every definition; collects every collision and unresolvable type.
    pub fn build(schema: &'a Schema) -> Result<Self, Vec<CodegenError>> {
        let mut errors = Vec::new();
        let loc = |span: &Span| location(schema, span);

        // Pass 1: names of enums and constructor structs, so fields can refer to them.
        let mut enums: Vec<EnumItem> = Vec::new();
        let mut enum_by_name: HashMap<String, usize> = HashMap::new();
        let mut ctors: Vec<Item> = Vec::new();
        let mut ctor_by_name: HashMap<String, usize> = HashMap::new();
        let mut funcs: Vec<Item> = Vec::new();
        for def in &schema.definitions {
            let module = def.namespace().map(names::module);
            if def.namespace().is_some_and(|ns| ns.contains('.')) {
                errors.push(CodegenError::Unsupported {
                    what: format!("nested namespace in `{}`", def.full_name()),
                    at: loc(&def.span),
                });
                continue;
            }
            let item = Item {
                def,
                module,
                name: names::camel(def.name()),
                fields: Vec::new(),
                generics: def.generics().iter().map(|g| g.name().to_owned()).collect(),
                enum_index: None,
                ret: None,
            };
            match def.category {
                Category::Function => funcs.push(item),
                Category::Type => {
                    let result = def.result();
                    let ty = result.full_name();
                    if result.namespace().is_none() && PRIMITIVE_BOXED.contains(&result.name()) {
                        continue;
                    }
                    let idx = *enum_by_name.entry(ty.clone()).or_insert_with(|| {
                        enums.push(EnumItem {
                            // The first part of a nested namespace, as for definitions.
                            module: result
                                .namespace()
                                .and_then(|ns| ns.split('.').next())
                                .map(names::module),
                            name: names::camel(result.name()),
                            tl_name: ty,
                            variants: Vec::new(),
                        });
                        enums.len() - 1
                    });
                    ctor_by_name.insert(def.full_name(), ctors.len());
                    let mut item = item;
                    item.enum_index = Some(idx);
                    ctors.push(item);
                }
            }
        }

        // Variant names, per enum.
        for (ci, c) in ctors.iter().enumerate() {
            let e = &mut enums[c.enum_index.expect("constructor has an enum")];
            let v = names::variant(&c.name, &e.name);
            e.variants.push((v, ci));
        }

        let resolver = Resolver {
            schema,
            enum_by_name: &enum_by_name,
            ctor_by_name: &ctor_by_name,
            enums: &enums,
        };
        for item in ctors.iter_mut().chain(funcs.iter_mut()) {
            match resolver.fields(item.def) {
                Ok(fields) => item.fields = fields,
                Err(e) => errors.extend(e),
            }
        }
        for f in funcs.iter_mut() {
            match resolver.ty(f.def, f.def.result()) {
                Ok(ty) => f.ret = Some(ty),
                Err(e) => errors.push(e),
            }
        }

        let model = Model {
            schema,
            ctors,
            funcs,
            enums,
        };
        model.check_collisions(&mut errors);
        if errors.is_empty() {
            Ok(model)
        } else {
            Err(errors)
        }
    }

    /// The location of a span, for messages.
    pub fn location(&self, span: &Span) -> Location {
        location(self.schema, span)
    }

    /// The definition behind the enum's first constructor (for positions in messages).
    fn enum_def(&self, e: &EnumItem) -> &Definition {
        self.ctors[e.variants[0].1].def
    }

    fn check_collisions(&self, errors: &mut Vec<CodegenError>) {
        // Every generated module imports `enums`, `types` and `_rt`: a namespace module with
        // one of those names would shadow them.
        for c in self.ctors.iter().chain(&self.funcs) {
            if let Some(m) = &c.module
                && ["enums", "types", "functions", "_rt"].contains(&m.as_str())
            {
                errors.push(CodegenError::Unsupported {
                    what: format!("namespace `{m}` (reserved for generated module paths)"),
                    at: self.location(&c.def.span),
                });
            }
        }
        let mut seen: BTreeMap<(String, String), (String, Location)> = BTreeMap::new();
        let mut check = |scope: String, rust: &str, tl: String, at: Location| {
            if !names::is_identifier(rust) {
                errors.push(CodegenError::InvalidName {
                    name: tl.clone(),
                    at: at.clone(),
                });
            }
            match seen.get(&(scope.clone(), rust.to_string())) {
                Some(first) => errors.push(CodegenError::NameCollision(Box::new(
                    crate::error::NameCollision {
                        rust: rust.to_string(),
                        scope,
                        first: first.clone(),
                        second: (tl, at),
                    },
                ))),
                None => {
                    seen.insert((scope, rust.to_string()), (tl, at));
                }
            }
        };
        let module_scope = |kind: &str, m: &Option<String>| match m {
            Some(m) => format!("{kind}::{m}"),
            None => kind.to_string(),
        };
        for c in &self.ctors {
            check(
                module_scope("types", &c.module),
                &c.name,
                c.def.full_name(),
                self.location(&c.def.span),
            );
        }
        for f in &self.funcs {
            let scope = module_scope("functions", &f.module);
            check(
                scope,
                &f.name,
                f.def.full_name(),
                self.location(&f.def.span),
            );
        }
        for e in &self.enums {
            let def = self.enum_def(e);
            check(
                module_scope("enums", &e.module),
                &e.name,
                e.tl_name.clone(),
                self.location(&def.result().span()),
            );
            for (v, ci) in &e.variants {
                let c = &self.ctors[*ci];
                check(
                    format!("variants of enum {}", e.tl_name),
                    v,
                    c.def.full_name(),
                    self.location(&c.def.span),
                );
            }
        }
        for c in self.ctors.iter().chain(&self.funcs) {
            for f in &c.fields {
                if matches!(f.kind, FieldKind::Flags) {
                    continue;
                }
                let p = c
                    .def
                    .params()
                    .iter()
                    .find(|p| p.name() == f.tl_name)
                    .expect("field comes from a param");
                check(
                    format!("fields of {}", c.def.full_name()),
                    &f.name,
                    f.tl_name.clone(),
                    self.location(&p.span()),
                );
            }
        }
    }
}

fn location(schema: &Schema, span: &Span) -> Location {
    Location {
        file: schema
            .files
            .get(span.file as usize)
            .map(|f| f.name.to_string())
            .unwrap_or_default(),
        line: span.line,
        col: span.col,
    }
}

struct Resolver<'r> {
    schema: &'r Schema,
    enum_by_name: &'r HashMap<String, usize>,
    ctor_by_name: &'r HashMap<String, usize>,
    enums: &'r [EnumItem],
}

impl Resolver<'_> {
    fn fields(&self, def: &Definition) -> Result<Vec<Field>, Vec<CodegenError>> {
        let mut fields = Vec::with_capacity(def.params().len());
        let mut errors = Vec::new();
        for p in def.params() {
            let kind = match p.kind() {
                ParamKind::Flags => FieldKind::Flags,
                ParamKind::Normal { ty, flag } => {
                    let flag = match flag {
                        None => None,
                        Some(fl) => match fields.iter().position(|f: &Field| {
                            f.tl_name == fl.field() && f.kind == FieldKind::Flags
                        }) {
                            Some(i) => Some((i, fl.bit())),
                            None => {
                                errors.push(CodegenError::Unsupported {
                                    what: format!(
                                        "condition on `{}`, which is no earlier `#` field",
                                        fl.field()
                                    ),
                                    at: location(self.schema, &fl.span()),
                                });
                                continue;
                            }
                        },
                    };
                    if ty.namespace().is_none() && ty.name() == "true" {
                        match flag {
                            Some((flags, bit)) => FieldKind::FlagTrue { flags, bit },
                            None => {
                                errors.push(CodegenError::Unsupported {
                                    what: "a `true` field without a flag condition".into(),
                                    at: location(self.schema, &p.span()),
                                });
                                continue;
                            }
                        }
                    } else {
                        match self.ty(def, ty) {
                            Ok(ty) => FieldKind::Value { ty, flag },
                            Err(e) => {
                                errors.push(e);
                                continue;
                            }
                        }
                    }
                }
            };
            fields.push(Field {
                tl_name: p.name().to_owned(),
                name: names::snake(p.name()),
                kind,
            });
        }
        // A `?true` flag that shares its bit with a value field is implied by that field.
        let snapshot = fields.clone();
        for f in fields.iter_mut() {
            if let FieldKind::FlagTrue { flags, bit } = f.kind {
                let from = snapshot.iter().position(|g| {
                    matches!(g.kind, FieldKind::Value { flag: Some((fl, b)), .. } if fl == flags && b == bit)
                });
                if let Some(from) = from {
                    f.kind = FieldKind::DerivedTrue { flags, bit, from };
                }
            }
        }
        if errors.is_empty() {
            Ok(fields)
        } else {
            Err(errors)
        }
    }

    fn ty(&self, def: &Definition, ty: Type<'_>) -> Result<Ty, CodegenError> {
        let at = || location(self.schema, &ty.span());
        if ty.namespace().is_none() {
            if def.generics().iter().any(|g| g.name() == ty.name()) {
                return Ok(Ty::Generic(ty.name().to_owned()));
            }
            let prim = match ty.name() {
                "int" => Some(Ty::Int),
                "long" => Some(Ty::Long),
                "double" => Some(Ty::Double),
                "string" => Some(Ty::String),
                "bytes" => Some(Ty::Bytes),
                "int128" => Some(Ty::Int128),
                "int256" => Some(Ty::Int256),
                "Bool" => Some(Ty::Bool),
                "Object" => Some(Ty::Object),
                "Vector" | "vector" => {
                    let Some(arg) = ty.arg() else {
                        return Err(CodegenError::Unsupported {
                            what: "a vector without an item type".into(),
                            at: at(),
                        });
                    };
                    let item = self.ty(def, arg)?;
                    Some(Ty::Vector {
                        item: Box::new(item),
                        bare: ty.name() == "vector",
                    })
                }
                _ => None,
            };
            if let Some(p) = prim {
                return Ok(p);
            }
        }
        let full = ty.full_name();
        if ty.percent() {
            // `%Foo`: the single constructor of boxed type Foo, written bare.
            if let Some(&ei) = self.enum_by_name.get(&full) {
                let e = &self.enums[ei];
                if e.variants.len() == 1 {
                    return Ok(Ty::BareCtor(e.variants[0].1));
                }
                return Err(CodegenError::Unsupported {
                    what: format!("`%{full}` names a type with several constructors"),
                    at: at(),
                });
            }
        } else if ty.is_bare() {
            if let Some(&ci) = self.ctor_by_name.get(&full) {
                return Ok(Ty::BareCtor(ci));
            }
        } else if let Some(&ei) = self.enum_by_name.get(&full) {
            return Ok(Ty::Enum(ei));
        }
        Err(CodegenError::UnknownType {
            name: full,
            at: at(),
        })
    }
}
