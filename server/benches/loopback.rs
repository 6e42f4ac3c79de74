//! MTProto over loopback, in one binary and one run (`cargo bench -p tl-test-server --bench
//! loopback`):
//!
//! (a) one `phone.requestCall` round trip, encrypted, intermediate transport, our client ↔
//!     our server, beside a raw TCP echo of length-prefixed frames of the same sizes (the
//!     request's encrypted frame out, the answer's back), measured on the wire first;
//! (b) pipelined calls per second on one connection (256 in flight) beside the raw echo's
//!     pipelined frames per second;
//! (c) Telethon 1.45 against the same server: sequential and `asyncio.gather` calls per
//!     second over `ConnectionTcpIntermediate` (`benches/telethon/calls.py`).
//!
//! Criterion reports (a) and (b); our own sampling of 10,000 sequential calls gives p50 and
//! p99, and a summary with the target ratios is printed at the end.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use tl_runtime::Bytes;
use tl_runtime::mtproto::TransportKind;
use tl_runtime::net::{Client, ClientConfig};
use tl_test_server::calls::CallService;
use tl_test_server::tl::{enums, functions, types};
use tl_test_server::{TestServer, config};
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;
use tokio::sync::Semaphore;

/// Calls in flight at once in the pipelined runs.
const IN_FLIGHT: usize = 256;
/// Calls per pipelined batch (one criterion iteration) and per latency sample set.
const BATCH: usize = 10_000;
/// Sequential and concurrent calls Telethon makes, each.
const TELETHON_CALLS: usize = 2_000;
/// The intermediate transport's tag, sent once by the client before the first frame.
const INTERMEDIATE_TAG: [u8; 4] = [0xee; 4];

/// Every call from an unlogged key is Alice's, and the server refuses a random_id it has
/// seen from her: one counter for the whole run (Telethon gets a range of its own).
static RANDOM_ID: AtomicI32 = AtomicI32::new(1);
const TELETHON_RANDOM_ID_BASE: i32 = 1_000_000_000;

fn request_call() -> functions::phone::RequestCall {
    functions::phone::RequestCall {
        video: false,
        user_id: types::InputUser {
            user_id: 2,
            access_hash: 0x2222,
        }
        .into(),
        random_id: RANDOM_ID.fetch_add(1, Ordering::Relaxed),
        g_a_hash: Bytes::from(vec![0xab; 32]),
        protocol: types::PhoneCallProtocol {
            udp_p2p: true,
            udp_reflector: true,
            min_layer: 65,
            max_layer: 92,
            library_versions: vec!["2.4.4".into()],
        }
        .into(),
    }
}

async fn call(client: &Client) {
    let answer = client.invoke(&request_call()).await.expect("answered");
    let enums::phone::PhoneCall::PhoneCall(call) = answer;
    assert!(matches!(call.phone_call, enums::PhoneCall::Waiting(_)));
}

async fn start_server() -> TestServer {
    let server = TestServer::start(Arc::new(CallService::demo()))
        .await
        .expect("server starts");
    config::advertise(server.addr());
    server
}

async fn connect(addr: SocketAddr, server: &TestServer) -> Client {
    Client::connect(ClientConfig::new(
        addr,
        TransportKind::Intermediate,
        server.public_key(),
    ))
    .await
    .expect("client connects")
}

// ---------------------------------------------------------------------------------------
// Frame sizes on the wire: a proxy that reads the intermediate framing both ways.

/// Payload sizes seen by the proxy, per direction, after the key exchange.
#[derive(Default)]
struct Sizes {
    to_server: BTreeMap<usize, usize>,
    to_client: BTreeMap<usize, usize>,
}

/// Forwards one direction, counting each frame's payload size once `counting` is set.
async fn forward(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    tag: bool,
    sizes: Arc<Mutex<Sizes>>,
    to_server: bool,
) {
    let mut from = BufReader::new(&mut from);
    if tag {
        let mut t = [0u8; 4];
        if from.read_exact(&mut t).await.is_err() {
            return;
        }
        assert_eq!(t, INTERMEDIATE_TAG, "the client speaks intermediate");
        let _ = to.write_all(&t).await;
    }
    loop {
        let Ok(len) = from.read_u32_le().await else {
            return;
        };
        let mut payload = vec![0; len as usize];
        if from.read_exact(&mut payload).await.is_err() {
            return;
        }
        // Encrypted messages only: the key exchange's are unencrypted (auth_key_id 0).
        if payload.len() >= 8 && payload[..8] != [0; 8] {
            let mut s = sizes.lock().unwrap_or_else(|p| p.into_inner());
            let map = if to_server {
                &mut s.to_server
            } else {
                &mut s.to_client
            };
            *map.entry(payload.len()).or_default() += 1;
        }
        let mut frame = len.to_le_bytes().to_vec();
        frame.extend_from_slice(&payload);
        if to.write_all(&frame).await.is_err() {
            return;
        }
    }
}

/// The encrypted payload size each way over `calls` sequential calls: the request's and the
/// answer's, as our client and server put them on the wire.
async fn measure_frame_sizes(calls: usize) -> (usize, usize, Sizes) {
    let server = start_server().await;
    let proxy = TcpListener::bind("127.0.0.1:0").await.expect("proxy binds");
    let proxy_addr = proxy.local_addr().expect("proxy address");
    let sizes = Arc::new(Mutex::new(Sizes::default()));
    let server_addr = server.addr();
    let s = Arc::clone(&sizes);
    tokio::spawn(async move {
        let (client_side, _) = proxy.accept().await.expect("proxy accepts");
        let server_side = TcpStream::connect(server_addr).await.expect("to server");
        let _ = (client_side.set_nodelay(true), server_side.set_nodelay(true));
        let (cr, cw) = client_side.into_split();
        let (sr, sw) = server_side.into_split();
        tokio::spawn(forward(cr, sw, true, Arc::clone(&s), true));
        tokio::spawn(forward(sr, cw, false, s, false));
    });
    let client = connect(proxy_addr, &server).await;
    for _ in 0..calls {
        call(&client).await;
    }
    drop(client);
    let sizes = std::mem::take(&mut *sizes.lock().unwrap_or_else(|p| p.into_inner()));
    // Each call is one request and one answer, but our client also sends a standalone
    // msgs_ack after most answers: the largest size seen on at least half the calls is the
    // request's (or the answer's).
    let typical = |m: &BTreeMap<usize, usize>| {
        m.iter()
            .filter(|(_, n)| **n >= calls / 2)
            .map(|(size, _)| *size)
            .max()
            .expect("frames seen")
    };
    (typical(&sizes.to_server), typical(&sizes.to_client), sizes)
}

// ---------------------------------------------------------------------------------------
// The raw echo: length-prefixed frames, a request of one size answered by one of another.

/// Answers each frame read with one `answer`-byte frame, one write per frame as our server
/// does.
async fn echo_server(answer: usize) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("echo binds");
    let addr = listener.local_addr().expect("echo address");
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut read = BufReader::with_capacity(64 * 1024, read);
                let mut frame = (answer as u32).to_le_bytes().to_vec();
                frame.resize(4 + answer, 0x5a);
                let mut payload = Vec::new();
                loop {
                    let Ok(len) = read.read_u32_le().await else {
                        return;
                    };
                    payload.resize(len as usize, 0);
                    if read.read_exact(&mut payload).await.is_err()
                        || write.write_all(&frame).await.is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    addr
}

/// The client end of the raw echo.
struct EchoClient {
    read: BufReader<tokio::net::tcp::OwnedReadHalf>,
    /// `None` only while [`pipelined`](Self::pipelined)'s writer task holds it.
    write: Option<tokio::net::tcp::OwnedWriteHalf>,
    request: Vec<u8>,
    answer: Vec<u8>,
}

impl EchoClient {
    async fn connect(addr: SocketAddr, request: usize, answer: usize) -> Self {
        let stream = TcpStream::connect(addr).await.expect("echo connects");
        let _ = stream.set_nodelay(true);
        let (read, write) = stream.into_split();
        let mut frame = (request as u32).to_le_bytes().to_vec();
        frame.resize(4 + request, 0xa5);
        Self {
            read: BufReader::with_capacity(64 * 1024, read),
            write: Some(write),
            request: frame,
            answer: vec![0; answer],
        }
    }

    async fn round_trip(&mut self) {
        let write = self.write.as_mut().expect("not pipelining");
        write.write_all(&self.request).await.expect("echo write");
        read_frame(&mut self.read, &mut self.answer).await;
    }

    /// `n` frames, at most `in_flight` unanswered at any time.
    async fn pipelined(&mut self, n: usize, in_flight: usize) {
        let window = Arc::new(Semaphore::new(in_flight));
        let w = Arc::clone(&window);
        let request = self.request.clone();
        // The writer runs beside the reader, as our client's callers run beside its
        // connection task.
        let mut write = self.write.take().expect("not pipelining");
        let writer = tokio::spawn(async move {
            for _ in 0..n {
                w.acquire().await.expect("open").forget();
                write.write_all(&request).await.expect("echo write");
            }
            write
        });
        for _ in 0..n {
            read_frame(&mut self.read, &mut self.answer).await;
            window.add_permits(1);
        }
        self.write = Some(writer.await.expect("writer"));
    }
}

async fn read_frame(read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>, answer: &mut [u8]) {
    let len = read.read_u32_le().await.expect("echo read") as usize;
    assert_eq!(len, answer.len(), "answer size");
    read.read_exact(answer).await.expect("echo read");
}

// ---------------------------------------------------------------------------------------
// Our own latency samples and throughput figures.

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

struct Latency {
    p50: Duration,
    p99: Duration,
    mean: Duration,
}

fn latency(mut samples: Vec<Duration>) -> Latency {
    samples.sort_unstable();
    let mean = samples.iter().sum::<Duration>() / samples.len() as u32;
    Latency {
        p50: percentile(&samples, 0.50),
        p99: percentile(&samples, 0.99),
        mean,
    }
}

async fn our_latency(n: usize) -> Latency {
    let server = start_server().await;
    let client = connect(server.addr(), &server).await;
    for _ in 0..1000 {
        call(&client).await;
    }
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        call(&client).await;
        samples.push(start.elapsed());
    }
    latency(samples)
}

async fn echo_latency(addr: SocketAddr, request: usize, answer: usize, n: usize) -> Latency {
    let mut echo = EchoClient::connect(addr, request, answer).await;
    for _ in 0..1000 {
        echo.round_trip().await;
    }
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        echo.round_trip().await;
        samples.push(start.elapsed());
    }
    latency(samples)
}

/// `n` calls, `in_flight` at a time: that many tasks, each making its share in turn.
async fn our_pipelined(client: &Arc<Client>, n: usize, in_flight: usize) {
    let tasks: Vec<_> = (0..in_flight)
        .map(|i| {
            let client = Arc::clone(client);
            let share = n / in_flight + usize::from(i < n % in_flight);
            tokio::spawn(async move {
                for _ in 0..share {
                    call(&client).await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("caller task");
    }
}

// ---------------------------------------------------------------------------------------
// Telethon.

#[derive(Debug)]
struct TelethonRates {
    sequential: f64,
    concurrent: f64,
    aes: String,
}

fn telethon(rt: &Runtime) -> Result<TelethonRates, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("server/ is inside the repository");
    let py = root.join(".venv/bin/python");
    if !py.exists() {
        return Err(format!(
            "{} not found: run `bash scripts/setup-telethon.sh` at the repository root",
            py.display()
        ));
    }
    let server = rt.block_on(start_server());
    let pem = std::env::temp_dir().join(format!("loopback-bench-{}.pem", std::process::id()));
    std::fs::write(&pem, server.public_key().to_pkcs1_pem()).map_err(|e| e.to_string())?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/telethon/calls.py");
    // The server runs on the runtime's workers while this thread waits for Python.
    let out = Command::new(&py)
        .arg(&script)
        .arg(server.addr().port().to_string())
        .arg(&pem)
        .arg(TELETHON_CALLS.to_string())
        .arg(TELETHON_RANDOM_ID_BASE.to_string())
        .output()
        .map_err(|e| format!("run {}: {e}", script.display()))?;
    let _ = std::fs::remove_file(&pem);
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "{} failed ({}): {stdout}{}",
            script.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let v: serde_json::Value =
        serde_json::from_str(stdout.trim()).map_err(|e| format!("{e}: {stdout}"))?;
    let rate = |k: &str| v[k].as_f64().ok_or_else(|| format!("no `{k}` in {stdout}"));
    Ok(TelethonRates {
        sequential: rate("sequential_calls_per_s")?,
        concurrent: rate("concurrent_calls_per_s")?,
        aes: v["aes"].as_str().unwrap_or("?").to_owned(),
    })
}

// ---------------------------------------------------------------------------------------

/// `LOOPBACK_PROFILE=round_trip[:N]` or `pipelined[:N]`: only our client and server, N calls
/// (default 200,000), long enough to profile (`perf record -g BENCH_BINARY`), no criterion;
/// `echo_round_trip[:N]`: only the raw echo, N sequential round trips.
fn profile(rt: &Runtime, what: &str) {
    let (what, calls) = match what.split_once(':') {
        Some((what, n)) => (what.to_owned(), n.parse().expect("LOOPBACK_PROFILE=what:N")),
        None => (what.to_owned(), 200_000),
    };
    rt.block_on(async {
        tokio::spawn(async move {
            if what == "echo_round_trip" {
                // The raw echo alone, for comparing syscall counts and profiles.
                let (request, answer, _) = measure_frame_sizes(200).await;
                let mut echo =
                    EchoClient::connect(echo_server(answer).await, request, answer).await;
                let start = Instant::now();
                for _ in 0..calls {
                    echo.round_trip().await;
                }
                let secs = start.elapsed().as_secs_f64();
                println!(
                    "{what}: {calls} round trips in {secs:.2} s, {:.0} per s",
                    calls as f64 / secs
                );
                return;
            }
            let server = start_server().await;
            let client = Arc::new(connect(server.addr(), &server).await);
            let start = Instant::now();
            match what.as_str() {
                "round_trip" => {
                    for _ in 0..calls {
                        call(&client).await;
                    }
                }
                "pipelined" => our_pipelined(&client, calls, IN_FLIGHT).await,
                other => {
                    panic!("LOOPBACK_PROFILE={other}: round_trip, pipelined or echo_round_trip")
                }
            }
            let secs = start.elapsed().as_secs_f64();
            println!(
                "{what}: {calls} calls in {secs:.2} s, {:.0} calls/s",
                calls as f64 / secs
            );
        })
        .await
        .expect("profile task")
    });
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    if let Ok(what) = std::env::var("LOOPBACK_PROFILE") {
        profile(&rt, &what);
        return;
    }
    let mut c = Criterion::default().configure_from_args();

    let (request, answer, sizes) = rt.block_on(measure_frame_sizes(200));
    println!(
        "frame payload sizes over 200 sequential calls (size: count): to server {:?}, to client {:?}",
        sizes.to_server, sizes.to_client
    );
    println!("raw echo frames: {request} bytes out, {answer} bytes back (+4-byte length each)");
    let echo_addr = rt.block_on(echo_server(answer));

    // (a) Round trip.
    let server = rt.block_on(start_server());
    let client = Arc::new(rt.block_on(connect(server.addr(), &server)));
    let mut echo = Some(rt.block_on(EchoClient::connect(echo_addr, request, answer)));
    {
        let mut g = c.benchmark_group("loopback/round_trip");
        g.bench_function("ours phone.requestCall (intermediate, encrypted)", |b| {
            b.iter_custom(|iters| {
                let client = Arc::clone(&client);
                rt.block_on(async move {
                    tokio::spawn(async move {
                        let start = Instant::now();
                        for _ in 0..iters {
                            call(&client).await;
                        }
                        start.elapsed()
                    })
                    .await
                    .expect("bench task")
                })
            })
        });
        g.bench_function("raw TCP echo, same frame sizes", |b| {
            b.iter_custom(|iters| {
                // On a worker, as ours: the client moves into the task and back.
                let mut client = echo.take().expect("echo client");
                let (client, elapsed) = rt.block_on(async move {
                    tokio::spawn(async move {
                        let start = Instant::now();
                        for _ in 0..iters {
                            client.round_trip().await;
                        }
                        (client, start.elapsed())
                    })
                    .await
                    .expect("bench task")
                });
                echo = Some(client);
                elapsed
            })
        });
        g.finish();
    }

    // (b) Pipelined.
    {
        let mut g = c.benchmark_group("loopback/pipelined_256");
        g.throughput(Throughput::Elements(BATCH as u64));
        g.sample_size(10);
        g.bench_function("ours phone.requestCall", |b| {
            b.iter(|| {
                let client = Arc::clone(&client);
                rt.block_on(async move { our_pipelined(&client, BATCH, IN_FLIGHT).await })
            })
        });
        g.bench_function("raw TCP echo", |b| {
            b.iter_custom(|iters| {
                let mut client = echo.take().expect("echo client");
                let (client, elapsed) = rt.block_on(async move {
                    tokio::spawn(async move {
                        let start = Instant::now();
                        for _ in 0..iters {
                            client.pipelined(BATCH, IN_FLIGHT).await;
                        }
                        (client, start.elapsed())
                    })
                    .await
                    .expect("bench task")
                });
                echo = Some(client);
                elapsed
            })
        });
        g.finish();
    }
    c.final_summary();

    // Our own figures, on fresh connections (and a fresh server for ours).
    let ours = rt.block_on(async {
        tokio::spawn(our_latency(BATCH))
            .await
            .expect("latency task")
    });
    let raw = rt.block_on(async move {
        tokio::spawn(echo_latency(echo_addr, request, answer, BATCH))
            .await
            .expect("latency task")
    });
    let c2 = Arc::clone(&client);
    let ours_rate = rt.block_on(async move {
        tokio::spawn(async move {
            let mut best = f64::MAX;
            for _ in 0..5 {
                let start = Instant::now();
                our_pipelined(&c2, BATCH, IN_FLIGHT).await;
                best = best.min(start.elapsed().as_secs_f64());
            }
            BATCH as f64 / best
        })
        .await
        .expect("rate task")
    });
    let raw_rate = rt.block_on(async move {
        tokio::spawn(async move {
            let mut echo = EchoClient::connect(echo_addr, request, answer).await;
            let mut best = f64::MAX;
            for _ in 0..5 {
                let start = Instant::now();
                echo.pipelined(BATCH, IN_FLIGHT).await;
                best = best.min(start.elapsed().as_secs_f64());
            }
            BATCH as f64 / best
        })
        .await
        .expect("rate task")
    });
    drop(client);
    drop(server);

    // (c) Telethon.
    let telethon = telethon(&rt);

    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!();
    println!("== MTProto over loopback: summary ==");
    // Other jobs on the machine move every figure; the load says how much to trust them.
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("load average at the end (1, 5, 15 min): {}", load.trim());
    }
    println!(
        "(a) round trip, {BATCH} sequential calls: ours p50 {:.1} µs, p99 {:.1} µs, mean {:.1} µs; \
         raw echo p50 {:.1} µs, p99 {:.1} µs, mean {:.1} µs",
        us(ours.p50),
        us(ours.p99),
        us(ours.mean),
        us(raw.p50),
        us(raw.p99),
        us(raw.mean)
    );
    println!(
        "    p50 ratio ours/raw = {:.2}x (target ≤ 2x); p99 ratio = {:.2}x",
        us(ours.p50) / us(raw.p50),
        us(ours.p99) / us(raw.p99)
    );
    println!(
        "(b) pipelined, {IN_FLIGHT} in flight, best of 5 × {BATCH}: ours {ours_rate:.0} calls/s, \
         raw echo {raw_rate:.0} frames/s, ratio {:.2}x (target ≥ 0.5x)",
        ours_rate / raw_rate
    );
    let ours_sequential = 1.0 / ours.mean.as_secs_f64();
    match telethon {
        Ok(t) => println!(
            "(c) Telethon 1.45 (AES: {}), {TELETHON_CALLS} calls each: sequential {:.0} calls/s, \
             asyncio.gather {:.0} calls/s; ours sequential {ours_sequential:.0} calls/s = {:.1}x, \
             ours pipelined = {:.1}x of Telethon's gather (target ≥ 20x)",
            t.aes,
            t.sequential,
            t.concurrent,
            ours_sequential / t.sequential,
            ours_rate / t.concurrent
        ),
        Err(why) => println!("(c) Telethon NOT MEASURED: {why}"),
    }
}
