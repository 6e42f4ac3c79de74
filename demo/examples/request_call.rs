//! The seed case: build a phone.requestCall, show its wire bytes and what its docs say, decode
//! it back (as a server would), and turn the RPC errors Telegram may answer into typed values.

use tl_demo::tl::{enums, functions, types};
use tl_runtime::{Bytes, Deserialize, Identifiable, RpcError, Serialize};

fn main() {
    let request = functions::phone::RequestCall {
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
    };
    let bytes = request.to_bytes();
    println!(
        "phone.requestCall#{:08x}: {} bytes",
        functions::phone::RequestCall::CONSTRUCTOR_ID,
        bytes.len()
    );
    for chunk in bytes.chunks(16) {
        let line: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
        println!("  {}", line.join(" "));
    }

    let decoded = functions::phone::RequestCall::from_bytes(bytes).expect("decodes");
    assert_eq!(decoded, request);
    println!("decoded back: {decoded:?}");

    let answer: enums::phone::PhoneCall = types::phone::PhoneCall {
        phone_call: types::PhoneCallEmpty { id: 7 }.into(),
        users: vec![],
    }
    .into();
    println!("an answer: {answer:?} = {:02x?}", answer.to_bytes());

    for (code, message) in [(403, "USER_PRIVACY_RESTRICTED"), (420, "FLOOD_WAIT_30")] {
        let typed = functions::phone::RequestCallError::from(RpcError::new(code, message));
        println!("rpc_error {code} {message} → {typed:?}: {typed}");
    }
}
