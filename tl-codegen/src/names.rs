//! Rust names for TL names: `phone.requestCall` → `RequestCall`, `g_a_hash` → `g_a_hash`,
//! `server_DH_params_ok` → `ServerDhParamsOk`, `type` → `r#type`.

/// Words of a TL identifier: split at `_`, `.`, lower→upper transitions, and before the last
/// capital of an acronym run (`JSONValue` → `JSON`, `Value`).
fn words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for part in name.split(['_', '.']) {
        let b = part.as_bytes();
        let mut start = 0;
        for i in 1..b.len() {
            let (prev, cur) = (b[i - 1], b[i]);
            let next_lower = b.get(i + 1).is_some_and(|c| c.is_ascii_lowercase());
            let boundary = (cur.is_ascii_uppercase()
                && (prev.is_ascii_lowercase() || prev.is_ascii_digit()))
                || (cur.is_ascii_uppercase() && prev.is_ascii_uppercase() && next_lower);
            if boundary {
                out.push(&part[start..i]);
                start = i;
            }
        }
        if start < part.len() {
            out.push(&part[start..]);
        }
    }
    out
}

/// `inputPeerUser` → `InputPeerUser`, `p_q_inner_data` → `PQInnerData`.
pub fn camel(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for w in words(name) {
        let mut chars = w.chars();
        if let Some(first) = chars.next() {
            s.push(first.to_ascii_uppercase());
            s.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        // `2FA_CONFIRM_WAIT` cannot start an identifier.
        s.insert(0, 'E');
    }
    s
}

/// `hasLink` → `has_link`, `server_DH` → `server_dh`; keywords escaped.
pub fn snake(name: &str) -> String {
    let ws = words(name);
    let mut s = String::with_capacity(name.len() + ws.len());
    for (i, w) in ws.iter().enumerate() {
        if i > 0 {
            s.push('_');
        }
        s.extend(w.chars().map(|c| c.to_ascii_lowercase()));
    }
    escape(s)
}

/// The server handler's method for a TL method: its full name in snake case, namespace first
/// (`phone.requestCall` → `phone_request_call`, `req_DH_params` → `req_dh_params`).
pub fn handler_method(full_name: &str) -> String {
    snake(full_name)
}

/// Module name for a namespace (`phone`, `messages`).
pub fn module(ns: &str) -> String {
    snake(ns)
}

/// Keywords that `r#` can escape.
const RAW_OK: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: a trailing `_` is the convention.
const RAW_NOT_OK: &[&str] = &["self", "Self", "super", "crate", "_"];

fn escape(s: String) -> String {
    if RAW_NOT_OK.contains(&s.as_str()) {
        format!("{s}_")
    } else if RAW_OK.contains(&s.as_str()) {
        format!("r#{s}")
    } else if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    }
}

/// Whether `s` is usable as a Rust identifier once escaped (ASCII letters, digits, `_`;
/// not `Self`, which no escape makes usable as a type name).
pub fn is_identifier(s: &str) -> bool {
    let s = s.strip_prefix("r#").unwrap_or(s);
    !s.is_empty()
        && s != "Self"
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

/// The enum variant for constructor struct `ctor` of enum `ty`: the constructor's name with
/// the type's name taken off the front when what is left is a word of its own
/// (`PhoneCallEmpty` in `PhoneCall` → `Empty`), else the whole constructor name
/// (`PhoneCall`, `InputUserSelf`: `Self` is reserved).
pub fn variant(ctor: &str, ty: &str) -> String {
    match ctor.strip_prefix(ty) {
        Some(rest)
            if rest.starts_with(|c: char| c.is_ascii_uppercase())
                && rest != "Self"
                && is_identifier(rest) =>
        {
            rest.to_string()
        }
        _ => ctor.to_string(),
    }
}

/// `FLOOD_WAIT_%d` → `FloodWait`; `USER_ID_INVALID` → `UserIdInvalid`.
pub fn error_variant(error_name: &str) -> String {
    camel(error_name.strip_suffix("_%d").unwrap_or(error_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_cases() {
        assert_eq!(camel("inputPeerUser"), "InputPeerUser");
        assert_eq!(camel("p_q_inner_data_dc"), "PQInnerDataDc");
        assert_eq!(camel("server_DH_params_ok"), "ServerDhParamsOk");
        assert_eq!(camel("JSONValue"), "JsonValue");
        assert_eq!(camel("requestCall"), "RequestCall");
        assert_eq!(camel("inputMediaUploadedPhoto"), "InputMediaUploadedPhoto");
        assert_eq!(camel("USER_ID_INVALID"), "UserIdInvalid");
        assert_eq!(camel("2FA_CONFIRM_WAIT"), "E2FaConfirmWait");
        assert_eq!(camel("int128"), "Int128");
    }

    #[test]
    fn snake_cases() {
        assert_eq!(snake("g_a_hash"), "g_a_hash");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("hasLink"), "has_link");
        assert_eq!(snake("new_nonce_hash1"), "new_nonce_hash1");
        assert_eq!(snake("dh_prime"), "dh_prime");
    }

    #[test]
    fn handler_methods() {
        assert_eq!(handler_method("phone.requestCall"), "phone_request_call");
        assert_eq!(handler_method("req_pq_multi"), "req_pq_multi");
        assert_eq!(handler_method("req_DH_params"), "req_dh_params");
        assert_eq!(handler_method("invokeWithLayer"), "invoke_with_layer");
        // Namespace and name are joined like words, so these two meet (the server check
        // reports it).
        assert_eq!(handler_method("phoneRequestCall"), "phone_request_call");
    }

    #[test]
    fn variants() {
        assert_eq!(variant("PhoneCallEmpty", "PhoneCall"), "Empty");
        assert_eq!(variant("PhoneCall", "PhoneCall"), "PhoneCall");
        assert_eq!(variant("InputUserSelf", "InputUser"), "InputUserSelf");
        assert_eq!(variant("UserEmpty", "User"), "Empty");
        assert_eq!(variant("Username", "User"), "Username");
        assert_eq!(error_variant("FLOOD_WAIT_%d"), "FloodWait");
    }
}
