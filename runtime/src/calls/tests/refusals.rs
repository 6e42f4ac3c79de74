//! Refused configs and peer values: each is a typed error, and a refused peer value
//! discards the call without handing out a key.

use num_bigint::BigUint;
use sha2::{Digest, Sha256};

use super::{config, exchange, fill};
use crate::calls::{
    CallError, DhConfig, DiscardReason, IncomingCall, IncomingState, OutgoingCall, OutgoingState,
};
use crate::mtproto::auth_key::{AuthKeyError, TELEGRAM_DH_PRIME};

/// A 2048-bit prime p with (p - 1) / 2 composite and p mod 3 = 2, so g = 3 gets past the
/// generator check to the safe-prime test (the mtproto test vectors' `NOT_SAFE`;
/// Miller-Rabin in Python: p prime, (p - 1) / 2 not).
const NOT_SAFE: &str = concat!(
    "98f135d25f557203301850c5a38fd547923a736994e3bf911a61dbe22e44158bae97ba94d0eda82f8f6d05584ef8aa38",
    "922766581e27a1c08a6a63ec24ede6a46b4cb2424a23d5962217beaddbc496cb8e81973e0becd7b03898d190f9ebdacc",
    "0cb1e29c658cda1495e60af593bd04cf0fd630f1f29d0da9953f48f1a09f76b5a170b33839263059f28c105d1fb17c23",
    "90c192cfd3ac94af0f21ddb66cad4a268d116ece1738f7d93d9c172411e20b8f6b0d549b6f03675a1600a35a099950d8",
    "36f675cc81e74ef5e8e25d940ed904759531985d5d9dc9f81818e811892f902bd23f0824128b2f330c5c7fd0a6a3a450",
    "6513270e269e0d37f2a74de452e6bc93",
);

const DISCONNECTED: CallError = CallError::Discarded {
    reason: DiscardReason::Disconnect,
};

/// Values a peer must not get away with: 0, 1, p - 1, p, just under 2^1984, just over
/// p - 2^1984, all ones, and nothing.
fn bad_values() -> Vec<Vec<u8>> {
    let p = BigUint::from_bytes_be(&TELEGRAM_DH_PRIME);
    let margin = BigUint::from(1u32) << 1984u32;
    let be = |v: BigUint| {
        let bytes = v.to_bytes_be();
        let mut out = vec![0u8; 256 - bytes.len()];
        out.extend_from_slice(&bytes);
        out
    };
    vec![
        be(BigUint::from(0u32)),
        be(BigUint::from(1u32)),
        be(&p - 1u32),
        be(p.clone()),
        be(&margin - 1u32),
        be(&p - &margin + 1u32),
        vec![0xff; 256],
        vec![0xff; 300],
        Vec::new(),
    ]
}

#[test]
fn bad_primes_and_generators() {
    let bad = |g: i32, p: &[u8]| DhConfig::new(g, p).unwrap_err();
    let mut composite = TELEGRAM_DH_PRIME;
    composite[255] = composite[255].wrapping_add(2);
    let not_safe: Vec<u8> = (0..NOT_SAFE.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&NOT_SAFE[i..i + 2], 16).unwrap())
        .collect();
    let not_safe_err = CallError::BadConfig(AuthKeyError::DhPrimeNotSafe);
    // p + 2 has p mod 3 = 1, so g = 4 (no residue condition) reaches the prime test.
    assert_eq!(bad(4, &composite), not_safe_err);
    assert_eq!(bad(3, &not_safe), not_safe_err);
    let size = |bits| CallError::BadConfig(AuthKeyError::DhPrimeSize { bits });
    assert_eq!(bad(3, &TELEGRAM_DH_PRIME[1..]), size(2037));
    assert_eq!(bad(3, &[]), size(0));
    // p mod 8 = 3, p mod 5 = 3, p mod 24 = 11 (Python): only 3, 4 and 7 generate.
    for g in [-1, 0, 1, 2, 5, 6, 8] {
        let generator = CallError::BadConfig(AuthKeyError::BadGenerator { g });
        assert_eq!(bad(g, &TELEGRAM_DH_PRIME), generator, "g = {g}");
    }
    let mut padded = vec![0, 0];
    padded.extend_from_slice(&TELEGRAM_DH_PRIME);
    let config = DhConfig::new(7, &padded).unwrap();
    assert_eq!((config.g(), config.p()), (7, &TELEGRAM_DH_PRIME));
}

#[test]
fn g_b_out_of_range_discards_the_caller() {
    for g_b in bad_values() {
        let (mut caller, _) = OutgoingCall::start(&config(), &mut fill(0x5a)).unwrap();
        assert_eq!(caller.on_accepted(&g_b), Err(CallError::GbOutOfRange));
        let discarded = OutgoingState::Discarded(DiscardReason::Disconnect);
        assert_eq!(caller.state(), discarded);
        assert_eq!(caller.on_established(0), Err(DISCONNECTED));
        assert!(caller.key().is_none());
    }
}

#[test]
fn committed_g_a_out_of_range_discards_the_callee() {
    // A caller may commit to a bad g_a: the hash matches, the range check must refuse.
    for g_a in bad_values() {
        let mut callee = IncomingCall::new(1, &Sha256::digest(&g_a)).unwrap();
        callee.accept(&config(), &mut fill(0xa5)).unwrap();
        assert_eq!(callee.on_confirmed(&g_a, 0), Err(CallError::GaOutOfRange));
        let discarded = IncomingState::Discarded(DiscardReason::Disconnect);
        assert_eq!(callee.state(), discarded);
        assert!(callee.key().is_none());
    }
}

#[test]
fn g_a_not_matching_its_hash_aborts_the_callee() {
    let mut x = exchange();
    // A valid value, but not the committed one: what a man in the middle would send.
    let swapped = x.g_b;
    let fingerprint = x.confirm.key_fingerprint;
    assert_eq!(
        x.callee.on_confirmed(&swapped, fingerprint),
        Err(CallError::GaHashMismatch)
    );
    assert!(x.callee.key().is_none());
    assert_eq!(
        x.callee.on_confirmed(&x.confirm.g_a, fingerprint),
        Err(DISCONNECTED),
        "no second chance"
    );
    assert!(x.callee.key().is_none());
}

#[test]
fn wrong_fingerprint_discards_either_side() {
    let mut x = exchange();
    let right = x.confirm.key_fingerprint;
    let mismatch = CallError::FingerprintMismatch {
        computed: right,
        received: right ^ 1,
    };
    assert_eq!(
        x.callee.on_confirmed(&x.confirm.g_a, right ^ 1),
        Err(mismatch.clone())
    );
    assert!(x.callee.key().is_none());
    assert_eq!(x.caller.on_established(right ^ 1), Err(mismatch));
    assert!(x.caller.key().is_none());
    assert_eq!(x.caller.on_established(right), Err(DISCONNECTED));
}

#[test]
fn g_a_hash_must_be_32_bytes() {
    for len in [0, 20, 31, 33, 256] {
        assert_eq!(
            IncomingCall::new(1, &vec![0; len]).err(),
            Some(CallError::BadGaHashLength { len })
        );
    }
}

#[test]
fn a_broken_random_source_is_refused() {
    // Zeros give x = 0; ones give x >= p - 1: neither is an exponent the spec allows.
    for byte in [0x00, 0xff] {
        let err = OutgoingCall::start(&config(), &mut fill(byte)).err();
        assert_eq!(err, Some(CallError::RandomExhausted));
        let mut callee = IncomingCall::new(1, &[0; 32]).unwrap();
        let err = callee.accept(&config(), &mut fill(byte));
        assert_eq!(err, Err(CallError::RandomExhausted));
        assert_eq!(callee.state(), IncomingState::Ringing, "still ringing");
    }
}
