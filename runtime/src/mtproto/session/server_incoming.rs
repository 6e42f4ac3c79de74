//! The server receiving: the checks of the spec in its order, each refusal answered with
//! the notification the spec names (<https://core.telegram.org/mtproto/service_messages_about_messages>).

use std::time::Duration;

use bytes::Bytes;

use super::SessionError;
use super::body::{Body, classify};
use super::container::{Inner, is_container, parse_container};
use super::ids::MsgKind;
use super::server::{Out, ServerEvent, ServerSession};
use super::window::Seen;
use crate::gzip::DEFAULT_MAX_UNPACKED;
use crate::mtproto::crypto::PLAINTEXT_HEADER_LEN;
use crate::mtproto::tl::{functions, types};
use crate::mtproto::{PlaintextError, Side, check_plaintext, decrypt_message, parse_plaintext};
use crate::{Identifiable, Serialize};

/// `bad_msg_notification` codes (service_messages_about_messages).
mod code {
    pub const MSG_ID_TOO_LOW: i32 = 16;
    pub const MSG_ID_TOO_HIGH: i32 = 17;
    pub const MSG_ID_PARITY: i32 = 18;
    pub const CONTAINER_ID_REUSED: i32 = 19;
    pub const MSG_TOO_OLD: i32 = 20;
    pub const SEQ_NO_TOO_LOW: i32 = 32;
    pub const SEQ_NO_TOO_HIGH: i32 = 33;
    pub const EVEN_SEQ_NO_EXPECTED: i32 = 34;
    pub const ODD_SEQ_NO_EXPECTED: i32 = 35;
    pub const BAD_SALT: i32 = 48;
    pub const BAD_CONTAINER: i32 = 64;
}

impl ServerSession {
    /// Decrypts and handles one encrypted message from the client; returns the requests
    /// to serve.
    ///
    /// A message with another session_id starts that session (the previous one is
    /// forgotten); its first accepted message queues `new_session_created`. Refusals
    /// queue the notification and return no requests: msg_id parity (18), more than
    /// 300 s old (16) or 30 s ahead (17), a container's msg_id seen before (19), a msg_id
    /// below everything remembered (20), seq_no parity (34/35) or order (32/33), wrong
    /// salt (`bad_server_salt`). A malformed container queues code 64 and returns
    /// [`SessionError::BadContainer`]. Duplicate msg_ids are ignored; pings are answered
    /// and acknowledgments consumed here; every content-related message is acknowledged.
    pub fn handle_incoming(
        &mut self,
        message: &[u8],
        now: Duration,
    ) -> Result<Vec<ServerEvent>, SessionError> {
        let plain = Bytes::from(decrypt_message(&self.auth_key, Side::Client, message)?);
        let head = parse_plaintext(&plain)?;
        let (salt, msg_id, seq_no) = (head.salt, head.msg_id, head.seq_no);
        let session_id = head.session_id;
        let end = PLAINTEXT_HEADER_LEN + head.body.len();
        let body = plain.slice(PLAINTEXT_HEADER_LEN..end);
        if self.session_id != Some(session_id) {
            self.start_session(session_id);
        }
        if let Err(e) = check_plaintext(&plain, session_id, Side::Client, now) {
            let code = match e {
                PlaintextError::BadMsgIdParity { .. } => code::MSG_ID_PARITY,
                PlaintextError::MsgIdTooOld { .. } => code::MSG_ID_TOO_LOW,
                PlaintextError::MsgIdTooNew { .. } => code::MSG_ID_TOO_HIGH,
                other => return Err(other.into()),
            };
            self.notify(msg_id, seq_no, code);
            return Ok(Vec::new());
        }
        let container = is_container(&body);
        if container {
            let refusal = match self.received.seen(msg_id) {
                Seen::Duplicate => Some(code::CONTAINER_ID_REUSED),
                Seen::TooOld => Some(code::MSG_TOO_OLD),
                Seen::New if seq_no & 1 == 1 => Some(code::EVEN_SEQ_NO_EXPECTED),
                Seen::New => None,
            };
            if let Some(code) = refusal {
                self.notify(msg_id, seq_no, code);
                return Ok(Vec::new());
            }
        }
        if salt != self.salt {
            self.notify(msg_id, seq_no, code::BAD_SALT);
            return Ok(Vec::new());
        }
        let items = if container {
            parse_container(body, msg_id, Side::Client).inspect_err(|_| {
                self.notify(msg_id, seq_no, code::BAD_CONTAINER);
            })?
        } else {
            vec![Inner {
                msg_id,
                seq_no,
                body,
            }]
        };
        let mut budget = DEFAULT_MAX_UNPACKED;
        let parsed = items
            .into_iter()
            .map(|m| Ok((classify(m.body.clone(), &mut budget)?, m)))
            .collect::<Result<Vec<_>, SessionError>>()?;
        if container {
            self.received.insert(msg_id, seq_no);
        }
        if !self.created {
            self.created = true;
            // The first message, not its container: what the client compares its
            // requests' msg_ids with.
            let first_msg_id = parsed.iter().map(|(_, m)| m.msg_id).min().unwrap_or(msg_id);
            self.outbox.push_back(Out::NewSession { first_msg_id });
        }
        let mut events = Vec::new();
        for (body, m) in parsed {
            match self.check_item(&m, body.content_related()) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(code) => {
                    self.notify(m.msg_id, m.seq_no, code);
                    continue;
                }
            }
            self.received.insert(m.msg_id, m.seq_no);
            if m.seq_no & 1 == 1 {
                self.ack(m.msg_id);
            }
            self.serve(m.msg_id, body, &mut events);
        }
        Ok(events)
    }

    /// Forgets the previous session and serves `session_id`.
    fn start_session(&mut self, session_id: i64) {
        self.session_id = Some(session_id);
        self.created = false;
        self.received.clear();
        self.pending_acks.clear();
        self.seq.restart_seq_no();
    }

    /// `Ok(true)` to process the message, `Ok(false)` to ignore it as a duplicate, or the
    /// notification code refusing it.
    fn check_item(&self, m: &Inner, content_related: bool) -> Result<bool, i32> {
        match self.received.seen(m.msg_id) {
            Seen::New => {}
            Seen::Duplicate => return Ok(false),
            Seen::TooOld => return Err(code::MSG_TOO_OLD),
        }
        let odd = m.seq_no & 1 == 1;
        if content_related && !odd {
            return Err(code::ODD_SEQ_NO_EXPECTED);
        }
        if !content_related && odd {
            return Err(code::EVEN_SEQ_NO_EXPECTED);
        }
        // A lower msg_id must not carry a higher seq_no (or the same odd one), and a
        // higher msg_id not a lower one.
        let (below, above) = self.received.neighbours(m.msg_id);
        if below.is_some_and(|s| s > m.seq_no || (s == m.seq_no && odd)) {
            return Err(code::SEQ_NO_TOO_LOW);
        }
        if above.is_some_and(|s| s < m.seq_no || (s == m.seq_no && odd)) {
            return Err(code::SEQ_NO_TOO_HIGH);
        }
        Ok(true)
    }

    /// Acts on one accepted client message.
    fn serve(&mut self, msg_id: i64, body: Body, events: &mut Vec<ServerEvent>) {
        const PASSED_ON: [u32; 3] = [
            functions::GetFutureSalts::CONSTRUCTOR_ID,
            functions::RpcDropAnswer::CONSTRUCTOR_ID,
            functions::DestroySession::CONSTRUCTOR_ID,
        ];
        match body {
            Body::Ping { ping_id } => {
                let pong = types::Pong { msg_id, ping_id }.to_bytes();
                self.queue(pong, true, MsgKind::ServerAnswer);
            }
            Body::Other(body) => events.push(ServerEvent::Request { msg_id, body }),
            Body::Service { id, body } if PASSED_ON.contains(&id) => {
                events.push(ServerEvent::Request { msg_id, body });
            }
            // Acks need no action: this side keeps no copy of what it sent to resend.
            _ => {}
        }
    }

    /// Queues `bad_msg_notification` (or `bad_server_salt` for code 48) about a message.
    fn notify(&mut self, bad_msg_id: i64, bad_msg_seqno: i32, error_code: i32) {
        let body = if error_code == code::BAD_SALT {
            types::BadServerSalt {
                bad_msg_id,
                bad_msg_seqno,
                error_code,
                new_server_salt: self.salt,
            }
            .to_bytes()
        } else {
            types::BadMsgNotification {
                bad_msg_id,
                bad_msg_seqno,
                error_code,
            }
            .to_bytes()
        };
        self.queue(body, false, MsgKind::ServerAnswer);
    }
}
