//! Telethon 1.45 (Python, layer 229) as a client of the test server, over each of its TCP
//! transports: it creates an auth key with our server (trusting the server's key), sends
//! `invokeWithLayer(initConnection(help.getConfig))` on connect, then calls Bob (answered
//! with `phoneCallWaiting`) and Carol (who blocked Alice: Telethon must raise its own
//! `UserIsBlockedError`). `telethon/interop.py` prints a JSON summary that we check here.
//!
//! Needs the virtualenv made by `scripts/setup-telethon.sh`; without it the test fails (it
//! does not skip), naming the script.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use serde_json::{Value, json};
use tl_test_server::TestServer;
use tl_test_server::calls::CallService;
use tl_test_server::config;

/// Telethon's connection classes, by the name the script takes.
const TRANSPORTS: [&str; 3] = ["full", "intermediate", "abridged"];

fn python() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("server/ is inside the repository");
    let py = root.join(".venv/bin/python");
    assert!(
        py.exists(),
        "{} not found: the Telethon interop test needs its virtualenv. Run \
         `bash scripts/setup-telethon.sh` at the repository root (creates .venv with \
         telethon==1.45.0), then run the tests again.",
        py.display()
    );
    py
}

/// Runs the script for one transport; its JSON summary, or why there is none.
fn run_interop(
    py: &Path,
    port: u16,
    pem: &Path,
    transport: &str,
    random_id: i32,
) -> Result<Value, String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/telethon/interop.py");
    let out = Command::new(py)
        .arg(&script)
        .arg(port.to_string())
        .arg(pem)
        .arg(transport)
        .arg(random_id.to_string())
        .output()
        .map_err(|e| format!("run {} {}: {e}", py.display(), script.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!(
            "{transport}: the script failed ({}):\n{stdout}{stderr}",
            out.status
        ));
    }
    serde_json::from_str(stdout.trim())
        .map_err(|e| format!("{transport}: no JSON summary ({e}):\n{stdout}{stderr}"))
}

/// What the summary must say, apart from the auth key id.
fn expected(transport: &str, port: u16) -> Value {
    json!({
        "transport": transport,
        "connected": true,
        "config": {
            "type": "Config",
            "this_dc": 2,
            "test_mode": true,
            "dc_options": [{"id": 2, "ip": "127.0.0.1", "port": port}],
        },
        "bob": {
            "type": "PhoneCall",
            "phone_call": "PhoneCallWaiting",
            "admin_id": 1,
            "participant_id": 2,
            "max_layer": 92,
            "library_versions": ["2.4.4"],
            "users": [1, 2],
        },
        "carol": {
            "raised": "UserIsBlockedError",
            "is_user_is_blocked_error": true,
        },
        // What the server sent for Carol (Telethon's class says 400: its error list has
        // USER_IS_BLOCKED under 400, Telegram's phone.requestCall docs under 403).
        "rpc_errors": [{"code": 403, "message": "USER_IS_BLOCKED"}],
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telethon_connects_and_calls_over_each_transport() {
    let py = python();
    // One server for every transport: the advertised address is process-wide.
    let server = TestServer::start(Arc::new(CallService::demo()))
        .await
        .expect("server starts");
    config::advertise(server.addr());
    let port = server.addr().port();
    let pem = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("telethon-interop-{}.pem", std::process::id()));
    std::fs::write(&pem, server.public_key().to_pkcs1_pem()).expect("write the PEM");

    let mut failures = Vec::new();
    for (i, transport) in TRANSPORTS.into_iter().enumerate() {
        let keys_before = server.auth_key_ids();
        let (py, pem2) = (py.clone(), pem.clone());
        // Every unlogged key calls as Alice: each run needs random_ids of its own.
        let random_id = 1000 + 10 * i as i32;
        let summary = tokio::task::spawn_blocking(move || {
            run_interop(&py, port, &pem2, transport, random_id)
        })
        .await
        .expect("the script's thread");
        let mut summary = match summary {
            Ok(summary) => summary,
            Err(why) => {
                failures.push(why);
                continue;
            }
        };
        // Telethon made its own key with our server: one new key, the one it reports.
        let key_id = summary
            .as_object_mut()
            .and_then(|o| o.remove("auth_key_id"))
            .and_then(|id| id.as_u64());
        let new_keys: Vec<u64> = server
            .auth_key_ids()
            .into_iter()
            .filter(|id| !keys_before.contains(id))
            .collect();
        if key_id.is_none() || new_keys != key_id.into_iter().collect::<Vec<_>>() {
            failures.push(format!(
                "{transport}: Telethon's auth key {key_id:?}, keys new on the server {new_keys:?}"
            ));
        }
        let want = expected(transport, port);
        if summary != want {
            failures.push(format!(
                "{transport}:\n  got      {summary}\n  expected {want}"
            ));
        }
    }
    let _ = std::fs::remove_file(&pem);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
