//! The server side of the exchange as a state machine: `resPQ`, then
//! `server_DH_params_ok`, then `dh_gen_ok`.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;

use super::dh::fresh_dh_pair;
use super::exchange::{Nonces, be_min, be_u64, decode};
use super::inner_data::{InnerDataScheme, decrypt_pq_inner_data};
use super::pq::generate_pq;
use super::{
    AuthKeyError, DhGenOutcome, RsaPrivateKey, TELEGRAM_DH_PRIME, check_dh_prime,
    decrypt_client_dh_inner, dh_shared_key, encrypt_server_dh_answer, new_nonce_hash, server_salt,
    tmp_aes_key_iv,
};
use crate::Serialize;
use crate::mtproto::crypto::AuthKey;
use crate::mtproto::tl::{enums, functions, types};

/// What every connection of one server shares: its RSA keys and DH group.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    keys: Vec<RsaPrivateKey>,
    dh_prime: Vec<u8>,
    g: i32,
}

impl ServerConfig {
    /// A configuration after checking `dh_prime` and `g` with
    /// [`check_dh_prime`](super::check_dh_prime), as clients will.
    pub fn new(keys: Vec<RsaPrivateKey>, dh_prime: Vec<u8>, g: i32) -> Result<Self, AuthKeyError> {
        check_dh_prime(&dh_prime, g)?;
        Ok(Self { keys, dh_prime, g })
    }

    /// [`RsaPrivateKey::test_key`] with [`TELEGRAM_DH_PRIME`] and `g = 3`: a server
    /// only for tests, since everyone has the private key.
    pub fn with_test_key() -> Self {
        Self {
            keys: vec![RsaPrivateKey::test_key()],
            dh_prime: TELEGRAM_DH_PRIME.to_vec(),
            g: 3,
        }
    }
}

/// The server's half of creating an auth key, one per connection. Feed it the body of
/// each unencrypted message from the client; send the bodies it returns.
///
/// Any error ends the exchange (later calls return [`AuthKeyError::HandshakeOver`]): the
/// caller closes the connection.
pub struct ServerHandshake {
    config: Arc<ServerConfig>,
    state: State,
    client: Option<ClientInfo>,
}

/// What to do after a client message.
#[derive(Debug, Clone)]
#[allow(
    clippy::large_enum_variant,
    reason = "made once per exchange and consumed at once: boxing the key buys nothing"
)]
pub enum ServerStep {
    /// Send this body in an unencrypted message and feed the answer to
    /// [`ServerHandshake::handle`].
    Send(Vec<u8>),
    /// Send this last body (`dh_gen_ok`); the key is agreed on.
    Done {
        /// The `dh_gen_ok` body.
        send: Vec<u8>,
        /// The new authorization key.
        auth_key: AuthKey,
        /// The first server salt: `new_nonce[0..8] XOR server_nonce[0..8]`.
        server_salt: i64,
    },
}

/// What the client stated in its `p_q_inner_data*`, known from `req_DH_params` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientInfo {
    /// How `p_q_inner_data*` was encrypted.
    pub scheme: InnerDataScheme,
    /// The DC id of `p_q_inner_data_dc` / `_temp_dc`.
    pub dc: Option<i32>,
    /// `expires_in` (seconds) of `p_q_inner_data_temp*`: the client asks for a
    /// temporary key.
    pub expires_in: Option<i32>,
}

enum State {
    ReqPq,
    ReqDh(Box<Offer>),
    SetClientDh(Box<Accepted>),
    Over,
}

/// The server's `resPQ`, which `req_DH_params` must match.
struct Offer {
    nonce: [u8; 16],
    server_nonce: [u8; 16],
    p: u32,
    q: u32,
}

/// What the server keeps between `server_DH_params_ok` and `set_client_DH_params`.
struct Accepted {
    nonces: Nonces,
    a: [u8; 256],
}

impl ServerHandshake {
    /// A handshake with its own copy of the configuration; `dh_prime` and `g` are not
    /// checked (see [`ServerConfig::new`]).
    pub fn new(keys: Vec<RsaPrivateKey>, dh_prime: Vec<u8>, g: i32) -> Self {
        Self::with_config(Arc::new(ServerConfig { keys, dh_prime, g }))
    }

    /// A handshake sharing `config` with the server's other connections.
    pub fn with_config(config: Arc<ServerConfig>) -> Self {
        Self {
            config,
            state: State::ReqPq,
            client: None,
        }
    }

    /// What the client stated in `req_DH_params`, once that has been accepted.
    pub fn client_info(&self) -> Option<ClientInfo> {
        self.client
    }

    /// Feeds the body of the next unencrypted message from the client. `now_unix` (unix
    /// seconds) becomes `server_time`; `random` must fill its argument with
    /// cryptographically secure bytes.
    pub fn handle(
        &mut self,
        body: &[u8],
        now_unix: i64,
        mut random: &mut dyn FnMut(&mut [u8]),
    ) -> Result<ServerStep, AuthKeyError> {
        // Taken out so that an error leaves `Over` behind.
        match std::mem::replace(&mut self.state, State::Over) {
            State::ReqPq => {
                let (offer, send) = self.on_req_pq(body, &mut random)?;
                self.state = State::ReqDh(Box::new(offer));
                Ok(ServerStep::Send(send))
            }
            State::ReqDh(offer) => {
                let (accepted, send) =
                    self.on_req_dh_params(&offer, body, now_unix, &mut random)?;
                self.state = State::SetClientDh(Box::new(accepted));
                Ok(ServerStep::Send(send))
            }
            State::SetClientDh(accepted) => self.on_set_client_dh_params(&accepted, body),
            State::Over => Err(AuthKeyError::HandshakeOver),
        }
    }

    /// req_pq_multi → resPQ with a fresh `server_nonce` and `pq`.
    fn on_req_pq(
        &self,
        body: &[u8],
        random: &mut impl FnMut(&mut [u8]),
    ) -> Result<(Offer, Vec<u8>), AuthKeyError> {
        let request: functions::ReqPqMulti = decode(body, "req_pq_multi")?;
        let mut server_nonce = [0u8; 16];
        random(&mut server_nonce);
        let (p, q) = generate_pq(random);
        let answer = types::ResPq {
            nonce: request.nonce,
            server_nonce,
            pq: be_min(u64::from(p) * u64::from(q)),
            server_public_key_fingerprints: self
                .config
                .keys
                .iter()
                .map(|k| k.public_key().fingerprint())
                .collect(),
        };
        let offer = Offer {
            nonce: request.nonce,
            server_nonce,
            p,
            q,
        };
        Ok((offer, answer.to_bytes()))
    }

    /// req_DH_params → server_DH_params_ok: the client's proof of work and new_nonce,
    /// then the server's DH half under the temporary key.
    fn on_req_dh_params(
        &mut self,
        offer: &Offer,
        body: &[u8],
        now_unix: i64,
        random: &mut impl FnMut(&mut [u8]),
    ) -> Result<(Accepted, Vec<u8>), AuthKeyError> {
        let request: functions::ReqDhParams = decode(body, "req_DH_params")?;
        let expected = Nonces {
            nonce: offer.nonce,
            server_nonce: offer.server_nonce,
            new_nonce: [0; 32],
        };
        expected.check(&request.nonce, &request.server_nonce)?;
        let same = |bytes: &[u8], value: u64| be_u64(bytes) == Some(value);
        if !same(&request.p, offer.p.into()) || !same(&request.q, offer.q.into()) {
            return Err(AuthKeyError::PqMismatch);
        }
        let fingerprint = request.public_key_fingerprint;
        let key = self
            .config
            .keys
            .iter()
            .find(|k| k.public_key().fingerprint() == fingerprint)
            .ok_or(AuthKeyError::UnknownFingerprint { fingerprint })?;
        let (inner, scheme) = decrypt_pq_inner_data(key, &request.encrypted_data)?;
        let inner = InnerView::of(&inner);
        expected.check(inner.nonce, inner.server_nonce)?;
        let pq = u64::from(offer.p) * u64::from(offer.q);
        if !same(inner.pq, pq) || !same(inner.p, offer.p.into()) || !same(inner.q, offer.q.into()) {
            return Err(AuthKeyError::PqMismatch);
        }
        let nonces = Nonces {
            new_nonce: *inner.new_nonce,
            ..expected
        };
        let config = &self.config;
        let (a, g_a) = fresh_dh_pair(config.g, &config.dh_prime, random)?;
        let answer = types::ServerDhInnerData {
            nonce: nonces.nonce,
            server_nonce: nonces.server_nonce,
            g: config.g,
            dh_prime: Bytes::copy_from_slice(&config.dh_prime),
            g_a: Bytes::copy_from_slice(&g_a),
            // A TL `int`: truncated to 32 bits, as every MTProto time field is.
            server_time: now_unix as i32,
        };
        let (tmp_key, tmp_iv) = tmp_aes_key_iv(&nonces.new_nonce, &nonces.server_nonce);
        let encrypted = encrypt_server_dh_answer(&answer.to_bytes(), &tmp_key, &tmp_iv, random)?;
        let reply = types::ServerDhParamsOk {
            nonce: nonces.nonce,
            server_nonce: nonces.server_nonce,
            encrypted_answer: Bytes::from(encrypted),
        };
        self.client = Some(ClientInfo {
            scheme,
            dc: inner.dc,
            expires_in: inner.expires_in,
        });
        Ok((Accepted { nonces, a }, reply.to_bytes()))
    }

    /// set_client_DH_params → dh_gen_ok: the client's DH half gives the key.
    fn on_set_client_dh_params(
        &self,
        accepted: &Accepted,
        body: &[u8],
    ) -> Result<ServerStep, AuthKeyError> {
        let request: functions::SetClientDhParams = decode(body, "set_client_DH_params")?;
        let nonces = &accepted.nonces;
        nonces.check(&request.nonce, &request.server_nonce)?;
        let (tmp_key, tmp_iv) = tmp_aes_key_iv(&nonces.new_nonce, &nonces.server_nonce);
        let data = decrypt_client_dh_inner(&request.encrypted_data, &tmp_key, &tmp_iv)?;
        // retry_id is not checked: this server never answers dh_gen_retry.
        let enums::ClientDhInnerData::ClientDhInnerData(inner) =
            decode(&data, "client_DH_inner_data")?;
        nonces.check(&inner.nonce, &inner.server_nonce)?;
        let key = dh_shared_key(&inner.g_b, &accepted.a, &self.config.dh_prime)?;
        let auth_key = AuthKey::new(key);
        let reply = types::DhGenOk {
            nonce: nonces.nonce,
            server_nonce: nonces.server_nonce,
            new_nonce_hash1: new_nonce_hash(&nonces.new_nonce, DhGenOutcome::Ok, &auth_key),
        };
        Ok(ServerStep::Done {
            send: reply.to_bytes(),
            auth_key,
            server_salt: server_salt(&nonces.new_nonce, &nonces.server_nonce),
        })
    }
}

impl fmt::Debug for ServerHandshake {
    /// Shows the step only: the state holds secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let step = match self.state {
            State::ReqPq => "awaiting req_pq_multi",
            State::ReqDh(_) => "awaiting req_DH_params",
            State::SetClientDh(_) => "awaiting set_client_DH_params",
            State::Over => "over",
        };
        f.debug_struct("ServerHandshake")
            .field("step", &step)
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

/// The fields the four `p_q_inner_data*` constructors share, and the two they do not.
struct InnerView<'a> {
    pq: &'a [u8],
    p: &'a [u8],
    q: &'a [u8],
    nonce: &'a [u8; 16],
    server_nonce: &'a [u8; 16],
    new_nonce: &'a [u8; 32],
    dc: Option<i32>,
    expires_in: Option<i32>,
}

impl<'a> InnerView<'a> {
    fn of(data: &'a enums::PQInnerData) -> Self {
        macro_rules! view {
            ($x:expr, $dc:expr, $expires_in:expr) => {
                InnerView {
                    pq: &$x.pq,
                    p: &$x.p,
                    q: &$x.q,
                    nonce: &$x.nonce,
                    server_nonce: &$x.server_nonce,
                    new_nonce: &$x.new_nonce,
                    dc: $dc,
                    expires_in: $expires_in,
                }
            };
        }
        match data {
            enums::PQInnerData::PQInnerData(x) => view!(x, None, None),
            enums::PQInnerData::Dc(x) => view!(x, Some(x.dc), None),
            enums::PQInnerData::Temp(x) => view!(x, None, Some(x.expires_in)),
            enums::PQInnerData::TempDc(x) => view!(x, Some(x.dc), Some(x.expires_in)),
        }
    }
}
