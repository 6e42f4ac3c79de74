//! The typed syntax tree of a TL schema. Every node carries the [`Span`] it came from so that
//! later stages (validation, code generation) can point at the source.
//!
//! # Representation
//!
//! A [`Definition`] shares its file's text (one [`Arc<str>`] for the whole file) and stores
//! every name in it as a byte range into that text. Its parameters, generic parameters and
//! type arguments (`long` in `Vector<long>`) live in vectors shared by every definition of one
//! parse (one [`Arc`] for the whole schema), as ranges of them. Parsing a layer therefore
//! allocates a handful of times however many names and definitions it has, and cloning a
//! definition costs two reference-count increments. Why: a schema is mostly names, and
//! allocating a `String` for each (some 30,000 for a layer) and a vector per definition was
//! most of the parse time. A clone of one definition keeps the nodes of its whole schema alive.
//!
//! The parts of a definition are read through borrowed views ([`Parameter`], [`Type`],
//! [`Flag`], [`Generic`]), which are `Copy` and hand out `&str` borrowed from the definition.

use std::fmt;
use std::sync::Arc;

/// A position in a source file: byte range plus 1-based line and column of its start.
///
/// Offsets are `u32`: the parser refuses files of 4 GiB or more
/// ([`crate::ErrorKind::FileTooLarge`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Index into [`Schema::files`] of the file this span is in.
    pub file: u32,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
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

// ---------------------------------------------------------------------------------------------
// Stored nodes (crate-private): byte ranges into the definition's source.

/// A possibly namespaced name, `start..start + len` in the source; its namespace is the first
/// `ns` bytes (`phone` in `phone.PhoneCall`), 0 when there is none (a namespace is never
/// empty: the grammar wants an identifier before each `.`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Name {
    pub start: u32,
    pub len: u32,
    pub ns: u32,
}

impl Name {
    /// The name at `start..start + len` of `src`, namespace found by looking for its last `.`.
    pub fn at(src: &str, start: usize, len: usize) -> Name {
        let text = &src.as_bytes()[start..start + len];
        let ns = memchr::memrchr(b'.', text).unwrap_or(0);
        Name {
            start: start as u32,
            len: len as u32,
            ns: ns as u32,
        }
    }

    /// The whole name: `phone.PhoneCall`.
    pub fn full<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start as usize..(self.start + self.len) as usize]
    }

    /// Without its namespace: `PhoneCall`.
    pub fn base<'a>(&self, src: &'a str) -> &'a str {
        let skip = if self.ns == 0 { 0 } else { self.ns + 1 };
        &src[(self.start + skip) as usize..(self.start + self.len) as usize]
    }

    /// [`Name::full`] as bytes: names are ASCII, and byte slices need no check that they
    /// start and end on a character boundary (the validator's lookups slice a lot).
    pub fn bytes<'a>(&self, src: &'a [u8]) -> &'a [u8] {
        &src[self.start as usize..(self.start + self.len) as usize]
    }

    /// [`Name::base`] as bytes.
    pub fn base_bytes<'a>(&self, src: &'a [u8]) -> &'a [u8] {
        let skip = if self.ns == 0 { 0 } else { self.ns + 1 };
        &src[(self.start + skip) as usize..(self.start + self.len) as usize]
    }

    /// The namespace: `phone`.
    pub fn namespace<'a>(&self, src: &'a str) -> Option<&'a str> {
        (self.ns != 0).then(|| &src[self.start as usize..(self.start + self.ns) as usize])
    }
}

/// A type: `!X`, `%Foo`, `phone.PhoneCall`, `Vector<long>`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TypeNode {
    pub span: Span,
    pub name: Name,
    /// 1 + index into [`Nodes::args`] of the type argument; 0 for none.
    pub arg: u32,
    pub percent: bool,
    pub generic_ref: bool,
}

/// A condition `flags.N?`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct FlagNode {
    pub span: Span,
    pub field: Name,
    pub bit: u32,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ParamNodeKind {
    Flags,
    Normal {
        ty: TypeNode,
        flag: Option<FlagNode>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ParamNode {
    pub span: Span,
    pub name: Name,
    pub kind: ParamNodeKind,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct GenericNode {
    pub span: Span,
    pub name: Name,
}

/// The nodes of every definition of one parse; a definition holds ranges of them.
#[derive(Debug, Default)]
pub(crate) struct Nodes {
    pub params: Vec<ParamNode>,
    pub generics: Vec<GenericNode>,
    /// Type arguments, referred to by [`TypeNode::arg`].
    pub args: Vec<TypeNode>,
}

/// What a definition sees before the parser has shared its nodes (never seen outside).
static NO_NODES: Nodes = Nodes {
    params: Vec::new(),
    generics: Vec::new(),
    args: Vec::new(),
};

/// `start..start + len` of one of the [`Nodes`] vectors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Range32 {
    pub start: u32,
    pub len: u32,
}

impl Range32 {
    /// The range from `start` to the end of a vector of length `end`.
    pub fn between(start: usize, end: usize) -> Range32 {
        Range32 {
            start: start as u32,
            len: (end - start) as u32,
        }
    }

    fn of<T>(self, v: &[T]) -> &[T] {
        &v[self.start as usize..(self.start + self.len) as usize]
    }
}

// ---------------------------------------------------------------------------------------------
// Definitions

/// One constructor or method.
///
/// Names and parts are read with methods ([`Definition::name`], [`Definition::params`],
/// [`Definition::result`], …) that borrow from the definition; see the module documentation
/// for why.
#[derive(Clone)]
pub struct Definition {
    /// The text of the file the definition is in; every [`Name`] points into it.
    pub(crate) src: Arc<str>,
    /// The nodes `params` and `generics` are ranges of; `None` only while the parser is still
    /// building the schema (it then passes its nodes along itself).
    pub(crate) nodes: Option<Arc<Nodes>>,
    pub(crate) name: Name,
    /// The id written after `#`, if any.
    pub explicit_id: Option<u32>,
    /// The id computed as CRC32 of the normalized definition ([`crate::ids`]).
    pub computed_id: u32,
    /// Constructor or method.
    pub category: Category,
    /// Text of the `//` or `/* */` comment lines directly above, markers stripped, if any.
    pub doc: Option<String>,
    /// The whole definition, from its first character to the `;`.
    pub span: Span,
    pub(crate) generics: Range32,
    pub(crate) params: Range32,
    pub(crate) result: TypeNode,
}

impl Definition {
    /// The id on the wire: the explicit one if written, else the computed one.
    pub fn id(&self) -> u32 {
        self.explicit_id.unwrap_or(self.computed_id)
    }

    /// The name without namespace: `requestCall` for `phone.requestCall`.
    pub fn name(&self) -> &str {
        self.name.base(&self.src)
    }

    /// The namespace: `phone` for `phone.requestCall`, `a.b` for `a.b.c`, `None` for `ping`.
    pub fn namespace(&self) -> Option<&str> {
        self.name.namespace(&self.src)
    }

    /// The name with its namespace, as written: `phone.requestCall`.
    pub fn qualified_name(&self) -> &str {
        self.name.full(&self.src)
    }

    /// [`Definition::qualified_name`] as an owned `String`.
    pub fn full_name(&self) -> String {
        self.qualified_name().to_owned()
    }

    /// The generic parameters `{X:Type}`, in order.
    pub fn generics(&self) -> Generics<'_> {
        self.view().generics()
    }

    /// The parameters (fields), in order, flag fields (`flags:#`) included.
    pub fn params(&self) -> Params<'_> {
        self.view().params()
    }

    /// The result type after `=`.
    pub fn result(&self) -> Type<'_> {
        self.view().result()
    }

    /// The definition with its nodes.
    pub(crate) fn view(&self) -> Def<'_> {
        Def {
            def: self,
            nodes: self.nodes.as_deref().unwrap_or(&NO_NODES),
        }
    }

    /// The text of a name stored in this definition.
    pub(crate) fn text(&self, name: Name) -> &str {
        name.full(&self.src)
    }

    /// [`Definition::text`] as bytes.
    pub(crate) fn bytes(&self, name: Name) -> &[u8] {
        name.bytes(self.src.as_bytes())
    }
}

/// A definition and the nodes its ranges refer to: its own once parsed, the parser's while it
/// is being built.
#[derive(Clone, Copy)]
pub(crate) struct Def<'a> {
    pub def: &'a Definition,
    pub nodes: &'a Nodes,
}

impl<'a> Def<'a> {
    /// The text of a name stored in the definition.
    pub fn text(self, name: Name) -> &'a str {
        name.full(&self.def.src)
    }

    /// [`Def::text`] as bytes.
    pub fn bytes(self, name: Name) -> &'a [u8] {
        name.bytes(self.def.src.as_bytes())
    }

    pub fn param_nodes(self) -> &'a [ParamNode] {
        self.def.params.of(&self.nodes.params)
    }

    pub fn generic_nodes(self) -> &'a [GenericNode] {
        self.def.generics.of(&self.nodes.generics)
    }

    /// The argument of a type, if it has one.
    pub fn arg(self, ty: &TypeNode) -> Option<&'a TypeNode> {
        let i = ty.arg.checked_sub(1)?;
        Some(&self.nodes.args[i as usize])
    }

    pub fn generics(self) -> Generics<'a> {
        Generics {
            def: self,
            nodes: self.generic_nodes(),
        }
    }

    pub fn params(self) -> Params<'a> {
        Params {
            def: self,
            nodes: self.param_nodes(),
        }
    }

    pub fn result(self) -> Type<'a> {
        self.ty(&self.def.result)
    }

    /// The view of a stored type of the definition.
    pub fn ty(self, node: &'a TypeNode) -> Type<'a> {
        Type { def: self, node }
    }
}

/// Declares a list view over stored nodes and its iterator.
macro_rules! list_view {
    ($(#[$doc:meta])* $list:ident, $(#[$idoc:meta])* $iter:ident, $node:ty, $view:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $list<'a> {
            def: Def<'a>,
            nodes: &'a [$node],
        }

        impl<'a> $list<'a> {
            /// How many there are.
            pub fn len(&self) -> usize {
                self.nodes.len()
            }

            /// Whether there are none.
            pub fn is_empty(&self) -> bool {
                self.nodes.is_empty()
            }

            /// The `i`-th one (0-based), if there is one.
            pub fn get(&self, i: usize) -> Option<$view<'a>> {
                let def = self.def;
                self.nodes.get(i).map(|node| $view { def, node })
            }

            /// Iterates in source order.
            pub fn iter(&self) -> $iter<'a> {
                $iter {
                    def: self.def,
                    nodes: self.nodes.iter(),
                }
            }
        }

        impl<'a> IntoIterator for $list<'a> {
            type Item = $view<'a>;
            type IntoIter = $iter<'a>;

            fn into_iter(self) -> $iter<'a> {
                self.iter()
            }
        }

        impl fmt::Debug for $list<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.iter()).finish()
            }
        }

        $(#[$idoc])*
        #[derive(Clone)]
        pub struct $iter<'a> {
            def: Def<'a>,
            nodes: std::slice::Iter<'a, $node>,
        }

        impl<'a> Iterator for $iter<'a> {
            type Item = $view<'a>;

            fn next(&mut self) -> Option<$view<'a>> {
                let def = self.def;
                self.nodes.next().map(|node| $view { def, node })
            }

            fn size_hint(&self) -> (usize, Option<usize>) {
                self.nodes.size_hint()
            }
        }

        impl DoubleEndedIterator for $iter<'_> {
            fn next_back(&mut self) -> Option<Self::Item> {
                let def = self.def;
                self.nodes.next_back().map(|node| $view { def, node })
            }
        }

        impl ExactSizeIterator for $iter<'_> {}
    };
}

list_view!(
    /// The parameters of a definition ([`Definition::params`]).
    Params,
    /// Iterator over [`Params`].
    ParamsIter,
    ParamNode,
    Parameter
);

list_view!(
    /// The generic parameters of a definition ([`Definition::generics`]).
    Generics,
    /// Iterator over [`Generics`].
    GenericsIter,
    GenericNode,
    Generic
);

/// A generic parameter `{X:Type}`.
#[derive(Clone, Copy)]
pub struct Generic<'a> {
    def: Def<'a>,
    node: &'a GenericNode,
}

impl<'a> Generic<'a> {
    /// `X`
    pub fn name(&self) -> &'a str {
        self.def.text(self.node.name)
    }

    /// Where it is.
    pub fn span(&self) -> Span {
        self.node.span
    }
}

/// One parameter `name:Type`, `name:#` or `name:flags.N?Type`.
#[derive(Clone, Copy)]
pub struct Parameter<'a> {
    def: Def<'a>,
    node: &'a ParamNode,
}

impl<'a> Parameter<'a> {
    /// The parameter's name as written.
    pub fn name(&self) -> &'a str {
        self.def.text(self.node.name)
    }

    /// What it holds.
    pub fn kind(&self) -> ParamKind<'a> {
        match &self.node.kind {
            ParamNodeKind::Flags => ParamKind::Flags,
            ParamNodeKind::Normal { ty, flag } => ParamKind::Normal {
                ty: self.def.ty(ty),
                flag: flag.as_ref().map(|node| Flag {
                    def: self.def,
                    node,
                }),
            },
        }
    }

    /// Where it is.
    pub fn span(&self) -> Span {
        self.node.span
    }
}

/// What a parameter holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamKind<'a> {
    /// `name:#`: a 32-bit flags word, computed from the conditional fields that use it.
    Flags,
    /// `name:Type` or `name:flags.N?Type`.
    Normal {
        /// The field's type.
        ty: Type<'a>,
        /// The condition, for `flags.N?Type`.
        flag: Option<Flag<'a>>,
    },
}

/// A condition `flags.N?`.
#[derive(Clone, Copy)]
pub struct Flag<'a> {
    def: Def<'a>,
    node: &'a FlagNode,
}

impl<'a> Flag<'a> {
    /// The name of the `#` field it refers to (`flags`, `flags2`).
    pub fn field(&self) -> &'a str {
        self.def.text(self.node.field)
    }

    /// The bit index `N` (saturated at `u32::MAX` when written larger).
    pub fn bit(&self) -> u32 {
        self.node.bit
    }

    /// Where the condition is written.
    pub fn span(&self) -> Span {
        self.node.span
    }
}

/// A type reference: `int`, `InputUser`, `phone.PhoneCall`, `Vector<long>`, `%Foo`, `!X`.
#[derive(Clone, Copy)]
pub struct Type<'a> {
    def: Def<'a>,
    node: &'a TypeNode,
}

impl<'a> Type<'a> {
    /// The name without namespace, without `%` or `!`: `PhoneCall` for `phone.PhoneCall`.
    pub fn name(&self) -> &'a str {
        self.node.name.base(&self.def.def.src)
    }

    /// The namespace: `phone` for `phone.PhoneCall`, `None` for `int`.
    pub fn namespace(&self) -> Option<&'a str> {
        self.node.name.namespace(&self.def.def.src)
    }

    /// The name with its namespace, without `%`, `!` or the generic argument:
    /// `phone.PhoneCall`.
    pub fn qualified_name(&self) -> &'a str {
        self.def.text(self.node.name)
    }

    /// [`Type::qualified_name`] as an owned `String`.
    pub fn full_name(&self) -> String {
        self.qualified_name().to_owned()
    }

    /// `%Foo` was written (explicitly bare).
    pub fn percent(&self) -> bool {
        self.node.percent
    }

    /// `!X` was written (the generic parameter is a function whose result is returned).
    pub fn generic_ref(&self) -> bool {
        self.node.generic_ref
    }

    /// The `Vector<T>` / `vector<T>` argument, if any.
    pub fn arg(&self) -> Option<Type<'a>> {
        Some(self.def.ty(self.def.arg(self.node)?))
    }

    /// Where it is written.
    pub fn span(&self) -> Span {
        self.node.span
    }

    /// Bare types start with a lower-case letter (`int`, `vector`, `inputUser`) or are written
    /// with `%`. Boxed ones start upper-case and carry a constructor id on the wire.
    pub fn is_bare(&self) -> bool {
        self.node.percent || self.name().starts_with(|c: char| c.is_ascii_lowercase())
    }

    /// `name` written with nothing around it: no namespace, `%`, `!` or argument.
    pub fn is_plain(&self, name: &str) -> bool {
        let n = &self.node;
        n.name.ns == 0 && !n.percent && !n.generic_ref && n.arg == 0 && self.name() == name
    }
}

// ---------------------------------------------------------------------------------------------
// Equality and debugging output: by text and spans, never by the shared source as a whole.

impl PartialEq for Definition {
    /// Equal in everything, spans and doc comments included.
    fn eq(&self, other: &Definition) -> bool {
        self.span == other.span && self.doc == other.doc && self.same(other, true)
    }
}

impl Definition {
    /// Equal in everything but spans and doc comments.
    pub fn eq_ignoring_spans(&self, other: &Definition) -> bool {
        self.same(other, false)
    }

    fn same(&self, other: &Definition, spans: bool) -> bool {
        self.qualified_name() == other.qualified_name()
            && self.explicit_id == other.explicit_id
            && self.computed_id == other.computed_id
            && self.category == other.category
            && self.result().same(&other.result(), spans)
            && self.generics.len == other.generics.len
            && self
                .generics()
                .iter()
                .zip(other.generics())
                .all(|(a, b)| a.name() == b.name() && (!spans || a.span() == b.span()))
            && self.params.len == other.params.len
            && self
                .params()
                .iter()
                .zip(other.params())
                .all(|(a, b)| a.same(&b, spans))
    }
}

impl Parameter<'_> {
    /// Equal in everything but spans.
    pub fn eq_ignoring_spans(&self, other: &Parameter<'_>) -> bool {
        self.same(other, false)
    }

    fn same(&self, other: &Parameter<'_>, spans: bool) -> bool {
        self.name() == other.name()
            && (!spans || self.span() == other.span())
            && match (self.kind(), other.kind()) {
                (ParamKind::Flags, ParamKind::Flags) => true,
                (ParamKind::Normal { ty: a, flag: fa }, ParamKind::Normal { ty: b, flag: fb }) => {
                    a.same(&b, spans)
                        && match (fa, fb) {
                            (None, None) => true,
                            (Some(x), Some(y)) => x.same(&y, spans),
                            _ => false,
                        }
                }
                _ => false,
            }
    }
}

impl Flag<'_> {
    fn same(&self, other: &Flag<'_>, spans: bool) -> bool {
        self.field() == other.field()
            && self.bit() == other.bit()
            && (!spans || self.span() == other.span())
    }
}

impl Type<'_> {
    /// Equal in everything but spans (of this type and its argument).
    pub fn eq_ignoring_spans(&self, other: &Type<'_>) -> bool {
        self.same(other, false)
    }

    /// Recursion depth is that of the type's nesting, bounded by the parser.
    fn same(&self, other: &Type<'_>, spans: bool) -> bool {
        self.qualified_name() == other.qualified_name()
            && self.percent() == other.percent()
            && self.generic_ref() == other.generic_ref()
            && (!spans || self.span() == other.span())
            && match (self.arg(), other.arg()) {
                (None, None) => true,
                (Some(a), Some(b)) => a.same(&b, spans),
                _ => false,
            }
    }
}

impl PartialEq for Generic<'_> {
    fn eq(&self, other: &Generic<'_>) -> bool {
        self.name() == other.name() && self.span() == other.span()
    }
}

impl PartialEq for Parameter<'_> {
    fn eq(&self, other: &Parameter<'_>) -> bool {
        self.same(other, true)
    }
}

impl PartialEq for Flag<'_> {
    fn eq(&self, other: &Flag<'_>) -> bool {
        self.same(other, true)
    }
}

impl PartialEq for Type<'_> {
    fn eq(&self, other: &Type<'_>) -> bool {
        self.same(other, true)
    }
}

impl fmt::Debug for Definition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Definition")
            .field("name", &self.qualified_name())
            .field("explicit_id", &self.explicit_id)
            .field("computed_id", &self.computed_id)
            .field("generics", &self.generics())
            .field("params", &self.params())
            .field("result", &self.result())
            .field("category", &self.category)
            .field("doc", &self.doc)
            .field("span", &self.span)
            .finish()
    }
}

impl fmt::Debug for Generic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Generic")
            .field("name", &self.name())
            .field("span", &self.span())
            .finish()
    }
}

impl fmt::Debug for Parameter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Parameter")
            .field("name", &self.name())
            .field("kind", &self.kind())
            .field("span", &self.span())
            .finish()
    }
}

impl fmt::Debug for Flag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Flag")
            .field("field", &self.field())
            .field("bit", &self.bit())
            .field("span", &self.span())
            .finish()
    }
}

impl fmt::Debug for Type<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Type")
            .field("name", &self.qualified_name())
            .field("percent", &self.percent())
            .field("generic_ref", &self.generic_ref())
            .field("arg", &self.arg())
            .field("span", &self.span())
            .finish()
    }
}

impl Span {
    /// The byte range, for slicing the file's text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}
