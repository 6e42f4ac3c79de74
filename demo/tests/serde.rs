//! `Config::serde(true)` output: every generated type goes to JSON and back unchanged.

use tl_demo::tl_serde::{functions, types};
use tl_runtime::{Bytes, Serialize};

#[test]
fn request_call_round_trips_through_json() {
    let req = functions::phone::RequestCall {
        video: false,
        user_id: types::InputUser {
            user_id: 5,
            access_hash: -7,
        }
        .into(),
        random_id: 9,
        g_a_hash: Bytes::from_static(&[1, 2, 3]),
        protocol: types::PhoneCallProtocol {
            udp_p2p: true,
            udp_reflector: false,
            min_layer: 65,
            max_layer: 92,
            library_versions: vec!["2.4.4".into()],
        }
        .into(),
    };
    let json = serde_json::to_string(&req).unwrap();
    assert!(json.contains("\"random_id\":9"), "{json}");
    let back: functions::phone::RequestCall = serde_json::from_str(&json).unwrap();
    assert_eq!(back, req);
    assert_eq!(back.to_bytes(), req.to_bytes());
}

#[test]
fn methods_subset_keeps_only_the_closure() {
    // The subset has the method and what it reaches, but not the MTProto service types.
    assert_eq!(
        tl_demo::tl_serde::name_for_id(0x42ff96ed),
        Some("phone.requestCall")
    );
    assert_eq!(tl_demo::tl_serde::name_for_id(0x62d6b459), None); // msgs_ack
    assert_eq!(tl_demo::tl::name_for_id(0x62d6b459), Some("msgs_ack"));
}
