//! Untrusted bytes against the generated whole-layer decoders: no panic, no stack overflow,
//! no allocation beyond a small multiple of the input, typed errors.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use tl_runtime::fill::Filler;
use tl_runtime::{Bytes, DecodeError, DecodeErrorKind, Deserialize, Identifiable, Reader};
use tl_tests::full::{self, enums, types};

/// Counts bytes currently allocated and the peak since the last reset (this test binary only).
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers every call to `System` unchanged; only counts sizes on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Peak bytes allocated (above what was live before) while running `f`. Tests in this binary
/// run one at a time for this (see `serial`).
fn peak_during(f: impl FnOnce()) -> usize {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    f();
    PEAK.load(Ordering::Relaxed).saturating_sub(base)
}

static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn le(v: u32) -> [u8; 4] {
    v.to_le_bytes()
}

#[test]
fn vector_count_past_the_input_is_refused_before_allocating() {
    let _g = serial();
    // messages.messages with a `messages` vector claiming 2^31-1 entries and 8 bytes left.
    let mut data = Vec::new();
    data.extend(le(types::messages::Messages::CONSTRUCTOR_ID));
    data.extend(le(0x1cb5c415));
    data.extend(le(0x7fff_ffff));
    data.extend([0u8; 8]);
    let data = Bytes::from(data);
    let mut result = None;
    let peak = peak_during(|| result = Some(enums::messages::Messages::from_bytes(data.clone())));
    match result.unwrap().map_err(DecodeError::into_kind) {
        Err(DecodeErrorKind::VectorTooLong { .. }) => {}
        other => panic!("expected VectorTooLong, got {other:?}"),
    }
    assert!(peak < 4096, "allocated {peak} bytes for a 20-byte input");
}

#[test]
fn bare_vector_count_past_the_input_is_refused_before_allocating() {
    let _g = serial();
    // future_salts' `vector<future_salt>` (bare items, no vector id) claiming 2^31-1 salts.
    let head = |count: u32| {
        let mut data = Vec::new();
        data.extend(le(types::FutureSalts::CONSTRUCTOR_ID));
        data.extend(7i64.to_le_bytes());
        data.extend(le(1_700_000_000));
        data.extend(le(count));
        data
    };
    let mut data = head(0x7fff_ffff);
    data.extend([0u8; 8]);
    let data = Bytes::from(data);
    let mut result = None;
    let peak = peak_during(|| result = Some(enums::FutureSalts::from_bytes(data.clone())));
    match result.unwrap().map_err(DecodeError::into_kind) {
        Err(DecodeErrorKind::VectorTooLong { .. }) => {}
        other => panic!("expected VectorTooLong, got {other:?}"),
    }
    assert!(peak < 4096, "allocated {peak} bytes for a 28-byte input");

    // A count the input could hold at one byte a salt, but the second salt is cut short.
    let mut data = head(2);
    data.extend([0u8; 16 + 8]);
    match enums::FutureSalts::from_bytes(Bytes::from(data)).map_err(DecodeError::into_kind) {
        Err(DecodeErrorKind::UnexpectedEof { .. }) => {}
        other => panic!("expected UnexpectedEof, got {other:?}"),
    }
}

/// `textBold#6724abc4 text:RichText = RichText` nested `depth` times around `textEmpty`.
fn nested_rich_text(depth: usize) -> Bytes {
    let mut data = Vec::with_capacity(depth * 4 + 4);
    for _ in 0..depth {
        data.extend(le(types::TextBold::CONSTRUCTOR_ID));
    }
    data.extend(le(types::TextEmpty::CONSTRUCTOR_ID));
    data.into()
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let _g = serial();
    let err = enums::RichText::from_bytes(nested_rich_text(100_000)).unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::TooDeep { limit: 100 }),
        "{err:?}"
    );

    // Within the default limit it decodes; the limit is configurable.
    assert!(enums::RichText::from_bytes(nested_rich_text(90)).is_ok());
    let mut r = Reader::new(nested_rich_text(150));
    assert!(matches!(
        enums::RichText::deserialize(&mut r).map_err(DecodeError::into_kind),
        Err(DecodeErrorKind::TooDeep { .. })
    ));
    let mut r = Reader::new(nested_rich_text(150)).with_max_depth(200);
    assert!(enums::RichText::deserialize(&mut r).is_ok());
}

#[test]
fn unknown_constructor_names_the_id_and_the_type() {
    let _g = serial();
    let err = enums::User::from_bytes(Bytes::from_static(&[0xef, 0xbe, 0xad, 0xde, 0, 0, 0, 0]))
        .unwrap_err();
    match err.kind() {
        DecodeErrorKind::UnexpectedConstructor { expected, id, .. } => {
            assert_eq!(*id, 0xdeadbeef);
            assert_eq!(*expected, "User");
        }
        e => panic!("expected UnexpectedConstructor, got {e:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("deadbeef") && msg.contains("User"), "{msg}");
}

/// Arbitrary bytes into every boxed type and method of the layer: decoding never panics, never
/// allocates more than a small multiple of the input, and whatever decodes re-encodes
/// consistently. Inputs: random bytes, and valid encodings with bytes flipped or cut short.
#[test]
fn arbitrary_bytes_into_every_decoder() {
    let _g = serial();
    let mut g = Filler::new(0x5eed);
    let mut cases = 0usize;
    let mut worst_ratio = 0.0f64;
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    for len in [0usize, 1, 3, 4, 7, 8, 16, 64, 300] {
        let bytes: Vec<u8> = (0..len).map(|_| g.next_u64() as u8).collect();
        inputs.push(bytes);
    }
    let mut failures = Vec::new();
    for (name, decode) in full::DECODE {
        for input in &inputs {
            // Start every input with a real id of some constructor so decoding goes past the
            // first check now and then.
            for prefix in [None, Some(g.next_u64() as u32)] {
                let mut data = input.clone();
                if let Some(p) = prefix {
                    data.splice(0..0, p.to_le_bytes());
                }
                cases += 1;
                let mut res = Ok(());
                let peak = peak_during(|| res = decode(&data));
                if let Err(e) = res {
                    failures.push(format!("{name}: {e}"));
                }
                let ratio = peak as f64 / (data.len().max(64)) as f64;
                worst_ratio = worst_ratio.max(ratio);
            }
        }
    }
    println!(
        "{} decoders, {cases} inputs, worst peak allocation {worst_ratio:.1}x the input (min 64 B)",
        full::DECODE.len()
    );
    assert!(
        failures.is_empty(),
        "{}",
        failures[..failures.len().min(5)].join("\n")
    );
    assert!(
        worst_ratio < 64.0,
        "peak allocation {worst_ratio:.1}x the input"
    );
}

/// Valid encodings of large types, with bytes flipped and cut short: the decoders get deep into
/// real structures before meeting the damage.
#[test]
fn mutated_valid_encodings() {
    use tl_runtime::Serialize;
    use tl_runtime::fill::Fill;
    let _g = serial();
    let decoder = |name: &str| {
        full::DECODE
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
            .expect("decoder exists")
    };
    let mut samples: Vec<(&str, Vec<u8>)> = Vec::new();
    for seed in 0..20 {
        let mut g = Filler::new(seed);
        samples.push((
            "messages.Messages",
            enums::messages::Messages::fill(&mut g).to_bytes(),
        ));
        samples.push(("User", enums::User::fill(&mut g).to_bytes()));
        samples.push(("Update", enums::Update::fill(&mut g).to_bytes()));
        samples.push(("Message", enums::Message::fill(&mut g).to_bytes()));
    }
    let mut g = Filler::new(99);
    let mut cases = 0;
    let mut failures = Vec::new();
    for (name, bytes) in &samples {
        let decode = decoder(name);
        for _ in 0..50 {
            let mut data = bytes.clone();
            if data.is_empty() {
                continue;
            }
            match g.choose(3) {
                0 => {
                    let at = g.choose(data.len());
                    data[at] ^= 1 << g.choose(8);
                }
                1 => data.truncate(g.choose(data.len())),
                _ => {
                    let at = g.choose(data.len());
                    data[at] = 0xff;
                }
            }
            cases += 1;
            let mut res = Ok(());
            let peak = peak_during(|| res = decode(&data));
            if let Err(e) = res {
                failures.push(format!("{name}: {e}"));
            }
            assert!(
                peak <= 64 * data.len().max(64),
                "{name}: {peak} bytes allocated for a {}-byte input",
                data.len()
            );
        }
    }
    println!("{cases} mutated encodings decoded without panic");
    assert!(
        failures.is_empty(),
        "{}",
        failures[..failures.len().min(5)].join("\n")
    );
}
