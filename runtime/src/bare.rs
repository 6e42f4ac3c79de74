use bytes::BufMut;

use crate::{DecodeError, Reader};

/// The bare form of a value: its fields only, without a constructor id (`%Type` in TL).
///
/// Implemented by generated constructor structs, by the primitives (whose bare and boxed
/// forms are the same), and by `Vec<T>`, whose bare form is TL's `vector` (count and items).
pub trait Bare: Sized {
    /// The exact number of bytes [`serialize_bare`](Self::serialize_bare) writes.
    fn bare_len(&self) -> usize;

    /// Writes the bare form; exactly [`bare_len`](Self::bare_len) bytes.
    fn serialize_bare<B: BufMut + ?Sized>(&self, buf: &mut B);

    /// Reads the bare form (the constructor id, if any, was already consumed or is implied).
    fn deserialize_bare(r: &mut Reader) -> Result<Self, DecodeError>;

    /// Reads the bare form into a new `Box`. Generated constructors that their enum holds in
    /// a `Box` override it to build the value in its box, instead of building it on the stack
    /// and then copying it (hundreds of bytes for `message` or `user`) into the box.
    #[inline]
    fn deserialize_bare_boxed(r: &mut Reader) -> Result<Box<Self>, DecodeError> {
        Self::deserialize_bare(r).map(Box::new)
    }
}

impl<T: Bare> Bare for Box<T> {
    #[inline]
    fn bare_len(&self) -> usize {
        (**self).bare_len()
    }

    #[inline]
    fn serialize_bare<B: BufMut + ?Sized>(&self, buf: &mut B) {
        (**self).serialize_bare(buf)
    }

    #[inline]
    fn deserialize_bare(r: &mut Reader) -> Result<Self, DecodeError> {
        T::deserialize_bare_boxed(r)
    }
}
