//! The nesting guard, exercised with a recursive type written the way generated code is.

use tl_runtime::{BufMut, DecodeError, DecodeErrorKind, Deserialize, Reader, Serialize};

const LINK_ID: u32 = 0x11111111;
const END_ID: u32 = 0x22222222;

/// `link next:Chain = Chain; end = Chain;`
#[derive(Debug, PartialEq)]
enum Chain {
    Link(Box<Chain>),
    End,
}

impl Chain {
    fn of_depth(n: usize) -> Chain {
        (0..n).fold(Chain::End, |c, _| Chain::Link(Box::new(c)))
    }
}

impl Serialize for Chain {
    fn serialized_len(&self) -> usize {
        match self {
            Chain::Link(next) => 4 + next.serialized_len(),
            Chain::End => 4,
        }
    }

    fn serialize_to<B: BufMut + ?Sized>(&self, buf: &mut B) {
        match self {
            Chain::Link(next) => {
                buf.put_u32_le(LINK_ID);
                next.serialize_to(buf);
            }
            Chain::End => buf.put_u32_le(END_ID),
        }
    }
}

impl Deserialize for Chain {
    fn deserialize(r: &mut Reader) -> Result<Self, DecodeError> {
        r.nested(|r| match r.read_u32()? {
            LINK_ID => Ok(Chain::Link(Deserialize::deserialize(r)?)),
            END_ID => Ok(Chain::End),
            id => Err(r.unexpected_constructor(id, "Chain")),
        })
    }
}

#[test]
fn depth_within_the_limit_decodes() {
    let chain = Chain::of_depth(99); // 100 levels with the End
    assert_eq!(Chain::from_bytes(chain.to_bytes()).unwrap(), chain);
}

#[test]
fn depth_past_the_limit_is_too_deep() {
    let bytes = Chain::of_depth(100).to_bytes();
    assert_eq!(
        Chain::from_bytes(bytes.clone()),
        Err(DecodeError::from(DecodeErrorKind::TooDeep { limit: 100 }))
    );
    let mut r = Reader::new(bytes.into()).with_max_depth(101);
    assert!(Chain::deserialize(&mut r).is_ok());
}

#[test]
fn hostile_depth_does_not_overflow_the_stack() {
    let mut bytes = Vec::new();
    for _ in 0..1_000_000 {
        bytes.put_u32_le(LINK_ID);
    }
    let err = Chain::from_bytes(bytes).unwrap_err();
    assert_eq!(
        err,
        DecodeError::from(DecodeErrorKind::TooDeep { limit: 100 })
    );
}

#[test]
fn enter_and_leave_balance() {
    let mut r = Reader::new(Default::default()).with_max_depth(2);
    r.enter().unwrap();
    r.enter().unwrap();
    assert_eq!(
        r.enter(),
        Err(DecodeError::from(DecodeErrorKind::TooDeep { limit: 2 }))
    );
    r.leave();
    r.enter().unwrap();
    r.leave();
    r.leave();
    r.leave(); // an extra leave must not underflow
    r.enter().unwrap();
    // `nested` gives the level back even when its body fails.
    let _ = r.nested(|r| r.read_u32());
    r.enter().unwrap();
}

#[test]
fn unknown_constructor_in_a_recursive_type() {
    let err = Chain::from_bytes(vec![0x11, 0x11, 0x11, 0x11, 1, 2, 3, 4]).unwrap_err();
    assert_eq!(
        err,
        DecodeError::from(DecodeErrorKind::UnexpectedConstructor {
            expected: "Chain",
            id: 0x04030201,
            offset: 4
        })
    );
}
