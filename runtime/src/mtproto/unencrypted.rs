//! Unencrypted messages, which carry the auth-key exchange
//! (<https://core.telegram.org/mtproto/description#unencrypted-message>):
//! `auth_key_id = 0 (8 bytes) ‖ message_id (8) ‖ message_data_length (4) ‖ message_data`,
//! integers little-endian.

/// `auth_key_id`, `message_id` and `message_data_length`.
const HEADER_LEN: usize = 20;

/// Why bytes are not an unencrypted message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UnencryptedError {
    /// Fewer bytes than the header.
    #[error("{len} bytes cannot hold the 20-byte unencrypted message header")]
    TooShort {
        /// Length received.
        len: usize,
    },
    /// A nonzero `auth_key_id`: an encrypted message.
    #[error("auth_key_id {auth_key_id:#018x} is not 0: the message is encrypted")]
    NonzeroAuthKeyId {
        /// The id found.
        auth_key_id: u64,
    },
    /// `message_data_length` disagrees with the bytes that follow the header.
    #[error("message_data_length says {declared} bytes but {actual} follow")]
    LengthMismatch {
        /// `message_data_length`.
        declared: u32,
        /// Bytes after the header.
        actual: usize,
    },
}

/// `auth_key_id (8 zero bytes) ‖ message_id ‖ message_data_length ‖ message_data`.
///
/// `body` must be shorter than 2^32 bytes; the exchange's largest is about 400.
pub fn encode_unencrypted(msg_id: i64, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&msg_id.to_le_bytes());
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// Splits an unencrypted message into `message_id` and `message_data`. The length must
/// match exactly: transports remove their padding before this.
pub fn decode_unencrypted(message: &[u8]) -> Result<(i64, &[u8]), UnencryptedError> {
    let too_short = UnencryptedError::TooShort { len: message.len() };
    let (header, body) = message.split_first_chunk::<HEADER_LEN>().ok_or(too_short)?;
    let field = |at: usize| {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&header[at..at + 8]);
        bytes
    };
    let auth_key_id = u64::from_le_bytes(field(0));
    if auth_key_id != 0 {
        return Err(UnencryptedError::NonzeroAuthKeyId { auth_key_id });
    }
    let msg_id = i64::from_le_bytes(field(8));
    let declared = u32::from_le_bytes([header[16], header[17], header[18], header[19]]);
    if usize::try_from(declared) != Ok(body.len()) {
        return Err(UnencryptedError::LengthMismatch {
            declared,
            actual: body.len(),
        });
    }
    Ok((msg_id, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mtproto::test_vectors::hex;

    /// The first message of core.telegram.org/mtproto/samples-auth_key: `req_pq_multi`.
    const SAMPLE_REQ_PQ_MULTI: &str = "0000000000000000 78F404006170466A 14000000 \
        F18E7EBE 51A1143FC7A3666BE4BE54D6890A02DC";

    #[test]
    fn sample_round_trip() {
        let message = hex(SAMPLE_REQ_PQ_MULTI);
        let (msg_id, body) = decode_unencrypted(&message).unwrap();
        assert_eq!(msg_id, 0x6a46_7061_0004_f478);
        assert_eq!(body, &message[20..]);
        assert_eq!(encode_unencrypted(msg_id, body), message);
        assert_eq!(encode_unencrypted(-1, &[]), {
            let mut m = vec![0; 8];
            m.extend([0xff; 8]);
            m.extend([0; 4]);
            m
        });
    }

    #[test]
    fn refusals() {
        let message = hex(SAMPLE_REQ_PQ_MULTI);
        assert_eq!(
            decode_unencrypted(&message[..19]),
            Err(UnencryptedError::TooShort { len: 19 })
        );
        let mut encrypted = message.clone();
        encrypted[7] = 1;
        assert_eq!(
            decode_unencrypted(&encrypted),
            Err(UnencryptedError::NonzeroAuthKeyId {
                auth_key_id: 1 << 56
            })
        );
        assert_eq!(
            decode_unencrypted(&message[..39]),
            Err(UnencryptedError::LengthMismatch {
                declared: 20,
                actual: 19
            })
        );
        let mut longer = message.clone();
        longer.push(0);
        assert_eq!(
            decode_unencrypted(&longer),
            Err(UnencryptedError::LengthMismatch {
                declared: 20,
                actual: 21
            })
        );
        let mut huge = message[..20].to_vec();
        huge[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            decode_unencrypted(&huge),
            Err(UnencryptedError::LengthMismatch {
                declared: u32::MAX,
                actual: 0
            })
        );
        assert_eq!(
            decode_unencrypted(&message[..20]),
            Err(UnencryptedError::LengthMismatch {
                declared: 20,
                actual: 0
            })
        );
    }
}
