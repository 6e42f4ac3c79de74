//! The msg_ids (and seq_nos) most recently received from the peer.
//!
//! The security guidelines: keep the last N msg_ids received; a message whose msg_id
//! equals one of them, or is lower than all of them once N are kept, is ignored.
//! Otherwise it is added and, past N, the lowest is forgotten. The server also needs the
//! neighbours' seq_nos to detect seq_no errors (codes 32 and 33).

use std::collections::VecDeque;

/// How many received msg_ids each session remembers. A full container is 1020 messages,
/// so this keeps at least the last container whole.
pub const RECEIVED_WINDOW: usize = 2048;

/// Whether a msg_id has been received before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Seen {
    /// Not received: process it.
    New,
    /// Received already: a resend or a replay.
    Duplicate,
    /// Lower than everything remembered: it cannot be told apart from a replay.
    TooOld,
}

/// Recently received msg_ids with their seq_nos, at most [`RECEIVED_WINDOW`], sorted by
/// msg_id. msg_ids grow with time, so a new one almost always goes at the end: a sorted
/// ring is cheaper here than a tree (no node allocations, binary search over one block).
#[derive(Debug, Clone, Default)]
pub(super) struct Window {
    ids: VecDeque<(i64, i32)>,
}

impl Window {
    /// Where `msg_id` is, or would go.
    fn search(&self, msg_id: i64) -> Result<usize, usize> {
        match self.ids.back() {
            // The common case: newer than everything kept.
            Some(&(last, _)) if msg_id > last => Err(self.ids.len()),
            None => Err(0),
            Some(_) => self.ids.binary_search_by_key(&msg_id, |&(id, _)| id),
        }
    }

    /// Classifies `msg_id` without recording it.
    pub(super) fn seen(&self, msg_id: i64) -> Seen {
        match self.search(msg_id) {
            Ok(_) => Seen::Duplicate,
            Err(0) if self.ids.len() >= RECEIVED_WINDOW => Seen::TooOld,
            Err(_) => Seen::New,
        }
    }

    /// Records `msg_id`, forgetting the lowest past the limit.
    pub(super) fn insert(&mut self, msg_id: i64, seq_no: i32) {
        match self.search(msg_id) {
            Ok(at) => self.ids[at].1 = seq_no,
            Err(at) => self.ids.insert(at, (msg_id, seq_no)),
        }
        while self.ids.len() > RECEIVED_WINDOW {
            self.ids.pop_front();
        }
    }

    /// The seq_nos of the remembered neighbours of `msg_id`: the nearest lower msg_id's
    /// and the nearest higher one's.
    pub(super) fn neighbours(&self, msg_id: i64) -> (Option<i32>, Option<i32>) {
        let (below_end, above_start) = match self.search(msg_id) {
            Ok(at) => (at, at + 1),
            Err(at) => (at, at),
        };
        let below = below_end.checked_sub(1).and_then(|i| self.ids.get(i));
        let above = self.ids.get(above_start);
        (below.map(|&(_, s)| s), above.map(|&(_, s)| s))
    }

    /// Forgets everything (a new session starts).
    pub(super) fn clear(&mut self) {
        self.ids.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_and_too_old() {
        let mut w = Window::default();
        assert_eq!(w.seen(100), Seen::New);
        w.insert(100, 1);
        assert_eq!(w.seen(100), Seen::Duplicate);
        // Not full yet: lower ids are still accepted.
        assert_eq!(w.seen(50), Seen::New);
        for i in 0..RECEIVED_WINDOW as i64 {
            w.insert(1000 + i, 1);
        }
        assert_eq!(w.seen(100), Seen::TooOld, "100 was pushed out");
        assert_eq!(w.seen(999), Seen::TooOld);
        assert_eq!(w.seen(1000), Seen::Duplicate);
        assert_eq!(w.seen(1_000_000), Seen::New);
    }

    #[test]
    fn matches_a_map_for_out_of_order_ids() {
        use std::collections::BTreeMap;
        let mut w = Window::default();
        let mut model = BTreeMap::new();
        let mut x: u64 = 12345;
        for i in 0..3 * RECEIVED_WINDOW as i64 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            // Mostly increasing, with some ids from the past and some repeats.
            let id = match x >> 61 {
                0 => i - (x >> 40 & 4095) as i64,
                1 => i - 1,
                _ => i,
            } * 4;
            let seq = (x >> 20) as i32 & 0xff;
            let expected = if model.contains_key(&id) {
                Seen::Duplicate
            } else if model.len() >= RECEIVED_WINDOW
                && model.keys().next().is_some_and(|&low| id < low)
            {
                Seen::TooOld
            } else {
                Seen::New
            };
            assert_eq!(w.seen(id), expected, "msg_id {id}");
            let below = model.range(..id).next_back().map(|(_, &s)| s);
            let above = model.range(id + 1..).next().map(|(_, &s)| s);
            assert_eq!(w.neighbours(id), (below, above), "msg_id {id}");
            w.insert(id, seq);
            model.insert(id, seq);
            while model.len() > RECEIVED_WINDOW {
                model.pop_first();
            }
        }
        assert!(w.ids.iter().map(|&(id, _)| id).eq(model.keys().copied()));
    }

    #[test]
    fn neighbours_with_seq_nos() {
        let mut w = Window::default();
        w.insert(10, 1);
        w.insert(30, 5);
        assert_eq!(w.neighbours(20), (Some(1), Some(5)));
        assert_eq!(w.neighbours(5), (None, Some(1)));
        assert_eq!(w.neighbours(30), (Some(1), None));
        w.clear();
        assert_eq!(w.neighbours(20), (None, None));
    }
}
