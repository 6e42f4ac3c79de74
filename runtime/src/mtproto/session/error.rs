//! Why a message from the peer was refused, or why a request failed.

use crate::DecodeError;
use crate::mtproto::{CryptoError, PlaintextError};

/// Why a message was refused, or a request could not be completed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// Decryption or its integrity checks failed (tampered, other key, wrong direction).
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    /// The decrypted header is not acceptable: other session, msg_id parity or time window.
    #[error(transparent)]
    Plaintext(#[from] PlaintextError),
    /// A message body that does not decode as what its constructor id says.
    #[error("undecodable message body: {0}")]
    Decode(#[from] DecodeError),
    /// A `msg_container` that breaks the container rules.
    #[error(transparent)]
    BadContainer(#[from] ContainerError),
    /// The server refused the request with a `bad_msg_notification` that resending cannot
    /// fix (codes 18, 20, 34, 35, 64, or one the spec does not list).
    #[error("the server refused the message: bad_msg_notification code {code}")]
    BadMsgNotification {
        /// The notification's `error_code`.
        code: i32,
    },
    /// The server kept refusing the request after [`MAX_RESENDS`](super::MAX_RESENDS)
    /// resends; `code` is the last refusal (48 for `bad_server_salt`).
    #[error("the server refused the message {resends} times, last with code {code}")]
    TooManyResends {
        /// Resends made.
        resends: u32,
        /// The last `error_code`.
        code: i32,
    },
}

/// What is wrong with a received `msg_container`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ContainerError {
    /// More messages than a container may hold, or a negative count.
    #[error("container declares {count} messages (at most 1020)")]
    TooManyMessages {
        /// The declared count.
        count: i32,
    },
    /// The input ends inside message `index`.
    #[error("container ends inside message {index}")]
    Truncated {
        /// Position of the message in the container.
        index: usize,
    },
    /// Message `index` declares a body length that is negative, not a multiple of 4,
    /// shorter than a constructor id, or longer than what is left.
    #[error("message {index} of the container declares {bytes} body bytes")]
    BadLength {
        /// Position of the message in the container.
        index: usize,
        /// The declared length.
        bytes: i32,
    },
    /// Message `index` has a msg_id of the wrong parity for its sender, or one not below
    /// the container's own msg_id.
    #[error("message {index} of the container has msg_id {msg_id:#x}")]
    BadMsgId {
        /// Position of the message in the container.
        index: usize,
        /// The msg_id.
        msg_id: i64,
    },
    /// Message `index` is itself a container; containers do not nest.
    #[error("message {index} of the container is a container")]
    Nested {
        /// Position of the message in the container.
        index: usize,
    },
    /// Bytes follow the last declared message.
    #[error("{remaining} bytes after the container's last message")]
    TrailingBytes {
        /// Bytes left over.
        remaining: usize,
    },
}
