//! The normal flow: requests answered, containers, gzip, errors, pings, updates, acks.

use std::collections::HashMap;
use std::io::Write;

use bytes::{BufMut, Bytes};
use flate2::Compression;
use flate2::write::GzEncoder;

use super::*;
use crate::Identifiable;
use crate::gzip::GZIP_PACKED_ID;
use crate::mtproto::tl::types;

fn gzip_packed(data: &[u8]) -> Bytes {
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    e.write_all(data).unwrap();
    let mut out = Vec::new();
    out.put_u32_le(GZIP_PACKED_ID);
    crate::wire::put_bytes(&mut out, &e.finish().unwrap());
    out.into()
}

#[test]
fn single_request_answered_in_a_new_session() {
    let mut p = Pair::new();
    let id = p.client.push_request(request(1));
    let up = p.client_poll();
    assert_eq!(up.len(), 1);
    let (msg_id, seq_no, items) = open(Side::Client, &up[0]);
    assert_eq!((msg_id % 4, seq_no, items.len()), (0, 1, 1));
    let served = p.deliver_to_server(up);
    assert_eq!(
        served,
        [ServerEvent::Request {
            msg_id,
            body: request(1)
        }]
    );
    p.echo(served);
    let events = p.run_down();
    assert_eq!(
        events,
        [
            ClientEvent::NewSession {
                first_msg_id: msg_id
            },
            ClientEvent::Result {
                id,
                result: Ok(request(1))
            },
        ]
    );
    assert_eq!(p.client.pending(), 0);
}

impl Pair {
    /// Server → client only.
    fn run_down(&mut self) -> Vec<ClientEvent> {
        let down = self.server_poll();
        self.deliver_to_client(down)
    }
}

#[test]
fn hundred_requests_in_one_container_each_answered_once() {
    let mut p = Pair::new();
    let ids: Vec<RequestId> = (0..100)
        .map(|n| p.client.push_request(request(n)))
        .collect();
    let up = p.client_poll();
    assert_eq!(up.len(), 1, "one message");
    let (container_id, seq_no, items) = open(Side::Client, &up[0]);
    assert_eq!(items.len(), 100);
    assert_eq!(seq_no, 200, "even, after 100 content-related messages");
    assert!(
        items
            .iter()
            .all(|m| m.msg_id < container_id && m.seq_no % 2 == 1)
    );
    let served = p.deliver_to_server(up);
    assert_eq!(served.len(), 100);
    p.echo(served);
    let events = p.run();
    let got = results(&events);
    assert_eq!(got.len(), 100);
    let by_id: HashMap<_, _> = got.into_iter().collect();
    for (n, id) in ids.iter().enumerate() {
        assert_eq!(by_id[id], Ok(request(n as u32)));
    }
    assert_eq!(p.client.pending(), 0);
    assert_eq!(p.served, 100, "nothing was sent twice");
}

#[test]
fn gzip_packed_result_and_update_are_unpacked() {
    let mut p = Pair::new();
    let big: Vec<u8> = (0..10_000u32).flat_map(|i| (i % 7).to_le_bytes()).collect();
    let id = p.client.push_request(request(1));
    let up = p.client_poll();
    for ServerEvent::Request { msg_id, .. } in p.deliver_to_server(up) {
        p.server.push_result(msg_id, Ok(gzip_packed(&big)));
    }
    p.server.push_update(gzip_packed(&request(9)));
    let events = p.run_down();
    assert_eq!(results(&events), [(id, Ok(Bytes::from(big)))]);
    assert!(events.contains(&ClientEvent::Update(request(9))));
}

#[test]
fn rpc_error_becomes_err() {
    let mut p = Pair::new();
    let id = p.client.push_request(request(1));
    let up = p.client_poll();
    for ServerEvent::Request { msg_id, .. } in p.deliver_to_server(up) {
        p.server
            .push_result(msg_id, Err(RpcError::new(420, "FLOOD_WAIT_30")));
    }
    let events = p.run_down();
    let [(got_id, Err(e))] = &results(&events)[..] else {
        panic!("{events:?}");
    };
    assert_eq!(*got_id, id);
    assert_eq!(
        (e.code, e.name.as_str(), e.value),
        (420, "FLOOD_WAIT", Some(30))
    );
}

#[test]
fn ping_is_answered_and_its_pong_consumed() {
    let mut p = Pair::new();
    p.client.push_ping(77);
    let up = p.client_poll();
    assert_eq!(p.deliver_to_server(up), [], "pings are answered inside");
    let down = p.server_poll();
    let (_, _, items) = open(Side::Server, &down[0]);
    let pong = items
        .iter()
        .find(|m| id_of(&m.body) == types::Pong::CONSTRUCTOR_ID)
        .unwrap();
    assert_eq!(pong.msg_id % 4, 1, "an answer");
    assert_eq!(decode::<types::Pong>(&pong.body).ping_id, 77);
    let events = p.deliver_to_client(down);
    assert!(results(&events).is_empty());
    assert_eq!(p.client.pending(), 0);
}

#[test]
fn ping_pushed_as_a_request_gets_its_pong() {
    let mut p = Pair::new();
    let body = crate::Serialize::to_bytes(&crate::mtproto::tl::functions::Ping { ping_id: 5 });
    let id = p.client.push_request(body.into());
    let events = p.run();
    let [(got, Ok(pong))] = &results(&events)[..] else {
        panic!("{events:?}");
    };
    assert_eq!(*got, id);
    assert_eq!(decode::<types::Pong>(pong).ping_id, 5);
}

#[test]
fn updates_reach_the_caller_with_the_server_parities() {
    let mut p = Pair::new();
    p.client.push_request(request(1));
    let up = p.client_poll();
    p.deliver_to_server(up);
    p.server.push_update(request(7));
    let down = p.server_poll();
    let (top, _, items) = open(Side::Server, &down[0]);
    assert_eq!(top % 4, 3, "a container answering nothing");
    assert!(items.iter().all(|m| m.msg_id % 4 == 3));
    let events = p.deliver_to_client(down);
    assert!(events.contains(&ClientEvent::Update(request(7))));
}

#[test]
fn both_sides_acknowledge_content_related_messages() {
    let mut p = Pair::new();
    p.client.push_request(request(1));
    let up = p.client_poll();
    let (request_msg_id, _, _) = open(Side::Client, &up[0]);
    let served = p.deliver_to_server(up);
    p.echo(served);
    let down = p.server_poll();
    let (top, _, items) = open(Side::Server, &down[0]);
    assert_eq!(top % 4, 1, "the container holds an answer");
    let ack = &items[0];
    assert_eq!(id_of(&ack.body), types::MsgsAck::CONSTRUCTOR_ID);
    assert_eq!(ack.seq_no % 2, 0);
    assert_eq!(
        decode::<types::MsgsAck>(&ack.body).msg_ids,
        [request_msg_id]
    );
    let content: Vec<i64> = items
        .iter()
        .filter(|m| m.seq_no % 2 == 1)
        .map(|m| m.msg_id)
        .collect();
    assert_eq!(content.len(), 2, "new_session_created and rpc_result");
    p.deliver_to_client(down);
    let up = p.client_poll();
    assert_eq!(up.len(), 1, "acks go out on their own");
    let (_, seq_no, items) = open(Side::Client, &up[0]);
    assert_eq!((seq_no % 2, items.len()), (0, 1));
    assert_eq!(decode::<types::MsgsAck>(&items[0].body).msg_ids, content);
    assert_eq!(p.deliver_to_server(up), []);
    assert!(p.server_poll().is_empty(), "acks are not acknowledged");
    assert!(p.client_poll().is_empty());
}

#[test]
fn acks_ride_with_the_next_request() {
    let mut p = Pair::new();
    p.client.push_request(request(1));
    p.run_without_client_acks();
    let id = p.client.push_request(request(2));
    let up = p.client_poll();
    let (_, _, items) = open(Side::Client, &up[0]);
    assert_eq!(up.len(), 1);
    assert_eq!(id_of(&items[0].body), types::MsgsAck::CONSTRUCTOR_ID);
    assert_eq!(items[1].body, request(2));
    let served = p.deliver_to_server(up);
    p.echo(served);
    assert_eq!(results(&p.run_down()), [(id, Ok(request(2)))]);
    assert_eq!(p.server.session_id(), Some(SESSION));
}

impl Pair {
    /// One exchange, leaving the client's acknowledgments unsent.
    fn run_without_client_acks(&mut self) {
        let up = self.client_poll();
        let served = self.deliver_to_server(up);
        self.echo(served);
        self.run_down();
    }
}

#[test]
fn new_session_resends_requests_the_old_one_lost() {
    let mut p = Pair::new();
    let lost = p.client.push_request(request(1));
    let _gone = p.client_poll();
    // The server restarted: the same key, no memory of the session.
    p.server = ServerSession::new(key(), SALT);
    let later = p.client.push_request(request(2));
    let events = p.run();
    let new_sessions = events
        .iter()
        .filter(|e| matches!(e, ClientEvent::NewSession { .. }))
        .count();
    assert_eq!(new_sessions, 1);
    let mut got = results(&events);
    got.sort_by_key(|(id, _)| *id);
    assert_eq!(got, [(lost, Ok(request(1))), (later, Ok(request(2)))]);
    assert_eq!(p.served, 2);
}
