//! Parser for Telegram's TL schema language.
#![deny(missing_docs)]

pub mod ast;
