//! The client replaying core.telegram.org/mtproto/samples-auth_key: the sample's nonces,
//! `new_nonce`, padding and `b` injected as randomness, every body it sends compared
//! with the page's bytes (or, for RSA_PAD, whose temp key the page does not give, with
//! the independent Python model's output over the page's `p_q_inner_data_dc`).

use super::{client_done, client_sends};
use crate::Serialize;
use crate::mtproto::auth_key::exchange::Nonces;
use crate::mtproto::auth_key::testing::{
    RSA_PAD_PRODUCTION, TEMP_KEY_ABOVE_N, TEMP_KEY_BELOW_N, chunks,
};
use crate::mtproto::auth_key::{
    ClientHandshake, DhGenOutcome, RsaPublicKey, auth_key_aux_hash, decrypt_client_dh_inner,
};
use crate::mtproto::crypto::AuthKey;
use crate::mtproto::test_vectors::{hex, hex_array, sample};
use crate::mtproto::tl::{enums, functions, types};

/// The sample's client `nonce` (the page's p_q_inner_data_dc).
pub(super) const NONCE: &str = "406709f612fadfbec3f0289d0aa67eef";
/// `pq` of the sample's resPQ, and its factors.
const PQ: &str = "256595edb7766797";
const P: &str = "5a300d4b";
const Q: &str = "6a26db65";
/// The sample's `p_q_inner_data_dc` says DC 2.
const DC: i32 = 2;
/// Local clock for the sample: 7 s behind its server_time.
const BEHIND: i32 = 7;

pub(super) fn nonces() -> Nonces {
    Nonces {
        nonce: hex_array(NONCE),
        server_nonce: hex_array(sample::SERVER_NONCE),
        new_nonce: hex_array(sample::NEW_NONCE),
    }
}

/// `server_time` of the sample's server_DH_inner_data.
pub(super) fn server_time() -> i32 {
    let enums::ServerDhInnerData::ServerDhInnerData(inner) =
        crate::Deserialize::from_bytes(hex(sample::ANSWER)).unwrap();
    inner.server_time
}

pub(super) fn now() -> i64 {
    i64::from(server_time() - BEHIND)
}

/// A resPQ with the sample's values. The page's full fingerprint list is not among
/// the vectors, only that it includes the production key's; the others are made up.
pub(super) fn res_pq(fingerprints: Vec<i64>) -> Vec<u8> {
    let n = nonces();
    types::ResPq {
        nonce: n.nonce,
        server_nonce: n.server_nonce,
        pq: hex(PQ).into(),
        server_public_key_fingerprints: fingerprints,
    }
    .to_bytes()
}

pub(super) fn server_dh_params_ok(encrypted_answer: Vec<u8>) -> Vec<u8> {
    let n = nonces();
    types::ServerDhParamsOk {
        nonce: n.nonce,
        server_nonce: n.server_nonce,
        encrypted_answer: encrypted_answer.into(),
    }
    .to_bytes()
}

/// One of `dh_gen_ok` / `_retry` / `_fail` with the sample's nonces.
pub(super) fn dh_gen(outcome: DhGenOutcome, hash: [u8; 16]) -> Vec<u8> {
    let n = nonces();
    let (nonce, server_nonce) = (n.nonce, n.server_nonce);
    match outcome {
        DhGenOutcome::Ok => types::DhGenOk {
            nonce,
            server_nonce,
            new_nonce_hash1: hash,
        }
        .to_bytes(),
        DhGenOutcome::Retry => types::DhGenRetry {
            nonce,
            server_nonce,
            new_nonce_hash2: hash,
        }
        .to_bytes(),
        DhGenOutcome::Fail => types::DhGenFail {
            nonce,
            server_nonce,
            new_nonce_hash3: hash,
        }
        .to_bytes(),
    }
}

pub(super) fn sample_key() -> AuthKey {
    AuthKey::new(hex_array(sample::AUTH_KEY))
}

/// The sample's client after it sent set_client_DH_params.
pub(super) fn client_awaiting_dh_gen() -> ClientHandshake {
    let mut client = ClientHandshake::awaiting_dh_params(nonces());
    let answer = server_dh_params_ok(hex(sample::ENCRYPTED_ANSWER));
    let mut random = chunks(&[sample::B, sample::CLIENT_DH_PADDING]);
    client_sends(client.handle(&answer, now(), &mut random));
    client
}

#[test]
fn client_reproduces_every_sample_step() {
    let production = RsaPublicKey::telegram_production();
    let keys = vec![RsaPublicKey::telegram_test(), production.clone()];
    let (mut client, body) = ClientHandshake::start(keys, DC, &mut chunks(&[NONCE]));
    assert_eq!(body, hex(&format!("f18e7ebe {NONCE}")), "req_pq_multi");

    let n = nonces();
    let mut random = chunks(&[
        sample::NEW_NONCE,
        sample::RANDOM_PADDING_BYTES,
        TEMP_KEY_ABOVE_N,
        TEMP_KEY_BELOW_N,
    ]);
    let offered = vec![0x0123_4567_89ab_cdef, -2, production.fingerprint()];
    let sent = client_sends(client.handle(&res_pq(offered), now(), &mut random));
    let expected = functions::ReqDhParams {
        nonce: n.nonce,
        server_nonce: n.server_nonce,
        p: hex(P).into(),
        q: hex(Q).into(),
        public_key_fingerprint: production.fingerprint(),
        encrypted_data: hex(RSA_PAD_PRODUCTION).into(),
    };
    // Equal ciphertexts mean the client serialized the page's p_q_inner_data_dc.
    assert_eq!(sent, expected.to_bytes(), "req_DH_params");

    let mut random = chunks(&[sample::B, sample::CLIENT_DH_PADDING]);
    let answer = server_dh_params_ok(hex(sample::ENCRYPTED_ANSWER));
    let sent = client_sends(client.handle(&answer, now(), &mut random));
    let expected = functions::SetClientDhParams {
        nonce: n.nonce,
        server_nonce: n.server_nonce,
        encrypted_data: hex(sample::CLIENT_DH_ENCRYPTED).into(),
    };
    assert_eq!(sent, expected.to_bytes(), "set_client_DH_params");

    let ok = dh_gen(DhGenOutcome::Ok, hex_array(sample::NEW_NONCE_HASH1));
    let finished = client_done(client.handle(&ok, now(), &mut chunks(&[])));
    assert_eq!(finished.auth_key.bytes()[..], hex(sample::AUTH_KEY)[..]);
    assert_eq!(finished.auth_key.id(), sample_key().id());
    // XOR of the first 8 bytes of new_nonce and server_nonce (Python).
    let salt = i64::from_le_bytes(hex_array("49a6747298503dce"));
    assert_eq!(finished.server_salt, salt);
    assert_eq!(finished.time_offset, BEHIND);
}

#[test]
fn client_retries_with_the_aux_hash() {
    let mut client = client_awaiting_dh_gen();
    // new_nonce_hash2 of the sample's key, from Python's hashlib.
    let retry = dh_gen(
        DhGenOutcome::Retry,
        hex_array("20d87dd307142b798b67a8dea2c22140"),
    );
    // The same b again, so the same key: only retry_id differs.
    let mut random = chunks(&[sample::B, sample::CLIENT_DH_PADDING]);
    let sent = client_sends(client.handle(&retry, now(), &mut random));
    let request: functions::SetClientDhParams = crate::Deserialize::from_bytes(sent).unwrap();
    let (key, iv) = (
        hex_array(sample::TMP_AES_KEY),
        hex_array(sample::TMP_AES_IV),
    );
    let data = decrypt_client_dh_inner(&request.encrypted_data, &key, &iv).unwrap();
    let enums::ClientDhInnerData::ClientDhInnerData(inner) =
        crate::Deserialize::from_bytes(data).unwrap();
    assert_eq!(inner.retry_id, auth_key_aux_hash(&sample_key()));
    assert_eq!(inner.g_b[..], hex(sample::G_B)[..]);

    let ok = dh_gen(DhGenOutcome::Ok, hex_array(sample::NEW_NONCE_HASH1));
    let finished = client_done(client.handle(&ok, now(), &mut chunks(&[])));
    assert_eq!(finished.auth_key.id(), sample_key().id());
}
