//! Building errors for nodes of a parsed schema, with their source lines.

use std::sync::Arc;

use crate::ast::{SourceFile, Span};
use crate::error::{Error, ErrorKind, Location};
use crate::position::{LineIndex, Mark};

/// An error with its sort key: file index and byte offset.
pub(crate) type Keyed = ((usize, usize), Error);

/// Builds errors with source lines, indexing a file's line starts only once it needs one.
pub(crate) struct Reporter<'s> {
    files: &'s [SourceFile],
    lines: Vec<Option<LineIndex>>,
    unknown: Arc<str>,
    pub out: Vec<Keyed>,
}

impl<'s> Reporter<'s> {
    pub fn new(files: &'s [SourceFile]) -> Self {
        Reporter {
            files,
            lines: (0..files.len()).map(|_| None).collect(),
            unknown: Arc::from("<unknown>"),
            out: Vec::new(),
        }
    }

    /// Reports `kind` at the start of `span`, or `extra` bytes and characters after it (the
    /// spots inside a definition that have no span of their own, like its `#id`).
    pub fn report(&mut self, span: &Span, extra: usize, kind: ErrorKind) {
        let mut at = Mark {
            offset: span.start as usize + extra,
            line: span.line,
            col: span.col + extra as u32,
            line_start: 0,
        };
        let error = match self.files.get(span.file as usize) {
            Some(file) => {
                let lines = &mut self.lines[span.file as usize];
                let index = lines.get_or_insert_with(|| LineIndex::new(&file.text));
                at.line_start = index.line_start(at.line);
                Error::at(&file.name, &file.text, at, kind)
            }
            None => Error::at(&self.unknown, "", at, kind),
        };
        let key = (span.file as usize, span.start as usize + extra);
        self.out.push((key, error));
    }

    pub fn location(&self, span: &Span) -> Location {
        Location {
            file: self
                .files
                .get(span.file as usize)
                .map_or(self.unknown.clone(), |f| f.name.clone()),
            line: span.line,
            col: span.col,
        }
    }
}
