//! The JSON form of our values that `tests/telethon/crosscheck.py` builds Telethon objects
//! from. The per-type impls are generated (tests/build/telethon.rs); this is the writer and
//! the impls for primitives.
//!
//! Objects are `{"_": id, "<tl name>": value, ...}`; JSON has no bytes, 128/256-bit integers or
//! exact doubles, so those are tagged: `{"$bytes": hex}`, `{"$int": hex}` (little-endian,
//! signed, as Telethon's `int128`/`int256` fields are Python ints), `{"$double": hex}` (the 8
//! little-endian bytes, so the value is exact). Absent optional fields are `null`.

use std::collections::{HashMap, HashSet};

use tl_runtime::Serialize;
use tl_runtime::fill::{Fill, Filler};
use tl_runtime::{Bytes, Str};

/// TL parameter names Telethon's class takes, per constructor id.
pub type Params = HashMap<u32, HashSet<String>>;

/// A JSON text being written, and what in it Telethon cannot build.
///
/// Equal ids do not mean equal definitions: `?true` flags are left out of the id, so layer 230
/// can add one to a constructor layer 229 has under the same id (`username`'s `deletable`).
/// A field Telethon's class lacks is dropped when it is `false` or `null` (the flag bit is
/// clear either way, so the bytes are the same; recorded in `dropped_fields`) and recorded in
/// `lacking_fields` otherwise.
pub struct Json<'p> {
    pub text: String,
    /// Every constructor id written.
    pub ids: Vec<u32>,
    /// `(constructor id, field)` set here that Telethon's class has no parameter for.
    pub lacking_fields: Vec<(u32, String)>,
    /// `(constructor id, field)` Telethon's class has no parameter for, left out as `false`.
    pub dropped_fields: Vec<(u32, String)>,
    telethon: &'p Params,
    /// Open objects, innermost last.
    stack: Vec<Frame>,
}

/// An open object.
struct Frame {
    id: u32,
    /// The field Telethon lacks whose value is being written, if any.
    pending: Option<Pending>,
}

/// A field Telethon lacks, being written.
struct Pending {
    /// Text length before its key (where to cut it back to).
    before: usize,
    /// Text length where its value starts.
    start: usize,
    name: String,
}

/// A `TELETHON_CASES` entry's case maker.
pub type MakeCase = fn(&mut Filler, &mut Json<'_>) -> Vec<u8>;

impl<'p> Json<'p> {
    /// A writer that checks fields against `telethon`'s parameters.
    pub fn new(telethon: &'p Params) -> Self {
        Self {
            text: String::new(),
            ids: Vec::new(),
            lacking_fields: Vec::new(),
            dropped_fields: Vec::new(),
            telethon,
            stack: Vec::new(),
        }
    }

    /// Opens an object of constructor `id`.
    pub fn begin(&mut self, id: u32) {
        self.ids.push(id);
        self.stack.push(Frame { id, pending: None });
        self.text.push_str("{\"_\":");
        self.text.push_str(&id.to_string());
    }

    /// Starts the next field (every object has `_` first, so a comma always precedes).
    pub fn key(&mut self, name: &str) {
        self.settle();
        let before = self.text.len();
        self.text.push(',');
        string(&mut self.text, name);
        self.text.push(':');
        let top = self.stack.last_mut().expect("a key inside an object");
        // An id Telethon lacks is reported through `ids`; only known classes are checked.
        if self
            .telethon
            .get(&top.id)
            .is_some_and(|params| !params.contains(name))
        {
            top.pending = Some(Pending {
                before,
                start: self.text.len(),
                name: name.to_string(),
            });
        }
    }

    pub fn end(&mut self) {
        self.settle();
        self.stack.pop();
        self.text.push('}');
    }

    /// Decides about the field Telethon lacks that was just written, if any.
    fn settle(&mut self) {
        let Some((
            id,
            Some(Pending {
                before,
                start,
                name,
            }),
        )) = self
            .stack
            .last_mut()
            .map(|frame| (frame.id, frame.pending.take()))
        else {
            return;
        };
        match &self.text[start..] {
            "false" | "null" => {
                self.text.truncate(before);
                self.dropped_fields.push((id, name));
            }
            _ => self.lacking_fields.push((id, name)),
        }
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
    fn to_json(&self, j: &mut Json<'_>);
}

impl ToJson for i32 {
    fn to_json(&self, j: &mut Json<'_>) {
        j.text.push_str(&self.to_string());
    }
}

impl ToJson for i64 {
    fn to_json(&self, j: &mut Json<'_>) {
        j.text.push_str(&self.to_string());
    }
}

impl ToJson for f64 {
    fn to_json(&self, j: &mut Json<'_>) {
        j.tagged("$double", &self.to_le_bytes());
    }
}

impl ToJson for bool {
    fn to_json(&self, j: &mut Json<'_>) {
        j.text.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for String {
    fn to_json(&self, j: &mut Json<'_>) {
        string(&mut j.text, self);
    }
}

impl ToJson for Str {
    fn to_json(&self, j: &mut Json<'_>) {
        string(&mut j.text, self);
    }
}

impl ToJson for Bytes {
    fn to_json(&self, j: &mut Json<'_>) {
        j.tagged("$bytes", self);
    }
}

impl<const N: usize> ToJson for [u8; N] {
    fn to_json(&self, j: &mut Json<'_>) {
        j.tagged("$int", self);
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self, j: &mut Json<'_>) {
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
    fn to_json(&self, j: &mut Json<'_>) {
        match self {
            Some(x) => x.to_json(j),
            None => j.text.push_str("null"),
        }
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn to_json(&self, j: &mut Json<'_>) {
        (**self).to_json(j);
    }
}

/// One case: a filled value's JSON (into `j`) and our encoding of it.
pub fn case<T: Fill + Serialize + ToJson>(g: &mut Filler, j: &mut Json<'_>) -> Vec<u8> {
    let value = T::fill(g);
    value.to_json(j);
    value.to_bytes()
}
