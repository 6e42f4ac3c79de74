//! Whole exchanges against values computed independently in Python, with
//! `TELEGRAM_DH_PRIME` as `p`, b = 0xa5.. and a = 0x5a.. or 0x77.. (whose `g_a` has a
//! leading zero byte, so it goes out as 255 bytes):
//!
//! ```python
//! import hashlib
//! p = int.from_bytes(TELEGRAM_DH_PRIME, 'big')
//! be = lambda x: x.to_bytes(256, 'big')                       # the key: always 256 bytes
//! mb = lambda x: x.to_bytes((x.bit_length() + 7) // 8, 'big')  # g_a, g_b: no leading zeros
//! sha = lambda x: hashlib.sha256(x).hexdigest()
//! def emoji(key, g_a):
//!     h = hashlib.sha256(key + g_a).digest()
//!     return [(int.from_bytes(h[i:i + 8], 'big') & (2**63 - 1)) % 333 for i in (0, 8, 16, 24)]
//! for fill in ('5a', '77'):
//!     a, b = int(fill * 256, 16), int('a5' * 256, 16)
//!     g_a, g_b = pow(3, a, p), pow(3, b, p)
//!     key = be(pow(g_b, a, p))
//!     print(len(mb(g_a)), sha(mb(g_a)), sha(mb(g_b)), sha(key))
//!     print(int.from_bytes(hashlib.sha1(key).digest()[12:], 'little', signed=True), emoji(key, mb(g_a)))
//! print(emoji(bytes(range(256)), bytes((7 * i + 3) % 256 for i in range(256))))
//! # [257, 32, 307, 259]: the emoji module's fixed-key test
//! ```

use sha2::{Digest, Sha256};

use super::{config, exchange, exchange_with, fill, finish};
use crate::calls::{IncomingState, OutgoingCall, OutgoingState};

/// One exchange's expected values.
struct Vector {
    g_a_len: usize,
    g_a_hash: &'static str,
    key_sha256: &'static str,
    fingerprint: i64,
    emoji: [&'static str; 4],
}

const G_B_SHA256: &str = "8d23875c5c84e5aaa6d9f847dd8c6b8671a7fe4bb41aa2991043b5f5cf892539";

/// a = 0x5a..: emoji 161, 171, 286, 326.
const A_5A: Vector = Vector {
    g_a_len: 256,
    g_a_hash: "62cf019c45870d0d562038df0d18856c624d7fa01f0d44c8b3a102d02bad4c46",
    key_sha256: "755c6ad89743af6043553d8c21cb2c8b5ba66896edf21e798c6a6167c3b7458b",
    fingerprint: 477_219_118_814_684_653,
    emoji: ["\u{1f50e}", "\u{1f6ac}", "\u{1f6a8}", "\u{1f4af}"],
};

/// a = 0x77..: emoji 309, 297, 147, 316.
const A_77: Vector = Vector {
    g_a_len: 255,
    g_a_hash: "1b568df87b27bd625360b321bc29b4c25cf2ac69935daa0cb0751c3f6966fe31",
    key_sha256: "ef494e60c5f4d96fbfe5056e011c04f32a5a6f06e7abec22c763081f4dd37eba",
    fingerprint: -844_168_644_980_139_662,
    emoji: ["\u{1f1f7}\u{1f1fa}", "\u{1f3b0}", "\u{1f4f7}", "6\u{20e3}"],
};

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    to_hex(&Sha256::digest(bytes))
}

fn check(fill_a: u8, v: &Vector) {
    let x = exchange_with(fill_a);
    assert_eq!(x.confirm.g_a.len(), v.g_a_len);
    assert_eq!(sha256_hex(&x.confirm.g_a), v.g_a_hash);
    assert_eq!(sha256_hex(&x.g_b), G_B_SHA256);
    assert_eq!(x.confirm.key_fingerprint, v.fingerprint);
    let (ours, theirs) = finish(x);
    assert_eq!(ours, theirs);
    assert_eq!(sha256_hex(ours.key()), v.key_sha256);
    assert_eq!(ours.fingerprint(), v.fingerprint);
    assert_eq!(ours.emoji(), v.emoji);
    assert_eq!(theirs.emoji(), v.emoji);
}

#[test]
fn both_sides_reach_pythons_key_fingerprint_and_emoji() {
    check(0x5a, &A_5A);
}

#[test]
fn g_a_with_a_leading_zero_goes_out_without_it() {
    check(0x77, &A_77);
}

#[test]
fn states_and_keys_along_the_way() {
    let mut x = exchange();
    assert_eq!(x.caller.state(), OutgoingState::Confirming);
    assert_eq!(x.callee.state(), IncomingState::Accepted);
    assert_eq!(x.callee.call_id(), 7);
    assert!(
        x.caller.key().is_none(),
        "no key before the fingerprint came back"
    );
    assert!(x.callee.key().is_none());
    let theirs = x
        .callee
        .on_confirmed(&x.confirm.g_a, x.confirm.key_fingerprint)
        .unwrap();
    assert_eq!(x.callee.state(), IncomingState::Established);
    assert_eq!(x.callee.key(), Some(&theirs));
    let ours = x.caller.on_established(A_5A.fingerprint).unwrap();
    assert_eq!(x.caller.state(), OutgoingState::Established);
    assert_eq!(x.caller.key(), Some(&ours));
}

#[test]
fn g_a_hash_is_sha256_of_g_a() {
    let (_, g_a_hash) = OutgoingCall::start(&config(), &mut fill(0x5a)).unwrap();
    assert_eq!(to_hex(&g_a_hash), A_5A.g_a_hash);
}

#[test]
fn peer_values_may_carry_leading_zeros() {
    let x = exchange();
    let mut padded = vec![0, 0];
    padded.extend_from_slice(&x.g_b);
    let (mut caller, _) = OutgoingCall::start(&config(), &mut fill(0x5a)).unwrap();
    assert_eq!(caller.on_accepted(&padded), Ok(x.confirm));
}

#[test]
fn server_random_is_xored_into_the_exponent() {
    // 0x55 ^ 0x0f = 0x5a: the same a as the first vector, so the same commitment.
    let config = config().with_server_random(&[0x0f; 300]);
    let (_, mixed) = OutgoingCall::start(&config, &mut fill(0x55)).unwrap();
    let (_, plain) = OutgoingCall::start(&self::config(), &mut fill(0x55)).unwrap();
    assert_eq!(to_hex(&mixed), A_5A.g_a_hash);
    assert_ne!(mixed, plain);
}
