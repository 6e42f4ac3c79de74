//! A client and a server wired together in memory, with a fixed clock and a seeded
//! random source, plus helpers to forge and read raw messages.

mod exchange;
mod hostile;
mod recovery;

use std::time::Duration;

use bytes::{BufMut, Bytes};

use super::container::{Inner, is_container, parse_container};
use super::{ClientEvent, ClientSession, RequestId, ServerEvent, ServerSession};
use crate::mtproto::{
    AuthKey, Side, decrypt_message, encrypt_message, padding_len, parse_plaintext,
};
use crate::{Deserialize, RpcError};

pub(super) const NOW: Duration = Duration::from_secs(1_700_000_000);
pub(super) const SALT: i64 = 0x0123_4567_89ab_cdef;
pub(super) const SESSION: i64 = 0x5e55_1011_0000_0001;

pub(super) fn key() -> AuthKey {
    let mut k = [0u8; 256];
    for (i, b) in k.iter_mut().enumerate() {
        *b = (i * 7 + 3) as u8;
    }
    AuthKey::new(k)
}

/// A seeded generator (an LCG): deterministic, and different bytes on every call.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn fill(&mut self, buf: &mut [u8]) {
        for b in buf {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            *b = (self.0 >> 56) as u8;
        }
    }
}

/// A serialized request: a made-up constructor id and `n`.
pub(super) fn request(n: u32) -> Bytes {
    let mut b = Vec::new();
    b.put_u32_le(0x1234_5678);
    b.put_u32_le(n);
    b.into()
}

pub(super) struct Pair {
    pub client: ClientSession,
    pub server: ServerSession,
    pub client_now: Duration,
    pub server_now: Duration,
    pub rng: Rng,
    /// Added to the msg_ids of forged server messages, so each is new.
    pub forged_msg_id: i64,
    /// Requests the server has answered.
    pub served: usize,
}

impl Pair {
    pub(super) fn new() -> Self {
        Self {
            client: ClientSession::new(key(), SALT, SESSION, 0),
            server: ServerSession::new(key(), SALT),
            client_now: NOW,
            server_now: NOW,
            rng: Rng(42),
            forged_msg_id: 0,
            served: 0,
        }
    }

    pub(super) fn client_poll(&mut self) -> Vec<Vec<u8>> {
        let rng = &mut self.rng;
        std::iter::from_fn(|| {
            self.client
                .poll_outgoing(self.client_now, &mut |b| rng.fill(b))
        })
        .collect()
    }

    pub(super) fn server_poll(&mut self) -> Vec<Vec<u8>> {
        let rng = &mut self.rng;
        std::iter::from_fn(|| {
            self.server
                .poll_outgoing(self.server_now, &mut |b| rng.fill(b))
        })
        .collect()
    }

    pub(super) fn deliver_to_server(&mut self, messages: Vec<Vec<u8>>) -> Vec<ServerEvent> {
        let now = self.server_now;
        let server = &mut self.server;
        messages
            .iter()
            .flat_map(|m| server.handle_incoming(m, now).unwrap())
            .collect()
    }

    pub(super) fn deliver_to_client(&mut self, messages: Vec<Vec<u8>>) -> Vec<ClientEvent> {
        let now = self.client_now;
        let client = &mut self.client;
        messages
            .iter()
            .flat_map(|m| client.handle_incoming(m, now).unwrap())
            .collect()
    }

    /// Answers every request with its own body.
    pub(super) fn echo(&mut self, events: Vec<ServerEvent>) {
        for ServerEvent::Request { msg_id, body } in events {
            self.server.push_result(msg_id, Ok(body));
            self.served += 1;
        }
    }

    /// Client → server (echoing) → client until both are quiet; the client's events.
    pub(super) fn run(&mut self) -> Vec<ClientEvent> {
        let mut events = Vec::new();
        for _ in 0..20 {
            let up = self.client_poll();
            let served = self.deliver_to_server(up);
            self.echo(served);
            let down = self.server_poll();
            if down.is_empty() {
                return events;
            }
            events.extend(self.deliver_to_client(down));
        }
        panic!("no quiescence after 20 rounds");
    }
}

/// The results among `events`, by request.
pub(super) fn results(events: &[ClientEvent]) -> Vec<(RequestId, Result<Bytes, RpcError>)> {
    events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::Result { id, result } => Some((*id, result.clone())),
            _ => None,
        })
        .collect()
}

/// A message with the given header and body, encrypted by `sender`.
pub(super) fn forge(sender: Side, salt: i64, msg_id: i64, seq_no: i32, body: &[u8]) -> Vec<u8> {
    let mut p = Vec::new();
    p.put_i64_le(salt);
    p.put_i64_le(SESSION);
    p.put_i64_le(msg_id);
    p.put_i32_le(seq_no);
    p.put_u32_le(body.len() as u32);
    p.put_slice(body);
    let padding = vec![0x5a; padding_len(p.len())];
    encrypt_message(&key(), sender, &p, &padding).unwrap()
}

/// A msg_id at `secs` from [`NOW`] with low bits `low`.
pub(super) fn msg_id_at(secs: i64, low: i64) -> i64 {
    ((NOW.as_secs() as i64 + secs) << 32) | low
}

/// Decrypts a message written by `sender`: top msg_id and seq_no, and its messages
/// (the container's, or itself).
pub(super) fn open(sender: Side, message: &[u8]) -> (i64, i32, Vec<Inner>) {
    let plain = Bytes::from(decrypt_message(&key(), sender, message).unwrap());
    let p = parse_plaintext(&plain).unwrap();
    let (msg_id, seq_no) = (p.msg_id, p.seq_no);
    let body = plain.slice(32..32 + p.body.len());
    let items = if is_container(&body) {
        parse_container(body, msg_id, sender).unwrap()
    } else {
        vec![Inner {
            msg_id,
            seq_no,
            body,
        }]
    };
    (msg_id, seq_no, items)
}

/// The constructor id of a body.
pub(super) fn id_of(body: &[u8]) -> u32 {
    u32::from_le_bytes(body[..4].try_into().unwrap())
}

/// Decodes a body as `T`.
pub(super) fn decode<T: Deserialize>(body: &Bytes) -> T {
    T::from_bytes(body.clone()).unwrap()
}
