//! The MTProto session layer, sans-IO: what turns requests into encrypted messages and
//! encrypted messages into answers (<https://core.telegram.org/mtproto/description>,
//! <https://core.telegram.org/mtproto/service_messages>,
//! <https://core.telegram.org/mtproto/security_guidelines>).
//!
//! [`ClientSession`] numbers, packs (into `msg_container`s), encrypts and tracks requests;
//! it answers the service messages itself (acks, `bad_server_salt`, `bad_msg_notification`,
//! `new_session_created`, `pong`, `gzip_packed`) and hands the caller only
//! [`ClientEvent`]s. [`ServerSession`] is its mirror: it refuses what the spec says to
//! refuse, with the notification the spec names, and hands the caller requests to serve.
//!
//! Neither reads a clock or draws randomness: `now` (time since the Unix epoch) and a
//! random source are arguments, so every exchange is reproducible in tests.
//!
//! Files: `ids` (msg_id and seq_no numbering), `window` (recently received msg_ids),
//! `container` (msg_container bytes), `body` (what an incoming body is), `pack` (choosing,
//! numbering and encrypting what goes out), `requests` (the client's request table),
//! `client`/`client_incoming` and `server`/`server_incoming`.

mod body;
mod client;
mod client_incoming;
mod container;
mod error;
mod ids;
mod pack;
mod requests;
mod server;
mod server_incoming;
mod window;

#[cfg(test)]
mod tests;

pub use client::{ClientEvent, ClientSession};
pub use container::{MAX_CONTAINER_BYTES, MAX_CONTAINER_MESSAGES};
pub use error::{ContainerError, SessionError};
pub use server::{ServerEvent, ServerSession};
pub use window::RECEIVED_WINDOW;

/// Stable handle of a request across resends (msg_ids change on resend; this does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// How many times one request is resent after the server refused it (bad salt, clock,
/// seq_no) before it is reported as [`ClientEvent::Failed`]. Each correction normally
/// needs one resend; several can chain (salt, then clock), and a server that keeps
/// refusing must not make a request loop forever.
pub const MAX_RESENDS: u32 = 5;

/// Most msg_ids in one `msgs_ack` (the limit stated in service_messages).
pub const MAX_ACK_IDS: usize = 8192;

/// Most peer msg_ids waiting to be acknowledged. Past it the oldest are dropped: the peer
/// sends those messages again, and they are acknowledged then.
const MAX_PENDING_ACKS: usize = 8 * MAX_ACK_IDS;
