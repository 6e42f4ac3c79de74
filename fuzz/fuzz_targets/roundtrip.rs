//! A value of one definition of layer 230 (picked by the first two bytes) filled from a seed
//! (the next eight bytes): encode → decode must give it back, and the length pre-pass must
//! match what is written.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tl_runtime::fill::Filler;
use tl_tests::full::ROUNDTRIP;

fuzz_target!(|data: &[u8]| {
    let Some((pick, rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let seed = rest
        .first_chunk::<8>()
        .map_or(0, |s| u64::from_le_bytes(*s));
    let (name, check) = ROUNDTRIP[u16::from_le_bytes(*pick) as usize % ROUNDTRIP.len()];
    if let Err(e) = check(&mut Filler::new(seed)) {
        panic!("{name} (seed {seed}): {e}");
    }
});
