//! MTProto TCP transports, sans-IO: bytes in, frames out.
//!
//! Each transport wraps MTProto payloads in an envelope
//! (<https://core.telegram.org/mtproto/mtproto-transports>). A [`Transport`] value holds the
//! state of one connection in one [`Role`]: the client writes the protocol tag before its
//! first frame, the server consumes it before decoding the first frame. A server that
//! does not yet know which transport a client chose calls [`detect`] on the first bytes.
//!
//! Decoding copies nothing and never sizes a buffer from a peer's length: a frame is
//! split off the caller's buffer once it is all there, and a length above the
//! configured maximum is refused as soon as the header is readable.

mod abridged;
mod full;
mod intermediate;
mod padded;

pub use abridged::Abridged;
pub use full::Full;
pub use intermediate::Intermediate;
pub use padded::PaddedIntermediate;

use bytes::{Buf, BytesMut};

/// Default largest frame accepted by a decoder: 16 MiB, well above the 1 MiB of the
/// largest legitimate MTProto message (a file part plus its envelope).
pub const DEFAULT_MAX_FRAME_LEN: usize = 16 * 1024 * 1024;

/// The side of the connection a transport value speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Opens the connection and sends the protocol tag first.
    Client,
    /// Accepts the connection and expects the protocol tag first.
    Server,
}

/// The four TCP transports of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransportKind {
    /// One length byte (or `0x7f` + 3 bytes) counting 4-byte words; tag `0xef`.
    Abridged,
    /// A 4-byte length; tag `0xeeeeeeee`.
    Intermediate,
    /// Intermediate with 0..15 random bytes after each payload; tag `0xdddddddd`.
    PaddedIntermediate,
    /// Length, sequence number, payload and CRC32; no tag.
    Full,
}

impl TransportKind {
    /// The bytes a client sends before its first frame.
    pub fn tag(self) -> &'static [u8] {
        match self {
            TransportKind::Abridged => &[0xef],
            TransportKind::Intermediate => &[0xee; 4],
            TransportKind::PaddedIntermediate => &[0xdd; 4],
            TransportKind::Full => &[],
        }
    }
}

/// One decoded unit of a transport stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// An MTProto payload, envelope and padding removed.
    Payload {
        /// The payload bytes, split off the input buffer without a copy.
        data: BytesMut,
        /// The sender set the quick-ack bit (seen by a server only).
        quick_ack: bool,
    },
    /// A quick-ack token the server returned for a payload (seen by a client only).
    QuickAck(u32),
}

impl Frame {
    /// The payload, or `None` for a quick ack.
    pub fn into_payload(self) -> Option<BytesMut> {
        match self {
            Frame::Payload { data, .. } => Some(data),
            Frame::QuickAck(_) => None,
        }
    }
}

/// Why a transport refused to encode or decode.
///
/// Apart from [`TransportError::Peer`], every decoding error leaves the stream at an
/// unknown position: drop the connection.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// The peer sent a transport error code in place of a payload: `-404` (auth key
    /// not found or malformed packet), `-429` (transport flood), `-444` (invalid DC), …
    #[error("the peer sent transport error {code}")]
    Peer {
        /// The negative code as sent.
        code: i32,
    },
    /// A frame header announces more bytes than the configured maximum.
    #[error("frame of {len} bytes exceeds the maximum of {max}")]
    FrameTooLarge {
        /// Announced length in bytes.
        len: usize,
        /// The configured maximum.
        max: usize,
    },
    /// A frame is too short to hold what its transport requires.
    #[error("frame of {len} bytes is too short")]
    FrameTooShort {
        /// Length in bytes.
        len: usize,
    },
    /// A full-transport frame whose CRC32 does not match its bytes.
    #[error("CRC32 mismatch: frame says {expected:#010x}, bytes give {actual:#010x}")]
    BadChecksum {
        /// The checksum in the frame.
        expected: u32,
        /// The checksum of the received bytes.
        actual: u32,
    },
    /// A full-transport frame out of sequence (lost, repeated or injected).
    #[error("transport sequence number {actual}, expected {expected}")]
    BadSeqNo {
        /// The next number this side expected.
        expected: u32,
        /// The number in the frame.
        actual: u32,
    },
    /// A server-side stream does not start with this transport's tag.
    #[error("the stream does not start with the {expected:?} tag")]
    BadTag {
        /// The transport whose tag was expected.
        expected: TransportKind,
    },
    /// [`detect`] saw none of the known tags (obfuscated and HTTP transports are not
    /// handled here).
    #[error("unknown transport protocol")]
    UnknownProtocol,
    /// A padded-intermediate frame holds no well-formed MTProto message.
    #[error("padded frame of {len} bytes holds no MTProto message")]
    BadPadding {
        /// Frame length in bytes.
        len: usize,
    },
    /// A payload to send cannot be expressed by this transport.
    #[error("cannot send a payload of {len} bytes: {reason}")]
    UnsendablePayload {
        /// Payload length in bytes.
        len: usize,
        /// What the transport requires.
        reason: &'static str,
    },
}

/// A stateful MTProto transport for one connection.
pub trait Transport {
    /// Which of the four transports this is.
    fn kind(&self) -> TransportKind;

    /// Appends `payload` in this transport's envelope to `out`, preceded by the tag if
    /// this is a client's first frame.
    fn encode(&mut self, payload: &[u8], out: &mut BytesMut) -> Result<(), TransportError>;

    /// Splits the next complete frame off the front of `input`.
    ///
    /// Returns `Ok(None)` and leaves `input` as it was (apart from a consumed tag) when
    /// more bytes are needed.
    fn decode(&mut self, input: &mut BytesMut) -> Result<Option<Frame>, TransportError>;
}

/// A boxed transport of `kind` for `role`, e.g. for a server after [`detect`].
///
/// `fill_random` supplies the padding of [`PaddedIntermediate`] (cryptographically
/// secure bytes); the other transports never call it.
pub fn new_transport(
    kind: TransportKind,
    role: Role,
    fill_random: impl FnMut(&mut [u8]) + Send + 'static,
) -> Box<dyn Transport + Send> {
    match kind {
        TransportKind::Abridged => Box::new(Abridged::new(role)),
        TransportKind::Intermediate => Box::new(Intermediate::new(role)),
        TransportKind::PaddedIntermediate => Box::new(PaddedIntermediate::new(role, fill_random)),
        TransportKind::Full => Box::new(Full::new()),
    }
}

/// Which transport a client chose, from the first bytes it sent.
///
/// Returns `Ok(None)` while the bytes so far could still begin more than one transport.
/// Nothing is consumed: pass the same bytes to the chosen transport in the server role.
pub fn detect(first: &[u8]) -> Result<Option<TransportKind>, TransportError> {
    let Some(&head) = first.first() else {
        return Ok(None);
    };
    if head == 0xef {
        return Ok(Some(TransportKind::Abridged));
    }
    // A tag byte can't begin a full frame: its length is 12 + 4k, never ≡ 0xdd or 0xee.
    for kind in [
        TransportKind::Intermediate,
        TransportKind::PaddedIntermediate,
    ] {
        let tag = kind.tag();
        let seen = first.len().min(tag.len());
        if first[..seen] == tag[..seen] {
            return Ok((seen == tag.len()).then_some(kind));
        }
    }
    // Full sends no tag; its first frame carries sequence number 0 in bytes 4..8.
    if first.len() < 8 {
        return Ok(None);
    }
    if first[4..8] == [0; 4] {
        Ok(Some(TransportKind::Full))
    } else {
        Err(TransportError::UnknownProtocol)
    }
}

/// The protocol tag handling shared by the tagged transports.
#[derive(Debug, Clone)]
pub(crate) struct TagState {
    kind: TransportKind,
    role: Role,
    done: bool,
}

impl TagState {
    pub(crate) fn new(kind: TransportKind, role: Role) -> Self {
        Self {
            kind,
            role,
            done: false,
        }
    }

    /// Writes the client's tag once, before its first frame.
    pub(crate) fn write(&mut self, out: &mut BytesMut) {
        if self.role == Role::Client && !self.done {
            out.extend_from_slice(self.kind.tag());
            self.done = true;
        }
    }

    /// Consumes the tag at the start of a server's input; `Ok(false)` while incomplete.
    pub(crate) fn read(&mut self, input: &mut BytesMut) -> Result<bool, TransportError> {
        if self.role == Role::Client || self.done {
            return Ok(true);
        }
        let tag = self.kind.tag();
        let seen = input.len().min(tag.len());
        if input[..seen] != tag[..seen] {
            return Err(TransportError::BadTag {
                expected: self.kind,
            });
        }
        if seen < tag.len() {
            return Ok(false);
        }
        input.advance(tag.len());
        self.done = true;
        Ok(true)
    }
}

/// Reads a little-endian u32 at `at`; the caller has checked the length.
pub(crate) fn le_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// A 4-byte payload holding a negative number is a transport error, not a message.
pub(crate) fn payload_frame(data: BytesMut, quick_ack: bool) -> Result<Frame, TransportError> {
    if data.len() == 4 {
        let code = le_u32(&data, 0) as i32;
        if code < 0 {
            return Err(TransportError::Peer { code });
        }
    }
    Ok(Frame::Payload { data, quick_ack })
}

/// Refuses an announced frame length above `max` before any byte of it is buffered.
pub(crate) fn check_len(len: usize, max: usize) -> Result<(), TransportError> {
    if len > max {
        Err(TransportError::FrameTooLarge { len, max })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detect_recognises_each_tag() {
        assert_eq!(detect(&[0xef]), Ok(Some(TransportKind::Abridged)));
        assert_eq!(
            detect(&[0xee, 0xee, 0xee, 0xee, 0x14]),
            Ok(Some(TransportKind::Intermediate))
        );
        assert_eq!(
            detect(&[0xdd; 4]),
            Ok(Some(TransportKind::PaddedIntermediate))
        );
        let full_first = [0x20, 0, 0, 0, 0, 0, 0, 0, 0xaa];
        assert_eq!(detect(&full_first), Ok(Some(TransportKind::Full)));
    }

    /// A plain MTProto message, so that the padded transport can find its end.
    fn message(body_words: u32) -> Vec<u8> {
        let mut m = vec![0u8; 16];
        m.extend_from_slice(&(body_words * 4).to_le_bytes());
        m.extend((0..body_words * 4).map(|i| i as u8));
        m
    }

    #[test]
    fn every_kind_round_trips_both_ways_after_detect() {
        let kinds = [
            TransportKind::Abridged,
            TransportKind::Intermediate,
            TransportKind::PaddedIntermediate,
            TransportKind::Full,
        ];
        for kind in kinds {
            let mut client = new_transport(kind, Role::Client, |b: &mut [u8]| b.fill(0x37));
            let mut wire = BytesMut::new();
            for words in [1, 126, 127, 300] {
                client.encode(&message(words), &mut wire).unwrap();
            }
            assert_eq!(detect(&wire), Ok(Some(kind)));
            let mut server = new_transport(kind, Role::Server, |b: &mut [u8]| b.fill(0x0b));
            let mut back = BytesMut::new();
            for words in [1, 126, 127, 300] {
                let got = server.decode(&mut wire).unwrap().unwrap().into_payload();
                assert_eq!(got.as_deref(), Some(&message(words)[..]), "{kind:?}");
                server.encode(&message(words), &mut back).unwrap();
            }
            assert!(wire.is_empty());
            for words in [1, 126, 127, 300] {
                let got = client.decode(&mut back).unwrap().unwrap().into_payload();
                assert_eq!(got.as_deref(), Some(&message(words)[..]), "{kind:?}");
            }
        }
    }

    #[test]
    fn detect_waits_for_enough_bytes() {
        assert_eq!(detect(&[]), Ok(None));
        assert_eq!(detect(&[0xee, 0xee]), Ok(None));
        assert_eq!(detect(&[0xdd, 0xdd, 0xdd]), Ok(None));
        assert_eq!(detect(&[0x20, 0, 0, 0, 0, 0]), Ok(None));
    }

    #[test]
    fn detect_refuses_unknown_protocols() {
        assert_eq!(
            detect(b"POST / HTTP/1.1"),
            Err(TransportError::UnknownProtocol)
        );
        // An intermediate-like start that breaks off is not intermediate.
        assert_eq!(
            detect(&[0xee, 0xee, 0x01, 0x00, 0x05, 0x00, 0x00, 0x00]),
            Err(TransportError::UnknownProtocol)
        );
    }
}
