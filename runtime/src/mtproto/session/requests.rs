//! The client's requests from push to answer: queued, or sent under a msg_id (possibly
//! inside a container), and which msg_id names which requests.

use std::collections::{BTreeMap, HashMap, VecDeque};

use bytes::Bytes;

use super::RequestId;

/// Who asked for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// The caller: its answer or failure becomes an event.
    Call,
    /// The session's own ping: its pong is consumed.
    Ping,
}

/// Where a sent request went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Sent {
    msg_id: i64,
    container: Option<i64>,
}

/// One request not yet answered.
#[derive(Debug, Clone)]
pub(super) struct Request {
    pub body: Bytes,
    pub kind: Kind,
    sent: Option<Sent>,
    acked: bool,
    resends: u32,
}

/// Every unanswered request, with the queue of those to send.
#[derive(Debug, Default)]
pub(super) struct Requests {
    next_id: u64,
    table: BTreeMap<RequestId, Request>,
    queue: VecDeque<RequestId>,
    by_msg_id: HashMap<i64, RequestId>,
    /// Container msg_id → how many requests sent in it are still unanswered.
    containers: HashMap<i64, usize>,
}

impl Requests {
    /// Adds a request at the back of the queue.
    pub(super) fn push(&mut self, body: Bytes, kind: Kind) -> RequestId {
        let id = RequestId(self.next_id);
        self.next_id += 1;
        let request = Request {
            body,
            kind,
            sent: None,
            acked: false,
            resends: 0,
        };
        self.table.insert(id, request);
        self.queue.push_back(id);
        id
    }

    /// Unanswered requests, queued or sent.
    pub(super) fn len(&self) -> usize {
        self.table.len()
    }

    /// The next request to send, dropping queue entries of requests forgotten meanwhile.
    pub(super) fn peek_queued(&mut self) -> Option<(RequestId, Bytes)> {
        while let Some(&id) = self.queue.front() {
            match self.table.get(&id) {
                Some(r) if r.sent.is_none() => return Some((id, r.body.clone())),
                _ => self.queue.pop_front(),
            };
        }
        None
    }

    /// Takes the request [`peek_queued`](Self::peek_queued) returned off the queue.
    pub(super) fn pop_queued(&mut self) {
        self.queue.pop_front();
    }

    /// Puts requests back at the front of the queue, in the order given.
    pub(super) fn unpop(&mut self, ids: &[RequestId]) {
        for &id in ids.iter().rev() {
            self.queue.push_front(id);
        }
    }

    /// Records that `id` went out as `msg_id`, inside `container` if any.
    pub(super) fn mark_sent(&mut self, id: RequestId, msg_id: i64, container: Option<i64>) {
        let Some(r) = self.table.get_mut(&id) else {
            return;
        };
        r.sent = Some(Sent { msg_id, container });
        self.by_msg_id.insert(msg_id, id);
        if let Some(c) = container {
            *self.containers.entry(c).or_default() += 1;
        }
    }

    /// The unanswered requests that went out with `msg_id`: the request itself, or every
    /// request still waiting from the container `msg_id`.
    pub(super) fn named(&self, msg_id: i64) -> Vec<RequestId> {
        if let Some(&id) = self.by_msg_id.get(&msg_id) {
            return vec![id];
        }
        if !self.containers.contains_key(&msg_id) {
            return Vec::new();
        }
        self.table
            .iter()
            .filter(|(_, r)| r.sent.is_some_and(|s| s.container == Some(msg_id)))
            .map(|(&id, _)| id)
            .collect()
    }

    /// Whether `msg_id` is one we sent and still wait on: proof that a message naming it
    /// was written after we sent it.
    pub(super) fn is_waiting(&self, msg_id: i64) -> bool {
        self.by_msg_id.contains_key(&msg_id) || self.containers.contains_key(&msg_id)
    }

    /// Removes the request sent as `msg_id`, whose answer arrived.
    pub(super) fn take_sent(&mut self, msg_id: i64) -> Option<(RequestId, Request)> {
        let id = *self.by_msg_id.get(&msg_id)?;
        self.remove(id).map(|r| (id, r))
    }

    /// Removes a request wherever it is.
    pub(super) fn remove(&mut self, id: RequestId) -> Option<Request> {
        let r = self.table.remove(&id)?;
        if let Some(sent) = r.sent {
            self.detach(sent);
        }
        Some(r)
    }

    fn detach(&mut self, sent: Sent) {
        self.by_msg_id.remove(&sent.msg_id);
        if let Some(c) = sent.container {
            if let Some(live) = self.containers.get_mut(&c) {
                *live -= 1;
                if *live == 0 {
                    self.containers.remove(&c);
                }
            }
        }
    }

    /// Puts sent requests back at the front of the queue (in `ids` order), to go out
    /// again under new msg_ids; `refused` counts it as a resend after a refusal.
    pub(super) fn requeue(&mut self, ids: &[RequestId], refused: bool) {
        let mut moved = Vec::with_capacity(ids.len());
        for &id in ids {
            let Some(r) = self.table.get_mut(&id) else {
                continue;
            };
            let Some(sent) = r.sent.take() else {
                continue;
            };
            r.acked = false;
            if refused {
                r.resends += 1;
            }
            moved.push(id);
            self.detach(sent);
        }
        self.unpop(&moved);
    }

    /// Every sent request that went out entirely below `limit` (its msg_id, and its
    /// container's, which is higher), in push order.
    pub(super) fn sent_before(&self, limit: i64) -> Vec<RequestId> {
        self.table
            .iter()
            .filter(|(_, r)| {
                r.sent
                    .is_some_and(|s| s.container.unwrap_or(s.msg_id) < limit)
            })
            .map(|(&id, _)| id)
            .collect()
    }

    /// Resends already made for `id` after refusals.
    pub(super) fn resends(&self, id: RequestId) -> u32 {
        self.table.get(&id).map_or(0, |r| r.resends)
    }

    /// Marks what `msg_id` carried as acknowledged by the server.
    pub(super) fn mark_acked(&mut self, msg_id: i64) {
        for id in self.named(msg_id) {
            if let Some(r) = self.table.get_mut(&id) {
                r.acked = true;
            }
        }
    }

    /// Whether the server acknowledged receiving `id` (still waiting for its answer).
    pub(super) fn is_acked(&self, id: RequestId) -> bool {
        self.table.get(&id).is_some_and(|r| r.acked)
    }

    /// The msg_id `id` is currently sent as, if any.
    pub(super) fn msg_id_of(&self, id: RequestId) -> Option<i64> {
        self.table.get(&id)?.sent.map(|s| s.msg_id)
    }
}
