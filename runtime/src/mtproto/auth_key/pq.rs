//! The proof of work of the key exchange: splitting the server's `pq` into primes.

use super::AuthKeyError;

/// Bases making Miller–Rabin exact for every n < 3.3 · 10^24, so for all of u64.
const MR_BASES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
/// Iteration cap of one rho walk; a 32-bit factor needs about 2^16 steps.
const MAX_WALK: u64 = 1 << 26;
/// Steps between gcds in Brent's variant: one gcd per batch instead of per step.
const BATCH: u64 = 128;

/// Splits `pq` (the product of two distinct odd primes, normally below 2^63) into
/// `(p, q)` with `p < q`, by Pollard's rho in Brent's variant.
///
/// Refuses, rather than loops or panics on, anything else: primes, products of more
/// than two primes, or factors wider than 32 bits.
pub fn factorize_pq(pq: u64) -> Result<(u32, u32), AuthKeyError> {
    let not_semiprime = AuthKeyError::PqNotSemiprime { pq };
    let d = find_factor(pq).ok_or(not_semiprime.clone())?;
    let (p, q) = (d.min(pq / d), d.max(pq / d));
    if p == q || !is_prime(p) || !is_prime(q) {
        return Err(not_semiprime);
    }
    match (u32::try_from(p), u32::try_from(q)) {
        (Ok(p), Ok(q)) => Ok((p, q)),
        _ => Err(AuthKeyError::PqFactorTooLarge { pq }),
    }
}

/// The server's side: two distinct primes `p < q`, each found by searching upward from
/// 4 bytes of `fill_random` forced into `[2^30, 2^31)`, so that `pq < 2^62` needs the
/// usual 64-bit factoring and the result depends only on the bytes drawn.
pub(super) fn generate_pq(fill_random: &mut impl FnMut(&mut [u8])) -> (u32, u32) {
    let mut draw = || {
        let mut bytes = [0u8; 4];
        fill_random(&mut bytes);
        next_prime(u64::from(
            u32::from_le_bytes(bytes) & 0x3fff_ffff | 0x4000_0000,
        ))
    };
    let p = draw();
    let mut q = draw();
    if q == p {
        q = next_prime(p + 1);
    }
    // Below 2^31 + 12 (2^31 - 1 is prime, and so is 2^31 + 11): both fit 32 bits.
    let (p, q) = (p.min(q) as u32, p.max(q) as u32);
    (p, q)
}

/// The smallest prime `>= n`, for `n >= 3`.
fn next_prime(n: u64) -> u64 {
    let mut candidate = n | 1;
    while !is_prime(candidate) {
        candidate += 2;
    }
    candidate
}

/// Some factor `1 < d < n`, if `n` is composite.
fn find_factor(n: u64) -> Option<u64> {
    if n < 4 || is_prime(n) {
        return None;
    }
    if n.is_multiple_of(2) {
        return Some(2);
    }
    // Each constant gives a different pseudo-random walk; one almost always succeeds.
    (1..=32).find_map(|c| brent(n, c))
}

/// One rho walk `y → y² + c mod n` from 2; `None` if it closes without a factor.
fn brent(n: u64, c: u64) -> Option<u64> {
    let step = |y: u64| ((u128::from(y) * u128::from(y) + u128::from(c)) % u128::from(n)) as u64;
    let (mut x, mut y, mut ys) = (2, 2, 2);
    let (mut r, mut q, mut g) = (1u64, 1u64, 1u64);
    while g == 1 {
        x = y;
        for _ in 0..r {
            y = step(y);
        }
        let mut k = 0;
        while k < r && g == 1 {
            ys = y;
            for _ in 0..BATCH.min(r - k) {
                y = step(y);
                q = mul_mod(q, x.abs_diff(y), n);
            }
            g = gcd(q, n);
            k += BATCH;
        }
        r *= 2;
        if r > MAX_WALK {
            return None;
        }
    }
    if g == n {
        // The batch overshot: redo it one step at a time from its start.
        g = 1;
        for _ in 0..=BATCH {
            ys = step(ys);
            g = gcd(x.abs_diff(ys), n);
            if g > 1 {
                break;
            }
        }
    }
    (g > 1 && g < n).then_some(g)
}

/// Deterministic Miller–Rabin for u64.
fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    if let Some(&b) = MR_BASES.iter().find(|&&b| n.is_multiple_of(b)) {
        return n == b;
    }
    let s = (n - 1).trailing_zeros();
    let d = (n - 1) >> s;
    MR_BASES.iter().all(|&a| {
        let mut x = pow_mod(a, d, n);
        if x == 1 || x == n - 1 {
            return true;
        }
        (1..s).any(|_| {
            x = mul_mod(x, x, n);
            x == n - 1
        })
    })
}

fn mul_mod(a: u64, b: u64, n: u64) -> u64 {
    (u128::from(a) * u128::from(b) % u128::from(n)) as u64
}

fn pow_mod(mut base: u64, mut exp: u64, n: u64) -> u64 {
    let mut acc = 1 % n;
    base %= n;
    while exp > 0 {
        if exp & 1 == 1 {
            acc = mul_mod(acc, base, n);
        }
        base = mul_mod(base, base, n);
        exp >>= 1;
    }
    acc
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_samples() {
        // The older samples-auth_key page, quoted in the brief.
        assert_eq!(
            factorize_pq(0x17ED_4894_1A08_F981),
            Ok((0x494C_553B, 0x5391_1073))
        );
        // The current samples-auth_key page (step 3).
        assert_eq!(
            factorize_pq(2_694_724_800_268_887_959),
            Ok((1_513_098_571, 1_780_931_429))
        );
    }

    #[test]
    fn largest_32_bit_primes() {
        // 2^32 - 5 and 2^32 - 17 (prime per sympy): the product fills all 64 bits.
        assert_eq!(
            factorize_pq(18_446_743_979_220_271_189),
            Ok((4_294_967_279, 4_294_967_291))
        );
    }

    #[test]
    fn refuses_what_is_not_two_primes() {
        let mersenne_61 = (1u64 << 61) - 1;
        for pq in [0, 1, 2, 3, 4, 7, 105, 3 * 5 * 7 * 11 * 13, mersenne_61, 49] {
            assert_eq!(
                factorize_pq(pq),
                Err(AuthKeyError::PqNotSemiprime { pq }),
                "{pq}"
            );
        }
        let pq = 3 * mersenne_61;
        assert_eq!(factorize_pq(pq), Err(AuthKeyError::PqFactorTooLarge { pq }));
    }

    #[test]
    fn generated_pq_is_deterministic_and_factors_back() {
        let mut zeros = |buf: &mut [u8]| buf.fill(0);
        // Both draws give 2^30, whose next prime is 2^30 + 3; the clash moves q on.
        assert_eq!(generate_pq(&mut zeros), (1_073_741_827, 1_073_741_831));
        let mut ones = |buf: &mut [u8]| buf.fill(0xff);
        assert_eq!(generate_pq(&mut ones), (2_147_483_647, 2_147_483_659));
        let mut state = 0u8;
        let mut bytes = |buf: &mut [u8]| {
            for b in buf {
                state = state.wrapping_mul(73).wrapping_add(41);
                *b = state;
            }
        };
        for _ in 0..20 {
            let (p, q) = generate_pq(&mut bytes);
            assert!(p < q && (1 << 30) <= p && q < (1 << 31), "{p} {q}");
            assert_eq!(factorize_pq(u64::from(p) * u64::from(q)), Ok((p, q)));
        }
    }

    #[test]
    fn miller_rabin_agrees_with_trial_division_below_10_000() {
        let slow = |n: u64| {
            n >= 2
                && (2..n)
                    .take_while(|d| d * d <= n)
                    .all(|d| !n.is_multiple_of(d))
        };
        let mismatch = (0..10_000).find(|&n| is_prime(n) != slow(n));
        assert_eq!(mismatch, None);
    }
}
