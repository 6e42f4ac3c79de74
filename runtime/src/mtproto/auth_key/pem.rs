//! PKCS#1 PEM export of public keys (`-----BEGIN RSA PUBLIC KEY-----`), the form
//! Telegram's apps and Telethon embed server keys in.

use super::RsaPublicKey;

/// Base64 alphabet of RFC 4648 §4 (PEM uses the standard one, with `=` padding).
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/// RFC 7468 caps PEM lines at 64 characters.
const LINE_LEN: usize = 64;

impl RsaPublicKey {
    /// The key as PKCS#1 `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent
    /// INTEGER }` in DER, base64-encoded in 64-character lines between
    /// `-----BEGIN RSA PUBLIC KEY-----` and `-----END RSA PUBLIC KEY-----` (ending with a
    /// newline).
    pub fn to_pkcs1_pem(&self) -> String {
        let mut body = der_integer(&self.modulus());
        body.extend(der_integer(&self.exponent()));
        let der = der_tlv(0x30, &body);
        let text = base64(&der);
        let mut pem = String::from("-----BEGIN RSA PUBLIC KEY-----\n");
        for line in text.as_bytes().chunks(LINE_LEN) {
            // Base64 output is ASCII, so every chunk is valid UTF-8.
            pem.push_str(&String::from_utf8_lossy(line));
            pem.push('\n');
        }
        pem.push_str("-----END RSA PUBLIC KEY-----\n");
        pem
    }
}

/// A DER INTEGER holding the non-negative big-endian `value`: minimal, with a zero byte
/// in front when the top bit is set (DER integers are signed).
fn der_integer(value: &[u8]) -> Vec<u8> {
    let start = value.iter().position(|&b| b != 0).unwrap_or(value.len());
    let mut content = Vec::with_capacity(value.len() - start + 1);
    match value.get(start) {
        None => content.push(0),
        Some(&first) if first & 0x80 != 0 => content.push(0),
        Some(_) => {}
    }
    content.extend_from_slice(&value[start..]);
    der_tlv(0x02, &content)
}

/// Tag, definite length (short form below 128, else long form), content.
fn der_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes
            .iter()
            .position(|&b| b != 0)
            .unwrap_or(bytes.len() - 1);
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

fn base64(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let word = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(BASE64[(word >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mtproto::auth_key::RsaPrivateKey;

    /// `openssl rsa -in test.pem -RSAPublicKey_out` of the key behind
    /// [`RsaPrivateKey::test_key`].
    const TEST_KEY_PEM: &str = "-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAoVg8SRWTFxoi5Piwh/E9Ypp3wp4Iddtgo0ngsW+m/6ulVPzjRHA/
7DhRcWucWCuYPuKIqkm3FmGdT85Z78HyQqCsegyC4cp5qq1XyEt4edf0oggbvq6W
tG3aWJ5BpG1Ub11v1auAnKS/7KGY7SK2k4bn+1mAtUKmiPfkO4Jkh9fiuE6lP13e
bDFmXf0ed9UaujEFmg5xJD1ZFNb9c++OMUHOe+L+oV1xQbCGNT+47qNdax8jtPQn
H43Px87XzPWHhp+X5sUtzqweqkNgWwelNM+K+hQ0JcynVE1Fg2FsATBwaQebDKxp
yTWWqI1LtbPc+hrDvBaGwuOl6Gqgdo22PwIDAQAB
-----END RSA PUBLIC KEY-----
";

    #[test]
    fn test_key_matches_openssl() {
        let key = RsaPrivateKey::test_key();
        assert_eq!(key.public_key().to_pkcs1_pem(), TEST_KEY_PEM);
    }

    #[test]
    fn production_key_shape() {
        let pem = RsaPublicKey::telegram_production().to_pkcs1_pem();
        let lines: Vec<&str> = pem.lines().collect();
        assert_eq!(lines.first(), Some(&"-----BEGIN RSA PUBLIC KEY-----"));
        assert_eq!(lines.last(), Some(&"-----END RSA PUBLIC KEY-----"));
        // 270 DER bytes (SEQUENCE of a 257-byte and a 3-byte INTEGER) → 360 base64
        // characters: five full lines and one of 40.
        let lens: Vec<usize> = lines[1..lines.len() - 1].iter().map(|l| l.len()).collect();
        assert_eq!(lens, [64, 64, 64, 64, 64, 40]);
        assert!(lines[1].starts_with("MIIBCgKCAQEA"), "{}", lines[1]);
        assert!(lines[6].ends_with("IDAQAB"), "{}", lines[6]);
    }

    #[test]
    fn der_and_base64_edges() {
        assert_eq!(der_integer(&[]), [2, 1, 0]);
        assert_eq!(der_integer(&[0, 0, 5]), [2, 1, 5]);
        assert_eq!(der_integer(&[0x80]), [2, 2, 0, 0x80]);
        assert_eq!(der_tlv(4, &[7; 200])[..3], [4, 0x81, 200]);
        assert_eq!(der_tlv(4, &[7; 300])[..4], [4, 0x82, 1, 44]);
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
