//! Turns the grammar's parse tree of one item into AST nodes with spans.

use std::sync::Arc;

use pest::iterators::{Pair, Pairs};

use crate::ast::{
    Builtin, Category, Def, Definition, FlagNode, GenericNode, Name, Nodes, ParamNode,
    ParamNodeKind, Range32, Span, TypeNode,
};
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
/// `src`), appending its nodes to `nodes`. `id_buf` is scratch space for computing the
/// constructor id.
#[allow(clippy::too_many_arguments)]
pub(crate) fn lower(
    file: u32,
    src: &Arc<str>,
    start: Mark,
    end: usize,
    pairs: Pairs<'_, Rule>,
    category: Category,
    id_buf: &mut String,
    nodes: &mut Nodes,
) -> Lowered {
    let text: &str = src;
    let mut l = Lowerer {
        file,
        text,
        base: start.offset,
        cursor: Cursor::new(text, start),
        args: &mut nodes.args,
    };
    let span = Span {
        file,
        start: start.offset as u32,
        end: end as u32,
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
    let full_name = header.next();
    let name = full_name.as_ref().map_or(Name::default(), |p| l.name(p));
    let explicit_id = header.next().map(|p| parse_hex(p.as_str()));

    let (params_from, generics_from) = (nodes.params.len(), nodes.generics.len());
    let mut result = None;
    for pair in pairs {
        match pair.as_rule() {
            Rule::generic => {
                let span = l.span(&pair);
                let name = pair
                    .into_inner()
                    .next()
                    .map_or(Name::default(), |p| l.name(&p));
                nodes.generics.push(GenericNode { name, span });
            }
            Rule::builtin_body => {
                let ty = pair
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::builtin_result)
                    .and_then(|p| p.into_inner().next())
                    .map_or("", |p| p.as_str());
                return Lowered::Builtin(Builtin {
                    name: full_name.map_or("", |p| p.as_str()).to_owned(),
                    id: explicit_id,
                    result: ty.to_owned(),
                    text: text[start.offset..end].to_owned(),
                    span,
                });
            }
            Rule::param => {
                let param = l.param(pair);
                nodes.params.push(param);
            }
            Rule::type_ref => result = Some(l.ty(pair)),
            _ => {}
        }
    }
    let mut def = Definition {
        src: src.clone(),
        nodes: None,
        name,
        explicit_id,
        computed_id: 0,
        category,
        doc: None,
        span,
        generics: Range32::between(generics_from, nodes.generics.len()),
        params: Range32::between(params_from, nodes.params.len()),
        result: result.unwrap_or_else(|| unreachable!("the grammar requires a result type")),
    };
    def.computed_id = ids::compute_id_with(Def { def: &def, nodes }, id_buf);
    Lowered::Definition(def)
}

struct Lowerer<'a> {
    file: u32,
    text: &'a str,
    base: usize,
    cursor: Cursor<'a>,
    /// Type arguments of the parse so far ([`Nodes::args`]).
    args: &'a mut Vec<TypeNode>,
}

impl Lowerer<'_> {
    fn span(&mut self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        let start = self.base + s.start();
        let mark = self.cursor.seek(start);
        Span {
            file: self.file,
            start: start as u32,
            end: (self.base + s.end()) as u32,
            line: mark.line,
            col: mark.col,
        }
    }

    /// The name a pair covers, as a range of the file.
    fn name(&self, pair: &Pair<'_, Rule>) -> Name {
        let s = pair.as_span();
        Name::at(self.text, self.base + s.start(), s.end() - s.start())
    }

    fn param(&mut self, pair: Pair<'_, Rule>) -> ParamNode {
        let span = self.span(&pair);
        let mut name = Name::default();
        let mut flag = None;
        let mut kind = ParamNodeKind::Flags;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::param_name => name = self.name(&part),
                Rule::condition => {
                    let flag_span = self.span(&part);
                    let mut inner = part.into_inner();
                    let field = inner.next().map_or(Name::default(), |p| self.name(&p));
                    let bit = inner.next().map_or("", |p| p.as_str());
                    flag = Some(FlagNode {
                        field,
                        // Anything too big for u32 is out of range anyway; validation says so.
                        bit: bit.parse().unwrap_or(u32::MAX),
                        span: flag_span,
                    });
                }
                Rule::type_ref => {
                    kind = ParamNodeKind::Normal {
                        ty: self.ty(part),
                        flag: flag.take(),
                    }
                }
                _ => {}
            }
        }
        ParamNode { name, kind, span }
    }

    /// Recursion depth is bounded by the scanner's nesting limit.
    fn ty(&mut self, pair: Pair<'_, Rule>) -> TypeNode {
        let span = self.span(&pair);
        let mut ty = TypeNode {
            name: Name::default(),
            percent: false,
            generic_ref: false,
            arg: 0,
            span,
        };
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::bang => ty.generic_ref = true,
                Rule::percent => ty.percent = true,
                Rule::type_name => ty.name = self.name(&part),
                Rule::type_ref => {
                    let arg = self.ty(part);
                    self.args.push(arg);
                    ty.arg = self.args.len() as u32;
                }
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
