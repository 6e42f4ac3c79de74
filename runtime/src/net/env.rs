//! The clock and the random source: the two things the sans-IO core is handed.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Time since the UNIX epoch, as the session layer takes it.
pub fn now() -> Duration {
    // A clock before 1970 is a broken machine; treating it as the epoch makes every
    // msg_id "too old", which the server reports and the session corrects.
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// Fills `buf` from the operating system's cryptographically secure generator.
///
/// # Panics
///
/// If the OS refuses randomness. Nothing in MTProto is safe without it (nonces, DH
/// secrets, padding), and no caller could recover, so this is a fault of the machine,
/// not of input.
pub fn os_random(buf: &mut [u8]) {
    getrandom::fill(buf).expect("the OS random source failed");
}
