//! Primality of the 2048-bit DH prime.
//!
//! Miller–Rabin whose bases are derived from the candidate by SHA-256: the test is
//! deterministic (so a result can be cached and reproduced), yet whoever picked the
//! number could not have picked it around bases that did not exist until it did.

use num_bigint::BigUint;
use num_traits::One;
use sha2::{Digest, Sha256};

/// Hash-derived rounds after the base-2 round: a composite survives each with odds of
/// at most 1/4, so 2^-64 overall (the guidelines accept 15 rounds as a quick check).
const ROUNDS: u32 = 32;
/// Trial division by everything below this turns away about 85% of odd composites
/// before the first modpow.
const TRIAL_LIMIT: u32 = 2000;

/// `p` and `(p - 1) / 2` are both (probable) primes.
pub(super) fn is_safe_prime(p: &BigUint) -> bool {
    // The half first: for a prime p that is not safe, it fails at once.
    p.bit(0) && is_probable_prime(&(p >> 1)) && is_probable_prime(p)
}

/// Trial division, a base-2 round, then [`ROUNDS`] hash-derived rounds.
pub(super) fn is_probable_prime(n: &BigUint) -> bool {
    if let Ok(small) = u32::try_from(n) {
        if small < TRIAL_LIMIT {
            return small >= 2
                && (2..small)
                    .take_while(|d| d * d <= small)
                    .all(|d| small % d != 0);
        }
    }
    if (2..TRIAL_LIMIT).any(|d| (n % d) == BigUint::ZERO) {
        return false;
    }
    let n_minus_1 = n - 1u32;
    let s = n_minus_1.trailing_zeros().unwrap_or(0);
    let d = &n_minus_1 >> s;
    let round = |a: &BigUint| strong_probable_prime(n, &n_minus_1, &d, s, a);
    round(&BigUint::from(2u32)) && (0..ROUNDS).all(|i| round(&derived_base(n, i)))
}

/// One Miller–Rabin round: `a^d ≡ 1` or `a^(d·2^r) ≡ -1 (mod n)` for some `r < s`.
fn strong_probable_prime(
    n: &BigUint,
    n_minus_1: &BigUint,
    d: &BigUint,
    s: u64,
    a: &BigUint,
) -> bool {
    let mut x = a.modpow(d, n);
    if x.is_one() || &x == n_minus_1 {
        return true;
    }
    for _ in 1..s {
        x = x.modpow(&BigUint::from(2u32), n);
        if &x == n_minus_1 {
            return true;
        }
        if x.is_one() {
            return false;
        }
    }
    false
}

/// A base in `2..=n-2` from SHA-256 of `n` and the round number, as wide as `n`.
fn derived_base(n: &BigUint, round: u32) -> BigUint {
    let seed = n.to_bytes_be();
    let blocks = seed.len() / 32 + 2;
    let mut wide = Vec::with_capacity(blocks * 32);
    for block in 0..blocks as u32 {
        let digest = Sha256::new()
            .chain_update(&seed)
            .chain_update(round.to_le_bytes())
            .chain_update(block.to_le_bytes())
            .finalize();
        wide.extend_from_slice(&digest);
    }
    BigUint::from_bytes_be(&wide) % (n - 3u32) + 2u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mtproto::test_vectors::{hex, primes};

    #[test]
    fn small_numbers_exact() {
        let found: Vec<u32> = (0..3000)
            .filter(|&n| is_probable_prime(&BigUint::from(n)))
            .collect();
        assert_eq!(found.len(), 430, "π(3000) = 430");
        assert_eq!(&found[..5], &[2, 3, 5, 7, 11]);
    }

    #[test]
    fn carmichael_and_strong_pseudoprimes_are_caught() {
        // 3215031751 is a strong pseudoprime to bases 2, 3, 5 and 7; 2^61-1 squared is
        // composite with no small factor.
        for n in [561u64, 41_041, 3_215_031_751, 3_825_123_056_546_413_051] {
            assert!(!is_probable_prime(&BigUint::from(n)), "{n}");
        }
        let m61 = BigUint::from((1u64 << 61) - 1);
        assert!(is_probable_prime(&m61));
        assert!(!is_probable_prime(&(&m61 * &m61)));
    }

    #[test]
    fn prime_that_is_not_safe() {
        // (dh.rs's RFC 3526 test shows a 2048-bit prime passing all rounds.)
        let p = BigUint::from_bytes_be(&hex(primes::NOT_SAFE));
        assert!(!is_safe_prime(&p));
        assert!(!is_safe_prime(&(p + 2u32)), "even");
    }
}
