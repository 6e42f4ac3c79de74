//! Constructor ids: CRC32 (IEEE) of a normalized form of the definition.
//!
//! The normalization, checked against every explicit id of layer 230:
//! 1. no trailing `;` and no `#id`; single spaces between tokens, spaces around `=`;
//! 2. every ` name:FLAGS.N?true` parameter is left out (for any flags field, `flags2` too);
//! 3. every other condition stays as written (`first_name:flags.1?string`);
//! 4. a parameter's top-level `bytes` type is written `string` (`Vector<bytes>` stays);
//! 5. `<` becomes a space and `>` is dropped (`Vector<User>` → `Vector User`);
//! 6. generics lose their braces (`{X:Type}` → `X:Type`); `!X` stays.

use crate::ast::{Def, Definition, ParamKind, Type};

/// Definitions whose explicit id is known not to match the computed one: the service-layer
/// definitions written with a different historical form, and `channel`, which mismatched in
/// some layers. Their ids are taken as written.
pub const KNOWN_ID_EXCEPTIONS: &[&str] = &[
    "ipPortSecret",
    "accessPointRule",
    "help.configSimple",
    "gzip_packed",
    "msg_container",
    "channel",
];

/// Whether `full_name` is in [`KNOWN_ID_EXCEPTIONS`].
pub fn is_known_exception(full_name: &str) -> bool {
    KNOWN_ID_EXCEPTIONS.contains(&full_name)
}

/// The text whose CRC32 is the definition's id, e.g.
/// `phone.phoneCall phone_call:PhoneCall users:Vector User = phone.PhoneCall`.
pub fn normalize(def: &Definition) -> String {
    let mut out = String::new();
    normalize_into(def, &mut out);
    out
}

/// [`normalize_into`] of a definition being built.
pub(crate) fn normalize_view(def: Def<'_>, out: &mut String) {
    out.clear();
    out.push_str(def.def.qualified_name());
    for g in def.generics() {
        out.push(' ');
        out.push_str(g.name());
        out.push_str(":Type");
    }
    for p in def.params() {
        match p.kind() {
            ParamKind::Flags => {
                out.push(' ');
                out.push_str(p.name());
                out.push_str(":#");
            }
            ParamKind::Normal { ty, flag } => {
                if flag.is_some() && ty.is_plain("true") {
                    continue;
                }
                out.push(' ');
                out.push_str(p.name());
                out.push(':');
                if let Some(flag) = flag {
                    out.push_str(flag.field());
                    out.push('.');
                    push_decimal(out, flag.bit());
                    out.push('?');
                }
                if ty.is_plain("bytes") {
                    out.push_str("string");
                } else {
                    write_type(ty, out);
                }
            }
        }
    }
    out.push_str(" = ");
    write_type(def.result(), out);
}

/// [`normalize`] into a caller's buffer (cleared first), to reuse one allocation for many
/// definitions.
pub fn normalize_into(def: &Definition, out: &mut String) {
    normalize_view(def.view(), out);
}

/// The id computed from the definition (whatever id is written in it).
pub fn compute_id(def: &Definition) -> u32 {
    compute_id_with(def.view(), &mut String::new())
}

/// [`compute_id`] using `buf` as scratch space.
pub(crate) fn compute_id_with(def: Def<'_>, buf: &mut String) -> u32 {
    normalize_view(def, buf);
    crc32fast::hash(buf.as_bytes())
}

/// Appends `n` in decimal, without the formatting machinery (this runs for every flag).
pub(crate) fn push_decimal(out: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// Recursion depth is that of the type's nesting, bounded by the parser.
fn write_type(ty: Type<'_>, out: &mut String) {
    if ty.generic_ref() {
        out.push('!');
    }
    if ty.percent() {
        out.push('%');
    }
    out.push_str(ty.qualified_name());
    if let Some(arg) = ty.arg() {
        out.push(' ');
        write_type(arg, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The last definition of `text`, which must parse and validate.
    fn last(text: &str) -> Definition {
        let schema = crate::parse_str("t.tl", text).unwrap_or_else(|e| panic!("{e}"));
        schema.definitions.last().cloned().expect("a definition")
    }

    #[test]
    fn guide_vectors() {
        let prelude = "inputUser = InputUser;\nphoneCallProtocol = PhoneCallProtocol;\n\
                       phoneCallEmpty = PhoneCall;\nuser = User;\n";
        let cases = [
            (
                "phone.phoneCall phone_call:PhoneCall users:Vector<User> = phone.PhoneCall;\n\
                 ---functions---\nphone.requestCall flags:# video:flags.0?true user_id:InputUser \
                 random_id:int g_a_hash:bytes protocol:PhoneCallProtocol = phone.PhoneCall;",
                0x42ff96ed,
            ),
            ("msgs_ack msg_ids:Vector<long> = MsgsAck;", 0x62d6b459),
            (
                "---functions---\ninvokeWithLayer {X:Type} layer:int query:!X = X;",
                0xda9b0d0d,
            ),
            ("boolTrue = Bool;", 0x997275b5),
            (
                "phone.phoneCall phone_call:PhoneCall users:Vector<User> = phone.PhoneCall;",
                0xec82e140,
            ),
        ];
        for (text, id) in cases {
            let d = last(&format!("{prelude}{text}"));
            assert_eq!(compute_id(&d), id, "{d}");
            assert_eq!(d.computed_id, id, "{d}");
        }
    }

    #[test]
    fn the_rules_matter() {
        let normalized = "phone.requestCall flags:# user_id:InputUser random_id:int \
                          g_a_hash:string protocol:PhoneCallProtocol = phone.PhoneCall";
        assert_eq!(crc32fast::hash(normalized.as_bytes()), 0x42ff96ed);
        let with_true = normalized.replace("flags:# ", "flags:# video:flags.0?true ");
        assert_eq!(crc32fast::hash(with_true.as_bytes()), 0x9a8a0a82);
        let with_bytes = normalized.replace("g_a_hash:string", "g_a_hash:bytes");
        assert_eq!(crc32fast::hash(with_bytes.as_bytes()), 0xd009efea);
    }

    #[test]
    fn decimal() {
        let mut s = String::new();
        for n in [0, 7, 10, 31, 4_294_967_295] {
            s.clear();
            push_decimal(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
