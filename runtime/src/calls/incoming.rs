//! The callee's side of the exchange: keep the caller's `g_a_hash`, answer with `g_b`,
//! and hand out the key only once the revealed `g_a` matches that hash and the
//! caller's fingerprint matches the key.

use sha2::{Digest, Sha256};

use super::secret::{draw, shared_key};
use super::{CallError, CallKey, DhConfig, DiscardReason};

/// One incoming call's key exchange (party B of core.telegram.org/api/end-to-end/voice-calls).
///
/// 1. [`new`](Self::new) on `phoneCallRequested`: send `phone.receivedCall`, let it ring.
/// 2. [`accept`](Self::accept) when the user answers (with a fresh `messages.getDhConfig`):
///    send `phone.acceptCall` with the returned `g_b`.
/// 3. [`on_confirmed`](Self::on_confirmed) with `g_a_or_b` and `key_fingerprint` of the
///    final `phoneCall`: the [`CallKey`].
///
/// [`discard`](Self::discard) (declining is [`DiscardReason::Busy`]) and
/// [`on_timeout`](Self::on_timeout) end it at any step.
pub struct IncomingCall {
    call_id: i64,
    stage: Stage,
}

/// Where an [`IncomingCall`] stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncomingState {
    /// Requested by the caller; not answered yet.
    Ringing,
    /// `phone.acceptCall` is out; waiting for `phoneCall` with `g_a`.
    Accepted,
    /// The key is agreed on.
    Established,
    /// The call is over.
    Discarded(DiscardReason),
}

#[allow(
    clippy::large_enum_variant,
    reason = "one per call, and the large stages are the ones it spends its time in"
)]
enum Stage {
    Ringing {
        g_a_hash: [u8; 32],
    },
    Accepted {
        g_a_hash: [u8; 32],
        b: [u8; 256],
        p: [u8; 256],
    },
    Established {
        key: CallKey,
    },
    Discarded(DiscardReason),
}

impl IncomingCall {
    /// Takes `id` and `g_a_hash` of `phoneCallRequested`; the hash must be 32 bytes.
    pub fn new(call_id: i64, g_a_hash: &[u8]) -> Result<Self, CallError> {
        let g_a_hash = <[u8; 32]>::try_from(g_a_hash).map_err(|_| CallError::BadGaHashLength {
            len: g_a_hash.len(),
        })?;
        Ok(Self {
            call_id,
            stage: Stage::Ringing { g_a_hash },
        })
    }

    /// The `id` of `phoneCallRequested`.
    pub fn call_id(&self) -> i64 {
        self.call_id
    }

    /// Where the call stands.
    pub fn state(&self) -> IncomingState {
        match self.stage {
            Stage::Ringing { .. } => IncomingState::Ringing,
            Stage::Accepted { .. } => IncomingState::Accepted,
            Stage::Established { .. } => IncomingState::Established,
            Stage::Discarded(reason) => IncomingState::Discarded(reason),
        }
    }

    /// The user answers: draws the secret `b` (`random` fills 256 bytes per draw) and
    /// returns `g_b` (big-endian, no leading zeros) for `phone.acceptCall`. If the
    /// random source fails, the call keeps ringing.
    pub fn accept(
        &mut self,
        config: &DhConfig,
        random: &mut dyn FnMut(&mut [u8]),
    ) -> Result<Vec<u8>, CallError> {
        let Stage::Ringing { g_a_hash } = self.stage else {
            return Err(self.refuse("accept"));
        };
        let (b, g_b) = draw(config, random)?;
        self.stage = Stage::Accepted {
            g_a_hash,
            b,
            p: *config.p(),
        };
        Ok(g_b)
    }

    /// Takes `g_a_or_b` (the caller's `g_a`) and `key_fingerprint` of the final
    /// `phoneCall`. The key comes out only if SHA-256(g_a) is the hash the caller
    /// committed to, `g_a` is in range and the fingerprints match; any failure discards
    /// the call.
    pub fn on_confirmed(&mut self, g_a: &[u8], key_fingerprint: i64) -> Result<CallKey, CallError> {
        let Stage::Accepted { g_a_hash, b, p } = &self.stage else {
            return Err(self.refuse("on_confirmed"));
        };
        // Copied out: a refusal below replaces the stage they live in.
        let (g_a_hash, b, p) = (*g_a_hash, *b, *p);
        // The commitment is checked first: a g_a chosen after seeing g_b is the attack.
        if Sha256::digest(g_a)[..] != g_a_hash[..] {
            return Err(self.abort(CallError::GaHashMismatch));
        }
        let key = match shared_key(g_a, &b, &p, CallError::GaOutOfRange) {
            Ok(key) => key,
            Err(e) => return Err(self.abort(e)),
        };
        let key = CallKey::new(key, g_a.to_vec());
        if key.fingerprint() != key_fingerprint {
            let error = CallError::FingerprintMismatch {
                computed: key.fingerprint(),
                received: key_fingerprint,
            };
            return Err(self.abort(error));
        }
        self.stage = Stage::Established { key: key.clone() };
        Ok(key)
    }

    /// The program's timer ran out: the call ends as [`DiscardReason::Missed`] while
    /// ringing, as [`DiscardReason::Disconnect`] once accepted. Returns the reason for
    /// `phone.discardCall`.
    pub fn on_timeout(&mut self) -> Result<DiscardReason, CallError> {
        let reason = match self.stage {
            Stage::Ringing { .. } => DiscardReason::Missed,
            Stage::Accepted { .. } => DiscardReason::Disconnect,
            _ => return Err(self.refuse("on_timeout")),
        };
        self.stage = Stage::Discarded(reason);
        Ok(reason)
    }

    /// Ends the call: declined or hung up here, or `phoneCallDiscarded` from the server
    /// (which is also what the user's other devices get once one of them accepts).
    pub fn discard(&mut self, reason: DiscardReason) -> Result<(), CallError> {
        if let Stage::Discarded(_) = self.stage {
            return Err(self.refuse("discard"));
        }
        self.stage = Stage::Discarded(reason);
        Ok(())
    }

    /// The key, once established; `None` before every check passed, and after a
    /// discard.
    pub fn key(&self) -> Option<&CallKey> {
        match &self.stage {
            Stage::Established { key } => Some(key),
            _ => None,
        }
    }

    fn refuse(&self, event: &'static str) -> CallError {
        let state = match self.stage {
            Stage::Ringing { .. } => "Ringing",
            Stage::Accepted { .. } => "Accepted",
            Stage::Established { .. } => "Established",
            Stage::Discarded(reason) => return CallError::Discarded { reason },
        };
        CallError::InvalidTransition { state, event }
    }

    fn abort(&mut self, error: CallError) -> CallError {
        self.stage = Stage::Discarded(DiscardReason::Disconnect);
        error
    }
}
