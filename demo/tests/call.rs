//! The calls flow end to end: two clients on the test server, A calls B, B accepts, both
//! hold the same key and show the same emoji; a g_a that does not match its commitment
//! makes B abort; discarded calls end as phoneCallDiscarded on both sides; wrong use gets
//! Telegram's typed errors.

use std::sync::Arc;
use std::time::Duration;

use tl_demo::phone::{CallFlowError, Phone, protocol};
use tl_demo::tl::{enums, functions, types};
use tl_runtime::Bytes;
use tl_runtime::calls::{CallError, OutgoingCall};
use tl_runtime::mtproto::{AuthKey, TransportKind};
use tl_runtime::net::{Client, ClientConfig, InvokeError, os_random};
use tl_test_server::TestServer;
use tl_test_server::calls::CallService;

async fn phone_of(server: &TestServer, user_id: i64) -> Phone {
    let client = Client::connect(ClientConfig::new(
        server.addr(),
        TransportKind::Intermediate,
        server.public_key(),
    ))
    .await
    .expect("connects");
    let key_id = AuthKey::new(client.session().auth_key).id();
    assert!(server.log_in(key_id, user_id));
    let mut phone = Phone::new(client);
    phone.step_timeout = Duration::from_secs(5);
    phone
}

fn bob() -> enums::InputUser {
    types::InputUser {
        user_id: 2,
        access_hash: 0x2222,
    }
    .into()
}

async fn setup() -> (TestServer, Phone, Phone) {
    let server = TestServer::start(Arc::new(CallService::demo()))
        .await
        .unwrap();
    let alice = phone_of(&server, 1).await;
    let bob = phone_of(&server, 2).await;
    (server, alice, bob)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alice_calls_bob_and_both_hold_the_same_key_and_emoji_then_hang_up() {
    let (_server, mut alice, mut bob_phone) = setup().await;
    let (a, b) = tokio::join!(alice.call(bob()), bob_phone.answer());
    let (a, b) = (a.expect("caller side"), b.expect("callee side"));
    assert_eq!(a.id, b.id);
    assert_eq!(a.key.key(), b.key.key(), "same key");
    assert_eq!(a.key.fingerprint(), b.key.fingerprint());
    assert_eq!(a.key.emoji(), b.key.emoji(), "same emoji");

    let ended = alice.hang_up(&a, 42).await.expect("discarded");
    assert!(
        matches!(&ended, enums::PhoneCall::Discarded(d) if d.id == a.id && d.duration == Some(42))
    );
    match bob_phone
        .next_call_update("phoneCallDiscarded")
        .await
        .unwrap()
    {
        enums::PhoneCall::Discarded(d) => {
            assert_eq!(d.id, a.id);
            assert!(matches!(
                d.reason,
                Some(enums::PhoneCallDiscardReason::Hangup(_))
            ));
        }
        other => panic!("expected phoneCallDiscarded, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_g_a_that_does_not_match_its_hash_makes_bob_abort_and_discard() {
    let (_server, mut alice, mut bob_phone) = setup().await;
    let dishonest_alice = async {
        let config = alice.dh_config().await.unwrap();
        let (mut call, g_a_hash) = OutgoingCall::start(&config, &mut os_random).unwrap();
        // A second secret: its g_a is what a man in the middle would swap in.
        let (mut other, _) = OutgoingCall::start(&config, &mut os_random).unwrap();
        let enums::phone::PhoneCall::PhoneCall(w) = alice
            .client()
            .invoke(&functions::phone::RequestCall {
                video: false,
                user_id: bob(),
                random_id: 9,
                g_a_hash: Bytes::copy_from_slice(&g_a_hash),
                protocol: protocol(),
            })
            .await
            .unwrap();
        let enums::PhoneCall::Waiting(w) = w.phone_call else {
            panic!("waiting")
        };
        let peer: enums::InputPhoneCall = types::InputPhoneCall {
            id: w.id,
            access_hash: w.access_hash,
        }
        .into();
        let g_b = loop {
            if let enums::PhoneCall::Accepted(a) = alice.next_call_update("accepted").await.unwrap()
            {
                break a.g_b;
            }
        };
        let _honest = call.on_accepted(&g_b).unwrap();
        let swapped = other.on_accepted(&g_b).unwrap();
        alice
            .client()
            .invoke(&functions::phone::ConfirmCall {
                peer,
                g_a: Bytes::from(swapped.g_a),
                key_fingerprint: swapped.key_fingerprint,
                protocol: protocol(),
            })
            .await
            .unwrap();
        // Bob refuses and discards: Alice is told.
        loop {
            if let enums::PhoneCall::Discarded(d) =
                alice.next_call_update("discarded").await.unwrap()
            {
                break d;
            }
        }
    };
    let (discarded, bob_result) = tokio::join!(dishonest_alice, bob_phone.answer());
    match bob_result {
        Err(CallFlowError::Call(CallError::GaHashMismatch)) => {}
        other => panic!("expected GaHashMismatch, got {other:?}"),
    }
    assert!(matches!(
        discarded.reason,
        Some(enums::PhoneCallDiscardReason::Disconnect(_))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_use_gets_telegrams_typed_errors() {
    let (_server, mut alice, mut bob_phone) = setup().await;
    let (a, b) = tokio::join!(alice.call(bob()), bob_phone.answer());
    let (a, _b) = (a.unwrap(), b.unwrap());
    let peer: enums::InputPhoneCall = types::InputPhoneCall {
        id: a.id,
        access_hash: a.access_hash,
    }
    .into();
    // Bob accepts again: already accepted.
    match bob_phone
        .client()
        .invoke(&functions::phone::AcceptCall {
            peer: peer.clone(),
            g_b: Bytes::from(vec![2; 256]),
            protocol: protocol(),
        })
        .await
    {
        Err(InvokeError::Rpc(functions::phone::AcceptCallError::CallAlreadyAccepted)) => {}
        other => panic!("expected CALL_ALREADY_ACCEPTED, got {other:?}"),
    }
    // A wrong access hash: not a call of Alice's.
    let forged: enums::InputPhoneCall = types::InputPhoneCall {
        id: a.id,
        access_hash: a.access_hash ^ 1,
    }
    .into();
    match alice
        .client()
        .invoke(&functions::phone::ReceivedCall { peer: forged })
        .await
    {
        Err(InvokeError::Rpc(functions::phone::ReceivedCallError::CallPeerInvalid)) => {}
        other => panic!("expected CALL_PEER_INVALID, got {other:?}"),
    }
    alice.hang_up(&a, 1).await.unwrap();
    // Confirming a discarded call: declined.
    match alice
        .client()
        .invoke(&functions::phone::ConfirmCall {
            peer,
            g_a: Bytes::from(vec![2; 256]),
            key_fingerprint: 0,
            protocol: protocol(),
        })
        .await
    {
        Err(InvokeError::Rpc(functions::phone::ConfirmCallError::CallAlreadyDeclined)) => {}
        other => panic!("expected CALL_ALREADY_DECLINED, got {other:?}"),
    }
}
