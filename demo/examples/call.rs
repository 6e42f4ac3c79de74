//! Two users place an end-to-end encrypted call through the test server: Alice calls
//! Bob, Bob's phone rings (an update pushed by the server), Bob accepts, Alice confirms,
//! and both sides derive the same key and show the same four emoji. Then Alice hangs up
//! and Bob's side sees phoneCallDiscarded.
//!
//! Run with `cargo run -p tl-demo --example call` (`RUST_LOG=debug` for protocol steps).

use std::sync::Arc;

use tl_demo::phone::Phone;
use tl_demo::tl::{enums, types};
use tl_runtime::mtproto::{AuthKey, TransportKind};
use tl_runtime::net::{Client, ClientConfig};
use tl_test_server::{TestServer, calls::CallService};

async fn phone_of(server: &TestServer, user_id: i64) -> Result<Phone, Box<dyn std::error::Error>> {
    let client = Client::connect(ClientConfig::new(
        server.addr(),
        TransportKind::Intermediate,
        server.public_key(),
    ))
    .await?;
    let key_id = AuthKey::new(client.session().auth_key).id();
    server.log_in(key_id, user_id);
    println!("user {user_id}: auth key {key_id:#018x}");
    Ok(Phone::new(client))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();
    let server = TestServer::start(Arc::new(CallService::demo())).await?;
    println!("test server on {}", server.addr());
    let mut alice = phone_of(&server, 1).await?;
    let mut bob = phone_of(&server, 2).await?;

    let bob_user: enums::InputUser = types::InputUser {
        user_id: 2,
        access_hash: 0x2222,
    }
    .into();
    let (a, b) = tokio::join!(alice.call(bob_user), bob.answer());
    let (a, b) = (a?, b?);
    println!("\ncall {} established", a.id);
    println!(
        "  Alice: fingerprint {:#018x}  emoji {}",
        a.key.fingerprint(),
        a.key.emoji().join(" ")
    );
    println!(
        "  Bob:   fingerprint {:#018x}  emoji {}",
        b.key.fingerprint(),
        b.key.emoji().join(" ")
    );
    assert_eq!(a.key.key(), b.key.key(), "both sides hold the same key");
    println!("  same key on both sides: yes");

    let ended = alice.hang_up(&a, 60).await?;
    println!("\nAlice hung up: {ended:?}");
    let seen = bob.next_call_update("phoneCallDiscarded").await?;
    println!("Bob sees:      {seen:?}");
    Ok(())
}
