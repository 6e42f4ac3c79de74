use tl_runtime::vector::{bare_items_len, put_bare_items, read_items};
use tl_runtime::wire::VECTOR_ID;
use tl_runtime::{Bare, Bytes, DecodeError, DecodeErrorKind, Deserialize, Reader};

use crate::common::{hex, round_trip};

#[test]
fn boxed_vectors_round_trip() {
    assert_eq!(VECTOR_ID, 0x1cb5c415);
    assert_eq!(round_trip(&Vec::<i64>::new()), hex("15c4b51c 00000000"));
    assert_eq!(
        round_trip(&vec![1i64, -1]),
        hex("15c4b51c 02000000 0100000000000000 ffffffffffffffff")
    );
    assert_eq!(
        round_trip(&vec![true, false]),
        hex("15c4b51c 02000000 b5757299 379779bc")
    );
    round_trip(&vec![
        vec!["a".to_owned()],
        vec![],
        vec!["bc".to_owned(), String::new()],
    ]);
    round_trip(&vec![Bytes::from_static(b"\x00\x01"), Bytes::new()]);
}

#[test]
fn bare_vector_has_no_id() {
    let v = vec![3i32, 4];
    let mut out = Vec::new();
    v.serialize_bare(&mut out);
    assert_eq!(out.len(), v.bare_len());
    assert_eq!(out, hex("02000000 03000000 04000000"));
    let mut r = Reader::new(out.into());
    assert_eq!(Vec::<i32>::deserialize_bare(&mut r).unwrap(), v);
}

#[test]
fn vector_of_bare_items_helpers() {
    let v = vec![7i64, 8];
    let mut out = Vec::new();
    out.extend_from_slice(&VECTOR_ID.to_le_bytes());
    tl_runtime::vector::put_count(&mut out, v.len());
    put_bare_items(&mut out, &v);
    assert_eq!(out.len(), 8 + bare_items_len(&v));
    let mut r = Reader::new(out.into());
    r.expect_id(VECTOR_ID, "Vector").unwrap();
    assert_eq!(read_items(&mut r, 8, i64::deserialize_bare).unwrap(), v);
}

#[test]
fn huge_count_is_rejected_before_allocating() {
    // 0x7fffffff items of at least 4 bytes with 8 bytes left: reserving first would ask
    // for 8 GiB of i32s and abort the process.
    let err = Vec::<i32>::from_bytes(hex("15c4b51c ffffff7f 01000000 02000000")).unwrap_err();
    assert_eq!(
        err,
        DecodeError::from(DecodeErrorKind::VectorTooLong {
            count: 0x7fff_ffff,
            remaining: 8
        })
    );
    // Counts are checked against the item size: 2 longs do not fit in 12 bytes...
    let err = Vec::<i64>::from_bytes(hex("15c4b51c 02000000 01000000 02000000 03000000"));
    assert_eq!(
        err,
        Err(DecodeError::from(DecodeErrorKind::VectorTooLong {
            count: 2,
            remaining: 12
        }))
    );
    // ...but 3 ints do.
    assert_eq!(
        Vec::<i32>::from_bytes(hex("15c4b51c 03000000 01000000 02000000 03000000")).unwrap(),
        [1, 2, 3]
    );
}

#[test]
fn min_item_size_zero_is_treated_as_one() {
    let mut r = Reader::new(hex("05000000 0000000000").into());
    assert_eq!(r.read_vector_len(0), Ok(5));
    let mut r = Reader::new(hex("06000000 0000000000").into());
    assert_eq!(
        r.read_vector_len(0),
        Err(DecodeError::from(DecodeErrorKind::VectorTooLong {
            count: 6,
            remaining: 5
        }))
    );
}

#[test]
fn negative_count_is_invalid_length() {
    let err = Vec::<i32>::from_bytes(hex("15c4b51c ffffffff")).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            DecodeErrorKind::InvalidLength {
                offset: 4,
                length: -1,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("negative"), "{err}");
}

#[test]
fn wrong_vector_id_names_vector() {
    let err = Vec::<i32>::from_bytes(hex("15c4b51d 00000000")).unwrap_err();
    assert_eq!(
        err,
        DecodeError::from(DecodeErrorKind::UnexpectedConstructor {
            expected: "Vector",
            id: 0x1db5c415,
            offset: 0
        })
    );
}
