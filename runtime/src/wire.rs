//! Wire constants and the helpers generated code calls for TL `bytes`/`string` fields.

use bytes::BufMut;

/// Constructor id of the boxed `Vector t` (`vector#1cb5c415`).
pub const VECTOR_ID: u32 = 0x1cb5c415;
/// Constructor id of `boolTrue = Bool`.
pub const BOOL_TRUE_ID: u32 = 0x997275b5;
/// Constructor id of `boolFalse = Bool`.
pub const BOOL_FALSE_ID: u32 = 0xbc799737;
/// Constructor id of `rpc_error#2144ca19 error_code:int error_message:string = RpcError`.
pub const RPC_ERROR_ID: u32 = 0x2144ca19;

/// The largest payload a TL `bytes`/`string` can carry: its long form has a 3-byte length.
pub const MAX_BYTES_LEN: usize = (1 << 24) - 1;

/// The longest payload that still takes the 1-byte length form.
const SHORT_MAX: usize = 253;

/// Wire length of a TL `bytes`/`string` with an `n`-byte payload: prefix, data and the
/// zero padding to a multiple of 4.
#[inline]
pub const fn bytes_len(n: usize) -> usize {
    let header = if n <= SHORT_MAX { 1 } else { 4 };
    (header + n + 3) & !3
}

/// Writes `data` as a TL `bytes`/`string`: exactly [`bytes_len`]`(data.len())` bytes.
///
/// # Panics
/// If `data` is longer than [`MAX_BYTES_LEN`]: TL cannot express the length, and writing a
/// truncated one would silently corrupt the rest of the message.
#[inline]
pub fn put_bytes<B: BufMut + ?Sized>(buf: &mut B, data: &[u8]) {
    let n = data.len();
    let header = if n <= SHORT_MAX {
        buf.put_u8(n as u8);
        1
    } else {
        assert!(
            n <= MAX_BYTES_LEN,
            "TL bytes of {n} bytes exceed the 16 MiB - 1 limit of the format"
        );
        // 0xfe then the length as 3 little-endian bytes, in one write.
        buf.put_u32_le(((n as u32) << 8) | 0xfe);
        4
    };
    buf.put_slice(data);
    // Fixed-size writes: a variable-length fill would cost a memset call per string.
    match padding(header + n) {
        0 => {}
        1 => buf.put_u8(0),
        2 => buf.put_u16_le(0),
        _ => {
            buf.put_u16_le(0);
            buf.put_u8(0);
        }
    }
}

/// Zero bytes that bring `len` up to a multiple of 4.
#[inline]
pub const fn padding(len: usize) -> usize {
    len.wrapping_neg() & 3
}
