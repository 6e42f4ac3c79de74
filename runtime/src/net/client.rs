//! The public face of the MTProto client: configuration, the saved session, `invoke`.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};

use super::conn::{CallFailure, Command, Connection};
use super::error::{ConnectError, InvokeError, NetError};
use super::framed::FramedStream;
use super::handshake::client_handshake;
use crate::mtproto::auth_key::RsaPublicKey;
use crate::mtproto::crypto::AuthKey;
use crate::mtproto::session::ClientSession;
use crate::mtproto::transport::TransportKind;
use crate::{Deserialize, RemoteCall, Serialize};

/// What the client needs to reach a server.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Where the server listens.
    pub addr: SocketAddr,
    /// The transport to speak.
    pub transport: TransportKind,
    /// The server's RSA public keys; the exchange uses the one the server offers.
    pub rsa_keys: Vec<RsaPublicKey>,
    /// The DC number sent in `p_q_inner_data_dc`.
    pub dc_id: i32,
    /// How long one `invoke` waits for its answer.
    pub request_timeout: Duration,
    /// How long connecting and each key-exchange step may take.
    pub connect_timeout: Duration,
    /// A session saved earlier ([`Client::session`]); `None` creates a new auth key.
    pub session: Option<SessionData>,
    /// How many times a dropped connection is re-established before pending calls fail.
    pub reconnect_attempts: u32,
}

impl ClientConfig {
    /// A configuration with defaults: 10 s request timeout, 5 s connect timeout,
    /// DC 2, 3 reconnect attempts, a new auth key.
    pub fn new(addr: SocketAddr, transport: TransportKind, rsa_key: RsaPublicKey) -> Self {
        Self {
            addr,
            transport,
            rsa_keys: vec![rsa_key],
            dc_id: 2,
            request_timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            session: None,
            reconnect_attempts: 3,
        }
    }
}

/// The state worth saving between runs: with it a client skips the key exchange.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionData {
    /// The 2048-bit auth key.
    pub auth_key: [u8; 256],
    /// The current server salt.
    pub server_salt: i64,
    /// Server time minus local time, in seconds.
    pub time_offset: i32,
}

impl std::fmt::Debug for SessionData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key is a secret: show only its public id.
        f.debug_struct("SessionData")
            .field("auth_key_id", &AuthKey::new(self.auth_key).id())
            .field("server_salt", &self.server_salt)
            .field("time_offset", &self.time_offset)
            .finish()
    }
}

impl SessionData {
    /// Length of [`to_bytes`](Self::to_bytes): key, salt, offset.
    pub const ENCODED_LEN: usize = 256 + 8 + 4;

    /// A fixed-size encoding for storage.
    pub fn to_bytes(&self) -> [u8; Self::ENCODED_LEN] {
        let mut out = [0u8; Self::ENCODED_LEN];
        out[..256].copy_from_slice(&self.auth_key);
        out[256..264].copy_from_slice(&self.server_salt.to_le_bytes());
        out[264..].copy_from_slice(&self.time_offset.to_le_bytes());
        out
    }

    /// Reads [`to_bytes`](Self::to_bytes) back; `None` for any other length.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let bytes: &[u8; Self::ENCODED_LEN] = bytes.try_into().ok()?;
        let (key, rest) = bytes.split_at(256);
        let (salt, offset) = rest.split_at(8);
        Some(Self {
            auth_key: key.try_into().ok()?,
            server_salt: i64::from_le_bytes(salt.try_into().ok()?),
            time_offset: i32::from_le_bytes(offset.try_into().ok()?),
        })
    }
}

/// An MTProto client over one TCP connection. Cheap to share (`&self` everywhere):
/// any number of `invoke`s can be in flight at once, each matched to its own answer.
pub struct Client {
    commands: mpsc::UnboundedSender<Command>,
    session: Arc<Mutex<SessionData>>,
    updates: Mutex<Option<mpsc::UnboundedReceiver<Bytes>>>,
    next_token: AtomicU64,
    request_timeout: Duration,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("session", &self.session())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Connects, creates an auth key unless the config carries a session, and starts the
    /// connection task (which must run inside a tokio runtime).
    pub async fn connect(config: ClientConfig) -> Result<Self, ConnectError> {
        let (framed, data) = open(&config, config.session.clone()).await?;
        tracing::info!(addr = %config.addr, transport = ?config.transport, "connected");
        let session_state = Arc::new(Mutex::new(data.clone()));
        let (commands, rx) = mpsc::unbounded_channel();
        let (updates_tx, updates_rx) = mpsc::unbounded_channel();
        let session = new_session(&data);
        let request_timeout = config.request_timeout;
        let connection = Connection::new(
            config,
            framed,
            session,
            rx,
            Arc::clone(&session_state),
            updates_tx,
        );
        tokio::spawn(connection.run());
        let client = Self {
            commands,
            session: session_state,
            updates: Mutex::new(Some(updates_rx)),
            next_token: AtomicU64::new(0),
            request_timeout,
        };
        // One round trip before returning: the server learns the session (it can push
        // updates from now on) and a stale salt or clock is corrected up front.
        let mut ping_id = [0u8; 8];
        super::env::os_random(&mut ping_id);
        let ping = crate::mtproto::tl::functions::Ping {
            ping_id: i64::from_le_bytes(ping_id),
        };
        let pong = client
            .invoke_raw::<crate::RpcError>(Bytes::from(ping.to_bytes()), request_timeout)
            .await;
        match pong {
            Ok(Ok(_)) => Ok(client),
            Ok(Err(rpc)) => Err(NetError::Handshake(rpc.to_string()).into()),
            Err(InvokeError::Timeout) => Err(NetError::Timeout.into()),
            Err(other) => Err(NetError::Handshake(other.to_string()).into()),
        }
    }

    /// Sends `request` and waits for its answer, at most the configured request timeout.
    pub async fn invoke<R: RemoteCall>(
        &self,
        request: &R,
    ) -> Result<R::Return, InvokeError<R::Error>> {
        self.invoke_with_timeout(request, self.request_timeout)
            .await
    }

    /// [`invoke`](Self::invoke) with its own timeout.
    pub async fn invoke_with_timeout<R: RemoteCall>(
        &self,
        request: &R,
        timeout: Duration,
    ) -> Result<R::Return, InvokeError<R::Error>> {
        let answer = self
            .invoke_raw(Bytes::from(request.to_bytes()), timeout)
            .await?;
        match answer {
            Ok(bytes) => Ok(R::Return::from_bytes(bytes)?),
            Err(rpc) => Err(InvokeError::Rpc(R::Error::from(rpc))),
        }
    }

    /// Sends an already serialized request; the answer comes back serialized, or as the
    /// untyped `rpc_error`.
    pub async fn invoke_raw<E>(
        &self,
        body: Bytes,
        timeout: Duration,
    ) -> Result<Result<Bytes, crate::RpcError>, InvokeError<E>> {
        let token = self.next_token.fetch_add(1, Ordering::Relaxed);
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Invoke { token, body, reply })
            .map_err(|_| InvokeError::Disconnected("the connection task has ended".into()))?;
        match tokio::time::timeout(timeout, answer).await {
            Err(_) => {
                let _ = self.commands.send(Command::Cancel(token));
                Err(InvokeError::Timeout)
            }
            Ok(Err(_)) => Err(InvokeError::Disconnected(
                "the connection task has ended".into(),
            )),
            Ok(Ok(Ok(bytes))) => Ok(Ok(bytes)),
            Ok(Ok(Err(CallFailure::Rpc(e)))) => Ok(Err(e)),
            Ok(Ok(Err(CallFailure::Session(e)))) => Err(InvokeError::Session(e)),
            Ok(Ok(Err(CallFailure::Disconnected(why)))) => Err(InvokeError::Disconnected(why)),
        }
    }

    /// The current auth key, salt and clock offset, to save and pass back through
    /// [`ClientConfig::session`].
    pub fn session(&self) -> SessionData {
        self.session
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .clone()
    }

    /// What the server pushes outside of answers (updates), serialized, in arrival
    /// order. The first call takes the stream; later calls get `None`. Until taken,
    /// pushes are buffered.
    pub fn updates(&self) -> Option<mpsc::UnboundedReceiver<Bytes>> {
        self.updates
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .take()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Shutdown);
    }
}

/// Opens a connection and makes sure it has an auth key: the saved one, or a new one.
pub(super) async fn open(
    config: &ClientConfig,
    saved: Option<SessionData>,
) -> Result<(FramedStream, SessionData), NetError> {
    let stream = tokio::time::timeout(config.connect_timeout, TcpStream::connect(config.addr))
        .await
        .map_err(|_| NetError::Timeout)??;
    let mut framed = FramedStream::client(stream, config.transport);
    let data = match saved {
        Some(data) => data,
        None => {
            let done = client_handshake(
                &mut framed,
                config.rsa_keys.clone(),
                config.dc_id,
                config.connect_timeout,
            )
            .await?;
            SessionData {
                auth_key: *done.auth_key.bytes(),
                server_salt: done.server_salt,
                time_offset: done.time_offset,
            }
        }
    };
    Ok((framed, data))
}

/// A new session (fresh random session_id) over a saved key.
pub(super) fn new_session(data: &SessionData) -> ClientSession {
    let mut id = [0u8; 8];
    super::env::os_random(&mut id);
    ClientSession::new(
        AuthKey::new(data.auth_key),
        data.server_salt,
        i64::from_le_bytes(id),
        data.time_offset,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_data_round_trips_and_hides_the_key() {
        let data = SessionData {
            auth_key: [7; 256],
            server_salt: -5,
            time_offset: 42,
        };
        let bytes = data.to_bytes();
        assert_eq!(SessionData::from_bytes(&bytes), Some(data.clone()));
        assert_eq!(SessionData::from_bytes(&bytes[1..]), None);
        let shown = format!("{data:?}");
        assert!(shown.contains("auth_key_id") && !shown.contains("7, 7"));
    }
}
