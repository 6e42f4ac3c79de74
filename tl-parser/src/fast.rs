//! A hand-written recognizer for the plain shape nearly every definition has:
//! `name#id {X:Type} a:int flags:# b:flags.0?Vector<long> = Result;` on one line, ASCII, no
//! comments inside.
//!
//! Why: pest spends tens of nanoseconds per byte, which put the full layer at several times the
//! time of the hand-written parser we compare with. The grammar in `tl.pest` stays the
//! definition of the language: this path accepts a strict subset of it, builds exactly the AST
//! the grammar path would build (spans included), and gives up (`None`) on anything else, which
//! then goes through pest, as does every syntax error. Both properties are tested: the whole
//! layer parses to identical ASTs both ways, and the fuzzer compares the two on every input.

use std::sync::Arc;

use crate::ast::{
    Category, Definition, FlagNode, GenericNode, Name, Nodes, ParamNode, ParamNodeKind, Range32,
    Span, TypeNode,
};
use crate::ids;
use crate::position::Mark;
use crate::scan::MAX_NESTING;

/// Parses the statement starting at `start` if it has the plain shape, or returns `None` to
/// leave it to the grammar. Anything outside the shape (a line break, a comment, a non-ASCII
/// byte, a built-in line) is a `None`. `src` is the whole file (`start` is a position in it).
/// The definition's nodes are appended to `nodes` (and taken back on a `None`); `id` is
/// scratch space for the text its id is computed from.
pub(crate) fn definition(
    src: &Arc<str>,
    start: Mark,
    file: u32,
    category: Category,
    id: &mut String,
    nodes: &mut Nodes,
) -> Option<Definition> {
    let lens = (nodes.params.len(), nodes.generics.len(), nodes.args.len());
    let def = read(src, start, file, category, id, nodes);
    if def.is_none() {
        nodes.params.truncate(lens.0);
        nodes.generics.truncate(lens.1);
        nodes.args.truncate(lens.2);
    }
    def
}

fn read(
    src: &Arc<str>,
    start: Mark,
    file: u32,
    category: Category,
    id: &mut String,
    nodes: &mut Nodes,
) -> Option<Definition> {
    let text: &str = src;
    let rest = &text.as_bytes()[start.offset..];
    // The shape is one line: looking no further than its end keeps a file without `;` linear.
    let semi = memchr::memchr2(b';', b'\n', rest).filter(|&i| rest[i] == b';')?;
    let end = start.offset + semi + 1;
    let Nodes {
        params,
        generics,
        args,
    } = nodes;
    let (params_from, generics_from) = (params.len(), generics.len());
    let mut p = Cursor {
        s: &text.as_bytes()[..end],
        text: &text[..end],
        i: start.offset,
        line: start.line,
        // Column of byte 0 of the file, were the statement's line the whole file: columns are
        // offsets plus this (the statement is one ASCII line).
        col_base: start.col.wrapping_sub(start.offset as u32),
        file,
        args,
    };
    let name = p.name()?;
    let explicit_id = if p.eat(b'#') { Some(p.hex_id()?) } else { None };
    // The text the id is computed from is written as the definition is read (see
    // `ids::normalize`, which gives the same text from the AST).
    id.clear();
    id.push_str(name.full(text));
    loop {
        let spaced = p.ws();
        match p.peek()? {
            b'=' => break,
            b'{' if spaced && params.len() == params_from => {
                let g = p.generic()?;
                id.push(' ');
                id.push_str(g.name.full(text));
                id.push_str(":Type");
                generics.push(g);
            }
            c if spaced && is_ident_start(c) => params.push(p.param(id)?),
            _ => return None,
        }
    }
    p.i += 1;
    p.ws();
    let result_from = p.i;
    let result = p.ty(0)?;
    id.push_str(" = ");
    push_type_text(id, &text[result_from..p.i], result.arg != 0);
    p.ws();
    if !p.eat(b';') || p.i != p.s.len() {
        return None;
    }
    let span = p.span(start.offset);
    Some(Definition {
        src: src.clone(),
        nodes: None,
        name,
        explicit_id,
        computed_id: crc32fast::hash(id.as_bytes()),
        category,
        doc: None,
        span,
        generics: Range32::between(generics_from, generics.len()),
        params: Range32::between(params_from, params.len()),
        result,
    })
}

/// Appends a type as written (`Vector<Vector<long>>`) in the id's form (`Vector Vector long`);
/// `nested` tells whether it has an argument (else it is copied as it is).
fn push_type_text(out: &mut String, written: &str, nested: bool) {
    if !nested {
        out.push_str(written);
        return;
    }
    for c in written.chars() {
        match c {
            '<' => out.push(' '),
            '>' => {}
            c => out.push(c),
        }
    }
}

struct Cursor<'a> {
    /// The file up to the statement's end: offsets are the file's.
    s: &'a [u8],
    text: &'a str,
    i: usize,
    line: u32,
    col_base: u32,
    file: u32,
    /// Type arguments of the parse so far ([`Nodes::args`]).
    args: &'a mut Vec<TypeNode>,
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

/// `[A-Za-z0-9_]` as a table: identifiers are most of the bytes of a schema.
static IDENT_CHAR: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'_';
        c += 1;
    }
    t
};

fn is_ident_char(c: u8) -> bool {
    IDENT_CHAR[c as usize]
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        self.i += usize::from(hit);
        hit
    }

    /// Skips blanks; whether there were any.
    fn ws(&mut self) -> bool {
        let from = self.i;
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r')) {
            self.i += 1;
        }
        self.i > from
    }

    /// The span from `from` to here; the statement is one ASCII line, so columns are offsets.
    fn span(&self, from: usize) -> Span {
        Span {
            file: self.file,
            start: from as u32,
            end: self.i as u32,
            line: self.line,
            col: self.col_base.wrapping_add(from as u32),
        }
    }

    /// An identifier; returns where it ends.
    fn ident(&mut self) -> Option<usize> {
        if !is_ident_start(self.peek()?) {
            return None;
        }
        let mut i = self.i + 1;
        while i < self.s.len() && is_ident_char(self.s[i]) {
            i += 1;
        }
        self.i = i;
        Some(i)
    }

    /// An identifier without a namespace.
    fn simple_name(&mut self) -> Option<Name> {
        let from = self.i;
        let end = self.ident()?;
        Some(Name {
            start: from as u32,
            len: (end - from) as u32,
            ns: 0,
        })
    }

    /// `ident(.ident)*`; a `.` not followed by an identifier is left to the grammar.
    fn name(&mut self) -> Option<Name> {
        let from = self.i;
        let first = self.ident()?;
        self.name_rest(from, first)
    }

    /// The rest of a name starting at `from` whose first identifier ends at `first` (here).
    fn name_rest(&mut self, from: usize, first: usize) -> Option<Name> {
        let mut last = first;
        let mut ns = 0;
        while self.eat(b'.') {
            ns = last - from;
            last = self.ident()?;
        }
        Some(Name {
            start: from as u32,
            len: (last - from) as u32,
            ns: ns as u32,
        })
    }

    fn hex_id(&mut self) -> Option<u32> {
        let from = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
            self.i += 1;
        }
        let digits = &self.text[from..self.i];
        if digits.is_empty() || digits.len() > 8 || self.peek().is_some_and(is_ident_char) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    }

    fn generic(&mut self) -> Option<GenericNode> {
        let from = self.i;
        self.i += 1;
        let name = self.simple_name()?;
        if !self.eat(b':') {
            return None;
        }
        let kind_from = self.i;
        if &self.text[kind_from..self.ident()?] != "Type" || !self.eat(b'}') {
            return None;
        }
        Some(GenericNode {
            name,
            span: self.span(from),
        })
    }

    /// A parameter; appends its part of the id's text to `id`.
    fn param(&mut self, id: &mut String) -> Option<ParamNode> {
        let from = self.i;
        let name = self.simple_name()?;
        if !self.eat(b':') {
            return None;
        }
        if self.eat(b'#') {
            id.push(' ');
            id.push_str(&self.text[from..self.i]);
            return Some(ParamNode {
                name,
                kind: ParamNodeKind::Flags,
                span: self.span(from),
            });
        }
        let ty_from = self.i;
        let mut flag = None;
        // Whether the condition reads in the id as written (`flags.01?` does not).
        let mut canonical = true;
        let ty = if self.peek().is_some_and(is_ident_start) {
            // A flags field or the first part of the type's name: read once, either way.
            let first = self.ident()?;
            let is_condition =
                self.peek() == Some(b'.') && self.s.get(self.i + 1).is_some_and(u8::is_ascii_digit);
            if is_condition {
                self.i += 1;
                let digits_from = self.i;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.i += 1;
                }
                let digits = &self.text[digits_from..self.i];
                if !self.eat(b'?') {
                    return None;
                }
                let bit = digits.parse().ok();
                canonical = bit.is_some() && (digits.len() == 1 || !digits.starts_with('0'));
                flag = Some(FlagNode {
                    field: Name {
                        start: ty_from as u32,
                        len: (first - ty_from) as u32,
                        ns: 0,
                    },
                    // Anything too big for u32 is out of range anyway; validation says so.
                    bit: bit.unwrap_or(u32::MAX),
                    span: self.span(ty_from),
                });
                self.ty(0)?
            } else {
                self.ty_from_name(ty_from, ty_from, first, false, false, 0)?
            }
        } else {
            self.ty(0)?
        };
        let written = &self.text[from..self.i];
        let ty_text = &self.text[ty.span.start as usize..self.i];
        if ty.arg == 0 && canonical && ty_text != "bytes" && ty_text != "true" {
            // The usual case: the id has the parameter exactly as written.
            id.push(' ');
            id.push_str(written);
        } else if flag.is_none() || ty_text != "true" {
            // `flags.N?true` is left out of the id; the check on the text is enough, as `true`
            // has no namespace, `%`, `!` or argument.
            id.push(' ');
            id.push_str(&self.text[from..ty_from]);
            if let Some(flag) = &flag {
                id.push_str(flag.field.full(self.text));
                id.push('.');
                ids::push_decimal(id, flag.bit);
                id.push('?');
            }
            if ty_text == "bytes" {
                id.push_str("string");
            } else {
                push_type_text(id, ty_text, ty.arg != 0);
            }
        }
        Some(ParamNode {
            name,
            kind: ParamNodeKind::Normal { ty, flag },
            span: self.span(from),
        })
    }

    /// The type starting here.
    fn ty(&mut self, depth: usize) -> Option<TypeNode> {
        let from = self.i;
        let generic_ref = self.eat(b'!');
        let percent = self.eat(b'%');
        let name_from = self.i;
        let first = self.ident()?;
        self.ty_from_name(from, name_from, first, generic_ref, percent, depth)
    }

    /// The rest of a type that starts at `from`, whose name starts at `name_from` and whose
    /// first identifier (read already) ends at `first`. Recursion is bounded by `MAX_NESTING`
    /// (the scanner has checked it too).
    fn ty_from_name(
        &mut self,
        from: usize,
        name_from: usize,
        first: usize,
        generic_ref: bool,
        percent: bool,
        depth: usize,
    ) -> Option<TypeNode> {
        if depth > MAX_NESTING {
            return None;
        }
        let name = self.name_rest(name_from, first)?;
        let arg = if self.eat(b'<') {
            let arg = self.ty(depth + 1)?;
            if !self.eat(b'>') {
                return None;
            }
            self.args.push(arg);
            self.args.len() as u32
        } else {
            0
        };
        Some(TypeNode {
            name,
            percent,
            generic_ref,
            arg,
            span: self.span(from),
        })
    }
}
