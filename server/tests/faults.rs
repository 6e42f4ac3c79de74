//! Faults on loopback: a connection that drops before the answer, a salt that changes
//! mid-stream, a tampered and a replayed message from the server, garbage and oversized
//! frames in both directions. Nothing may be lost, decoded unverified, or panic.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tl_runtime::Bytes;
use tl_runtime::RpcError;
use tl_runtime::mtproto::TransportKind;
use tl_runtime::net::{Client, ClientConfig, ConnectError, InvokeError};
use tl_test_server::calls::CallService;
use tl_test_server::tl::{enums, functions, server::Handler, types};
use tl_test_server::{Caller, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn call(random_id: i32) -> functions::phone::RequestCall {
    functions::phone::RequestCall {
        video: false,
        user_id: types::InputUser {
            user_id: 2,
            access_hash: 0x2222,
        }
        .into(),
        random_id,
        g_a_hash: Bytes::from(vec![1; 32]),
        protocol: types::PhoneCallProtocol {
            udp_p2p: true,
            udp_reflector: false,
            min_layer: 65,
            max_layer: 92,
            library_versions: vec![],
        }
        .into(),
    }
}

/// Counts the calls it serves, so a test can tell "answered once" from "run twice".
struct Counting {
    inner: CallService,
    served: AtomicUsize,
}

impl Handler for Counting {
    type Context = Caller;

    fn phone_request_call(
        &self,
        ctx: &Caller,
        req: functions::phone::RequestCall,
    ) -> Result<enums::phone::PhoneCall, RpcError> {
        self.served.fetch_add(1, Ordering::SeqCst);
        self.inner.request_call(ctx, req)
    }
}

async fn setup() -> (TestServer, Arc<Counting>, Client) {
    let handler = Arc::new(Counting {
        inner: CallService::demo(),
        served: AtomicUsize::new(0),
    });
    let server = TestServer::start(Arc::clone(&handler)).await.unwrap();
    let mut config = ClientConfig::new(
        server.addr(),
        TransportKind::Intermediate,
        server.public_key(),
    );
    config.request_timeout = Duration::from_secs(5);
    let client = Client::connect(config).await.unwrap();
    (server, handler, client)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_dropped_before_the_answer_is_re_established_and_answered_once() {
    let (server, handler, client) = setup().await;
    server.drop_connection_at_request(1);
    let answer = client
        .invoke(&call(1))
        .await
        .expect("answered after reconnect");
    let enums::phone::PhoneCall::PhoneCall(answer) = answer;
    assert!(matches!(answer.phone_call, enums::PhoneCall::Waiting(_)));
    assert_eq!(
        handler.served.load(Ordering::SeqCst),
        1,
        "served exactly once"
    );
    client
        .invoke(&call(2))
        .await
        .expect("the new connection works");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_server_salt_mid_stream_is_adopted_and_the_call_resent() {
    let (server, handler, client) = setup().await;
    client.invoke(&call(1)).await.expect("first");
    let key = server.auth_key_ids()[0];
    let old = client.session().server_salt;
    assert_eq!(server.rotate_salts(), 1);
    let new = server.salt_of(key).unwrap();
    assert_ne!(old, new);
    client.invoke(&call(2)).await.expect("resent transparently");
    assert_eq!(client.session().server_salt, new, "client adopted the salt");
    assert_eq!(
        handler.served.load(Ordering::SeqCst),
        2,
        "each call served once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_answer_is_never_decoded() {
    let (server, handler, client) = setup().await;
    server.tamper_next_message();
    // The only answer is dropped unread, so the call can only time out: it must not
    // yield a value decoded from unauthenticated bytes.
    match client
        .invoke_with_timeout(&call(1), Duration::from_millis(800))
        .await
    {
        Err(InvokeError::Timeout) => {}
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(handler.served.load(Ordering::SeqCst), 1);
    client.invoke(&call(2)).await.expect("the session goes on");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_answer_does_not_disturb_the_session() {
    let (server, _handler, client) = setup().await;
    server.replay_next_message();
    client.invoke(&call(1)).await.expect("answered");
    // The duplicate arrives after the answer; later calls are unaffected by it.
    for i in 2..5 {
        client.invoke(&call(i)).await.expect("answered");
    }
}

/// The server closes on garbage without taking anything else down.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_truncated_and_oversized_frames_close_only_their_connection() {
    let (server, _handler, client) = setup().await;
    let cases: [&[u8]; 4] = [
        // Unknown protocol tag.
        b"GET / HTTP/1.1\r\n\r\n",
        // Intermediate tag, then a frame announcing 2 GiB.
        &[0xee, 0xee, 0xee, 0xee, 0xff, 0xff, 0xff, 0x7f],
        // Intermediate tag, then a 12-byte frame of garbage (no such auth key).
        &[
            0xee, 0xee, 0xee, 0xee, 12, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
        ],
        // Abridged tag, then a truncated frame and EOF.
        &[0xef, 0x10, 1, 2, 3],
    ];
    for bytes in cases {
        let mut raw = TcpStream::connect(server.addr()).await.unwrap();
        raw.write_all(bytes).await.unwrap();
        raw.shutdown().await.unwrap();
        let mut rest = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), raw.read_to_end(&mut rest)).await;
        assert!(
            read.is_ok(),
            "server closed the connection for {bytes:02x?}"
        );
    }
    client
        .invoke(&call(1))
        .await
        .expect("other clients unaffected");
}

/// A "server" that answers the client's first frame with `reply`.
async fn hostile_server(reply: &'static [u8]) -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut s, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 1024];
        let _ = s.read(&mut buf).await;
        let _ = s.write_all(reply).await;
        let _ = s.shutdown().await;
    });
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_facing_garbage_gets_an_error_not_a_panic() {
    let key = tl_runtime::mtproto::auth_key::RsaPrivateKey::test_key()
        .public_key()
        .clone();
    let replies: [&'static [u8]; 4] = [
        // An oversized frame header (intermediate: 4-byte length).
        &[0xff, 0xff, 0xff, 0x7f],
        // A frame too short to be a message.
        &[4, 0, 0, 0, 1, 2, 3, 4],
        // A well-framed unencrypted message holding garbage instead of resPQ.
        &[
            28, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 1, 2, 3, 4, 5,
            6, 7, 8,
        ],
        // Transport error -404.
        &[4, 0, 0, 0, 0x6c, 0xfe, 0xff, 0xff],
    ];
    for reply in replies {
        let addr = hostile_server(reply).await;
        let mut config = ClientConfig::new(addr, TransportKind::Intermediate, key.clone());
        config.connect_timeout = Duration::from_secs(2);
        match Client::connect(config).await {
            Err(ConnectError::Net(e)) => eprintln!("{reply:02x?} -> {e}"),
            Err(e) => eprintln!("{reply:02x?} -> {e}"),
            Ok(_) => panic!("connected to a hostile server answering {reply:02x?}"),
        }
    }
}
