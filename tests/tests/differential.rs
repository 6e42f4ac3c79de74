//! Differential test against grammers-tl-types 0.11 (an independent implementation of the same
//! layer 230): for every constructor and method, values from several seeds (the first two with
//! every flag set and none set) are encoded by us, decoded and re-encoded by grammers, compared
//! byte for byte, and read back by our decoder from grammers' bytes. What cannot be compared is
//! listed with the reason, never counted as passing.

mod support {
    pub mod differential;
}

use std::panic::{AssertUnwindSafe, catch_unwind};

use tl_runtime::fill::Filler;

/// The generated table: `DIFFERENTIAL` (name, check) and `DIFFERENTIAL_SKIPPED` (name, reason).
mod table {
    use super::support::differential::{Check, check_function, check_type};
    use tl_tests::full;

    include!(concat!(env!("OUT_DIR"), "/differential_table.rs"));
}

const SEEDS: u64 = 8;

#[test]
fn every_definition_agrees_with_grammers() {
    let mut failures = Vec::new();
    let mut cases = 0u64;
    for (i, (name, check)) in table::DIFFERENTIAL.iter().enumerate() {
        for s in 0..SEEDS {
            let seed = i as u64 * SEEDS + s;
            let mut g = Filler::for_case(seed, s);
            cases += 1;
            // A panic (ours or grammers') is a failure of this case, not of the whole run:
            // the report must still name the constructor.
            let result = catch_unwind(AssertUnwindSafe(|| check(&mut g))).unwrap_or_else(|p| {
                Err(format!(
                    "panicked: {}",
                    p.downcast_ref::<String>()
                        .map(String::as_str)
                        .or_else(|| p.downcast_ref::<&str>().copied())
                        .unwrap_or("(no message)")
                ))
            });
            if let Err(e) = result {
                failures.push(format!("{name} (seed {seed}, case {s}): {e}"));
            }
        }
    }
    let skipped = table::DIFFERENTIAL_SKIPPED;
    println!(
        "grammers-tl-types 0.11: {} definitions × {SEEDS} seeds = {cases} cases, {} mismatches; \
         {} definitions skipped:",
        table::DIFFERENTIAL.len(),
        failures.len(),
        skipped.len()
    );
    for (name, why) in skipped {
        println!("  skipped {name}: {why}");
    }
    for (name, ours, theirs) in table::ID_FIXUPS {
        println!(
            "  compared with the id translated: {name} is {ours:#010x} for us, {theirs:#010x} \
             for grammers (its inferred id is wrong, see known_grammers_id_defect)"
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} cases differ from grammers; first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    // api.tl has 1,703 constructors and 850 methods; a broken mapping would show up as a
    // short table or a long skip list rather than as failures.
    assert!(
        table::DIFFERENTIAL.len() > 2_500,
        "{}",
        table::DIFFERENTIAL.len()
    );
    assert!(skipped.len() < 30, "{} skipped", skipped.len());
}

/// grammers-tl-parser 1.2.2 infers the id of a definition written without `#id` from text in
/// which `:bytes ` became `: string` (a space moved: `infer_id` in its `utils.rs`), so
/// `tlsBlockString data:bytes = TlsBlock` gets crc32("tlsBlockString data: string= TlsBlock")
/// = 0xb2b51dca. The normalization rule (bytes → string, spaces kept) gives
/// crc32("tlsBlockString data:string = TlsBlock") = 0x4218a164, which is our id and Telethon's
/// (`alltlobjects.py`: `0x4218a164: types.TlsBlockString`). The differential test translates
/// that one id and compares the rest; any other disagreement on ids fails here.
#[test]
fn known_grammers_id_defect() {
    assert_eq!(
        table::ID_FIXUPS,
        &[("tlsBlockString", 0x4218a164, 0xb2b51dca)],
        "the ids grammers and we disagree on changed"
    );
    assert_eq!(
        tl_tests::full::name_for_id(0x4218a164),
        Some("tlsBlockString")
    );
    assert_eq!(crc32(b"tlsBlockString data:string = TlsBlock"), 0x4218a164);
    assert_eq!(crc32(b"tlsBlockString data: string= TlsBlock"), 0xb2b51dca);
}

/// CRC-32/IEEE, bit by bit: only two short strings, no need for a table or a dependency.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
