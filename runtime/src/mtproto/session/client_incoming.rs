//! The client receiving: decrypt, check, split containers, decode every body, and only
//! then change state, so a message refused anywhere leaves the session as it was.

use std::time::Duration;

use bytes::Bytes;

use super::body::{Body, classify};
use super::client::{ClientEvent, ClientSession};
use super::container::{Inner, is_container, parse_container};
use super::ids::{clock, msg_id_time, offset_from, shifted};
use super::requests::Kind;
use super::window::Seen;
use super::{MAX_ACK_IDS, MAX_RESENDS, SessionError};
use crate::gzip::DEFAULT_MAX_UNPACKED;
use crate::mtproto::crypto::PLAINTEXT_HEADER_LEN;
use crate::mtproto::{PlaintextError, Side, check_plaintext, decrypt_message, parse_plaintext};

/// How many content-related messages to count as sent after a "seq_no too low" (32): the
/// server saw higher numbers in this session than we know of, and there is no way to ask
/// how high, so the numbering jumps; a repeat jumps again, up to [`MAX_RESENDS`] times.
const SEQ_NO_SKIP: i32 = 64;

impl ClientSession {
    /// Decrypts and handles one encrypted message from the server.
    ///
    /// Refused messages (tampered, other session, wrong parity, outside the time window,
    /// malformed) give an error and change nothing. Replayed and duplicate msg_ids are
    /// ignored (duplicates acknowledged again). The time window is waived for a message
    /// that answers a request we are waiting on: naming our fresh msg_id proves it fresh,
    /// and its msg_id then corrects [`time_offset`](Self::time_offset) — without this, a
    /// client whose clock is off could never read the notification that fixes it.
    pub fn handle_incoming(
        &mut self,
        message: &[u8],
        now: Duration,
    ) -> Result<Vec<ClientEvent>, SessionError> {
        let plain = Bytes::from(decrypt_message(&self.auth_key, Side::Server, message)?);
        let (top, stale) = self.open(&plain, now)?;
        let top_msg_id = top.msg_id;
        let items = if is_container(&top.body) {
            parse_container(top.body, top_msg_id, Side::Server)?
        } else {
            vec![top]
        };
        let mut budget = DEFAULT_MAX_UNPACKED;
        let parsed = items
            .into_iter()
            .map(|m| Ok((classify(m.body.clone(), &mut budget)?, m)))
            .collect::<Result<Vec<_>, SessionError>>()?;
        if let Some(err) = stale {
            if !parsed.iter().any(|(body, _)| self.proves_fresh(body)) {
                return Err(err.into());
            }
            self.time_offset = offset_from(top_msg_id, now);
        }
        let mut events = Vec::new();
        for (body, m) in parsed {
            let content_related = m.seq_no & 1 == 1;
            match self.received.seen(m.msg_id) {
                Seen::New => self.received.insert(m.msg_id, m.seq_no),
                Seen::Duplicate => {
                    if content_related {
                        self.ack(m.msg_id);
                    }
                    continue;
                }
                Seen::TooOld => continue,
            }
            if content_related {
                self.ack(m.msg_id);
            }
            self.apply(m.msg_id, body, now, &mut events);
        }
        Ok(events)
    }

    /// Runs [`check_plaintext`] against the corrected clock. A message outside the time
    /// window but otherwise valid comes back with the window error, for the caller to
    /// accept only on proof of freshness.
    fn open(
        &self,
        plain: &Bytes,
        now: Duration,
    ) -> Result<(Inner, Option<PlaintextError>), SessionError> {
        let local = shifted(now, self.time_offset);
        let (message, stale) = match check_plaintext(plain, self.session_id, Side::Server, local) {
            Ok(m) => (m, None),
            Err(e @ (PlaintextError::MsgIdTooOld { .. } | PlaintextError::MsgIdTooNew { .. })) => {
                let at = msg_id_time(parse_plaintext(plain)?.msg_id).ok_or(e.clone())?;
                (
                    check_plaintext(plain, self.session_id, Side::Server, at)?,
                    Some(e),
                )
            }
            Err(e) => return Err(e.into()),
        };
        let end = PLAINTEXT_HEADER_LEN + message.body.len();
        let top = Inner {
            msg_id: message.msg_id,
            seq_no: message.seq_no,
            body: plain.slice(PLAINTEXT_HEADER_LEN..end),
        };
        Ok((top, stale))
    }

    /// Whether `body` names a msg_id we sent and still wait on.
    fn proves_fresh(&self, body: &Body) -> bool {
        match *body {
            Body::RpcResult { req_msg_id: id, .. }
            | Body::BadMsg { bad_msg_id: id, .. }
            | Body::Pong { msg_id: id, .. }
            | Body::NewSession {
                first_msg_id: id, ..
            } => self.requests.is_waiting(id),
            _ => false,
        }
    }

    /// Acts on one new message `msg_id`.
    fn apply(&mut self, msg_id: i64, body: Body, now: Duration, events: &mut Vec<ClientEvent>) {
        match body {
            Body::RpcResult { req_msg_id, result } => {
                if let Some((id, r)) = self.requests.take_sent(req_msg_id) {
                    if r.kind == Kind::Call {
                        events.push(ClientEvent::Result { id, result });
                    }
                }
            }
            Body::Pong { msg_id, body } => {
                // A ping pushed as a request gets its pong as the answer.
                if let Some((id, r)) = self.requests.take_sent(msg_id) {
                    if r.kind == Kind::Call {
                        let result = Ok(body);
                        events.push(ClientEvent::Result { id, result });
                    }
                }
            }
            Body::Ack(ids) => ids.into_iter().for_each(|id| self.requests.mark_acked(id)),
            Body::BadMsg {
                bad_msg_id,
                code,
                new_salt,
            } => self.on_bad_msg(msg_id, bad_msg_id, code, new_salt, now, events),
            Body::NewSession {
                first_msg_id,
                server_salt,
            } => {
                self.salt = server_salt;
                // The server forgot the session those were sent in: their answers will
                // not come.
                let lost = self.requests.sent_before(first_msg_id);
                self.requests.requeue(&lost, false);
                events.push(ClientEvent::NewSession { first_msg_id });
            }
            Body::DetailedInfo { answer_msg_id } => {
                // The server answered earlier: acknowledge the answer if it came, else
                // ask for it again.
                if self.received.seen(answer_msg_id) != Seen::New {
                    self.ack(answer_msg_id);
                } else if self.resend_reqs.len() < MAX_ACK_IDS {
                    self.resend_reqs.push(answer_msg_id);
                }
            }
            Body::ResendReq(ids) => {
                for id in ids {
                    let named = self.requests.named(id);
                    self.requests.requeue(&named, false);
                }
            }
            Body::Ping { .. } | Body::Service { .. } => {}
            Body::Other(update) => events.push(ClientEvent::Update(update)),
        }
    }

    /// `bad_msg_notification` / `bad_server_salt` (sent as `notice_msg_id`) about
    /// `bad_msg_id`: correct what the code says is wrong and resend, or fail the requests.
    fn on_bad_msg(
        &mut self,
        notice_msg_id: i64,
        bad_msg_id: i64,
        code: i32,
        new_salt: Option<i64>,
        now: Duration,
        events: &mut Vec<ClientEvent>,
    ) {
        if let Some(salt) = new_salt {
            self.salt = salt;
        }
        let fixable = match code {
            // msg_id too low / too high: our clock is off; the notice carries server time.
            16 | 17 => {
                self.time_offset = offset_from(notice_msg_id, now);
                if code == 17 {
                    self.seq.rewind_to(clock(now, self.time_offset.into()));
                }
                true
            }
            32 => {
                self.seq.skip_content(SEQ_NO_SKIP);
                true
            }
            // Container id reused, seq_no too high (reordered), wrong salt: fresh
            // numbering and the adopted salt fix them.
            19 | 33 | 48 => true,
            _ => false,
        };
        let mut again = Vec::new();
        for id in self.requests.named(bad_msg_id) {
            let resends = self.requests.resends(id);
            let error = if !fixable {
                SessionError::BadMsgNotification { code }
            } else if resends >= MAX_RESENDS {
                SessionError::TooManyResends { resends, code }
            } else {
                again.push(id);
                continue;
            };
            if let Some(r) = self.requests.remove(id) {
                if r.kind == Kind::Call {
                    events.push(ClientEvent::Failed { id, error });
                }
            }
        }
        self.requests.requeue(&again, true);
    }
}
