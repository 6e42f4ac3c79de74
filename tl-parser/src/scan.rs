//! Cuts a schema file into items (statements up to their `;`, section switches) for the
//! grammar, and collects what lives between them: comments, doc comments, `// LAYER N`.
//!
//! Doing this by hand keeps the parser robust: the grammar only ever sees one statement, so a
//! syntax error costs that statement alone and every other one is still checked; and nesting
//! depth is bounded here, before the recursive grammar rule runs. Most statements never reach
//! the grammar: the caller first tries the fast path (`fast.rs`) at each statement start.

use crate::error::ErrorKind;
use crate::position::{Cursor, Mark};

/// The deepest `<` nesting accepted in one statement (the Telegram schema needs 2).
pub const MAX_NESTING: usize = 64;

/// What the scanner found.
pub(crate) enum Event {
    /// A section switch, to be parsed by the grammar.
    Section(Item),
    /// The start of a statement and its doc comment. The caller finds its end, with
    /// [`Scanner::plain_statement_ended`] or [`Scanner::statement`].
    Statement(Mark, Option<String>),
    /// A problem the scanner sees by itself.
    Error(Mark, ErrorKind),
}

/// A section switch: a byte range of the file and the mark of its start.
pub(crate) struct Item {
    pub start: Mark,
    pub end: usize,
}

/// Comments seen since the last item that may become the next statement's doc comment.
#[derive(Default)]
struct PendingDoc {
    /// Byte ranges of the comments' bodies (markers excluded) and whether each is a block.
    parts: Vec<(usize, usize, bool)>,
    /// Line on which the last collected comment ends.
    last_line: u32,
}

/// Walks a file between statements; see the module documentation.
pub(crate) struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
    line_start: usize,
    /// Line on which the previous item ended: a comment starting there trails that item.
    item_end_line: u32,
    doc: PendingDoc,
    /// A known column on the current line, so that marks on a long line are counted from
    /// there rather than from the line start each time.
    col_at: (usize, u32),
    /// The first `// LAYER N` seen.
    pub layer: Option<u32>,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Self {
        // A byte order mark is not part of the first line's text (nor of its columns).
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Scanner {
            text,
            pos: start,
            line: 1,
            line_start: start,
            item_end_line: 0,
            doc: PendingDoc::default(),
            col_at: (start, 1),
            layer: None,
        }
    }

    fn mark(&mut self, offset: usize) -> Mark {
        if self.col_at.0 < self.line_start || self.col_at.0 > offset {
            self.col_at = (self.line_start, 1);
        }
        let before = &self.text[self.col_at.0..offset];
        let chars = if before.is_ascii() {
            before.len()
        } else {
            before.chars().count()
        };
        let col = self.col_at.1 + chars as u32;
        self.col_at = (offset, col);
        Mark {
            offset,
            line: self.line,
            col,
            line_start: self.line_start,
        }
    }

    fn newline_at(&mut self, i: usize) {
        self.line += 1;
        self.line_start = i + 1;
    }

    /// Counts the line breaks of `start..end` (a block comment being skipped).
    fn lines_in(&mut self, start: usize, end: usize) {
        for i in memchr::memchr_iter(b'\n', &self.text.as_bytes()[start..end]) {
            self.newline_at(start + i);
        }
    }

    /// Offset just past the `*/` closing the block comment opened at `open`, if any.
    fn block_end(&self, open: usize) -> Option<usize> {
        self.text[open + 2..].find("*/").map(|i| open + 2 + i + 2)
    }

    fn line_end(&self, from: usize) -> usize {
        self.text[from..]
            .find('\n')
            .map_or(self.text.len(), |i| from + i)
    }

    /// Records a comment between items: `// LAYER N`, a doc line, or a trailing remark.
    fn comment(&mut self, body: (usize, usize), start_line: u32, block: bool) {
        let text = &self.text[body.0..body.1];
        if let Some(layer) = layer_number(text).filter(|_| !block) {
            self.layer.get_or_insert(layer);
            self.doc.parts.clear();
            return;
        }
        if start_line == self.item_end_line {
            self.doc.parts.clear();
            return;
        }
        if !self.doc.parts.is_empty() && start_line > self.doc.last_line + 1 {
            self.doc.parts.clear();
        }
        self.doc.parts.push((body.0, body.1, block));
        self.doc.last_line = self.line;
    }

    /// The doc comment for an item starting on `line`, if the pending comments touch it.
    fn take_doc(&mut self, line: u32) -> Option<String> {
        if self.doc.parts.is_empty() || self.doc.last_line + 1 < line {
            self.doc.parts.clear();
            return None;
        }
        let mut lines = Vec::new();
        for &(start, end, block) in &self.doc.parts {
            doc_lines(&self.text[start..end], block, &mut lines);
        }
        self.doc.parts.clear();
        Some(lines.join("\n"))
    }

    /// The statement that started on the current line ended at `end`, without crossing a line
    /// break or a comment (the fast path has parsed it).
    pub fn plain_statement_ended(&mut self, end: usize) {
        self.pos = end;
        self.item_end_line = self.line;
    }

    /// Scans the statement starting at `start` up to and including its `;`. Returns its end,
    /// or the error that makes it unusable.
    pub fn statement(&mut self, start: usize) -> Result<usize, (Mark, ErrorKind)> {
        let result = self.statement_end(start);
        self.item_end_line = self.line;
        result
    }

    fn statement_end(&mut self, start: usize) -> Result<usize, (Mark, ErrorKind)> {
        let bytes = self.text.as_bytes();
        let mut i = start;
        let end = loop {
            let Some(k) = memchr::memchr3(b';', b'\n', b'/', &bytes[i..]) else {
                // No `;`: hand the statement over anyway so the grammar says what is missing.
                self.pos = bytes.len();
                break trim_end(self.text, start, bytes.len());
            };
            i += k;
            match bytes[i] {
                b';' => {
                    self.pos = i + 1;
                    break i + 1;
                }
                b'\n' => {
                    self.newline_at(i);
                    i += 1;
                    // A section switch on the next line ends a statement that lacks its `;`,
                    // so that the missing `;` does not also swallow the switch.
                    if self.text[i..]
                        .trim_start_matches([' ', '\t', '\r'])
                        .starts_with("---")
                    {
                        self.pos = i;
                        break trim_end(self.text, start, i);
                    }
                }
                _ if bytes.get(i + 1) == Some(&b'/') => i = self.line_end(i),
                _ if bytes.get(i + 1) == Some(&b'*') => {
                    let Some(close) = self.block_end(i) else {
                        let mark = self.mark(i);
                        self.pos = bytes.len();
                        return Err((mark, ErrorKind::UnterminatedComment));
                    };
                    self.lines_in(i, close);
                    i = close;
                }
                _ => i += 1,
            }
        };
        let stmt = &bytes[start..end];
        // Only a statement with more `<` than the limit can nest too deeply; find where.
        if memchr::memchr_iter(b'<', stmt).nth(MAX_NESTING).is_some()
            && let Some(at) = too_deep(stmt)
        {
            let mark = self.mark_in_statement(start, start + at);
            return Err((mark, ErrorKind::NestingTooDeep { limit: MAX_NESTING }));
        }
        Ok(end)
    }

    /// The mark of `offset` inside the statement that starts at `start` (the scanner's line
    /// may already be past it).
    fn mark_in_statement(&self, start: usize, offset: usize) -> Mark {
        let line_start = self.text[..start].rfind('\n').map_or(0, |n| n + 1);
        let origin = Mark {
            offset: line_start,
            line: self.line - self.text[start..self.pos].matches('\n').count() as u32,
            col: 1,
            line_start,
        };
        Cursor::new(self.text, origin).seek(offset)
    }
}

/// Offset of the `<` that nests deeper than [`MAX_NESTING`], outside comments.
fn too_deep(stmt: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = 0;
    while i < stmt.len() {
        match stmt[i] {
            b'/' if stmt.get(i + 1) == Some(&b'/') => {
                i += memchr::memchr(b'\n', &stmt[i..]).unwrap_or(stmt.len() - i);
                continue;
            }
            b'/' if stmt.get(i + 1) == Some(&b'*') => {
                i += memchr::memmem::find(&stmt[i + 2..], b"*/").map_or(stmt.len() - i, |n| n + 4);
                continue;
            }
            b'<' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b'>' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

impl Iterator for Scanner<'_> {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        let bytes = self.text.as_bytes();
        loop {
            let i = self.pos;
            let b = *bytes.get(i)?;
            match b {
                b'\n' => {
                    self.newline_at(i);
                    self.pos += 1;
                }
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    let end = self.line_end(i);
                    self.pos = end;
                    self.comment((i + 2, end), self.line, false);
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    let Some(end) = self.block_end(i) else {
                        let mark = self.mark(i);
                        self.pos = bytes.len();
                        return Some(Event::Error(mark, ErrorKind::UnterminatedComment));
                    };
                    let start_line = self.line;
                    self.lines_in(i, end);
                    self.pos = end;
                    self.comment((i + 2, end - 2), start_line, true);
                }
                b'-' if self.text[i..].starts_with("---") => {
                    let start = self.mark(i);
                    let end = self.text[i..]
                        .find(|c: char| c.is_ascii_whitespace())
                        .map_or(bytes.len(), |n| i + n);
                    self.pos = end;
                    self.doc.parts.clear();
                    self.item_end_line = self.line;
                    return Some(Event::Section(Item { start, end }));
                }
                _ => {
                    let start = self.mark(i);
                    let doc = self.take_doc(start.line);
                    // Until the caller says where it ends, the statement is where scanning
                    // resumes.
                    self.pos = usize::MAX;
                    return Some(Event::Statement(start, doc));
                }
            }
        }
    }
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

/// `N` from a `// LAYER N` comment body.
fn layer_number(body: &str) -> Option<u32> {
    let rest = body.trim().strip_prefix("LAYER")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    rest.trim().parse().ok()
}

/// Appends the lines of a comment body with its markers stripped: extra `/` of `///`, the `*`
/// that starts each line of a `/* */` block, surrounding white space.
fn doc_lines(body: &str, block: bool, out: &mut Vec<String>) {
    if !block {
        out.push(body.trim_start_matches('/').trim().to_owned());
        return;
    }
    let lines: Vec<&str> = body
        .split('\n')
        .map(|l| l.trim().trim_start_matches('*').trim())
        .collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    if let (Some(first), Some(last)) = (first, last) {
        out.extend(lines[first..=last].iter().map(|l| (*l).to_owned()));
    }
}
