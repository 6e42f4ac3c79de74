//! Tests of the two state machines: the spec's sample exchange replayed on the client
//! (`sample`), whole client ↔ server exchanges (`exchange`), and refusals of bad or
//! out-of-step input (`client_refusals`, `server_refusals`).

mod client_refusals;
mod exchange;
mod sample;
mod server_refusals;

use super::{AuthKeyError, ClientStep, Finished, ServerStep};
use crate::mtproto::crypto::AuthKey;

/// The body a client step sends.
fn client_sends(step: Result<ClientStep, AuthKeyError>) -> Vec<u8> {
    match step {
        Ok(ClientStep::Send(body)) => body,
        other => panic!("expected a body to send, got {other:?}"),
    }
}

/// The outcome of a client step that finishes.
fn client_done(step: Result<ClientStep, AuthKeyError>) -> Finished {
    match step {
        Ok(ClientStep::Done(finished)) => finished,
        other => panic!("expected the end, got {other:?}"),
    }
}

/// The body a server step sends.
fn server_sends(step: Result<ServerStep, AuthKeyError>) -> Vec<u8> {
    match step {
        Ok(ServerStep::Send(body)) => body,
        other => panic!("expected a body to send, got {other:?}"),
    }
}

/// The last body, key and salt of a server step that finishes.
fn server_done(step: Result<ServerStep, AuthKeyError>) -> (Vec<u8>, AuthKey, i64) {
    match step {
        Ok(ServerStep::Done {
            send,
            auth_key,
            server_salt,
        }) => (send, auth_key, server_salt),
        other => panic!("expected the end, got {other:?}"),
    }
}
