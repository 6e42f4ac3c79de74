//! The server reading `encrypted_data` of `req_DH_params`: RSA_PAD, or the older scheme
//! `RSA(SHA1(data) ‖ data ‖ random padding to 255 bytes)` that some clients (Telethon
//! among them) still send.

use bytes::Bytes;
use sha1::{Digest, Sha1};

use super::AuthKeyError;
use super::rsa::{RsaPrivateKey, unpad_rsa_pad};
use crate::Deserialize;
use crate::Reader;
use crate::mtproto::tl::enums::PQInnerData;

/// The old scheme's plaintext: one zero byte (it is a 255-byte number), the SHA-1, data.
const SHA1_RAW_DATA_AT: usize = 1 + 20;

/// How a client encrypted its `p_q_inner_data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InnerDataScheme {
    /// RSA_PAD, the current scheme (<https://core.telegram.org/mtproto/auth_key>, 4.1).
    RsaPad,
    /// `RSA(SHA1(data) ‖ data ‖ padding)` without a padding scheme, the one RSA_PAD
    /// replaced.
    Sha1Raw,
}

/// Decrypts and parses the `p_q_inner_data*` of `req_DH_params` under either scheme.
///
/// RSA_PAD is tried first; only when its SHA-256 fails is the block read the old way,
/// whose SHA-1 must then cover exactly the bytes of one well-formed `p_q_inner_data*`.
/// Random bytes pass the SHA-256 with odds 2^-256 and the SHA-1 with 2^-160, so no
/// message is read under the wrong scheme.
pub(super) fn decrypt_pq_inner_data(
    key: &RsaPrivateKey,
    encrypted: &[u8],
) -> Result<(PQInnerData, InnerDataScheme), AuthKeyError> {
    let block = key.decrypt_raw(encrypted)?;
    match unpad_rsa_pad(block) {
        Ok(with_padding) => {
            // The TL data comes first; the rest of the 192 bytes is random padding.
            let mut r = Reader::new(Bytes::copy_from_slice(&with_padding));
            let data =
                PQInnerData::deserialize(&mut r).map_err(|error| AuthKeyError::Malformed {
                    what: "p_q_inner_data",
                    error,
                })?;
            Ok((data, InnerDataScheme::RsaPad))
        }
        Err(AuthKeyError::RsaPadHashMismatch) => sha1_raw(&block)
            .map(|data| (data, InnerDataScheme::Sha1Raw))
            .ok_or(AuthKeyError::InnerDataUnreadable),
        Err(other) => Err(other),
    }
}

/// The old layout, if `block` holds it: zero, SHA-1, then data the SHA-1 covers.
fn sha1_raw(block: &[u8; 256]) -> Option<PQInnerData> {
    if block[0] != 0 {
        return None;
    }
    let hash = &block[1..SHA1_RAW_DATA_AT];
    let rest = &block[SHA1_RAW_DATA_AT..];
    // The data length is not stated: it is however many bytes one value takes.
    let mut r = Reader::new(Bytes::copy_from_slice(rest));
    let data = PQInnerData::deserialize(&mut r).ok()?;
    let len = r.position();
    (Sha1::digest(&rest[..len])[..] == *hash).then_some(data)
}

/// The client side of the old scheme, for tests that play such a client:
/// `0 ‖ SHA1(data) ‖ data ‖ random`, 256 bytes, raised to `e`.
#[cfg(test)]
pub(super) fn encrypt_sha1_raw(
    key: &super::RsaPublicKey,
    data: &[u8],
    fill_random: &mut impl FnMut(&mut [u8]),
) -> [u8; 256] {
    let mut block = [0u8; 256];
    block[1..SHA1_RAW_DATA_AT].copy_from_slice(&Sha1::digest(data));
    let end = SHA1_RAW_DATA_AT + data.len();
    block[SHA1_RAW_DATA_AT..end].copy_from_slice(data);
    fill_random(&mut block[end..]);
    key.encrypt_raw(&block)
        .expect("a leading zero keeps the block below n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Serialize;
    use crate::mtproto::auth_key::testing::counter;
    use crate::mtproto::test_vectors::{hex, sample};

    fn sample_inner() -> PQInnerData {
        PQInnerData::from_bytes(hex(sample::PQ_INNER_DATA)).unwrap()
    }

    #[test]
    fn reads_both_schemes() {
        let key = RsaPrivateKey::test_key();
        let data = sample_inner().to_bytes();
        let pad = key
            .public_key()
            .encrypt_rsa_pad(&data, &mut counter(1))
            .unwrap();
        let raw = encrypt_sha1_raw(key.public_key(), &data, &mut counter(2));
        assert_eq!(
            decrypt_pq_inner_data(&key, &pad),
            Ok((sample_inner(), InnerDataScheme::RsaPad))
        );
        assert_eq!(
            decrypt_pq_inner_data(&key, &raw),
            Ok((sample_inner(), InnerDataScheme::Sha1Raw))
        );
    }

    #[test]
    fn refuses_what_neither_scheme_explains() {
        let key = RsaPrivateKey::test_key();
        let data = sample_inner().to_bytes();
        // A tampered SHA-1 (the first byte after the leading zero).
        let mut block = [0u8; 256];
        block[1..21].copy_from_slice(&Sha1::digest(&data));
        block[1] ^= 1;
        block[21..21 + data.len()].copy_from_slice(&data);
        let tampered = key.public_key().encrypt_raw(&block).unwrap();
        assert_eq!(
            decrypt_pq_inner_data(&key, &tampered),
            Err(AuthKeyError::InnerDataUnreadable)
        );
        // A valid SHA-1 over bytes that are not a p_q_inner_data.
        let junk = [0x55u8; 100];
        block[1..21].copy_from_slice(&Sha1::digest(junk));
        block[21..121].copy_from_slice(&junk);
        let not_tl = key.public_key().encrypt_raw(&block).unwrap();
        assert_eq!(
            decrypt_pq_inner_data(&key, &not_tl),
            Err(AuthKeyError::InnerDataUnreadable)
        );
        // RSA_PAD around data that does not parse.
        let pad = key
            .public_key()
            .encrypt_rsa_pad(&[0xff; 40], &mut counter(3))
            .unwrap();
        assert!(matches!(
            decrypt_pq_inner_data(&key, &pad),
            Err(AuthKeyError::Malformed {
                what: "p_q_inner_data",
                ..
            })
        ));
        assert_eq!(
            decrypt_pq_inner_data(&key, &[1; 100]),
            Err(AuthKeyError::RsaBadCiphertext)
        );
    }
}
