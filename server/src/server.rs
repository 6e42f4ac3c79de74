//! The listener: accepts loopback connections and runs one task per connection.

use std::net::SocketAddr;
use std::sync::Arc;

use tl_runtime::mtproto::auth_key::{RsaPrivateKey, RsaPublicKey};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::connection::{Shared, serve_connection};
use crate::keys::{Caller, KeyStore};
use crate::tl::server::Handler;

/// A running test server. Dropping it stops accepting (open connections end when their
/// clients leave).
pub struct TestServer {
    addr: SocketAddr,
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
        let listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            rsa_key,
            keys: KeyStore::default(),
        });
        let accept = tokio::spawn(accept_loop(listener, Arc::clone(&shared), handler));
        tracing::info!(%addr, "test server listening");
        Ok(Self {
            addr,
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
        self.shared.rsa_key.public_key().clone()
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
