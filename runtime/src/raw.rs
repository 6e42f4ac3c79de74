use bytes::{BufMut, Bytes};

use crate::{Deserialize, Reader, Serialize};

/// An already serialized TL value kept as bytes: what a generic `!X` query holds when a
/// server unwraps `invokeWithLayer`, `initConnection` and the like before it knows the
/// inner method. Reading takes every byte left, so it is only right as the last field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Raw(pub Bytes);

impl Serialize for Raw {
    fn serialized_len(&self) -> usize {
        self.0.len()
    }
    fn serialize_to<B: BufMut + ?Sized>(&self, buf: &mut B) {
        buf.put_slice(&self.0);
    }
}

impl Deserialize for Raw {
    fn deserialize(r: &mut Reader) -> crate::Result<Self> {
        Ok(Raw(r.read_rest()))
    }
}
