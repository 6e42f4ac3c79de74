//! Encoding and decoding speed of our full-layer bindings against grammers-tl-types 0.11 (issue 4).
//!
//! Both sides run in this one binary on the same values, each case as one criterion group with an
//! `ours` and a `grammers` function, so a ratio is read off a single run:
//! `cargo bench -p tl-tests --bench encoding`.
//!
//! The values are built once with our types; grammers' values are decoded from our bytes, and
//! the setup asserts that grammers writes those bytes back, so both sides really handle the same
//! data. Decoding starts from the received buffer as each API takes it: ours from a `Bytes` (what
//! a transport hands over; each iteration clones the handle, a reference-count increment charged
//! to us), grammers from a `&[u8]`. grammers' decoders for functions read only the fields, so
//! they get the bytes after the constructor id, which ours reads and checks. Every timed
//! iteration also drops its result, because freeing what a decode allocated is part of its cost.
//!
//! A counting global allocator reports allocations per operation (printed before the timings);
//! it counts only inside [`count_allocs`], so the timed loops pay one relaxed load per call.
//! `TL_BENCH_PROFILE` runs one operation in a loop instead, for callgrind, and
//! `TL_BENCH_INTERLEAVED` alternates ours and grammers in short rounds, for ratios that hold up
//! on a loaded machine (see [`benches`]).

use std::hint::black_box;
use tl_fixtures::alloc::{CountingAlloc, count_allocs};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use grammers_tl_types as g;
use tl_runtime::{Bytes, Deserialize, Serialize};
use tl_tests::full::{enums, functions, types};

// ---------------------------------------------------------------------------------------------
// Allocation counting

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Prints one line of the allocation table: `case  ours  grammers`.
fn report_allocs<A, B>(case: &str, ours: impl FnOnce() -> A, grammers: impl FnOnce() -> B) {
    let (oa, or) = count_allocs(ours);
    let (ga, gr) = count_allocs(grammers);
    println!("allocs  {case:<28} ours {oa:>6} (+{or} realloc)   grammers {ga:>6} (+{gr} realloc)");
}

// ---------------------------------------------------------------------------------------------
// Values (built with our types; grammers gets the same values through the wire)

/// The GUIDE's golden request, which must encode to exactly these 108 bytes.
fn request_call() -> functions::phone::RequestCall {
    functions::phone::RequestCall {
        video: true,
        user_id: types::InputUser {
            user_id: 123_456_789,
            access_hash: -0x0123_4567_89ab_cdef,
        }
        .into(),
        random_id: 0x1122_3344,
        g_a_hash: Bytes::from((0u8..32).collect::<Vec<u8>>()),
        protocol: protocol(),
    }
}

const GOLDEN_REQUEST_CALL: &str = "ed96ff42 01000000 c65811f2 15cd5b0700000000 1132547698badcfe \
    44332211 20 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 000000 \
    c88f87fc 03000000 41000000 5c000000 15c4b51c 02000000 05 322e342e34 0000 06 31312e302e30 00";

fn protocol() -> enums::PhoneCallProtocol {
    types::PhoneCallProtocol {
        udp_p2p: true,
        udp_reflector: true,
        min_layer: 65,
        max_layer: 92,
        library_versions: vec!["2.4.4".into(), "11.0.0".into()],
    }
    .into()
}

/// A user with every optional field and every flag set, with realistic sizes.
fn full_user(i: i64) -> enums::User {
    types::User {
        self_: true,
        contact: true,
        mutual_contact: true,
        deleted: true,
        bot_chat_history: true,
        bot_nochats: true,
        verified: true,
        min: true,
        bot_inline_geo: true,
        support: true,
        scam: true,
        apply_min_photo: true,
        fake: true,
        bot_attach_menu: true,
        premium: true,
        attach_menu_enabled: true,
        bot_can_edit: true,
        close_friend: true,
        stories_hidden: true,
        stories_unavailable: true,
        contact_require_premium: true,
        bot_business: true,
        bot_has_main_app: true,
        bot_forum_view: true,
        bot_forum_can_manage_topics: true,
        bot_can_manage_bots: true,
        bot_guestchat: true,
        bot_guard: true,
        id: 1_000_000 + i,
        access_hash: Some(0x5a5a_1234_5678_9abc ^ i),
        first_name: Some(format!("Firstname{i}").into()),
        last_name: Some(format!("Lastname{i}").into()),
        username: Some(format!("user_name_{i}").into()),
        phone: Some(format!("4479{i:08}").into()),
        photo: Some(
            types::UserProfilePhoto {
                has_video: true,
                personal: true,
                photo_id: 0x0123_4567_0000_0000 + i,
                // A stripped thumbnail is a tiny JPEG body, typically a hundred-odd bytes.
                stripped_thumb: Some(Bytes::from(vec![0x5c; 120])),
                dc_id: 2,
            }
            .into(),
        ),
        status: Some(
            types::UserStatusOnline {
                expires: 1_700_000_600,
            }
            .into(),
        ),
        bot_info_version: Some(7),
        restriction_reason: Some(vec![
            types::RestrictionReason {
                platform: "ios".into(),
                reason: "terms".into(),
                text: "This bot is unavailable on iOS because it violated App Store rules.".into(),
            }
            .into(),
        ]),
        bot_inline_placeholder: Some("Search for something…".into()),
        lang_code: Some("en".into()),
        emoji_status: Some(
            types::EmojiStatus {
                document_id: 5_368_324_170_671_202_286,
                until: Some(1_800_000_000),
            }
            .into(),
        ),
        usernames: Some(vec![
            types::Username {
                editable: true,
                active: true,
                deletable: false,
                expired: false,
                username: format!("user_name_{i}").into(),
            }
            .into(),
            types::Username {
                editable: false,
                active: true,
                deletable: true,
                expired: true,
                username: format!("collectible{i}").into(),
            }
            .into(),
        ]),
        stories_max_id: Some(
            types::RecentStory {
                live: true,
                max_id: Some(42),
            }
            .into(),
        ),
        color: Some(
            types::PeerColor {
                color: Some(5),
                background_emoji_id: Some(5_301_072_507_708_550_315),
            }
            .into(),
        ),
        profile_color: Some(
            types::PeerColor {
                color: Some(3),
                background_emoji_id: Some(5_301_072_507_708_550_316),
            }
            .into(),
        ),
        bot_active_users: Some(12_345),
        bot_verification_icon: Some(5_000_000_000 + i),
        send_paid_messages_stars: Some(250),
        linked_community_id: Some(777_000 + i),
    }
    .into()
}

/// phone.phoneCall answering a requestCall: the waiting call and the callee.
fn phone_call() -> enums::phone::PhoneCall {
    types::phone::PhoneCall {
        phone_call: types::PhoneCallWaiting {
            video: true,
            id: 0x7777_0000_1111,
            access_hash: -0x0123_4567_89ab_cdef,
            date: 1_700_000_000,
            admin_id: 1_000_001,
            participant_id: 1_000_002,
            protocol: protocol(),
            receive_date: Some(1_700_000_001),
        }
        .into(),
        users: vec![full_user(1)],
    }
    .into()
}

/// A private-chat message: sender, peer, date, 200 bytes of text with three entities.
fn message(i: i32) -> enums::Message {
    let user = |id: i64| -> enums::Peer { types::PeerUser { user_id: id }.into() };
    // 200 bytes of ordinary text, varied per message.
    let mut text = format!("Message {i:03}: ");
    while text.len() < 200 {
        text.push_str("the quick brown fox jumps over the lazy dog ");
    }
    text.truncate(200);
    types::Message {
        out: i % 2 == 0,
        mentioned: false,
        media_unread: false,
        silent: false,
        post: false,
        from_scheduled: false,
        legacy: false,
        edit_hide: false,
        pinned: false,
        noforwards: false,
        invert_media: false,
        offline: false,
        video_processing_pending: false,
        paid_suggested_post_stars: false,
        paid_suggested_post_ton: false,
        id: 10_000 + i,
        from_id: Some(user(1_000_000 + i64::from(i % 2))),
        from_boosts_applied: None,
        from_rank: None,
        peer_id: user(1_000_001),
        saved_peer_id: None,
        fwd_from: None,
        via_bot_id: None,
        via_business_bot_id: None,
        guestchat_via_from: None,
        reply_to: None,
        date: 1_700_000_000 + i * 60,
        message: text.into(),
        media: None,
        reply_markup: None,
        entities: Some(vec![
            types::MessageEntityBold {
                offset: 0,
                length: 11,
            }
            .into(),
            types::MessageEntityUrl {
                offset: 13,
                length: 9,
            }
            .into(),
            types::MessageEntityTextUrl {
                offset: 24,
                length: 5,
                url: format!("https://example.com/articles/{i}").into(),
            }
            .into(),
        ]),
        views: None,
        forwards: None,
        replies: None,
        edit_date: (i % 10 == 0).then_some(1_700_000_030 + i * 60),
        post_author: None,
        grouped_id: None,
        reactions: None,
        restriction_reason: None,
        ttl_period: None,
        quick_reply_shortcut_id: None,
        effect: None,
        factcheck: None,
        report_delivery_until_date: None,
        paid_message_stars: None,
        suggested_post: None,
        schedule_repeat_period: None,
        summary_from_language: None,
        rich_message: None,
    }
    .into()
}

/// messages.messages with 100 messages and the 100 users they mention.
fn messages() -> enums::messages::Messages {
    types::messages::Messages {
        messages: (0..100).map(message).collect(),
        topics: vec![],
        chats: vec![],
        users: (0..100).map(full_user).collect(),
    }
    .into()
}

fn save_file_part() -> functions::upload::SaveFilePart {
    functions::upload::SaveFilePart {
        file_id: 0x0bad_cafe_f00d,
        file_part: 3,
        bytes: Bytes::from((0..1 << 20).map(|i: u32| i as u8).collect::<Vec<u8>>()),
    }
}

fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap())
        .collect()
}

/// One case: our value, its bytes, and grammers' value decoded from those bytes.
struct Case<O, G> {
    name: &'static str,
    ours: O,
    wire: Bytes,
    theirs: G,
    /// Where grammers' input starts in `wire`: 4 for a function, whose grammers decoder reads
    /// only the fields (its server-side dispatcher would have consumed the id to pick the
    /// function), 0 for a type.
    grammers_skip: usize,
}

impl<O, G> Case<O, G>
where
    O: Serialize + Deserialize + PartialEq + std::fmt::Debug,
    G: g::Serializable + g::Deserializable,
{
    /// `function_id` is the function's constructor id, `None` for a type. Checks that both
    /// sides write the same bytes and that our decoder gives the value back.
    fn new(name: &'static str, ours: O, function_id: Option<u32>) -> Self {
        let wire = Bytes::from(ours.to_bytes());
        let grammers_skip = match function_id {
            Some(id) => {
                assert_eq!(wire[..4], id.to_le_bytes());
                4
            }
            None => 0,
        };
        let theirs = G::from_bytes(&wire[grammers_skip..]).expect("grammers decodes our bytes");
        assert_eq!(
            theirs.to_bytes(),
            wire,
            "grammers re-encodes our bytes unchanged"
        );
        assert_eq!(O::from_bytes(wire.clone()).unwrap(), ours);
        Self {
            name,
            ours,
            wire,
            theirs,
            grammers_skip,
        }
    }

    fn decode_ours(&self) -> O {
        O::from_bytes(black_box(&self.wire).clone()).unwrap()
    }

    fn decode_grammers(&self) -> G {
        G::from_bytes(black_box(&self.wire[self.grammers_skip..])).unwrap()
    }

    /// Prints this case's allocations per encode and per decode, ours and grammers'.
    fn report_allocs(&self) {
        report_allocs(
            &format!("{} encode", self.name),
            || self.ours.to_bytes(),
            || self.theirs.to_bytes(),
        );
        report_allocs(
            &format!("{} decode", self.name),
            || self.decode_ours(),
            || self.decode_grammers(),
        );
    }

    /// Runs `op` (`encode/ours`, `decode/grammers`, ...) `n` times, for the profiling mode.
    fn run(&self, op: &str, n: usize) {
        for _ in 0..n {
            match op {
                "encode/ours" => drop(black_box(black_box(&self.ours).to_bytes())),
                "encode/grammers" => drop(black_box(black_box(&self.theirs).to_bytes())),
                "decode/ours" => drop(black_box(self.decode_ours())),
                "decode/grammers" => drop(black_box(self.decode_grammers())),
                _ => panic!("unknown operation {op:?}"),
            }
        }
    }

    /// Median time per operation of ours and of grammers, and the median of the per-round
    /// ratios, over `rounds` rounds that each time ours, then grammers, for about 5 ms of ours: both
    /// sides see the same machine load, whatever other jobs do meanwhile.
    fn interleaved(&self, op: &str, rounds: usize) {
        let time = |side: &str, n: usize| {
            let start = std::time::Instant::now();
            self.run(&format!("{op}/{side}"), n);
            start.elapsed().as_secs_f64() / n as f64
        };
        // Iterations per round: about 5 ms of ours.
        let n = ((5e-3 / time("ours", 100)) as usize).max(1);
        let (mut ours, mut theirs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            let o = time("ours", n);
            let g = time("grammers", n);
            ours.push(o);
            theirs.push(g);
            ratios.push(o / g);
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
        let (ours_min, theirs_min) = (min(&ours), min(&theirs));
        println!(
            "interleaved {:<24} ours {:>10.1} ns  grammers {:>10.1} ns  ratio {:.3}  \
             (fastest rounds: {:.1} / {:.1} ns = {:.3})",
            format!("{}/{op}", self.name),
            median(&mut ours) * 1e9,
            median(&mut theirs) * 1e9,
            median(&mut ratios),
            ours_min * 1e9,
            theirs_min * 1e9,
            ours_min / theirs_min
        );
    }

    /// One encode group and one decode group, each with `ours` and `grammers`.
    fn bench(&self, c: &mut Criterion) {
        let mut group = c.benchmark_group(format!("{}/encode", self.name));
        group.throughput(Throughput::Bytes(self.wire.len() as u64));
        group.bench_function("ours", |b| b.iter(|| black_box(&self.ours).to_bytes()));
        group.bench_function("grammers", |b| {
            b.iter(|| black_box(&self.theirs).to_bytes())
        });
        group.finish();

        let mut group = c.benchmark_group(format!("{}/decode", self.name));
        group.throughput(Throughput::Bytes(self.wire.len() as u64));
        group.bench_function("ours", |b| b.iter(|| self.decode_ours()));
        group.bench_function("grammers", |b| b.iter(|| self.decode_grammers()));
        group.finish();
    }
}

// ---------------------------------------------------------------------------------------------
// Benchmarks

fn benches(c: &mut Criterion) {
    let a = Case::<_, g::functions::phone::RequestCall>::new(
        "a_request_call",
        request_call(),
        Some(0x42ff96ed),
    );
    assert_eq!(a.wire, hex(GOLDEN_REQUEST_CALL), "the GUIDE's golden bytes");
    let b = Case::<_, g::enums::phone::PhoneCall>::new("b_phone_call", phone_call(), None);
    let m = Case::<_, g::enums::messages::Messages>::new("c_messages", messages(), None);
    let d = Case::<_, g::functions::upload::SaveFilePart>::new(
        "d_save_file_part",
        save_file_part(),
        Some(0xb304a621),
    );

    // Profiling mode, for instruction counts that do not depend on the machine's load:
    // `TL_BENCH_PROFILE=c_messages/decode/ours:200 valgrind --tool=callgrind BENCH_BINARY`
    // runs one operation N times instead of the benchmarks; the difference between two counts
    // (N and 0) divided by N is the cost of one operation.
    if let Ok(spec) = std::env::var("TL_BENCH_PROFILE") {
        let (what, n) = spec.rsplit_once(':').expect("CASE/OP/SIDE:N");
        let n: usize = n.parse().expect("N is a number");
        let (case, op) = what.split_once('/').expect("CASE/OP/SIDE:N");
        match case {
            "a_request_call" => a.run(op, n),
            "b_phone_call" => b.run(op, n),
            "c_messages" => m.run(op, n),
            "d_save_file_part" => d.run(op, n),
            _ => panic!("unknown case {case:?}"),
        }
        return;
    }

    // Interleaved mode, for ratios on a machine shared with other jobs:
    // `TL_BENCH_INTERLEAVED=ROUNDS BENCH_BINARY --bench` (see `Case::interleaved`).
    if let Ok(rounds) = std::env::var("TL_BENCH_INTERLEAVED") {
        let rounds: usize = rounds.parse().expect("ROUNDS is a number");
        for op in ["encode", "decode"] {
            a.interleaved(op, rounds);
            b.interleaved(op, rounds);
            m.interleaved(op, rounds);
            d.interleaved(op, rounds);
        }
        return;
    }

    println!(
        "sizes   (a) {} B, (b) {} B, (c) {} B, (d) {} B on the wire; in memory enums::Message {} B, \
         enums::User {} B (grammers: {} B, {} B)",
        a.wire.len(),
        b.wire.len(),
        m.wire.len(),
        d.wire.len(),
        size_of::<enums::Message>(),
        size_of::<enums::User>(),
        size_of::<g::enums::Message>(),
        size_of::<g::enums::User>(),
    );
    a.report_allocs();
    b.report_allocs();
    m.report_allocs();
    d.report_allocs();

    a.bench(c);
    b.bench(c);
    m.bench(c);
    d.bench(c);

    // Baselines: copying bytes into a new buffer, the floor for any encoder that returns a
    // fresh Vec, and what a decoder that copied its input would pay at least once.
    let mut group = c.benchmark_group("memcpy");
    group.throughput(Throughput::Bytes(m.wire.len() as u64));
    group.bench_function("c_size", |b| b.iter(|| black_box(&m.wire[..]).to_vec()));
    let payload = &d.ours.bytes;
    group.throughput(Throughput::Bytes(payload.len() as u64));
    group.bench_function("1MiB", |b| b.iter(|| black_box(&payload[..]).to_vec()));
    group.finish();
}

criterion_group!(encoding, benches);
criterion_main!(encoding);
