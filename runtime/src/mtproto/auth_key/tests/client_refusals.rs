//! The client refusing bad server messages, each with its typed error, never a panic;
//! built on the spec's sample exchange (see `sample`).

use std::ops::Range;

use super::client_sends;
use super::sample::{
    NONCE, client_awaiting_dh_gen, dh_gen, nonces, now, res_pq, server_dh_params_ok,
};
use crate::Serialize;
use crate::mtproto::auth_key::testing::{chunks, counter};
use crate::mtproto::auth_key::{
    AuthKeyError, ClientHandshake, DhGenOutcome, RsaPublicKey, encrypt_server_dh_answer,
};
use crate::mtproto::test_vectors::{hex, hex_array, sample};
use crate::mtproto::tl::types;
use crate::mtproto::unencrypted::decode_unencrypted;

fn production_fp() -> i64 {
    RsaPublicKey::telegram_production().fingerprint()
}

/// A client that sent the sample's req_pq_multi.
fn started() -> ClientHandshake {
    let keys = vec![RsaPublicKey::telegram_production()];
    ClientHandshake::start(keys, 2, &mut chunks(&[NONCE])).0
}

/// A client that sent the sample's req_DH_params.
fn awaiting_dh_params() -> ClientHandshake {
    ClientHandshake::awaiting_dh_params(nonces())
}

fn refusal(client: &mut ClientHandshake, body: &[u8]) -> AuthKeyError {
    let err = client
        .handle(body, now(), &mut counter(1))
        .expect_err("must refuse");
    // Whatever went wrong, the exchange is over.
    assert_eq!(
        client.handle(body, now(), &mut counter(1)).unwrap_err(),
        AuthKeyError::HandshakeOver
    );
    err
}

/// server_DH_params_ok around a hand-made server_DH_inner_data.
fn answer_with(g: i32, g_a: Vec<u8>, nonce: [u8; 16]) -> Vec<u8> {
    let n = nonces();
    let inner = types::ServerDhInnerData {
        nonce,
        server_nonce: n.server_nonce,
        g,
        dh_prime: hex(sample::DH_PRIME).into(),
        g_a: g_a.into(),
        server_time: 0,
    };
    let (key, iv) = (
        hex_array(sample::TMP_AES_KEY),
        hex_array(sample::TMP_AES_IV),
    );
    let encrypted = encrypt_server_dh_answer(&inner.to_bytes(), &key, &iv, &mut counter(5));
    server_dh_params_ok(encrypted.unwrap())
}

#[test]
fn wrong_nonces() {
    let mut body = res_pq(vec![production_fp()]);
    body[4] ^= 1;
    let err = refusal(&mut started(), &body);
    assert_eq!(err, AuthKeyError::NonceMismatch { field: "nonce" });

    let mut body = server_dh_params_ok(hex(sample::ENCRYPTED_ANSWER));
    body[20] ^= 1;
    let err = refusal(&mut awaiting_dh_params(), &body);
    assert_eq!(
        err,
        AuthKeyError::NonceMismatch {
            field: "server_nonce"
        }
    );

    // Inside the encrypted answer too.
    let body = answer_with(3, hex(sample::G_A), [9; 16]);
    let err = refusal(&mut awaiting_dh_params(), &body);
    assert_eq!(err, AuthKeyError::NonceMismatch { field: "nonce" });

    let mut body = dh_gen(DhGenOutcome::Ok, hex_array(sample::NEW_NONCE_HASH1));
    body[4] ^= 1;
    let err = refusal(&mut client_awaiting_dh_gen(), &body);
    assert_eq!(err, AuthKeyError::NonceMismatch { field: "nonce" });
}

#[test]
fn unknown_fingerprint() {
    // The resPQ of the older samples-auth_key page: it offers only an old key.
    let message = hex(concat!(
        "000000000000000001c8831ec97ae55140000000632416053e0549828cca27e966b301a48fece2fc",
        "a5cf4d33f4a11ea877ba4aa5739073300817ed48941a08f98100000015c4b51c01000000216be86c",
        "022bb4c3",
    ));
    let (_, body) = decode_unencrypted(&message).unwrap();
    let keys = vec![RsaPublicKey::telegram_production()];
    let nonce = "3e0549828cca27e966b301a48fece2fc";
    let (mut client, _) = ClientHandshake::start(keys, 2, &mut chunks(&[nonce]));
    let err = refusal(&mut client, body);
    let offered = vec![i64::from_le_bytes(hex_array("216be86c022bb4c3"))];
    assert_eq!(err, AuthKeyError::NoKnownFingerprint { offered });
}

#[test]
fn bad_pq() {
    let n = nonces();
    let with_pq = |pq: &[u8]| {
        types::ResPq {
            nonce: n.nonce,
            server_nonce: n.server_nonce,
            pq: pq.to_vec().into(),
            server_public_key_fingerprints: vec![production_fp()],
        }
        .to_bytes()
    };
    let err = refusal(&mut started(), &with_pq(&[1; 9]));
    assert_eq!(err, AuthKeyError::PqTooLong { len: 9 });
    // 2^61 - 1 is prime.
    let pq = (1u64 << 61) - 1;
    let err = refusal(&mut started(), &with_pq(&pq.to_be_bytes()));
    assert_eq!(err, AuthKeyError::PqNotSemiprime { pq });
}

#[test]
fn tampered_answer() {
    let mut encrypted = hex(sample::ENCRYPTED_ANSWER);
    encrypted[100] ^= 0x40;
    let err = refusal(&mut awaiting_dh_params(), &server_dh_params_ok(encrypted));
    assert_eq!(err, AuthKeyError::AnswerHashMismatch);
    let mut encrypted = hex(sample::ENCRYPTED_ANSWER);
    encrypted.pop();
    let err = refusal(&mut awaiting_dh_params(), &server_dh_params_ok(encrypted));
    assert_eq!(err, AuthKeyError::NotBlockAligned { len: 591 });
}

#[test]
fn bad_dh_values() {
    let nonce = nonces().nonce;
    let err = refusal(&mut awaiting_dh_params(), &answer_with(3, vec![1], nonce));
    assert_eq!(err, AuthKeyError::DhValueOutOfRange);
    let mut p_minus_1 = hex(sample::DH_PRIME);
    *p_minus_1.last_mut().unwrap() -= 1;
    let err = refusal(&mut awaiting_dh_params(), &answer_with(3, p_minus_1, nonce));
    assert_eq!(err, AuthKeyError::DhValueOutOfRange);
    // The Telegram prime is 3 mod 8, so 2 is no generator of its subgroup.
    let err = refusal(
        &mut awaiting_dh_params(),
        &answer_with(2, hex(sample::G_A), nonce),
    );
    assert_eq!(err, AuthKeyError::BadGenerator { g: 2 });
}

#[test]
fn server_refusals() {
    let n = nonces();
    let fail = types::ServerDhParamsFail {
        nonce: n.nonce,
        server_nonce: n.server_nonce,
        new_nonce_hash: [0; 16],
    };
    let err = refusal(&mut awaiting_dh_params(), &fail.to_bytes());
    assert_eq!(err, AuthKeyError::ServerDhParamsFail);

    // new_nonce_hash3 of the sample's key, from Python's hashlib.
    let fail = dh_gen(
        DhGenOutcome::Fail,
        hex_array("141c6db2686ef8df4e08e685ccd31510"),
    );
    let err = refusal(&mut client_awaiting_dh_gen(), &fail);
    assert_eq!(err, AuthKeyError::DhGenFail);
}

#[test]
fn wrong_nonce_hash() {
    let mut hash: [u8; 16] = hex_array(sample::NEW_NONCE_HASH1);
    hash[15] ^= 1;
    let err = refusal(
        &mut client_awaiting_dh_gen(),
        &dh_gen(DhGenOutcome::Ok, hash),
    );
    assert_eq!(err, AuthKeyError::NewNonceHashMismatch);
    // A right hash under the wrong verdict.
    let retry = dh_gen(DhGenOutcome::Retry, hex_array(sample::NEW_NONCE_HASH1));
    let err = refusal(&mut client_awaiting_dh_gen(), &retry);
    assert_eq!(err, AuthKeyError::NewNonceHashMismatch);
}

#[test]
fn endless_retries() {
    let mut client = client_awaiting_dh_gen();
    let retry = dh_gen(
        DhGenOutcome::Retry,
        hex_array("20d87dd307142b798b67a8dea2c22140"),
    );
    // Each retry reuses the sample's b, so the key and its hash2 stay the same.
    let b = [sample::B, sample::CLIENT_DH_PADDING];
    for _ in 0..5 {
        client_sends(client.handle(&retry, now(), &mut chunks(&b)));
    }
    let err = refusal(&mut client, &retry);
    assert_eq!(err, AuthKeyError::TooManyRetries { retries: 5 });
}

#[test]
fn messages_out_of_step() {
    let ok = dh_gen(DhGenOutcome::Ok, hex_array(sample::NEW_NONCE_HASH1));
    let err = refusal(&mut started(), &ok);
    let expected = AuthKeyError::UnexpectedMessage {
        expected: "resPQ",
        id: 0x3bcb_f734,
    };
    assert_eq!(err, expected);
    let err = refusal(&mut awaiting_dh_params(), &res_pq(vec![]));
    let expected = AuthKeyError::UnexpectedMessage {
        expected: "Server_DH_Params",
        id: 0x0516_2463,
    };
    assert_eq!(err, expected);
    let answer = server_dh_params_ok(hex(sample::ENCRYPTED_ANSWER));
    let err = refusal(&mut client_awaiting_dh_gen(), &answer);
    let expected = AuthKeyError::UnexpectedMessage {
        expected: "Set_client_DH_params_answer",
        id: 0xd0e8_075c,
    };
    assert_eq!(err, expected);
}

#[test]
fn mangled_messages_never_panic() {
    let answer = server_dh_params_ok(hex(sample::ENCRYPTED_ANSWER));
    let ok = dh_gen(DhGenOutcome::Ok, hex_array(sample::NEW_NONCE_HASH1));
    type Make = fn() -> ClientHandshake;
    // The third item: bytes any value of which is fine (resPQ's server_nonce is the
    // server's choice).
    let cases: [(Make, Vec<u8>, Range<usize>); 3] = [
        (started, res_pq(vec![production_fp()]), 20..36),
        (awaiting_dh_params, answer, 0..0),
        (client_awaiting_dh_gen, ok, 0..0),
    ];
    for (make, body, free) in cases {
        let mut client = make();
        for len in (0..body.len()).step_by(5) {
            assert!(client.handle(&body[..len], now(), &mut counter(2)).is_err());
            client = make();
        }
        // Flipped bits in the header, the lengths and the start of the payload.
        for at in (0..body.len().min(64)).step_by(7) {
            let mut bad = body.clone();
            bad[at] ^= 0x81;
            let result = client.handle(&bad, now(), &mut counter(3));
            assert!(result.is_err() || free.contains(&at), "byte {at}");
            client = make();
        }
    }
}
