//! One client connection on the server: key exchange while the client has no key, then
//! the encrypted session, each request dispatched to the typed handler.

use std::sync::Arc;

use tl_runtime::mtproto::auth_key::{
    RsaPrivateKey, ServerHandshake, ServerStep, TELEGRAM_DH_PRIME,
};
use tl_runtime::mtproto::session::{ServerEvent, ServerSession};
use tl_runtime::mtproto::unencrypted::{decode_unencrypted, encode_unencrypted};
use tl_runtime::net::{FramedStream, NetError, next_plain_msg_id, now, os_random};
use tokio::net::TcpStream;

use crate::keys::{Caller, KeyStore};
use crate::tl::server::{Handler, dispatch};

/// Telegram's transport error for a message under an auth key it does not know.
const AUTH_KEY_NOT_FOUND: i32 = -404;

/// The generator Telegram pairs with its 2048-bit prime.
const DH_G: i32 = 3;

/// What every connection of one server shares.
pub(crate) struct Shared {
    pub rsa_key: RsaPrivateKey,
    pub keys: KeyStore,
}

/// The session of a connection, once it sends encrypted messages.
struct Active {
    session: ServerSession,
    caller: Caller,
}

pub(crate) async fn serve_connection<H>(
    stream: TcpStream,
    shared: Arc<Shared>,
    handler: Arc<H>,
) -> Result<(), NetError>
where
    H: Handler<Context = Caller> + ?Sized,
{
    let mut framed = FramedStream::accept(stream).await?;
    tracing::debug!(transport = ?framed.kind(), "accepted");
    let mut random = |buf: &mut [u8]| os_random(buf);
    let mut handshake: Option<ServerHandshake> = None;
    let mut active: Option<Active> = None;
    let mut last_plain_id = 0;
    loop {
        let payload = framed.recv().await?;
        let key_id = payload
            .first_chunk::<8>()
            .map(|id| u64::from_le_bytes(*id))
            .ok_or(NetError::Closed)?;
        if key_id == 0 {
            let (_, body) = decode_unencrypted(&payload)?;
            let step = handshake
                .get_or_insert_with(|| {
                    ServerHandshake::new(
                        vec![shared.rsa_key.clone()],
                        TELEGRAM_DH_PRIME.to_vec(),
                        DH_G,
                    )
                })
                .handle(body, now().as_secs() as i64, &mut random)?;
            let answer = match step {
                ServerStep::Send(answer) => answer,
                ServerStep::Done {
                    send,
                    auth_key,
                    server_salt,
                } => {
                    tracing::debug!(auth_key_id = auth_key.id(), "auth key created");
                    shared.keys.insert(auth_key, server_salt, None);
                    handshake = None;
                    send
                }
            };
            // Server msg_ids of answers are 1 mod 4.
            let msg_id = next_plain_msg_id(now(), &mut last_plain_id) | 1;
            framed.send(&encode_unencrypted(msg_id, &answer)).await?;
            continue;
        }
        let current = match active.as_mut() {
            Some(a) if a.caller.auth_key_id == key_id => a,
            _ => match shared.keys.get(key_id) {
                Some(entry) => active.insert(Active {
                    session: ServerSession::new(entry.key.clone(), entry.salt),
                    caller: Caller {
                        auth_key_id: key_id,
                        user_id: entry.user_id,
                    },
                }),
                None => {
                    tracing::debug!(key_id, "unknown auth key: -404");
                    framed.send_transport_error(AUTH_KEY_NOT_FOUND).await?;
                    return Ok(());
                }
            },
        };
        // A log-in made after the session started applies from the next request.
        if let Some(entry) = shared.keys.get(key_id) {
            current.caller.user_id = entry.user_id;
        } else {
            framed.send_transport_error(AUTH_KEY_NOT_FOUND).await?;
            return Ok(());
        }
        let events = match current.session.handle_incoming(&payload, now()) {
            Ok(events) => events,
            Err(error) => {
                tracing::warn!(%error, "dropped a client message");
                continue;
            }
        };
        for event in events {
            match event {
                ServerEvent::Request { msg_id, body } => {
                    let result = dispatch(&*handler, &current.caller, body);
                    current.session.push_result(msg_id, result);
                }
            }
        }
        while let Some(message) = current.session.poll_outgoing(now(), &mut random) {
            framed.queue(&message)?;
        }
        framed.flush().await?;
    }
}
