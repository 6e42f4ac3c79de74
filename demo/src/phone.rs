//! The calls flow over the client: the glue between the sans-IO key exchange in
//! [`tl_runtime::calls`] and this schema's requests and updates. A library places calls
//! this way for its users (the seed page: phone.requestCall is not called by hand).

use std::time::Duration;

use tl_runtime::calls::{CallError, CallKey, DhConfig, DiscardReason, IncomingCall, OutgoingCall};
use tl_runtime::net::{Client, InvokeError, os_random};
use tl_runtime::{Bytes, Deserialize};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::tl::{enums, functions, types};

/// The call-protocol layers this side speaks (libtgvoip's range).
pub fn protocol() -> enums::PhoneCallProtocol {
    types::PhoneCallProtocol {
        udp_p2p: true,
        udp_reflector: true,
        min_layer: 65,
        max_layer: 92,
        library_versions: vec!["2.4.4".into()],
    }
    .into()
}

/// Why a call could not be set up. Every failure after the call exists also discards it
/// on the server, so the other side learns of it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CallFlowError {
    /// A request failed (typed RPC errors are flattened to their message here).
    #[error("{method}: {error}")]
    Invoke {
        /// The method that failed.
        method: &'static str,
        /// What went wrong.
        error: String,
    },
    /// The key exchange refused a value, or an event came out of order.
    #[error("key exchange: {0}")]
    Call(#[from] CallError),
    /// The other side (or the server) ended the call.
    #[error("the call was discarded: {0:?}")]
    Discarded(Option<enums::PhoneCallDiscardReason>),
    /// Nothing arrived in time.
    #[error("timed out waiting for {0}")]
    Timeout(&'static str),
    /// The update stream ended (the client is gone).
    #[error("the update stream ended")]
    UpdatesClosed,
    /// An update that is not a call update for this call.
    #[error("cannot decode an update: {0}")]
    BadUpdate(tl_runtime::DecodeError),
}

fn invoke_error<E: std::fmt::Display>(
    method: &'static str,
) -> impl Fn(InvokeError<E>) -> CallFlowError {
    move |e| CallFlowError::Invoke {
        method,
        error: e.to_string(),
    }
}

/// An established call: both sides hold the same key.
#[derive(Debug, Clone)]
pub struct EstablishedCall {
    /// Call id.
    pub id: i64,
    /// Access hash to name the call in later requests.
    pub access_hash: i64,
    /// The end-to-end key, its fingerprint and the emoji to compare.
    pub key: CallKey,
}

/// One user's phone: a client, its update stream, and the DH config it last fetched.
pub struct Phone {
    client: Client,
    updates: UnboundedReceiver<Bytes>,
    dh: Option<(i32, DhConfig)>,
    /// How long to wait for the other side at each step.
    pub step_timeout: Duration,
}

impl std::fmt::Debug for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Phone").finish_non_exhaustive()
    }
}

impl Phone {
    /// Takes the client and its update stream.
    ///
    /// # Panics
    ///
    /// If the client's update stream was already taken.
    pub fn new(client: Client) -> Self {
        let updates = client
            .updates()
            .expect("the update stream is not taken yet");
        Self {
            client,
            updates,
            dh: None,
            step_timeout: Duration::from_secs(10),
        }
    }

    /// The client underneath.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// messages.getDhConfig, with fresh server randomness each time; the prime and
    /// generator are checked like the auth key's and cached by version.
    pub async fn dh_config(&mut self) -> Result<DhConfig, CallFlowError> {
        let version = self.dh.as_ref().map_or(0, |(v, _)| *v);
        let answer = self
            .client
            .invoke(&functions::messages::GetDhConfig {
                version,
                random_length: 256,
            })
            .await
            .map_err(invoke_error("messages.getDhConfig"))?;
        let config = match answer {
            enums::messages::DhConfig::DhConfig(c) => {
                let config = DhConfig::new(c.g, &c.p)?;
                self.dh = Some((c.version, config.clone()));
                config.with_server_random(&c.random)
            }
            enums::messages::DhConfig::NotModified(c) => match &self.dh {
                Some((_, config)) => config.clone().with_server_random(&c.random),
                None => {
                    return Err(CallFlowError::Invoke {
                        method: "messages.getDhConfig",
                        error: "dhConfigNotModified without a cached config".into(),
                    });
                }
            },
        };
        Ok(config)
    }

    /// The next call update, decoded.
    pub async fn next_call_update(
        &mut self,
        waiting_for: &'static str,
    ) -> Result<enums::PhoneCall, CallFlowError> {
        loop {
            let bytes = tokio::time::timeout(self.step_timeout, self.updates.recv())
                .await
                .map_err(|_| CallFlowError::Timeout(waiting_for))?
                .ok_or(CallFlowError::UpdatesClosed)?;
            let updates = enums::Updates::from_bytes(bytes).map_err(CallFlowError::BadUpdate)?;
            let list = match updates {
                enums::Updates::UpdateShort(u) => vec![u.update],
                enums::Updates::Updates(u) => u.updates,
            };
            if let Some(enums::Update::PhoneCall(u)) = list.into_iter().next() {
                return Ok(u.phone_call);
            }
        }
    }

    /// Places a call to `user` and returns once the key is established on this side.
    pub async fn call(&mut self, user: enums::InputUser) -> Result<EstablishedCall, CallFlowError> {
        let config = self.dh_config().await?;
        let (mut call, g_a_hash) = OutgoingCall::start(&config, &mut os_random)?;
        let enums::phone::PhoneCall::PhoneCall(waiting) = self
            .client
            .invoke(&functions::phone::RequestCall {
                video: false,
                user_id: user,
                random_id: random_i32(),
                g_a_hash: Bytes::copy_from_slice(&g_a_hash),
                protocol: protocol(),
            })
            .await
            .map_err(invoke_error("phone.requestCall"))?;
        let enums::PhoneCall::Waiting(waiting) = waiting.phone_call else {
            return Err(CallFlowError::Discarded(None));
        };
        let peer: enums::InputPhoneCall = types::InputPhoneCall {
            id: waiting.id,
            access_hash: waiting.access_hash,
        }
        .into();
        let g_b = self
            .wait_for(
                &mut call,
                &peer,
                "phoneCallAccepted",
                |update| match update {
                    enums::PhoneCall::Accepted(a) => Some(a.g_b.clone()),
                    _ => None,
                },
            )
            .await?;
        let confirm = match call.on_accepted(&g_b) {
            Ok(confirm) => confirm,
            Err(e) => {
                self.discard(&peer, DiscardReason::Disconnect).await;
                return Err(e.into());
            }
        };
        let enums::phone::PhoneCall::PhoneCall(established) = self
            .client
            .invoke(&functions::phone::ConfirmCall {
                peer: peer.clone(),
                g_a: Bytes::from(confirm.g_a),
                key_fingerprint: confirm.key_fingerprint,
                protocol: protocol(),
            })
            .await
            .map_err(invoke_error("phone.confirmCall"))?;
        let fingerprint = match established.phone_call {
            enums::PhoneCall::PhoneCall(c) => c.key_fingerprint,
            enums::PhoneCall::Discarded(d) => return Err(CallFlowError::Discarded(d.reason)),
            _ => return Err(CallFlowError::Discarded(None)),
        };
        let key = match call.on_established(fingerprint) {
            Ok(key) => key,
            Err(e) => {
                self.discard(&peer, DiscardReason::Disconnect).await;
                return Err(e.into());
            }
        };
        Ok(EstablishedCall {
            id: waiting.id,
            access_hash: waiting.access_hash,
            key,
        })
    }

    /// Waits for an incoming call, answers it, and returns once the key is established
    /// and verified against the caller's commitment. A `g_a` that does not match the
    /// `g_a_hash` of the request, or a wrong fingerprint, discards the call.
    pub async fn answer(&mut self) -> Result<EstablishedCall, CallFlowError> {
        let requested = loop {
            if let enums::PhoneCall::Requested(r) =
                self.next_call_update("phoneCallRequested").await?
            {
                break r;
            }
        };
        let peer: enums::InputPhoneCall = types::InputPhoneCall {
            id: requested.id,
            access_hash: requested.access_hash,
        }
        .into();
        let mut call = match IncomingCall::new(requested.id, &requested.g_a_hash) {
            Ok(call) => call,
            Err(e) => {
                self.discard(&peer, DiscardReason::Disconnect).await;
                return Err(e.into());
            }
        };
        self.client
            .invoke(&functions::phone::ReceivedCall { peer: peer.clone() })
            .await
            .map_err(invoke_error("phone.receivedCall"))?;
        let config = self.dh_config().await?;
        let g_b = call.accept(&config, &mut os_random)?;
        self.client
            .invoke(&functions::phone::AcceptCall {
                peer: peer.clone(),
                g_b: Bytes::from(g_b),
                protocol: protocol(),
            })
            .await
            .map_err(invoke_error("phone.acceptCall"))?;
        let (g_a, fingerprint) = self
            .wait_for(&mut call, &peer, "phoneCall", |update| match update {
                enums::PhoneCall::PhoneCall(c) => Some((c.g_a_or_b.clone(), c.key_fingerprint)),
                _ => None,
            })
            .await?;
        match call.on_confirmed(&g_a, fingerprint) {
            Ok(key) => Ok(EstablishedCall {
                id: requested.id,
                access_hash: requested.access_hash,
                key,
            }),
            Err(e) => {
                // The exchange is compromised or broken: end it for both sides.
                self.discard(&peer, DiscardReason::Disconnect).await;
                Err(e.into())
            }
        }
    }

    /// Ends `call` with `reason` and returns what the server answered.
    pub async fn hang_up(
        &mut self,
        call: &EstablishedCall,
        duration: i32,
    ) -> Result<enums::PhoneCall, CallFlowError> {
        let peer = types::InputPhoneCall {
            id: call.id,
            access_hash: call.access_hash,
        }
        .into();
        let updates = self
            .client
            .invoke(&functions::phone::DiscardCall {
                video: false,
                peer,
                duration,
                reason: tl_reason(DiscardReason::Hangup),
                connection_id: 0,
            })
            .await
            .map_err(invoke_error("phone.discardCall"))?;
        let update = match updates {
            enums::Updates::UpdateShort(u) => Some(u.update),
            enums::Updates::Updates(u) => u.updates.into_iter().next(),
        };
        match update {
            Some(enums::Update::PhoneCall(u)) => Ok(u.phone_call),
            None => Err(CallFlowError::Discarded(None)),
        }
    }

    /// Waits for the update about the call `peer` that `pick` takes. A discard of this
    /// call ends the wait with [`CallFlowError::Discarded`]; a timeout discards it here
    /// and on the server. Another call ringing meanwhile is turned down as busy; other
    /// updates about calls this phone does not hold are not ours to act on and are
    /// skipped.
    async fn wait_for<T>(
        &mut self,
        call: &mut impl CallSide,
        peer: &enums::InputPhoneCall,
        what: &'static str,
        pick: impl Fn(&enums::PhoneCall) -> Option<T>,
    ) -> Result<T, CallFlowError> {
        let enums::InputPhoneCall::InputPhoneCall(this) = peer;
        loop {
            let update = match self.next_call_update(what).await {
                Ok(update) => update,
                Err(e) => {
                    if let CallFlowError::Timeout(_) = e {
                        let reason = call.on_timeout()?;
                        self.discard(peer, reason).await;
                    }
                    return Err(e);
                }
            };
            match &update {
                enums::PhoneCall::Requested(other) if other.id != this.id => {
                    let busy = types::InputPhoneCall {
                        id: other.id,
                        access_hash: other.access_hash,
                    }
                    .into();
                    self.discard(&busy, DiscardReason::Busy).await;
                }
                enums::PhoneCall::Discarded(d) if d.id == this.id => {
                    // Already over on the server; only our side's state is left to end.
                    let _ = call.discard(DiscardReason::Hangup);
                    return Err(CallFlowError::Discarded(d.reason.clone()));
                }
                u if call_id(u) == this.id => {
                    if let Some(value) = pick(u) {
                        return Ok(value);
                    }
                }
                _ => {}
            }
        }
    }

    /// Best effort: tells the server (and so the other side) the call is over. A
    /// failure here changes nothing for the caller, who already has the real error.
    async fn discard(&self, peer: &enums::InputPhoneCall, reason: DiscardReason) {
        let _ = self
            .client
            .invoke(&functions::phone::DiscardCall {
                video: false,
                peer: peer.clone(),
                duration: 0,
                reason: tl_reason(reason),
                connection_id: 0,
            })
            .await;
    }
}

/// The TL reason for a discard.
pub fn tl_reason(reason: DiscardReason) -> enums::PhoneCallDiscardReason {
    match reason {
        DiscardReason::Missed => types::PhoneCallDiscardReasonMissed {}.into(),
        DiscardReason::Hangup => types::PhoneCallDiscardReasonHangup {}.into(),
        DiscardReason::Busy => types::PhoneCallDiscardReasonBusy {}.into(),
        _ => types::PhoneCallDiscardReasonDisconnect {}.into(),
    }
}

/// What [`Phone::wait_for`] needs of either side's state machine.
trait CallSide {
    fn discard(&mut self, reason: DiscardReason) -> Result<(), CallError>;
    fn on_timeout(&mut self) -> Result<DiscardReason, CallError>;
}

impl CallSide for OutgoingCall {
    fn discard(&mut self, reason: DiscardReason) -> Result<(), CallError> {
        OutgoingCall::discard(self, reason)
    }
    fn on_timeout(&mut self) -> Result<DiscardReason, CallError> {
        OutgoingCall::on_timeout(self)
    }
}

impl CallSide for IncomingCall {
    fn discard(&mut self, reason: DiscardReason) -> Result<(), CallError> {
        IncomingCall::discard(self, reason)
    }
    fn on_timeout(&mut self) -> Result<DiscardReason, CallError> {
        IncomingCall::on_timeout(self)
    }
}

/// The id of the call an update is about.
fn call_id(call: &enums::PhoneCall) -> i64 {
    match call {
        enums::PhoneCall::Empty(c) => c.id,
        enums::PhoneCall::Waiting(c) => c.id,
        enums::PhoneCall::Requested(c) => c.id,
        enums::PhoneCall::Accepted(c) => c.id,
        enums::PhoneCall::PhoneCall(c) => c.id,
        enums::PhoneCall::Discarded(c) => c.id,
    }
}

fn random_i32() -> i32 {
    let mut b = [0u8; 4];
    os_random(&mut b);
    i32::from_le_bytes(b)
}
