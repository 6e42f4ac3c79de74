//! The client side of the exchange as a state machine: `req_pq_multi`, then
//! `req_DH_params`, then `set_client_DH_params` (again after each `dh_gen_retry`), until
//! `dh_gen_ok` proves the server holds the same key.

use std::fmt;

use bytes::Bytes;

use super::dh::fresh_dh_pair;
use super::exchange::{Nonces, be_min, be_u64, check_nonce, ct_eq, decode};
use super::{
    AuthKeyError, DhGenOutcome, RsaPublicKey, auth_key_aux_hash, check_dh_prime, check_g_a,
    decrypt_server_dh_answer, dh_shared_key, encrypt_client_dh_inner, factorize_pq, new_nonce_hash,
    server_salt, tmp_aes_key_iv,
};
use crate::Serialize;
use crate::mtproto::crypto::AuthKey;
use crate::mtproto::tl::{enums, functions, types};

/// `dh_gen_retry` answers accepted in a row; a server that keeps asking is stuck or
/// hostile, and each retry costs two 2048-bit exponentiations.
const MAX_RETRIES: u32 = 5;

/// The client's half of creating an auth key. Feed it the body of each unencrypted
/// message from the server; send the bodies it returns in unencrypted messages.
///
/// Any error ends the exchange: later calls return [`AuthKeyError::HandshakeOver`],
/// and the caller starts again with a new [`ClientHandshake::start`].
pub struct ClientHandshake {
    state: State,
}

/// What to do after a server message.
#[derive(Debug, Clone)]
#[allow(
    clippy::large_enum_variant,
    reason = "made once per exchange and consumed at once: boxing the key buys nothing"
)]
pub enum ClientStep {
    /// Send this body in an unencrypted message and feed the answer to
    /// [`ClientHandshake::handle`].
    Send(Vec<u8>),
    /// The key is agreed on: the exchange is over.
    Done(Finished),
}

/// The outcome of a successful exchange.
#[derive(Debug, Clone)]
pub struct Finished {
    /// The new authorization key.
    pub auth_key: AuthKey,
    /// The first server salt: `new_nonce[0..8] XOR server_nonce[0..8]`.
    pub server_salt: i64,
    /// `server_time - now_unix` at `server_DH_params_ok`, in seconds: add it to the local
    /// clock when making message ids.
    pub time_offset: i32,
}

enum State {
    ResPq {
        nonce: [u8; 16],
        keys: Vec<RsaPublicKey>,
        dc_id: i32,
    },
    DhParams(Box<Nonces>),
    DhGen(Box<Agreeing>),
    Over,
}

/// What the client keeps between `set_client_DH_params` and the server's verdict.
struct Agreeing {
    nonces: Nonces,
    dh: ServerDh,
    auth_key: AuthKey,
    time_offset: i32,
    retries: u32,
}

/// The server's half of the Diffie-Hellman exchange, checked.
struct ServerDh {
    g: i32,
    dh_prime: Vec<u8>,
    g_a: Vec<u8>,
}

impl ClientHandshake {
    /// Starts the exchange: returns the state and the serialized `req_pq_multi` body to
    /// send (in an unencrypted message).
    ///
    /// `keys` are the server keys the client trusts; `dc_id` goes into
    /// `p_q_inner_data_dc` (by convention +10000 for test DCs, negative for media DCs).
    /// `random` must fill its argument with cryptographically secure bytes.
    pub fn start(
        keys: Vec<RsaPublicKey>,
        dc_id: i32,
        random: &mut dyn FnMut(&mut [u8]),
    ) -> (Self, Vec<u8>) {
        let mut nonce = [0u8; 16];
        random(&mut nonce);
        let body = functions::ReqPqMulti { nonce }.to_bytes();
        let state = State::ResPq { nonce, keys, dc_id };
        (Self { state }, body)
    }

    /// Feeds the body of the next unencrypted answer from the server. `now_unix` is the
    /// local unix time in seconds (for the time offset); `random` as in
    /// [`start`](Self::start).
    pub fn handle(
        &mut self,
        body: &[u8],
        now_unix: i64,
        mut random: &mut dyn FnMut(&mut [u8]),
    ) -> Result<ClientStep, AuthKeyError> {
        // Taken out so that an error leaves `Over` behind.
        match std::mem::replace(&mut self.state, State::Over) {
            State::ResPq { nonce, keys, dc_id } => {
                let (nonces, send) = on_res_pq(nonce, &keys, dc_id, body, &mut random)?;
                self.state = State::DhParams(Box::new(nonces));
                Ok(ClientStep::Send(send))
            }
            State::DhParams(nonces) => {
                let (agreeing, send) = on_server_dh_params(*nonces, body, now_unix, &mut random)?;
                self.state = State::DhGen(Box::new(agreeing));
                Ok(ClientStep::Send(send))
            }
            State::DhGen(agreeing) => match on_dh_gen(*agreeing, body, &mut random)? {
                Step::Retry(agreeing, send) => {
                    self.state = State::DhGen(agreeing);
                    Ok(ClientStep::Send(send))
                }
                Step::Done(finished) => Ok(ClientStep::Done(finished)),
            },
            State::Over => Err(AuthKeyError::HandshakeOver),
        }
    }
}

#[cfg(test)]
impl ClientHandshake {
    /// A client that sent its own `req_DH_params` (tests that play other clients).
    pub(super) fn awaiting_dh_params(nonces: Nonces) -> Self {
        Self {
            state: State::DhParams(Box::new(nonces)),
        }
    }
}

impl fmt::Debug for ClientHandshake {
    /// Shows the step only: the state holds secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let step = match self.state {
            State::ResPq { .. } => "awaiting resPQ",
            State::DhParams(_) => "awaiting server_DH_params",
            State::DhGen(_) => "awaiting dh_gen",
            State::Over => "over",
        };
        f.debug_struct("ClientHandshake")
            .field("step", &step)
            .finish()
    }
}

/// resPQ → req_DH_params: proof of work, then `p_q_inner_data_dc` under RSA_PAD.
fn on_res_pq(
    nonce: [u8; 16],
    keys: &[RsaPublicKey],
    dc_id: i32,
    body: &[u8],
    random: &mut impl FnMut(&mut [u8]),
) -> Result<(Nonces, Vec<u8>), AuthKeyError> {
    let enums::ResPq::ResPq(res) = decode(body, "resPQ")?;
    check_nonce(&res.nonce, &nonce, "nonce")?;
    let offered = &res.server_public_key_fingerprints;
    let key = keys
        .iter()
        .find(|k| offered.contains(&k.fingerprint()))
        .ok_or_else(|| AuthKeyError::NoKnownFingerprint {
            offered: offered.clone(),
        })?;
    let pq = be_u64(&res.pq).ok_or(AuthKeyError::PqTooLong { len: res.pq.len() })?;
    let (p, q) = factorize_pq(pq)?;
    let mut new_nonce = [0u8; 32];
    random(&mut new_nonce);
    let nonces = Nonces {
        nonce,
        server_nonce: res.server_nonce,
        new_nonce,
    };
    let (p, q) = (be_min(p.into()), be_min(q.into()));
    let inner = types::PQInnerDataDc {
        pq: res.pq,
        p: p.clone(),
        q: q.clone(),
        nonce,
        server_nonce: nonces.server_nonce,
        new_nonce,
        dc: dc_id,
    };
    let encrypted = key.encrypt_rsa_pad(&inner.to_bytes(), random)?;
    let request = functions::ReqDhParams {
        nonce,
        server_nonce: nonces.server_nonce,
        p,
        q,
        public_key_fingerprint: key.fingerprint(),
        encrypted_data: Bytes::copy_from_slice(&encrypted),
    };
    Ok((nonces, request.to_bytes()))
}

/// server_DH_params → set_client_DH_params: check the server's DH values, add ours.
fn on_server_dh_params(
    nonces: Nonces,
    body: &[u8],
    now_unix: i64,
    random: &mut impl FnMut(&mut [u8]),
) -> Result<(Agreeing, Vec<u8>), AuthKeyError> {
    let ok = match decode(body, "Server_DH_Params")? {
        enums::ServerDhParams::Ok(ok) => ok,
        enums::ServerDhParams::Fail(fail) => {
            nonces.check(&fail.nonce, &fail.server_nonce)?;
            return Err(AuthKeyError::ServerDhParamsFail);
        }
    };
    nonces.check(&ok.nonce, &ok.server_nonce)?;
    let (tmp_key, tmp_iv) = tmp_aes_key_iv(&nonces.new_nonce, &nonces.server_nonce);
    let answer = decrypt_server_dh_answer(&ok.encrypted_answer, &tmp_key, &tmp_iv)?;
    let enums::ServerDhInnerData::ServerDhInnerData(inner) =
        decode(&answer, "server_DH_inner_data")?;
    nonces.check(&inner.nonce, &inner.server_nonce)?;
    check_dh_prime(&inner.dh_prime, inner.g)?;
    check_g_a(&inner.g_a, &inner.dh_prime)?;
    let offset = i64::from(inner.server_time).saturating_sub(now_unix);
    let time_offset = offset.clamp(i32::MIN.into(), i32::MAX.into()) as i32;
    let dh = ServerDh {
        g: inner.g,
        dh_prime: inner.dh_prime.to_vec(),
        g_a: inner.g_a.to_vec(),
    };
    let (auth_key, send) = client_dh(&nonces, &dh, 0, random)?;
    let agreeing = Agreeing {
        nonces,
        dh,
        auth_key,
        time_offset,
        retries: 0,
    };
    Ok((agreeing, send))
}

/// A fresh `b`, the key it gives, and the `set_client_DH_params` carrying `g_b`.
fn client_dh(
    nonces: &Nonces,
    dh: &ServerDh,
    retry_id: i64,
    random: &mut impl FnMut(&mut [u8]),
) -> Result<(AuthKey, Vec<u8>), AuthKeyError> {
    let (b, g_b) = fresh_dh_pair(dh.g, &dh.dh_prime, random)?;
    let auth_key = AuthKey::new(dh_shared_key(&dh.g_a, &b, &dh.dh_prime)?);
    let inner = types::ClientDhInnerData {
        nonce: nonces.nonce,
        server_nonce: nonces.server_nonce,
        retry_id,
        g_b: Bytes::copy_from_slice(&g_b),
    };
    let (tmp_key, tmp_iv) = tmp_aes_key_iv(&nonces.new_nonce, &nonces.server_nonce);
    let encrypted = encrypt_client_dh_inner(&inner.to_bytes(), &tmp_key, &tmp_iv, random)?;
    let request = functions::SetClientDhParams {
        nonce: nonces.nonce,
        server_nonce: nonces.server_nonce,
        encrypted_data: Bytes::from(encrypted),
    };
    Ok((auth_key, request.to_bytes()))
}

/// The outcome of a verified `dh_gen_*` that is not a failure.
#[allow(
    clippy::large_enum_variant,
    reason = "made once per exchange and consumed at once: boxing the key buys nothing"
)]
enum Step {
    Retry(Box<Agreeing>, Vec<u8>),
    Done(Finished),
}

/// dh_gen_ok / dh_gen_retry / dh_gen_fail, each authenticated by its nonce hash.
fn on_dh_gen(
    mut agreeing: Agreeing,
    body: &[u8],
    random: &mut impl FnMut(&mut [u8]),
) -> Result<Step, AuthKeyError> {
    use enums::SetClientDhParamsAnswer as Answer;
    let (nonce, server_nonce, hash, outcome) = match decode(body, "Set_client_DH_params_answer")? {
        Answer::DhGenOk(x) => (x.nonce, x.server_nonce, x.new_nonce_hash1, DhGenOutcome::Ok),
        Answer::DhGenRetry(x) => (
            x.nonce,
            x.server_nonce,
            x.new_nonce_hash2,
            DhGenOutcome::Retry,
        ),
        Answer::DhGenFail(x) => (
            x.nonce,
            x.server_nonce,
            x.new_nonce_hash3,
            DhGenOutcome::Fail,
        ),
    };
    let nonces = &agreeing.nonces;
    nonces.check(&nonce, &server_nonce)?;
    let expected = new_nonce_hash(&nonces.new_nonce, outcome, &agreeing.auth_key);
    if !ct_eq(&hash, &expected) {
        return Err(AuthKeyError::NewNonceHashMismatch);
    }
    match outcome {
        DhGenOutcome::Ok => Ok(Step::Done(Finished {
            server_salt: server_salt(&nonces.new_nonce, &nonces.server_nonce),
            auth_key: agreeing.auth_key,
            time_offset: agreeing.time_offset,
        })),
        DhGenOutcome::Retry if agreeing.retries >= MAX_RETRIES => {
            Err(AuthKeyError::TooManyRetries {
                retries: agreeing.retries,
            })
        }
        DhGenOutcome::Retry => {
            let retry_id = auth_key_aux_hash(&agreeing.auth_key);
            let (auth_key, send) = client_dh(nonces, &agreeing.dh, retry_id, random)?;
            agreeing.auth_key = auth_key;
            agreeing.retries += 1;
            Ok(Step::Retry(Box::new(agreeing), send))
        }
        DhGenOutcome::Fail => Err(AuthKeyError::DhGenFail),
    }
}
