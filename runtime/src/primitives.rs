//! TL's built-in types. Their bare and boxed forms are the same bytes, except `Bool`, which
//! only exists boxed.

use bytes::{BufMut, Bytes};

use crate::wire::{self, BOOL_FALSE_ID, BOOL_TRUE_ID};
use crate::{Bare, DecodeError, Deserialize, Reader, Serialize, Str};

/// Implements all three traits for a fixed-size little-endian value.
macro_rules! fixed {
    ($ty:ty, $len:expr, $put:ident, $read:ident) => {
        impl Serialize for $ty {
            #[inline]
            fn serialized_len(&self) -> usize {
                $len
            }

            #[inline]
            fn serialize_to<B: BufMut + ?Sized>(&self, buf: &mut B) {
                buf.$put(*self)
            }
        }

        impl Deserialize for $ty {
            const MIN_WIRE_LEN: usize = $len;

            #[inline]
            fn deserialize(r: &mut Reader) -> Result<Self, DecodeError> {
                r.$read()
            }
        }

        impl Bare for $ty {
            #[inline]
            fn bare_len(&self) -> usize {
                $len
            }

            #[inline]
            fn serialize_bare<B: BufMut + ?Sized>(&self, buf: &mut B) {
                buf.$put(*self)
            }

            #[inline]
            fn deserialize_bare(r: &mut Reader) -> Result<Self, DecodeError> {
                r.$read()
            }
        }
    };
}

/// `BufMut` has no method for arrays; these let `fixed!` treat them like the integers.
trait PutArray {
    fn put_array<const N: usize>(&mut self, v: [u8; N]);
}

impl<B: BufMut + ?Sized> PutArray for B {
    #[inline]
    fn put_array<const N: usize>(&mut self, v: [u8; N]) {
        self.put_slice(&v)
    }
}

fixed!(i32, 4, put_i32_le, read_i32);
fixed!(u32, 4, put_u32_le, read_u32);
fixed!(i64, 8, put_i64_le, read_i64);
fixed!(f64, 8, put_f64_le, read_f64);
fixed!([u8; 16], 16, put_array, read_int128);
fixed!([u8; 32], 32, put_array, read_int256);

impl Serialize for bool {
    #[inline]
    fn serialized_len(&self) -> usize {
        4
    }

    #[inline]
    fn serialize_to<B: BufMut + ?Sized>(&self, buf: &mut B) {
        buf.put_u32_le(if *self { BOOL_TRUE_ID } else { BOOL_FALSE_ID })
    }
}

impl Deserialize for bool {
    #[inline]
    fn deserialize(r: &mut Reader) -> Result<Self, DecodeError> {
        r.read_bool()
    }
}

/// Implements `Serialize` for a type written as TL `bytes`/`string`.
macro_rules! bytes_like {
    ($ty:ty, $as_bytes:ident) => {
        impl Serialize for $ty {
            #[inline]
            fn serialized_len(&self) -> usize {
                wire::bytes_len(self.len())
            }

            #[inline]
            fn serialize_to<B: BufMut + ?Sized>(&self, buf: &mut B) {
                wire::put_bytes(buf, self.$as_bytes())
            }
        }
    };
}

bytes_like!(str, as_bytes);
bytes_like!(String, as_bytes);
bytes_like!(Bytes, as_ref);
bytes_like!(Str, as_bytes);

/// `Deserialize` and `Bare` for an owned string-like type, read by `$read`.
macro_rules! owned_bytes_like {
    ($ty:ty, $read:ident) => {
        impl Deserialize for $ty {
            #[inline]
            fn deserialize(r: &mut Reader) -> Result<Self, DecodeError> {
                r.$read()
            }
        }

        impl Bare for $ty {
            #[inline]
            fn bare_len(&self) -> usize {
                self.serialized_len()
            }

            #[inline]
            fn serialize_bare<B: BufMut + ?Sized>(&self, buf: &mut B) {
                self.serialize_to(buf)
            }

            #[inline]
            fn deserialize_bare(r: &mut Reader) -> Result<Self, DecodeError> {
                r.$read()
            }
        }
    };
}

owned_bytes_like!(String, read_string);
owned_bytes_like!(Str, read_str);
owned_bytes_like!(Bytes, read_bytes);
