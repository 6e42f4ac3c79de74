use tl_runtime::wire::{self, bytes_len, put_bytes};
use tl_runtime::{Bytes, DecodeError, DecodeErrorKind, Deserialize, Reader, Serialize};

use crate::common::{hex, round_trip};

#[test]
fn lengths_at_the_guide_boundaries() {
    for (n, total) in [
        (0, 4),
        (1, 4),
        (3, 4),
        (4, 8),
        (253, 256),
        (254, 260),
        (255, 260),
        (256, 260),
        (257, 264),
    ] {
        assert_eq!(bytes_len(n), total, "n = {n}");
        let data = vec![0xabu8; n];
        let mut out = Vec::new();
        put_bytes(&mut out, &data);
        assert_eq!(out.len(), total, "n = {n}");
        let value = Bytes::from(data);
        assert_eq!(round_trip(&value).len(), total);
    }
}

#[test]
fn short_and_long_prefixes() {
    assert_eq!(round_trip(&String::new()), hex("00000000"));
    assert_eq!(round_trip(&"abc".to_owned()), hex("03616263"));
    assert_eq!(round_trip(&"abcd".to_owned()), hex("04616263 64000000"));
    let s253 = "x".repeat(253);
    let out = round_trip(&s253);
    assert_eq!(out[0], 253);
    assert_eq!(&out[254..], &[0, 0]);
    let s254 = "y".repeat(254);
    let out = round_trip(&s254);
    assert_eq!(&out[..4], &hex("fefe0000")[..]);
    assert_eq!(&out[258..], &[0, 0]);
}

#[test]
fn three_byte_length_form() {
    let n = 0x01_02_03usize; // 66051 bytes: every length byte differs
    let data: Vec<u8> = (0..n).map(|i| i as u8).collect();
    let out = Bytes::from(data.clone()).to_bytes();
    assert_eq!(&out[..4], &hex("fe030201")[..]);
    assert_eq!(out.len(), bytes_len(n));
    assert_eq!(out.len(), (4 + n + 3) & !3);
    assert_eq!(Bytes::from_bytes(out).unwrap(), data);
    // A long prefix with a short length is still read (only the writer must be canonical).
    assert_eq!(
        Bytes::from_bytes(hex("fe020000 6869 0000")).unwrap(),
        &b"hi"[..]
    );
}

#[test]
fn bytes_decode_is_zero_copy() {
    let input = Bytes::from(Bytes::from(vec![0x55u8; 300]).to_bytes());
    let range = input.as_ptr() as usize..input.as_ptr() as usize + input.len();
    let mut r = Reader::new(input.clone());
    let out = r.read_bytes().unwrap();
    assert_eq!(out.len(), 300);
    assert!(
        range.contains(&(out.as_ptr() as usize)),
        "payload was copied"
    );
    assert_eq!(out.as_ptr() as usize, range.start + 4);

    let out = Bytes::from_bytes(input.clone()).unwrap();
    assert!(range.contains(&(out.as_ptr() as usize)));
}

#[test]
fn strings_decode_utf8_and_replace_invalid_sequences() {
    let s = "Привет, 世界 👋".to_owned();
    round_trip(&s);
    // 0xff can start no UTF-8 sequence; the message must still decode.
    let mut raw = Vec::new();
    put_bytes(&mut raw, b"ok\xffok");
    assert_eq!(String::from_bytes(raw).unwrap(), "ok\u{fffd}ok");
}

#[test]
fn length_past_the_end_is_invalid_length() {
    assert!(matches!(
        Bytes::from_bytes(hex("05616263")).map_err(DecodeError::into_kind),
        Err(DecodeErrorKind::InvalidLength {
            offset: 0,
            length: 5,
            ..
        })
    ));
    // Padding is part of the value: 4 bytes of payload need 8 bytes in all.
    assert!(matches!(
        Bytes::from_bytes(hex("04616263 64")).map_err(DecodeError::into_kind),
        Err(DecodeErrorKind::InvalidLength {
            offset: 0,
            length: 4,
            ..
        })
    ));
    assert!(matches!(
        String::from_bytes(hex("fe00010000")).map_err(DecodeError::into_kind),
        Err(DecodeErrorKind::InvalidLength {
            offset: 0,
            length: 256,
            ..
        })
    ));
}

#[test]
fn ff_prefix_and_short_headers_are_rejected() {
    assert!(matches!(
        Bytes::from_bytes(hex("ff000000")).map_err(DecodeError::into_kind),
        Err(DecodeErrorKind::InvalidLength { length: 255, .. })
    ));
    assert_eq!(
        Bytes::from_bytes(hex("fe0100")),
        Err(DecodeError::from(DecodeErrorKind::UnexpectedEof {
            offset: 0,
            needed: 4
        }))
    );
    assert_eq!(
        Bytes::from_bytes(Bytes::new()),
        Err(DecodeError::from(DecodeErrorKind::UnexpectedEof {
            offset: 0,
            needed: 1
        }))
    );
}

#[test]
#[should_panic(expected = "16 MiB")]
fn writing_more_than_the_format_allows_panics() {
    let data = vec![0u8; wire::MAX_BYTES_LEN + 1];
    put_bytes(&mut Vec::new(), &data);
}
