//! Whole exchanges in memory between [`ClientHandshake`] and [`ServerHandshake`], each
//! side drawing from its own seeded stream, messages wrapped as unencrypted messages.

use std::sync::Arc;

use super::{client_done, client_sends, server_done, server_sends};
use crate::mtproto::auth_key::exchange::Nonces;
use crate::mtproto::auth_key::inner_data::encrypt_sha1_raw;
use crate::mtproto::auth_key::testing::xorshift;
use crate::mtproto::auth_key::{
    ClientHandshake, ClientInfo, Finished, InnerDataScheme, RsaPrivateKey, RsaPublicKey,
    ServerConfig, ServerHandshake, ServerStep, factorize_pq,
};
use crate::mtproto::crypto::AuthKey;
use crate::mtproto::tl::{enums, functions, types};
use crate::mtproto::unencrypted::{decode_unencrypted, encode_unencrypted};
use crate::{Bytes, Deserialize, Serialize};

/// The server's clock; the client's runs 30 s behind.
pub(super) const NOW: i64 = 1_700_000_000;
const CLIENT_NOW: i64 = NOW - 30;

/// Both sides' results of one exchange.
struct Outcome {
    client: Finished,
    server_key: AuthKey,
    server_salt: i64,
    info: Option<ClientInfo>,
}

pub(super) fn server() -> ServerHandshake {
    ServerHandshake::with_config(Arc::new(ServerConfig::with_test_key()))
}

/// Through the unencrypted envelope and back, as the I/O shell will do.
fn over_the_wire(body: &[u8]) -> Vec<u8> {
    let wire = encode_unencrypted(0x6543_2100_0000_0004, body);
    decode_unencrypted(&wire).unwrap().1.to_vec()
}

/// Runs a client (trusting the production and test keys) against a test server.
fn run(seed: u64) -> Outcome {
    let mut client_random = xorshift(seed);
    let mut server_random = xorshift(!seed);
    let keys = vec![
        RsaPublicKey::telegram_production(),
        RsaPrivateKey::test_key().public_key().clone(),
    ];
    let (mut client, mut to_server) = ClientHandshake::start(keys, 2, &mut client_random);
    let mut server = server();
    loop {
        match server.handle(&over_the_wire(&to_server), NOW, &mut server_random) {
            Ok(ServerStep::Send(to_client)) => {
                let step =
                    client.handle(&over_the_wire(&to_client), CLIENT_NOW, &mut client_random);
                to_server = client_sends(step);
            }
            done => {
                let (send, server_key, server_salt) = server_done(done);
                let step = client.handle(&over_the_wire(&send), CLIENT_NOW, &mut client_random);
                return Outcome {
                    client: client_done(step),
                    server_key,
                    server_salt,
                    info: server.client_info(),
                };
            }
        }
    }
}

fn assert_agree(outcome: &Outcome) {
    assert_eq!(outcome.client.auth_key.bytes(), outcome.server_key.bytes());
    assert_eq!(outcome.client.server_salt, outcome.server_salt);
}

#[test]
fn rsa_pad_exchange_agrees() {
    let first = run(1);
    assert_agree(&first);
    assert_eq!(first.client.time_offset, 30);
    let info = ClientInfo {
        scheme: InnerDataScheme::RsaPad,
        dc: Some(2),
        expires_in: None,
    };
    assert_eq!(first.info, Some(info));
    // Deterministic in the seed, and the seed matters.
    assert_eq!(run(1).server_key.bytes(), first.server_key.bytes());
    let second = run(2);
    assert_agree(&second);
    assert_ne!(second.server_key.bytes(), first.server_key.bytes());
}

/// What a client learns from resPQ, solved.
pub(super) struct Offered {
    pub(super) nonce: [u8; 16],
    pub(super) server_nonce: [u8; 16],
    pub(super) pq: Bytes,
    pub(super) p: Bytes,
    pub(super) q: Bytes,
}

pub(super) fn offered(res_pq: &[u8]) -> Offered {
    let enums::ResPq::ResPq(res) = enums::ResPq::from_bytes(res_pq.to_vec()).unwrap();
    let pq = u64::from_be_bytes(res.pq[..].try_into().unwrap());
    let (p, q) = factorize_pq(pq).unwrap();
    Offered {
        nonce: res.nonce,
        server_nonce: res.server_nonce,
        pq: res.pq,
        p: Bytes::copy_from_slice(&p.to_be_bytes()),
        q: Bytes::copy_from_slice(&q.to_be_bytes()),
    }
}

/// `p_q_inner_data` (plain) for an offer: what Telethon sends.
pub(super) fn plain_inner(o: &Offered, new_nonce: [u8; 32]) -> enums::PQInnerData {
    types::PQInnerData {
        pq: o.pq.clone(),
        p: o.p.clone(),
        q: o.q.clone(),
        nonce: o.nonce,
        server_nonce: o.server_nonce,
        new_nonce,
    }
    .into()
}

/// req_DH_params for `inner`, encrypted for the test key under `scheme`.
pub(super) fn hand_made_req_dh(
    offer: &Offered,
    inner: &enums::PQInnerData,
    scheme: InnerDataScheme,
    random: &mut impl FnMut(&mut [u8]),
) -> Vec<u8> {
    let data = inner.to_bytes();
    let key = RsaPrivateKey::test_key();
    let encrypted = match scheme {
        InnerDataScheme::RsaPad => key.public_key().encrypt_rsa_pad(&data, random).unwrap(),
        InnerDataScheme::Sha1Raw => encrypt_sha1_raw(key.public_key(), &data, random),
    };
    functions::ReqDhParams {
        nonce: offer.nonce,
        server_nonce: offer.server_nonce,
        p: offer.p.clone(),
        q: offer.q.clone(),
        public_key_fingerprint: key.public_key().fingerprint(),
        encrypted_data: Bytes::copy_from_slice(&encrypted),
    }
    .to_bytes()
}

/// The `new_nonce` hand-made clients use.
pub(super) const NEW_NONCE: [u8; 32] = [0xa7; 32];

/// A server after resPQ, and what it offered.
pub(super) fn server_after_res_pq(
    random: &mut impl FnMut(&mut [u8]),
) -> (ServerHandshake, Offered) {
    let mut server = server();
    let req_pq = functions::ReqPqMulti { nonce: [0x5a; 16] }.to_bytes();
    let offer = offered(&server_sends(server.handle(&req_pq, NOW, random)));
    (server, offer)
}

/// Plays a client other than ours up to req_DH_params: `inner` built from the offer,
/// encrypted under `scheme`. Then our client takes over with the same nonces, and the
/// exchange must still agree.
fn run_hand_made(
    scheme: InnerDataScheme,
    inner: impl FnOnce(&Offered, [u8; 32]) -> enums::PQInnerData,
) -> Outcome {
    let mut random = xorshift(7);
    let mut server_random = xorshift(8);
    let (mut server, offer) = server_after_res_pq(&mut server_random);
    let req_dh = hand_made_req_dh(&offer, &inner(&offer, NEW_NONCE), scheme, &mut random);
    let answer = server_sends(server.handle(&req_dh, NOW, &mut server_random));
    let mut client = ClientHandshake::awaiting_dh_params(Nonces {
        nonce: offer.nonce,
        server_nonce: offer.server_nonce,
        new_nonce: NEW_NONCE,
    });
    let set_dh = client_sends(client.handle(&answer, CLIENT_NOW, &mut random));
    let (send, server_key, server_salt) =
        server_done(server.handle(&set_dh, NOW, &mut server_random));
    Outcome {
        client: client_done(client.handle(&send, CLIENT_NOW, &mut random)),
        server_key,
        server_salt,
        info: server.client_info(),
    }
}

#[test]
fn old_scheme_exchange_agrees() {
    // The combination Telethon sends: plain p_q_inner_data, SHA-1 scheme.
    let outcome = run_hand_made(InnerDataScheme::Sha1Raw, plain_inner);
    assert_agree(&outcome);
    let info = ClientInfo {
        scheme: InnerDataScheme::Sha1Raw,
        dc: None,
        expires_in: None,
    };
    assert_eq!(outcome.info, Some(info));
}

#[test]
fn temporary_key_requests_are_reported() {
    let outcome = run_hand_made(InnerDataScheme::RsaPad, |o, new_nonce| {
        types::PQInnerDataTempDc {
            pq: o.pq.clone(),
            p: o.p.clone(),
            q: o.q.clone(),
            nonce: o.nonce,
            server_nonce: o.server_nonce,
            new_nonce,
            dc: -4,
            expires_in: 86_400,
        }
        .into()
    });
    assert_agree(&outcome);
    let info = ClientInfo {
        scheme: InnerDataScheme::RsaPad,
        dc: Some(-4),
        expires_in: Some(86_400),
    };
    assert_eq!(outcome.info, Some(info));
    let outcome = run_hand_made(InnerDataScheme::Sha1Raw, |o, new_nonce| {
        types::PQInnerDataTemp {
            pq: o.pq.clone(),
            p: o.p.clone(),
            q: o.q.clone(),
            nonce: o.nonce,
            server_nonce: o.server_nonce,
            new_nonce,
            expires_in: 60,
        }
        .into()
    });
    assert_agree(&outcome);
    assert_eq!(outcome.info.and_then(|i| i.expires_in), Some(60));
}
