//! AES-256 in infinite garble extension (IGE) mode, over the `aes` crate's block cipher.
//!
//! IGE chains each block through both the previous ciphertext and the previous
//! plaintext: `c_i = E(p_i ⊕ c_{i-1}) ⊕ p_{i-1}`. The 32-byte IV is `c_0 ‖ p_0`, the
//! layout of OpenSSL's `AES_ige_encrypt` and of Telegram's samples. RustCrypto ships no
//! IGE mode, hence this file.

use aes::Aes256;
use aes::cipher::consts::U16;
use aes::cipher::generic_array::GenericArray;
use aes::cipher::{BlockDecrypt, BlockEncrypt, BlockSizeUser, KeyInit};

/// The AES block size.
const BLOCK: usize = 16;

/// An IGE input whose length is not a whole number of blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("AES-IGE input of {len} bytes is not a multiple of 16")]
pub struct IgeLengthError {
    /// The length given.
    pub len: usize,
}

/// Encrypts `data` in place with AES-256-IGE.
pub fn aes256_ige_encrypt(
    key: &[u8; 32],
    iv: &[u8; 32],
    data: &mut [u8],
) -> Result<(), IgeLengthError> {
    ige_encrypt(&Aes256::new(key.into()), iv, data)
}

/// Decrypts `data` in place with AES-256-IGE.
pub fn aes256_ige_decrypt(
    key: &[u8; 32],
    iv: &[u8; 32],
    data: &mut [u8],
) -> Result<(), IgeLengthError> {
    ige_decrypt(&Aes256::new(key.into()), iv, data)
}

/// IGE encryption with any 16-byte block cipher (generic so tests can use AES-128).
fn ige_encrypt<C>(cipher: &C, iv: &[u8; 32], data: &mut [u8]) -> Result<(), IgeLengthError>
where
    C: BlockEncrypt + BlockSizeUser<BlockSize = U16>,
{
    check_len(data)?;
    let mut prev_c = block(&iv[..BLOCK]);
    let mut prev_p = block(&iv[BLOCK..]);
    for chunk in data.chunks_exact_mut(BLOCK) {
        let p = block(chunk);
        let mut x = xor(&p, &prev_c);
        cipher.encrypt_block(&mut x);
        let c = xor(&x, &prev_p);
        chunk.copy_from_slice(&c);
        prev_c = c;
        prev_p = p;
    }
    Ok(())
}

/// IGE decryption with any 16-byte block cipher.
fn ige_decrypt<C>(cipher: &C, iv: &[u8; 32], data: &mut [u8]) -> Result<(), IgeLengthError>
where
    C: BlockDecrypt + BlockSizeUser<BlockSize = U16>,
{
    check_len(data)?;
    let mut prev_c = block(&iv[..BLOCK]);
    let mut prev_p = block(&iv[BLOCK..]);
    for chunk in data.chunks_exact_mut(BLOCK) {
        let c = block(chunk);
        let mut x = xor(&c, &prev_p);
        cipher.decrypt_block(&mut x);
        let p = xor(&x, &prev_c);
        chunk.copy_from_slice(&p);
        prev_c = c;
        prev_p = p;
    }
    Ok(())
}

fn check_len(data: &[u8]) -> Result<(), IgeLengthError> {
    if data.len().is_multiple_of(BLOCK) {
        Ok(())
    } else {
        Err(IgeLengthError { len: data.len() })
    }
}

fn block(bytes: &[u8]) -> GenericArray<u8, U16> {
    GenericArray::clone_from_slice(bytes)
}

fn xor(a: &GenericArray<u8, U16>, b: &GenericArray<u8, U16>) -> GenericArray<u8, U16> {
    let mut out = *a;
    out.iter_mut().zip(b).for_each(|(o, b)| *o ^= b);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mtproto::test_vectors::hex;
    use aes::Aes128;

    fn iv_0_to_31() -> [u8; 32] {
        std::array::from_fn(|i| i as u8)
    }

    /// OpenSSL test/igetest.c, `ige_test_vectors[0]` (AES-128, encrypt).
    #[test]
    fn openssl_vector_0_encrypt() {
        let key: [u8; 16] = std::array::from_fn(|i| i as u8);
        let mut data = [0u8; 32];
        ige_encrypt(&Aes128::new(&key.into()), &iv_0_to_31(), &mut data).unwrap();
        assert_eq!(
            data.to_vec(),
            hex("1a8519a6557be652e9da8e43da4ef4453cf456b4ca488aa383c79c98b34797cb")
        );
        ige_decrypt(&Aes128::new(&key.into()), &iv_0_to_31(), &mut data).unwrap();
        assert_eq!(data, [0u8; 32]);
    }

    /// OpenSSL test/igetest.c, `ige_test_vectors[1]` (AES-128, decrypt).
    #[test]
    fn openssl_vector_1_decrypt() {
        let key: [u8; 16] = *b"This is an imple";
        let iv: [u8; 32] = *b"mentation of IGE mode for OpenSS";
        let mut data = *b"L. Let's hope Ben got it right!\n";
        ige_decrypt(&Aes128::new(&key.into()), &iv, &mut data).unwrap();
        assert_eq!(
            data.to_vec(),
            hex("99706487a1cde613bc6de0b6f24b1c7aa448c8b9c3403e3467a8cad89340f53b")
        );
    }

    /// AES-256-IGE: the key-exchange sample of core.telegram.org/mtproto/samples-auth_key
    /// (its `client_DH_inner_data` step) is checked in `auth_key::handshake`; this one
    /// comes from tgcrypto (`ige256_encrypt`) over a fixed input.
    #[test]
    fn aes256_matches_tgcrypto() {
        let key: [u8; 32] = std::array::from_fn(|i| (i * 3) as u8);
        let iv: [u8; 32] = std::array::from_fn(|i| (255 - i) as u8);
        let mut data: Vec<u8> = (0..48).map(|i| (i * 5 + 1) as u8).collect();
        aes256_ige_encrypt(&key, &iv, &mut data).unwrap();
        assert_eq!(data, hex(TGCRYPTO_CIPHERTEXT));
        aes256_ige_decrypt(&key, &iv, &mut data).unwrap();
        assert_eq!(data, (0..48).map(|i| (i * 5 + 1) as u8).collect::<Vec<_>>());
    }

    const TGCRYPTO_CIPHERTEXT: &str = "fb6e1724f07dd27375abca07eb06e4de1f1d37ba55b0b542aa3b1f07c6a94b2ae99bb09069dc2e0d34d97d5d54a51e8b";

    #[test]
    fn refuses_partial_blocks() {
        let mut data = [0u8; 17];
        assert_eq!(
            aes256_ige_encrypt(&[0; 32], &[0; 32], &mut data),
            Err(IgeLengthError { len: 17 })
        );
        assert_eq!(
            aes256_ige_decrypt(&[0; 32], &[0; 32], &mut data[..15]),
            Err(IgeLengthError { len: 15 })
        );
    }
}
