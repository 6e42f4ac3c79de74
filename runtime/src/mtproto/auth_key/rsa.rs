//! RSA as the key exchange uses it: fingerprints and RSA_PAD
//! (<https://core.telegram.org/mtproto/auth_key>, step 4.1).

use std::fmt;

use num_bigint::BigUint;
use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::AuthKeyError;
use super::known::{PRODUCTION_N, TEST_KEY_D, TEST_KEY_N, TEST_N};
use super::num::{from_be, to_be_256};
use crate::mtproto::ige::{aes256_ige_decrypt, aes256_ige_encrypt};

/// RSA_PAD refuses longer data.
const MAX_DATA_LEN: usize = 144;
/// `data_with_padding` is always this long.
const PADDED_LEN: usize = 192;
/// Fresh temp keys tried before giving up; each succeeds with odds of at least 1/2.
const MAX_ATTEMPTS: usize = 64;
/// `65537` in big-endian.
const E_65537: [u8; 3] = [0x01, 0x00, 0x01];

/// A server's RSA public key: a 2048-bit modulus and its exponent.
#[derive(Clone, PartialEq, Eq)]
pub struct RsaPublicKey {
    n: BigUint,
    e: BigUint,
    fingerprint: i64,
}

impl RsaPublicKey {
    /// A key from its big-endian modulus and exponent; the modulus must be 2048 bits.
    pub fn new(n: &[u8], e: &[u8]) -> Result<Self, AuthKeyError> {
        let (n, e) = (from_be(n), from_be(e));
        if n.bits() != 2048 || e < BigUint::from(3u32) {
            return Err(AuthKeyError::RsaKeyShape { bits: n.bits() });
        }
        Ok(Self::from_parts(n, e))
    }

    /// The key of Telegram's production DCs (fingerprint `0xd09d1d85de64fd85`).
    pub fn telegram_production() -> Self {
        Self::from_parts(from_be(&PRODUCTION_N), from_be(&E_65537))
    }

    /// The key of Telegram's test DCs (fingerprint `0xb25898df208d2603`).
    pub fn telegram_test() -> Self {
        Self::from_parts(from_be(&TEST_N), from_be(&E_65537))
    }

    fn from_parts(n: BigUint, e: BigUint) -> Self {
        let fingerprint = fingerprint(&n.to_bytes_be(), &e.to_bytes_be());
        Self { n, e, fingerprint }
    }

    /// The modulus, big-endian, without leading zeros.
    pub fn modulus(&self) -> Vec<u8> {
        self.n.to_bytes_be()
    }

    /// The public exponent, big-endian, without leading zeros.
    pub fn exponent(&self) -> Vec<u8> {
        self.e.to_bytes_be()
    }

    /// `data^e mod n` as 256 bytes: textbook RSA, which RSA_PAD and the older
    /// SHA-1 scheme both end with. `data` must be below the modulus.
    pub(super) fn encrypt_raw(&self, data: &[u8; 256]) -> Result<[u8; 256], AuthKeyError> {
        let value = from_be(data);
        if value >= self.n {
            return Err(AuthKeyError::RsaBadCiphertext);
        }
        to_be_256(&value.modpow(&self.e, &self.n)).ok_or(AuthKeyError::RsaBadCiphertext)
    }

    /// The lower 64 bits of SHA-1 of `rsa_public_key n:bytes e:bytes` serialized bare,
    /// as a TL `long`: the value in `server_public_key_fingerprints`.
    pub fn fingerprint(&self) -> i64 {
        self.fingerprint
    }

    /// RSA_PAD-encrypts `data` (the serialized `p_q_inner_data`, at most 144 bytes).
    ///
    /// `fill_random` must fill its argument with fresh secure random bytes: it is called
    /// once for the padding, then once per 32-byte temp key (again while the result is
    /// not below the modulus).
    pub fn encrypt_rsa_pad(
        &self,
        data: &[u8],
        fill_random: &mut impl FnMut(&mut [u8]),
    ) -> Result<[u8; 256], AuthKeyError> {
        if data.len() > MAX_DATA_LEN {
            return Err(AuthKeyError::RsaDataTooLong { len: data.len() });
        }
        let mut with_padding = [0u8; PADDED_LEN];
        with_padding[..data.len()].copy_from_slice(data);
        fill_random(&mut with_padding[data.len()..]);
        for _ in 0..MAX_ATTEMPTS {
            let mut temp_key = [0u8; 32];
            fill_random(&mut temp_key);
            // temp_key_xor ‖ AES-IGE(reverse(data_with_padding) ‖ SHA256(temp_key ‖ data_with_padding))
            let mut block = [0u8; 256];
            block[32..224].copy_from_slice(&with_padding);
            block[32..224].reverse();
            let hash = Sha256::new()
                .chain_update(temp_key)
                .chain_update(with_padding)
                .finalize();
            block[224..].copy_from_slice(&hash);
            aes256_ige_encrypt(&temp_key, &[0; 32], &mut block[32..])?;
            let mask = Sha256::digest(&block[32..]);
            for (out, (k, m)) in block[..32].iter_mut().zip(temp_key.iter().zip(mask)) {
                *out = k ^ m;
            }
            if from_be(&block) < self.n {
                return self.encrypt_raw(&block);
            }
        }
        Err(AuthKeyError::RsaPadExhausted)
    }
}

impl fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "RsaPublicKey {{ fingerprint: {:#018x} }}",
            self.fingerprint as u64
        )
    }
}

/// A private key, for the server side of the exchange (and for tests).
#[derive(Clone)]
pub struct RsaPrivateKey {
    public: RsaPublicKey,
    d: BigUint,
}

impl RsaPrivateKey {
    /// A key from its big-endian modulus, public and private exponents.
    pub fn new(n: &[u8], e: &[u8], d: &[u8]) -> Result<Self, AuthKeyError> {
        Ok(Self {
            public: RsaPublicKey::new(n, e)?,
            d: from_be(d),
        })
    }

    /// The public half.
    pub fn public_key(&self) -> &RsaPublicKey {
        &self.public
    }

    /// The fixed 2048-bit TEST key pair of this crate (fingerprint `0x9367fe06c302e9fb`),
    /// for tests and local test servers.
    ///
    /// Its private exponent is published in the source: it is not secret, and anything
    /// it protects is readable by everyone.
    pub fn test_key() -> Self {
        Self {
            public: RsaPublicKey::from_parts(from_be(&TEST_KEY_N), from_be(&E_65537)),
            d: from_be(&TEST_KEY_D),
        }
    }

    /// Undoes [`RsaPublicKey::encrypt_rsa_pad`], returning `data_with_padding` (192
    /// bytes: the TL data, then random bytes) once its hash checks out.
    pub fn decrypt_rsa_pad(&self, encrypted: &[u8]) -> Result<[u8; PADDED_LEN], AuthKeyError> {
        unpad_rsa_pad(self.decrypt_raw(encrypted)?)
    }

    /// `encrypted^d mod n` as 256 bytes, for a ciphertext of 256 bytes below the modulus.
    pub(super) fn decrypt_raw(&self, encrypted: &[u8]) -> Result<[u8; 256], AuthKeyError> {
        let n = &self.public.n;
        let c = from_be(encrypted);
        if encrypted.len() != 256 || &c >= n {
            return Err(AuthKeyError::RsaBadCiphertext);
        }
        to_be_256(&c.modpow(&self.d, n)).ok_or(AuthKeyError::RsaBadCiphertext)
    }
}

/// The RSA_PAD layer under the RSA: unmasks the temp key, decrypts, checks the hash.
pub(super) fn unpad_rsa_pad(mut block: [u8; 256]) -> Result<[u8; PADDED_LEN], AuthKeyError> {
    let mask = Sha256::digest(&block[32..]);
    let mut temp_key = [0u8; 32];
    for (k, (x, m)) in temp_key.iter_mut().zip(block[..32].iter().zip(mask)) {
        *k = x ^ m;
    }
    aes256_ige_decrypt(&temp_key, &[0; 32], &mut block[32..])?;
    let mut with_padding = [0u8; PADDED_LEN];
    with_padding.copy_from_slice(&block[32..224]);
    with_padding.reverse();
    let hash = Sha256::new()
        .chain_update(temp_key)
        .chain_update(with_padding)
        .finalize();
    if hash[..] != block[224..] {
        return Err(AuthKeyError::RsaPadHashMismatch);
    }
    Ok(with_padding)
}

impl fmt::Debug for RsaPrivateKey {
    /// Shows the public half only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaPrivateKey")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

/// Lower 64 bits of SHA-1 over `n` and `e` as TL `bytes`.
fn fingerprint(n: &[u8], e: &[u8]) -> i64 {
    let mut hasher = Sha1::new();
    tl_bytes(&mut hasher, n);
    tl_bytes(&mut hasher, e);
    let digest = hasher.finalize();
    let mut low = [0u8; 8];
    low.copy_from_slice(&digest[12..20]);
    i64::from_le_bytes(low)
}

/// Feeds `data` to `hasher` as TL `bytes`: length prefix, data, zero padding to 4.
fn tl_bytes(hasher: &mut Sha1, data: &[u8]) {
    let len = data.len();
    let prefix = if len <= 253 {
        hasher.update([len as u8]);
        1
    } else {
        hasher.update([0xfe]);
        hasher.update(&(len as u32).to_le_bytes()[..3]);
        4
    };
    hasher.update(data);
    hasher.update(&[0u8; 3][..(4 - (prefix + len) % 4) % 4]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mtproto::test_vectors::{hex, sample};

    use super::super::testing::{
        RSA_PAD_PRODUCTION, TEMP_KEY_ABOVE_N, TEMP_KEY_BELOW_N, chunks, counter,
    };

    fn test_key() -> RsaPrivateKey {
        RsaPrivateKey::test_key()
    }

    #[test]
    fn telegram_fingerprints() {
        // The sample's server_public_key_fingerprints[2] = 85FD64DE851D9DD0 (LE bytes).
        assert_eq!(
            RsaPublicKey::telegram_production().fingerprint() as u64,
            0xd09d_1d85_de64_fd85
        );
        assert_eq!(
            RsaPublicKey::telegram_test().fingerprint() as u64,
            0xb258_98df_208d_2603
        );
        // Python's hashlib over the TL-serialized n and e of the openssl-made key.
        assert_eq!(
            test_key().public_key().fingerprint() as u64,
            0x9367_fe06_c302_e9fb
        );
        let key = RsaPublicKey::new(&PRODUCTION_N, &E_65537).unwrap();
        assert_eq!(key, RsaPublicKey::telegram_production());
        assert_eq!(
            format!("{key:?}"),
            "RsaPublicKey { fingerprint: 0xd09d1d85de64fd85 }"
        );
    }

    #[test]
    fn rsa_pad_matches_python_including_a_retry() {
        let mut random = chunks(&[
            sample::RANDOM_PADDING_BYTES,
            TEMP_KEY_ABOVE_N,
            TEMP_KEY_BELOW_N,
        ]);
        let key = RsaPublicKey::telegram_production();
        let got = key
            .encrypt_rsa_pad(&hex(sample::PQ_INNER_DATA), &mut random)
            .unwrap();
        assert_eq!(got.to_vec(), hex(RSA_PAD_PRODUCTION));
    }

    #[test]
    fn round_trip_through_private_key() {
        let key = test_key();
        for len in [0, 1, 100, 144] {
            let data: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let encrypted = key
                .public_key()
                .encrypt_rsa_pad(&data, &mut counter(len as u8))
                .unwrap();
            let with_padding = key.decrypt_rsa_pad(&encrypted).unwrap();
            assert_eq!(&with_padding[..len], &data[..], "{len}");
        }
    }

    #[test]
    fn refusals() {
        let key = test_key();
        assert_eq!(
            key.public_key().encrypt_rsa_pad(&[0; 145], &mut counter(0)),
            Err(AuthKeyError::RsaDataTooLong { len: 145 })
        );
        let mut encrypted = key
            .public_key()
            .encrypt_rsa_pad(b"data", &mut counter(9))
            .unwrap();
        encrypted[100] ^= 1;
        assert_eq!(
            key.decrypt_rsa_pad(&encrypted),
            Err(AuthKeyError::RsaPadHashMismatch)
        );
        assert_eq!(
            key.decrypt_rsa_pad(&[0xff; 256]),
            Err(AuthKeyError::RsaBadCiphertext)
        );
        assert_eq!(
            key.decrypt_rsa_pad(&[1; 255]),
            Err(AuthKeyError::RsaBadCiphertext)
        );
        assert_eq!(
            RsaPublicKey::new(&[0xc5; 128], &E_65537),
            Err(AuthKeyError::RsaKeyShape { bits: 1024 })
        );
        assert_eq!(
            RsaPublicKey::new(&PRODUCTION_N, &[1]),
            Err(AuthKeyError::RsaKeyShape { bits: 2048 })
        );
    }

    #[test]
    fn gives_up_when_every_temp_key_lands_above_the_modulus() {
        let padding = hex(sample::RANDOM_PADDING_BYTES);
        let above = hex(TEMP_KEY_ABOVE_N);
        let mut calls = 0;
        let mut random = |buf: &mut [u8]| {
            calls += 1;
            buf.copy_from_slice(if buf.len() == 32 { &above } else { &padding });
        };
        let key = RsaPublicKey::telegram_production();
        let got = key.encrypt_rsa_pad(&hex(sample::PQ_INNER_DATA), &mut random);
        assert_eq!(got, Err(AuthKeyError::RsaPadExhausted));
        assert_eq!(calls, 1 + MAX_ATTEMPTS);
    }
}
