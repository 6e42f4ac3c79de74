//! The client side: the state, the caller's requests, and packing what goes out. What
//! comes in is handled in `client_incoming.rs`.

use std::collections::VecDeque;
use std::time::Duration;

use bytes::Bytes;

use super::ids::{MsgKind, Sequencer, clock};
use super::pack::{Envelope, Fitter, Item, ack_items, frame, seal};
use super::requests::{Kind, Requests};
use super::window::Window;
use super::{MAX_PENDING_ACKS, RequestId, SessionError};
use crate::mtproto::tl::{functions, types};
use crate::mtproto::{AuthKey, Side};
use crate::{RpcError, Serialize};

/// What a received message meant for the caller.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientEvent {
    /// rpc_result for a request: Ok(serialized result, gzip already unpacked) or
    /// Err(RpcError from rpc_error).
    Result {
        /// The request answered.
        id: RequestId,
        /// The answer.
        result: Result<Bytes, RpcError>,
    },
    /// Anything the server sent that is not a service message nor an rpc_result (updates
    /// etc.), gzip unpacked.
    Update(Bytes),
    /// A request was refused at the protocol level and cannot be resent (e.g.
    /// bad_msg_notification code 64 or repeated failure): the caller must get an error.
    Failed {
        /// The request given up.
        id: RequestId,
        /// Why.
        error: SessionError,
    },
    /// New session: the server created a session (first_msg_id, unique_id, server_salt
    /// adopted). Updates sent before it may have been lost.
    NewSession {
        /// The first msg_id the new session covers.
        first_msg_id: i64,
    },
}

/// The client end of an MTProto session over one auth key.
#[derive(Debug)]
pub struct ClientSession {
    pub(super) auth_key: AuthKey,
    pub(super) salt: i64,
    pub(super) session_id: i64,
    pub(super) time_offset: i32,
    pub(super) seq: Sequencer,
    pub(super) requests: Requests,
    pub(super) received: Window,
    pub(super) pending_acks: VecDeque<i64>,
    pub(super) resend_reqs: Vec<i64>,
}

impl ClientSession {
    /// A session `session_id` (random, chosen by the client) under `auth_key`, starting
    /// with `server_salt` and `time_offset` (server time minus local time, in seconds).
    pub fn new(auth_key: AuthKey, server_salt: i64, session_id: i64, time_offset: i32) -> Self {
        Self {
            auth_key,
            salt: server_salt,
            session_id,
            time_offset,
            seq: Sequencer::default(),
            requests: Requests::default(),
            received: Window::default(),
            pending_acks: VecDeque::new(),
            resend_reqs: Vec::new(),
        }
    }

    /// Whether something other than acknowledgements waits to be sent: a request, a
    /// resend or a resend request. A shell may hold back a message carrying only acks
    /// (they can ride along with the next request) until [`pending_acks`](Self::pending_acks)
    /// grows or a short delay passes.
    pub fn has_content_queued(&mut self) -> bool {
        self.requests.peek_queued().is_some() || !self.resend_reqs.is_empty()
    }

    /// How many server messages wait to be acknowledged.
    pub fn pending_acks(&self) -> usize {
        self.pending_acks.len()
    }

    /// Queues a serialized request (a boxed TL function). Not sent until
    /// [`poll_outgoing`](Self::poll_outgoing).
    pub fn push_request(&mut self, body: Bytes) -> RequestId {
        self.requests.push(body, Kind::Call)
    }

    /// Queues a `ping`; its `pong` is consumed here.
    pub fn push_ping(&mut self, ping_id: i64) {
        let body = functions::Ping { ping_id }.to_bytes();
        self.requests.push(body.into(), Kind::Ping);
    }

    /// Requests that were sent but not answered go back in the queue, to be resent with
    /// new msg_ids (on reconnect). Answers to the old msg_ids are then ignored.
    pub fn requeue_unanswered(&mut self) {
        let sent = self.requests.sent_before(i64::MAX);
        self.requests.requeue(&sent, false);
    }

    /// Drops a request (timeout/cancel): its answer, if it arrives, is ignored.
    pub fn forget(&mut self, id: RequestId) {
        self.requests.remove(id);
    }

    /// The next encrypted message to send (`auth_key_id ‖ msg_key ‖ ciphertext`, ready
    /// for a transport frame), or `None` if nothing is pending. Acknowledgments go first,
    /// then queued requests in order; several go in one container, up to
    /// [`MAX_CONTAINER_MESSAGES`](super::MAX_CONTAINER_MESSAGES) and
    /// [`MAX_CONTAINER_BYTES`](super::MAX_CONTAINER_BYTES); call again until `None`.
    ///
    /// `now` is the local time since the Unix epoch; msg_ids are built from
    /// `now + time_offset`, strictly increasing. `random` fills the padding.
    pub fn poll_outgoing(
        &mut self,
        now: Duration,
        random: &mut dyn FnMut(&mut [u8]),
    ) -> Option<Vec<u8>> {
        let mut fit = Fitter::new();
        let (mut items, acks_taken) = ack_items(&self.pending_acks, &mut fit, MsgKind::Client);
        let mut carried = vec![None; items.len()];
        let mut resend_taken = false;
        if !self.resend_reqs.is_empty() {
            let body = types::MsgResendReq {
                msg_ids: self.resend_reqs.clone(),
            }
            .to_bytes();
            if fit.admit(body.len()) {
                items.push(Item {
                    body: body.into(),
                    content_related: true,
                    kind: MsgKind::Client,
                });
                carried.push(None);
                resend_taken = true;
            }
        }
        while let Some((id, body)) = self.requests.peek_queued() {
            if !fit.admit(body.len()) {
                break;
            }
            self.requests.pop_queued();
            items.push(Item {
                body,
                content_related: true,
                kind: MsgKind::Client,
            });
            carried.push(Some(id));
        }
        if items.is_empty() {
            return None;
        }
        let framed = frame(items, &mut self.seq, clock(now, self.time_offset.into()));
        let env = Envelope {
            auth_key: &self.auth_key,
            sender: Side::Client,
            salt: self.salt,
            session_id: self.session_id,
        };
        let Some(message) = seal(env, &framed, random) else {
            let ids: Vec<RequestId> = carried.iter().flatten().copied().collect();
            self.requests.unpop(&ids);
            return None;
        };
        self.pending_acks.drain(..acks_taken);
        if resend_taken {
            self.resend_reqs.clear();
        }
        for (request, msg_id) in carried.iter().zip(framed.ids()) {
            if let Some(id) = request {
                self.requests.mark_sent(*id, msg_id, framed.container);
            }
        }
        Some(message)
    }

    /// Queues an acknowledgment of the server message `msg_id`.
    pub(super) fn ack(&mut self, msg_id: i64) {
        if self.pending_acks.len() >= MAX_PENDING_ACKS {
            self.pending_acks.pop_front();
        }
        self.pending_acks.push_back(msg_id);
    }

    /// The server salt in use.
    pub fn salt(&self) -> i64 {
        self.salt
    }

    /// Server time minus local time, in seconds, as last corrected.
    pub fn time_offset(&self) -> i32 {
        self.time_offset
    }

    /// This session's id.
    pub fn session_id(&self) -> i64 {
        self.session_id
    }

    /// The auth key messages are encrypted with.
    pub fn auth_key(&self) -> &AuthKey {
        &self.auth_key
    }

    /// Requests not yet answered, failed or forgotten (queued or sent), pings included.
    pub fn pending(&self) -> usize {
        self.requests.len()
    }

    /// Whether the server acknowledged receiving request `id` (`msgs_ack`) while its
    /// answer is still to come. Acknowledged requests still need an answer, so
    /// [`requeue_unanswered`](Self::requeue_unanswered) resends them too.
    pub fn is_acknowledged(&self, id: RequestId) -> bool {
        self.requests.is_acked(id)
    }

    /// The msg_id request `id` was last sent as, while it waits for its answer: what a
    /// `rpc_drop_answer` or `msgs_state_req` would name.
    pub fn msg_id_of(&self, id: RequestId) -> Option<i64> {
        self.requests.msg_id_of(id)
    }
}
