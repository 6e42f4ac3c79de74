//! The intermediate transport: a 4-byte little-endian length before each payload.

use bytes::{Buf, BufMut, BytesMut};

use super::{
    DEFAULT_MAX_FRAME_LEN, Frame, Role, TagState, Transport, TransportError, TransportKind,
    check_len, le_u32, payload_frame,
};

/// The quick-ack bit of the length field.
const QUICK_ACK_BIT: u32 = 0x8000_0000;

/// Intermediate framing: `len` as 4 LE bytes, then the payload.
#[derive(Debug, Clone)]
pub struct Intermediate {
    role: Role,
    tag: TagState,
    max_frame_len: usize,
}

impl Intermediate {
    /// A transport for `role` accepting frames up to [`DEFAULT_MAX_FRAME_LEN`].
    pub fn new(role: Role) -> Self {
        Self {
            role,
            tag: TagState::new(TransportKind::Intermediate, role),
            max_frame_len: DEFAULT_MAX_FRAME_LEN,
        }
    }

    /// Sets the largest payload the decoder accepts.
    pub fn with_max_frame_len(mut self, max: usize) -> Self {
        self.max_frame_len = max;
        self
    }
}

impl Transport for Intermediate {
    fn kind(&self) -> TransportKind {
        TransportKind::Intermediate
    }

    fn encode(&mut self, payload: &[u8], out: &mut BytesMut) -> Result<(), TransportError> {
        let len = checked_len(payload.len())?;
        self.tag.write(out);
        out.reserve(4 + payload.len());
        out.put_u32_le(len);
        out.put_slice(payload);
        Ok(())
    }

    fn decode(&mut self, input: &mut BytesMut) -> Result<Option<Frame>, TransportError> {
        if !self.tag.read(input)? {
            return Ok(None);
        }
        Ok(
            match split_frame(input, self.role, self.max_frame_len, true)? {
                None => None,
                Some(Split::QuickAck(token)) => Some(Frame::QuickAck(token)),
                Some(Split::Data { data, quick_ack }) => Some(payload_frame(data, quick_ack)?),
            },
        )
    }
}

/// The length field for a payload of `len` bytes; bit 31 is reserved for quick acks.
pub(super) fn checked_len(len: usize) -> Result<u32, TransportError> {
    u32::try_from(len)
        .ok()
        .filter(|l| l & QUICK_ACK_BIT == 0)
        .ok_or(TransportError::UnsendablePayload {
            len,
            reason: "intermediate lengths stop at 2^31",
        })
}

/// One length-prefixed unit, before transport-specific interpretation.
pub(super) enum Split {
    /// The bytes after the length field, and whether the quick-ack bit was set.
    Data { data: BytesMut, quick_ack: bool },
    /// A bare 4-byte quick-ack token.
    QuickAck(u32),
}

/// Splits one length-prefixed unit off `input`, shared with the padded transport.
///
/// `bare_acks`: a client reads a length with bit 31 set as a quick-ack token (the
/// padded transport frames its acks instead).
pub(super) fn split_frame(
    input: &mut BytesMut,
    role: Role,
    max: usize,
    bare_acks: bool,
) -> Result<Option<Split>, TransportError> {
    if input.len() < 4 {
        return Ok(None);
    }
    let raw = le_u32(input, 0);
    let flagged = raw & QUICK_ACK_BIT != 0;
    if flagged && role == Role::Client && bare_acks {
        input.advance(4);
        return Ok(Some(Split::QuickAck(raw)));
    }
    // Where acks are framed (padded), a flagged length reaching a client is just an
    // oversized one, refused below.
    let quick_ack = flagged && role == Role::Server;
    let len = if quick_ack { raw & !QUICK_ACK_BIT } else { raw } as usize;
    check_len(len, max)?;
    if len == 0 {
        return Err(TransportError::FrameTooShort { len });
    }
    if input.len() < 4 + len {
        return Ok(None);
    }
    input.advance(4);
    Ok(Some(Split::Data {
        data: input.split_to(len),
        quick_ack,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_encodes_tag_then_length() {
        let mut t = Intermediate::new(Role::Client);
        let mut out = BytesMut::new();
        t.encode(&[0xaa, 0xbb, 0xcc, 0xdd, 0x11], &mut out).unwrap();
        assert_eq!(
            &out[..],
            &[
                0xee, 0xee, 0xee, 0xee, 0x05, 0x00, 0x00, 0x00, 0xaa, 0xbb, 0xcc, 0xdd, 0x11
            ]
        );
        out.clear();
        t.encode(&[1, 2, 3, 4], &mut out).unwrap();
        assert_eq!(&out[..], &[4, 0, 0, 0, 1, 2, 3, 4]);
    }

    #[test]
    fn server_needs_tag_then_whole_frame() {
        let mut server = Intermediate::new(Role::Server);
        let mut input = BytesMut::from(&[0xee, 0xee][..]);
        assert_eq!(server.decode(&mut input).unwrap(), None);
        input.put_slice(&[0xee, 0xee, 0x08, 0x00, 0x00]);
        assert_eq!(server.decode(&mut input).unwrap(), None);
        input.put_slice(&[0x00, 1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(server.decode(&mut input).unwrap(), None);
        input.put_slice(&[8, 0xff]);
        let data = server.decode(&mut input).unwrap().unwrap().into_payload();
        assert_eq!(data.as_deref(), Some(&[1, 2, 3, 4, 5, 6, 7, 8][..]));
        assert_eq!(&input[..], &[0xff], "the next frame's bytes stay");
    }

    #[test]
    fn quick_ack_both_ways() {
        let mut server = Intermediate::new(Role::Server);
        let mut input = BytesMut::from(&[0xee, 0xee, 0xee, 0xee, 4, 0, 0, 0x80, 9, 9, 9, 9][..]);
        assert_eq!(
            server.decode(&mut input).unwrap(),
            Some(Frame::Payload {
                data: BytesMut::from(&[9, 9, 9, 9][..]),
                quick_ack: true
            })
        );
        let mut client = Intermediate::new(Role::Client);
        let mut input = BytesMut::from(&[0x78, 0x56, 0x34, 0x92][..]);
        assert_eq!(
            client.decode(&mut input).unwrap(),
            Some(Frame::QuickAck(0x9234_5678))
        );
    }

    #[test]
    fn transport_error_code() {
        let mut client = Intermediate::new(Role::Client);
        // -429 = 0xfffffe53
        let mut input = BytesMut::from(&[4, 0, 0, 0, 0x53, 0xfe, 0xff, 0xff][..]);
        assert_eq!(
            client.decode(&mut input),
            Err(TransportError::Peer { code: -429 })
        );
    }

    #[test]
    fn oversized_and_garbage() {
        let mut client = Intermediate::new(Role::Client);
        let mut input = BytesMut::from(&[0x00, 0x00, 0x00, 0x7f][..]);
        assert_eq!(
            client.decode(&mut input),
            Err(TransportError::FrameTooLarge {
                len: 0x7f00_0000,
                max: DEFAULT_MAX_FRAME_LEN
            })
        );
        let mut server = Intermediate::new(Role::Server);
        let mut input = BytesMut::from(&[0xee, 0xee, 0xef][..]);
        assert_eq!(
            server.decode(&mut input),
            Err(TransportError::BadTag {
                expected: TransportKind::Intermediate
            })
        );
    }
}
