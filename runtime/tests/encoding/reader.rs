use tl_runtime::{DecodeError, DecodeErrorKind, Reader};

use crate::common::hex;

#[test]
fn reads_and_positions() {
    let mut r = Reader::new(hex("01000000 0200000000000000 aabbccdd eeff").into());
    assert_eq!(r.remaining(), 18);
    assert_eq!(r.peek_u32(), Ok(1));
    assert_eq!(r.position(), 0);
    assert_eq!(r.read_u32(), Ok(1));
    assert_eq!(r.read_i64(), Ok(2));
    assert_eq!(r.position(), 12);
    assert_eq!(r.read_raw(3).unwrap(), &hex("aabbcc")[..]);
    assert_eq!(
        r.read_raw(4),
        Err(DecodeError::from(DecodeErrorKind::UnexpectedEof {
            offset: 15,
            needed: 4
        }))
    );
    assert_eq!(r.read_rest(), &hex("ddeeff")[..]);
    assert_eq!(r.remaining(), 0);
    assert_eq!(r.read_rest(), &[][..]);
    assert_eq!(
        r.peek_u32(),
        Err(DecodeError::from(DecodeErrorKind::UnexpectedEof {
            offset: 18,
            needed: 4
        }))
    );
    assert_eq!(r.finish(), Ok(()));
}

#[test]
fn raw_and_rest_are_zero_copy() {
    let input = tl_runtime::Bytes::from(vec![9u8; 64]);
    let mut r = Reader::new(input.clone());
    let a = r.read_raw(16).unwrap();
    let b = r.read_rest();
    assert_eq!(a.as_ptr(), input.as_ptr());
    assert_eq!(b.as_ptr() as usize, input.as_ptr() as usize + 16);
}

#[test]
fn eof_reports_offset_and_size() {
    let mut r = Reader::new(hex("0102").into());
    assert_eq!(
        r.read_i32(),
        Err(DecodeError::from(DecodeErrorKind::UnexpectedEof {
            offset: 0,
            needed: 4
        }))
    );
    // A failed read consumes nothing.
    assert_eq!(r.position(), 0);
    assert_eq!(
        r.read_int128(),
        Err(DecodeError::from(DecodeErrorKind::UnexpectedEof {
            offset: 0,
            needed: 16
        }))
    );
    assert_eq!(
        r.read_int256(),
        Err(DecodeError::from(DecodeErrorKind::UnexpectedEof {
            offset: 0,
            needed: 32
        }))
    );
    assert!(r.read_f64().is_err());
}

#[test]
fn expect_id_names_the_type_and_the_id_found() {
    let mut r = Reader::new(hex("11111111 efbeadde").into());
    r.expect_id(0x11111111, "First").unwrap();
    let err = r.expect_id(0x22222222, "phone.PhoneCall").unwrap_err();
    assert_eq!(
        err,
        DecodeError::from(DecodeErrorKind::UnexpectedConstructor {
            expected: "phone.PhoneCall",
            id: 0xdeadbeef,
            offset: 4
        })
    );
    let text = err.to_string();
    assert!(
        text.contains("phone.PhoneCall") && text.contains("0xdeadbeef") && text.contains("byte 4"),
        "{text}"
    );
}

#[test]
fn errors_read_as_sentences() {
    let cases = [
        DecodeError::from(DecodeErrorKind::UnexpectedEof {
            offset: 3,
            needed: 8,
        }),
        DecodeError::from(DecodeErrorKind::VectorTooLong {
            count: 10,
            remaining: 2,
        }),
        DecodeError::from(DecodeErrorKind::TooDeep { limit: 100 }),
        DecodeError::from(DecodeErrorKind::TrailingBytes { remaining: 4 }),
        DecodeError::from(DecodeErrorKind::InvalidLength {
            offset: 1,
            length: -1,
            reason: "negative vector count",
        }),
        DecodeError::from(DecodeErrorKind::Malformed {
            offset: 1,
            reason: "flags bit 31 is unknown",
        }),
        DecodeError::from(DecodeErrorKind::Decompress {
            offset: 1,
            message: "bad header".into(),
        }),
    ];
    for e in cases {
        let text = e.to_string();
        assert!(text.len() > 20 && !text.contains('{'), "{text}");
        let _: &dyn std::error::Error = &e;
    }
}

#[test]
fn debug_does_not_dump_the_data() {
    let r = Reader::new(vec![0u8; 10_000].into());
    assert!(format!("{r:?}").len() < 100);
}
