//! TL vectors. `Vec<T>` is the boxed `Vector<T>` through [`Serialize`]/[`Deserialize`] and the
//! bare `vector<T>` through [`Bare`]; the functions here cover vectors of bare items
//! (`Vector<%T>`, `vector<%T>`), for which generated code writes the header itself.

use bytes::BufMut;

use crate::wire::VECTOR_ID;
use crate::{Bare, DecodeError, Deserialize, Reader, Serialize};

/// The most bytes a vector reserves up front. A count is already bounded by the input
/// size, but items can be far larger in memory than on the wire (an enum of a few hundred
/// bytes from a 4-byte constructor), so a lying count could still reserve a lot; past this
/// the vector grows as items actually decode.
const MAX_PREALLOC_BYTES: usize = 1 << 20;

/// Reads a vector's count (see [`Reader::read_vector_len`]) and then that many items with
/// `item`. The boxed vector's id, if any, must already be consumed.
#[inline]
pub fn read_items<T>(
    r: &mut Reader,
    min_item_size: usize,
    mut item: impl FnMut(&mut Reader) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    let count = r.read_vector_len(min_item_size)?;
    let cap = MAX_PREALLOC_BYTES / size_of::<T>().max(1);
    let mut out = Vec::with_capacity(count.min(cap));
    for _ in 0..count {
        out.push(item(r)?);
    }
    Ok(out)
}

/// Writes a vector's count as TL's `i32`.
#[inline]
pub fn put_count<B: BufMut + ?Sized>(buf: &mut B, len: usize) {
    debug_assert!(
        len <= i32::MAX as usize,
        "a TL vector holds at most i32::MAX items"
    );
    buf.put_i32_le(len as i32)
}

/// Wire length of `items` in bare form, without any vector header.
#[inline]
pub fn bare_items_len<T: Bare>(items: &[T]) -> usize {
    items.iter().map(Bare::bare_len).sum()
}

/// Writes `items` in bare form, without any vector header.
#[inline]
pub fn put_bare_items<B: BufMut + ?Sized, T: Bare>(buf: &mut B, items: &[T]) {
    for item in items {
        item.serialize_bare(buf);
    }
}

#[inline]
fn items_len<T: Serialize>(items: &[T]) -> usize {
    items.iter().map(Serialize::serialized_len).sum()
}

#[inline]
fn put_items<B: BufMut + ?Sized, T: Serialize>(buf: &mut B, items: &[T]) {
    for item in items {
        item.serialize_to(buf);
    }
}

impl<T: Serialize> Serialize for Vec<T> {
    #[inline]
    fn serialized_len(&self) -> usize {
        8 + items_len(self)
    }

    #[inline]
    fn serialize_to<B: BufMut + ?Sized>(&self, buf: &mut B) {
        buf.put_u32_le(VECTOR_ID);
        put_count(buf, self.len());
        put_items(buf, self);
    }
}

impl<T: Deserialize> Deserialize for Vec<T> {
    const MIN_WIRE_LEN: usize = 8;

    #[inline]
    fn deserialize(r: &mut Reader) -> Result<Self, DecodeError> {
        r.expect_id(VECTOR_ID, "Vector")?;
        read_items(r, T::MIN_WIRE_LEN, T::deserialize)
    }
}

/// The bare `vector<T>`: the count and the items, no vector id.
impl<T: Serialize + Deserialize> Bare for Vec<T> {
    #[inline]
    fn bare_len(&self) -> usize {
        4 + items_len(self)
    }

    #[inline]
    fn serialize_bare<B: BufMut + ?Sized>(&self, buf: &mut B) {
        put_count(buf, self.len());
        put_items(buf, self);
    }

    #[inline]
    fn deserialize_bare(r: &mut Reader) -> Result<Self, DecodeError> {
        read_items(r, T::MIN_WIRE_LEN, T::deserialize)
    }
}
