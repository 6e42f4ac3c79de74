//! Refusals the client corrects (salt, clock, seq_no), refusals it reports, reconnects,
//! and the numbering and packing limits.

use std::time::Duration;

use super::*;
use crate::Serialize;
use crate::mtproto::session::{MAX_CONTAINER_MESSAGES, MAX_RESENDS, SessionError};
use crate::mtproto::tl::types;

#[test]
fn bad_server_salt_is_adopted_and_the_request_resent() {
    let mut p = Pair::new();
    p.client = ClientSession::new(key(), SALT ^ 1, SESSION, 0);
    let id = p.client.push_request(request(1));
    let events = p.run();
    assert_eq!(results(&events), [(id, Ok(request(1)))]);
    assert_eq!(p.client.salt(), SALT);
    assert_eq!(p.served, 1);
}

fn skewed(client_ahead: i64) {
    let mut p = Pair::new();
    p.client_now = if client_ahead > 0 {
        NOW + Duration::from_secs(client_ahead as u64)
    } else {
        NOW - Duration::from_secs(client_ahead.unsigned_abs())
    };
    let id = p.client.push_request(request(1));
    let up = p.client_poll();
    assert_eq!(p.deliver_to_server(up), []);
    let down = p.server_poll();
    let (_, _, items) = open(Side::Server, &down[0]);
    let notice = decode::<types::BadMsgNotification>(&items[0].body);
    assert_eq!(notice.error_code, if client_ahead > 0 { 17 } else { 16 });
    assert_eq!(p.deliver_to_client(down), []);
    assert_eq!(i64::from(p.client.time_offset()), -client_ahead);
    let events = p.run();
    assert_eq!(results(&events), [(id, Ok(request(1)))]);
    assert_eq!(p.served, 1);
}

#[test]
fn clock_ahead_by_1000_s_is_corrected_after_code_17() {
    skewed(1000);
}

#[test]
fn clock_behind_by_1000_s_is_corrected_after_code_16() {
    skewed(-1000);
}

#[test]
fn requeue_unanswered_then_each_answer_arrives_once() {
    let mut p = Pair::new();
    let ids: Vec<RequestId> = (0..3).map(|n| p.client.push_request(request(n))).collect();
    let first = p.client_poll();
    let served = p.deliver_to_server(first);
    p.echo(served);
    let old_answers = p.server_poll();
    // Reconnect: the answers were in flight.
    p.client.requeue_unanswered();
    let again = p.client_poll();
    let (_, _, items) = open(Side::Client, &again[0]);
    assert_eq!(items.len(), 3);
    let served = p.deliver_to_server(again);
    assert_eq!(served.len(), 3, "new msg_ids: new requests to the server");
    p.echo(served);
    let mut events = p.deliver_to_client(old_answers);
    events.extend(p.run_down_all());
    let mut got = results(&events);
    got.sort_by_key(|(id, _)| *id);
    let expected: Vec<_> = ids
        .iter()
        .zip(0..)
        .map(|(&id, n)| (id, Ok(request(n))))
        .collect();
    assert_eq!(got, expected);
}

impl Pair {
    fn run_down_all(&mut self) -> Vec<ClientEvent> {
        let down = self.server_poll();
        self.deliver_to_client(down)
    }

    /// Sends what is queued and returns the msg_id of the top-level message.
    fn send_one(&mut self) -> i64 {
        let up = self.client_poll();
        assert_eq!(up.len(), 1);
        open(Side::Client, &up[0]).0
    }

    /// A server notification about `bad_msg_id`, forged.
    fn notify_client(
        &mut self,
        bad_msg_id: i64,
        code: i32,
        new_salt: Option<i64>,
    ) -> Vec<ClientEvent> {
        let body = match new_salt {
            Some(new_server_salt) => types::BadServerSalt {
                bad_msg_id,
                bad_msg_seqno: 1,
                error_code: code,
                new_server_salt,
            }
            .to_bytes(),
            None => types::BadMsgNotification {
                bad_msg_id,
                bad_msg_seqno: 1,
                error_code: code,
            }
            .to_bytes(),
        };
        self.forged_msg_id += 4;
        let m = forge(
            Side::Server,
            SALT,
            msg_id_at(0, 1) + self.forged_msg_id,
            2,
            &body,
        );
        self.client.handle_incoming(&m, self.client_now).unwrap()
    }
}

#[test]
fn unfixable_codes_fail_the_request_and_fixable_ones_resend_it() {
    for code in [16, 17, 19, 32, 33, 48, 18, 20, 34, 35, 64, 99] {
        let mut p = Pair::new();
        let id = p.client.push_request(request(1));
        let msg_id = p.send_one();
        let events = p.notify_client(msg_id, code, None);
        if [18, 20, 34, 35, 64, 99].contains(&code) {
            let error = SessionError::BadMsgNotification { code };
            assert_eq!(events, [ClientEvent::Failed { id, error }], "{code}");
            assert_eq!(p.client.pending(), 0);
            continue;
        }
        assert_eq!(events, [], "{code}");
        let up = p.client_poll();
        let (resent, seq_no, items) = open(Side::Client, &up[0]);
        assert_ne!(resent, msg_id, "{code}");
        assert_eq!(items[0].body, request(1));
        let expected_seq = if code == 32 { 2 * 65 + 1 } else { 3 };
        assert_eq!(seq_no, expected_seq, "{code}");
    }
}

#[test]
fn a_refused_container_resends_everything_in_it() {
    let mut p = Pair::new();
    let a = p.client.push_request(request(1));
    let b = p.client.push_request(request(2));
    let container = p.send_one();
    assert_eq!(p.notify_client(container, 48, Some(SALT)), []);
    let events = p.run();
    let mut got = results(&events);
    got.sort_by_key(|(id, _)| *id);
    assert_eq!(got, [(a, Ok(request(1))), (b, Ok(request(2)))]);
    assert_eq!(p.served, 2);
}

#[test]
fn a_request_refused_again_and_again_fails() {
    let mut p = Pair::new();
    let id = p.client.push_request(request(1));
    for salt in 1..=i64::from(MAX_RESENDS) {
        let msg_id = p.send_one();
        assert_eq!(p.notify_client(msg_id, 48, Some(salt)), []);
    }
    let msg_id = p.send_one();
    let events = p.notify_client(msg_id, 48, Some(99));
    let error = SessionError::TooManyResends {
        resends: MAX_RESENDS,
        code: 48,
    };
    assert_eq!(events, [ClientEvent::Failed { id, error }]);
    assert_eq!(p.client.salt(), 99);
}

#[test]
fn forgotten_requests_get_no_event() {
    let mut p = Pair::new();
    let id = p.client.push_request(request(1));
    let up = p.client_poll();
    let served = p.deliver_to_server(up);
    p.echo(served);
    p.client.forget(id);
    let events = p.run_down_all();
    assert!(results(&events).is_empty());
    assert_eq!(p.client.pending(), 0);
}

#[test]
fn msg_ids_increase_even_when_the_clock_goes_back() {
    let mut p = Pair::new();
    let mut last = 0;
    for back in [0, 10, 20, 5] {
        p.client_now = NOW - Duration::from_secs(back);
        p.client.push_request(request(1));
        let msg_id = p.send_one();
        assert!(
            msg_id > last && msg_id % 4 == 0,
            "{msg_id:#x} after {last:#x}"
        );
        last = msg_id;
    }
}

#[test]
fn containers_split_at_1020_messages_and_about_1_mib() {
    let mut p = Pair::new();
    for n in 0..1500 {
        p.client.push_request(request(n));
    }
    let up = p.client_poll();
    let counts: Vec<usize> = up.iter().map(|m| open(Side::Client, m).2.len()).collect();
    assert_eq!(
        counts,
        [MAX_CONTAINER_MESSAGES, 1500 - MAX_CONTAINER_MESSAGES]
    );

    let big = |fill: u8, len: usize| Bytes::from(vec![fill; len]);
    p.client.push_request(big(1, 600 << 10));
    p.client.push_request(big(2, 600 << 10));
    p.client.push_request(big(3, 2 << 20));
    p.client.push_request(request(7));
    let up = p.client_poll();
    let sizes: Vec<Vec<usize>> = up
        .iter()
        .map(|m| {
            open(Side::Client, m)
                .2
                .iter()
                .map(|i| i.body.len())
                .collect()
        })
        .collect();
    assert_eq!(sizes, [[600 << 10], [600 << 10], [2 << 20], [8]]);
    let (top, _, items) = open(Side::Client, &up[2]);
    assert_eq!(
        top, items[0].msg_id,
        "a lone message is not put in a container"
    );
}
