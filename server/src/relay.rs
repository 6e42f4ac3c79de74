//! The rest of the calls flow, relayed between the two users like Telegram does:
//! phone.receivedCall, acceptCall, confirmCall, discardCall, and messages.getDhConfig.
//! The server passes `g_a_hash`, `g_b` and `g_a` along without judging them: checking
//! them is the clients' job (that is what makes the key end-to-end).

use tl_runtime::mtproto::auth_key::TELEGRAM_DH_PRIME;
use tl_runtime::{Bytes, RpcError, Serialize};

use crate::calls::{CallRecord, CallService, CallState};
use crate::keys::Caller;
use crate::tl::{enums, functions, types};

/// The DH config version the server hands out; a client quoting it gets
/// `messages.dhConfigNotModified`.
pub const DH_CONFIG_VERSION: i32 = 1;

/// At most this many random bytes per messages.getDhConfig (Telegram caps it too).
const MAX_DH_RANDOM: i32 = 256;

fn peer_invalid() -> RpcError {
    RpcError::new(400, "CALL_PEER_INVALID")
}

fn declined() -> RpcError {
    RpcError::new(400, "CALL_ALREADY_DECLINED")
}

impl CallService {
    /// The call `peer` names, checked: it exists, the access hash matches, and the caller
    /// takes part in it.
    fn with_call<T>(
        &self,
        ctx: &Caller,
        peer: &enums::InputPhoneCall,
        f: impl FnOnce(&mut CallRecord, i64) -> Result<T, RpcError>,
    ) -> Result<T, RpcError> {
        let me = self.caller_id(ctx)?;
        let enums::InputPhoneCall::InputPhoneCall(peer) = peer;
        let mut log = self.lock_log();
        let call = log
            .calls
            .get_mut(&peer.id)
            .filter(|c| c.access_hash == peer.access_hash)
            .filter(|c| c.admin_id == me || c.participant_id == me)
            .ok_or_else(peer_invalid)?;
        f(call, me)
    }

    /// phone.receivedCall: the callee's device got the call; the caller learns it rings.
    pub fn received_call(
        &self,
        ctx: &Caller,
        req: functions::phone::ReceivedCall,
    ) -> Result<bool, RpcError> {
        let now = self.now();
        let waiting = self.with_call(ctx, &req.peer, |call, me| {
            if me != call.participant_id {
                return Err(peer_invalid());
            }
            match call.state {
                CallState::Discarded { .. } => Err(declined()),
                CallState::Requested => {
                    call.receive_date = Some(now);
                    Ok(Some(call.waiting_view()))
                }
                // Already received or further: nothing new to tell.
                _ => Ok(None),
            }
        })?;
        if let Some((admin, view)) = waiting {
            push_call(ctx, admin, view, now);
        }
        Ok(true)
    }

    /// phone.acceptCall: the callee answers with `g_b`; the caller gets phoneCallAccepted.
    pub fn accept_call(
        &self,
        ctx: &Caller,
        req: functions::phone::AcceptCall,
    ) -> Result<enums::phone::PhoneCall, RpcError> {
        let now = self.now();
        let (admin, accepted, waiting, users) = self.with_call(ctx, &req.peer, |call, me| {
            if me != call.participant_id {
                return Err(peer_invalid());
            }
            match call.state {
                CallState::Discarded { .. } => return Err(declined()),
                CallState::Accepted | CallState::Confirmed => {
                    return Err(RpcError::new(400, "CALL_ALREADY_ACCEPTED"));
                }
                CallState::Requested => {}
            }
            call.state = CallState::Accepted;
            call.g_b = req.g_b.clone();
            Ok((
                call.admin_id,
                call.accepted_view(),
                call.waiting_view().1,
                [call.admin_id, call.participant_id],
            ))
        })?;
        push_call(ctx, admin, accepted, now);
        Ok(self.phone_call(waiting, users, ctx))
    }

    /// phone.confirmCall: the caller reveals `g_a` and the key fingerprint; both sides get
    /// the established phoneCall, each with the other's public value.
    pub fn confirm_call(
        &self,
        ctx: &Caller,
        req: functions::phone::ConfirmCall,
    ) -> Result<enums::phone::PhoneCall, RpcError> {
        let now = self.now();
        let (participant, for_participant, for_admin, users) =
            self.with_call(ctx, &req.peer, |call, me| {
                if me != call.admin_id {
                    return Err(peer_invalid());
                }
                match call.state {
                    CallState::Discarded { .. } => return Err(declined()),
                    CallState::Confirmed => {
                        return Err(RpcError::new(400, "CALL_ALREADY_ACCEPTED"));
                    }
                    CallState::Requested => return Err(RpcError::new(400, "CALL_PEER_INVALID")),
                    CallState::Accepted => {}
                }
                call.state = CallState::Confirmed;
                call.start_date = Some(now);
                call.key_fingerprint = req.key_fingerprint;
                let g_a = req.g_a.clone();
                Ok((
                    call.participant_id,
                    call.established_view(g_a),
                    call.established_view(call.g_b.clone()),
                    [call.admin_id, call.participant_id],
                ))
            })?;
        push_call(ctx, participant, for_participant, now);
        Ok(self.phone_call(for_admin, users, ctx))
    }

    /// phone.discardCall: either side ends the call; both get phoneCallDiscarded.
    pub fn discard_call(
        &self,
        ctx: &Caller,
        req: functions::phone::DiscardCall,
    ) -> Result<enums::Updates, RpcError> {
        let now = self.now();
        let (other, discarded) = self.with_call(ctx, &req.peer, |call, me| {
            if let CallState::Discarded { .. } = call.state {
                return Err(declined());
            }
            let duration = match call.state {
                CallState::Confirmed => Some(req.duration.max(0)),
                _ => None,
            };
            call.state = CallState::Discarded {
                reason: req.reason.clone(),
                duration,
            };
            let other = if me == call.admin_id {
                call.participant_id
            } else {
                call.admin_id
            };
            Ok((other, call.discarded_view()))
        })?;
        push_call(ctx, other, discarded.clone(), now);
        Ok(update_short(discarded, now))
    }

    /// messages.getDhConfig: the prime and generator for call keys, plus fresh random
    /// bytes the client mixes into its secret.
    pub fn get_dh_config(
        &self,
        ctx: &Caller,
        req: functions::messages::GetDhConfig,
    ) -> Result<enums::messages::DhConfig, RpcError> {
        self.caller_id(ctx)?;
        if !(0..=MAX_DH_RANDOM).contains(&req.random_length) {
            return Err(RpcError::new(400, "RANDOM_LENGTH_INVALID"));
        }
        let mut random = vec![0u8; req.random_length as usize];
        tl_runtime::net::os_random(&mut random);
        let random = Bytes::from(random);
        Ok(if req.version == DH_CONFIG_VERSION {
            types::messages::DhConfigNotModified { random }.into()
        } else {
            types::messages::DhConfig {
                g: 3,
                p: Bytes::from_static(&TELEGRAM_DH_PRIME),
                version: DH_CONFIG_VERSION,
                random,
            }
            .into()
        })
    }
}

/// `updateShort { updatePhoneCall { call } }`.
fn update_short(call: enums::PhoneCall, date: i32) -> enums::Updates {
    types::UpdateShort {
        update: types::UpdatePhoneCall { phone_call: call }.into(),
        date,
    }
    .into()
}

/// Pushes `call` to every connection of `user_id`.
fn push_call(ctx: &Caller, user_id: i64, call: enums::PhoneCall, date: i32) {
    let update = update_short(call, date);
    let delivered = ctx.push_to_user(user_id, Bytes::from(update.to_bytes()));
    tracing::debug!(user_id, delivered, "pushed updatePhoneCall");
}
