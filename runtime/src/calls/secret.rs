//! A call's Diffie-Hellman arithmetic: drawing the secret exponent and its public
//! value, and the shared key from the peer's.

use num_bigint::BigUint;

use super::{CallError, DhConfig};
use crate::mtproto::auth_key::{AuthKeyError, check_g_a, dh_public_value, dh_shared_key};

/// Draws before giving up. Since p > 2^2047, a draw from a working source fails with
/// odds below 1/2 (x >= p - 1, or, near 2^-63, a public value too close to 0 or p), so
/// this many failures in a row (odds below 2^-64) mean the source is broken.
const MAX_DRAWS: usize = 64;

/// A secret exponent `x` with `1 < x < p - 1` (random bytes XOR the server's) and its
/// public value `g^x mod p`, redrawn until that value passes the range check the peer
/// will apply. The public value comes without leading zero bytes, the form Telegram's
/// apps send and hash (tdlib `DhHandshake::get_g_b`, Android's `BigInteger` bytes), so
/// the commitment and the emoji agree with theirs.
pub(super) fn draw(
    config: &DhConfig,
    random: &mut dyn FnMut(&mut [u8]),
) -> Result<([u8; 256], Vec<u8>), CallError> {
    let p = BigUint::from_bytes_be(config.p());
    for _ in 0..MAX_DRAWS {
        let mut secret = [0u8; 256];
        random(&mut secret);
        for (s, r) in secret.iter_mut().zip(config.server_random()) {
            *s ^= r;
        }
        let x = BigUint::from_bytes_be(&secret);
        if x <= BigUint::from(1u32) || &x + 1u32 >= p {
            continue;
        }
        let public =
            dh_public_value(config.g(), &secret, config.p()).map_err(CallError::BadConfig)?;
        if check_g_a(&public, config.p()).is_ok() {
            let start = public.iter().position(|&b| b != 0).unwrap_or(public.len());
            return Ok((secret, public[start..].to_vec()));
        }
    }
    Err(CallError::RandomExhausted)
}

/// `peer^secret mod p`, left-padded to 256 bytes, for a `peer` value (big-endian,
/// leading zeros allowed) within `2^1984 ..= p - 2^1984`; else `out_of_range`.
pub(super) fn shared_key(
    peer: &[u8],
    secret: &[u8; 256],
    p: &[u8; 256],
    out_of_range: CallError,
) -> Result<[u8; 256], CallError> {
    dh_shared_key(peer, secret, p).map_err(|e| match e {
        AuthKeyError::DhValueOutOfRange => out_of_range,
        other => CallError::BadConfig(other),
    })
}
