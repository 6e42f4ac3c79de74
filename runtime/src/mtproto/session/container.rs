//! `msg_container#73f1f8dc messages:vector<message>` with
//! `message msg_id:long seqno:int bytes:int body:Object`, read and written by hand: the
//! generated `Message` reads its body to the end of input, but inside a container each
//! body is exactly `bytes` long.

use bytes::{BufMut, Bytes};

use super::error::ContainerError;
use crate::mtproto::Side;
use crate::mtproto::tl::types::MsgContainer;
use crate::{Identifiable, Reader};

/// Most messages in one container.
pub const MAX_CONTAINER_MESSAGES: usize = 1020;

/// Most bytes of a container body this crate sends (constructor id, count and messages):
/// about 1 MiB, the size the server accepts in one container. A single message bigger
/// than this is sent alone, outside any container.
pub const MAX_CONTAINER_BYTES: usize = 1 << 20;

/// Constructor id of `msg_container`.
pub(super) const CONTAINER_ID: u32 = MsgContainer::CONSTRUCTOR_ID;

/// `msg_id`, `seqno` and `bytes` before each body.
pub(super) const MESSAGE_HEADER_LEN: usize = 16;

/// Constructor id and count before the messages.
pub(super) const CONTAINER_HEADER_LEN: usize = 8;

/// One message: top-level, or taken out of a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Inner {
    /// Its msg_id.
    pub msg_id: i64,
    /// Its seq_no.
    pub seq_no: i32,
    /// The serialized object.
    pub body: Bytes,
}

/// Whether `body` starts with the `msg_container` constructor id.
pub(super) fn is_container(body: &[u8]) -> bool {
    body.first_chunk::<4>()
        .is_some_and(|id| u32::from_le_bytes(*id) == CONTAINER_ID)
}

/// Splits a container (its whole body, constructor id included) sent by `sender` in the
/// message `container_msg_id`. Every message must have the sender's msg_id parity and a
/// msg_id below the container's, a body of whole words that is not another container,
/// and the messages must fill the body exactly.
pub(super) fn parse_container(
    body: Bytes,
    container_msg_id: i64,
    sender: Side,
) -> Result<Vec<Inner>, ContainerError> {
    let mut r = Reader::new(body);
    let truncated = |index| ContainerError::Truncated { index };
    r.read_u32().map_err(|_| truncated(0))?;
    let count = r.read_i32().map_err(|_| truncated(0))?;
    let n = usize::try_from(count)
        .ok()
        .filter(|&n| n <= MAX_CONTAINER_MESSAGES)
        .ok_or(ContainerError::TooManyMessages { count })?;
    if n * MESSAGE_HEADER_LEN > r.remaining() {
        return Err(truncated(r.remaining() / MESSAGE_HEADER_LEN));
    }
    let mut out = Vec::with_capacity(n);
    for index in 0..n {
        let msg_id = r.read_i64().map_err(|_| truncated(index))?;
        let seq_no = r.read_i32().map_err(|_| truncated(index))?;
        let bytes = r.read_i32().map_err(|_| truncated(index))?;
        let len = usize::try_from(bytes)
            .ok()
            .filter(|&l| l >= 4 && l % 4 == 0 && l <= r.remaining())
            .ok_or(ContainerError::BadLength { index, bytes })?;
        let body = r.read_raw(len).map_err(|_| truncated(index))?;
        let parity_ok = match sender {
            Side::Client => msg_id % 4 == 0,
            Side::Server => msg_id % 2 != 0,
        };
        if !parity_ok || msg_id >= container_msg_id {
            return Err(ContainerError::BadMsgId { index, msg_id });
        }
        if is_container(&body) {
            return Err(ContainerError::Nested { index });
        }
        out.push(Inner {
            msg_id,
            seq_no,
            body,
        });
    }
    match r.remaining() {
        0 => Ok(out),
        remaining => Err(ContainerError::TrailingBytes { remaining }),
    }
}

/// Serializes a container holding `messages`, in order.
#[cfg(test)]
pub(super) fn write_container(messages: &[Inner]) -> Vec<u8> {
    let mut out = Vec::with_capacity(container_len(messages));
    put_container(&mut out, messages);
    out
}

/// The length of [`write_container`]'s output.
pub(super) fn container_len(messages: &[Inner]) -> usize {
    CONTAINER_HEADER_LEN
        + messages
            .iter()
            .map(|m| MESSAGE_HEADER_LEN + m.body.len())
            .sum::<usize>()
}

/// [`write_container`] into a buffer (the plaintext being built, saving a copy).
pub(super) fn put_container(out: &mut impl BufMut, messages: &[Inner]) {
    out.put_u32_le(CONTAINER_ID);
    out.put_i32_le(i32::try_from(messages.len()).unwrap_or(i32::MAX));
    for m in messages {
        out.put_i64_le(m.msg_id);
        out.put_i32_le(m.seq_no);
        out.put_i32_le(i32::try_from(m.body.len()).unwrap_or(i32::MAX));
        out.put_slice(&m.body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(msg_id: i64, seq_no: i32, body: &[u8]) -> Inner {
        Inner {
            msg_id,
            seq_no,
            body: Bytes::copy_from_slice(body),
        }
    }

    #[test]
    fn round_trip() {
        let msgs = vec![
            inner(4, 1, &[1, 2, 3, 4]),
            inner(8, 3, &[5, 6, 7, 8, 9, 10, 11, 12]),
        ];
        let bytes = write_container(&msgs);
        assert_eq!(&bytes[..8], &[0xdc, 0xf8, 0xf1, 0x73, 2, 0, 0, 0]);
        assert_eq!(parse_container(bytes.into(), 12, Side::Client), Ok(msgs));
    }

    fn parse(bytes: Vec<u8>) -> Result<Vec<Inner>, ContainerError> {
        parse_container(bytes.into(), 100, Side::Client)
    }

    #[test]
    fn refuses_bad_counts_lengths_and_ids() {
        let good = write_container(&[inner(4, 1, &[1, 2, 3, 4])]);
        let mut c = good.clone();
        c[4..8].copy_from_slice(&2000i32.to_le_bytes());
        assert_eq!(
            parse(c),
            Err(ContainerError::TooManyMessages { count: 2000 })
        );
        let mut c = good.clone();
        c[4..8].copy_from_slice(&(-1i32).to_le_bytes());
        assert_eq!(parse(c), Err(ContainerError::TooManyMessages { count: -1 }));
        let mut c = good.clone();
        c[4..8].copy_from_slice(&2i32.to_le_bytes());
        assert_eq!(parse(c), Err(ContainerError::Truncated { index: 1 }));
        for bytes in [8i32, 6, 0, -4] {
            let mut c = good.clone();
            c[20..24].copy_from_slice(&bytes.to_le_bytes());
            assert_eq!(parse(c), Err(ContainerError::BadLength { index: 0, bytes }));
        }
        assert_eq!(
            parse(write_container(&[inner(6, 1, &[0; 4])])),
            Err(ContainerError::BadMsgId {
                index: 0,
                msg_id: 6
            })
        );
        assert_eq!(
            parse(write_container(&[inner(100, 1, &[0; 4])])),
            Err(ContainerError::BadMsgId {
                index: 0,
                msg_id: 100
            })
        );
        let mut c = good.clone();
        c.extend_from_slice(&[0; 4]);
        assert_eq!(
            parse(c),
            Err(ContainerError::TrailingBytes { remaining: 4 })
        );
        assert_eq!(
            parse(good[..6].to_vec()),
            Err(ContainerError::Truncated { index: 0 })
        );
    }

    #[test]
    fn refuses_nested_containers() {
        let nested = write_container(&[inner(4, 1, &[0; 4])]);
        let outer = write_container(&[inner(4, 1, &[0; 4]), inner(8, 2, &nested)]);
        assert_eq!(parse(outer), Err(ContainerError::Nested { index: 1 }));
    }
}
