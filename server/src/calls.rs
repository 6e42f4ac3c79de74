//! `phone.requestCall` with Telegram's semantics over a small in-memory user directory.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Mutex;

use tl_runtime::{Bytes, RpcError, Serialize};

use crate::keys::Caller;
use crate::tl::{enums, functions, types};

/// The lowest call-protocol layer the server still connects: libtgvoip's 65. A caller
/// whose `max_layer` is below it gets `PARTICIPANT_VERSION_OUTDATED`.
pub const MIN_CALL_LAYER: i32 = 65;

/// One user of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The user id.
    pub id: i64,
    /// The access hash others must quote in `inputUser`.
    pub access_hash: i64,
    /// Display name.
    pub first_name: String,
    /// Users this user has blocked: their calls get `USER_IS_BLOCKED`.
    pub blocked: BTreeSet<i64>,
    /// Who may call this user: `None` for everybody, else only these ids (privacy
    /// settings; the rest get `USER_PRIVACY_RESTRICTED`).
    pub calls_from: Option<BTreeSet<i64>>,
}

impl Profile {
    /// A user everybody may call and who blocked nobody.
    pub fn new(id: i64, access_hash: i64, first_name: impl Into<String>) -> Self {
        Self {
            id,
            access_hash,
            first_name: first_name.into(),
            blocked: BTreeSet::new(),
            calls_from: None,
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct CallLog {
    next_call_id: i64,
    random_ids: HashSet<(i64, i32)>,
    pub calls: HashMap<i64, CallRecord>,
}

/// Where a call stands on the server.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CallState {
    /// phone.requestCall done; the callee was told.
    Requested,
    /// The callee sent `g_b`.
    Accepted,
    /// The caller sent `g_a` and the fingerprint: the call runs.
    Confirmed,
    /// Ended by either side.
    Discarded {
        reason: enums::PhoneCallDiscardReason,
        duration: Option<i32>,
    },
}

/// One call as the server remembers it.
#[derive(Debug, Clone)]
pub(crate) struct CallRecord {
    pub id: i64,
    pub access_hash: i64,
    pub date: i32,
    pub admin_id: i64,
    pub participant_id: i64,
    pub video: bool,
    pub protocol: enums::PhoneCallProtocol,
    pub g_a_hash: Bytes,
    pub g_b: Bytes,
    pub key_fingerprint: i64,
    pub receive_date: Option<i32>,
    pub start_date: Option<i32>,
    pub state: CallState,
}

impl CallRecord {
    /// phoneCallWaiting, as the caller sees it; with the caller's id.
    pub fn waiting_view(&self) -> (i64, enums::PhoneCall) {
        let waiting = types::PhoneCallWaiting {
            video: self.video,
            id: self.id,
            access_hash: self.access_hash,
            date: self.date,
            admin_id: self.admin_id,
            participant_id: self.participant_id,
            protocol: self.protocol.clone(),
            receive_date: self.receive_date,
        };
        (self.admin_id, enums::PhoneCall::Waiting(Box::new(waiting)))
    }

    /// phoneCallRequested, as the callee sees it.
    pub fn requested_view(&self) -> enums::PhoneCall {
        types::PhoneCallRequested {
            video: self.video,
            id: self.id,
            access_hash: self.access_hash,
            date: self.date,
            admin_id: self.admin_id,
            participant_id: self.participant_id,
            g_a_hash: self.g_a_hash.clone(),
            protocol: self.protocol.clone(),
        }
        .into()
    }

    /// phoneCallAccepted, as the caller sees it.
    pub fn accepted_view(&self) -> enums::PhoneCall {
        types::PhoneCallAccepted {
            video: self.video,
            id: self.id,
            access_hash: self.access_hash,
            date: self.date,
            admin_id: self.admin_id,
            participant_id: self.participant_id,
            g_b: self.g_b.clone(),
            protocol: self.protocol.clone(),
        }
        .into()
    }

    /// phoneCall, carrying the *other* side's public value.
    pub fn established_view(&self, g_a_or_b: Bytes) -> enums::PhoneCall {
        types::PhoneCall {
            p2p_allowed: true,
            video: self.video,
            conference_supported: false,
            id: self.id,
            access_hash: self.access_hash,
            date: self.date,
            admin_id: self.admin_id,
            participant_id: self.participant_id,
            g_a_or_b,
            key_fingerprint: self.key_fingerprint,
            protocol: self.protocol.clone(),
            connections: vec![],
            start_date: self.start_date.unwrap_or(self.date),
            custom_parameters: None,
        }
        .into()
    }

    /// phoneCallDiscarded.
    pub fn discarded_view(&self) -> enums::PhoneCall {
        let (reason, duration) = match &self.state {
            CallState::Discarded { reason, duration } => (Some(reason.clone()), *duration),
            _ => (None, None),
        };
        types::PhoneCallDiscarded {
            need_rating: false,
            need_debug: false,
            video: self.video,
            id: self.id,
            reason,
            duration,
        }
        .into()
    }
}

/// A [`Handler`] serving `phone.requestCall`; every other method gets the answer
/// Telegram gives for a method it does not serve.
#[derive(Debug)]
pub struct CallService {
    users: BTreeMap<i64, Profile>,
    default_caller: Option<i64>,
    log: Mutex<CallLog>,
    now: fn() -> i32,
}

impl CallService {
    /// A service over `users`. Requests from a key nobody logged in as are treated as
    /// coming from `default_caller` (tests rarely care to log in); with `None` they get
    /// `AUTH_KEY_UNREGISTERED`, as on Telegram.
    pub fn new(users: impl IntoIterator<Item = Profile>, default_caller: Option<i64>) -> Self {
        Self {
            users: users.into_iter().map(|u| (u.id, u)).collect(),
            default_caller,
            log: Mutex::new(CallLog {
                next_call_id: 1,
                ..CallLog::default()
            }),
            now: unix_now,
        }
    }

    /// The directory the examples and tests use: Alice (1, the default caller), Bob (2),
    /// Carol (3, who blocked Alice) and Dave (4, who takes calls from nobody).
    pub fn demo() -> Self {
        let mut carol = Profile::new(3, 0x3333, "Carol");
        carol.blocked.insert(1);
        let mut dave = Profile::new(4, 0x4444, "Dave");
        dave.calls_from = Some(BTreeSet::new());
        Self::new(
            [
                Profile::new(1, 0x1111, "Alice"),
                Profile::new(2, 0x2222, "Bob"),
                carol,
                dave,
            ],
            Some(1),
        )
    }

    pub(crate) fn lock_log(&self) -> std::sync::MutexGuard<'_, CallLog> {
        self.log.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn now(&self) -> i32 {
        (self.now)()
    }

    pub(crate) fn caller_id(&self, ctx: &Caller) -> Result<i64, RpcError> {
        self.caller(ctx).map(|p| p.id)
    }

    /// `phone.phoneCall { call, users }` with the two users as `viewer` sees them.
    pub(crate) fn phone_call(
        &self,
        call: enums::PhoneCall,
        users: [i64; 2],
        ctx: &Caller,
    ) -> enums::phone::PhoneCall {
        let viewer = self.caller_id(ctx).unwrap_or_default();
        types::phone::PhoneCall {
            phone_call: call,
            users: users
                .iter()
                .filter_map(|id| self.users.get(id))
                .map(|p| user_view(p, viewer))
                .collect(),
        }
        .into()
    }

    fn caller(&self, ctx: &Caller) -> Result<&Profile, RpcError> {
        ctx.user_id
            .or(self.default_caller)
            .and_then(|id| self.users.get(&id))
            .ok_or_else(|| RpcError::new(401, "AUTH_KEY_UNREGISTERED"))
    }

    fn callee(&self, caller: &Profile, input: &enums::InputUser) -> Result<&Profile, RpcError> {
        let invalid = || RpcError::new(400, "USER_ID_INVALID");
        let callee = match input {
            enums::InputUser::InputUser(u) => self
                .users
                .get(&u.user_id)
                .filter(|p| p.access_hash == u.access_hash)
                .ok_or_else(invalid)?,
            // Calling yourself, an empty user, or a min user: not a valid callee.
            _ => return Err(invalid()),
        };
        if callee.id == caller.id {
            return Err(invalid());
        }
        Ok(callee)
    }
}

/// `user` as another user sees it.
fn user_view(p: &Profile, viewer: i64) -> enums::User {
    enums::User::User(Box::new(types::User {
        self_: p.id == viewer,
        contact: false,
        mutual_contact: false,
        deleted: false,
        bot_chat_history: false,
        bot_nochats: false,
        verified: false,
        min: false,
        bot_inline_geo: false,
        support: false,
        scam: false,
        apply_min_photo: false,
        fake: false,
        bot_attach_menu: false,
        premium: false,
        attach_menu_enabled: false,
        bot_can_edit: false,
        close_friend: false,
        stories_hidden: false,
        stories_unavailable: false,
        contact_require_premium: false,
        bot_business: false,
        bot_has_main_app: false,
        bot_forum_view: false,
        bot_forum_can_manage_topics: false,
        bot_can_manage_bots: false,
        bot_guestchat: false,
        bot_guard: false,
        id: p.id,
        access_hash: Some(p.access_hash),
        first_name: Some(p.first_name.clone().into()),
        last_name: None,
        username: None,
        phone: None,
        photo: None,
        status: Some(enums::UserStatus::Recently(types::UserStatusRecently {
            by_me: false,
        })),
        bot_info_version: None,
        restriction_reason: None,
        bot_inline_placeholder: None,
        lang_code: None,
        emoji_status: None,
        usernames: None,
        stories_max_id: None,
        color: None,
        profile_color: None,
        bot_active_users: None,
        bot_verification_icon: None,
        send_paid_messages_stars: None,
        linked_community_id: None,
    }))
}

fn unix_now() -> i32 {
    i32::try_from(tl_runtime::net::now().as_secs()).unwrap_or(i32::MAX)
}

impl CallService {
    /// `phone.requestCall`: checks in Telegram's order, then `phoneCallWaiting`.
    pub fn request_call(
        &self,
        ctx: &Caller,
        req: functions::phone::RequestCall,
    ) -> Result<enums::phone::PhoneCall, RpcError> {
        let caller = self.caller(ctx)?;
        let callee = self.callee(caller, &req.user_id)?;
        let enums::PhoneCallProtocol::PhoneCallProtocol(protocol) = &req.protocol;
        if !protocol.udp_p2p && !protocol.udp_reflector {
            return Err(RpcError::new(400, "CALL_PROTOCOL_FLAGS_INVALID"));
        }
        if protocol.min_layer > protocol.max_layer || protocol.min_layer < 0 {
            return Err(RpcError::new(400, "CALL_PROTOCOL_LAYER_INVALID"));
        }
        if protocol.max_layer < MIN_CALL_LAYER {
            return Err(RpcError::new(400, "PARTICIPANT_VERSION_OUTDATED"));
        }
        if callee.blocked.contains(&caller.id) {
            return Err(RpcError::new(403, "USER_IS_BLOCKED"));
        }
        if callee
            .calls_from
            .as_ref()
            .is_some_and(|allowed| !allowed.contains(&caller.id))
        {
            return Err(RpcError::new(403, "USER_PRIVACY_RESTRICTED"));
        }
        let mut log = self.lock_log();
        if !log.random_ids.insert((caller.id, req.random_id)) {
            return Err(RpcError::new(500, "RANDOM_ID_DUPLICATE"));
        }
        let id = log.next_call_id;
        log.next_call_id += 1;
        let record = CallRecord {
            id,
            access_hash: id.wrapping_mul(0x5DEECE66D) ^ caller.access_hash,
            date: self.now(),
            admin_id: caller.id,
            participant_id: callee.id,
            video: req.video,
            protocol: req.protocol.clone(),
            g_a_hash: req.g_a_hash.clone(),
            g_b: Bytes::new(),
            key_fingerprint: 0,
            receive_date: None,
            start_date: None,
            state: CallState::Requested,
        };
        log.calls.insert(id, record.clone());
        drop(log);
        // The callee learns of the call by an update, with both users attached (built
        // only if the callee has a connection to receive it).
        ctx.push_to_user_with(callee.id, || {
            let requested: enums::Updates = types::Updates {
                updates: vec![
                    types::UpdatePhoneCall {
                        phone_call: record.requested_view(),
                    }
                    .into(),
                ],
                users: vec![user_view(caller, callee.id), user_view(callee, callee.id)],
                chats: vec![],
                date: record.date,
                seq: 0,
            }
            .into();
            Bytes::from(requested.to_bytes())
        });
        Ok(self.phone_call(record.waiting_view().1, [caller.id, callee.id], ctx))
    }
}
