//! Errors of code generation: problems in the inputs that would otherwise produce Rust that
//! does not compile, and I/O.

use std::fmt;

/// Where a definition or table row is, for messages: `file:line:col`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// File name as given to the parser.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// Two TL names that become the same Rust identifier in one scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameCollision {
    /// The Rust identifier both map to.
    pub rust: String,
    /// What kind of item (`struct in types::phone`, `field of inputUser`, ...).
    pub scope: String,
    /// The first TL name and where it is.
    pub first: (String, Location),
    /// The second TL name and where it is.
    pub second: (String, Location),
}

/// One problem found while generating.
#[derive(Debug)]
#[non_exhaustive]
pub enum CodegenError {
    /// The schema did not parse or validate.
    Schema(tl_parser::Errors),
    /// The errors/methods sidecar did not parse or validate.
    Table(String),
    /// Two TL names become the same Rust identifier in one scope.
    NameCollision(Box<NameCollision>),
    /// A name that is no valid Rust identifier even after escaping.
    InvalidName {
        /// The TL name.
        name: String,
        /// Where it is.
        at: Location,
    },
    /// A construct this generator cannot express, with the reason.
    Unsupported {
        /// What and why.
        what: String,
        /// Where it is.
        at: Location,
    },
    /// A type referenced but defined nowhere (the parser's validation normally catches this).
    UnknownType {
        /// The type as written.
        name: String,
        /// Where it is.
        at: Location,
    },
    /// The errors table names a method the schema does not have.
    UnknownMethod {
        /// The method name.
        method: String,
        /// Where the table names it.
        at: Location,
    },
    /// Reading or writing a file failed.
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The generated tokens did not parse as a Rust file (a bug in the generator).
    Internal(String),
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Schema(e) => write!(f, "{e}"),
            Self::Table(e) => write!(f, "{e}"),
            Self::NameCollision(c) => write!(
                f,
                "{}: `{}` and `{}` (at {}) both become `{}` ({}); rename one of them",
                c.second.1, c.second.0, c.first.0, c.first.1, c.rust, c.scope
            ),
            Self::InvalidName { name, at } => {
                write!(f, "{at}: `{name}` cannot be made a Rust identifier")
            }
            Self::Unsupported { what, at } => write!(f, "{at}: unsupported: {what}"),
            Self::UnknownType { name, at } => write!(f, "{at}: unknown type `{name}`"),
            Self::UnknownMethod { method, at } => write!(
                f,
                "{at}: the errors table names method `{method}`, which the schema does not define"
            ),
            Self::Io { path, source } => write!(f, "{path}: {source}"),
            Self::Internal(e) => write!(f, "internal error (generated code does not parse): {e}"),
        }
    }
}

impl std::error::Error for CodegenError {}

/// All problems found, reported together.
#[derive(Debug)]
pub struct CodegenErrors(pub Vec<CodegenError>);

impl fmt::Display for CodegenErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CodegenErrors {}

impl From<CodegenError> for CodegenErrors {
    fn from(e: CodegenError) -> Self {
        Self(vec![e])
    }
}
