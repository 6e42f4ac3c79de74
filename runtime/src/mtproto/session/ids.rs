//! msg_id and seq_no numbering (<https://core.telegram.org/mtproto/description>).
//!
//! A msg_id is about `unixtime · 2^32`, strictly increasing within a session; its two
//! low bits say who sent it: 0 for the client, 1 for a server answer, 3 for other server
//! messages. A seq_no is twice the number of content-related messages sent before, plus
//! one if this message is content-related itself.

use std::time::Duration;

/// What the two low bits of a msg_id must say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MsgKind {
    /// Client message: divisible by 4.
    Client,
    /// Server message answering a client message: ≡ 1 mod 4.
    ServerAnswer,
    /// Any other server message: ≡ 3 mod 4.
    ServerOther,
}

impl MsgKind {
    fn low_bits(self) -> i64 {
        match self {
            MsgKind::Client => 0,
            MsgKind::ServerAnswer => 1,
            MsgKind::ServerOther => 3,
        }
    }
}

/// The numbering state of one sender in one session.
#[derive(Debug, Clone, Default)]
pub(super) struct Sequencer {
    last_msg_id: i64,
    content_sent: i32,
}

impl Sequencer {
    /// The next msg_id for `clock` (see [`clock`]): the clock's value when it is ahead of
    /// the last one issued, else the next free slot, so ids stay strictly increasing even
    /// when the clock goes backwards.
    pub(super) fn next_msg_id(&mut self, clock: i64, kind: MsgKind) -> i64 {
        let low = kind.low_bits();
        let at_clock = (clock & !3) | low;
        let id = if at_clock > self.last_msg_id {
            at_clock
        } else {
            (self.last_msg_id & !3).saturating_add(4) | low
        };
        self.last_msg_id = id;
        id
    }

    /// The seq_no of the next message.
    pub(super) fn next_seq_no(&mut self, content_related: bool) -> i32 {
        let even = self.content_sent.wrapping_mul(2);
        if content_related {
            self.content_sent = self.content_sent.wrapping_add(1);
            even | 1
        } else {
            even
        }
    }

    /// Lets the next msg_id go back to `clock`: after the server said our ids were too
    /// high (code 17), continuing above the last one would be refused again.
    pub(super) fn rewind_to(&mut self, clock: i64) {
        self.last_msg_id = self.last_msg_id.min(clock);
    }

    /// Starts the seq_no count again (a new session), keeping msg_ids increasing.
    pub(super) fn restart_seq_no(&mut self) {
        self.content_sent = 0;
    }

    /// Counts `n` content-related messages as sent without sending them: after the server
    /// said our seq_no was too low (code 32), the numbering must jump past what it saw.
    pub(super) fn skip_content(&mut self, n: i32) {
        self.content_sent = self.content_sent.wrapping_add(n);
    }
}

/// `now` shifted by `offset_secs`, in msg_id units (seconds · 2^32, the fraction kept),
/// clamped to the non-negative msg_ids.
pub(super) fn clock(now: Duration, offset_secs: i64) -> i64 {
    let secs = i128::from(now.as_secs()) + i128::from(offset_secs);
    let frac = (i128::from(now.subsec_nanos()) << 32) / 1_000_000_000;
    let scaled = (secs << 32) + frac;
    i64::try_from(scaled.max(0)).unwrap_or(i64::MAX)
}

/// `now` shifted by `offset_secs`, saturating at the epoch.
pub(super) fn shifted(now: Duration, offset_secs: i32) -> Duration {
    let by = Duration::from_secs(u64::from(offset_secs.unsigned_abs()));
    if offset_secs >= 0 {
        now.saturating_add(by)
    } else {
        now.saturating_sub(by)
    }
}

/// The time a msg_id states, to the second; `None` before the epoch.
pub(super) fn msg_id_time(msg_id: i64) -> Option<Duration> {
    u64::try_from(msg_id_secs(msg_id))
        .ok()
        .map(Duration::from_secs)
}

/// The whole seconds of a msg_id's time.
pub(super) fn msg_id_secs(msg_id: i64) -> i64 {
    msg_id >> 32
}

/// `msg_time - now` in whole seconds, as a time offset to add to the local clock.
pub(super) fn offset_from(msg_id: i64, now: Duration) -> i32 {
    let now = i64::try_from(now.as_secs()).unwrap_or(i64::MAX);
    let diff = msg_id_secs(msg_id).saturating_sub(now);
    i32::try_from(diff).unwrap_or(if diff < 0 { i32::MIN } else { i32::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Duration = Duration::from_secs(1_700_000_000);

    #[test]
    fn ids_follow_the_clock_and_never_repeat() {
        let mut s = Sequencer::default();
        let t = clock(NOW, 0);
        assert_eq!(t, 1_700_000_000 << 32);
        let a = s.next_msg_id(t, MsgKind::Client);
        let b = s.next_msg_id(t, MsgKind::Client);
        let c = s.next_msg_id(t - (10 << 32), MsgKind::Client);
        assert_eq!((a, b, c), (t, t + 4, t + 8));
        let later = clock(NOW + Duration::from_millis(500), 0);
        assert_eq!(s.next_msg_id(later, MsgKind::Client), later & !3);
    }

    #[test]
    fn server_ids_have_their_parity() {
        let mut s = Sequencer::default();
        let t = clock(NOW, 0);
        let a = s.next_msg_id(t, MsgKind::ServerAnswer);
        let b = s.next_msg_id(t, MsgKind::ServerOther);
        let c = s.next_msg_id(t, MsgKind::ServerAnswer);
        assert_eq!((a % 4, b % 4, c % 4), (1, 3, 1));
        assert!(a < b && b < c);
    }

    #[test]
    fn rewind_allows_lower_ids() {
        let mut s = Sequencer::default();
        let ahead = clock(NOW, 1000);
        s.next_msg_id(ahead, MsgKind::Client);
        let t = clock(NOW, 0);
        s.rewind_to(t);
        assert_eq!(s.next_msg_id(t, MsgKind::Client), t + 4);
    }

    #[test]
    fn seq_no_counts_content_related_messages() {
        let mut s = Sequencer::default();
        let got: Vec<i32> = [true, false, true, true, false]
            .into_iter()
            .map(|c| s.next_seq_no(c))
            .collect();
        assert_eq!(got, [1, 2, 3, 5, 6]);
        s.skip_content(10);
        assert_eq!(s.next_seq_no(true), 27);
    }

    #[test]
    fn offsets_and_clamps() {
        assert_eq!(offset_from(1_700_001_000 << 32, NOW), 1000);
        assert_eq!(offset_from(1_699_999_000 << 32, NOW), -1000);
        assert_eq!(clock(Duration::ZERO, -5), 0);
        assert_eq!(clock(NOW, -1000), 1_699_999_000 << 32);
        assert_eq!(shifted(NOW, -1000), Duration::from_secs(1_699_999_000));
        assert_eq!(shifted(Duration::ZERO, -1), Duration::ZERO);
        assert_eq!(msg_id_time((5 << 32) | 3), Some(Duration::from_secs(5)));
        assert_eq!(msg_id_time(-1), None);
    }
}
