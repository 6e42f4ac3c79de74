use std::fmt;
use std::time::Duration;

use bytes::BufMut;

use crate::wire::{self, RPC_ERROR_ID};
use crate::{DecodeError, Deserialize, Identifiable, Reader, Serialize};

/// An error answer from the server (`rpc_error`), split into a name and an optional number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RpcError {
    /// The error code, which is also the error's class (400, 420, ...).
    pub code: i32,
    /// The message without its trailing number: `FLOOD_WAIT` for `FLOOD_WAIT_30`.
    pub name: String,
    /// The trailing number of the message, if any: 30 for `FLOOD_WAIT_30`.
    pub value: Option<u32>,
    /// The message exactly as received.
    pub message: String,
}

impl RpcError {
    /// Parses an error message: a trailing `_<digits>` becomes [`value`](Self::value)
    /// (`FLOOD_WAIT_30` → `FLOOD_WAIT`, 30). A literal `_X` suffix, as documentation writes
    /// the placeholder, is dropped with no value. Anything else is kept whole as the name.
    pub fn new(code: i32, message: &str) -> Self {
        Self::from_message(code, message.to_owned())
    }

    /// [`new`](Self::new) taking ownership of the message, saving a copy.
    pub fn from_message(code: i32, message: String) -> Self {
        let (name, value) = split_value(&message);
        Self {
            code,
            name: name.to_owned(),
            value,
            message,
        }
    }

    /// Whether this is the error `name`. Accepts the bare name (`FLOOD_WAIT`), the full
    /// message, and the documentation's pattern form, where an `X` segment stands for a
    /// number (`FLOOD_WAIT_X`, `INTERDC_X_CALL_ERROR`).
    pub fn is(&self, name: &str) -> bool {
        self.name == name
            || self.message == name
            || name.strip_suffix("_X") == Some(self.name.as_str())
            || matches_pattern(name, &self.message)
    }

    /// How long to wait before retrying, for `FLOOD_WAIT_N`, `FLOOD_PREMIUM_WAIT_N` and
    /// `SLOWMODE_WAIT_N`. `None` for other errors, and for a flood wait without a number.
    pub fn flood_wait(&self) -> Option<Duration> {
        match self.name.as_str() {
            "FLOOD_WAIT" | "FLOOD_PREMIUM_WAIT" | "SLOWMODE_WAIT" => {
                self.value.map(|s| Duration::from_secs(s.into()))
            }
            _ => None,
        }
    }
}

/// Splits a trailing `_<digits>` (or the `_X` placeholder) off an error message.
fn split_value(message: &str) -> (&str, Option<u32>) {
    match message.rsplit_once('_') {
        Some((base, "X")) if !base.is_empty() => (base, None),
        Some((base, digits))
            if !base.is_empty()
                && !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            match digits.parse() {
                Ok(v) => (base, Some(v)),
                // Too big for u32: not a count we can act on, so keep the message whole.
                Err(_) => (message, None),
            }
        }
        _ => (message, None),
    }
}

/// Segment-wise match of `pattern` against `message`, where a pattern segment `X` matches
/// any non-empty run of digits.
fn matches_pattern(pattern: &str, message: &str) -> bool {
    let mut p = pattern.split('_');
    let mut m = message.split('_');
    loop {
        match (p.next(), m.next()) {
            (None, None) => return true,
            (Some("X"), Some(seg))
                if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

impl fmt::Display for RpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rpc error {}: {}", self.code, self.message)
    }
}

impl std::error::Error for RpcError {}

impl Identifiable for RpcError {
    const CONSTRUCTOR_ID: u32 = RPC_ERROR_ID;
}

/// The boxed `rpc_error error_code:int error_message:string`.
impl Serialize for RpcError {
    #[inline]
    fn serialized_len(&self) -> usize {
        8 + wire::bytes_len(self.message.len())
    }

    fn serialize_to<B: BufMut + ?Sized>(&self, buf: &mut B) {
        buf.put_u32_le(RPC_ERROR_ID);
        buf.put_i32_le(self.code);
        wire::put_bytes(buf, self.message.as_bytes());
    }
}

impl Deserialize for RpcError {
    const MIN_WIRE_LEN: usize = 12;

    fn deserialize(r: &mut Reader) -> Result<Self, DecodeError> {
        r.expect_id(RPC_ERROR_ID, "RpcError")?;
        let code = r.read_i32()?;
        let message = r.read_string()?;
        Ok(Self::from_message(code, message))
    }
}
