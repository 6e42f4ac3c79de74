//! Parser for Telegram's TL schema language.
//!
//! [`parse_str`], [`parse_files`], [`parse_bytes`] and [`parse_paths`] turn schema text into a
//! [`ast::Schema`], checking it on the way ([`validate`]) and computing every constructor id
//! ([`ids`]); they return all errors found, each with file, line, column and the source line.
#![deny(missing_docs)]

pub mod ast;
pub mod closure;
mod display;
mod error;
pub mod errors_table;
mod fast;
mod grammar;
mod hash;
pub mod ids;
mod lower;
mod names;
mod parse;
mod position;
mod report;
mod scan;
pub mod validate;

pub use error::{Error, ErrorKind, Errors, FlagProblem, Location};
#[doc(hidden)]
pub use parse::parse_files_grammar_only;
pub use parse::{parse_bytes, parse_files, parse_paths, parse_str};
pub use scan::MAX_NESTING;
