//! `gzip_packed#3072cfa1 packed_data:bytes = Object`: a value the server compressed. Unpacking
//! is capped, so a few kilobytes of hostile input cannot expand into gigabytes.

use std::io::Read;

use bytes::Bytes;
use flate2::read::GzDecoder;

use crate::{DecodeError, DecodeErrorKind, Deserialize, Reader};

/// Constructor id of `gzip_packed`.
pub const GZIP_PACKED_ID: u32 = 0x3072cfa1;

/// Default cap on an unpacked value: Telegram's largest objects are a few megabytes.
pub const DEFAULT_MAX_UNPACKED: usize = 16 * 1024 * 1024;

/// Unpacks gzip data, refusing output larger than `max` bytes (checked while inflating, so
/// no more than `max + 1` bytes are ever produced).
pub fn gunzip(packed: &[u8], max: usize) -> Result<Bytes, DecodeError> {
    let mut out = Vec::with_capacity(packed.len().saturating_mul(4).min(max));
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    GzDecoder::new(packed)
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| {
            DecodeError::from(DecodeErrorKind::Decompress {
                offset: 0,
                message: e.to_string(),
            })
        })?;
    if out.len() > max {
        return Err(DecodeErrorKind::Decompress {
            offset: 0,
            message: format!("unpacked data exceeds the {max}-byte cap"),
        }
        .into());
    }
    Ok(out.into())
}

/// Decodes a `T` that may arrive wrapped in `gzip_packed` (as results and updates may),
/// unpacking at most `max_unpacked` bytes. The unpacked value must be exactly one `T`.
pub fn deserialize_maybe_packed<T: Deserialize>(
    r: &mut Reader,
    max_unpacked: usize,
) -> Result<T, DecodeError> {
    if r.peek_u32()? != GZIP_PACKED_ID {
        return T::deserialize(r);
    }
    let offset = r.position();
    r.read_u32()?;
    let packed = r.read_bytes()?;
    let unpacked = gunzip(&packed, max_unpacked).map_err(|e| match e.into_kind() {
        DecodeErrorKind::Decompress { message, .. } => {
            DecodeErrorKind::Decompress { offset, message }.into()
        }
        other => DecodeError::from(other),
    })?;
    T::from_bytes(unpacked)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::{Compression, write::GzEncoder};

    use super::*;
    use crate::Serialize;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn packed(data: &[u8]) -> Vec<u8> {
        let mut out = GZIP_PACKED_ID.to_le_bytes().to_vec();
        crate::wire::put_bytes(&mut out, &gzip(data));
        out
    }

    #[test]
    fn unpacks_a_packed_value() {
        let value: Vec<i64> = (0..1000).collect();
        let mut r = Reader::new(packed(&value.to_bytes()).into());
        let back: Vec<i64> = deserialize_maybe_packed(&mut r, DEFAULT_MAX_UNPACKED).unwrap();
        assert_eq!(back, value);
        assert_eq!(r.remaining(), 0);
    }

    #[test]
    fn plain_values_pass_through() {
        let mut r = Reader::new(42i32.to_bytes().into());
        assert_eq!(deserialize_maybe_packed::<i32>(&mut r, 16).unwrap(), 42);
    }

    #[test]
    fn a_gzip_bomb_stops_at_the_cap() {
        // 64 MiB of zeros packs into about 64 KiB.
        let bomb = packed(&vec![0u8; 64 << 20]);
        assert!(bomb.len() < 200_000, "{}", bomb.len());
        let mut r = Reader::new(bomb.into());
        let err = deserialize_maybe_packed::<Vec<i64>>(&mut r, 1 << 20).unwrap_err();
        match err.into_kind() {
            DecodeErrorKind::Decompress { offset, message } => {
                assert_eq!(offset, 0);
                assert!(message.contains("cap"), "{message}");
            }
            e => panic!("expected Decompress, got {e:?}"),
        }
    }

    #[test]
    fn corrupt_gzip_is_an_error() {
        let mut data = GZIP_PACKED_ID.to_le_bytes().to_vec();
        crate::wire::put_bytes(&mut data, b"not gzip at all");
        let mut r = Reader::new(data.into());
        assert!(matches!(
            deserialize_maybe_packed::<i32>(&mut r, 1024).map_err(DecodeError::into_kind),
            Err(DecodeErrorKind::Decompress { .. })
        ));
    }
}
