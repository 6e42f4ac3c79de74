//! Errors with positions, printed like rustc: `file:line:col: message`, the source line, a caret.

use std::fmt;
use std::sync::Arc;

use crate::ast::Category;
use crate::position::Mark;

/// One problem found in a schema, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The file's name as given to the parser (usually its path).
    pub file: Arc<str>,
    /// 1-based line; 0 when the error is about the whole file (I/O).
    pub line: u32,
    /// 1-based column in characters; 0 when the error is about the whole file.
    pub col: u32,
    /// What is wrong.
    pub kind: ErrorKind,
    /// The source line the error is on, without its line break. A very long line is cut to a
    /// window around the column, with `…` marking the cuts.
    pub source_line: String,
    /// 1-based column (in characters) of the caret within [`Error::source_line`]: equal to
    /// [`Error::col`] unless the line was cut.
    pub caret: u32,
}

/// A position in a named file, used by errors that refer to a second place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// File name.
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column in characters.
    pub col: u32,
}

/// Why a `name:flags.N?Type` condition is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagProblem {
    /// No parameter of the definition has that name.
    Undeclared,
    /// A parameter has that name but it is not a `#` field.
    NotFlags,
    /// The `#` field comes after the parameter that uses it.
    DeclaredLater,
}

/// What is wrong, with the details a message needs.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text does not follow the grammar.
    Syntax {
        /// What would have been accepted here, in words (`` `;` ``, `a type`).
        expected: Vec<&'static str>,
        /// What was found instead (`` `Bar` ``, `end of input`).
        found: String,
    },
    /// A `/*` without its `*/`.
    UnterminatedComment,
    /// `Vector<Vector<…>>` nested deeper than the parser accepts.
    NestingTooDeep {
        /// The deepest nesting accepted.
        limit: usize,
    },
    /// The file is not valid UTF-8.
    InvalidUtf8,
    /// The file is too large: offsets in spans are 32-bit.
    FileTooLarge {
        /// Its size in bytes.
        size: u64,
    },
    /// The file could not be read.
    Io {
        /// The operating system's message.
        message: String,
    },
    /// The id written after `#` is not the CRC32 of the normalized definition.
    IdMismatch {
        /// Full name of the definition.
        name: String,
        /// The id as written.
        explicit: u32,
        /// The id computed from the definition.
        computed: u32,
        /// The text the id was computed from (see [`crate::ids::normalize`]).
        normalized: String,
    },
    /// A type that no constructor produces and that is not built in.
    UndefinedType {
        /// The type as named (`phone.PhoneCal`).
        name: String,
    },
    /// A `!X` without a `{X:Type}` generic parameter.
    UnknownGeneric {
        /// The generic's name (`X`).
        name: String,
    },
    /// A type argument on a type that takes none (`Foo<int>`).
    UnexpectedTypeArgument {
        /// The type that was given an argument.
        name: String,
    },
    /// A `flags.N?` condition that does not name an earlier `#` field.
    BadFlagReference {
        /// The flags field named in the condition.
        field: String,
        /// What is wrong with it.
        problem: FlagProblem,
    },
    /// A `flags.N?` condition with `N >= 32`.
    FlagBitTooLarge {
        /// The flags field named in the condition.
        field: String,
        /// The bit as written (saturated at `u32::MAX`).
        bit: u32,
    },
    /// Two parameters of one definition share a name.
    DuplicateParameter {
        /// The parameter name.
        name: String,
    },
    /// Two constructors (or two methods) share a name.
    DuplicateName {
        /// Full name.
        name: String,
        /// Constructor or method.
        category: Category,
        /// Where the first one is.
        previous: Location,
    },
    /// Two definitions share an id.
    DuplicateId {
        /// The id.
        id: u32,
        /// Full name of this definition.
        name: String,
        /// Full name of the earlier one.
        previous_name: String,
        /// Where the earlier one is.
        previous: Location,
    },
}

/// All errors found in one parse, in file and source order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Errors(pub Vec<Error>);

/// Lines longer than this (in characters) are cut around the column in [`Error::source_line`],
/// so that thousands of errors on one huge line do not each copy the whole line.
const MAX_SHOWN: usize = 160;

impl Error {
    /// An error at `at` in `text`, with (a window of) its source line.
    pub(crate) fn at(file: &Arc<str>, text: &str, at: Mark, kind: ErrorKind) -> Error {
        let (source_line, caret) = window(text, at.line_start, at.offset);
        Error {
            file: file.clone(),
            line: at.line,
            col: at.col,
            kind,
            source_line,
            caret,
        }
    }

    /// An error about a whole file (nothing to point at).
    pub(crate) fn whole_file(file: &Arc<str>, kind: ErrorKind) -> Error {
        Error {
            file: file.clone(),
            line: 0,
            col: 0,
            kind,
            source_line: String::new(),
            caret: 0,
        }
    }
}

/// The line around byte `offset` (whose line starts at `line_start`), at most [`MAX_SHOWN`]
/// characters on each side, and the caret's column in it. Only the window is looked at, so
/// that many errors on one huge line stay linear.
fn window(text: &str, line_start: usize, offset: usize) -> (String, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = line_start.min(offset);
    let before = &text[line_start..offset];
    let left_start = before
        .char_indices()
        .rev()
        .nth(MAX_SHOWN / 2 - 1)
        .map_or(0, |(i, _)| i);
    let left = &before[left_start..];
    let after = &text[offset..];
    let mut right_end = after.len();
    let mut cut_right = false;
    for (n, (i, c)) in after.char_indices().enumerate() {
        if c == '\n' {
            right_end = i;
            break;
        }
        if n == MAX_SHOWN / 2 {
            right_end = i;
            cut_right = true;
            break;
        }
    }
    let right = after[..right_end]
        .strip_suffix('\r')
        .unwrap_or(&after[..right_end]);
    let mut shown = String::with_capacity(left.len() + right.len() + 8);
    let mut caret = left.chars().count() as u32 + 1;
    if left_start > 0 {
        shown.push('…');
        caret += 1;
    }
    shown.push_str(left);
    shown.push_str(right);
    if cut_right {
        shown.push('…');
    }
    (shown, caret)
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

impl fmt::Display for FlagProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FlagProblem::Undeclared => "no parameter has this name",
            FlagProblem::NotFlags => "it is not a flags field",
            FlagProblem::DeclaredLater => "it is declared after this parameter",
        })
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Syntax { expected, found } => {
                if expected.is_empty() {
                    return write!(f, "unexpected {found}");
                }
                f.write_str("expected ")?;
                for (i, e) in expected.iter().enumerate() {
                    if i > 0 {
                        f.write_str(if i + 1 == expected.len() {
                            " or "
                        } else {
                            ", "
                        })?;
                    }
                    f.write_str(e)?;
                }
                write!(f, ", found {found}")
            }
            ErrorKind::UnterminatedComment => {
                f.write_str("unterminated block comment: expected `*/`")
            }
            ErrorKind::NestingTooDeep { limit } => write!(
                f,
                "type arguments nested too deeply: expected at most {limit} levels of `<`"
            ),
            ErrorKind::InvalidUtf8 => f.write_str("invalid UTF-8: expected a UTF-8 text file"),
            ErrorKind::FileTooLarge { size } => write!(
                f,
                "file too large: {size} bytes, expected less than 4 GiB (offsets are 32-bit)"
            ),
            ErrorKind::Io { message } => write!(f, "cannot read file: {message}"),
            ErrorKind::IdMismatch {
                name,
                explicit,
                computed,
                normalized,
            } => write!(
                f,
                "id mismatch for `{name}`: written #{explicit:08x}, computed #{computed:08x} \
                 (CRC32 of `{normalized}`)"
            ),
            ErrorKind::UndefinedType { name } => write!(
                f,
                "undefined type `{name}`: expected a type some constructor produces, \
                 a constructor name, a generic parameter or a built-in type"
            ),
            ErrorKind::UnknownGeneric { name } => write!(
                f,
                "unknown generic `!{name}`: expected a `{{{name}:Type}}` parameter before it"
            ),
            ErrorKind::UnexpectedTypeArgument { name } => write!(
                f,
                "type `{name}` takes no type argument: expected `Vector<T>` or `vector<T>`"
            ),
            ErrorKind::BadFlagReference { field, problem } => write!(
                f,
                "bad flag reference `{field}`: {problem}; expected an earlier `{field}:#` field"
            ),
            ErrorKind::FlagBitTooLarge { field, bit } => write!(
                f,
                "flag bit {bit} of `{field}` is out of range: expected 0 to 31"
            ),
            ErrorKind::DuplicateParameter { name } => {
                write!(f, "duplicate parameter `{name}`: expected unique names")
            }
            ErrorKind::DuplicateName {
                name,
                category,
                previous,
            } => {
                let what = match category {
                    Category::Type => "constructor",
                    Category::Function => "method",
                };
                write!(f, "duplicate {what} `{name}`: first defined at {previous}")
            }
            ErrorKind::DuplicateId {
                id,
                name,
                previous_name,
                previous,
            } => write!(
                f,
                "duplicate id #{id:08x} of `{name}`: `{previous_name}` at {previous} has it too"
            ),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            return write!(f, "{}: {}", self.file, self.kind);
        }
        writeln!(f, "{}:{}:{}: {}", self.file, self.line, self.col, self.kind)?;
        write_snippet(f, self.line, &self.source_line, self.caret)
    }
}

/// The source line under its number, and a caret under 1-based character `caret`: the layout
/// every error of this crate (schema and sidecar tables) ends with.
pub(crate) fn write_snippet(
    f: &mut fmt::Formatter<'_>,
    line: u32,
    source_line: &str,
    caret: u32,
) -> fmt::Result {
    let number = line.to_string();
    let gutter = " ".repeat(number.len());
    writeln!(f, "{number} | {source_line}")?;
    // Copy tabs so that the caret lines up under the same character on any tab width.
    let pad: String = source_line
        .chars()
        .take(caret.saturating_sub(1) as usize)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    write!(f, "{gutter} | {pad}^")
}

impl std::error::Error for Error {}

impl fmt::Display for Errors {
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

impl std::error::Error for Errors {}

impl Errors {
    /// How many errors there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Iterates over the errors.
    pub fn iter(&self) -> std::slice::Iter<'_, Error> {
        self.0.iter()
    }
}

impl<'a> IntoIterator for &'a Errors {
    type Item = &'a Error;
    type IntoIter = std::slice::Iter<'a, Error>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
