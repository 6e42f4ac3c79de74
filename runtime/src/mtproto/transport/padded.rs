//! The padded intermediate transport: intermediate plus 0..15 random trailing bytes.

use std::fmt;

use bytes::{BufMut, BytesMut};

use super::intermediate::{Split, checked_len, split_frame};
use super::{
    DEFAULT_MAX_FRAME_LEN, Frame, Role, TagState, Transport, TransportError, TransportKind, le_u32,
};

/// Frames shorter than this hold no MTProto message: the plain header alone is 20 bytes
/// plus a 4-byte constructor, and an encrypted one is 24 bytes plus ciphertext.
const MIN_MESSAGE_LEN: usize = 24;
/// The spec's bound on a quick-ack frame: header, token and up to 8 padding bytes.
const MAX_QUICK_ACK_LEN: usize = 16;
/// The spec's bound on the padding.
const MAX_PADDING: usize = 15;

/// The injected source of padding bytes.
type FillRandom = Box<dyn FnMut(&mut [u8]) + Send>;

/// Padded intermediate framing: `len(payload + padding)` as 4 LE bytes, the payload,
/// then 0..15 random bytes.
///
/// The envelope does not say where the payload ends, so the decoder finds it from the
/// MTProto message inside: a plain message (auth_key_id 0) states its length, and an
/// encrypted one is 24 bytes plus a multiple of 16. Payloads that are neither (and are
/// not a transport error or quick ack) are refused.
pub struct PaddedIntermediate {
    role: Role,
    tag: TagState,
    max_frame_len: usize,
    fill_random: FillRandom,
}

impl PaddedIntermediate {
    /// A transport for `role` taking padding from `fill_random` (which must fill the
    /// slice with cryptographically secure bytes) and accepting frames up to
    /// [`DEFAULT_MAX_FRAME_LEN`].
    pub fn new(role: Role, fill_random: impl FnMut(&mut [u8]) + Send + 'static) -> Self {
        Self {
            role,
            tag: TagState::new(TransportKind::PaddedIntermediate, role),
            max_frame_len: DEFAULT_MAX_FRAME_LEN,
            fill_random: Box::new(fill_random),
        }
    }

    /// Sets the largest frame (payload plus padding) the decoder accepts.
    pub fn with_max_frame_len(mut self, max: usize) -> Self {
        self.max_frame_len = max;
        self
    }

    /// Interprets one unit: a control frame, or a message with its padding removed.
    fn unpad(&self, mut data: BytesMut, quick_ack: bool) -> Result<Frame, TransportError> {
        let len = data.len();
        let bad = TransportError::BadPadding { len };
        if len < 4 {
            return Err(bad);
        }
        let head = le_u32(&data, 0);
        if len < MIN_MESSAGE_LEN {
            return if head == u32::MAX && self.role == Role::Client && len >= 8 {
                if len > MAX_QUICK_ACK_LEN {
                    return Err(bad);
                }
                Ok(Frame::QuickAck(le_u32(&data, 4)))
            } else if (head as i32) < 0 {
                Err(TransportError::Peer { code: head as i32 })
            } else {
                Err(bad)
            };
        }
        let plain = data[..8] == [0; 8];
        let keep = if plain {
            20usize.checked_add(le_u32(&data, 16) as usize)
        } else {
            Some(len - (len - MIN_MESSAGE_LEN) % 16)
        };
        match keep {
            Some(keep) if keep <= len && len - keep <= MAX_PADDING => {
                data.truncate(keep);
                Ok(Frame::Payload { data, quick_ack })
            }
            _ => Err(bad),
        }
    }
}

impl fmt::Debug for PaddedIntermediate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaddedIntermediate")
            .field("role", &self.role)
            .field("tag", &self.tag)
            .field("max_frame_len", &self.max_frame_len)
            .finish_non_exhaustive()
    }
}

impl Transport for PaddedIntermediate {
    fn kind(&self) -> TransportKind {
        TransportKind::PaddedIntermediate
    }

    fn encode(&mut self, payload: &[u8], out: &mut BytesMut) -> Result<(), TransportError> {
        let mut pick = [0u8];
        (self.fill_random)(&mut pick);
        let padding = usize::from(pick[0]) & MAX_PADDING;
        let len = checked_len(payload.len() + padding)?;
        self.tag.write(out);
        out.reserve(4 + len as usize);
        out.put_u32_le(len);
        out.put_slice(payload);
        let start = out.len();
        out.resize(start + padding, 0);
        (self.fill_random)(&mut out[start..]);
        Ok(())
    }

    fn decode(&mut self, input: &mut BytesMut) -> Result<Option<Frame>, TransportError> {
        if !self.tag.read(input)? {
            return Ok(None);
        }
        match split_frame(input, self.role, self.max_frame_len, false)? {
            None => Ok(None),
            Some(Split::Data { data, quick_ack }) => self.unpad(data, quick_ack).map(Some),
            // Unreachable with bare_acks = false; refusing keeps it panic-free.
            Some(Split::QuickAck(_)) => Err(TransportError::BadPadding { len: 4 }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plain (unencrypted) MTProto message: auth_key_id 0, msg_id, length, body.
    fn plain_message(body: &[u8]) -> Vec<u8> {
        let mut m = vec![0u8; 8];
        m.extend_from_slice(&0x51e5_7ac4_2aa2_0000u64.to_le_bytes());
        m.extend_from_slice(&(body.len() as u32).to_le_bytes());
        m.extend_from_slice(body);
        m
    }

    /// The shape of an encrypted message: key id, msg_key, `blocks` cipher blocks.
    fn encrypted_message(blocks: usize) -> Vec<u8> {
        (0..24 + 16 * blocks).map(|i| (i * 7 + 1) as u8).collect()
    }

    fn constant(byte: u8) -> impl FnMut(&mut [u8]) + Send + 'static {
        move |buf: &mut [u8]| buf.fill(byte)
    }

    /// A deterministic byte stream for round trips (not for production use).
    fn counter() -> impl FnMut(&mut [u8]) + Send + 'static {
        let mut state = 0x2545_f491u32;
        move |buf: &mut [u8]| {
            for b in buf {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                *b = state as u8;
            }
        }
    }

    #[test]
    fn client_encodes_tag_length_payload_padding() {
        // 0xa5 & 15 = 5 bytes of padding, themselves 0xa5.
        let mut t = PaddedIntermediate::new(Role::Client, constant(0xa5));
        let mut out = BytesMut::new();
        t.encode(&[1, 2, 3, 4], &mut out).unwrap();
        assert_eq!(
            &out[..],
            &[
                0xdd, 0xdd, 0xdd, 0xdd, 9, 0, 0, 0, 1, 2, 3, 4, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5
            ]
        );
        out.clear();
        let mut t = PaddedIntermediate::new(Role::Server, constant(0x30));
        t.encode(&[1, 2, 3, 4], &mut out).unwrap();
        assert_eq!(&out[..], &[4, 0, 0, 0, 1, 2, 3, 4], "no tag, no padding");
    }

    #[test]
    fn round_trip_strips_padding_from_both_message_shapes() {
        let messages = [
            plain_message(&[0xf1, 0x8e, 0x7e, 0xbe, 1, 2, 3, 4]),
            encrypted_message(3),
            plain_message(&[7; 40]),
            encrypted_message(1),
        ];
        let mut client = PaddedIntermediate::new(Role::Client, counter());
        let mut server = PaddedIntermediate::new(Role::Server, counter());
        let mut wire = BytesMut::new();
        for _ in 0..8 {
            for m in &messages {
                client.encode(m, &mut wire).unwrap();
            }
        }
        for _ in 0..8 {
            for m in &messages {
                let got = server.decode(&mut wire).unwrap().unwrap().into_payload();
                assert_eq!(got.as_deref(), Some(&m[..]));
            }
        }
        assert!(wire.is_empty());
    }

    #[test]
    fn partial_frame_waits() {
        let mut client = PaddedIntermediate::new(Role::Client, constant(0x0f));
        let mut wire = BytesMut::new();
        client.encode(&encrypted_message(2), &mut wire).unwrap();
        let mut server = PaddedIntermediate::new(Role::Server, constant(0));
        let mut input = wire.split_to(wire.len() - 1);
        assert_eq!(server.decode(&mut input).unwrap(), None);
        input.unsplit(wire);
        let got = server.decode(&mut input).unwrap().unwrap().into_payload();
        assert_eq!(got.as_deref(), Some(&encrypted_message(2)[..]));
    }

    #[test]
    fn control_frames_with_padding() {
        let mut client = PaddedIntermediate::new(Role::Client, constant(0));
        // -404 and three padding bytes.
        let mut input = BytesMut::from(&[7, 0, 0, 0, 0x6c, 0xfe, 0xff, 0xff, 1, 2, 3][..]);
        assert_eq!(
            client.decode(&mut input),
            Err(TransportError::Peer { code: -404 })
        );
        // All-ones header, token, two padding bytes.
        let mut input = BytesMut::from(
            &[
                10, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03, 0x84, 9, 9,
            ][..],
        );
        assert_eq!(
            client.decode(&mut input).unwrap(),
            Some(Frame::QuickAck(0x8403_0201))
        );
    }

    #[test]
    fn refuses_frames_holding_no_message() {
        let mut server = PaddedIntermediate::new(Role::Server, constant(0));
        let mut input = BytesMut::from(&[0xdd, 0xdd, 0xdd, 0xdd][..]);
        let mut message = plain_message(&[1, 2, 3, 4]);
        message[16] = 0xff; // states a body longer than the frame
        input.put_u32_le(message.len() as u32);
        input.put_slice(&message);
        assert_eq!(
            server.decode(&mut input),
            Err(TransportError::BadPadding { len: 24 })
        );
        let mut input = BytesMut::from(&[6, 0, 0, 0, 1, 0, 0, 0, 0, 0][..]);
        assert_eq!(
            server.decode(&mut input),
            Err(TransportError::BadPadding { len: 6 })
        );
    }

    #[test]
    fn refuses_more_than_fifteen_padding_bytes() {
        let mut server = PaddedIntermediate::new(Role::Server, constant(0));
        let mut input = BytesMut::from(&[0xdd, 0xdd, 0xdd, 0xdd][..]);
        let mut message = plain_message(&[1, 2, 3, 4]);
        message.extend_from_slice(&[0; 16]);
        input.put_u32_le(message.len() as u32);
        input.put_slice(&message);
        assert_eq!(
            server.decode(&mut input),
            Err(TransportError::BadPadding { len: 40 })
        );
    }

    #[test]
    fn oversized_length_refused() {
        let mut client = PaddedIntermediate::new(Role::Client, constant(0)).with_max_frame_len(64);
        let mut input = BytesMut::from(&[65, 0, 0, 0][..]);
        assert_eq!(
            client.decode(&mut input),
            Err(TransportError::FrameTooLarge { len: 65, max: 64 })
        );
    }
}
