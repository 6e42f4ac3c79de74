//! RSA as the key exchange uses it: fingerprints and RSA_PAD
//! (<https://core.telegram.org/mtproto/auth_key>, step 4.1).

use std::fmt;

use num_bigint::BigUint;
use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::AuthKeyError;
use super::known::{PRODUCTION_N, TEST_N};
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
            let value = from_be(&block);
            if value < self.n {
                return to_be_256(&value.modpow(&self.e, &self.n))
                    .ok_or(AuthKeyError::RsaBadCiphertext);
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

    /// Undoes [`RsaPublicKey::encrypt_rsa_pad`], returning `data_with_padding` (192
    /// bytes: the TL data, then random bytes) once its hash checks out.
    pub fn decrypt_rsa_pad(&self, encrypted: &[u8]) -> Result<[u8; PADDED_LEN], AuthKeyError> {
        let n = &self.public.n;
        let c = from_be(encrypted);
        if encrypted.len() != 256 || &c >= n {
            return Err(AuthKeyError::RsaBadCiphertext);
        }
        let mut block = to_be_256(&c.modpow(&self.d, n)).ok_or(AuthKeyError::RsaBadCiphertext)?;
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
    use std::collections::VecDeque;

    // Vectors from an independent Python model: `cryptography` for PEM parsing and key
    // generation, tgcrypto for IGE, pow() for RSA; the temp keys are SHA-256("tk" ‖ i), the first chosen so
    // that its attempt lands above the modulus and forces a retry.
    const TEMP_KEY_ABOVE_N: &str =
        "ab726e6646a4a99452052bffe5c9bdd5702ca4e00ae1cc6b6602da78b528cab1";
    const TEMP_KEY_BELOW_N: &str =
        "ea85a89c199cb87c73b81c5e9be953779fcd8fdd296156050c4afe1d52342d23";
    /// RSA_PAD of the sample's p_q_inner_data with the production key, by the Python model.
    const RSA_PAD_PRODUCTION: &str = concat!(
        "a154c7b1b23e9f3589148fbb7d63182c7b3cc4dacc82af57be05cd8631ee808bdd96c9ea93d28300abc67b04f49d61df",
        "61b35e5e384cc6811d32e2125240d9255e813b0ed91e92bca41526c5352f93bc4a10ccd012f8686d1adc7660b1e3f722",
        "6db337b0f8ab7219e3c17f979dfb4cfee39619c7795fc15a67dc95d1ba0884ba231b2c5c2c28437064cc7e968558d280",
        "2895f4aa12132d838a58639de390e22deb71a847461c3c3a8f17f5b1c57c21f614f7f21e1715b58b5631b3f004a5dd45",
        "a84f4d5a544c491b1ebc1381ff5c7d3438840e59cc2ae1999172c33e9c985ca10c187441b92c92837d923ff687d1f370",
        "22c0dda185ec9b826cfe3bf9c0e9474a",
    );
    /// A throwaway 2048-bit key made by Python's `cryptography` for these tests.
    const TEST_KEY_N: &str = concat!(
        "d405d255e6125ca082bc687f96372700cddb45f66f59c2441ecaace123f9e81dcb3e67e4e1541c03770d354d7a4d0329",
        "38f764d9953c42bb8ff6a3d51fc8d87c95f2a571039a69c0897aa6a1304e814f9db330746faeda282315ba4c24f0268c",
        "320f55704b34452f4ea158f6e079f4fb81370679c5adeae269dafc8719fb5ef4066bfeb9423049d4eb0823cd776d4d6e",
        "9eabf56f25758ecda9da21af079c5cfbd0d5e055629a6ca7c3dd1d54693620bd91754d2f259c098fe24402c42e7a7c17",
        "ba526f5f053a2952580970099173b124f31888fbf1a497f2e4f5565a932c8d1987c991650a53f31993f8a738267388f1",
        "adfec13a5e2a59f0c4cf8219d1228a95",
    );
    /// Its private exponent (e = 65537); it protects nothing.
    const TEST_KEY_D: &str = concat!(
        "52f66433506f66e737c0d972f328698e9afe6e05dbd4577ba840ce1cdaa2f2fc9586b9c889930bd31f467fd0ed462d32",
        "7823f5c65dead281e9f72c6c3c9fae7631865cce3806b7d2aaf8df32bb603ca116a80311cc91b2b379e70a9ab8e96f6b",
        "f43aa3c7e8e56f1cefbb9ac01f5e194a406973933a92af1221319b1692481602d78d5d4948dfae01df0c14a2b967e3da",
        "a7db7325e8c0f3602aac21114f807de52018049f393f442456d6fbeffa87b46224ff6970f87cc704bef593ec6f0c28c9",
        "2b014043b51a8978dc3e64af631db45f17a49331d4dbdfb481e50ec1d45ec590acaa99c66267e48b94d4670dbe60dc6e",
        "42b72d004a9f3d2f8bce6b3102994e11",
    );

    /// Hands out the given chunks in order, checking each requested length.
    fn chunks(list: &[&str]) -> impl FnMut(&mut [u8]) {
        let mut queue: VecDeque<Vec<u8>> = list.iter().map(|s| hex(s)).collect();
        move |buf: &mut [u8]| {
            let next = queue.pop_front().expect("random stream exhausted");
            assert_eq!(next.len(), buf.len());
            buf.copy_from_slice(&next);
        }
    }

    fn counter(seed: u8) -> impl FnMut(&mut [u8]) {
        let mut state = seed;
        move |buf: &mut [u8]| {
            for b in buf {
                state = state.wrapping_mul(73).wrapping_add(41);
                *b = state;
            }
        }
    }

    fn test_key() -> RsaPrivateKey {
        RsaPrivateKey::new(&hex(TEST_KEY_N), &E_65537, &hex(TEST_KEY_D)).unwrap()
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
