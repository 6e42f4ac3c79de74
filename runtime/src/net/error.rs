//! What can go wrong on the wire, while connecting, and for one call.

use crate::DecodeError;
use crate::mtproto::auth_key::AuthKeyError;
use crate::mtproto::session::SessionError;
use crate::mtproto::transport::TransportError;
use crate::mtproto::unencrypted::UnencryptedError;

/// A connection-level failure.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NetError {
    /// The socket failed.
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    /// The peer closed the connection.
    #[error("the connection was closed")]
    Closed,
    /// The peer's bytes do not form frames of the transport.
    #[error("transport: {0}")]
    Transport(#[from] TransportError),
    /// A frame that should hold an unencrypted message does not.
    #[error("unencrypted message: {0}")]
    Unencrypted(#[from] UnencryptedError),
    /// The session layer refused a message.
    #[error("session: {0}")]
    Session(#[from] SessionError),
    /// A key-exchange step failed.
    #[error("auth key exchange: {0}")]
    AuthKey(#[from] AuthKeyError),
    /// No answer in time.
    #[error("timed out")]
    Timeout,
    /// The first round trip of a new session failed.
    #[error("session set-up: {0}")]
    Handshake(String),
}

/// Why [`Client::connect`](super::Client::connect) failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectError {
    /// Connecting, or the key exchange, failed on the wire.
    #[error(transparent)]
    Net(#[from] NetError),
}

/// Why one `invoke` failed. `E` is the method's typed error enum.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InvokeError<E> {
    /// The server answered with an `rpc_error`, mapped through the method's error enum.
    #[error(transparent)]
    Rpc(E),
    /// The answer arrived but is not a value of the method's return type.
    #[error("cannot decode the answer: {0}")]
    Decode(DecodeError),
    /// No answer within the request timeout; a late answer is dropped.
    #[error("no answer within the request timeout")]
    Timeout,
    /// The connection is gone and could not be re-established; the request may or may
    /// not have been executed.
    #[error("connection lost: {0}")]
    Disconnected(String),
    /// The session layer gave up on the request (e.g. a `bad_msg_notification` it cannot fix).
    #[error("session: {0}")]
    Session(SessionError),
}

impl<E> From<DecodeError> for InvokeError<E> {
    fn from(e: DecodeError) -> Self {
        InvokeError::Decode(e)
    }
}
