//! Arbitrary bytes into the decoder of one boxed type or method of layer 230, chosen by the
//! first two bytes. Decode errors are expected; a panic, or a value that does not survive
//! encode → decode → encode unchanged, is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tl_tests::full::DECODE;

fuzz_target!(|data: &[u8]| {
    let Some((pick, rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let (name, check) = DECODE[u16::from_le_bytes(*pick) as usize % DECODE.len()];
    if let Err(e) = check(rest) {
        panic!("{name}: {e}");
    }
});
