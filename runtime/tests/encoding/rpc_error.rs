use std::time::Duration;

use tl_runtime::{Deserialize, RpcError, Serialize};

use crate::common::round_trip;

#[test]
fn trailing_number_becomes_the_value() {
    let e = RpcError::new(420, "FLOOD_WAIT_30");
    assert_eq!(
        (e.code, e.name.as_str(), e.value),
        (420, "FLOOD_WAIT", Some(30))
    );
    assert_eq!(e.message, "FLOOD_WAIT_30");
    assert_eq!(e.flood_wait(), Some(Duration::from_secs(30)));

    let e = RpcError::new(401, "2FA_CONFIRM_WAIT_86400");
    assert_eq!(
        (e.name.as_str(), e.value),
        ("2FA_CONFIRM_WAIT", Some(86400))
    );
    assert_eq!(e.flood_wait(), None);

    let e = RpcError::new(303, "PHONE_MIGRATE_5");
    assert_eq!((e.name.as_str(), e.value), ("PHONE_MIGRATE", Some(5)));
}

#[test]
fn messages_without_a_number() {
    for msg in [
        "USER_ID_INVALID",
        "INTERDC_2_CALL_ERROR",
        "ERROR_",
        "_12",
        "123",
        "",
        "A_1x",
    ] {
        let e = RpcError::new(400, msg);
        assert_eq!((e.name.as_str(), e.value), (msg, None), "{msg}");
    }
    // Too large for u32: kept whole rather than truncated.
    let e = RpcError::new(420, "FLOOD_WAIT_99999999999");
    assert_eq!((e.name.as_str(), e.value), ("FLOOD_WAIT_99999999999", None));
}

#[test]
fn flood_wait_without_a_number() {
    for msg in ["FLOOD_WAIT", "FLOOD_WAIT_X"] {
        let e = RpcError::new(420, msg);
        assert_eq!((e.name.as_str(), e.value), ("FLOOD_WAIT", None), "{msg}");
        assert_eq!(e.flood_wait(), None);
        assert!(e.is("FLOOD_WAIT") && e.is("FLOOD_WAIT_X"));
    }
}

#[test]
fn other_wait_kinds() {
    let e = RpcError::new(420, "FLOOD_PREMIUM_WAIT_5");
    assert_eq!(e.flood_wait(), Some(Duration::from_secs(5)));
    let e = RpcError::new(420, "SLOWMODE_WAIT_60");
    assert_eq!(e.flood_wait(), Some(Duration::from_secs(60)));
    assert_eq!(RpcError::new(400, "USER_ID_INVALID").flood_wait(), None);
}

#[test]
fn is_matches_name_message_and_patterns() {
    let e = RpcError::new(420, "FLOOD_WAIT_30");
    assert!(e.is("FLOOD_WAIT"));
    assert!(e.is("FLOOD_WAIT_30"));
    assert!(e.is("FLOOD_WAIT_X"));
    assert!(!e.is("FLOOD_WAIT_31"));
    assert!(!e.is("FLOOD"));
    assert!(!e.is("SLOWMODE_WAIT_X"));

    let e = RpcError::new(500, "INTERDC_2_CALL_ERROR");
    assert!(e.is("INTERDC_X_CALL_ERROR"));
    assert!(!e.is("INTERDC_X_CALL_RICH_ERROR"));
    assert!(RpcError::new(400, "USER_ID_INVALID").is("USER_ID_INVALID"));
    assert!(!RpcError::new(400, "USER_ID_INVALID").is("USER_ID_X"));
}

#[test]
fn display_and_error_bounds() {
    let e = RpcError::new(420, "FLOOD_WAIT_30");
    assert_eq!(e.to_string(), "rpc error 420: FLOOD_WAIT_30");
    fn bounds<E: From<RpcError> + std::error::Error + Send + Sync + 'static>() {}
    bounds::<RpcError>();
}

#[test]
fn wire_form_is_rpc_error() {
    let e = RpcError::new(400, "USER_ID_INVALID");
    let bytes = round_trip(&e);
    assert_eq!(&bytes[..8], &[0x19, 0xca, 0x44, 0x21, 0x90, 0x01, 0, 0]);
    assert_eq!(e.serialized_len(), bytes.len());
    assert_eq!(RpcError::from_bytes(bytes).unwrap().name, "USER_ID_INVALID");
}
