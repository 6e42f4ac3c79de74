//! Our client against our server over loopback TCP, every transport: key exchange,
//! phone.requestCall answered, each error as its typed variant, 1,000 concurrent calls on
//! one connection each answered once, sessions saved and restored, a lost auth key.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use tl_runtime::Bytes;
use tl_runtime::mtproto::TransportKind;
use tl_runtime::net::{Client, ClientConfig, InvokeError};
use tl_test_server::TestServer;
use tl_test_server::calls::CallService;
use tl_test_server::tl::{enums, functions, types};

use functions::phone::{RequestCall, RequestCallError};

/// Whether a typed error is the one a case expects.
type IsExpected = fn(&RequestCallError) -> bool;

const TRANSPORTS: [TransportKind; 4] = [
    TransportKind::Abridged,
    TransportKind::Intermediate,
    TransportKind::PaddedIntermediate,
    TransportKind::Full,
];

fn call(user_id: i64, access_hash: i64, random_id: i32) -> RequestCall {
    RequestCall {
        video: false,
        user_id: types::InputUser {
            user_id,
            access_hash,
        }
        .into(),
        random_id,
        g_a_hash: Bytes::from(vec![0xab; 32]),
        protocol: types::PhoneCallProtocol {
            udp_p2p: true,
            udp_reflector: true,
            min_layer: 65,
            max_layer: 92,
            library_versions: vec!["11.0.0".into()],
        }
        .into(),
    }
}

async fn setup(kind: TransportKind) -> (TestServer, Client) {
    let server = TestServer::start(Arc::new(CallService::demo()))
        .await
        .expect("server starts");
    let client = Client::connect(ClientConfig::new(server.addr(), kind, server.public_key()))
        .await
        .unwrap_or_else(|e| panic!("{kind:?}: connect: {e}"));
    (server, client)
}

fn waiting(answer: &enums::phone::PhoneCall) -> &types::PhoneCallWaiting {
    let enums::phone::PhoneCall::PhoneCall(call) = answer;
    match &call.phone_call {
        enums::PhoneCall::Waiting(w) => w,
        other => panic!("expected phoneCallWaiting, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_call_answered_over_every_transport() {
    for kind in TRANSPORTS {
        let (server, client) = setup(kind).await;
        assert_eq!(server.auth_key_ids().len(), 1, "{kind:?}: one key made");
        let answer = client.invoke(&call(2, 0x2222, 1)).await.expect("answered");
        let w = waiting(&answer);
        assert_eq!((w.admin_id, w.participant_id), (1, 2), "{kind:?}");
        let enums::phone::PhoneCall::PhoneCall(call) = &answer;
        assert_eq!(call.users.len(), 2);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_error_arrives_as_its_typed_variant() {
    for kind in TRANSPORTS {
        let (_server, client) = setup(kind).await;
        let mut no_flags = call(2, 0x2222, 10);
        let enums::PhoneCallProtocol::PhoneCallProtocol(p) = &mut no_flags.protocol;
        p.udp_p2p = false;
        p.udp_reflector = false;
        let mut old_layer = call(2, 0x2222, 11);
        let enums::PhoneCallProtocol::PhoneCallProtocol(p) = &mut old_layer.protocol;
        p.min_layer = 10;
        p.max_layer = 20;
        let cases: Vec<(RequestCall, IsExpected)> = vec![
            (call(99, 1, 1), |e| {
                matches!(e, RequestCallError::UserIdInvalid)
            }),
            (call(2, 0x9999, 2), |e| {
                matches!(e, RequestCallError::UserIdInvalid)
            }),
            (call(3, 0x3333, 3), |e| {
                matches!(e, RequestCallError::UserIsBlocked)
            }),
            (call(4, 0x4444, 4), |e| {
                matches!(e, RequestCallError::UserPrivacyRestricted)
            }),
            (no_flags, |e| {
                matches!(e, RequestCallError::CallProtocolFlagsInvalid)
            }),
            (old_layer, |e| {
                matches!(e, RequestCallError::ParticipantVersionOutdated)
            }),
        ];
        for (request, expected) in cases {
            match client.invoke(&request).await {
                Err(InvokeError::Rpc(e)) => assert!(expected(&e), "{kind:?}: got {e:?}"),
                other => panic!("{kind:?}: expected a typed error, got {other:?}"),
            }
        }
        // The same random_id twice: the second is a duplicate.
        client.invoke(&call(2, 0x2222, 77)).await.expect("first");
        match client.invoke(&call(2, 0x2222, 77)).await {
            Err(InvokeError::Rpc(RequestCallError::RandomIdDuplicate)) => {}
            other => panic!("{kind:?}: expected RANDOM_ID_DUPLICATE, got {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_calls_on_one_connection_each_answered_once() {
    for kind in [TransportKind::Intermediate, TransportKind::Full] {
        let (_server, client) = setup(kind).await;
        let client = Arc::new(client);
        let calls = (0..1000).map(|i| {
            let client = Arc::clone(&client);
            tokio::spawn(async move {
                let answer = client.invoke(&call(2, 0x2222, 1000 + i)).await;
                (i, answer.map(|a| waiting(&a).id))
            })
        });
        let mut call_ids = HashSet::new();
        for handle in calls {
            let (i, result) = handle.await.expect("task");
            let id = result.unwrap_or_else(|e| panic!("{kind:?}: call {i}: {e}"));
            assert!(call_ids.insert(id), "{kind:?}: call id {id} answered twice");
        }
        assert_eq!(call_ids.len(), 1000, "{kind:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_session_skips_the_key_exchange() {
    let (server, client) = setup(TransportKind::Abridged).await;
    client.invoke(&call(2, 0x2222, 1)).await.expect("answered");
    let saved = client.session();
    drop(client);
    let mut config = ClientConfig::new(server.addr(), TransportKind::Full, server.public_key());
    config.session = Some(saved.clone());
    let again = Client::connect(config).await.expect("reconnects");
    again.invoke(&call(2, 0x2222, 2)).await.expect("answered");
    assert_eq!(server.auth_key_ids().len(), 1, "no second key made");
    assert_eq!(again.session().auth_key, saved.auth_key);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_forgets_the_key_gets_a_new_one_and_the_call_still_succeeds() {
    let (server, client) = setup(TransportKind::Intermediate).await;
    client.invoke(&call(2, 0x2222, 1)).await.expect("answered");
    let old = server.auth_key_ids();
    server.forget_auth_keys();
    client
        .invoke(&call(2, 0x2222, 2))
        .await
        .expect("answered after a new key");
    let new = server.auth_key_ids();
    assert_eq!(new.len(), 1);
    assert_ne!(new, old);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_method_gets_telegrams_error_and_the_connection_goes_on() {
    let (_server, client) = setup(TransportKind::Intermediate).await;
    let unknown = Bytes::from_static(&[0x78, 0x56, 0x34, 0x12, 0, 0, 0, 0]);
    match client
        .invoke_raw::<tl_runtime::RpcError>(unknown, Duration::from_secs(5))
        .await
    {
        Ok(Err(e)) => assert_eq!(e.code, 400, "{e}"),
        other => panic!("expected an rpc_error, got {other:?}"),
    }
    client
        .invoke(&call(2, 0x2222, 5))
        .await
        .expect("still answered");
}

/// Forwards `from` to `to`, counting the encrypted intermediate frames (auth_key_id ≠ 0).
async fn count_frames(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    tag: bool,
    frames: Arc<std::sync::atomic::AtomicUsize>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    if tag {
        let mut t = [0u8; 4];
        if from.read_exact(&mut t).await.is_err() || to.write_all(&t).await.is_err() {
            return;
        }
    }
    loop {
        let Ok(len) = from.read_u32_le().await else {
            return;
        };
        let mut payload = vec![0; len as usize];
        if from.read_exact(&mut payload).await.is_err() {
            return;
        }
        if payload.len() >= 8 && payload[..8] != [0; 8] {
            frames.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        let mut frame = len.to_le_bytes().to_vec();
        frame.extend_from_slice(&payload);
        if to.write_all(&frame).await.is_err() {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acks_ride_with_requests_and_a_quiet_client_still_sends_them() {
    use std::sync::atomic::Ordering;
    let server = TestServer::start(Arc::new(CallService::demo()))
        .await
        .expect("server starts");
    // A proxy counting the client's encrypted messages.
    let proxy = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("proxy binds");
    let proxy_addr = proxy.local_addr().expect("proxy address");
    let to_server = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = Arc::clone(&to_server);
    let server_addr = server.addr();
    tokio::spawn(async move {
        let (client_side, _) = proxy.accept().await.expect("proxy accepts");
        let server_side = tokio::net::TcpStream::connect(server_addr)
            .await
            .expect("to server");
        let (cr, cw) = client_side.into_split();
        let (sr, sw) = server_side.into_split();
        tokio::spawn(count_frames(cr, sw, true, counted));
        tokio::spawn(count_frames(sr, cw, false, Arc::new(Default::default())));
    });
    let client = Client::connect(ClientConfig::new(
        proxy_addr,
        TransportKind::Intermediate,
        server.public_key(),
    ))
    .await
    .expect("connects");
    // The connect's ping, then one message per call: the acks of each answer ride along
    // with the next request instead of going alone.
    // (A slow run may see the 50 ms ack timer fire between calls: one more each time.)
    let start = std::time::Instant::now();
    for i in 0..20 {
        client
            .invoke(&call(2, 0x2222, 7000 + i))
            .await
            .expect("answered");
    }
    let timer_fires = start.elapsed().as_millis() as usize / 50 + 1;
    let sent = to_server.load(Ordering::SeqCst);
    assert!(
        (21..=21 + timer_fires).contains(&sent),
        "{sent} messages for a ping and 20 calls"
    );
    // Quiet now: the last answer's ack has no request to ride with, so it still goes out,
    // alone, after the ack delay (counted from the totals, not from `sent`: a stalled test
    // thread may read `sent` after the timer already fired).
    tokio::time::sleep(Duration::from_millis(300)).await;
    let quiet = to_server.load(Ordering::SeqCst);
    assert!(
        (22..=22 + timer_fires).contains(&quiet),
        "{quiet} messages once quiet ({sent} right after the calls)"
    );
    // And once only.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(to_server.load(Ordering::SeqCst), quiet);
}
