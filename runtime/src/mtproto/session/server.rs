//! The server side: the state, what the caller answers, and packing what goes out. What
//! comes in is handled in `server_incoming.rs`.

use std::collections::VecDeque;
use std::time::Duration;

use bytes::Bytes;

use super::MAX_PENDING_ACKS;
use super::ids::{MsgKind, Sequencer, clock};
use super::pack::{Envelope, Fitter, Item, ack_items, frame, seal};
use super::window::Window;
use crate::mtproto::tl::types;
use crate::mtproto::{AuthKey, Side};
use crate::{RpcError, Serialize};

/// What a received message asks of the server's caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerEvent {
    /// A request to serve; answer it with [`ServerSession::push_result`] under `msg_id`.
    /// MTProto service functions other than pings (`get_future_salts`,
    /// `rpc_drop_answer`, `destroy_session`) come here too.
    Request {
        /// The request's msg_id, which its `rpc_result` names.
        msg_id: i64,
        /// The serialized function, gzip unpacked.
        body: Bytes,
    },
}

/// A queued server message.
#[derive(Debug, Clone)]
pub(super) enum Out {
    /// Serialized and ready.
    Message(Item),
    /// `new_session_created`, whose `unique_id` is drawn when it is sent.
    NewSession { first_msg_id: i64 },
}

/// `new_session_created` serialized: id and three longs.
const NEW_SESSION_LEN: usize = 28;

/// The server end of an MTProto session: one client session at a time under one key.
#[derive(Debug)]
pub struct ServerSession {
    pub(super) auth_key: AuthKey,
    pub(super) salt: i64,
    pub(super) session_id: Option<i64>,
    /// Whether `new_session_created` went into the queue for this session.
    pub(super) created: bool,
    pub(super) seq: Sequencer,
    pub(super) received: Window,
    pub(super) pending_acks: VecDeque<i64>,
    pub(super) outbox: VecDeque<Out>,
}

impl ServerSession {
    /// `server_salt` is the salt the server currently wants; a client using another gets
    /// bad_server_salt.
    pub fn new(auth_key: AuthKey, server_salt: i64) -> Self {
        Self {
            auth_key,
            salt: server_salt,
            session_id: None,
            created: false,
            seq: Sequencer::default(),
            received: Window::default(),
            pending_acks: VecDeque::new(),
            outbox: VecDeque::new(),
        }
    }

    /// Queues the answer to the request `req_msg_id`: `rpc_result{result}`, or
    /// `rpc_result{rpc_error}` for `Err`.
    pub fn push_result(&mut self, req_msg_id: i64, result: Result<Bytes, RpcError>) {
        let result = match result {
            Ok(value) => value,
            Err(error) => error.to_bytes().into(),
        };
        let body = types::RpcResult { req_msg_id, result }.to_bytes();
        self.queue(body, true, MsgKind::ServerAnswer);
    }

    /// Queues a message that answers nothing (an update).
    pub fn push_update(&mut self, body: Bytes) {
        self.outbox.push_back(Out::Message(Item {
            body,
            content_related: true,
            kind: MsgKind::ServerOther,
        }));
    }

    /// The next encrypted message to send, or `None` if nothing is pending or no client
    /// message has arrived yet (its session id is needed). Acknowledgments of the
    /// client's content-related messages go first, then the queue in order, packed like
    /// the client's. msg_ids are ≡ 1 mod 4 for answers, 3 for the rest.
    pub fn poll_outgoing(
        &mut self,
        now: Duration,
        random: &mut dyn FnMut(&mut [u8]),
    ) -> Option<Vec<u8>> {
        let session_id = self.session_id?;
        let mut fit = Fitter::new();
        let (mut items, acks_taken) = ack_items(&self.pending_acks, &mut fit, MsgKind::ServerOther);
        let mut taken = 0;
        while let Some(out) = self.outbox.get_mut(taken) {
            let len = match out {
                Out::Message(item) => item.body.len(),
                Out::NewSession { .. } => NEW_SESSION_LEN,
            };
            if !fit.admit(len) {
                break;
            }
            if let Out::NewSession { first_msg_id } = *out {
                *out = Out::Message(new_session_created(first_msg_id, self.salt, random));
            }
            if let Out::Message(item) = out {
                items.push(item.clone());
            }
            taken += 1;
        }
        if items.is_empty() {
            return None;
        }
        let framed = frame(items, &mut self.seq, clock(now, 0));
        let env = Envelope {
            auth_key: &self.auth_key,
            sender: Side::Server,
            salt: self.salt,
            session_id,
        };
        let message = seal(env, &framed, random)?;
        self.pending_acks.drain(..acks_taken);
        self.outbox.drain(..taken);
        Some(message)
    }

    /// Changes the salt clients must use from now on (salts rotate).
    pub fn set_salt(&mut self, salt: i64) {
        self.salt = salt;
    }

    /// The salt clients must use.
    pub fn salt(&self) -> i64 {
        self.salt
    }

    /// The client session being served, once a message has arrived.
    pub fn session_id(&self) -> Option<i64> {
        self.session_id
    }

    /// The auth key messages are encrypted with.
    pub fn auth_key(&self) -> &AuthKey {
        &self.auth_key
    }

    pub(super) fn queue(&mut self, body: Vec<u8>, content_related: bool, kind: MsgKind) {
        self.outbox.push_back(Out::Message(Item {
            body: body.into(),
            content_related,
            kind,
        }));
    }

    /// Queues an acknowledgment of the client message `msg_id`.
    pub(super) fn ack(&mut self, msg_id: i64) {
        if self.pending_acks.len() >= MAX_PENDING_ACKS {
            self.pending_acks.pop_front();
        }
        self.pending_acks.push_back(msg_id);
    }
}

/// `new_session_created` with a fresh random `unique_id`.
fn new_session_created(
    first_msg_id: i64,
    server_salt: i64,
    random: &mut dyn FnMut(&mut [u8]),
) -> Item {
    let mut unique_id = [0u8; 8];
    random(&mut unique_id);
    let body = types::NewSessionCreated {
        first_msg_id,
        unique_id: i64::from_le_bytes(unique_id),
        server_salt,
    }
    .to_bytes();
    Item {
        body: body.into(),
        content_related: true,
        kind: MsgKind::ServerOther,
    }
}
