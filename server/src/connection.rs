//! One client connection on the server: key exchange while the client has no key, then
//! the encrypted session, each request dispatched to the typed handler, and updates
//! other connections push.

use std::sync::Arc;

use tl_runtime::Bytes;
use tl_runtime::mtproto::auth_key::{ServerConfig, ServerHandshake, ServerStep};
use tl_runtime::mtproto::session::{ServerEvent, ServerSession};
use tl_runtime::mtproto::unencrypted::{decode_unencrypted, encode_unencrypted};
use tl_runtime::net::{FramedStream, NetError, PaddingRng, next_plain_msg_id, now, os_random};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use crate::faults::Faults;
use crate::keys::{Caller, KeyStore};
use crate::tl::server::{Handler, dispatch};

/// Telegram's transport error for a message under an auth key it does not know.
const AUTH_KEY_NOT_FOUND: i32 = -404;

/// What every connection of one server shares.
pub(crate) struct Shared {
    pub handshake: Arc<ServerConfig>,
    pub keys: Arc<KeyStore>,
    pub faults: Faults,
}

/// The session of a connection, once it sends encrypted messages.
struct Active {
    session: ServerSession,
    caller: Caller,
    pushes: mpsc::UnboundedReceiver<Bytes>,
}

/// Unregisters the connection's push channel when the connection ends, however it ends.
struct PushGuard<'a> {
    keys: &'a KeyStore,
    key_id: Option<u64>,
}

impl Drop for PushGuard<'_> {
    fn drop(&mut self) {
        if let Some(id) = self.key_id {
            self.keys.set_push(id, None);
        }
    }
}

/// Why the connection loop stops: the peer is gone, or the server closes on purpose.
enum Next {
    Continue,
    Close,
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
    let mut conn = Conn {
        shared: &shared,
        padding: PaddingRng::from_os(),
        handshake: None,
        active: None,
        last_plain_id: 0,
    };
    let mut guard = PushGuard {
        keys: &shared.keys,
        key_id: None,
    };
    loop {
        let next = match conn.active.as_mut() {
            Some(active) => tokio::select! {
                payload = framed.recv() => {
                    let mut next = conn.incoming(&mut framed, &payload?, &*handler).await?;
                    // Serve every frame already read before writing: the answers of a
                    // burst of requests then share containers and one write.
                    while let Next::Continue = next {
                        let Some(payload) = framed.try_recv_buffered()? else {
                            break;
                        };
                        next = conn.incoming(&mut framed, &payload, &*handler).await?;
                    }
                    next
                }
                Some(update) = active.pushes.recv() => {
                    active.session.push_update(update);
                    Next::Continue
                }
            },
            None => {
                let payload = framed.recv().await?;
                conn.incoming(&mut framed, &payload, &*handler).await?
            }
        };
        guard.key_id = conn.active.as_ref().map(|a| a.caller.auth_key_id);
        if let Next::Close = next {
            return Ok(());
        }
        conn.flush(&mut framed).await?;
    }
}

struct Conn<'a> {
    shared: &'a Shared,
    padding: PaddingRng,
    handshake: Option<ServerHandshake>,
    active: Option<Active>,
    last_plain_id: i64,
}

impl Conn<'_> {
    async fn incoming<H>(
        &mut self,
        framed: &mut FramedStream,
        payload: &[u8],
        handler: &H,
    ) -> Result<Next, NetError>
    where
        H: Handler<Context = Caller> + ?Sized,
    {
        let Some(key_id) = payload.first_chunk::<8>().map(|id| u64::from_le_bytes(*id)) else {
            // Not even an auth_key_id: what Telegram answers to a malformed packet.
            framed.send_transport_error(AUTH_KEY_NOT_FOUND).await?;
            return Ok(Next::Close);
        };
        if key_id == 0 {
            self.handshake_step(framed, payload).await?;
            return Ok(Next::Continue);
        }
        let Some(view) = self.shared.keys.get(key_id) else {
            tracing::debug!(key_id, "unknown auth key: -404");
            framed.send_transport_error(AUTH_KEY_NOT_FOUND).await?;
            return Ok(Next::Close);
        };
        if self.active.as_ref().map(|a| a.caller.auth_key_id) != Some(key_id) {
            let (tx, pushes) = mpsc::unbounded_channel();
            self.shared.keys.set_push(key_id, Some(tx));
            self.active = Some(Active {
                session: ServerSession::new(view.key.clone(), view.salt),
                caller: Caller {
                    auth_key_id: key_id,
                    user_id: view.user_id,
                    keys: Arc::clone(&self.shared.keys),
                },
                pushes,
            });
        }
        let active = self.active.as_mut().expect("set just above");
        // Log-ins and salt changes made meanwhile apply from this message on.
        active.caller.user_id = view.user_id;
        if active.session.salt() != view.salt {
            active.session.set_salt(view.salt);
        }
        let events = match active.session.handle_incoming(payload, now()) {
            Ok(events) => events,
            Err(error) => {
                tracing::warn!(%error, "dropped a client message");
                return Ok(Next::Continue);
            }
        };
        for event in events {
            let ServerEvent::Request { msg_id, body } = event;
            if self.shared.faults.drop_now() {
                tracing::debug!(msg_id, "fault: closing before the answer");
                return Ok(Next::Close);
            }
            let result = dispatch(handler, &active.caller, body);
            active.session.push_result(msg_id, result);
        }
        Ok(Next::Continue)
    }

    async fn handshake_step(
        &mut self,
        framed: &mut FramedStream,
        payload: &[u8],
    ) -> Result<(), NetError> {
        let (_, body) = decode_unencrypted(payload)?;
        let mut random = |buf: &mut [u8]| os_random(buf);
        let config = &self.shared.handshake;
        let step = self
            .handshake
            .get_or_insert_with(|| ServerHandshake::with_config(Arc::clone(config)))
            .handle(body, now().as_secs() as i64, &mut random);
        let answer = match step {
            Ok(ServerStep::Send(answer)) => answer,
            Ok(ServerStep::Done {
                send,
                auth_key,
                server_salt,
            }) => {
                tracing::debug!(auth_key_id = auth_key.id(), "auth key created");
                self.shared.keys.insert(auth_key, server_salt);
                self.handshake = None;
                send
            }
            Err(error) => {
                // A failed exchange cannot continue; the client may start over.
                self.handshake = None;
                return Err(error.into());
            }
        };
        // Server msg_ids of answers are 1 mod 4.
        let msg_id = next_plain_msg_id(now(), &mut self.last_plain_id) | 1;
        framed.send(&encode_unencrypted(msg_id, &answer)).await
    }

    async fn flush(&mut self, framed: &mut FramedStream) -> Result<(), NetError> {
        let Some(active) = self.active.as_mut() else {
            return Ok(());
        };
        let padding = &mut self.padding;
        let mut random = |buf: &mut [u8]| padding.fill(buf);
        while let Some(mut message) = active.session.poll_outgoing(now(), &mut random) {
            if self.shared.faults.take_tamper() {
                // A byte of the ciphertext, past auth_key_id and msg_key.
                let at = message.len() - 1;
                message[at] ^= 0x01;
                tracing::debug!("fault: tampered an outgoing message");
            }
            framed.queue(&message)?;
            if self.shared.faults.take_replay() {
                tracing::debug!("fault: replaying an outgoing message");
                framed.queue(&message)?;
            }
        }
        framed.flush().await
    }
}
