//! The errors / bot-usability sidecar: two tab-separated files next to the schema.
//!
//! The TL schema says nothing about which RPC errors a method may return or whether a bot may
//! call it, so that knowledge lives in two small files a person can review in a diff (modeled on
//! Telethon's `errors.csv` / `methods.csv`):
//!
//! `errors.tsv`, one row per error (columns are separated by one tab, shown here as spaces):
//!
//! ```text
//! name  codes  description
//! FLOOD_WAIT_%d  420  Please wait %d seconds before repeating the action
//! USER_ID_INVALID  400  The provided user ID is invalid
//! ```
//!
//! `methods.tsv`, one row per method:
//!
//! ```text
//! method  usability  errors
//! phone.requestCall  user  USER_ID_INVALID USER_IS_BLOCKED
//! ```
//!
//! Rules (both files):
//! - columns are separated by exactly one tab; the first non-comment line is the header shown
//!   above, spelled exactly;
//! - a line whose first non-blank character is `#` is a comment, a blank line is ignored, a
//!   trailing `\r` is dropped;
//! - `codes` is a space-separated list of HTTP-like codes (`400`, `-503`), possibly empty when
//!   unknown;
//! - an error name is upper-case `A-Z`, `0-9` and `_`; one `_`-separated part may be `%d`, meaning
//!   a numeric argument (`FLOOD_WAIT_%d` matches `FLOOD_WAIT_30`);
//! - `usability` is one of `user`, `bot`, `both`, `unknown`;
//! - `errors` is a space-separated list of names, each of which must be a row of `errors.tsv`.
//!
//! Every problem found is reported (not just the first) with `file:line:col`, the source line
//! and a caret, like the schema parser's diagnostics.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::ast::{Category, Schema, SourceFile, Span};

/// Index of `errors.tsv` in [`ErrorsTable::files`] (and in [`Span::file`] of an [`ErrorInfo`]).
pub const ERRORS_FILE: usize = 0;
/// Index of `methods.tsv` in [`ErrorsTable::files`] (and in [`Span::file`] of a [`MethodInfo`]).
pub const METHODS_FILE: usize = 1;

/// The header line `errors.tsv` must start with.
pub const ERRORS_HEADER: &str = "name\tcodes\tdescription";
/// The header line `methods.tsv` must start with.
pub const METHODS_HEADER: &str = "method\tusability\terrors";

/// Both sidecar files, parsed and cross-checked.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorsTable {
    /// The rows of `errors.tsv`, in file order.
    pub errors: Vec<ErrorInfo>,
    /// The rows of `methods.tsv`, in file order.
    pub methods: Vec<MethodInfo>,
    /// The two source files: [`ERRORS_FILE`] and [`METHODS_FILE`]. Kept so that later checks
    /// ([`ErrorsTable::check_against`]) can quote the offending line.
    pub files: Vec<SourceFile>,
}

/// One row of `errors.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    /// `USER_ID_INVALID`, `FLOOD_WAIT_%d`.
    pub name: String,
    /// HTTP-like codes (`400`); empty when unknown.
    pub codes: Vec<i32>,
    /// Human-readable description, as written.
    pub description: String,
    /// The whole row (file [`ERRORS_FILE`]).
    pub span: Span,
}

impl ErrorInfo {
    /// Whether an error message as sent by the server (`FLOOD_WAIT_30`) is this error. A `%d`
    /// part of the name matches one or more ASCII digits.
    pub fn matches(&self, message: &str) -> bool {
        match self.name.split_once("%d") {
            None => self.name == message,
            Some((prefix, suffix)) => message
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(suffix))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
        }
    }
}

/// Who may call a method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Usability {
    /// Only user accounts.
    User,
    /// Only bot accounts.
    Bot,
    /// Users and bots.
    Both,
    /// Not known.
    Unknown,
}

impl Usability {
    /// The spelling used in `methods.tsv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Usability::User => "user",
            Usability::Bot => "bot",
            Usability::Both => "both",
            Usability::Unknown => "unknown",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "user" => Usability::User,
            "bot" => Usability::Bot,
            "both" => Usability::Both,
            "unknown" => Usability::Unknown,
            _ => return None,
        })
    }

    /// Whether a user account may call the method (`unknown` counts as yes: don't block).
    pub fn users_allowed(self) -> bool {
        !matches!(self, Usability::Bot)
    }

    /// Whether a bot account may call the method (`unknown` counts as yes: don't block).
    pub fn bots_allowed(self) -> bool {
        !matches!(self, Usability::User)
    }
}

impl fmt::Display for Usability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of `methods.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodInfo {
    /// Full method name: `phone.requestCall`.
    pub method: String,
    /// Who may call it.
    pub usability: Usability,
    /// Names of the errors it may return, in row order; each is a row of `errors.tsv`.
    pub errors: Vec<String>,
    /// The whole row (file [`METHODS_FILE`]).
    pub span: Span,
}

impl ErrorsTable {
    /// The row for a method, by full name (`phone.requestCall`).
    pub fn method(&self, name: &str) -> Option<&MethodInfo> {
        self.methods.iter().find(|m| m.method == name)
    }

    /// The row for an error, by its name as written in `errors.tsv` (`FLOOD_WAIT_%d`).
    pub fn error(&self, name: &str) -> Option<&ErrorInfo> {
        self.errors.iter().find(|e| e.name == name)
    }

    /// The row for an error message as the server sends it: exact name first, else a `%d`
    /// pattern (`FLOOD_WAIT_30` → `FLOOD_WAIT_%d`).
    pub fn error_for_message(&self, message: &str) -> Option<&ErrorInfo> {
        self.error(message)
            .or_else(|| self.errors.iter().find(|e| e.matches(message)))
    }

    /// The error rows a method lists, in its order (empty if the method has no row).
    pub fn errors_of(&self, method: &str) -> Vec<&ErrorInfo> {
        self.method(method)
            .map(|m| m.errors.iter().filter_map(|e| self.error(e)).collect())
            .unwrap_or_default()
    }

    /// Checks the table against a schema: every `methods.tsv` row must name a function
    /// (`---functions---`) of `schema`. Reports every offending row at its position.
    pub fn check_against(&self, schema: &Schema) -> Result<(), TableErrors> {
        let mut kinds: HashMap<String, Category> = HashMap::new();
        for def in &schema.definitions {
            // A name may be both (rare); a function wins, as that is what a row needs.
            let entry = kinds.entry(def.full_name()).or_insert(def.category);
            if def.category == Category::Function {
                *entry = Category::Function;
            }
        }
        let mut errors = Vec::new();
        for m in &self.methods {
            let message = match kinds.get(&m.method) {
                Some(Category::Function) => continue,
                Some(Category::Type) => format!(
                    "`{}` is a constructor in the schema, not a method; methods.tsv lists methods",
                    m.method
                ),
                None => format!("method `{}` is not in the schema", m.method),
            };
            errors.push(self.error_at(&m.span, message));
        }
        TableErrors::result(errors)
    }

    fn error_at(&self, span: &Span, message: String) -> TableError {
        let file = &self.files[span.file as usize];
        TableError {
            file: file.name.clone(),
            line: span.line,
            col: span.col,
            source_line: line_text(&file.text, span.start as usize).to_string(),
            message,
        }
    }
}

/// The text of the line containing byte offset `at` (without its line break).
fn line_text(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text[start..end]
        .strip_suffix('\r')
        .unwrap_or(&text[start..end])
}

/// One problem in a sidecar file, with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableError {
    /// The file's name as given by the caller.
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters (a tab counts as one).
    pub col: u32,
    /// What is wrong and what was expected.
    pub message: String,
    /// The offending line, for the caret display.
    pub source_line: String,
}

impl fmt::Display for TableError {
    /// `file:line:col: message`, then the source line and a caret under the column, laid out
    /// like the schema parser's errors. The caret line repeats the line's tabs so that it
    /// lines up on any tab width.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )?;
        crate::error::write_snippet(f, self.line, &self.source_line, self.col)
    }
}

impl std::error::Error for TableError {}

/// All problems found in the sidecar files (never empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableErrors(pub Vec<TableError>);

impl TableErrors {
    fn result(errors: Vec<TableError>) -> Result<(), TableErrors> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(TableErrors(errors))
        }
    }

    /// The individual errors, in file order (errors.tsv first).
    pub fn errors(&self) -> &[TableError] {
        &self.0
    }
}

impl fmt::Display for TableErrors {
    /// Every error, separated by blank lines (the same layout as the schema parser's errors).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TableErrors {}

/// Failure of [`read_errors_table`]: a file could not be read, or the tables have errors.
#[derive(Debug)]
pub enum LoadError {
    /// Reading a file failed (missing, not UTF-8, ...).
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The files were read but have errors.
    Table(TableErrors),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            LoadError::Table(errors) => errors.fmt(f),
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Io { error, .. } => Some(error),
            LoadError::Table(errors) => Some(errors),
        }
    }
}

impl From<TableErrors> for LoadError {
    fn from(errors: TableErrors) -> Self {
        LoadError::Table(errors)
    }
}

/// Reads and parses `errors.tsv` and `methods.tsv` from disk. File names in messages are the
/// paths as given.
pub fn read_errors_table(
    errors_path: impl AsRef<Path>,
    methods_path: impl AsRef<Path>,
) -> Result<ErrorsTable, LoadError> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|error| LoadError::Io {
            path: p.to_path_buf(),
            error,
        })
    };
    let (ep, mp) = (errors_path.as_ref(), methods_path.as_ref());
    let errors_text = read(ep)?;
    let methods_text = read(mp)?;
    Ok(parse_errors_table(
        &ep.display().to_string(),
        &errors_text,
        &mp.display().to_string(),
        &methods_text,
    )?)
}

/// Parses the two sidecar files from text. `*_name` is used in messages. Collects every
/// problem of both files before failing.
pub fn parse_errors_table(
    errors_name: &str,
    errors_text: &str,
    methods_name: &str,
    methods_text: &str,
) -> Result<ErrorsTable, TableErrors> {
    let files = vec![
        SourceFile {
            name: errors_name.into(),
            text: errors_text.into(),
        },
        SourceFile {
            name: methods_name.into(),
            text: methods_text.into(),
        },
    ];
    let mut diag = Diagnostics::default();

    // errors.tsv
    let mut errors: Vec<ErrorInfo> = Vec::new();
    // Every name that appeared in a row, even a broken one, with the line it was first seen
    // on: a method listing a name whose row is malformed should not get a second, misleading
    // "not in errors.tsv" error.
    let mut error_names: HashMap<String, u32> = HashMap::new();
    for row in rows(
        ERRORS_FILE,
        errors_name,
        errors_text,
        ERRORS_HEADER,
        &mut diag,
    ) {
        let name_field = &row.fields[0];
        if row.fields.len() != 3 {
            diag.column_count(&row, &["name", "codes", "description"]);
            // Still remember the name (best effort) so references to it do not cascade.
            error_names
                .entry(name_field.text.to_string())
                .or_insert(row.span.line);
            continue;
        }
        let name_ok = check_error_name(&row, name_field, &mut diag);
        if let Some(&first) = error_names.get(name_field.text) {
            diag.push(
                &row,
                name_field.col,
                format!(
                    "duplicate error `{}`: already defined on line {first}",
                    name_field.text
                ),
            );
            continue;
        }
        if !name_field.text.is_empty() {
            error_names.insert(name_field.text.to_string(), row.span.line);
        }
        let codes = parse_codes(&row, &row.fields[1], &mut diag);
        if let (true, Some(codes)) = (name_ok, codes) {
            errors.push(ErrorInfo {
                name: name_field.text.to_string(),
                codes,
                description: row.fields[2].text.to_string(),
                span: row.span,
            });
        }
    }

    // methods.tsv
    let mut methods: Vec<MethodInfo> = Vec::new();
    let mut method_lines: HashMap<&str, u32> = HashMap::new();
    for row in rows(
        METHODS_FILE,
        methods_name,
        methods_text,
        METHODS_HEADER,
        &mut diag,
    ) {
        let name_field = &row.fields[0];
        if row.fields.len() != 3 {
            diag.column_count(&row, &["method", "usability", "errors"]);
            continue;
        }
        let name_ok = check_method_name(&row, name_field, &mut diag);
        if let Some(&first) = method_lines.get(name_field.text) {
            diag.push(
                &row,
                name_field.col,
                format!(
                    "duplicate method `{}`: already listed on line {first}",
                    name_field.text
                ),
            );
            continue;
        }
        if !name_field.text.is_empty() {
            method_lines.insert(name_field.text, row.span.line);
        }
        let usability_field = &row.fields[1];
        let usability = Usability::parse(usability_field.text);
        if usability.is_none() {
            diag.push(
                &row,
                usability_field.col,
                format!(
                    "unknown usability `{}`: expected one of `user`, `bot`, `both`, `unknown`",
                    usability_field.text
                ),
            );
        }
        let mut listed: Vec<String> = Vec::new();
        let mut errors_ok = true;
        for word in words(&row.fields[2]) {
            if !check_error_name(&row, &word, &mut diag) {
                errors_ok = false;
            } else if listed.iter().any(|e| e == word.text) {
                diag.push(
                    &row,
                    word.col,
                    format!("error `{}` is listed twice in this row", word.text),
                );
                errors_ok = false;
            } else if !error_names.contains_key(word.text) {
                diag.push(
                    &row,
                    word.col,
                    format!(
                        "error `{}` is not defined in {errors_name}: add a row there or fix the name",
                        word.text
                    ),
                );
                errors_ok = false;
            } else {
                listed.push(word.text.to_string());
            }
        }
        if let (true, Some(usability), true) = (name_ok, usability, errors_ok) {
            methods.push(MethodInfo {
                method: name_field.text.to_string(),
                usability,
                errors: listed,
                span: row.span,
            });
        }
    }

    diag.finish()?;
    Ok(ErrorsTable {
        errors,
        methods,
        files,
    })
}

/// Collected errors; rows borrow the file name from here.
#[derive(Default)]
struct Diagnostics {
    errors: Vec<TableError>,
}

impl Diagnostics {
    fn push(&mut self, row: &Row<'_>, col: u32, message: String) {
        self.errors.push(TableError {
            file: row.file.clone(),
            line: row.span.line,
            col,
            message,
            source_line: row.text.to_string(),
        });
    }

    /// A row with the wrong number of columns: point at the first extra tab, or at the end of
    /// the line when columns are missing.
    fn column_count(&mut self, row: &Row<'_>, names: &[&str]) {
        let found = row.fields.len();
        let expected = names.len();
        let what = format!(
            "expected {expected} tab-separated columns ({}), found {found}",
            names.join(", ")
        );
        if found > expected {
            // The tab that starts the first extra field sits just before it.
            let col = row.fields[expected].col - 1;
            self.push(row, col, format!("{what}: unexpected tab"));
        } else {
            let col = row.text.chars().count() as u32 + 1;
            let missing = names[found..].join(", ");
            let hint = if row.text.contains(' ') && found == 1 {
                " (columns must be separated by a tab, not spaces)"
            } else {
                ""
            };
            self.push(row, col, format!("{what}: missing {missing}{hint}"));
        }
    }

    fn finish(self) -> Result<(), TableErrors> {
        TableErrors::result(self.errors)
    }
}

/// A non-comment, non-blank line after the header, split at tabs.
struct Row<'a> {
    file: Arc<str>,
    /// The line without its line break.
    text: &'a str,
    /// The whole line.
    span: Span,
    fields: Vec<Field<'a>>,
}

/// A piece of a row with its 1-based column.
struct Field<'a> {
    text: &'a str,
    col: u32,
}

/// Splits a file into data rows; reports a missing or wrong header. The header is the first
/// line that is neither blank nor a comment; when it is wrong it is reported and skipped
/// (parsing it as data would only add noise).
fn rows<'a>(
    file_index: usize,
    name: &str,
    text: &'a str,
    header: &str,
    diag: &mut Diagnostics,
) -> Vec<Row<'a>> {
    let file: Arc<str> = name.into();
    let mut out = Vec::new();
    if u32::try_from(text.len()).is_err() {
        // Spans hold 32-bit offsets.
        diag.errors.push(TableError {
            file,
            line: 1,
            col: 1,
            message: format!(
                "file too large: {} bytes, expected less than 4 GiB",
                text.len()
            ),
            source_line: String::new(),
        });
        return out;
    }
    let mut seen_header = false;
    let mut offset = 0;
    let mut last_line = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += raw.len();
        let line_no = index as u32 + 1;
        last_line = line_no;
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // The file is under 4 GiB (checked above).
        let span = Span {
            file: file_index as u32,
            start: start as u32,
            end: (start + line.len()) as u32,
            line: line_no,
            col: 1,
        };
        let row = Row {
            file: file.clone(),
            text: line,
            span,
            fields: split_fields(line),
        };
        if !seen_header {
            seen_header = true;
            if line != header {
                let col = first_difference(line, header);
                diag.push(
                    &row,
                    col,
                    format!(
                        "expected the header line `{}` (columns separated by tabs)",
                        header.replace('\t', "<TAB>")
                    ),
                );
            }
            continue;
        }
        out.push(row);
    }
    if !seen_header {
        diag.errors.push(TableError {
            file,
            line: last_line.max(1),
            col: 1,
            message: format!(
                "missing the header line `{}`: the file has no rows",
                header.replace('\t', "<TAB>")
            ),
            source_line: String::new(),
        });
    }
    out
}

/// 1-based column of the first character where `line` and `expected` differ.
fn first_difference(line: &str, expected: &str) -> u32 {
    let same = line
        .chars()
        .zip(expected.chars())
        .take_while(|(a, b)| a == b)
        .count();
    same as u32 + 1
}

fn split_fields(line: &str) -> Vec<Field<'_>> {
    let mut col = 1;
    line.split('\t')
        .map(|text| {
            let field = Field { text, col };
            col += text.chars().count() as u32 + 1;
            field
        })
        .collect()
}

/// The space-separated words of a field, with their columns (runs of spaces are allowed).
fn words<'a>(field: &Field<'a>) -> Vec<Field<'a>> {
    let mut out = Vec::new();
    let mut col = field.col;
    for piece in field.text.split(' ') {
        if !piece.is_empty() {
            out.push(Field { text: piece, col });
        }
        col += piece.chars().count() as u32 + 1;
    }
    out
}

/// Checks an error name; reports the first bad character. Returns whether it is valid.
fn check_error_name(row: &Row<'_>, field: &Field<'_>, diag: &mut Diagnostics) -> bool {
    const RULE: &str = "error names use A-Z, 0-9 and `_`, with at most one `%d` part \
                        (`FLOOD_WAIT_%d`)";
    if field.text.is_empty() {
        diag.push(row, field.col, format!("empty error name: {RULE}"));
        return false;
    }
    let mut col = field.col;
    let mut seen_arg = false;
    for (i, part) in field.text.split('_').enumerate() {
        if i > 0 {
            col += 1; // the '_'
        }
        if part == "%d" {
            if seen_arg {
                diag.push(row, col, format!("second `%d` in error name: {RULE}"));
                return false;
            }
            seen_arg = true;
        } else if part.is_empty() {
            diag.push(
                row,
                col,
                format!("empty part (`__`, or `_` at an end) in error name: {RULE}"),
            );
            return false;
        } else if let Some((j, c)) = part
            .chars()
            .enumerate()
            .find(|(_, c)| !(c.is_ascii_uppercase() || c.is_ascii_digit()))
        {
            let what = if c == '%' {
                "`%` must form a whole `_%d` part".to_string()
            } else {
                format!("invalid character `{}`", c.escape_default())
            };
            diag.push(row, col + j as u32, format!("{what} in error name: {RULE}"));
            return false;
        }
        col += part.chars().count() as u32;
    }
    true
}

/// Checks a method name (`phone.requestCall`): dot-separated identifiers.
fn check_method_name(row: &Row<'_>, field: &Field<'_>, diag: &mut Diagnostics) -> bool {
    const RULE: &str = "method names are dot-separated identifiers (`phone.requestCall`)";
    if field.text.is_empty() {
        diag.push(row, field.col, format!("empty method name: {RULE}"));
        return false;
    }
    let mut col = field.col;
    for (i, part) in field.text.split('.').enumerate() {
        if i > 0 {
            col += 1;
        }
        let mut chars = part.chars().enumerate();
        match chars.next() {
            None => {
                diag.push(row, col, format!("empty part in method name: {RULE}"));
                return false;
            }
            Some((_, c)) if !c.is_ascii_alphabetic() => {
                diag.push(
                    row,
                    col,
                    format!(
                        "invalid character `{}` at the start of a method name part: {RULE}",
                        c.escape_default()
                    ),
                );
                return false;
            }
            Some(_) => {}
        }
        if let Some((j, c)) = chars.find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_')) {
            diag.push(
                row,
                col + j as u32,
                format!(
                    "invalid character `{}` in method name: {RULE}",
                    c.escape_default()
                ),
            );
            return false;
        }
        col += part.chars().count() as u32;
    }
    true
}

/// Parses the codes column; reports each bad or repeated code. `None` if any was bad.
fn parse_codes(row: &Row<'_>, field: &Field<'_>, diag: &mut Diagnostics) -> Option<Vec<i32>> {
    let mut codes = Vec::new();
    let mut ok = true;
    for word in words(field) {
        let digits = word.text.strip_prefix('-').unwrap_or(word.text);
        let valid = digits.len() == 3
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if !valid {
            diag.push(
                row,
                word.col,
                format!(
                    "bad code `{}`: expected a 3-digit HTTP-like code such as 400 or -503, \
                     codes separated by spaces",
                    word.text
                ),
            );
            ok = false;
            continue;
        }
        // Three digits with an optional sign always fit in an i32.
        let code: i32 = word.text.parse().expect("validated above");
        if codes.contains(&code) {
            diag.push(row, word.col, format!("code {code} is listed twice"));
            ok = false;
            continue;
        }
        codes.push(code);
    }
    ok.then_some(codes)
}
