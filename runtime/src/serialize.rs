use bytes::BufMut;

/// A value that can be written in TL binary form.
///
/// Writing is two passes on purpose: [`serialized_len`](Self::serialized_len) lets the caller
/// allocate once, so [`serialize_to`](Self::serialize_to) never makes a buffer grow (the
/// compute-length-then-write scheme of TDLib's storers).
pub trait Serialize {
    /// The exact number of bytes [`serialize_to`](Self::serialize_to) writes.
    fn serialized_len(&self) -> usize;

    /// Writes the value; writes exactly [`serialized_len`](Self::serialized_len) bytes.
    fn serialize_to<B: BufMut + ?Sized>(&self, buf: &mut B);

    /// Serializes into a new buffer allocated once at the exact size.
    fn to_bytes(&self) -> Vec<u8> {
        let len = self.serialized_len();
        let mut out = Vec::with_capacity(len);
        self.serialize_to(&mut out);
        debug_assert_eq!(out.len(), len, "serialized_len disagrees with serialize_to");
        out
    }
}

impl<T: Serialize + ?Sized> Serialize for &T {
    #[inline]
    fn serialized_len(&self) -> usize {
        (**self).serialized_len()
    }

    #[inline]
    fn serialize_to<B: BufMut + ?Sized>(&self, buf: &mut B) {
        (**self).serialize_to(buf)
    }
}

impl<T: Serialize + ?Sized> Serialize for Box<T> {
    #[inline]
    fn serialized_len(&self) -> usize {
        (**self).serialized_len()
    }

    #[inline]
    fn serialize_to<B: BufMut + ?Sized>(&self, buf: &mut B) {
        (**self).serialize_to(buf)
    }
}
