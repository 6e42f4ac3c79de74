//! Cut or corrupted input must produce an error, never a panic.

use tl_runtime::{Bytes, DecodeError, DecodeErrorKind, Deserialize, RpcError};

use crate::common::hex;
use crate::golden::{REQUEST_CALL_HEX, RequestCall};

fn every_prefix_fails<T: Deserialize + std::fmt::Debug>(full: &[u8]) {
    for cut in 0..full.len() {
        let data = Bytes::copy_from_slice(&full[..cut]);
        let result = T::from_bytes(data);
        assert!(
            matches!(
                result.as_ref().map_err(DecodeError::kind),
                Err(DecodeErrorKind::UnexpectedEof { .. }
                    | DecodeErrorKind::InvalidLength { .. }
                    | DecodeErrorKind::VectorTooLong { .. })
            ),
            "cut at {cut}: {result:?}"
        );
    }
}

#[test]
fn request_call_cut_anywhere() {
    every_prefix_fails::<RequestCall>(&hex(REQUEST_CALL_HEX));
}

#[test]
fn composite_values_cut_anywhere() {
    let long_string = "z".repeat(300);
    let v = vec![vec![long_string, String::new(), "abcd".into()], vec![]];
    every_prefix_fails::<Vec<Vec<String>>>(&tl_runtime::Serialize::to_bytes(&v));
    every_prefix_fails::<RpcError>(&tl_runtime::Serialize::to_bytes(&RpcError::new(
        420,
        "FLOOD_WAIT_30",
    )));
}

/// xorshift64: deterministic noise without a dependency.
fn noise(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn corrupted_bytes_never_panic() {
    let golden = hex(REQUEST_CALL_HEX);
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..20_000 {
        let mut data = golden.clone();
        for _ in 0..1 + noise(&mut seed) % 4 {
            let i = (noise(&mut seed) as usize) % data.len();
            data[i] = noise(&mut seed) as u8;
        }
        let cut = (noise(&mut seed) as usize) % (data.len() + 1);
        data.truncate(cut);
        let data = Bytes::from(data);
        let _ = RequestCall::from_bytes(data.clone());
        let _ = Vec::<Vec<String>>::from_bytes(data.clone());
        let _ = Vec::<Bytes>::from_bytes(data);
    }
}
