//! The auth-key exchange driven over a [`FramedStream`], client side.

use std::time::Duration;

use super::env::{now, os_random};
use super::error::NetError;
use super::framed::FramedStream;
use crate::mtproto::auth_key::{ClientHandshake, ClientStep, Finished, RsaPublicKey};
use crate::mtproto::unencrypted::{decode_unencrypted, encode_unencrypted};

/// The msg_id of an unencrypted client message: unix time × 2^32, divisible by 4, and
/// strictly above `last` (two messages in one clock tick still differ).
pub fn next_plain_msg_id(now: Duration, last: &mut i64) -> i64 {
    let nanos = i64::from(now.subsec_nanos());
    let raw = ((now.as_secs() as i64) << 32) | ((nanos << 32) / 1_000_000_000);
    let id = (raw & !3).max(*last + 4);
    *last = id;
    id
}

/// Runs the whole key exchange on a fresh connection and returns the new key, the first
/// server salt and the clock offset to the server. Each answer must come within `step_timeout`.
pub async fn client_handshake(
    framed: &mut FramedStream,
    keys: Vec<RsaPublicKey>,
    dc_id: i32,
    step_timeout: Duration,
) -> Result<Finished, NetError> {
    let mut random = |buf: &mut [u8]| os_random(buf);
    let mut last_id = 0;
    let (mut handshake, first) = ClientHandshake::start(keys, dc_id, &mut random);
    tracing::debug!(dc_id, "auth key exchange: req_pq_multi");
    framed
        .send(&encode_unencrypted(
            next_plain_msg_id(now(), &mut last_id),
            &first,
        ))
        .await?;
    loop {
        let payload = tokio::time::timeout(step_timeout, framed.recv())
            .await
            .map_err(|_| NetError::Timeout)??;
        let (_, body) = decode_unencrypted(&payload)?;
        match handshake.handle(body, now().as_secs() as i64, &mut random)? {
            ClientStep::Send(next) => {
                let msg_id = next_plain_msg_id(now(), &mut last_id);
                framed.send(&encode_unencrypted(msg_id, &next)).await?;
            }
            ClientStep::Done(finished) => {
                tracing::debug!(
                    auth_key_id = finished.auth_key.id(),
                    time_offset = finished.time_offset,
                    "auth key exchange: done"
                );
                return Ok(finished);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_msg_ids_are_time_based_increasing_and_divisible_by_four() {
        let mut last = 0;
        let t = Duration::new(1_700_000_000, 500_000_000);
        let a = next_plain_msg_id(t, &mut last);
        let b = next_plain_msg_id(t, &mut last);
        assert_eq!(a >> 32, 1_700_000_000);
        assert_eq!(a % 4, 0);
        assert_eq!(b, a + 4);
        // A clock going backwards does not make ids go backwards.
        let c = next_plain_msg_id(Duration::from_secs(1_600_000_000), &mut last);
        assert!(c > b);
    }
}
