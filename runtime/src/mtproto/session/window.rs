//! The msg_ids (and seq_nos) most recently received from the peer.
//!
//! The security guidelines: keep the last N msg_ids received; a message whose msg_id
//! equals one of them, or is lower than all of them once N are kept, is ignored.
//! Otherwise it is added and, past N, the lowest is forgotten. The server also needs the
//! neighbours' seq_nos to detect seq_no errors (codes 32 and 33).

use std::collections::BTreeMap;
use std::ops::Bound;

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

/// Recently received msg_ids with their seq_nos, at most [`RECEIVED_WINDOW`].
#[derive(Debug, Clone, Default)]
pub(super) struct Window {
    ids: BTreeMap<i64, i32>,
}

impl Window {
    /// Classifies `msg_id` without recording it.
    pub(super) fn seen(&self, msg_id: i64) -> Seen {
        if self.ids.contains_key(&msg_id) {
            Seen::Duplicate
        } else if self.ids.len() >= RECEIVED_WINDOW
            && self.ids.keys().next().is_some_and(|&low| msg_id < low)
        {
            Seen::TooOld
        } else {
            Seen::New
        }
    }

    /// Records `msg_id`, forgetting the lowest past the limit.
    pub(super) fn insert(&mut self, msg_id: i64, seq_no: i32) {
        self.ids.insert(msg_id, seq_no);
        while self.ids.len() > RECEIVED_WINDOW {
            self.ids.pop_first();
        }
    }

    /// The seq_nos of the remembered neighbours of `msg_id`: the nearest lower msg_id's
    /// and the nearest higher one's.
    pub(super) fn neighbours(&self, msg_id: i64) -> (Option<i32>, Option<i32>) {
        let below = self.ids.range(..msg_id).next_back();
        let above = self
            .ids
            .range((Bound::Excluded(msg_id), Bound::Unbounded))
            .next();
        (below.map(|(_, &s)| s), above.map(|(_, &s)| s))
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
