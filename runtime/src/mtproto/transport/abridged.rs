//! The abridged transport: the smallest envelope, lengths counted in 4-byte words.

use bytes::{Buf, BufMut, BytesMut};

use super::{
    DEFAULT_MAX_FRAME_LEN, Frame, Role, TagState, Transport, TransportError, TransportKind,
    check_len, payload_frame,
};

/// Largest word count the 3-byte long form can express.
const MAX_WORDS: usize = 0x00ff_ffff;
/// The header byte announcing the 3-byte long form.
const LONG_FORM: u8 = 0x7f;
/// The quick-ack bit of the header byte.
const QUICK_ACK_BIT: u8 = 0x80;

/// Abridged framing: `len/4` as one byte below 127, else `0x7f` and `len/4` as 3 LE bytes.
#[derive(Debug, Clone)]
pub struct Abridged {
    role: Role,
    tag: TagState,
    max_frame_len: usize,
}

impl Abridged {
    /// A transport for `role` accepting frames up to [`DEFAULT_MAX_FRAME_LEN`].
    pub fn new(role: Role) -> Self {
        Self {
            role,
            tag: TagState::new(TransportKind::Abridged, role),
            max_frame_len: DEFAULT_MAX_FRAME_LEN,
        }
    }

    /// Sets the largest payload the decoder accepts.
    pub fn with_max_frame_len(mut self, max: usize) -> Self {
        self.max_frame_len = max;
        self
    }
}

impl Transport for Abridged {
    fn kind(&self) -> TransportKind {
        TransportKind::Abridged
    }

    fn encode(&mut self, payload: &[u8], out: &mut BytesMut) -> Result<(), TransportError> {
        let len = payload.len();
        if !len.is_multiple_of(4) {
            return Err(TransportError::UnsendablePayload {
                len,
                reason: "abridged lengths count 4-byte words",
            });
        }
        let words = len / 4;
        if words > MAX_WORDS {
            return Err(TransportError::UnsendablePayload {
                len,
                reason: "abridged lengths stop at 2^24 words",
            });
        }
        self.tag.write(out);
        out.reserve(4 + len);
        if words < usize::from(LONG_FORM) {
            out.put_u8(words as u8);
        } else {
            out.put_u8(LONG_FORM);
            out.put_slice(&(words as u32).to_le_bytes()[..3]);
        }
        out.put_slice(payload);
        Ok(())
    }

    fn decode(&mut self, input: &mut BytesMut) -> Result<Option<Frame>, TransportError> {
        if !self.tag.read(input)? {
            return Ok(None);
        }
        let Some(&head) = input.first() else {
            return Ok(None);
        };
        let flagged = head & QUICK_ACK_BIT != 0;
        if flagged && self.role == Role::Client {
            // Server quick acks are the token byte-swapped, with no length header.
            if input.len() < 4 {
                return Ok(None);
            }
            let token = u32::from_be_bytes([input[0], input[1], input[2], input[3]]);
            input.advance(4);
            return Ok(Some(Frame::QuickAck(token)));
        }
        let (header_len, words) = match head & !QUICK_ACK_BIT {
            LONG_FORM if input.len() < 4 => return Ok(None),
            LONG_FORM => (
                4,
                u32::from_le_bytes([input[1], input[2], input[3], 0]) as usize,
            ),
            short => (1, usize::from(short)),
        };
        let len = words * 4;
        check_len(len, self.max_frame_len)?;
        if len == 0 {
            return Err(TransportError::FrameTooShort { len });
        }
        if input.len() < header_len + len {
            return Ok(None);
        }
        input.advance(header_len);
        payload_frame(input.split_to(len), flagged).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(len: usize) -> Vec<u8> {
        (0..len).map(|i| i as u8).collect()
    }

    #[test]
    fn client_encodes_tag_then_short_header() {
        let mut t = Abridged::new(Role::Client);
        let mut out = BytesMut::new();
        t.encode(&[1, 2, 3, 4, 5, 6, 7, 8], &mut out).unwrap();
        assert_eq!(&out[..], &[0xef, 0x02, 1, 2, 3, 4, 5, 6, 7, 8]);
        out.clear();
        t.encode(&[9, 9, 9, 9], &mut out).unwrap();
        assert_eq!(&out[..], &[0x01, 9, 9, 9, 9], "the tag is sent once");
    }

    #[test]
    fn long_form_from_127_words() {
        let mut t = Abridged::new(Role::Server);
        let mut out = BytesMut::new();
        t.encode(&payload(126 * 4), &mut out).unwrap();
        assert_eq!(out[0], 0x7e);
        out.clear();
        t.encode(&payload(127 * 4), &mut out).unwrap();
        assert_eq!(&out[..4], &[0x7f, 0x7f, 0x00, 0x00]);
        assert_eq!(out.len(), 4 + 508);
        out.clear();
        t.encode(&payload(0x1234 * 4), &mut out).unwrap();
        assert_eq!(&out[..4], &[0x7f, 0x34, 0x12, 0x00]);
    }

    #[test]
    fn refuses_unaligned_payload() {
        let mut out = BytesMut::new();
        let err = Abridged::new(Role::Client).encode(&[1, 2, 3], &mut out);
        assert!(matches!(
            err,
            Err(TransportError::UnsendablePayload { len: 3, .. })
        ));
        assert!(out.is_empty(), "nothing written on error");
    }

    #[test]
    fn server_decodes_byte_by_byte() {
        let mut client = Abridged::new(Role::Client);
        let mut wire = BytesMut::new();
        client.encode(&payload(508), &mut wire).unwrap();
        let mut server = Abridged::new(Role::Server);
        let mut input = BytesMut::new();
        let last = wire.len() - 1;
        for (i, b) in wire.iter().enumerate() {
            input.put_u8(*b);
            let got = server.decode(&mut input).unwrap();
            if i < last {
                assert_eq!(got, None, "complete after {i} bytes?");
            } else {
                let data = got.unwrap().into_payload().unwrap();
                assert_eq!(&data[..], &payload(508)[..]);
            }
        }
        assert!(input.is_empty());
    }

    #[test]
    fn server_sees_quick_ack_request() {
        let mut server = Abridged::new(Role::Server);
        let mut input = BytesMut::from(&[0xef, 0x81, 1, 2, 3, 4, 0xff, 0x7f, 0x00, 0x00][..]);
        let frame = server.decode(&mut input).unwrap().unwrap();
        assert_eq!(
            frame,
            Frame::Payload {
                data: BytesMut::from(&[1, 2, 3, 4][..]),
                quick_ack: true
            }
        );
        // 0xff is the long form with the quick-ack bit: 127 words, not yet here.
        assert_eq!(server.decode(&mut input).unwrap(), None);
    }

    #[test]
    fn client_reads_byte_swapped_quick_ack() {
        let mut client = Abridged::new(Role::Client);
        let mut input = BytesMut::from(&[0x9a, 0xbc, 0xde][..]);
        assert_eq!(client.decode(&mut input).unwrap(), None);
        input.put_u8(0xf0);
        assert_eq!(
            client.decode(&mut input).unwrap(),
            Some(Frame::QuickAck(0x9abc_def0))
        );
    }

    #[test]
    fn transport_error_code() {
        let mut client = Abridged::new(Role::Client);
        let mut input = BytesMut::from(&[0x01, 0x6c, 0xfe, 0xff, 0xff][..]);
        assert_eq!(
            client.decode(&mut input),
            Err(TransportError::Peer { code: -404 })
        );
    }

    #[test]
    fn oversized_length_refused_from_header_alone() {
        let mut client = Abridged::new(Role::Client).with_max_frame_len(1024);
        let mut input = BytesMut::from(&[0x7f, 0x01, 0x01, 0x00][..]);
        assert_eq!(
            client.decode(&mut input),
            Err(TransportError::FrameTooLarge {
                len: 0x101 * 4,
                max: 1024
            })
        );
    }

    #[test]
    fn garbage_is_refused() {
        let mut server = Abridged::new(Role::Server);
        let mut input = BytesMut::from(&b"GET / HTTP/1.1"[..]);
        assert_eq!(
            server.decode(&mut input),
            Err(TransportError::BadTag {
                expected: TransportKind::Abridged
            })
        );
        let mut client = Abridged::new(Role::Client);
        let mut input = BytesMut::from(&[0x00, 0x01][..]);
        assert_eq!(
            client.decode(&mut input),
            Err(TransportError::FrameTooShort { len: 0 })
        );
    }
}
