//! The nonce-derived keys and hashes of the key exchange
//! (<https://core.telegram.org/mtproto/auth_key>, steps 5–9).

use sha1::{Digest, Sha1};

use super::AuthKeyError;
use crate::mtproto::crypto::AuthKey;
use crate::mtproto::ige::{aes256_ige_decrypt, aes256_ige_encrypt};

/// Length of the SHA-1 that prefixes the encrypted inner data.
const SHA1_LEN: usize = 20;

/// The temporary AES-256-IGE key and IV protecting `server_DH_inner_data` and
/// `client_DH_inner_data`:
///
/// - `key = SHA1(new_nonce ‖ server_nonce) ‖ SHA1(server_nonce ‖ new_nonce)[0..12]`
/// - `iv = SHA1(server_nonce ‖ new_nonce)[12..20] ‖ SHA1(new_nonce ‖ new_nonce) ‖ new_nonce[0..4]`
pub fn tmp_aes_key_iv(new_nonce: &[u8; 32], server_nonce: &[u8; 16]) -> ([u8; 32], [u8; 32]) {
    let ns = Sha1::new()
        .chain_update(new_nonce)
        .chain_update(server_nonce)
        .finalize();
    let sn = Sha1::new()
        .chain_update(server_nonce)
        .chain_update(new_nonce)
        .finalize();
    let nn = Sha1::new()
        .chain_update(new_nonce)
        .chain_update(new_nonce)
        .finalize();
    let mut key = [0u8; 32];
    key[..20].copy_from_slice(&ns);
    key[20..].copy_from_slice(&sn[..12]);
    let mut iv = [0u8; 32];
    iv[..8].copy_from_slice(&sn[12..]);
    iv[8..28].copy_from_slice(&nn);
    iv[28..].copy_from_slice(&new_nonce[..4]);
    (key, iv)
}

/// Decrypts `encrypted_answer` of `server_DH_params_ok` and checks
/// `answer_with_hash = SHA1(answer) ‖ answer ‖ 0..15 random bytes`, returning `answer`
/// (the serialized `server_DH_inner_data`).
pub fn decrypt_server_dh_answer(
    encrypted_answer: &[u8],
    tmp_key: &[u8; 32],
    tmp_iv: &[u8; 32],
) -> Result<Vec<u8>, AuthKeyError> {
    decrypt_with_hash(encrypted_answer, tmp_key, tmp_iv)
}

/// The server's side of [`encrypt_client_dh_inner`]: decrypts `encrypted_data` of
/// `set_client_DH_params` and checks its SHA-1, returning the serialized
/// `client_DH_inner_data`.
pub fn decrypt_client_dh_inner(
    encrypted_data: &[u8],
    tmp_key: &[u8; 32],
    tmp_iv: &[u8; 32],
) -> Result<Vec<u8>, AuthKeyError> {
    decrypt_with_hash(encrypted_data, tmp_key, tmp_iv)
}

/// The server's side of [`decrypt_server_dh_answer`]: encrypts the serialized
/// `server_DH_inner_data` as `AES-IGE(SHA1(answer) ‖ answer ‖ padding)`, the padding
/// (0..15 bytes, to a multiple of 16) drawn from `fill_random`.
pub fn encrypt_server_dh_answer(
    answer: &[u8],
    tmp_key: &[u8; 32],
    tmp_iv: &[u8; 32],
    fill_random: &mut impl FnMut(&mut [u8]),
) -> Result<Vec<u8>, AuthKeyError> {
    encrypt_with_hash(answer, tmp_key, tmp_iv, fill_random)
}

/// Encrypts the serialized `client_DH_inner_data` as
/// `AES-IGE(SHA1(data) ‖ data ‖ padding)`, the padding (0..15 bytes, to a multiple of
/// 16) drawn from `fill_random`.
pub fn encrypt_client_dh_inner(
    data: &[u8],
    tmp_key: &[u8; 32],
    tmp_iv: &[u8; 32],
    fill_random: &mut impl FnMut(&mut [u8]),
) -> Result<Vec<u8>, AuthKeyError> {
    encrypt_with_hash(data, tmp_key, tmp_iv, fill_random)
}

/// Both directions of step 5–6 share one layout: `SHA1(data) ‖ data ‖ 0..15 bytes`.
fn decrypt_with_hash(
    encrypted: &[u8],
    tmp_key: &[u8; 32],
    tmp_iv: &[u8; 32],
) -> Result<Vec<u8>, AuthKeyError> {
    let mut plain = encrypted.to_vec();
    aes256_ige_decrypt(tmp_key, tmp_iv, &mut plain)?;
    let Some((hash, rest)) = plain.split_first_chunk::<SHA1_LEN>() else {
        return Err(AuthKeyError::AnswerHashMismatch);
    };
    // The padding length is not stated: the one split whose hash matches is the answer.
    let answer_len = (0..16)
        .filter_map(|pad| rest.len().checked_sub(pad))
        .find(|&len| Sha1::digest(&rest[..len])[..] == hash[..])
        .ok_or(AuthKeyError::AnswerHashMismatch)?;
    Ok(rest[..answer_len].to_vec())
}

fn encrypt_with_hash(
    data: &[u8],
    tmp_key: &[u8; 32],
    tmp_iv: &[u8; 32],
    fill_random: &mut impl FnMut(&mut [u8]),
) -> Result<Vec<u8>, AuthKeyError> {
    let unpadded = SHA1_LEN + data.len();
    let mut buf = Vec::with_capacity(unpadded + 15);
    buf.extend_from_slice(&Sha1::digest(data));
    buf.extend_from_slice(data);
    buf.resize(unpadded.next_multiple_of(16), 0);
    fill_random(&mut buf[unpadded..]);
    aes256_ige_encrypt(tmp_key, tmp_iv, &mut buf)?;
    Ok(buf)
}

/// The server's verdict on `set_client_DH_params`, which selects the nonce hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DhGenOutcome {
    /// `dh_gen_ok`: `new_nonce_hash1`.
    Ok,
    /// `dh_gen_retry`: `new_nonce_hash2`.
    Retry,
    /// `dh_gen_fail`: `new_nonce_hash3`.
    Fail,
}

/// `new_nonce_hash1/2/3`: the lower 128 bits of
/// `SHA1(new_nonce ‖ [1|2|3] ‖ auth_key_aux_hash)`. Compare with the value in the
/// server's answer to learn that it computed the same key.
pub fn new_nonce_hash(new_nonce: &[u8; 32], outcome: DhGenOutcome, auth_key: &AuthKey) -> [u8; 16] {
    let number = match outcome {
        DhGenOutcome::Ok => 1u8,
        DhGenOutcome::Retry => 2,
        DhGenOutcome::Fail => 3,
    };
    let digest = Sha1::new()
        .chain_update(new_nonce)
        .chain_update([number])
        .chain_update(&Sha1::digest(auth_key.bytes())[..8])
        .finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[4..]);
    out
}

/// `auth_key_aux_hash`, the 64 higher-order bits of `SHA1(auth_key)`, as a TL `long`:
/// the `retry_id` of the next attempt after `dh_gen_retry`.
pub fn auth_key_aux_hash(auth_key: &AuthKey) -> i64 {
    let digest = Sha1::digest(auth_key.bytes());
    let mut high = [0u8; 8];
    high.copy_from_slice(&digest[..8]);
    i64::from_le_bytes(high)
}

/// The first `server_salt`: `new_nonce[0..8] XOR server_nonce[0..8]`, as a TL `long`.
pub fn server_salt(new_nonce: &[u8; 32], server_nonce: &[u8; 16]) -> i64 {
    let mut salt = [0u8; 8];
    for (s, (a, b)) in salt.iter_mut().zip(new_nonce.iter().zip(server_nonce)) {
        *s = a ^ b;
    }
    i64::from_le_bytes(salt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mtproto::test_vectors::{hex, hex_array, sample};

    fn nonces() -> ([u8; 32], [u8; 16]) {
        (
            hex_array(sample::NEW_NONCE),
            hex_array(sample::SERVER_NONCE),
        )
    }

    fn sample_key() -> AuthKey {
        AuthKey::new(hex_array(sample::AUTH_KEY))
    }

    #[test]
    fn sample_tmp_key_and_iv() {
        let (new_nonce, server_nonce) = nonces();
        let (key, iv) = tmp_aes_key_iv(&new_nonce, &server_nonce);
        assert_eq!(key.to_vec(), hex(sample::TMP_AES_KEY));
        assert_eq!(iv.to_vec(), hex(sample::TMP_AES_IV));
    }

    #[test]
    fn sample_server_answer_decrypts_and_verifies() {
        let (key, iv) = (
            hex_array(sample::TMP_AES_KEY),
            hex_array(sample::TMP_AES_IV),
        );
        let answer = decrypt_server_dh_answer(&hex(sample::ENCRYPTED_ANSWER), &key, &iv).unwrap();
        assert_eq!(answer, hex(sample::ANSWER));
        let mut tampered = hex(sample::ENCRYPTED_ANSWER);
        tampered[300] ^= 4;
        assert_eq!(
            decrypt_server_dh_answer(&tampered, &key, &iv),
            Err(AuthKeyError::AnswerHashMismatch)
        );
        assert_eq!(
            decrypt_server_dh_answer(&[0; 20], &key, &iv),
            Err(AuthKeyError::NotBlockAligned { len: 20 })
        );
        assert_eq!(
            decrypt_server_dh_answer(&[], &key, &iv),
            Err(AuthKeyError::AnswerHashMismatch)
        );
    }

    #[test]
    fn sample_server_answer_encrypts_back() {
        let (key, iv) = (
            hex_array(sample::TMP_AES_KEY),
            hex_array(sample::TMP_AES_IV),
        );
        let encrypted = hex(sample::ENCRYPTED_ANSWER);
        // The page does not list the server's padding; it is what follows the answer.
        let mut plain = encrypted.clone();
        aes256_ige_decrypt(&key, &iv, &mut plain).unwrap();
        let padding = plain[SHA1_LEN + hex(sample::ANSWER).len()..].to_vec();
        let mut fill = |buf: &mut [u8]| buf.copy_from_slice(&padding);
        let got = encrypt_server_dh_answer(&hex(sample::ANSWER), &key, &iv, &mut fill);
        assert_eq!(got.unwrap(), encrypted);
    }

    #[test]
    fn sample_client_inner_data_decrypts() {
        let (key, iv) = (
            hex_array(sample::TMP_AES_KEY),
            hex_array(sample::TMP_AES_IV),
        );
        let got = decrypt_client_dh_inner(&hex(sample::CLIENT_DH_ENCRYPTED), &key, &iv);
        assert_eq!(got.unwrap(), hex(sample::CLIENT_DH_INNER_DATA));
    }

    #[test]
    fn sample_client_inner_data_encrypts() {
        let (key, iv) = (
            hex_array(sample::TMP_AES_KEY),
            hex_array(sample::TMP_AES_IV),
        );
        let padding = hex(sample::CLIENT_DH_PADDING);
        let mut fill = |buf: &mut [u8]| buf.copy_from_slice(&padding);
        let got = encrypt_client_dh_inner(&hex(sample::CLIENT_DH_INNER_DATA), &key, &iv, &mut fill);
        assert_eq!(got.unwrap(), hex(sample::CLIENT_DH_ENCRYPTED));
    }

    #[test]
    fn sample_nonce_hashes_salt_and_aux_hash() {
        let (new_nonce, server_nonce) = nonces();
        let key = sample_key();
        assert_eq!(
            new_nonce_hash(&new_nonce, DhGenOutcome::Ok, &key).to_vec(),
            hex(sample::NEW_NONCE_HASH1)
        );
        // hashes 2 and 3 and the values below from Python's hashlib.
        assert_eq!(
            new_nonce_hash(&new_nonce, DhGenOutcome::Retry, &key).to_vec(),
            hex("20d87dd307142b798b67a8dea2c22140")
        );
        assert_eq!(
            new_nonce_hash(&new_nonce, DhGenOutcome::Fail, &key).to_vec(),
            hex("141c6db2686ef8df4e08e685ccd31510")
        );
        assert_eq!(
            auth_key_aux_hash(&key),
            i64::from_le_bytes(hex_array("20b5c361a4f5a3d0"))
        );
        assert_eq!(
            server_salt(&new_nonce, &server_nonce),
            i64::from_le_bytes(hex_array("49a6747298503dce"))
        );
    }
}
