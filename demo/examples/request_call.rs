//! The seed case end to end: bindings for `schema/` built by build.rs, a test server on
//! loopback that answers like Telegram, and a client that places one call that succeeds
//! and one that fails, over real MTProto 2.0 (key exchange, encrypted session,
//! intermediate transport).
//!
//! Run with `RUST_LOG=debug` to see the protocol steps.

use std::sync::Arc;

use tl_demo::tl::{enums, functions, types};
use tl_runtime::mtproto::TransportKind;
use tl_runtime::net::{Client, ClientConfig, InvokeError};
use tl_runtime::{Bytes, Identifiable, Serialize};
use tl_test_server::{TestServer, calls::CallService};

fn request_to(user_id: i64, access_hash: i64, random_id: i32) -> functions::phone::RequestCall {
    functions::phone::RequestCall {
        video: true,
        user_id: types::InputUser {
            user_id,
            access_hash,
        }
        .into(),
        random_id,
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

fn print_hex(bytes: &[u8]) {
    for chunk in bytes.chunks(16) {
        let line: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
        println!("  {}", line.join(" "));
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();

    // Alice (1, the caller), Bob (2), Carol (3, who blocked Alice), Dave (4, no calls).
    let server = TestServer::start(Arc::new(CallService::demo())).await?;
    println!("test server on {}", server.addr());

    let config = ClientConfig::new(
        server.addr(),
        TransportKind::Intermediate,
        server.public_key(),
    );
    let client = Client::connect(config).await?;
    println!(
        "auth key created: id {:#018x}",
        server.auth_key_ids().first().copied().unwrap_or_default()
    );

    // 1. Alice calls Bob: phone.phoneCall { phoneCallWaiting, users }.
    let request = request_to(2, 0x2222, 0x11223344);
    let bytes = request.to_bytes();
    println!(
        "\nphone.requestCall#{:08x} to Bob: {} bytes",
        functions::phone::RequestCall::CONSTRUCTOR_ID,
        bytes.len()
    );
    print_hex(&bytes);
    let enums::phone::PhoneCall::PhoneCall(answer) = client.invoke(&request).await?;
    match &answer.phone_call {
        enums::PhoneCall::Waiting(waiting) => println!(
            "answer: phoneCallWaiting id={} admin_id={} participant_id={} protocol={:?}",
            waiting.id, waiting.admin_id, waiting.participant_id, waiting.protocol
        ),
        other => println!("answer: {other:?}"),
    }
    for user in &answer.users {
        if let enums::User::User(u) = user {
            println!(
                "  user {} {:?}",
                u.id,
                u.first_name.as_deref().unwrap_or("")
            );
        }
    }

    // 2. Alice calls Carol, who blocked her: the typed error arrives.
    match client.invoke(&request_to(3, 0x3333, 0x55667788)).await {
        Err(InvokeError::Rpc(error)) => {
            println!("\ncalling Carol: {error:?}: {error}");
            assert!(matches!(
                error,
                functions::phone::RequestCallError::UserIsBlocked
            ));
        }
        other => return Err(format!("expected USER_IS_BLOCKED, got {other:?}").into()),
    }
    Ok(())
}
