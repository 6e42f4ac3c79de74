//! [`Str`], the type of generated TL `string` fields: immutable UTF-8 text that is, once
//! decoded, either a slice of the received buffer (long strings: no copy, no allocation) or
//! held inline (short strings: no allocation and no reference count).

use std::borrow::{Borrow, Cow};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::str::Utf8Error;

use bytes::Bytes;

/// The longest string kept inline. 32 bytes fit, 8-aligned, in the 40 that the shared form (a
/// [`Bytes`] plus the enum tag) takes anyway, so inlining costs no size; they cover most names,
/// usernames, language codes, phone numbers and short URLs, which then decode with a fixed-size
/// copy instead of a reference-count increment and, on drop, a decrement.
pub(crate) const INLINE_CAP: usize = 32;

/// An immutable UTF-8 string: what generated code uses for TL `string`.
///
/// It dereferences to [`str`], so it reads like a `&str` (`user.first_name.as_deref()`,
/// `msg.message.contains("hi")`, `format!("{}", s)`, `s == "text"`), and it converts from
/// `String` and `&str` with `.into()`. Decoding never copies a long string: it becomes a slice
/// of the received [`Bytes`], validated as UTF-8 once. Short ones (up to 32 bytes) are stored
/// inline. Either way no allocation is made and the value may outlive the reader.
///
/// Invalid UTF-8 on the wire is decoded lossily (U+FFFD), as
/// [`Reader::read_string`](crate::Reader::read_string) does; use a `bytes` field where exact
/// bytes matter.
///
/// Equality, ordering and hashing are those of the text, whatever the storage.
#[derive(Clone)]
pub struct Str(Repr);

/// Invariant: the bytes of either form are valid UTF-8. Every constructor below establishes it
/// (from a `str`, or after validation), nothing can mutate the bytes afterwards (the fields are
/// private and [`Bytes`] is immutable), and [`Str::as_str`] relies on it.
#[derive(Clone)]
enum Repr {
    /// Up to `INLINE_CAP` bytes of text.
    Inline(Inline),
    /// The whole `Bytes` is the text.
    Shared(Bytes),
}

/// `buf.0[..len]` is the text, the rest zeros. A struct of its own, 40 bytes with `len` last,
/// so that `Repr` keeps its tag in `len`'s unused values (a separate tag would need 8 more
/// bytes): a `Str` is then the 32 bytes of text or handle and one byte of length or tag, with
/// nothing in between that a move would have to copy piecemeal.
#[derive(Clone, Copy)]
struct Inline {
    buf: InlineBuf,
    len: Len,
}

/// 8-aligned: whichever form a `Str` has, its text or handle is in the same 32 bytes.
#[derive(Clone, Copy)]
#[repr(align(8))]
struct InlineBuf([u8; INLINE_CAP]);

/// An inline length, `0..=INLINE_CAP`, whose other values are free for `Repr`'s tag and
/// `Option<Str>`'s `None`. A whole word, not a byte: then a `Str` has no padding, which moves
/// would otherwise copy in odd-sized pieces that the processor cannot forward from the stores
/// that wrote them (a stall of a dozen cycles per string, measured).
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
#[rustfmt::skip]
enum Len {
    L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19,
    L20, L21, L22, L23, L24, L25, L26, L27, L28, L29, L30, L31, L32,
}

/// `Len` by value: `LENS[n]` is `n`.
#[rustfmt::skip]
static LENS: [Len; INLINE_CAP + 1] = {
    use Len::*;
    [
        L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18,
        L19, L20, L21, L22, L23, L24, L25, L26, L27, L28, L29, L30, L31, L32,
    ]
};

/// `INLINE_CAP` bytes of 0xff then as many zeros: `MASKS[INLINE_CAP - n..][..INLINE_CAP]` keeps
/// the first `n` bytes of a bitwise AND.
static MASKS: [u8; 2 * INLINE_CAP] = {
    let mut m = [0u8; 2 * INLINE_CAP];
    let mut i = 0;
    while i < INLINE_CAP {
        m[i] = 0xff;
        i += 1;
    }
    m
};

// Two forms in 40 bytes, `Option<Str>` included; the generator's layout estimates (tl-codegen
// `layout.rs`) count on this size.
const _: () = assert!(size_of::<Str>() == 40 && size_of::<Option<Str>>() == 40);
const _: () = assert!(size_of::<Inline>() == 40);
const _: () = {
    let mut n = 0;
    while n <= INLINE_CAP {
        assert!(LENS[n] as usize == n);
        n += 1;
    }
};

impl Str {
    /// The empty string.
    #[inline]
    pub const fn new() -> Self {
        Str(Repr::Inline(Inline {
            buf: InlineBuf([0; INLINE_CAP]),
            len: Len::L0,
        }))
    }

    /// A string borrowing static text: no copy, no allocation.
    #[inline]
    pub const fn from_static(s: &'static str) -> Self {
        Str(Repr::Shared(Bytes::from_static(s.as_bytes())))
    }

    /// Checks that `bytes` are UTF-8 and keeps them (short strings are copied inline).
    pub fn from_utf8(bytes: Bytes) -> Result<Self, Utf8Error> {
        std::str::from_utf8(&bytes)?;
        Ok(Self::from_valid(bytes.as_ref(), || bytes.clone()))
    }

    /// Like [`from_utf8`](Self::from_utf8), with invalid sequences replaced by U+FFFD.
    pub fn from_utf8_lossy(bytes: Bytes) -> Self {
        Self::decode(&bytes, || bytes.clone())
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        let bytes = self.as_bytes();
        // SAFETY: `Repr`'s invariant: every `Str` holds valid UTF-8. The only ways to build a
        // `Repr` are `new` (empty), `from_static` and `From<String>` (bytes of a `str`),
        // `inline_ascii` (returns `None` unless the bytes kept are all ASCII or accepted by
        // `std::str::from_utf8`), and `from_valid`,
        // whose callers pass the bytes of a `str` (`From<&str>`) or bytes that
        // `std::str::from_utf8` (`from_utf8`) or `is_utf8` (`decode`: all ASCII, or what
        // `from_utf8` accepts) validated. The bytes are immutable
        // afterwards: `buf` is private and only read, and `Bytes` gives no mutable access.
        #[allow(unsafe_code)]
        unsafe {
            std::str::from_utf8_unchecked(bytes)
        }
    }

    /// The text's bytes.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            // `get` instead of indexing: `len <= INLINE_CAP` always holds, and this way no
            // panic path exists even in principle.
            Repr::Inline(Inline { buf, len }) => buf.0.get(..*len as usize).unwrap_or_default(),
            Repr::Shared(b) => b,
        }
    }

    /// The text as [`Bytes`] (a handle to the same memory when not stored inline).
    pub fn into_bytes(self) -> Bytes {
        match self.0 {
            Repr::Inline(_) => Bytes::copy_from_slice(self.as_bytes()),
            Repr::Shared(b) => b,
        }
    }

    /// The first `len` bytes of `text` as an inline string if they are UTF-8 and fit, else
    /// `None`. `text` may go on past the string (the reader passes the input that follows its
    /// length byte): the copy is masked to `len` bytes with a table and done, with a check
    /// for ASCII, 16 bytes at a time; a few dozen instructions and no loop over the length.
    /// Text with other characters is validated out of line.
    #[inline(always)]
    pub(crate) fn inline_ascii(text: &[u8; INLINE_CAP], len: usize) -> Option<Self> {
        let stored = *LENS.get(len)?;
        // `len` 0xff bytes, then zeros.
        let mask = MASKS.get(INLINE_CAP - len..)?;
        // Two 16-byte halves, which compile to vector instructions.
        let mut buf = [0u8; INLINE_CAP];
        let mut high = 0u128;
        for ((dst, src), m) in buf
            .chunks_exact_mut(16)
            .zip(text.chunks_exact(16))
            .zip(mask.chunks_exact(16))
        {
            // Exactly 16 bytes each (`chunks_exact`): the fallbacks are never taken.
            let w = u128::from_le_bytes(src.try_into().unwrap_or_default())
                & u128::from_le_bytes(m.try_into().unwrap_or_default());
            high |= w;
            dst.copy_from_slice(&w.to_le_bytes());
        }
        let valid = high & u128::from_le_bytes([0x80; 16]) == 0 || is_utf8_prefix(&buf, len);
        valid.then_some(Str(Repr::Inline(Inline {
            buf: InlineBuf(buf),
            len: stored,
        })))
    }

    /// [`inline_ascii`](Self::inline_ascii) for a string that ends fewer than `INLINE_CAP`
    /// bytes before the end of `data`: `text_len` bytes are left from its first byte on. The
    /// `INLINE_CAP` bytes at the end of `data` are read and shifted down to the string's start,
    /// so that no byte-by-byte copy is needed (and no narrow stores to forward from); inputs
    /// shorter than that are zero-padded.
    #[inline(always)]
    pub(crate) fn inline_ascii_at_end(data: &[u8], text_len: usize, len: usize) -> Option<Self> {
        let last = match data
            .len()
            .checked_sub(INLINE_CAP)
            .and_then(|at| data.get(at..))
        {
            Some(last) => last.first_chunk::<INLINE_CAP>().copied(),
            None => None,
        };
        let window = match last {
            Some(last) => {
                // As one little-endian 256-bit number, the text starts `skip` bytes up.
                let skip = 8 * INLINE_CAP.checked_sub(text_len)? as u32;
                let (lo, hi) = last.split_at(16);
                let lo = u128::from_le_bytes(lo.try_into().unwrap_or_default());
                let hi = u128::from_le_bytes(hi.try_into().unwrap_or_default());
                let (lo, hi) = match skip {
                    0 => (lo, hi),
                    1..128 => ((lo >> skip) | (hi << (128 - skip)), hi >> skip),
                    _ => (hi.checked_shr(skip - 128).unwrap_or(0), 0),
                };
                let mut window = [0u8; INLINE_CAP];
                window[..16].copy_from_slice(&lo.to_le_bytes());
                window[16..].copy_from_slice(&hi.to_le_bytes());
                window
            }
            None => {
                let text = data.get(data.len() - text_len..).unwrap_or_default();
                let mut window = [0u8; INLINE_CAP];
                for (dst, src) in window.iter_mut().zip(text) {
                    *dst = *src;
                }
                window
            }
        };
        Self::inline_ascii(&window, len)
    }

    /// Decodes a TL string payload: `raw` is its bytes, `shared` the same bytes as a slice of
    /// the input, called only when the string is too long to be stored inline. Invalid UTF-8
    /// is replaced (see the type's docs). Inlined into the reader's string path: whether LLVM
    /// does so unasked changed with unrelated edits to the crate, and the call it leaves costs
    /// about 1 % of the instructions of a messages.messages decode (and more of its time).
    #[inline]
    pub(crate) fn decode(raw: &[u8], shared: impl FnOnce() -> Bytes) -> Self {
        if is_utf8(raw) {
            Self::from_valid(raw, shared)
        } else {
            lossy(raw)
        }
    }

    /// `raw` must be valid UTF-8 (the invariant of [`Repr`]).
    #[inline]
    fn from_valid(raw: &[u8], shared: impl FnOnce() -> Bytes) -> Self {
        match LENS.get(raw.len()) {
            Some(&len) => {
                let mut buf = [0u8; INLINE_CAP];
                for (dst, src) in buf.iter_mut().zip(raw) {
                    *dst = *src;
                }
                Str(Repr::Inline(Inline {
                    buf: InlineBuf(buf),
                    len,
                }))
            }
            None => Str(Repr::Shared(shared())),
        }
    }
}

/// Whether `raw` is UTF-8; all ASCII (what most text is) is checked a word at a time first.
#[inline]
fn is_utf8(raw: &[u8]) -> bool {
    raw.is_ascii() || std::str::from_utf8(raw).is_ok()
}

/// Whether the first `len` bytes of `buf` are UTF-8: for short text that is not all ASCII,
/// out of line.
#[inline(never)]
fn is_utf8_prefix(buf: &[u8; INLINE_CAP], len: usize) -> bool {
    buf.get(..len)
        .is_some_and(|text| std::str::from_utf8(text).is_ok())
}

/// The rare invalid string, out of the hot path.
#[cold]
#[inline(never)]
fn lossy(raw: &[u8]) -> Str {
    Str::from(String::from_utf8_lossy(raw).into_owned())
}

impl Default for Str {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

impl Deref for Str {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Str {
    #[inline]
    fn as_ref(&self) -> &str {
        self
    }
}

impl AsRef<[u8]> for Str {
    #[inline]
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl Borrow<str> for Str {
    #[inline]
    fn borrow(&self) -> &str {
        self
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Str {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Str {}

impl PartialOrd for Str {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Str {
    // As `str` hashes, so that `Borrow<str>` lookups in hash maps work.
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

/// `PartialEq` both ways between `Str` and the usual string types.
macro_rules! eq_with {
    ($($ty:ty),*) => {$(
        impl PartialEq<$ty> for Str {
            #[inline]
            fn eq(&self, other: &$ty) -> bool {
                self.as_str() == &other[..]
            }
        }
        impl PartialEq<Str> for $ty {
            #[inline]
            fn eq(&self, other: &Str) -> bool {
                &self[..] == other.as_str()
            }
        }
    )*};
}

eq_with!(str, &str, String, Cow<'_, str>);

impl From<&str> for Str {
    #[inline]
    fn from(s: &str) -> Self {
        Self::from_valid(s.as_bytes(), || Bytes::copy_from_slice(s.as_bytes()))
    }
}

impl From<&String> for Str {
    #[inline]
    fn from(s: &String) -> Self {
        s.as_str().into()
    }
}

impl From<String> for Str {
    /// Short strings are copied inline; longer ones keep the `String`'s buffer.
    #[inline]
    fn from(s: String) -> Self {
        if s.len() <= INLINE_CAP {
            s.as_str().into()
        } else {
            Str(Repr::Shared(Bytes::from(s)))
        }
    }
}

impl From<Box<str>> for Str {
    #[inline]
    fn from(s: Box<str>) -> Self {
        String::from(s).into()
    }
}

impl From<Cow<'_, str>> for Str {
    #[inline]
    fn from(s: Cow<'_, str>) -> Self {
        match s {
            Cow::Borrowed(s) => s.into(),
            Cow::Owned(s) => s.into(),
        }
    }
}

impl From<char> for Str {
    #[inline]
    fn from(c: char) -> Self {
        Self::from(&*c.encode_utf8(&mut [0; 4]))
    }
}

impl From<Str> for String {
    #[inline]
    fn from(s: Str) -> Self {
        s.as_str().to_owned()
    }
}

impl From<Str> for Bytes {
    #[inline]
    fn from(s: Str) -> Self {
        s.into_bytes()
    }
}

impl TryFrom<Bytes> for Str {
    type Error = Utf8Error;

    #[inline]
    fn try_from(bytes: Bytes) -> Result<Self, Utf8Error> {
        Self::from_utf8(bytes)
    }
}

impl std::str::FromStr for Str {
    type Err = std::convert::Infallible;

    #[inline]
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(s.into())
    }
}

impl FromIterator<char> for Str {
    fn from_iter<I: IntoIterator<Item = char>>(iter: I) -> Self {
        String::from_iter(iter).into()
    }
}

impl<'a> FromIterator<&'a str> for Str {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        String::from_iter(iter).into()
    }
}

/// As a plain string, like `String` (feature `serde`; generated types with
/// `Config::serde(true)` need it).
#[cfg(feature = "serde")]
impl serde::Serialize for Str {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Str {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Takes borrowed and owned strings alike without an intermediate `String`.
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Str;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Str, E> {
                Ok(v.into())
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Str, E> {
                Ok(v.into())
            }
        }

        deserializer.deserialize_string(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn shared(s: &str) -> Str {
        Str::from_utf8(Bytes::copy_from_slice(s.as_bytes())).unwrap()
    }

    #[test]
    fn short_strings_are_inline_and_long_ones_share_the_input() {
        let input = Bytes::from(format!("{}{}", "a".repeat(32), "b".repeat(33)));
        let short = Str::decode(&input[..32], || unreachable!("inline"));
        assert!(matches!(
            short.0,
            Repr::Inline(Inline { len: Len::L32, .. })
        ));
        assert_eq!(short, "a".repeat(32));
        let long = Str::decode(&input[32..], || input.slice(32..));
        match &long.0 {
            Repr::Shared(b) => assert_eq!(b.as_ptr(), input[32..].as_ptr(), "no copy"),
            Repr::Inline(_) => panic!("33 bytes are not inline"),
        }
        assert_eq!(long, "b".repeat(33));
    }

    #[test]
    fn the_fast_path_takes_only_ascii_and_only_len_bytes() {
        let mut text = [b'z'; INLINE_CAP];
        text[..5].copy_from_slice(b"hello");
        let s = Str::inline_ascii(&text, 5).unwrap();
        assert_eq!(s, "hello");
        match s.0 {
            Repr::Inline(i) => assert!(i.buf.0[5..].iter().all(|&b| b == 0)),
            Repr::Shared(_) => panic!("inline"),
        }
        let all = Str::inline_ascii(&text, INLINE_CAP).unwrap();
        assert_eq!(all, "hello".to_owned() + &"z".repeat(INLINE_CAP - 5));
        assert!(Str::inline_ascii(&text, INLINE_CAP + 1).is_none());
        text[3] = 0xc3;
        assert!(Str::inline_ascii(&text, 5).is_none(), "invalid UTF-8");
        text[4] = 0xa9;
        assert_eq!(
            Str::inline_ascii(&text, 5).unwrap(),
            "hel\u{e9}",
            "other UTF-8"
        );
        text[4] = b'o';
        text[3] = b'l';
        text[7] = 0xff;
        assert_eq!(
            Str::inline_ascii(&text, 5).unwrap(),
            "hello",
            "bytes past len ignored"
        );
    }

    #[test]
    fn the_fast_path_near_the_end_of_the_input() {
        let letters: Vec<u8> = (b'a'..=b'z').chain(b'A'..=b'Z').collect();
        // Inputs long enough for the shifted read, and shorter ones.
        for total in [40, 33, 32, 20, 1] {
            let data = &letters[..total];
            for text_len in 0..INLINE_CAP.min(total + 1) {
                let start = total - text_len;
                for len in 0..=text_len {
                    let s = Str::inline_ascii_at_end(data, text_len, len).unwrap();
                    assert_eq!(
                        s.as_bytes(),
                        &data[start..start + len],
                        "{total} {text_len} {len}"
                    );
                }
            }
        }
        assert!(Str::inline_ascii_at_end(b"--ab\xe9", 3, 3).is_none());
    }

    #[test]
    fn multibyte_text_validates_at_every_length() {
        for s in [
            "é",
            "☎ call",
            &"ü".repeat(16),
            &"ü".repeat(17),
            &"☎".repeat(40),
        ] {
            let b = Bytes::copy_from_slice(s.as_bytes());
            assert_eq!(Str::decode(&b, || b.clone()), *s);
        }
    }

    #[test]
    fn invalid_utf8_is_replaced_inline_and_shared() {
        let short = b"ab\xffcd";
        assert_eq!(Str::decode(short, || unreachable!()), "ab\u{fffd}cd");
        let mut long = vec![b'x'; 50];
        long[45] = 0xc3; // a lead byte without its continuation
        let b = Bytes::from(long);
        let s = Str::decode(&b, || b.clone());
        assert_eq!(s.len(), 45 + 3 + 4);
        assert!(s.contains('\u{fffd}'));
        assert!(Str::from_utf8(b).is_err());
    }

    #[test]
    fn equality_hash_and_order_follow_the_text() {
        let long = "x".repeat(60);
        assert_eq!(shared(&long), Str::from(long.as_str()));
        assert_eq!(Str::from("abc"), Str::from_static("abc"));
        assert_ne!(Str::from("abc"), Str::from("abd"));
        // Inline against shared storage: the order is the text's.
        let (inline, shared_abd) = (Str::from("abc"), Str::from_static("abd"));
        assert!(inline < shared_abd);
        assert_eq!(Str::from("abc"), "abc");
        assert_eq!("abc", Str::from("abc"));
        assert_eq!(Str::from("abc"), String::from("abc"));
        assert_eq!(String::from("abc"), Str::from("abc"));
        let mut m = HashMap::new();
        m.insert(Str::from_static("key"), 1);
        assert_eq!(m.get("key"), Some(&1));
        assert_eq!(m.get(&Str::from(String::from("key"))), Some(&1));
    }

    #[test]
    fn conversions() {
        let long = "y".repeat(100);
        let s = Str::from(long.clone());
        assert_eq!(String::from(s.clone()), long);
        assert_eq!(Bytes::from(s), long.as_bytes());
        assert_eq!(Bytes::from(Str::from("hi")), &b"hi"[..]);
        assert_eq!(Str::default(), "");
        assert!(Str::new().is_empty());
        assert_eq!(Str::from('☎'), "☎");
        assert_eq!("a-b".parse::<Str>().unwrap(), "a-b");
        assert_eq!(["a", "b"].into_iter().collect::<Str>(), "ab");
        assert_eq!(
            format!("{}|{:?}", Str::from("q\""), Str::from("q\"")),
            "q\"|\"q\\\"\""
        );
        assert_eq!(Str::from("Hello").to_lowercase(), "hello");
    }
}
