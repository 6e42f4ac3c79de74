use bytes::Bytes;

use crate::{DecodeError, Reader};

/// A value that can be read from TL binary form (the boxed form, for types that have one).
pub trait Deserialize: Sized {
    /// The fewest bytes any encoding of `Self` takes. Vectors use it to reject an impossible
    /// item count before allocating. The default, 4, holds for every boxed type (its
    /// constructor id alone is 4 bytes); override it only with a value that is never too big,
    /// or valid input will be rejected.
    const MIN_WIRE_LEN: usize = 4;

    /// Reads one value.
    fn deserialize(r: &mut Reader) -> Result<Self, DecodeError>;

    /// Decodes a whole buffer; bytes left over are an error ([`DecodeErrorKind::TrailingBytes`](crate::DecodeErrorKind::TrailingBytes)),
    /// because they usually mean the wrong type or schema layer was assumed.
    #[inline]
    fn from_bytes(data: impl Into<Bytes>) -> Result<Self, DecodeError> {
        let mut r = Reader::new(data.into());
        // The decoder's result is returned as it is, not unwrapped and wrapped again, so that
        // it can be built in place: the value is not moved once more on the way out.
        let value = Self::deserialize(&mut r);
        match r.finish() {
            Err(e) if value.is_ok() => Err(e),
            _ => value,
        }
    }
}

impl<T: Deserialize> Deserialize for Box<T> {
    const MIN_WIRE_LEN: usize = T::MIN_WIRE_LEN;

    #[inline]
    fn deserialize(r: &mut Reader) -> Result<Self, DecodeError> {
        T::deserialize(r).map(Box::new)
    }
}
