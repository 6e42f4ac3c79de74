//! Type-directed reads for generated code: `let user_id = r.read()?;` lets the struct field's
//! type pick the decoder, which keeps the generated source (and its compile time) small.

use crate::{Bare, DecodeError, Deserialize, Reader};

impl Reader {
    /// Reads a `T` in its natural (boxed where TL boxes it) form.
    #[inline]
    pub fn read<T: Deserialize>(&mut self) -> Result<T, DecodeError> {
        T::deserialize(self)
    }

    /// Reads a `T` in its bare form (a constructor's fields without its id).
    #[inline]
    pub fn read_bare<T: Bare>(&mut self) -> Result<T, DecodeError> {
        T::deserialize_bare(self)
    }
}
