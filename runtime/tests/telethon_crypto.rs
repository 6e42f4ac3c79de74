//! MTProto 2.0 message encryption against Telethon 1.45's own `MTProtoState`, byte for byte.
//!
//! For a fixed auth key, salt and session and a set of messages whose lengths need every
//! padding length MTProto 2.0 uses (12, 16, 20, 24 bytes), `tests/telethon/crypto.py`:
//! - encrypts each client → server message with Telethon, its `os.urandom` replaced to hand
//!   out the padding we use, and we check its bytes equal [`encrypt_message`]'s and that
//!   [`decrypt_message`] gives our plaintext back;
//! - receives each server → client message we encrypt through Telethon's whole receive
//!   path (which also parses the body) and through its key derivation and AES-IGE alone, and
//!   we check it got our msg_id, seq_no, body, and padded plaintext;
//! - must refuse each server message with one bit flipped.
//!
//! Needs the virtualenv made by `scripts/setup-telethon.sh`; without it the test fails (it
//! does not skip), naming the script.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tl_runtime::Serialize;
use tl_runtime::mtproto::tl::types::RpcError;
use tl_runtime::mtproto::{AuthKey, Side, decrypt_message, encrypt_message, padding_len};

const SALT: i64 = 0x0123_4567_89ab_cdef;
const SESSION_ID: i64 = -0x1122_3344_5566_7788;
/// 2023-11-14 22:13:20 UTC in the high half; client msg_ids are divisible by 4, server
/// msg_ids of answers are 1 mod 4.
const MSG_ID_BASE: i64 = 1_700_000_000 << 32;
/// `error_message` lengths of the `rpc_error` bodies: every residue of the plaintext
/// length mod 16, both TL string length forms (short under 254, long from 254), and
/// messages of many AES blocks.
const MESSAGE_LENGTHS: [usize; 12] = [0, 1, 2, 3, 7, 16, 100, 253, 254, 255, 1000, 5000];

fn python() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("runtime/ is inside the repository");
    let py = root.join(".venv/bin/python");
    assert!(
        py.exists(),
        "{} not found: the Telethon cross-check needs its virtualenv. Run \
         `bash scripts/setup-telethon.sh` at the repository root (creates .venv with \
         telethon==1.45.0), then run the tests again.",
        py.display()
    );
    py
}

/// Fixed pseudo-random bytes (xorshift64), so the key and paddings look like real ones but
/// every run uses the same.
fn fixed_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(
        s.len().is_multiple_of(2),
        "odd-length hex from the script: {s}"
    );
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex from the script"))
        .collect()
}

/// `msg_id ‖ seq_no ‖ length ‖ body`: what Telethon's `encrypt_message_data` takes.
fn message(msg_id: i64, seq_no: i32, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + body.len());
    out.extend_from_slice(&msg_id.to_le_bytes());
    out.extend_from_slice(&seq_no.to_le_bytes());
    out.extend_from_slice(&u32::try_from(body.len()).expect("small body").to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// `salt ‖ session_id ‖ message`: the plaintext [`encrypt_message`] takes.
fn plaintext(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + message.len());
    out.extend_from_slice(&SALT.to_le_bytes());
    out.extend_from_slice(&SESSION_ID.to_le_bytes());
    out.extend_from_slice(message);
    out
}

struct Case {
    client_plaintext: Vec<u8>,
    client_padding: Vec<u8>,
    server_msg_id: i64,
    server_seq_no: i32,
    server_body: Vec<u8>,
    server_plaintext: Vec<u8>,
    server_padding: Vec<u8>,
    server_encrypted: Vec<u8>,
}

fn cases(key: &AuthKey) -> Vec<Case> {
    MESSAGE_LENGTHS
        .iter()
        .enumerate()
        .map(|(i, &len)| {
            let n = i as i64;
            let body = RpcError {
                error_code: 400 + i as i32,
                error_message: "A".repeat(len).into(),
            }
            .to_bytes();
            let client_message = message(MSG_ID_BASE + 4 * (n + 1), 2 * i as i32 + 1, &body);
            let client_plaintext = plaintext(&client_message);
            let client_padding =
                fixed_bytes(0xC0FFEE + i as u64, padding_len(client_plaintext.len()));
            let server_msg_id = MSG_ID_BASE + 4 * (n + 1) + 1;
            let server_seq_no = 2 * i as i32 + 1;
            let server_plaintext = plaintext(&message(server_msg_id, server_seq_no, &body));
            let server_padding =
                fixed_bytes(0xBEEF + i as u64, padding_len(server_plaintext.len()));
            let server_encrypted =
                encrypt_message(key, Side::Server, &server_plaintext, &server_padding)
                    .expect("valid padding");
            Case {
                client_plaintext,
                client_padding,
                server_msg_id,
                server_seq_no,
                server_body: body,
                server_plaintext,
                server_padding,
                server_encrypted,
            }
        })
        .collect()
}

/// Runs the script on the cases; its lines grouped by kind, then by case.
fn run_telethon(key: &AuthKey, cases: &[Case]) -> BTreeMap<String, BTreeMap<usize, Vec<String>>> {
    let mut spec = format!(
        r#"{{"auth_key":"{}","salt":{SALT},"session_id":{SESSION_ID},"cases":["#,
        hex(key.bytes())
    );
    for (i, case) in cases.iter().enumerate() {
        if i > 0 {
            spec.push(',');
        }
        spec.push_str(&format!(
            r#"{{"id":{i},"client_message":"{}","client_padding":"{}","server_msg_id":{},"server_encrypted":"{}"}}"#,
            // Telethon adds salt and session id itself.
            hex(&case.client_plaintext[16..]),
            hex(&case.client_padding),
            case.server_msg_id,
            hex(&case.server_encrypted),
        ));
    }
    spec.push_str("]}");

    let py = python();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/telethon/crypto.py");
    let mut child = Command::new(&py)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run {} {}: {e}", py.display(), script.display()));
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(spec.as_bytes())
        .expect("write the cases to the script");
    let out = child.wait_with_output().expect("the script finishes");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.lines().last() == Some("done"),
        "{} failed ({}):\nstdout:\n{stdout}\nstderr:\n{}",
        script.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines: BTreeMap<String, BTreeMap<usize, Vec<String>>> = BTreeMap::new();
    for line in stdout.lines().filter(|l| *l != "done") {
        let mut words = line.split(' ').map(str::to_owned);
        let (Some(kind), Some(case)) = (words.next(), words.next()) else {
            panic!("unexpected line from the script: {line}");
        };
        let case: usize = case.parse().expect("case number");
        lines.entry(kind).or_default().insert(case, words.collect());
    }
    lines
}

#[test]
fn telethon_and_we_encrypt_and_decrypt_alike() {
    let key = AuthKey::new(fixed_bytes(0x5EED, 256).try_into().expect("256 bytes"));
    let cases = cases(&key);
    let paddings: BTreeSet<usize> = cases.iter().map(|c| c.client_padding.len()).collect();
    assert_eq!(
        paddings,
        BTreeSet::from([12, 16, 20, 24]),
        "the cases need every padding length"
    );
    let telethon = run_telethon(&key, &cases);
    let get = |kind: &str, i: usize| -> &Vec<String> {
        telethon
            .get(kind)
            .and_then(|by_case| by_case.get(&i))
            .unwrap_or_else(|| panic!("no `{kind}` line for case {i}"))
    };

    assert_eq!(
        get("auth_key_id", 0),
        &vec![key.id().to_string()],
        "auth key id"
    );
    for (i, case) in cases.iter().enumerate() {
        let len = case.client_plaintext.len();

        // Client → server: Telethon's bytes are ours, and we read them back.
        let ours = encrypt_message(
            &key,
            Side::Client,
            &case.client_plaintext,
            &case.client_padding,
        )
        .expect("valid padding");
        let theirs = unhex(&get("encrypted", i)[0]);
        assert_eq!(
            hex(&theirs),
            hex(&ours),
            "case {i} ({len}-byte plaintext): Telethon's encryption differs from ours"
        );
        assert_eq!(
            decrypt_message(&key, Side::Client, &theirs).expect("we decrypt Telethon's message"),
            case.client_plaintext,
            "case {i}: decrypting Telethon's message"
        );

        // Server → client: Telethon receives our message whole, header and padding included.
        let received = get("received", i);
        assert_eq!(
            received[..2],
            [
                case.server_msg_id.to_string(),
                case.server_seq_no.to_string()
            ],
            "case {i}: msg_id and seq_no as Telethon received them"
        );
        assert_eq!(
            received[2],
            hex(&case.server_body),
            "case {i}: the body Telethon parsed, written back"
        );
        let mut padded = case.server_plaintext.clone();
        padded.extend_from_slice(&case.server_padding);
        assert_eq!(
            get("plaintext", i)[0],
            hex(&padded),
            "case {i}: Telethon's AES-IGE decryption of our message"
        );
        assert_eq!(
            get("tampered", i)[0],
            "refused",
            "case {i}: Telethon accepted our message with a flipped bit"
        );
    }
}
