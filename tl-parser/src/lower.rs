//! Turns the grammar's parse tree of one item into AST nodes with spans.

use pest::iterators::{Pair, Pairs};

use crate::ast::{Builtin, Category, Definition, Flag, Generic, ParamKind, Parameter, Span, Type};
use crate::grammar::Rule;
use crate::ids;
use crate::position::{Cursor, Mark};

/// What one item turned out to be.
pub(crate) enum Lowered {
    /// `---types---` / `---functions---`.
    Section(Category),
    /// A built-in line.
    Builtin(Builtin),
    /// A constructor or method.
    Definition(Definition),
}

/// Lowers the parse tree of the item starting at `start` in file `file` (whose full text is
/// `text`). `id_buf` is scratch space for computing the constructor id.
pub(crate) fn lower(
    file: usize,
    text: &str,
    start: Mark,
    end: usize,
    pairs: Pairs<'_, Rule>,
    category: Category,
    id_buf: &mut String,
) -> Lowered {
    let mut l = Lowerer {
        file,
        base: start.offset,
        cursor: Cursor::new(text, start),
    };
    let span = Span {
        file,
        start: start.offset,
        end,
        line: start.line,
        col: start.col,
    };
    let mut pairs = pairs.peekable();
    let Some(first) = pairs.next() else {
        unreachable!("the grammar always yields at least EOI")
    };
    if first.as_rule() == Rule::section {
        let name = first.into_inner().as_str();
        return Lowered::Section(if name == "functions" {
            Category::Function
        } else {
            Category::Type
        });
    }
    let mut header = first.into_inner();
    let full_name = header.next().map_or("", |p| p.as_str());
    let explicit_id = header.next().map(|p| parse_hex(p.as_str()));

    let mut generics = Vec::new();
    let mut params = Vec::new();
    let mut result = None;
    for pair in pairs {
        match pair.as_rule() {
            Rule::generic => {
                let span = l.span(&pair);
                let name = pair.into_inner().next().map_or("", |p| p.as_str());
                generics.push(Generic {
                    name: name.to_owned(),
                    span,
                });
            }
            Rule::builtin_body => {
                let ty = pair
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::builtin_result)
                    .and_then(|p| p.into_inner().next())
                    .map_or("", |p| p.as_str());
                return Lowered::Builtin(Builtin {
                    name: full_name.to_owned(),
                    id: explicit_id,
                    result: ty.to_owned(),
                    text: text[start.offset..end].to_owned(),
                    span,
                });
            }
            Rule::param => params.push(l.param(pair)),
            Rule::type_ref => result = Some(l.ty(pair)),
            _ => {}
        }
    }
    let (namespace, name) = split_name(full_name);
    let mut def = Definition {
        namespace,
        name,
        explicit_id,
        computed_id: 0,
        generics,
        params,
        result: result.unwrap_or_else(|| unreachable!("the grammar requires a result type")),
        category,
        doc: None,
        span,
    };
    def.computed_id = ids::compute_id_with(&def, id_buf);
    Lowered::Definition(def)
}

struct Lowerer<'a> {
    file: usize,
    base: usize,
    cursor: Cursor<'a>,
}

impl Lowerer<'_> {
    fn span(&mut self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        let start = self.base + s.start();
        let mark = self.cursor.seek(start);
        Span {
            file: self.file,
            start,
            end: self.base + s.end(),
            line: mark.line,
            col: mark.col,
        }
    }

    fn param(&mut self, pair: Pair<'_, Rule>) -> Parameter {
        let span = self.span(&pair);
        let mut name = "";
        let mut flag = None;
        let mut kind = ParamKind::Flags;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::param_name => name = part.as_str(),
                Rule::condition => {
                    let flag_span = self.span(&part);
                    let mut inner = part.into_inner();
                    let field = inner.next().map_or("", |p| p.as_str());
                    let bit = inner.next().map_or("", |p| p.as_str());
                    flag = Some(Flag {
                        field: field.to_owned(),
                        // Anything too big for u32 is out of range anyway; validation says so.
                        bit: bit.parse().unwrap_or(u32::MAX),
                        span: flag_span,
                    });
                }
                Rule::type_ref => {
                    kind = ParamKind::Normal {
                        ty: self.ty(part),
                        flag: flag.take(),
                    }
                }
                _ => {}
            }
        }
        Parameter {
            name: name.to_owned(),
            kind,
            span,
        }
    }

    /// Recursion depth is bounded by the scanner's nesting limit.
    fn ty(&mut self, pair: Pair<'_, Rule>) -> Type {
        let span = self.span(&pair);
        let mut ty = Type {
            namespace: Vec::new(),
            name: String::new(),
            percent: false,
            generic_ref: false,
            arg: None,
            span,
        };
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::bang => ty.generic_ref = true,
                Rule::percent => ty.percent = true,
                Rule::type_name => (ty.namespace, ty.name) = split_name(part.as_str()),
                Rule::type_ref => ty.arg = Some(Box::new(self.ty(part))),
                _ => {}
            }
        }
        ty
    }
}

fn parse_hex(s: &str) -> u32 {
    // The grammar admits 1 to 8 hex digits only, so this cannot fail.
    u32::from_str_radix(s, 16).unwrap_or(0)
}

/// `phone.PhoneCall` → (`["phone"]`, `PhoneCall`).
pub(crate) fn split_name(full: &str) -> (Vec<String>, String) {
    match full.rsplit_once('.') {
        None => (Vec::new(), full.to_owned()),
        Some((ns, name)) => (ns.split('.').map(str::to_owned).collect(), name.to_owned()),
    }
}
