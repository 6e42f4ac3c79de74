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

use crate::ast::{Category, Definition, Flag, Generic, ParamKind, Parameter, Span, Type};
use crate::ids;
use crate::lower::split_name;
use crate::position::Mark;
use crate::scan::MAX_NESTING;

/// Parses the statement starting at `start` if it has the plain shape, or returns `None` to
/// leave it to the grammar. Anything outside the shape (a line break, a comment, a non-ASCII
/// byte, a built-in line) is a `None`.
pub(crate) fn definition(
    text: &str,
    start: Mark,
    file: usize,
    category: Category,
    id_buf: &mut String,
) -> Option<Definition> {
    let rest = &text.as_bytes()[start.offset..];
    // The shape is one line: looking no further than its end keeps a file without `;` linear.
    let semi = memchr::memchr2(b';', b'\n', rest).filter(|&i| rest[i] == b';')?;
    let end = start.offset + semi + 1;
    let mut p = Cursor {
        s: &text.as_bytes()[start.offset..end],
        text: &text[start.offset..end],
        i: 0,
        start,
        file,
    };
    let full_name = p.name()?;
    let explicit_id = if p.eat(b'#') { Some(p.hex_id()?) } else { None };
    // The text the id is computed from is written as the definition is read (see
    // `ids::normalize`, which gives the same text from the AST).
    id_buf.clear();
    id_buf.push_str(full_name.text);
    let mut generics = Vec::new();
    // Every parameter has a `:`, so this is the exact count (one more per generic), and the
    // vector never regrows.
    let mut params = Vec::with_capacity(memchr::memchr_iter(b':', p.s).count());
    loop {
        let spaced = p.ws();
        match p.peek()? {
            b'=' => break,
            b'{' if spaced && params.is_empty() => {
                let g = p.generic()?;
                id_buf.push(' ');
                id_buf.push_str(&g.name);
                id_buf.push_str(":Type");
                generics.push(g);
            }
            c if spaced && is_ident_start(c) => params.push(p.param(id_buf)?),
            _ => return None,
        }
    }
    p.i += 1;
    p.ws();
    let result_from = p.i;
    let result = p.ty(0)?;
    id_buf.push_str(" = ");
    push_type_text(id_buf, &p.text[result_from..p.i]);
    p.ws();
    if !p.eat(b';') || p.i != p.s.len() {
        return None;
    }
    let (namespace, name) = split(full_name);
    let mut def = Definition {
        namespace,
        name,
        explicit_id,
        computed_id: 0,
        generics,
        params,
        result,
        category,
        doc: None,
        span: Span {
            file,
            start: start.offset,
            end,
            line: start.line,
            col: start.col,
        },
    };
    def.computed_id = crc32fast::hash(id_buf.as_bytes());
    Some(def)
}

/// Appends a type as written (`Vector<Vector<long>>`) in the id's form (`Vector Vector long`).
fn push_type_text(out: &mut String, written: &str) {
    if memchr::memchr(b'<', written.as_bytes()).is_none() {
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

/// A name as scanned, and whether it has a namespace (a `.`), so splitting needs no search.
#[derive(Clone, Copy)]
struct Name<'a> {
    text: &'a str,
    dotted: bool,
}

fn split(name: Name<'_>) -> (Vec<String>, String) {
    if name.dotted {
        split_name(name.text)
    } else {
        (Vec::new(), name.text.to_owned())
    }
}

struct Cursor<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    start: Mark,
    file: usize,
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
            start: self.start.offset + from,
            end: self.start.offset + self.i,
            line: self.start.line,
            col: self.start.col + from as u32,
        }
    }

    fn ident(&mut self) -> Option<&'a str> {
        let from = self.i;
        if !is_ident_start(self.peek()?) {
            return None;
        }
        let mut i = from + 1;
        while i < self.s.len() && is_ident_char(self.s[i]) {
            i += 1;
        }
        self.i = i;
        Some(&self.text[from..i])
    }

    /// `ident(.ident)*`; a `.` not followed by an identifier is left to the grammar.
    fn name(&mut self) -> Option<Name<'a>> {
        let from = self.i;
        self.ident()?;
        let mut dotted = false;
        while self.eat(b'.') {
            dotted = true;
            self.ident()?;
        }
        Some(Name {
            text: &self.text[from..self.i],
            dotted,
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

    fn generic(&mut self) -> Option<Generic> {
        let from = self.i;
        self.i += 1;
        let name = self.ident()?;
        if !self.eat(b':') || self.ident()? != "Type" || !self.eat(b'}') {
            return None;
        }
        Some(Generic {
            name: name.to_owned(),
            span: self.span(from),
        })
    }

    /// A parameter; appends its part of the id's text to `id`.
    fn param(&mut self, id: &mut String) -> Option<Parameter> {
        let from = self.i;
        let name = self.ident()?;
        if !self.eat(b':') {
            return None;
        }
        if self.eat(b'#') {
            id.push(' ');
            id.push_str(name);
            id.push_str(":#");
            return Some(Parameter {
                name: name.to_owned(),
                kind: ParamKind::Flags,
                span: self.span(from),
            });
        }
        let flag = self.condition()?;
        let ty_from = self.i;
        let ty = self.ty(0)?;
        if flag.is_none() || !ids::is_plain(&ty, "true") {
            id.push(' ');
            id.push_str(name);
            id.push(':');
            if let Some(flag) = &flag {
                id.push_str(&flag.field);
                id.push('.');
                ids::push_decimal(id, flag.bit);
                id.push('?');
            }
            if ids::is_plain(&ty, "bytes") {
                id.push_str("string");
            } else {
                push_type_text(id, &self.text[ty_from..self.i]);
            }
        }
        Some(Parameter {
            name: name.to_owned(),
            kind: ParamKind::Normal { ty, flag },
            span: self.span(from),
        })
    }

    /// `flags.N?` if one stands here (`Some(None)` if not); `None` if it starts like one but
    /// is not, as `a.1b`.
    fn condition(&mut self) -> Option<Option<Flag>> {
        let from = self.i;
        let Some(field) = self.ident() else {
            self.i = from;
            return Some(None);
        };
        if !(self.peek() == Some(b'.') && self.s.get(self.i + 1).is_some_and(u8::is_ascii_digit)) {
            self.i = from;
            return Some(None);
        }
        self.i += 1;
        let digits_from = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let bit = &self.text[digits_from..self.i];
        if !self.eat(b'?') {
            return None;
        }
        Some(Some(Flag {
            field: field.to_owned(),
            bit: bit.parse().unwrap_or(u32::MAX),
            span: self.span(from),
        }))
    }

    /// Recursion is bounded by `MAX_NESTING` (the scanner has checked it too).
    fn ty(&mut self, depth: usize) -> Option<Type> {
        if depth > MAX_NESTING {
            return None;
        }
        let from = self.i;
        let generic_ref = self.eat(b'!');
        let percent = self.eat(b'%');
        let (namespace, name) = split(self.name()?);
        let arg = if self.eat(b'<') {
            let arg = self.ty(depth + 1)?;
            if !self.eat(b'>') {
                return None;
            }
            Some(Box::new(arg))
        } else {
            None
        };
        Some(Type {
            namespace,
            name,
            percent,
            generic_ref,
            arg,
            span: self.span(from),
        })
    }
}
