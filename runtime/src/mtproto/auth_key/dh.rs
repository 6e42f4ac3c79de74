//! Diffie-Hellman checks and arithmetic of the security guidelines
//! (<https://core.telegram.org/mtproto/security_guidelines>): safe 2048-bit prime,
//! generator conditions, range of `g_a` / `g_b`. Numbers come and go as big-endian
//! bytes, as TL carries them.

use std::sync::Mutex;

use num_bigint::BigUint;
use num_traits::ToPrimitive;

use super::AuthKeyError;
use super::known::TELEGRAM_DH_PRIME;
use super::num::{from_be, to_be_256};
use super::prime::is_safe_prime;

/// Primes other than [`TELEGRAM_DH_PRIME`] that passed, kept so a reconnect does not
/// repeat seconds of modpows. Bounded: a hostile server can't grow it.
static VERIFIED_PRIMES: Mutex<Vec<[u8; 256]>> = Mutex::new(Vec::new());
const VERIFIED_CAP: usize = 8;
/// `g_a` and `g_b` must keep this many bits of distance from 0 and from `p`.
const MARGIN_BITS: u64 = 2048 - 64;
/// Secrets drawn before [`fresh_dh_pair`] gives up; a working source fails one draw
/// with odds near 2^-63, so running out means the source is broken.
const MAX_DRAWS: usize = 8;

/// Checks that `dh_prime` is a safe 2048-bit prime and that `g` generates its subgroup
/// of order `(p - 1) / 2` (the conditions on `p mod 4g` for `g` in 2..=7).
///
/// The well-known Telegram prime and primes verified earlier in this process are not
/// tested again; any other costs two probabilistic primality tests.
pub fn check_dh_prime(dh_prime: &[u8], g: i32) -> Result<(), AuthKeyError> {
    let p = prime_2048(dh_prime)?;
    check_generator(&p, g)?;
    let canonical = to_be_256(&p).ok_or(AuthKeyError::DhPrimeSize { bits: p.bits() })?;
    if canonical == TELEGRAM_DH_PRIME || verified().contains(&canonical) {
        return Ok(());
    }
    if !is_safe_prime(&p) {
        return Err(AuthKeyError::DhPrimeNotSafe);
    }
    let mut cache = verified();
    if cache.len() == VERIFIED_CAP {
        cache.remove(0);
    }
    cache.push(canonical);
    Ok(())
}

/// Checks a Diffie-Hellman value (`g_a` from the server, and our own `g_b`):
/// `1 < g_a < p - 1` and `2^(2048-64) <= g_a <= p - 2^(2048-64)`.
pub fn check_g_a(g_a: &[u8], dh_prime: &[u8]) -> Result<(), AuthKeyError> {
    let p = prime_2048(dh_prime)?;
    let v = from_be(g_a);
    let margin = BigUint::from(1u32) << MARGIN_BITS;
    // Additions only: no BigUint subtraction to underflow.
    let in_range = v > BigUint::from(1u32) && &v + 1u32 < p && v >= margin && &v + &margin <= p;
    if in_range {
        Ok(())
    } else {
        Err(AuthKeyError::DhValueOutOfRange)
    }
}

/// `g^secret mod dh_prime` as 256 bytes: our public value (`g_b`) for a fresh random
/// 2048-bit `secret`. Check the result with [`check_g_a`] before sending it.
pub fn dh_public_value(g: i32, secret: &[u8], dh_prime: &[u8]) -> Result<[u8; 256], AuthKeyError> {
    let p = prime_2048(dh_prime)?;
    let g = u32::try_from(g)
        .ok()
        .filter(|g| (2..=7).contains(g))
        .ok_or(AuthKeyError::BadGenerator { g })?;
    let value = BigUint::from(g).modpow(&from_be(secret), &p);
    to_be_256(&value).ok_or(AuthKeyError::DhPrimeSize { bits: p.bits() })
}

/// A fresh secret exponent (256 bytes from `fill_random`) and its public value
/// `g^secret mod dh_prime`, redrawn while the value fails [`check_g_a`].
pub(super) fn fresh_dh_pair(
    g: i32,
    dh_prime: &[u8],
    fill_random: &mut impl FnMut(&mut [u8]),
) -> Result<([u8; 256], [u8; 256]), AuthKeyError> {
    for _ in 0..MAX_DRAWS {
        let mut secret = [0u8; 256];
        fill_random(&mut secret);
        let public = dh_public_value(g, &secret, dh_prime)?;
        if check_g_a(&public, dh_prime).is_ok() {
            return Ok((secret, public));
        }
    }
    Err(AuthKeyError::DhValueOutOfRange)
}

/// `peer_value^secret mod dh_prime` as 256 bytes, left-padded: the shared key (the
/// auth key, in the key exchange). `peer_value` is range-checked first.
pub fn dh_shared_key(
    peer_value: &[u8],
    secret: &[u8],
    dh_prime: &[u8],
) -> Result<[u8; 256], AuthKeyError> {
    check_g_a(peer_value, dh_prime)?;
    let p = prime_2048(dh_prime)?;
    let key = from_be(peer_value).modpow(&from_be(secret), &p);
    to_be_256(&key).ok_or(AuthKeyError::DhPrimeSize { bits: p.bits() })
}

/// The prime as a number, refused unless 2^2047 < p < 2^2048 (which also rules out
/// the zero modulus `modpow` would panic on).
fn prime_2048(dh_prime: &[u8]) -> Result<BigUint, AuthKeyError> {
    let p = from_be(dh_prime);
    if p.bits() == 2048 && p.bit(0) {
        Ok(p)
    } else {
        Err(AuthKeyError::DhPrimeSize { bits: p.bits() })
    }
}

/// Quadratic reciprocity turns "g is a residue mod p" into a condition on `p mod 4g`.
fn check_generator(p: &BigUint, g: i32) -> Result<(), AuthKeyError> {
    let rem = |m: u32| (p % m).to_u32().unwrap_or(u32::MAX);
    let ok = match g {
        2 => rem(8) == 7,
        3 => rem(3) == 2,
        4 => true,
        5 => matches!(rem(5), 1 | 4),
        6 => matches!(rem(24), 19 | 23),
        7 => matches!(rem(7), 3 | 5 | 6),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(AuthKeyError::BadGenerator { g })
    }
}

/// The cache, recovered if a panicking thread poisoned it (it holds plain data).
fn verified() -> std::sync::MutexGuard<'static, Vec<[u8; 256]>> {
    VERIFIED_PRIMES.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mtproto::test_vectors::{hex, primes, sample};

    #[test]
    fn telegram_prime_and_generators() {
        // p mod 3 = 2, p mod 8 = 3, p mod 5 = 3, p mod 24 = 11, p mod 7 = 6 (Python).
        let p = hex(sample::DH_PRIME);
        assert_eq!(p, TELEGRAM_DH_PRIME);
        for g in [3, 4, 7] {
            assert_eq!(check_dh_prime(&p, g), Ok(()), "g = {g}");
        }
        for g in [-1, 0, 1, 2, 5, 6, 8] {
            assert_eq!(check_dh_prime(&p, g), Err(AuthKeyError::BadGenerator { g }));
        }
    }

    #[test]
    fn rfc_3526_prime_is_tested_then_cached() {
        // Not the known prime, so this runs the full test.
        let p = hex(primes::RFC_3526_2048);
        assert_eq!(check_dh_prime(&p, 2), Ok(()));
        assert!(verified().contains(&<[u8; 256]>::try_from(&p[..]).unwrap()));
        // p mod 3, 5, 7, 8, 24 = 2, 4, 5, 7, 23 (Python): every g in 2..=7 is valid.
        assert_eq!(check_dh_prime(&p, 7), Ok(()), "cached now: no second test");
    }

    #[test]
    fn refuses_composites_non_safe_primes_and_wrong_sizes() {
        let mut composite = TELEGRAM_DH_PRIME;
        composite[255] = composite[255].wrapping_add(2);
        assert_eq!(
            check_dh_prime(&composite, 4),
            Err(AuthKeyError::DhPrimeNotSafe)
        );
        let not_safe = hex(primes::NOT_SAFE);
        assert_eq!(
            check_dh_prime(&not_safe, 4),
            Err(AuthKeyError::DhPrimeNotSafe)
        );
        assert_eq!(
            check_dh_prime(&TELEGRAM_DH_PRIME[1..], 3),
            Err(AuthKeyError::DhPrimeSize { bits: 2037 })
        );
        assert_eq!(
            check_dh_prime(&[], 3),
            Err(AuthKeyError::DhPrimeSize { bits: 0 })
        );
        let mut with_zeros = vec![0, 0];
        with_zeros.extend_from_slice(&TELEGRAM_DH_PRIME);
        assert_eq!(
            check_dh_prime(&with_zeros, 3),
            Ok(()),
            "leading zeros are fine"
        );
    }

    #[test]
    fn sample_g_a_and_bounds() {
        let p = TELEGRAM_DH_PRIME;
        assert_eq!(check_g_a(&hex(sample::G_A), &p), Ok(()));
        assert_eq!(check_g_a(&hex(sample::G_B), &p), Ok(()));
        let margin = BigUint::from(1u32) << MARGIN_BITS;
        let pn = BigUint::from_bytes_be(&p);
        let edge = |v: &BigUint| check_g_a(&v.to_bytes_be(), &p);
        assert_eq!(edge(&margin), Ok(()));
        assert_eq!(
            edge(&(&margin - 1u32)),
            Err(AuthKeyError::DhValueOutOfRange)
        );
        assert_eq!(edge(&(&pn - &margin)), Ok(()));
        assert_eq!(
            edge(&(&pn - &margin + 1u32)),
            Err(AuthKeyError::DhValueOutOfRange)
        );
        for v in [
            BigUint::from(0u32),
            BigUint::from(1u32),
            &pn - 1u32,
            pn.clone(),
            &pn + 5u32,
        ] {
            assert_eq!(edge(&v), Err(AuthKeyError::DhValueOutOfRange));
        }
    }

    #[test]
    fn sample_g_b_and_auth_key() {
        let p = hex(sample::DH_PRIME);
        let b = hex(sample::B);
        assert_eq!(
            dh_public_value(3, &b, &p).unwrap().to_vec(),
            hex(sample::G_B)
        );
        let key = dh_shared_key(&hex(sample::G_A), &b, &p).unwrap();
        assert_eq!(key.to_vec(), hex(sample::AUTH_KEY));
        assert_eq!(
            dh_shared_key(&[1], &b, &p),
            Err(AuthKeyError::DhValueOutOfRange)
        );
        assert_eq!(
            dh_public_value(9, &b, &p),
            Err(AuthKeyError::BadGenerator { g: 9 })
        );
    }

    #[test]
    fn fresh_pair_redraws_then_gives_up() {
        let p = TELEGRAM_DH_PRIME;
        // A zero secret gives g^0 = 1, out of range: the sample's b is drawn second.
        let b = hex(sample::B);
        let mut draws = 0;
        let mut random = |buf: &mut [u8]| {
            draws += 1;
            if draws == 1 {
                buf.fill(0);
            } else {
                buf.copy_from_slice(&b);
            }
        };
        let (secret, public) = fresh_dh_pair(3, &p, &mut random).unwrap();
        assert_eq!((secret.to_vec(), public.to_vec()), (b, hex(sample::G_B)));
        assert_eq!(
            fresh_dh_pair(3, &p, &mut |buf: &mut [u8]| buf.fill(0)),
            Err(AuthKeyError::DhValueOutOfRange)
        );
    }
}
