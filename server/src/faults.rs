//! Faults a test can inject into a running server, to check that clients lose nothing
//! when the network or the server misbehaves.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// Switches read by every connection. Each fault fires once per arming.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    /// Close the connection when this many more requests have arrived (0 = off), before
    /// serving the last one: the request was written, its answer never comes.
    drop_at_request: AtomicU32,
    /// Flip one ciphertext byte of the next encrypted message sent.
    tamper_next: AtomicBool,
    /// Send the next encrypted message twice (a replay).
    replay_next: AtomicBool,
}

impl Faults {
    pub fn arm_drop(&self, after_requests: u32) {
        self.drop_at_request.store(after_requests, Ordering::SeqCst);
    }

    pub fn arm_tamper(&self) {
        self.tamper_next.store(true, Ordering::SeqCst);
    }

    pub fn arm_replay(&self) {
        self.replay_next.store(true, Ordering::SeqCst);
    }

    /// Counts one arrived request; true when the connection must drop now.
    pub fn drop_now(&self) -> bool {
        self.drop_at_request
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok_and(|before| before == 1)
    }

    pub fn take_tamper(&self) -> bool {
        self.tamper_next.swap(false, Ordering::SeqCst)
    }

    pub fn take_replay(&self) -> bool {
        self.replay_next.swap(false, Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_fires_once_on_the_nth_request() {
        let f = Faults::default();
        assert!(!f.drop_now(), "off by default");
        f.arm_drop(2);
        assert!(!f.drop_now());
        assert!(f.drop_now());
        assert!(!f.drop_now());
    }
}
