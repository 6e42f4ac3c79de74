use tl_runtime::wire::{BOOL_FALSE_ID, BOOL_TRUE_ID};
use tl_runtime::{Bare, Bytes, DecodeError, DecodeErrorKind, Deserialize, Reader, Serialize};

use crate::common::{hex, round_trip};

#[test]
fn integers_round_trip_little_endian() {
    assert_eq!(round_trip(&0x1234_5678i32), hex("78563412"));
    assert_eq!(round_trip(&-1i32), hex("ffffffff"));
    assert_eq!(round_trip(&i32::MIN), hex("00000080"));
    assert_eq!(round_trip(&0xdead_beefu32), hex("efbeadde"));
    assert_eq!(
        round_trip(&-0x0123_4567_89ab_cdefi64),
        hex("1132547698badcfe")
    );
    assert_eq!(round_trip(&i64::MAX), hex("ffffffffffffff7f"));
}

#[test]
fn double_round_trips_bit_for_bit() {
    assert_eq!(round_trip(&1.5f64), hex("000000000000f83f"));
    for v in [0.0, -0.0, f64::INFINITY, f64::MIN_POSITIVE, f64::MAX] {
        let back = f64::from_bytes(v.to_bytes()).unwrap();
        assert_eq!(back.to_bits(), v.to_bits());
    }
    let nan = f64::from_bits(0x7ff8_0000_0000_1234);
    assert_eq!(
        f64::from_bytes(nan.to_bytes()).unwrap().to_bits(),
        nan.to_bits()
    );
}

#[test]
fn int128_and_int256_are_raw_bytes() {
    let a: [u8; 16] = std::array::from_fn(|i| i as u8);
    let b: [u8; 32] = std::array::from_fn(|i| 0xff - i as u8);
    assert_eq!(round_trip(&a), a.to_vec());
    assert_eq!(round_trip(&b), b.to_vec());
}

#[test]
fn bool_uses_its_constructor_ids() {
    assert_eq!(BOOL_TRUE_ID, 0x997275b5);
    assert_eq!(BOOL_FALSE_ID, 0xbc799737);
    assert_eq!(round_trip(&true), hex("b5757299"));
    assert_eq!(round_trip(&false), hex("379779bc"));
}

#[test]
fn bool_rejects_other_ids_naming_type_and_id() {
    let err = bool::from_bytes(hex("00000000 ")).unwrap_err();
    assert_eq!(
        err,
        DecodeError::from(DecodeErrorKind::UnexpectedConstructor {
            expected: "Bool",
            id: 0,
            offset: 0
        })
    );
    // `true#3fedd339 = True` is not a Bool either.
    let err = bool::from_bytes(hex("39d3ed3f")).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("Bool") && text.contains("0x3fedd339"),
        "{text}"
    );
}

#[test]
fn boxes_delegate() {
    let v: Box<i64> = Box::new(7);
    assert_eq!(round_trip(&v), hex("0700000000000000"));
    let r: &i32 = &5;
    assert_eq!(r.to_bytes(), hex("05000000"));
}

#[test]
fn bare_form_of_primitives_is_the_same_bytes() {
    let mut out = Vec::new();
    5i32.serialize_bare(&mut out);
    Bytes::from_static(b"ab").serialize_bare(&mut out);
    assert_eq!(out, hex("05000000 02616200"));
    let mut r = Reader::new(out.into());
    assert_eq!(i32::deserialize_bare(&mut r).unwrap(), 5);
    assert_eq!(Bytes::deserialize_bare(&mut r).unwrap(), &b"ab"[..]);
    assert_eq!(r.remaining(), 0);
}

#[test]
fn trailing_bytes_are_an_error() {
    assert_eq!(
        i32::from_bytes(hex("01000000 02000000")),
        Err(DecodeError::from(DecodeErrorKind::TrailingBytes {
            remaining: 4
        }))
    );
}

#[test]
fn serialize_works_into_any_bufmut() {
    let mut buf = tl_runtime::BytesMut::new();
    "hi".serialize_to(&mut buf);
    let dynbuf: &mut dyn tl_runtime::BufMut = &mut buf;
    7i32.serialize_to(dynbuf);
    assert_eq!(&buf[..], &hex("02686900 07000000")[..]);
}
