use std::fmt;

use bytes::Bytes;

use crate::string::INLINE_CAP;
use crate::wire::{BOOL_FALSE_ID, BOOL_TRUE_ID};
use crate::{DecodeError, DecodeErrorKind, Str};

/// Nesting limit of [`Reader::new`], as in prost: deep enough for any real Telegram object,
/// shallow enough that hostile input cannot overflow the stack.
pub const DEFAULT_MAX_DEPTH: u32 = 100;

/// A cursor over received TL data.
///
/// It owns a [`Bytes`] handle, so `bytes` values come out as slices of the input (a reference
/// count bump, no copy), and the decoded value may outlive the reader.
#[derive(Clone)]
pub struct Reader {
    data: Bytes,
    pos: usize,
    depth: u32,
    max_depth: u32,
}

impl fmt::Debug for Reader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The data itself may be megabytes; its position and size are what a reader needs.
        f.debug_struct("Reader")
            .field("position", &self.pos)
            .field("len", &self.data.len())
            .field("depth", &self.depth)
            .field("max_depth", &self.max_depth)
            .finish()
    }
}

impl Reader {
    /// A reader at the start of `data`, with a nesting limit of [`DEFAULT_MAX_DEPTH`].
    #[inline]
    pub fn new(data: Bytes) -> Self {
        Self {
            data,
            pos: 0,
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }

    /// Sets how many nested [`enter`](Self::enter) calls are allowed.
    #[inline]
    pub fn with_max_depth(mut self, depth: u32) -> Self {
        self.max_depth = depth;
        self
    }

    /// Bytes consumed so far.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Bytes not yet consumed.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// Checks that all input was consumed.
    #[inline]
    pub fn finish(&self) -> Result<(), DecodeError> {
        match self.remaining() {
            0 => Ok(()),
            remaining => Err(DecodeErrorKind::TrailingBytes { remaining }.into()),
        }
    }

    /// The next `N` bytes, copied out; one bounds check covers the whole read. This and the
    /// reads built on it are always inlined: called, they would return their `Result` through
    /// memory, and reading it back right after the callee's stores stalls the processor.
    #[inline(always)]
    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        match self.data.get(self.pos..).and_then(<[u8]>::first_chunk::<N>) {
            Some(chunk) => {
                self.pos += N;
                Ok(*chunk)
            }
            None => Err(eof(self.pos, N)),
        }
    }

    /// Reads a little-endian `u32` (a constructor id or a `#` flags field).
    #[inline(always)]
    pub fn read_u32(&mut self) -> Result<u32, DecodeError> {
        self.array().map(u32::from_le_bytes)
    }

    /// The next `u32` without consuming it, to choose a constructor before decoding.
    #[inline(always)]
    pub fn peek_u32(&self) -> Result<u32, DecodeError> {
        match self.data.get(self.pos..).and_then(<[u8]>::first_chunk::<4>) {
            Some(chunk) => Ok(u32::from_le_bytes(*chunk)),
            None => Err(eof(self.pos, 4)),
        }
    }

    /// Reads a TL `int`.
    #[inline(always)]
    pub fn read_i32(&mut self) -> Result<i32, DecodeError> {
        self.array().map(i32::from_le_bytes)
    }

    /// Reads a TL `long`.
    #[inline(always)]
    pub fn read_i64(&mut self) -> Result<i64, DecodeError> {
        self.array().map(i64::from_le_bytes)
    }

    /// Reads a TL `double`.
    #[inline(always)]
    pub fn read_f64(&mut self) -> Result<f64, DecodeError> {
        self.array().map(f64::from_le_bytes)
    }

    /// Reads a TL `int128` (16 raw bytes, as on the wire).
    #[inline(always)]
    pub fn read_int128(&mut self) -> Result<[u8; 16], DecodeError> {
        self.array()
    }

    /// Reads a TL `int256` (32 raw bytes, as on the wire).
    #[inline(always)]
    pub fn read_int256(&mut self) -> Result<[u8; 32], DecodeError> {
        self.array()
    }

    /// Reads a boxed TL `Bool`.
    #[inline(always)]
    pub fn read_bool(&mut self) -> Result<bool, DecodeError> {
        match self.read_u32()? {
            BOOL_TRUE_ID => Ok(true),
            BOOL_FALSE_ID => Ok(false),
            id => Err(self.unexpected_constructor(id, "Bool")),
        }
    }

    /// Reads the frame of a TL `bytes`/`string` and returns the payload's range in `data`.
    #[inline]
    fn bytes_range(&mut self) -> Result<(usize, usize), DecodeError> {
        let start = self.pos;
        let rest = &self.data[start..];
        let (header, len) = match rest.first() {
            None => return Err(eof(start, 1)),
            Some(&n @ 0..=253) => (1, n as usize),
            Some(254) => match rest.first_chunk::<4>() {
                // The length is the 3 bytes after 0xfe, little-endian.
                Some(h) => (4, (u32::from_le_bytes(*h) >> 8) as usize),
                None => return Err(eof(start, 4)),
            },
            Some(_) => {
                return Err(invalid_length(
                    start,
                    255,
                    "0xff is not a valid TL bytes length prefix",
                ));
            }
        };
        let total = (header + len + 3) & !3;
        if total > rest.len() {
            return Err(invalid_length(
                start,
                len as i64,
                "bytes/string length runs past the end of the input",
            ));
        }
        self.pos = start + total;
        Ok((start + header, start + header + len))
    }

    /// Reads a TL `bytes` as a slice of the input: no copy.
    #[inline]
    pub fn read_bytes(&mut self) -> Result<Bytes, DecodeError> {
        let (a, b) = self.bytes_range()?;
        Ok(self.data.slice(a..b))
    }

    /// Reads a TL `string` with a single copy.
    ///
    /// Invalid UTF-8 is replaced with U+FFFD instead of failing: servers occasionally send
    /// it (a name cut inside a multi-byte character, for one), and failing would lose the
    /// whole message, with every other update in it, over one cosmetic field. Use
    /// [`read_bytes`](Self::read_bytes) where the exact bytes matter.
    #[inline]
    pub fn read_string(&mut self) -> Result<String, DecodeError> {
        let (a, b) = self.bytes_range()?;
        let raw = &self.data[a..b];
        Ok(match std::str::from_utf8(raw) {
            Ok(s) => s.to_owned(),
            Err(_) => String::from_utf8_lossy(raw).into_owned(),
        })
    }

    /// Reads a TL `string` as a [`Str`]: a slice of the input (no copy) or, when short, inline;
    /// no allocation either way. Invalid UTF-8 is replaced as by
    /// [`read_string`](Self::read_string).
    #[inline]
    pub fn read_str(&mut self) -> Result<Str, DecodeError> {
        // Fast path, inlined into generated decoders: a short ASCII string (most of them)
        // with at least `INLINE_CAP` bytes of input after its length byte.
        let rest = self.data.get(self.pos..).unwrap_or_default();
        if let Some((&n, text)) = rest.split_first() {
            let len = usize::from(n);
            // Length byte, text and padding to a multiple of 4.
            let total = (len + 4) & !3;
            if let (true, Some(window)) = (total <= rest.len(), text.first_chunk()) {
                if let Some(s) = Str::inline_ascii(window, len) {
                    self.pos += total;
                    return Ok(s);
                }
            }
        }
        self.read_str_slow()
    }

    /// Everything [`read_str`](Self::read_str)'s fast path leaves: short strings near the end of
    /// the input, long strings (slices of the input), non-ASCII text, the long length form,
    /// errors.
    #[inline(never)]
    fn read_str_slow(&mut self) -> Result<Str, DecodeError> {
        let rest = self.data.get(self.pos..).unwrap_or_default();
        if let Some(&n) = rest.first() {
            let len = usize::from(n);
            let total = (len + 4) & !3;
            let text_len = rest.len() - 1;
            if total <= rest.len() && text_len < INLINE_CAP {
                if let Some(s) = Str::inline_ascii_at_end(&self.data, text_len, len) {
                    self.pos += total;
                    return Ok(s);
                }
            }
        }
        let (a, b) = self.bytes_range()?;
        let data = &self.data;
        Ok(Str::decode(&data[a..b], || data.slice(a..b)))
    }

    /// Reads `n` raw bytes as a slice of the input: no copy.
    #[inline]
    pub fn read_raw(&mut self, n: usize) -> Result<Bytes, DecodeError> {
        if n > self.remaining() {
            return Err(eof(self.pos, n));
        }
        let start = self.pos;
        self.pos += n;
        Ok(self.data.slice(start..self.pos))
    }

    /// Everything not yet consumed, as a slice of the input: no copy.
    #[inline]
    pub fn read_rest(&mut self) -> Bytes {
        let start = self.pos;
        self.pos = self.data.len();
        self.data.slice(start..)
    }

    /// Reads the `i32` count of a vector (after its id, or of a bare vector) and checks it
    /// before anything is allocated: negative counts and counts that could not fit in the
    /// bytes left at `min_item_size` bytes per item (taken as at least 1) are rejected.
    #[inline]
    pub fn read_vector_len(&mut self, min_item_size: usize) -> Result<usize, DecodeError> {
        let offset = self.pos;
        let count = self.read_i32()?;
        if count < 0 {
            return Err(invalid_length(
                offset,
                count.into(),
                "negative vector count",
            ));
        }
        let count = count as usize;
        let remaining = self.remaining();
        if count > remaining / min_item_size.max(1) {
            return Err(too_long(count, remaining));
        }
        Ok(count)
    }

    /// Reads a `u32` and checks that it is `expected`; otherwise the error names
    /// `type_name` and the id found.
    #[inline(always)]
    pub fn expect_id(&mut self, expected: u32, type_name: &'static str) -> Result<(), DecodeError> {
        let id = self.read_u32()?;
        if id == expected {
            Ok(())
        } else {
            Err(self.unexpected_constructor(id, type_name))
        }
    }

    /// The error for a constructor id `id`, just read, that `type_name` does not have.
    /// Generated `match` arms call it for unknown ids.
    #[cold]
    #[inline(never)]
    pub fn unexpected_constructor(&self, id: u32, type_name: &'static str) -> DecodeError {
        DecodeErrorKind::UnexpectedConstructor {
            expected: type_name,
            id,
            offset: self.pos.saturating_sub(4),
        }
        .into()
    }

    /// Enters one level of nesting; [`DecodeErrorKind::TooDeep`] past the limit. Generated decoders
    /// of boxed types that can contain themselves (`RichText`, `PageBlock`...) call it before
    /// decoding their fields, so hostile recursive input cannot overflow the stack; other types
    /// nest no deeper than the schema allows and skip it.
    #[inline]
    pub fn enter(&mut self) -> Result<(), DecodeError> {
        if self.depth >= self.max_depth {
            return Err(too_deep(self.max_depth));
        }
        self.depth += 1;
        Ok(())
    }

    /// Leaves a level entered with [`enter`](Self::enter).
    #[inline]
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Runs `f` one nesting level deeper, leaving the level even when `f` fails.
    #[inline]
    pub fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        self.enter()?;
        let out = f(self);
        self.leave();
        out
    }
}

// Errors are built out of line so that the hot read paths stay small enough to inline.

#[cold]
#[inline(never)]
fn eof(offset: usize, needed: usize) -> DecodeError {
    DecodeErrorKind::UnexpectedEof { offset, needed }.into()
}

#[cold]
#[inline(never)]
fn invalid_length(offset: usize, length: i64, reason: &'static str) -> DecodeError {
    DecodeErrorKind::InvalidLength {
        offset,
        length,
        reason,
    }
    .into()
}

#[cold]
#[inline(never)]
fn too_long(count: usize, remaining: usize) -> DecodeError {
    DecodeErrorKind::VectorTooLong { count, remaining }.into()
}

#[cold]
#[inline(never)]
fn too_deep(limit: u32) -> DecodeError {
    DecodeErrorKind::TooDeep { limit }.into()
}
