//! The whole layer 230 (api.tl + mtproto.tl): the bindings compile (this file would not build
//! otherwise), every enum is at most 128 bytes (asserted at compile time by the generated
//! `const _: () = assert!(size_of::<E>() <= 128)` items), and every constructor and method
//! round-trips encode → decode → equal with example values from several seeds.

use tl_runtime::fill::Filler;
use tl_tests::full;

const SEEDS: u64 = 8;

#[test]
fn every_definition_round_trips() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (i, (name, check)) in full::ROUNDTRIP.iter().enumerate() {
        for seed in 0..SEEDS {
            let mut g = Filler::new(seed * 1_000_003 + i as u64);
            checked += 1;
            if let Err(e) = check(&mut g) {
                failures.push(format!("{name} (seed {seed}): {e}"));
            }
        }
    }
    println!(
        "{} definitions, {checked} round trips, {} failures",
        full::ROUNDTRIP.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures, first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // api.tl's 1,703 constructors and 850 methods, minus the ones that map to Rust
    // primitives (Bool, True, Vector) and generic methods, plus mtproto.tl's.
    assert!(full::ROUNDTRIP.len() > 2_500, "{}", full::ROUNDTRIP.len());
}

#[test]
fn layer_and_ids() {
    assert_eq!(full::LAYER, 230);
    assert_eq!(full::name_for_id(0x42ff96ed), Some("phone.requestCall"));
    assert_eq!(full::name_for_id(0xec82e140), Some("phone.phoneCall"));
    assert_eq!(full::name_for_id(0x1234_5678), None);
}

#[test]
fn largest_enum_is_small() {
    // The compile-time asserts cap every enum at 128 bytes; the biggest offenders in
    // grammers (Message: 2,584 bytes) must be far below that here.
    let sizes = [
        std::mem::size_of::<full::enums::Message>(),
        std::mem::size_of::<full::enums::User>(),
        std::mem::size_of::<full::enums::Chat>(),
        std::mem::size_of::<full::enums::Update>(),
    ];
    for s in sizes {
        assert!(s <= 128, "{sizes:?}");
    }
}
