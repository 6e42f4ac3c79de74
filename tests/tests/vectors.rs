//! The GUIDE's golden byte vectors, against the committed bindings for `schema/`.

use tl_runtime::{Bytes, Deserialize, Identifiable, RemoteCall, RpcError, Serialize};
use tl_tests::seed::{enums, functions, types};

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn request_call() -> functions::phone::RequestCall {
    functions::phone::RequestCall {
        video: true,
        user_id: types::InputUser {
            user_id: 123456789,
            access_hash: -0x0123456789abcdef,
        }
        .into(),
        random_id: 0x11223344,
        g_a_hash: Bytes::from((0u8..32).collect::<Vec<u8>>()),
        protocol: types::PhoneCallProtocol {
            udp_p2p: true,
            udp_reflector: true,
            min_layer: 65,
            max_layer: 92,
            library_versions: vec!["2.4.4".into(), "11.0.0".into()],
        }
        .into(),
    }
}

const REQUEST_CALL_HEX: &str =
    "ed96ff42 01000000 c65811f2 15cd5b0700000000 1132547698badcfe 44332211
    20 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 000000
    c88f87fc 03000000 41000000 5c000000
    15c4b51c 02000000 05 322e342e34 0000 06 31312e302e30 00";

#[test]
fn request_call_golden_108_bytes() {
    let req = request_call();
    let expected = hex(REQUEST_CALL_HEX);
    assert_eq!(expected.len(), 108);
    assert_eq!(req.serialized_len(), 108);
    assert_eq!(req.to_bytes(), expected);
    assert_eq!(functions::phone::RequestCall::CONSTRUCTOR_ID, 0x42ff96ed);
}

#[test]
fn request_call_decodes_its_own_serialization() {
    let bytes = Bytes::from(hex(REQUEST_CALL_HEX));
    let back = functions::phone::RequestCall::from_bytes(bytes.clone()).unwrap();
    assert_eq!(back, request_call());
    // g_a_hash is a slice of the input, not a copy.
    let range = bytes.as_ptr() as usize..bytes.as_ptr() as usize + bytes.len();
    assert!(range.contains(&(back.g_a_hash.as_ptr() as usize)));
}

#[test]
fn phone_call_golden() {
    let answer: enums::phone::PhoneCall = types::phone::PhoneCall {
        phone_call: types::PhoneCallEmpty { id: 7 }.into(),
        users: vec![],
    }
    .into();
    let expected = hex("40e182ec 15c96653 0700000000000000 15c4b51c 00000000");
    assert_eq!(answer.to_bytes(), expected);
    let back = <functions::phone::RequestCall as RemoteCall>::Return::from_bytes(expected).unwrap();
    assert_eq!(back, answer);
}

#[test]
fn request_call_errors_are_typed() {
    use functions::phone::RequestCallError as E;
    let typed = |code, msg: &str| E::from(RpcError::new(code, msg));
    assert_eq!(
        typed(403, "USER_PRIVACY_RESTRICTED"),
        E::UserPrivacyRestricted
    );
    assert_eq!(typed(403, "USER_IS_BLOCKED"), E::UserIsBlocked);
    assert_eq!(typed(400, "USER_ID_INVALID"), E::UserIdInvalid);
    assert_eq!(
        typed(400, "CALL_PROTOCOL_FLAGS_INVALID"),
        E::CallProtocolFlagsInvalid
    );
    assert_eq!(
        typed(400, "PARTICIPANT_VERSION_OUTDATED"),
        E::ParticipantVersionOutdated
    );
    assert_eq!(
        typed(400, "CALL_PROTOCOL_LAYER_INVALID"),
        E::CallProtocolLayerInvalid
    );
    let other = typed(420, "FLOOD_WAIT_30");
    match &other {
        E::Other(e) => {
            assert_eq!(e.name, "FLOOD_WAIT");
            assert_eq!(e.value, Some(30));
        }
        e => panic!("expected Other, got {e:?}"),
    }
    assert_eq!(E::UserIsBlocked.code(), Some(403));
    assert_eq!(E::UserIsBlocked.name(), "USER_IS_BLOCKED");
    assert!(E::UserIsBlocked.to_string().contains("USER_IS_BLOCKED"));
}

#[test]
fn unknown_constructor_is_a_typed_error() {
    let mut bytes = hex("40e182ec 15c96653 0700000000000000 15c4b51c 00000000");
    bytes[4..8].copy_from_slice(&0xdeadbeefu32.to_le_bytes());
    let err = enums::phone::PhoneCall::from_bytes(bytes).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("PhoneCall"), "{msg}");
    assert!(msg.contains("deadbeef"), "{msg}");
}
