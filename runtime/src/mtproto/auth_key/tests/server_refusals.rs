//! The server refusing bad client messages, each with its typed error, never a panic.

use super::exchange::{
    NEW_NONCE, NOW, Offered, hand_made_req_dh, plain_inner, server, server_after_res_pq,
};
use super::server_sends;
use crate::mtproto::auth_key::testing::{counter, xorshift};
use crate::mtproto::auth_key::{
    AuthKeyError, InnerDataScheme, ServerHandshake, encrypt_client_dh_inner, tmp_aes_key_iv,
};
use crate::mtproto::tl::{enums, functions, types};
use crate::{Bytes, Serialize};

fn refusal(server: &mut ServerHandshake, body: &[u8]) -> AuthKeyError {
    let err = server
        .handle(body, NOW, &mut counter(1))
        .expect_err("must refuse");
    // Whatever went wrong, the exchange is over.
    assert_eq!(
        server.handle(body, NOW, &mut counter(1)).unwrap_err(),
        AuthKeyError::HandshakeOver
    );
    err
}

/// A req_DH_params from a hand-made client (plain p_q_inner_data, RSA_PAD), with
/// `edit_inner` applied before encryption and `edit` after.
fn req_dh_with(
    offer: &Offered,
    edit_inner: impl FnOnce(&mut types::PQInnerData),
    edit: impl FnOnce(&mut functions::ReqDhParams),
) -> Vec<u8> {
    let mut inner = plain_inner(offer, NEW_NONCE);
    if let enums::PQInnerData::PQInnerData(x) = &mut inner {
        edit_inner(x);
    }
    let body = hand_made_req_dh(offer, &inner, InnerDataScheme::RsaPad, &mut counter(4));
    let mut request: functions::ReqDhParams = crate::Deserialize::from_bytes(body).unwrap();
    edit(&mut request);
    request.to_bytes()
}

/// The edit that changes nothing.
fn keep<T>(_: &mut T) {}

/// A server that answered req_DH_params from a hand-made client, and that client's
/// set_client_DH_params carrying `g_b`.
fn awaiting_set_client_dh(g_b: Vec<u8>) -> (ServerHandshake, Vec<u8>) {
    let (mut server, offer) = server_after_res_pq(&mut xorshift(11));
    let req_dh = req_dh_with(&offer, keep, keep);
    server_sends(server.handle(&req_dh, NOW, &mut xorshift(12)));
    let inner = types::ClientDhInnerData {
        nonce: offer.nonce,
        server_nonce: offer.server_nonce,
        retry_id: 0,
        g_b: g_b.into(),
    };
    let (key, iv) = tmp_aes_key_iv(&NEW_NONCE, &offer.server_nonce);
    let encrypted = encrypt_client_dh_inner(&inner.to_bytes(), &key, &iv, &mut counter(6));
    let request = functions::SetClientDhParams {
        nonce: offer.nonce,
        server_nonce: offer.server_nonce,
        encrypted_data: encrypted.unwrap().into(),
    };
    (server, request.to_bytes())
}

#[test]
fn wrong_nonces() {
    let (mut s, offer) = server_after_res_pq(&mut xorshift(1));
    let body = req_dh_with(&offer, keep, |r| r.nonce[0] ^= 1);
    assert_eq!(
        refusal(&mut s, &body),
        AuthKeyError::NonceMismatch { field: "nonce" }
    );

    let (mut s, offer) = server_after_res_pq(&mut xorshift(1));
    let body = req_dh_with(&offer, keep, |r| r.server_nonce[15] ^= 1);
    let err = refusal(&mut s, &body);
    assert_eq!(
        err,
        AuthKeyError::NonceMismatch {
            field: "server_nonce"
        }
    );

    // Inside the encrypted data.
    let (mut s, offer) = server_after_res_pq(&mut xorshift(1));
    let body = req_dh_with(&offer, |i| i.nonce[3] ^= 1, keep);
    assert_eq!(
        refusal(&mut s, &body),
        AuthKeyError::NonceMismatch { field: "nonce" }
    );
}

#[test]
fn unknown_fingerprint() {
    let (mut s, offer) = server_after_res_pq(&mut xorshift(1));
    let body = req_dh_with(&offer, keep, |r| r.public_key_fingerprint = 42);
    let err = refusal(&mut s, &body);
    assert_eq!(err, AuthKeyError::UnknownFingerprint { fingerprint: 42 });
}

#[test]
fn wrong_p_and_q() {
    let (mut s, offer) = server_after_res_pq(&mut xorshift(1));
    let body = req_dh_with(&offer, keep, |r| std::mem::swap(&mut r.p, &mut r.q));
    assert_eq!(refusal(&mut s, &body), AuthKeyError::PqMismatch);

    // Right outside, wrong inside.
    let (mut s, offer) = server_after_res_pq(&mut xorshift(1));
    let other_pq = [0x17, 0xed, 0x48, 0x94, 0x1a, 0x08, 0xf9, 0x81];
    let body = req_dh_with(&offer, |i| i.pq = Bytes::copy_from_slice(&other_pq), keep);
    assert_eq!(refusal(&mut s, &body), AuthKeyError::PqMismatch);
}

#[test]
fn undecryptable_inner_data() {
    let (mut s, offer) = server_after_res_pq(&mut xorshift(1));
    let body = req_dh_with(&offer, keep, |r| {
        r.encrypted_data = Bytes::from(vec![3; 256])
    });
    let err = refusal(&mut s, &body);
    assert_eq!(err, AuthKeyError::InnerDataUnreadable);
}

#[test]
fn broken_random_source() {
    let zeros = &mut |buf: &mut [u8]| buf.fill(0);
    let (mut s, offer) = server_after_res_pq(zeros);
    let body = req_dh_with(&offer, keep, keep);
    // Every secret drawn is 0, and g^0 = 1 is out of range.
    let err = s.handle(&body, NOW, zeros).unwrap_err();
    assert_eq!(err, AuthKeyError::DhValueOutOfRange);
}

#[test]
fn bad_client_dh() {
    let (mut s, body) = awaiting_set_client_dh(vec![1]);
    assert_eq!(refusal(&mut s, &body), AuthKeyError::DhValueOutOfRange);

    let (mut s, mut body) = awaiting_set_client_dh(vec![0x55; 256]);
    let last = body.len() - 1;
    body[last] ^= 1;
    assert_eq!(refusal(&mut s, &body), AuthKeyError::AnswerHashMismatch);
}

#[test]
fn messages_out_of_step() {
    let set_dh = functions::SetClientDhParams {
        nonce: [0; 16],
        server_nonce: [0; 16],
        encrypted_data: Bytes::new(),
    };
    let err = refusal(&mut server(), &set_dh.to_bytes());
    let expected = AuthKeyError::UnexpectedMessage {
        expected: "req_pq_multi",
        id: 0xf504_5f1f,
    };
    assert_eq!(err, expected);

    let (mut s, _) = server_after_res_pq(&mut xorshift(1));
    let req_pq = functions::ReqPqMulti { nonce: [0; 16] };
    let err = refusal(&mut s, &req_pq.to_bytes());
    let expected = AuthKeyError::UnexpectedMessage {
        expected: "req_DH_params",
        id: 0xbe7e_8ef1,
    };
    assert_eq!(err, expected);
}

#[test]
fn mangled_messages_never_panic() {
    let req_pq = functions::ReqPqMulti { nonce: [1; 16] }.to_bytes();
    for len in 0..req_pq.len() {
        assert!(
            server()
                .handle(&req_pq[..len], NOW, &mut counter(1))
                .is_err()
        );
    }
    let (_, offer) = server_after_res_pq(&mut xorshift(1));
    let req_dh = req_dh_with(&offer, keep, keep);
    // Cut anywhere, req_DH_params fails to decode before any RSA work.
    for len in (0..req_dh.len()).step_by(7) {
        let (mut s, _) = server_after_res_pq(&mut xorshift(1));
        assert!(
            s.handle(&req_dh[..len], NOW, &mut counter(2)).is_err(),
            "{len}"
        );
    }
    // A few flipped ciphertext bytes: RSA_PAD and the old scheme both refuse.
    for at in [req_dh.len() - 256, req_dh.len() - 100, req_dh.len() - 1] {
        let (mut s, _) = server_after_res_pq(&mut xorshift(1));
        let mut bad = req_dh.clone();
        bad[at] ^= 0x10;
        assert!(s.handle(&bad, NOW, &mut counter(3)).is_err(), "byte {at}");
    }
    let (_, set_dh) = awaiting_set_client_dh(vec![0x55; 256]);
    for len in (0..set_dh.len()).step_by(31) {
        let (mut s, _) = awaiting_set_client_dh(vec![0x55; 256]);
        assert!(
            s.handle(&set_dh[..len], NOW, &mut counter(4)).is_err(),
            "{len}"
        );
    }
}
