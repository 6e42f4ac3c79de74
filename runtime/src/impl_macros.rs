//! Macros generated code expands instead of spelling out the same impls for every constructor.

/// `Identifiable`, `Serialize` and `Deserialize` for a constructor or method struct that
/// implements [`Bare`](crate::Bare): the boxed form is the id followed by the bare form.
///
/// `impl_boxed!(RequestCall, 0x42ff96ed, "phone.requestCall");`
#[macro_export]
macro_rules! impl_boxed {
    ($ty:ty, $id:literal, $name:literal) => {
        impl $crate::Identifiable for $ty {
            const CONSTRUCTOR_ID: u32 = $id;
        }
        impl $crate::Serialize for $ty {
            #[inline]
            fn serialized_len(&self) -> usize {
                4 + $crate::Bare::bare_len(self)
            }
            #[inline]
            fn serialize_to<B: $crate::BufMut + ?Sized>(&self, buf: &mut B) {
                $crate::BufMut::put_u32_le(buf, $id);
                $crate::Bare::serialize_bare(self, buf);
            }
        }
        impl $crate::Deserialize for $ty {
            #[inline]
            fn deserialize(
                r: &mut $crate::Reader,
            ) -> ::core::result::Result<Self, $crate::DecodeError> {
                r.expect_id($id, $name)?;
                $crate::Bare::deserialize_bare(r)
            }
        }
    };
}

/// `From<Ctor>` for an enum, one per variant: `impl_from!(Enum, Variant, Ctor);`, or with
/// `box` for variants that hold their constructor in a `Box`.
#[macro_export]
macro_rules! impl_from {
    ($enum:ty, $variant:ident, box $ctor:ty) => {
        impl ::core::convert::From<$ctor> for $enum {
            #[inline]
            fn from(x: $ctor) -> Self {
                Self::$variant(::std::boxed::Box::new(x))
            }
        }
    };
    ($enum:ty, $variant:ident, $ctor:ty) => {
        impl ::core::convert::From<$ctor> for $enum {
            #[inline]
            fn from(x: $ctor) -> Self {
                Self::$variant(x)
            }
        }
    };
}
