//! The parser's entry points: text, several files, raw bytes, paths. Each returns the whole
//! [`Schema`] or every error found (syntax, validation, id check), in file and source order.

use std::path::Path;
use std::sync::Arc;

use pest::Parser;

use crate::ast::{Category, Schema, SourceFile};
use crate::error::{Error, ErrorKind, Errors};
use crate::fast;
use crate::grammar::{Rule, TlGrammar, syntax_error};
use crate::lower::{Lowered, lower};
use crate::position::{Cursor, mark_of};
use crate::report::Keyed;
use crate::scan::{Event, Scanner};
use crate::validate;

/// Parses one file's text. `name` is used in error messages.
///
/// ```
/// let schema = tl_parser::parse_str("demo.tl", "boolTrue#997275b5 = Bool;").unwrap();
/// assert_eq!(schema.definitions[0].computed_id, 0x997275b5);
/// ```
pub fn parse_str(name: &str, text: &str) -> Result<Schema, Errors> {
    let mut b = Builder::default();
    b.add_text(name.into(), text.into());
    b.finish()
}

/// Parses several files, given as `(name, text)`, into one schema. Spans carry the index of
/// their file; the layer is that of the first file with a `// LAYER N` line.
pub fn parse_files(files: &[(String, String)]) -> Result<Schema, Errors> {
    let mut b = Builder::default();
    for (name, text) in files {
        b.add_text(name.as_str().into(), text.as_str().into());
    }
    b.finish()
}

/// Parses one file given as bytes; text that is not UTF-8 is an error at the first bad byte.
pub fn parse_bytes(name: &str, bytes: &[u8]) -> Result<Schema, Errors> {
    let mut b = Builder::default();
    b.add_bytes(name.into(), bytes);
    b.finish()
}

/// Reads and parses files; a file that cannot be read is an error naming its path.
pub fn parse_paths(paths: &[impl AsRef<Path>]) -> Result<Schema, Errors> {
    let mut b = Builder::default();
    for path in paths {
        let path = path.as_ref();
        let name: Arc<str> = path.display().to_string().into();
        match std::fs::read(path) {
            Ok(bytes) => b.add_bytes(name, &bytes),
            Err(e) => {
                let kind = ErrorKind::Io {
                    message: e.to_string(),
                };
                b.fail(name, Error::whole_file, kind);
            }
        }
    }
    b.finish()
}

/// Collects files into one schema, and the errors found on the way.
struct Builder {
    schema: Schema,
    errors: Vec<Keyed>,
    /// Whether plain statements may take the hand-written fast path (off only in tests that
    /// compare it with the grammar).
    fast: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            schema: Schema::default(),
            errors: Vec::new(),
            fast: true,
        }
    }
}

/// [`parse_files`] with every statement parsed by the pest grammar, none by the fast path: for
/// tests and the fuzzer, which check that both give the same result.
#[doc(hidden)]
pub fn parse_files_grammar_only(files: &[(String, String)]) -> Result<Schema, Errors> {
    let mut b = Builder {
        fast: false,
        ..Builder::default()
    };
    for (name, text) in files {
        b.add_text(name.as_str().into(), text.as_str().into());
    }
    b.finish()
}

impl Builder {
    fn add_bytes(&mut self, name: Arc<str>, bytes: &[u8]) {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.add_text(name, text.into()),
            Err(e) => {
                let good = &bytes[..e.valid_up_to()];
                // `good` is valid UTF-8 by definition of `valid_up_to`.
                let good = std::str::from_utf8(good).unwrap_or_default();
                let mark = mark_of(good, good.len());
                let at = |file: &Arc<str>, kind| {
                    Error::at(file, good, mark.line_start, (mark.line, mark.col), kind)
                };
                self.fail(name, at, ErrorKind::InvalidUtf8);
            }
        }
    }

    /// Records a file that could not be parsed at all, keeping file indices in input order.
    fn fail(
        &mut self,
        name: Arc<str>,
        at: impl Fn(&Arc<str>, ErrorKind) -> Error,
        kind: ErrorKind,
    ) {
        let index = self.schema.files.len();
        self.errors.push(((index, 0), at(&name, kind)));
        self.schema.files.push(SourceFile {
            name,
            text: "".into(),
        });
    }

    fn add_text(&mut self, name: Arc<str>, text: Arc<str>) {
        let file = self.schema.files.len();
        self.schema.files.push(SourceFile {
            name: name.clone(),
            text: text.clone(),
        });
        let mut scanner = Scanner::new(&text);
        let mut category = Category::Type;
        let mut id_buf = String::new();
        // One `;` per statement: reserving for all of them saves regrowing a large vector.
        let statements = memchr::memchr_iter(b';', text.as_bytes()).count();
        self.schema.definitions.reserve(statements);
        while let Some(event) = scanner.next() {
            let item = match event {
                Event::Item(item) => item,
                Event::Error(mark, kind) => {
                    let error =
                        Error::at(&name, &text, mark.line_start, (mark.line, mark.col), kind);
                    self.errors.push(((file, mark.offset), error));
                    continue;
                }
            };
            if item.plain && self.fast {
                if let Some(mut d) =
                    fast::definition(&text, item.start, item.end, file, category, &mut id_buf)
                {
                    d.doc = item.doc;
                    self.schema.definitions.push(d);
                    continue;
                }
            }
            let src = &text[item.start.offset..item.end];
            match TlGrammar::parse(Rule::item, src) {
                Ok(pairs) => {
                    let lowered = lower(
                        file,
                        &text,
                        item.start,
                        item.end,
                        pairs,
                        category,
                        &mut id_buf,
                    );
                    match lowered {
                        Lowered::Section(c) => category = c,
                        Lowered::Builtin(b) => self.schema.builtins.push(b),
                        Lowered::Definition(mut d) => {
                            d.doc = item.doc;
                            self.schema.definitions.push(d);
                        }
                    }
                }
                Err(e) => {
                    let (pos, kind) = syntax_error(src, e);
                    let mark = Cursor::new(&text, item.start).seek(item.start.offset + pos);
                    let error =
                        Error::at(&name, &text, mark.line_start, (mark.line, mark.col), kind);
                    self.errors.push(((file, mark.offset), error));
                }
            }
        }
        if self.schema.layer.is_none() {
            self.schema.layer = scanner.layer;
        }
    }

    fn finish(mut self) -> Result<Schema, Errors> {
        self.errors.extend(validate::check(&self.schema));
        if self.errors.is_empty() {
            return Ok(self.schema);
        }
        self.errors.sort_by_key(|(key, _)| *key);
        Err(Errors(self.errors.into_iter().map(|(_, e)| e).collect()))
    }
}
