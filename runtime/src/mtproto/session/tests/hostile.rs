//! Replays, tampering, malformed containers, and the server's refusals by code.

use std::io::Write;

use bytes::{BufMut, Bytes};
use flate2::Compression;
use flate2::write::GzEncoder;

use super::*;
use crate::gzip::GZIP_PACKED_ID;
use crate::mtproto::session::container::{CONTAINER_ID, write_container};
use crate::mtproto::session::{ContainerError, RECEIVED_WINDOW, SessionError};
use crate::mtproto::tl::{functions, types};
use crate::mtproto::{CryptoError, PlaintextError};
use crate::{DecodeErrorKind, Identifiable, Serialize};

fn gzip_packed(data: &[u8]) -> Bytes {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(data).unwrap();
    let mut out = Vec::new();
    out.put_u32_le(GZIP_PACKED_ID);
    crate::wire::put_bytes(&mut out, &e.finish().unwrap());
    out.into()
}

/// A client with one request sent; the request's msg_id.
fn waiting_client() -> (Pair, RequestId, i64) {
    let mut p = Pair::new();
    let id = p.client.push_request(request(1));
    let up = p.client_poll();
    let msg_id = open(Side::Client, &up[0]).0;
    (p, id, msg_id)
}

fn rpc_result(req_msg_id: i64) -> Bytes {
    types::RpcResult {
        req_msg_id,
        result: request(5),
    }
    .to_bytes()
    .into()
}

fn inner(msg_id: i64, seq_no: i32, body: Bytes) -> Inner {
    Inner {
        msg_id,
        seq_no,
        body,
    }
}

#[test]
fn a_replayed_server_message_is_ignored() {
    let (mut p, id, msg_id) = waiting_client();
    let body = write_container(&[
        inner(msg_id_at(0, 1), 1, rpc_result(msg_id)),
        inner(msg_id_at(0, 7), 3, request(9)),
    ]);
    let m = forge(Side::Server, SALT, msg_id_at(0, 11), 4, &body);
    let first = p.client.handle_incoming(&m, NOW).unwrap();
    assert_eq!(
        first,
        [
            ClientEvent::Result {
                id,
                result: Ok(request(5))
            },
            ClientEvent::Update(request(9)),
        ]
    );
    assert_eq!(p.client.handle_incoming(&m, NOW), Ok(vec![]));
    // The same update resent in another container is a duplicate too.
    let again = write_container(&[inner(msg_id_at(0, 7), 3, request(9))]);
    let m = forge(Side::Server, SALT, msg_id_at(0, 15), 4, &again);
    assert_eq!(p.client.handle_incoming(&m, NOW), Ok(vec![]));
}

#[test]
fn a_tampered_byte_is_a_crypto_error_and_delivers_nothing() {
    let (mut p, id, msg_id) = waiting_client();
    let good = forge(Side::Server, SALT, msg_id_at(0, 1), 1, &rpc_result(msg_id));
    for at in [8, 30, good.len() - 1] {
        let mut bad = good.clone();
        bad[at] ^= 0x10;
        assert_eq!(
            p.client.handle_incoming(&bad, NOW),
            Err(SessionError::Crypto(CryptoError::MsgKeyMismatch))
        );
    }
    assert_eq!(p.client.pending(), 1);
    let events = p.client.handle_incoming(&good, NOW).unwrap();
    assert_eq!(results(&events), [(id, Ok(request(5)))]);
}

#[test]
fn malformed_containers_are_refused_whole() {
    let (mut p, _, msg_id) = waiting_client();
    let top = msg_id_at(0, 1) + 400;
    let answer = inner(msg_id_at(0, 1), 1, rpc_result(msg_id));
    let mut too_many = Vec::new();
    too_many.put_u32_le(CONTAINER_ID);
    too_many.put_i32_le(2000);
    let mut overlong = write_container(&[answer.clone(), inner(top - 8, 3, request(1))]);
    let at = overlong.len() - 12;
    overlong[at..at + 4].copy_from_slice(&400i32.to_le_bytes());
    let nested = write_container(std::slice::from_ref(&answer));
    let cases = [
        (too_many, ContainerError::TooManyMessages { count: 2000 }),
        (
            overlong,
            ContainerError::BadLength {
                index: 1,
                bytes: 400,
            },
        ),
        (
            write_container(&[answer.clone(), inner(top - 4, 3, nested.into())]),
            ContainerError::Nested { index: 1 },
        ),
        (
            write_container(&[answer.clone(), inner(top - 9, 3, request(1))]),
            ContainerError::BadMsgId {
                index: 1,
                msg_id: top - 9,
            },
        ),
        (
            write_container(&[answer.clone(), inner(top + 4, 3, request(1))]),
            ContainerError::BadMsgId {
                index: 1,
                msg_id: top + 4,
            },
        ),
    ];
    for (body, expected) in cases {
        let m = forge(Side::Server, SALT, top, 4, &body);
        assert_eq!(
            p.client.handle_incoming(&m, NOW),
            Err(SessionError::BadContainer(expected))
        );
        assert_eq!(p.client.pending(), 1, "the answer inside was not taken");
    }
}

#[test]
fn gzip_in_one_message_shares_one_cap() {
    let (mut p, _, _) = waiting_client();
    let bomb = gzip_packed(&vec![0; 9 << 20]);
    let body = write_container(&[
        inner(msg_id_at(0, 3), 1, bomb.clone()),
        inner(msg_id_at(0, 7), 3, bomb),
    ]);
    let m = forge(Side::Server, SALT, msg_id_at(0, 11), 4, &body);
    assert!(matches!(
        p.client.handle_incoming(&m, NOW),
        Err(SessionError::Decode(e)) if matches!(e.kind(), DecodeErrorKind::Decompress { .. })
    ));
}

#[test]
fn other_sessions_and_stale_messages_are_refused() {
    let (mut p, _, msg_id) = waiting_client();
    let mut other = ClientSession::new(key(), SALT, SESSION + 1, 0);
    let m = forge(Side::Server, SALT, msg_id_at(0, 1), 1, &request(1));
    assert_eq!(
        other.handle_incoming(&m, NOW),
        Err(SessionError::Plaintext(PlaintextError::WrongSession {
            expected: SESSION + 1,
            actual: SESSION
        }))
    );
    // Outside the window and answering nothing we wait on.
    let old = msg_id_at(-400, 1);
    let m = forge(Side::Server, SALT, old, 1, &rpc_result(msg_id + 4));
    assert_eq!(
        p.client.handle_incoming(&m, NOW),
        Err(SessionError::Plaintext(PlaintextError::MsgIdTooOld {
            msg_id: old
        }))
    );
    assert_eq!(p.client.time_offset(), 0);
}

/// The `(bad_msg_id, error_code)` of every notification the server sends now.
fn notices(p: &mut Pair) -> Vec<(i64, i32)> {
    let mut out = Vec::new();
    for m in p.server_poll() {
        for item in open(Side::Server, &m).2 {
            match id_of(&item.body) {
                types::BadMsgNotification::CONSTRUCTOR_ID => {
                    let n = decode::<types::BadMsgNotification>(&item.body);
                    out.push((n.bad_msg_id, n.error_code));
                }
                types::BadServerSalt::CONSTRUCTOR_ID => {
                    let n = decode::<types::BadServerSalt>(&item.body);
                    assert_eq!(n.new_server_salt, SALT);
                    out.push((n.bad_msg_id, n.error_code));
                }
                _ => {}
            }
        }
    }
    out
}

fn acks(ids: &[i64]) -> Bytes {
    types::MsgsAck {
        msg_ids: ids.to_vec(),
    }
    .to_bytes()
    .into()
}

#[test]
fn server_refusals_carry_the_spec_codes() {
    let id = |s, low| msg_id_at(s, low);
    let req = request(1);
    let cases: Vec<(i64, i64, i32, Bytes, i32)> = vec![
        (SALT, id(0, 2), 1, req.clone(), 18),
        (SALT, id(-301, 0), 1, req.clone(), 16),
        (SALT, id(31, 0), 1, req.clone(), 17),
        (SALT ^ 1, id(0, 0), 1, req.clone(), 48),
        (SALT, id(0, 0), 2, req.clone(), 35),
        (SALT, id(0, 0), 1, acks(&[1]), 34),
        (
            SALT,
            id(0, 8),
            1,
            write_container(&[inner(id(0, 4), 1, req.clone())]).into(),
            34,
        ),
    ];
    for (salt, msg_id, seq_no, body, code) in cases {
        let mut p = Pair::new();
        let m = forge(Side::Client, salt, msg_id, seq_no, &body);
        assert_eq!(p.server.handle_incoming(&m, NOW), Ok(vec![]), "{code}");
        assert_eq!(notices(&mut p), [(msg_id, code)]);
    }
}

#[test]
fn server_checks_seq_no_order_duplicates_and_the_window() {
    let mut p = Pair::new();
    let send = |p: &mut Pair, msg_id, seq_no, body: &Bytes| {
        let m = forge(Side::Client, SALT, msg_id, seq_no, body);
        p.server.handle_incoming(&m, NOW)
    };
    let req = request(1);
    let served = send(&mut p, msg_id_at(0, 400), 7, &req).unwrap();
    assert_eq!(served.len(), 1);
    assert_eq!(
        send(&mut p, msg_id_at(0, 400), 7, &req),
        Ok(vec![]),
        "duplicate"
    );
    assert_eq!(send(&mut p, msg_id_at(0, 800), 5, &req), Ok(vec![]));
    assert_eq!(send(&mut p, msg_id_at(0, 200), 9, &req), Ok(vec![]));
    let container: Bytes = write_container(&[inner(msg_id_at(0, 900), 11, req.clone())]).into();
    assert_eq!(
        send(&mut p, msg_id_at(0, 904), 12, &container)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(send(&mut p, msg_id_at(0, 904), 12, &container), Ok(vec![]));
    assert_eq!(
        notices(&mut p),
        [
            (msg_id_at(0, 800), 32),
            (msg_id_at(0, 200), 33),
            (msg_id_at(0, 904), 19)
        ]
    );

    let ping: Bytes = functions::Ping { ping_id: 1 }.to_bytes().into();
    for i in 0..RECEIVED_WINDOW as i64 {
        send(&mut p, msg_id_at(1, 4 * i), 13 + 2 * i as i32, &ping).unwrap();
    }
    p.server_poll();
    assert_eq!(
        send(&mut p, msg_id_at(0, 1000), 1_000_001, &req),
        Ok(vec![])
    );
    assert_eq!(notices(&mut p), [(msg_id_at(0, 1000), 20)]);
}

#[test]
fn server_refuses_a_malformed_container_and_says_64() {
    let mut p = Pair::new();
    let mut body = Vec::new();
    body.put_u32_le(CONTAINER_ID);
    body.put_i32_le(2000);
    let m = forge(Side::Client, SALT, msg_id_at(0, 0), 0, &body);
    assert_eq!(
        p.server.handle_incoming(&m, NOW),
        Err(SessionError::BadContainer(
            ContainerError::TooManyMessages { count: 2000 }
        ))
    );
    assert_eq!(notices(&mut p), [(msg_id_at(0, 0), 64)]);
}

#[test]
fn server_unpacks_gzipped_requests() {
    let mut p = Pair::new();
    let m = forge(
        Side::Client,
        SALT,
        msg_id_at(0, 0),
        1,
        &gzip_packed(&request(3)),
    );
    assert_eq!(
        p.server.handle_incoming(&m, NOW),
        Ok(vec![ServerEvent::Request {
            msg_id: msg_id_at(0, 0),
            body: request(3)
        }])
    );
}
