//! What clients ask right after connecting. Telethon's `connect()` sends
//! `invokeWithLayer(initConnection(help.getConfig))`, then, with a fresh session,
//! `users.getUsers([inputUserSelf])` to learn whether the key is logged in.
//!
//! `help.getConfig` answers [`config`]. The handler cannot see which address its client
//! reached (a [`Caller`](crate::Caller) names the key and the user only), so the server's address is
//! *advertised* here, once per process, by whoever starts the server: [`advertise`]. Until
//! then the config lists no DC addresses, which clients accept; they need the list only
//! to switch DCs.
//!
//! `users.getUsers` is answered only for a key nobody logged in as: `401
//! AUTH_KEY_UNREGISTERED`, as on Telegram ([`get_users_on_connect`]).

use std::net::SocketAddr;
use std::sync::RwLock;

use tl_runtime::{Identifiable, RpcError};

use crate::tl::server::not_served;
use crate::tl::{enums, functions, types};

/// The DC the test server says it is: Telegram's DC 2, where most clients start.
pub const THIS_DC: i32 = 2;

/// How long a client may cache the config, in seconds (Telegram's is about an hour).
pub const CONFIG_LIFETIME_SECS: i32 = 3600;

/// The address [`advertise`] set; `RwLock` rather than `OnceLock` so a later server in the
/// same process (tests start many) can replace it.
static ADVERTISED: RwLock<Option<SocketAddr>> = RwLock::new(None);

/// Makes `help.getConfig` list `addr` as DC [`THIS_DC`]. Process-wide: with several servers
/// in one process, the last one advertised is listed (see the module docs).
pub fn advertise(addr: SocketAddr) {
    *ADVERTISED.write().unwrap_or_else(|p| p.into_inner()) = Some(addr);
}

/// The address [`advertise`] set last, if any.
pub fn advertised() -> Option<SocketAddr> {
    *ADVERTISED.read().unwrap_or_else(|p| p.into_inner())
}

/// The `config` a server answers at unix time `now`: DC `this_dc`, reachable at `addr` when
/// known, and Telegram's current limits and timeouts (clients size buffers and timers by
/// them: the four `call_*` timeouts drive a VoIP library's ringing and reconnects).
pub fn config(this_dc: i32, addr: Option<SocketAddr>, now: i32) -> enums::Config {
    let dc_options = addr
        .map(|addr| {
            enums::DcOption::DcOption(types::DcOption {
                ipv6: addr.is_ipv6(),
                media_only: false,
                tcpo_only: false,
                cdn: false,
                r#static: false,
                this_port_only: false,
                id: this_dc,
                ip_address: addr.ip().to_string().into(),
                port: i32::from(addr.port()),
                secret: None,
            })
        })
        .into_iter()
        .collect();
    enums::Config::Config(Box::new(types::Config {
        default_p2p_contacts: false,
        preload_featured_stickers: false,
        revoke_pm_inbox: true,
        blocked_mode: false,
        force_try_ipv6: false,
        date: now,
        expires: now.saturating_add(CONFIG_LIFETIME_SECS),
        // A test server is a test DC.
        test_mode: true,
        this_dc,
        dc_options,
        dc_txt_domain_name: "apv3.stel.com".into(),
        chat_size_max: 200,
        megagroup_size_max: 200_000,
        forwarded_count_max: 100,
        online_update_period_ms: 210_000,
        offline_blur_timeout_ms: 5_000,
        offline_idle_timeout_ms: 30_000,
        online_cloud_timeout_ms: 300_000,
        notify_cloud_delay_ms: 30_000,
        notify_default_delay_ms: 1_500,
        push_chat_period_ms: 60_000,
        push_chat_limit: 2,
        edit_time_limit: 172_800,
        revoke_time_limit: i32::MAX,
        revoke_pm_time_limit: i32::MAX,
        rating_e_decay: 2_419_200,
        stickers_recent_limit: 200,
        channels_read_media_period: 604_800,
        tmp_sessions: None,
        call_receive_timeout_ms: 20_000,
        call_ring_timeout_ms: 90_000,
        call_connect_timeout_ms: 30_000,
        call_packet_timeout_ms: 10_000,
        me_url_prefix: "https://t.me/".into(),
        autoupdate_url_prefix: None,
        gif_search_username: None,
        venue_search_username: None,
        img_search_username: None,
        static_maps_provider: None,
        caption_length_max: 1024,
        message_length_max: 4096,
        webfile_dc_id: 4,
        suggested_lang_code: None,
        lang_pack_version: None,
        base_lang_pack_version: None,
        reactions_default: None,
        autologin_token: None,
    }))
}

/// [`config`] for [`THIS_DC`] at the [`advertised`] address, now.
pub(crate) fn current() -> enums::Config {
    let now = i32::try_from(tl_runtime::net::now().as_secs()).unwrap_or(i32::MAX);
    config(THIS_DC, advertised(), now)
}

/// `users.getUsers` from a key logged in as `logged_in_as`; for a key nobody logged in as: `401 AUTH_KEY_UNREGISTERED`, as on
/// Telegram, even where [`CallService`](crate::calls::CallService) lets such a key call as
/// its default caller. That answer is what ends Telethon's `connect()` on a fresh session
/// (`get_me()` reads it as "not logged in"); a user would make Telethon go on to
/// `updates.getState` and `updates.getDifference`, which the schema does not have. For a
/// logged-in key the method is not served yet.
pub(crate) fn get_users_on_connect(
    logged_in_as: Option<i64>,
    req: functions::users::GetUsers,
) -> Result<Vec<enums::User>, RpcError> {
    let _ = req;
    match logged_in_as {
        None => Err(RpcError::new(401, "AUTH_KEY_UNREGISTERED")),
        Some(_) => Err(not_served(functions::users::GetUsers::CONSTRUCTOR_ID)),
    }
}

#[cfg(test)]
mod tests {
    use tl_runtime::{Deserialize, Serialize};

    use super::*;

    #[test]
    fn lists_the_address_as_this_dc_and_round_trips() {
        let addr: SocketAddr = "127.0.0.1:4321".parse().expect("address");
        let value = config(2, Some(addr), 1_700_000_000);
        let bytes = value.to_bytes();
        // config#cc1a241e, the same id in Telethon's layer 229 as in our 230.
        assert_eq!(bytes[..4], 0xcc1a_241e_u32.to_le_bytes());
        let enums::Config::Config(c) =
            enums::Config::from_bytes(tl_runtime::Bytes::from(bytes)).expect("decodes");
        assert_eq!(
            (c.this_dc, c.date, c.expires),
            (2, 1_700_000_000, 1_700_003_600)
        );
        let [enums::DcOption::DcOption(dc)] = c.dc_options.as_slice() else {
            panic!("one DC option expected, got {:?}", c.dc_options);
        };
        assert_eq!(
            (dc.id, dc.ip_address.as_str(), dc.port),
            (2, "127.0.0.1", 4321)
        );
        assert!(!dc.ipv6);
    }

    #[test]
    fn get_users_says_unregistered_to_a_key_nobody_logged_in_as() {
        let get_self = || functions::users::GetUsers {
            id: vec![enums::InputUser::InputUserSelf(types::InputUserSelf {})],
        };
        let e = get_users_on_connect(None, get_self()).expect_err("401");
        assert_eq!((e.code, e.name.as_str()), (401, "AUTH_KEY_UNREGISTERED"));
        let e = get_users_on_connect(Some(1), get_self()).expect_err("not served");
        assert_eq!(e.code, 400);
    }

    #[test]
    fn an_ipv6_address_sets_the_flag_and_no_address_lists_nothing() {
        let addr: SocketAddr = "[::1]:80".parse().expect("address");
        let enums::Config::Config(c) = config(4, Some(addr), 0);
        let [enums::DcOption::DcOption(dc)] = c.dc_options.as_slice() else {
            panic!("one DC option expected");
        };
        assert!(dc.ipv6 && dc.ip_address == "::1" && dc.id == 4);
        let enums::Config::Config(c) = config(2, None, 0);
        assert!(c.dc_options.is_empty());
    }
}
