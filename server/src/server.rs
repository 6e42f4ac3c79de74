//! The listener: accepts loopback connections and runs one task per connection.

use std::net::SocketAddr;
use std::sync::Arc;

use tl_runtime::mtproto::auth_key::{RsaPrivateKey, RsaPublicKey, ServerConfig, TELEGRAM_DH_PRIME};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::connection::{Shared, serve_connection};
use crate::faults::Faults;
use crate::keys::{Caller, KeyStore};

/// The generator Telegram pairs with its 2048-bit prime.
const DH_G: i32 = 3;
use crate::tl::server::Handler;

/// A running test server. Dropping it stops accepting (open connections end when their
/// clients leave).
pub struct TestServer {
    addr: SocketAddr,
    public_key: RsaPublicKey,
    shared: Arc<Shared>,
    accept: JoinHandle<()>,
}

impl std::fmt::Debug for TestServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl TestServer {
    /// Listens on `127.0.0.1` (a free port) with the built-in test RSA key and serves
    /// every request through `handler`.
    pub async fn start<H>(handler: Arc<H>) -> std::io::Result<Self>
    where
        H: Handler<Context = Caller> + 'static,
    {
        Self::start_with_key(handler, RsaPrivateKey::test_key()).await
    }

    /// [`start`](Self::start) with a chosen RSA key.
    pub async fn start_with_key<H>(handler: Arc<H>, rsa_key: RsaPrivateKey) -> std::io::Result<Self>
    where
        H: Handler<Context = Caller> + 'static,
    {
        let public_key = rsa_key.public_key().clone();
        let listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let handshake = ServerConfig::new(vec![rsa_key], TELEGRAM_DH_PRIME.to_vec(), DH_G)
            .map_err(std::io::Error::other)?;
        let shared = Arc::new(Shared {
            handshake: Arc::new(handshake),
            keys: Arc::new(KeyStore::default()),
            faults: Faults::default(),
        });
        let accept = tokio::spawn(accept_loop(listener, Arc::clone(&shared), handler));
        tracing::info!(%addr, "test server listening");
        Ok(Self {
            addr,
            public_key,
            shared,
            accept,
        })
    }

    /// Where the server listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The public half of the server's RSA key, for clients.
    pub fn public_key(&self) -> RsaPublicKey {
        self.public_key.clone()
    }

    /// Marks the auth key `auth_key_id` as logged in as `user_id`; handlers see it in
    /// [`Caller::user_id`]. False if the server has no such key.
    pub fn log_in(&self, auth_key_id: u64, user_id: i64) -> bool {
        self.shared.keys.set_user(auth_key_id, user_id)
    }

    /// The ids of the auth keys the server knows, ascending.
    pub fn auth_key_ids(&self) -> Vec<u64> {
        self.shared.keys.ids()
    }

    /// Gives every auth key a new server salt: clients still using the old one get
    /// `bad_server_salt` on their next message and must resend under the new salt.
    pub fn rotate_salts(&self) -> usize {
        self.shared
            .keys
            .rotate_salts(|salt| salt.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1))
    }

    /// The current server salt of `auth_key_id`.
    pub fn salt_of(&self, auth_key_id: u64) -> Option<i64> {
        self.shared.keys.get(auth_key_id).map(|k| k.salt)
    }

    /// Fault: the connection that receives the `nth` next request (1 = the next one)
    /// closes before serving it, so its answer never comes.
    pub fn drop_connection_at_request(&self, nth: u32) {
        self.shared.faults.arm_drop(nth);
    }

    /// Fault: one ciphertext byte of the next encrypted message the server sends is flipped.
    pub fn tamper_next_message(&self) {
        self.shared.faults.arm_tamper();
    }

    /// Fault: the next encrypted message the server sends goes out twice.
    pub fn replay_next_message(&self) {
        self.shared.faults.arm_replay();
    }

    /// Forgets every auth key, as a server that lost its state: clients get transport
    /// error -404 on their next message and must create a new key.
    pub fn forget_auth_keys(&self) {
        self.shared.keys.forget_all();
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

async fn accept_loop<H>(listener: TcpListener, shared: Arc<Shared>, handler: Arc<H>)
where
    H: Handler<Context = Caller> + 'static,
{
    loop {
        match listener.accept().await {
            Ok((stream, peer)) => {
                let shared = Arc::clone(&shared);
                let handler = Arc::clone(&handler);
                tokio::spawn(async move {
                    if let Err(error) = serve_connection(stream, shared, handler).await {
                        tracing::debug!(%peer, %error, "connection ended");
                    }
                });
            }
            Err(error) => tracing::warn!(%error, "accept failed"),
        }
    }
}
