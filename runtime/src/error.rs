use std::fmt;

/// Why TL data could not be decoded: a [`DecodeErrorKind`] behind one pointer.
///
/// Errors are rare and decoders return `Result` at every level, so the error is kept to one
/// word: `Result<T, DecodeError>` is then no larger than `T` needs (a `Result<i64, _>` fits
/// in two registers), where the 40-byte kind inline would make every decoder return its
/// value through memory.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError(Box<DecodeErrorKind>);

impl DecodeError {
    /// What went wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.0
    }

    /// What went wrong, by value.
    pub fn into_kind(self) -> DecodeErrorKind {
        *self.0
    }
}

impl From<DecodeErrorKind> for DecodeError {
    #[cold]
    fn from(kind: DecodeErrorKind) -> Self {
        Self(Box::new(kind))
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for DecodeError {}

/// Why TL data could not be decoded. Offsets are byte positions in the reader's input.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeErrorKind {
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

impl fmt::Display for DecodeErrorKind {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_stay_small() {
        // The reason `DecodeError` is a pointer: a decoder's `Result` costs no more than its value.
        assert_eq!(size_of::<DecodeError>(), 8);
        assert_eq!(size_of::<Result<i64, DecodeError>>(), 16);
        assert_eq!(size_of::<Result<Box<[u8; 900]>, DecodeError>>(), 16);
        assert_eq!(
            size_of::<Result<crate::Str, DecodeError>>(),
            size_of::<crate::Str>()
        );
    }

    #[test]
    fn the_error_shows_its_kind() {
        let e = DecodeError::from(DecodeErrorKind::TooDeep { limit: 7 });
        assert_eq!(e.kind(), &DecodeErrorKind::TooDeep { limit: 7 });
        assert_eq!(format!("{e:?}"), "TooDeep { limit: 7 }");
        assert_eq!(
            e.to_string(),
            DecodeErrorKind::TooDeep { limit: 7 }.to_string()
        );
        assert_eq!(e.into_kind(), DecodeErrorKind::TooDeep { limit: 7 });
    }
}
