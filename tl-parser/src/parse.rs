//! The parser's entry points: text, several files, raw bytes, paths. Each returns the whole
//! [`Schema`] or every error found (syntax, validation, id check), in file and source order.

use std::path::Path;
use std::sync::Arc;

use pest::Parser;

use crate::ast::{Category, Def, Nodes, Schema, SourceFile};
use crate::error::{Error, ErrorKind, Errors};
use crate::fast;
use crate::grammar::{Rule, TlGrammar, result_of_broken, syntax_error};
use crate::lower::{Lowered, lower};
use crate::position::{Cursor, Mark, mark_of};
use crate::report::Keyed;
use crate::scan::{Event, Scanner};
use crate::validate::Checker;

/// Parses one file's text. `name` is used in error messages.
///
/// ```
/// let schema = tl_parser::parse_str("demo.tl", "boolTrue#997275b5 = Bool;").unwrap();
/// assert_eq!(schema.definitions[0].computed_id, 0x997275b5);
/// ```
pub fn parse_str(name: &str, text: &str) -> Result<Schema, Errors> {
    let mut b = Builder::new(statements(text.as_bytes()), true);
    b.add_text(name.into(), text.into());
    b.finish()
}

/// Parses several files, given as `(name, text)`, into one schema. Spans carry the index of
/// their file; the layer is that of the first file with a `// LAYER N` line.
pub fn parse_files(files: &[(String, String)]) -> Result<Schema, Errors> {
    parse_texts(files, true)
}

/// [`parse_files`] with every statement parsed by the pest grammar, none by the fast path: for
/// tests and the fuzzer, which check that both give the same result.
#[doc(hidden)]
pub fn parse_files_grammar_only(files: &[(String, String)]) -> Result<Schema, Errors> {
    parse_texts(files, false)
}

fn parse_texts(files: &[(String, String)], fast: bool) -> Result<Schema, Errors> {
    let total = files
        .iter()
        .map(|(_, text)| statements(text.as_bytes()))
        .sum();
    let mut b = Builder::new(total, fast);
    for (name, text) in files {
        b.add_text(name.as_str().into(), text.as_str().into());
    }
    b.finish()
}

/// Parses one file given as bytes; text that is not UTF-8 is an error at the first bad byte.
pub fn parse_bytes(name: &str, bytes: &[u8]) -> Result<Schema, Errors> {
    let mut b = Builder::new(statements(bytes), true);
    b.add_bytes(name.into(), bytes);
    b.finish()
}

/// Reads and parses files; a file that cannot be read is an error naming its path.
pub fn parse_paths(paths: &[impl AsRef<Path>]) -> Result<Schema, Errors> {
    let read: Vec<(Arc<str>, std::io::Result<Vec<u8>>)> = paths
        .iter()
        .map(|p| (p.as_ref().display().to_string().into(), std::fs::read(p)))
        .collect();
    let total = read
        .iter()
        .flat_map(|(_, r)| r.as_deref().map(statements))
        .sum();
    let mut b = Builder::new(total, true);
    for (name, result) in read {
        match result {
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

/// What parsing one file needs besides the schema being built.
struct FileState<'a> {
    file: u32,
    name: &'a Arc<str>,
    text: &'a Arc<str>,
    category: Category,
    /// Scratch space for the text a constructor id is computed from.
    id_buf: String,
}

/// An upper bound of the statements in a text: one `;` each.
fn statements(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b';', bytes).count()
}

/// Collects files into one schema, and the errors found on the way.
struct Builder {
    schema: Schema,
    errors: Vec<Keyed>,
    /// Taken out while a file is parsed (it is borrowed alongside the schema).
    checker: Option<Checker>,
    /// Whether plain statements may take the hand-written fast path (off only in tests that
    /// compare it with the grammar).
    fast: bool,
    /// The nodes of every definition, shared by them all once the schema is complete.
    nodes: Nodes,
}

impl Builder {
    /// A builder for about `statements` statements in all: sizing the definitions once saves
    /// regrowing (and copying) a large vector.
    fn new(statements: usize, fast: bool) -> Self {
        // A file of nothing but `;` must not reserve gigabytes; a layer has some 2,600.
        let statements = statements.min(1 << 14);
        Builder {
            schema: Schema {
                definitions: Vec::with_capacity(statements),
                ..Schema::default()
            },
            errors: Vec::new(),
            checker: Some(Checker::new(statements)),
            fast,
            // About four parameters and a third of a type argument per definition in a layer.
            nodes: Nodes {
                params: Vec::with_capacity(statements * 4),
                generics: Vec::new(),
                args: Vec::with_capacity(statements / 2),
            },
        }
    }

    fn add_bytes(&mut self, name: Arc<str>, bytes: &[u8]) {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.add_text(name, text.into()),
            Err(e) => {
                let good = &bytes[..e.valid_up_to()];
                // `good` is valid UTF-8 by definition of `valid_up_to`.
                let good = std::str::from_utf8(good).unwrap_or_default();
                let mark = mark_of(good, good.len());
                let at = |file: &Arc<str>, kind| Error::at(file, good, mark, kind);
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
        if u32::try_from(text.len()).is_err() {
            let kind = ErrorKind::FileTooLarge {
                size: text.len() as u64,
            };
            return self.fail(name, Error::whole_file, kind);
        }
        let file = self.schema.files.len() as u32;
        self.schema.files.push(SourceFile {
            name: name.clone(),
            text: text.clone(),
        });
        // The caller sized the definitions and the checker for all files (one `;` per
        // statement), so neither regrows here.
        let mut checker = self.checker.take().unwrap_or_else(|| Checker::new(0));
        let mut f = FileState {
            file,
            name: &name,
            text: &text,
            category: Category::Type,
            id_buf: String::new(),
        };
        let mut scanner = Scanner::new(&text);
        while let Some(event) = scanner.next() {
            match event {
                Event::Error(mark, kind) => self.error(&f, mark, kind),
                Event::Section(item) => self.item(&mut f, &mut checker, item.start, item.end, None),
                Event::Statement(start, doc) => {
                    let fast = match self.fast {
                        true => fast::definition(
                            &text,
                            start,
                            file,
                            f.category,
                            &mut f.id_buf,
                            &mut self.nodes,
                        ),
                        false => None,
                    };
                    if let Some(mut d) = fast {
                        scanner.plain_statement_ended(d.span.end as usize);
                        d.doc = doc;
                        let view = Def {
                            def: &d,
                            nodes: &self.nodes,
                        };
                        checker.definition(self.schema.definitions.len(), view);
                        self.schema.definitions.push(d);
                        continue;
                    }
                    match scanner.statement(start.offset) {
                        Ok(end) => self.item(&mut f, &mut checker, start, end, doc),
                        Err((mark, kind)) => self.error(&f, mark, kind),
                    }
                }
            }
        }
        if self.schema.layer.is_none() {
            self.schema.layer = scanner.layer;
        }
        self.checker = Some(checker);
    }

    fn error(&mut self, f: &FileState<'_>, at: Mark, kind: ErrorKind) {
        let error = Error::at(f.name, f.text, at, kind);
        self.errors.push(((f.file as usize, at.offset), error));
    }

    /// Parses an item with the grammar: a section switch, a built-in line, a definition.
    fn item(
        &mut self,
        f: &mut FileState<'_>,
        checker: &mut Checker,
        start: Mark,
        end: usize,
        doc: Option<String>,
    ) {
        let src = &f.text[start.offset..end];
        match TlGrammar::parse(Rule::item, src) {
            Ok(pairs) => {
                match lower(
                    f.file,
                    f.text,
                    start,
                    end,
                    pairs,
                    f.category,
                    &mut f.id_buf,
                    &mut self.nodes,
                ) {
                    Lowered::Section(c) => f.category = c,
                    Lowered::Builtin(b) => {
                        checker.builtin(&b);
                        self.schema.builtins.push(b);
                    }
                    Lowered::Definition(mut d) => {
                        d.doc = doc;
                        let view = Def {
                            def: &d,
                            nodes: &self.nodes,
                        };
                        checker.definition(self.schema.definitions.len(), view);
                        self.schema.definitions.push(d);
                    }
                }
            }
            Err(e) => {
                if let Some(result) = result_of_broken(src).filter(|_| f.category == Category::Type)
                {
                    checker.declare_type(result);
                }
                let (pos, kind) = syntax_error(src, e);
                let at = Cursor::new(f.text, start).seek(start.offset + pos);
                self.error(f, at, kind);
            }
        }
    }

    fn finish(mut self) -> Result<Schema, Errors> {
        // Every definition now gets the nodes its ranges refer to (one allocation, shared).
        let nodes = Arc::new(self.nodes);
        for d in &mut self.schema.definitions {
            d.nodes = Some(nodes.clone());
        }
        if let Some(checker) = self.checker.take() {
            self.errors.extend(checker.finish(&self.schema));
        }
        if self.errors.is_empty() {
            return Ok(self.schema);
        }
        self.errors.sort_by_key(|(key, _)| *key);
        Err(Errors(self.errors.into_iter().map(|(_, e)| e).collect()))
    }
}
