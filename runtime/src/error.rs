use std::fmt;

/// Why TL data could not be decoded. Offsets are byte positions in the reader's input.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The input ended inside a value: the message was truncated or is of another type.
    UnexpectedEof {
        /// Where the read started.
        offset: usize,
        /// How many bytes the read needed from `offset`.
        needed: usize,
    },
    /// A constructor id that the expected type does not have.
    UnexpectedConstructor {
        /// The TL type being decoded.
        expected: &'static str,
        /// The id found.
        id: u32,
        /// Where the id starts.
        offset: usize,
    },
    /// A length field that cannot be right.
    InvalidLength {
        /// Where the length field starts.
        offset: usize,
        /// The length as read.
        length: i64,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A vector whose item count could not fit in the bytes left, even at the smallest item size.
    VectorTooLong {
        /// The count as read.
        count: usize,
        /// Bytes left after the count.
        remaining: usize,
    },
    /// Values nested deeper than the reader's limit (see [`Reader::with_max_depth`](crate::Reader::with_max_depth)).
    TooDeep {
        /// The limit in force.
        limit: u32,
    },
    /// A complete value was decoded but input remains.
    TrailingBytes {
        /// How many bytes were left over.
        remaining: usize,
    },
    /// Well-framed data whose content breaks a rule of its type.
    Malformed {
        /// Where the offending value starts.
        offset: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// A compressed payload (such as `gzip_packed`) could not be decompressed.
    Decompress {
        /// Where the compressed payload starts.
        offset: usize,
        /// The decompressor's message.
        message: String,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnexpectedEof { offset, needed } => write!(
                f,
                "input ends early: {needed} bytes needed at byte {offset} (truncated message, or decoded as the wrong type)"
            ),
            Self::UnexpectedConstructor {
                expected,
                id,
                offset,
            } => write!(
                f,
                "unexpected constructor id {id:#010x} for type {expected} at byte {offset} (corrupt data, or a schema layer newer than these bindings)"
            ),
            Self::InvalidLength {
                offset,
                length,
                reason,
            } => write!(f, "invalid length {length} at byte {offset}: {reason}"),
            Self::VectorTooLong { count, remaining } => write!(
                f,
                "vector claims {count} items but only {remaining} bytes are left (corrupt data)"
            ),
            Self::TooDeep { limit } => write!(
                f,
                "values nested more than {limit} levels deep (raise the limit with Reader::with_max_depth if the data is trusted)"
            ),
            Self::TrailingBytes { remaining } => write!(
                f,
                "{remaining} bytes left over after a complete value (decoded as the wrong type, or a schema layer mismatch)"
            ),
            Self::Malformed { offset, reason } => {
                write!(f, "malformed value at byte {offset}: {reason}")
            }
            Self::Decompress { offset, message } => {
                write!(
                    f,
                    "cannot decompress the payload at byte {offset}: {message}"
                )
            }
        }
    }
}

impl std::error::Error for DecodeError {}
