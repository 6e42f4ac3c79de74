//! The typed syntax tree of a TL schema. Every node carries the [`Span`] it came from so that
//! later stages (validation, code generation) can point at the source.

use std::fmt;
use std::sync::Arc;

/// A position in a source file: byte range plus 1-based line and column of its start.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Index into [`Schema::files`] of the file this span is in.
    pub file: usize,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column (in characters) of `start`.
    pub col: u32,
}

/// One input file: its name as given by the caller and its full text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// Name used in messages (usually the path).
    pub name: Arc<str>,
    /// The file's text (after lossless UTF-8 decoding; see the parser).
    pub text: Arc<str>,
}

/// Whether a definition is a constructor (`---types---`) or a method (`---functions---`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// A constructor of a boxed type.
    Type,
    /// A remote method (RPC function).
    Function,
}

/// A whole schema: one or more files parsed together.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Schema {
    /// The files the definitions came from, indexed by [`Span::file`].
    pub files: Vec<SourceFile>,
    /// The layer from the first `// LAYER N` comment, if any.
    pub layer: Option<u32>,
    /// Built-in lines such as `int ? = Int;` or `vector {t:Type} # [ t ] = Vector t;`.
    pub builtins: Vec<Builtin>,
    /// All constructors and methods, in source order (files in the order given).
    pub definitions: Vec<Definition>,
}

/// A built-in type line, recognised but not a constructor: `int ? = Int;`,
/// `vector#1cb5c415 {t:Type} # [ t ] = Vector t;`, `int128 4*[ int ] = Int128;`.
#[derive(Clone, Debug, PartialEq)]
pub struct Builtin {
    /// The bare name on the left (`int`, `vector`, `int128`).
    pub name: String,
    /// The explicit id, if written (`vector#1cb5c415`).
    pub id: Option<u32>,
    /// The boxed type on the right (`Int`, `Vector`, `Int128`).
    pub result: String,
    /// The line exactly as written (trimmed), for printing it back.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// One constructor or method.
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    /// Namespace parts before the name: `["phone"]` for `phone.requestCall`.
    pub namespace: Vec<String>,
    /// The name without namespace: `requestCall`.
    pub name: String,
    /// The id written after `#`, if any.
    pub explicit_id: Option<u32>,
    /// The id computed as CRC32 of the normalized definition ([`crate::ids`]).
    pub computed_id: u32,
    /// Generic parameters `{X:Type}`, in order.
    pub generics: Vec<Generic>,
    /// The parameters (fields), in order, flag fields (`flags:#`) included.
    pub params: Vec<Parameter>,
    /// The result type after `=`.
    pub result: Type,
    /// Constructor or method.
    pub category: Category,
    /// Text of the `//` or `/* */` comment lines directly above, markers stripped, if any.
    pub doc: Option<String>,
    /// The whole definition, from its first character to the `;`.
    pub span: Span,
}

impl Definition {
    /// The id on the wire: the explicit one if written, else the computed one.
    pub fn id(&self) -> u32 {
        self.explicit_id.unwrap_or(self.computed_id)
    }

    /// `phone.requestCall`
    pub fn full_name(&self) -> String {
        join_name(&self.namespace, &self.name)
    }
}

/// A generic parameter `{X:Type}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Generic {
    /// `X`
    pub name: String,
    /// Where it is.
    pub span: Span,
}

/// One parameter `name:Type`, `name:#` or `name:flags.N?Type`.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// The parameter's name as written.
    pub name: String,
    /// What it holds.
    pub kind: ParamKind,
    /// Where it is.
    pub span: Span,
}

/// What a parameter holds.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamKind {
    /// `name:#`: a 32-bit flags word, computed from the conditional fields that use it.
    Flags,
    /// `name:Type` or `name:flags.N?Type`.
    Normal {
        /// The field's type.
        ty: Type,
        /// The condition, for `flags.N?Type`.
        flag: Option<Flag>,
    },
}

/// A condition `flags.N?`.
#[derive(Clone, Debug, PartialEq)]
pub struct Flag {
    /// The name of the `#` field it refers to (`flags`, `flags2`).
    pub field: String,
    /// The bit index `N`.
    pub bit: u32,
    /// Where the condition is written.
    pub span: Span,
}

/// A type reference: `int`, `InputUser`, `phone.PhoneCall`, `Vector<long>`, `%Foo`, `!X`.
#[derive(Clone, Debug, PartialEq)]
pub struct Type {
    /// Namespace parts: `["phone"]` for `phone.PhoneCall`.
    pub namespace: Vec<String>,
    /// The name without namespace, without `%` or `!`.
    pub name: String,
    /// `%Foo` was written (explicitly bare).
    pub percent: bool,
    /// `!X` was written (the generic parameter is a function whose result is returned).
    pub generic_ref: bool,
    /// `Vector<T>` / `vector<T>` argument, if any.
    pub arg: Option<Box<Type>>,
    /// Where it is written.
    pub span: Span,
}

impl Type {
    /// Bare types start with a lower-case letter (`int`, `vector`, `inputUser`) or are written
    /// with `%`. Boxed ones start upper-case and carry a constructor id on the wire.
    pub fn is_bare(&self) -> bool {
        self.percent || self.name.starts_with(|c: char| c.is_ascii_lowercase())
    }

    /// `phone.PhoneCall`, without `%`, `!` or the generic argument.
    pub fn full_name(&self) -> String {
        join_name(&self.namespace, &self.name)
    }
}

fn join_name(namespace: &[String], name: &str) -> String {
    let mut s = String::new();
    for ns in namespace {
        s.push_str(ns);
        s.push('.');
    }
    s.push_str(name);
    s
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}
