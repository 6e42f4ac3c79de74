//! The differential check against grammers-tl-types 0.11, generic over the two types that
//! stand for one TL definition: ours (from the generated `full` bindings) and grammers'.
//!
//! For a filled value of ours: (a) grammers decodes our bytes, consuming all of them, and
//! re-encodes exactly our bytes; (b) our decoder reads grammers' bytes back to a value equal to
//! ours. (b) matters even when (a) holds: it is our decoder reading bytes another
//! implementation produced.

use std::fmt::Debug;

use grammers_tl_types::{Cursor, Deserializable, Identifiable, Serializable};
use tl_runtime::Bytes;
use tl_runtime::fill::{Fill, Filler};
use tl_runtime::{Deserialize, Serialize};

/// A `DIFFERENTIAL` entry's check.
pub type Check = fn(&mut Filler) -> Result<(), String>;

/// A constructor: `Theirs` is grammers' enum of its boxed type (reads and writes the id, as
/// our constructor struct does).
pub fn check_type<Ours, Theirs>(g: &mut Filler) -> Result<(), String>
where
    Ours: Fill + Serialize + Deserialize + PartialEq + Debug,
    Theirs: Serializable + Deserializable,
{
    let value = Ours::fill(g);
    let ours = value.to_bytes();
    let theirs = decode_all::<Theirs>(&translate_ids(&ours, Side::Grammers))
        .map_err(|e| cannot_decode(&e, &ours))?
        .to_bytes();
    compare(&value, &ours, &translate_ids(&theirs, Side::Ours))
}

/// A method: `Theirs` is grammers' request struct. grammers writes a request's id but reads
/// requests bare (its generated `Deserializable` skips the id), so the id is checked here and
/// the rest handed to grammers.
pub fn check_function<Ours, Theirs>(g: &mut Filler) -> Result<(), String>
where
    Ours: Fill + Serialize + Deserialize + PartialEq + Debug,
    Theirs: Serializable + Deserializable + Identifiable,
{
    let value = Ours::fill(g);
    let ours = value.to_bytes();
    let for_grammers = translate_ids(&ours, Side::Grammers);
    let id = for_grammers
        .get(..4)
        .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")));
    if id != Some(Theirs::CONSTRUCTOR_ID) {
        return Err(format!(
            "request id {id:08x?}, grammers expects {:08x}\n  ours:     {}",
            Theirs::CONSTRUCTOR_ID,
            hex(&ours)
        ));
    }
    let theirs = decode_all::<Theirs>(&for_grammers[4..])
        .map_err(|e| cannot_decode(&e, &ours))?
        .to_bytes();
    compare(&value, &ours, &translate_ids(&theirs, Side::Ours))
}

fn cannot_decode(e: &str, ours: &[u8]) -> String {
    format!(
        "grammers cannot decode our bytes: {e}\n  ours:     {}",
        hex(ours)
    )
}

/// Decodes with grammers and requires every byte to be used: bytes left over would mean the
/// two sides disagree on where the value ends.
fn decode_all<T: Deserializable>(bytes: &[u8]) -> Result<T, String> {
    let mut cursor = Cursor::from_slice(bytes);
    let value = T::deserialize(&mut cursor).map_err(|e| format!("{e:?}"))?;
    if cursor.pos() != bytes.len() {
        return Err(format!(
            "{} of {} bytes left over",
            bytes.len() - cursor.pos(),
            bytes.len()
        ));
    }
    Ok(value)
}

/// Whose constructor ids a buffer should carry.
#[derive(Clone, Copy)]
enum Side {
    Ours,
    Grammers,
}

/// Rewrites the ids of `crate::table::ID_FIXUPS` (definitions grammers gives another id) to
/// `to`'s id at every word boundary, so the rest of those encodings is still compared. Every
/// TL value is a whole number of 4-byte words, so ids only ever sit at word boundaries; a
/// random `bytes` payload could hold the same word by chance (odds 2^-32 per word, and the
/// seeds are fixed, so such a case would fail the same way every run, never pass wrongly).
fn translate_ids(bytes: &[u8], to: Side) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for word in out.chunks_exact_mut(4) {
        let w = u32::from_le_bytes((&*word).try_into().expect("4 bytes"));
        for &(_, ours, grammers) in crate::table::ID_FIXUPS {
            let (from, into) = match to {
                Side::Grammers => (ours, grammers),
                Side::Ours => (grammers, ours),
            };
            if w == from {
                word.copy_from_slice(&into.to_le_bytes());
            }
        }
    }
    out
}

fn compare<Ours>(value: &Ours, ours: &[u8], theirs: &[u8]) -> Result<(), String>
where
    Ours: Serialize + Deserialize + PartialEq + Debug,
{
    if ours != theirs {
        let at = ours
            .iter()
            .zip(theirs)
            .position(|(a, b)| a != b)
            .unwrap_or(ours.len().min(theirs.len()));
        return Err(format!(
            "grammers re-encodes differently (first difference at byte {at}; {} vs {} bytes)\n  \
             ours:     {}\n  grammers: {}",
            ours.len(),
            theirs.len(),
            hex(ours),
            hex(theirs)
        ));
    }
    if value.serialized_len() != ours.len() {
        return Err(format!(
            "serialized_len {} but {} bytes written\n  ours:     {}",
            value.serialized_len(),
            ours.len(),
            hex(ours)
        ));
    }
    let back = Ours::from_bytes(Bytes::copy_from_slice(theirs)).map_err(|e| {
        format!(
            "our decoder rejects grammers' bytes: {e}\n  grammers: {}",
            hex(theirs)
        )
    })?;
    if &back != value {
        return Err(format!(
            "our decoder reads grammers' bytes as a different value\n  read:     {back:?}\n  \
             expected: {value:?}\n  grammers: {}",
            hex(theirs)
        ));
    }
    Ok(())
}

/// Lower-case hex, a space every 4 bytes (one TL word) so the two dumps line up by eye.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2 + bytes.len() / 4);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            s.push(' ');
        }
        s.push_str(&format!("{b:02x}"));
    }
    s
}
