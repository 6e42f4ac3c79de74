//! The JSON form of our values that `tests/telethon/crosscheck.py` builds Telethon objects
//! from. The per-type impls are generated (tests/build/telethon.rs); this is the writer and
//! the impls for primitives.
//!
//! Objects are `{"_": id, "<tl name>": value, ...}`; JSON has no bytes, 128/256-bit integers or
//! exact doubles, so those are tagged: `{"$bytes": hex}`, `{"$int": hex}` (little-endian,
//! signed, as Telethon's `int128`/`int256` fields are Python ints), `{"$double": hex}` (the 8
//! little-endian bytes, so the value is exact). Absent optional fields are `null`.

use tl_runtime::Bytes;
use tl_runtime::Serialize;
use tl_runtime::fill::{Fill, Filler};

/// A JSON text being written, and the constructor ids it contains (to tell whether Telethon
/// knows all of them).
#[derive(Default)]
pub struct Json {
    pub text: String,
    pub ids: Vec<u32>,
}

impl Json {
    /// Opens an object of constructor `id`.
    pub fn begin(&mut self, id: u32) {
        self.ids.push(id);
        self.text.push_str("{\"_\":");
        self.text.push_str(&id.to_string());
    }

    /// Starts the next field (every object has `_` first, so a comma always precedes).
    pub fn key(&mut self, name: &str) {
        self.text.push(',');
        string(&mut self.text, name);
        self.text.push(':');
    }

    pub fn end(&mut self) {
        self.text.push('}');
    }

    fn tagged(&mut self, tag: &str, bytes: &[u8]) {
        self.text.push_str("{\"");
        self.text.push_str(tag);
        self.text.push_str("\":\"");
        for b in bytes {
            self.text.push_str(&format!("{b:02x}"));
        }
        self.text.push_str("\"}");
    }
}

/// A JSON string literal (RFC 8259 escapes; everything else written as UTF-8).
pub fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes a value as JSON.
pub trait ToJson {
    fn to_json(&self, j: &mut Json);
}

impl ToJson for i32 {
    fn to_json(&self, j: &mut Json) {
        j.text.push_str(&self.to_string());
    }
}

impl ToJson for i64 {
    fn to_json(&self, j: &mut Json) {
        j.text.push_str(&self.to_string());
    }
}

impl ToJson for f64 {
    fn to_json(&self, j: &mut Json) {
        j.tagged("$double", &self.to_le_bytes());
    }
}

impl ToJson for bool {
    fn to_json(&self, j: &mut Json) {
        j.text.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for String {
    fn to_json(&self, j: &mut Json) {
        string(&mut j.text, self);
    }
}

impl ToJson for Bytes {
    fn to_json(&self, j: &mut Json) {
        j.tagged("$bytes", self);
    }
}

impl<const N: usize> ToJson for [u8; N] {
    fn to_json(&self, j: &mut Json) {
        j.tagged("$int", self);
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self, j: &mut Json) {
        j.text.push('[');
        for (i, x) in self.iter().enumerate() {
            if i > 0 {
                j.text.push(',');
            }
            x.to_json(j);
        }
        j.text.push(']');
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self, j: &mut Json) {
        match self {
            Some(x) => x.to_json(j),
            None => j.text.push_str("null"),
        }
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn to_json(&self, j: &mut Json) {
        (**self).to_json(j);
    }
}

/// One case: a filled value's JSON (into `j`) and our encoding of it.
pub fn case<T: Fill + Serialize + ToJson>(g: &mut Filler, j: &mut Json) -> Vec<u8> {
    let value = T::fill(g);
    value.to_json(j);
    value.to_bytes()
}
