//! The full transport: length, sequence number, payload and CRC32.

use bytes::{Buf, BufMut, BytesMut};

use super::{
    DEFAULT_MAX_FRAME_LEN, Frame, Transport, TransportError, TransportKind, check_len, le_u32,
    payload_frame,
};

/// Length, sequence number and CRC32 fields together.
const OVERHEAD: usize = 12;

/// Full framing: `len` (the whole frame, this field included), the connection's
/// sequence number (0 for the first frame each way), the payload, then the CRC32 of all
/// of those. There is no tag, and no quick ack.
#[derive(Debug, Clone)]
pub struct Full {
    send_seq: u32,
    recv_seq: u32,
    max_frame_len: usize,
}

impl Full {
    /// A transport for either role (the framing is symmetric) accepting frames up to
    /// [`DEFAULT_MAX_FRAME_LEN`].
    pub fn new() -> Self {
        Self {
            send_seq: 0,
            recv_seq: 0,
            max_frame_len: DEFAULT_MAX_FRAME_LEN,
        }
    }

    /// Sets the largest frame (overhead included) the decoder accepts.
    pub fn with_max_frame_len(mut self, max: usize) -> Self {
        self.max_frame_len = max;
        self
    }
}

impl Default for Full {
    fn default() -> Self {
        Self::new()
    }
}

impl Transport for Full {
    fn kind(&self) -> TransportKind {
        TransportKind::Full
    }

    fn encode(&mut self, payload: &[u8], out: &mut BytesMut) -> Result<(), TransportError> {
        let len = payload
            .len()
            .checked_add(OVERHEAD)
            .and_then(|l| u32::try_from(l).ok())
            .ok_or(TransportError::UnsendablePayload {
                len: payload.len(),
                reason: "full lengths stop at 2^32",
            })?;
        out.reserve(len as usize);
        let start = out.len();
        out.put_u32_le(len);
        out.put_u32_le(self.send_seq);
        out.put_slice(payload);
        let crc = crc32fast::hash(&out[start..]);
        out.put_u32_le(crc);
        self.send_seq = self.send_seq.wrapping_add(1);
        Ok(())
    }

    fn decode(&mut self, input: &mut BytesMut) -> Result<Option<Frame>, TransportError> {
        if input.len() < 4 {
            return Ok(None);
        }
        let len = le_u32(input, 0) as usize;
        check_len(len, self.max_frame_len)?;
        if len < OVERHEAD {
            return Err(TransportError::FrameTooShort { len });
        }
        if input.len() < len {
            return Ok(None);
        }
        let expected = le_u32(input, len - 4);
        let actual = crc32fast::hash(&input[..len - 4]);
        if expected != actual {
            return Err(TransportError::BadChecksum { expected, actual });
        }
        let seq = le_u32(input, 4);
        if seq != self.recv_seq {
            return Err(TransportError::BadSeqNo {
                expected: self.recv_seq,
                actual: seq,
            });
        }
        self.recv_seq = self.recv_seq.wrapping_add(1);
        input.advance(8);
        let data = input.split_to(len - OVERHEAD);
        input.advance(4);
        payload_frame(data, false).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // CRCs below from Python's zlib.crc32 over the same bytes.
    const FIRST: [u8; 20] = [
        0x14, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0xe0, 0x6e, 0x45, 0x84,
    ];
    const SECOND: [u8; 16] = [
        0x10, 0, 0, 0, 1, 0, 0, 0, 0x11, 0x22, 0x33, 0x44, 0xc0, 0x69, 0xd1, 0xed,
    ];

    #[test]
    fn encodes_length_seq_payload_crc() {
        let mut t = Full::new();
        let mut out = BytesMut::new();
        t.encode(&[1, 2, 3, 4, 5, 6, 7, 8], &mut out).unwrap();
        assert_eq!(&out[..], &FIRST);
        out.clear();
        t.encode(&[0x11, 0x22, 0x33, 0x44], &mut out).unwrap();
        assert_eq!(&out[..], &SECOND);
    }

    #[test]
    fn decodes_in_sequence_and_waits_for_partial() {
        let mut t = Full::new();
        let mut input = BytesMut::from(&FIRST[..3]);
        assert_eq!(t.decode(&mut input).unwrap(), None);
        input.put_slice(&FIRST[3..19]);
        assert_eq!(t.decode(&mut input).unwrap(), None);
        input.put_slice(&FIRST[19..]);
        input.put_slice(&SECOND);
        let one = t.decode(&mut input).unwrap().unwrap().into_payload();
        assert_eq!(one.as_deref(), Some(&[1, 2, 3, 4, 5, 6, 7, 8][..]));
        let two = t.decode(&mut input).unwrap().unwrap().into_payload();
        assert_eq!(two.as_deref(), Some(&[0x11, 0x22, 0x33, 0x44][..]));
        assert!(input.is_empty());
    }

    #[test]
    fn bad_crc() {
        let mut frame = FIRST;
        frame[9] ^= 0x40;
        let mut t = Full::new();
        let err = t.decode(&mut BytesMut::from(&frame[..])).unwrap_err();
        assert!(
            matches!(
                err,
                TransportError::BadChecksum {
                    expected: 0x8445_6ee0,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn bad_seq() {
        let mut t = Full::new();
        assert_eq!(
            t.decode(&mut BytesMut::from(&SECOND[..])),
            Err(TransportError::BadSeqNo {
                expected: 0,
                actual: 1
            })
        );
        t.decode(&mut BytesMut::from(&FIRST[..])).unwrap();
        assert_eq!(
            t.decode(&mut BytesMut::from(&FIRST[..])),
            Err(TransportError::BadSeqNo {
                expected: 1,
                actual: 0
            }),
            "a replayed frame is refused"
        );
    }

    #[test]
    fn transport_error_code() {
        let frame = [
            0x10, 0, 0, 0, 0, 0, 0, 0, 0x6c, 0xfe, 0xff, 0xff, 0x0d, 0x2f, 0x41, 0x07,
        ];
        assert_eq!(
            Full::new().decode(&mut BytesMut::from(&frame[..])),
            Err(TransportError::Peer { code: -404 })
        );
    }

    #[test]
    fn oversized_and_undersized_lengths() {
        let mut t = Full::new().with_max_frame_len(1 << 10);
        assert_eq!(
            t.decode(&mut BytesMut::from(&[0x01, 0x04, 0, 0][..])),
            Err(TransportError::FrameTooLarge {
                len: 0x401,
                max: 1 << 10
            })
        );
        assert_eq!(
            Full::new().decode(&mut BytesMut::from(&[0x08, 0, 0, 0][..])),
            Err(TransportError::FrameTooShort { len: 8 })
        );
    }

    #[test]
    fn garbage_fails_the_checksum() {
        let mut garbage = BytesMut::from(&b"\x1c\0\0\0GET / HTTP/1.1\r\nHost: x\r\n\r\n"[..]);
        assert!(matches!(
            Full::new().decode(&mut garbage),
            Err(TransportError::BadChecksum { .. })
        ));
    }
}
