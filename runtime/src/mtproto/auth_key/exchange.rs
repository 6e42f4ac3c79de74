//! What both sides of the exchange share: the nonces, decoding a peer's message as the
//! type the current step expects, and the big-endian numbers `pq`, `p` and `q`.

use bytes::Bytes;

use super::AuthKeyError;
use crate::{DecodeErrorKind, Deserialize};

/// The three nonces of one exchange, known to both sides from step 4 on.
pub(super) struct Nonces {
    pub(super) nonce: [u8; 16],
    pub(super) server_nonce: [u8; 16],
    pub(super) new_nonce: [u8; 32],
}

impl Nonces {
    /// Checks the two public nonces that every later message repeats.
    pub(super) fn check(
        &self,
        nonce: &[u8; 16],
        server_nonce: &[u8; 16],
    ) -> Result<(), AuthKeyError> {
        check_nonce(nonce, &self.nonce, "nonce")?;
        check_nonce(server_nonce, &self.server_nonce, "server_nonce")
    }
}

/// `got == expected`, or [`AuthKeyError::NonceMismatch`] naming `field`.
pub(super) fn check_nonce(
    got: &[u8; 16],
    expected: &[u8; 16],
    field: &'static str,
) -> Result<(), AuthKeyError> {
    if got == expected {
        Ok(())
    } else {
        Err(AuthKeyError::NonceMismatch { field })
    }
}

/// Compares in time independent of where the inputs differ: the nonce hashes derive
/// from secrets, and a peer should not learn them byte by byte.
pub(super) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Decodes a whole message as `T`. A constructor `T` does not have becomes
/// [`AuthKeyError::UnexpectedMessage`] (the peer sent something this step does not
/// take); any other decoding failure becomes [`AuthKeyError::Malformed`].
pub(super) fn decode<T: Deserialize>(
    body: &[u8],
    expected: &'static str,
) -> Result<T, AuthKeyError> {
    T::from_bytes(Bytes::copy_from_slice(body)).map_err(|error| match *error.kind() {
        DecodeErrorKind::UnexpectedConstructor { id, offset: 0, .. } => {
            AuthKeyError::UnexpectedMessage { expected, id }
        }
        _ => AuthKeyError::Malformed {
            what: expected,
            error,
        },
    })
}

/// A big-endian byte string as a number, if it fits 64 bits (leading zeros allowed).
pub(super) fn be_u64(bytes: &[u8]) -> Option<u64> {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let digits = &bytes[start..];
    let mut buf = [0u8; 8];
    buf.get_mut(8usize.checked_sub(digits.len())?..)?
        .copy_from_slice(digits);
    Some(u64::from_be_bytes(buf))
}

/// `x` as big-endian bytes without leading zeros, as `pq`, `p` and `q` travel.
pub(super) fn be_min(x: u64) -> Bytes {
    let bytes = x.to_be_bytes();
    let start = bytes
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(bytes.len() - 1);
    Bytes::copy_from_slice(&bytes[start..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mtproto::tl::{enums, functions};

    #[test]
    fn numbers() {
        assert_eq!(be_u64(&[]), Some(0));
        assert_eq!(be_u64(&[0, 0, 0x5a, 0x30]), Some(0x5a30));
        assert_eq!(
            be_u64(&[0, 1, 2, 3, 4, 5, 6, 7, 8]),
            Some(0x0102_0304_0506_0708)
        );
        assert_eq!(be_u64(&[1, 2, 3, 4, 5, 6, 7, 8, 9]), None);
        assert_eq!(&be_min(0x5a30_0d4b)[..], [0x5a, 0x30, 0x0d, 0x4b]);
        assert_eq!(&be_min(0)[..], [0]);
        assert_eq!(be_u64(&be_min(u64::MAX)), Some(u64::MAX));
    }

    #[test]
    fn decode_sorts_failures() {
        let wrong = functions::ReqPqMulti { nonce: [7; 16] };
        let body = crate::Serialize::to_bytes(&wrong);
        assert_eq!(
            decode::<enums::ResPq>(&body, "resPQ").unwrap_err(),
            AuthKeyError::UnexpectedMessage {
                expected: "resPQ",
                id: 0xbe7e_8ef1
            }
        );
        assert!(matches!(
            decode::<functions::ReqPqMulti>(&body[..10], "req_pq_multi"),
            Err(AuthKeyError::Malformed {
                what: "req_pq_multi",
                error,
            }) if matches!(error.kind(), DecodeErrorKind::UnexpectedEof { .. })
        ));
        assert!(matches!(
            decode::<functions::ReqPqMulti>(&[], "req_pq_multi"),
            Err(AuthKeyError::Malformed { .. })
        ));
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }
}
