//! The tokio I/O shell around the sans-IO MTProto core (feature `net`).
//!
//! Everything protocol-shaped lives in [`crate::mtproto`]; this module only moves bytes
//! between sockets and those state machines and reads the clock and the OS random source
//! for them.
//!
//! - [`framed`]: a TCP stream speaking one MTProto transport, frame in, frame out.
//! - [`Client`]: connect, create or restore an auth key, and `invoke` typed requests,
//!   many in flight on one connection.

mod client;
mod conn;
mod env;
mod error;
pub mod framed;
mod handshake;

pub use client::{Client, ClientConfig, SessionData};
pub use env::{PaddingRng, now, os_random};
pub use error::{ConnectError, InvokeError, NetError};
pub use framed::FramedStream;
pub use handshake::{client_handshake, next_plain_msg_id};
