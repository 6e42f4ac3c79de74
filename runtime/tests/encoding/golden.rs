//! The GUIDE's golden request, with types written by hand the way generated code is meant
//! to use the runtime: boxed = id + bare form, flags built from the set fields.

use tl_runtime::{
    Bare, BufMut, Bytes, DecodeError, Deserialize, Identifiable, Reader, RemoteCall, RpcError,
    Serialize, wire,
};

use crate::common::hex;

/// `inputUserEmpty#b98886cf = InputUser; inputUser#f21158c6 user_id:long access_hash:long = InputUser;`
#[derive(Debug, Clone, PartialEq)]
pub enum InputUser {
    Empty,
    User { user_id: i64, access_hash: i64 },
}

impl Serialize for InputUser {
    #[inline]
    fn serialized_len(&self) -> usize {
        match self {
            Self::Empty => 4,
            Self::User { .. } => 20,
        }
    }

    #[inline]
    fn serialize_to<B: BufMut + ?Sized>(&self, buf: &mut B) {
        match self {
            Self::Empty => buf.put_u32_le(0xb98886cf),
            Self::User {
                user_id,
                access_hash,
            } => {
                buf.put_u32_le(0xf21158c6);
                user_id.serialize_to(buf);
                access_hash.serialize_to(buf);
            }
        }
    }
}

impl Deserialize for InputUser {
    fn deserialize(r: &mut Reader) -> Result<Self, DecodeError> {
        r.nested(|r| match r.read_u32()? {
            0xb98886cf => Ok(Self::Empty),
            0xf21158c6 => Ok(Self::User {
                user_id: r.read_i64()?,
                access_hash: r.read_i64()?,
            }),
            id => Err(r.unexpected_constructor(id, "InputUser")),
        })
    }
}

/// `phoneCallProtocol#fc878fc8 flags:# udp_p2p:flags.0?true udp_reflector:flags.1?true
/// min_layer:int max_layer:int library_versions:Vector<string> = PhoneCallProtocol;`
#[derive(Debug, Clone, PartialEq)]
pub struct PhoneCallProtocol {
    pub udp_p2p: bool,
    pub udp_reflector: bool,
    pub min_layer: i32,
    pub max_layer: i32,
    pub library_versions: Vec<String>,
}

impl Identifiable for PhoneCallProtocol {
    const CONSTRUCTOR_ID: u32 = 0xfc878fc8;
}

impl Bare for PhoneCallProtocol {
    #[inline]
    fn bare_len(&self) -> usize {
        12 + self.library_versions.serialized_len()
    }

    #[inline]
    fn serialize_bare<B: BufMut + ?Sized>(&self, buf: &mut B) {
        let flags = u32::from(self.udp_p2p) | (u32::from(self.udp_reflector) << 1);
        buf.put_u32_le(flags);
        buf.put_i32_le(self.min_layer);
        buf.put_i32_le(self.max_layer);
        self.library_versions.serialize_to(buf);
    }

    fn deserialize_bare(r: &mut Reader) -> Result<Self, DecodeError> {
        let flags = r.read_u32()?;
        Ok(Self {
            udp_p2p: flags & 1 != 0,
            udp_reflector: flags & 2 != 0,
            min_layer: r.read_i32()?,
            max_layer: r.read_i32()?,
            library_versions: Deserialize::deserialize(r)?,
        })
    }
}

impl Serialize for PhoneCallProtocol {
    #[inline]
    fn serialized_len(&self) -> usize {
        4 + self.bare_len()
    }

    #[inline]
    fn serialize_to<B: BufMut + ?Sized>(&self, buf: &mut B) {
        buf.put_u32_le(Self::CONSTRUCTOR_ID);
        self.serialize_bare(buf);
    }
}

impl Deserialize for PhoneCallProtocol {
    fn deserialize(r: &mut Reader) -> Result<Self, DecodeError> {
        r.expect_id(Self::CONSTRUCTOR_ID, "PhoneCallProtocol")?;
        r.nested(Self::deserialize_bare)
    }
}

/// `phone.requestCall#42ff96ed flags:# video:flags.0?true user_id:InputUser random_id:int
/// g_a_hash:bytes protocol:PhoneCallProtocol = phone.PhoneCall;`
#[derive(Debug, Clone, PartialEq)]
pub struct RequestCall {
    pub video: bool,
    pub user_id: InputUser,
    pub random_id: i32,
    pub g_a_hash: Bytes,
    pub protocol: PhoneCallProtocol,
}

impl Identifiable for RequestCall {
    const CONSTRUCTOR_ID: u32 = 0x42ff96ed;
}

impl Serialize for RequestCall {
    #[inline]
    fn serialized_len(&self) -> usize {
        12 + self.user_id.serialized_len()
            + wire::bytes_len(self.g_a_hash.len())
            + self.protocol.serialized_len()
    }

    #[inline]
    fn serialize_to<B: BufMut + ?Sized>(&self, buf: &mut B) {
        buf.put_u32_le(Self::CONSTRUCTOR_ID);
        buf.put_u32_le(u32::from(self.video));
        self.user_id.serialize_to(buf);
        buf.put_i32_le(self.random_id);
        wire::put_bytes(buf, &self.g_a_hash);
        self.protocol.serialize_to(buf);
    }
}

impl Deserialize for RequestCall {
    fn deserialize(r: &mut Reader) -> Result<Self, DecodeError> {
        r.expect_id(Self::CONSTRUCTOR_ID, "phone.requestCall")?;
        let flags = r.read_u32()?;
        Ok(Self {
            video: flags & 1 != 0,
            user_id: Deserialize::deserialize(r)?,
            random_id: r.read_i32()?,
            g_a_hash: r.read_bytes()?,
            protocol: Deserialize::deserialize(r)?,
        })
    }
}

impl RemoteCall for RequestCall {
    type Return = Vec<i64>; // stands in for phone.PhoneCall
    type Error = RpcError;
}

pub fn request_call() -> RequestCall {
    RequestCall {
        video: true,
        user_id: InputUser::User {
            user_id: 123456789,
            access_hash: -0x0123456789abcdef,
        },
        random_id: 0x11223344,
        g_a_hash: (0u8..32).collect::<Vec<u8>>().into(),
        protocol: PhoneCallProtocol {
            udp_p2p: true,
            udp_reflector: true,
            min_layer: 65,
            max_layer: 92,
            library_versions: vec!["2.4.4".into(), "11.0.0".into()],
        },
    }
}

pub const REQUEST_CALL_HEX: &str =
    "ed96ff42 01000000 c65811f2 15cd5b0700000000 1132547698badcfe 44332211
    20 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 000000
    c88f87fc 03000000 41000000 5c000000
    15c4b51c 02000000 05 322e342e34 0000 06 31312e302e30 00";

#[test]
fn request_call_matches_the_golden_bytes() {
    let call = request_call();
    let bytes = call.to_bytes();
    assert_eq!(bytes.len(), 108);
    assert_eq!(bytes, hex(REQUEST_CALL_HEX));
    assert_eq!(RequestCall::from_bytes(bytes).unwrap(), call);
}

#[test]
fn request_call_decodes_zero_copy() {
    let input = Bytes::from(hex(REQUEST_CALL_HEX));
    let call = RequestCall::from_bytes(input.clone()).unwrap();
    assert_eq!(
        call.g_a_hash.as_ptr() as usize,
        input.as_ptr() as usize + 33
    );
}
