//! Session-level checks on a decrypted message
//! (<https://core.telegram.org/mtproto/security_guidelines>): session id, msg_id
//! parity and the msg_id time window. Duplicate and too-low msg_ids need the session's
//! memory of recent ids and belong to the session layer.

use std::time::Duration;

use super::crypto::{PLAINTEXT_HEADER_LEN, Side};

/// msg_ids more than this far ahead of the clock are refused.
pub const MAX_MSG_ID_FUTURE: Duration = Duration::from_secs(30);
/// msg_ids more than this far behind the clock are refused.
pub const MAX_MSG_ID_PAST: Duration = Duration::from_secs(300);

/// A decrypted message's header fields and body, borrowed from the plaintext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plaintext<'a> {
    /// `server_salt`.
    pub salt: i64,
    /// `session_id`.
    pub session_id: i64,
    /// `msg_id`: about `unixtime · 2^32`.
    pub msg_id: i64,
    /// `seq_no`.
    pub seq_no: i32,
    /// The `message_data_length` bytes after the header.
    pub body: &'a [u8],
}

/// Why a decrypted message is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlaintextError {
    /// Shorter than the 32-byte header.
    #[error("plaintext of {len} bytes is shorter than its header")]
    TooShort {
        /// Length given.
        len: usize,
    },
    /// `message_data_length` is not a multiple of 4 or runs past the plaintext.
    #[error("message_data_length {declared} does not fit {available} bytes")]
    BadLength {
        /// The declared length.
        declared: u32,
        /// Bytes after the header.
        available: usize,
    },
    /// Not our session.
    #[error("session_id {actual:#x}, ours is {expected:#x}")]
    WrongSession {
        /// Our session id.
        expected: i64,
        /// The id in the message.
        actual: i64,
    },
    /// Server msg_ids are odd; client msg_ids are divisible by 4.
    #[error("msg_id {msg_id:#x} has the wrong parity for a {sender:?} message")]
    BadMsgIdParity {
        /// The msg_id.
        msg_id: i64,
        /// Who the message claims to come from.
        sender: Side,
    },
    /// More than 300 s behind the clock (a replay, or a clock out of sync).
    #[error("msg_id {msg_id:#x} is too old")]
    MsgIdTooOld {
        /// The msg_id.
        msg_id: i64,
    },
    /// More than 30 s ahead of the clock.
    #[error("msg_id {msg_id:#x} is too far in the future")]
    MsgIdTooNew {
        /// The msg_id.
        msg_id: i64,
    },
}

/// Splits a plaintext (as returned by [`decrypt_message`](super::decrypt_message),
/// trailing padding allowed) into its header fields and body, checking only the length.
pub fn parse_plaintext(plaintext: &[u8]) -> Result<Plaintext<'_>, PlaintextError> {
    let Some((header, rest)) = plaintext.split_first_chunk::<PLAINTEXT_HEADER_LEN>() else {
        return Err(PlaintextError::TooShort {
            len: plaintext.len(),
        });
    };
    let field = |at: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&header[at..at + 8]);
        i64::from_le_bytes(b)
    };
    let seq_no = i32::from_le_bytes([header[24], header[25], header[26], header[27]]);
    let declared = u32::from_le_bytes([header[28], header[29], header[30], header[31]]);
    let body = rest
        .get(..declared as usize)
        .filter(|_| declared % 4 == 0)
        .ok_or(PlaintextError::BadLength {
            declared,
            available: rest.len(),
        })?;
    Ok(Plaintext {
        salt: field(0),
        session_id: field(8),
        msg_id: field(16),
        seq_no,
        body,
    })
}

/// Parses `plaintext` and checks that it belongs to `session_id`, that its msg_id has
/// the parity of `sender`, and that the msg_id lies within 300 s before and 30 s after
/// `now` (time since the Unix epoch, already corrected by the known offset from server
/// time: the guidelines advise the window only once the clock is in sync).
pub fn check_plaintext(
    plaintext: &[u8],
    session_id: i64,
    sender: Side,
    now: Duration,
) -> Result<Plaintext<'_>, PlaintextError> {
    let message = parse_plaintext(plaintext)?;
    if message.session_id != session_id {
        return Err(PlaintextError::WrongSession {
            expected: session_id,
            actual: message.session_id,
        });
    }
    let msg_id = message.msg_id;
    let parity_ok = match sender {
        Side::Server => msg_id % 2 != 0,
        Side::Client => msg_id % 4 == 0,
    };
    if !parity_ok {
        return Err(PlaintextError::BadMsgIdParity { msg_id, sender });
    }
    // i128 keeps the difference exact for any msg_id and any clock.
    let offset = i128::from(msg_id) - to_msg_id_scale(now);
    if offset > to_msg_id_scale(MAX_MSG_ID_FUTURE) {
        return Err(PlaintextError::MsgIdTooNew { msg_id });
    }
    if offset < -to_msg_id_scale(MAX_MSG_ID_PAST) {
        return Err(PlaintextError::MsgIdTooOld { msg_id });
    }
    Ok(message)
}

/// A duration in msg_id units: seconds · 2^32, the fraction included.
fn to_msg_id_scale(d: Duration) -> i128 {
    (i128::from(d.as_secs()) << 32) + (i128::from(d.subsec_nanos()) << 32) / 1_000_000_000
}

#[cfg(test)]
mod tests {
    use super::*;

    const SESSION: i64 = 0x1122_3344_5566_7788;
    const NOW: Duration = Duration::from_secs(1_707_425_105);

    fn message(session_id: i64, msg_id: i64, body: &[u8]) -> Vec<u8> {
        let mut p = Vec::new();
        p.extend_from_slice(&0x0123_4567_89ab_cdefi64.to_le_bytes());
        p.extend_from_slice(&session_id.to_le_bytes());
        p.extend_from_slice(&msg_id.to_le_bytes());
        p.extend_from_slice(&3i32.to_le_bytes());
        p.extend_from_slice(&(body.len() as u32).to_le_bytes());
        p.extend_from_slice(body);
        p
    }

    fn at(secs_from_now: i64, low: i64) -> i64 {
        ((NOW.as_secs() as i64 + secs_from_now) << 32) | low
    }

    #[test]
    fn accepts_a_fresh_server_message() {
        let bytes = message(SESSION, at(-2, 0x0000_1001), &[1, 2, 3, 4]);
        let m = check_plaintext(&bytes, SESSION, Side::Server, NOW).unwrap();
        assert_eq!(
            m,
            Plaintext {
                salt: 0x0123_4567_89ab_cdef,
                session_id: SESSION,
                msg_id: at(-2, 0x1001),
                seq_no: 3,
                body: &[1, 2, 3, 4],
            }
        );
    }

    #[test]
    fn refuses_other_session() {
        let bytes = message(SESSION + 1, at(0, 1), &[]);
        assert_eq!(
            check_plaintext(&bytes, SESSION, Side::Server, NOW),
            Err(PlaintextError::WrongSession {
                expected: SESSION,
                actual: SESSION + 1
            })
        );
    }

    #[test]
    fn parity_per_sender() {
        for (low, sender, ok) in [
            (1, Side::Server, true),
            (3, Side::Server, true),
            (2, Side::Server, false),
            (4, Side::Server, false),
            (4, Side::Client, true),
            (2, Side::Client, false),
            (1, Side::Client, false),
        ] {
            let msg_id = at(0, low);
            let bytes = message(SESSION, msg_id, &[]);
            let got = check_plaintext(&bytes, SESSION, sender, NOW).map(|m| m.msg_id);
            let expected = if ok {
                Ok(msg_id)
            } else {
                Err(PlaintextError::BadMsgIdParity { msg_id, sender })
            };
            assert_eq!(got, expected, "{low} {sender:?}");
        }
    }

    #[test]
    fn time_window_is_300_s_back_30_s_ahead() {
        let check = |msg_id| {
            let bytes = message(SESSION, msg_id, &[]);
            check_plaintext(&bytes, SESSION, Side::Server, NOW).map(|m| m.msg_id)
        };
        assert_eq!(check(at(-300, 1)), Ok(at(-300, 1)));
        assert_eq!(check(at(29, 0xffff_fff1)), Ok(at(29, 0xffff_fff1)));
        let old = at(-301, 1);
        assert_eq!(check(old), Err(PlaintextError::MsgIdTooOld { msg_id: old }));
        // 30 s and one tick ahead.
        let new = at(30, 1);
        assert_eq!(check(new), Err(PlaintextError::MsgIdTooNew { msg_id: new }));
        assert_eq!(
            check(i64::MIN + 1),
            Err(PlaintextError::MsgIdTooOld {
                msg_id: i64::MIN + 1
            })
        );
    }

    #[test]
    fn length_checks() {
        assert_eq!(
            parse_plaintext(&[0; 31]),
            Err(PlaintextError::TooShort { len: 31 })
        );
        let mut bytes = message(SESSION, at(0, 1), &[9; 8]);
        bytes[28] = 12;
        assert_eq!(
            parse_plaintext(&bytes),
            Err(PlaintextError::BadLength {
                declared: 12,
                available: 8
            })
        );
        bytes[28] = 5;
        assert_eq!(
            parse_plaintext(&bytes),
            Err(PlaintextError::BadLength {
                declared: 5,
                available: 8
            })
        );
        bytes[28] = 4;
        assert_eq!(
            parse_plaintext(&bytes).unwrap().body,
            &[9; 4],
            "trailing bytes allowed"
        );
    }
}
