//! What one received message body is: a service message the session handles itself, or
//! something for the caller. `gzip_packed` is unpacked here, against a byte budget shared
//! by the whole received message, so a container of gzip bombs cannot add up.

use bytes::Bytes;

use super::container::CONTAINER_ID;
use crate::gzip::{GZIP_PACKED_ID, gunzip};
use crate::mtproto::tl::{self, functions, types};
use crate::{DecodeError, DecodeErrorKind, Deserialize, Identifiable, Reader, RpcError};

/// A decoded message body.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Body {
    /// `rpc_result`, its result unpacked and split into a value or an `rpc_error`.
    RpcResult {
        req_msg_id: i64,
        result: Result<Bytes, RpcError>,
    },
    /// `msgs_ack`.
    Ack(Vec<i64>),
    /// `bad_msg_notification`, or `bad_server_salt` with its new salt.
    BadMsg {
        bad_msg_id: i64,
        code: i32,
        new_salt: Option<i64>,
    },
    /// `new_session_created`.
    NewSession { first_msg_id: i64, server_salt: i64 },
    /// `pong`, with its serialization for a caller that sent the ping as a request.
    Pong { msg_id: i64, body: Bytes },
    /// `ping` or `ping_delay_disconnect`.
    Ping { ping_id: i64 },
    /// `msg_detailed_info` or `msg_new_detailed_info`: the server answered already.
    DetailedInfo { answer_msg_id: i64 },
    /// `msg_resend_req`.
    ResendReq(Vec<i64>),
    /// Another constructor or function of the MTProto service schema.
    Service { id: u32, body: Bytes },
    /// Anything else: an API request, an update, and so on.
    Other(Bytes),
}

impl Body {
    /// Whether the sender must number it as content-related (odd seq_no): everything but
    /// acknowledgments and `http_wait` (containers never get here).
    pub(super) fn content_related(&self) -> bool {
        !matches!(
            self,
            Body::Ack(_)
                | Body::Service {
                    id: types::HttpWait::CONSTRUCTOR_ID,
                    ..
                }
        )
    }
}

/// Decodes one body, unpacking a top-level `gzip_packed` (one level: it may not hold
/// another `gzip_packed` or a container).
pub(super) fn classify(body: Bytes, budget: &mut usize) -> Result<Body, DecodeError> {
    if peek_id(&body)? != GZIP_PACKED_ID {
        return classify_plain(body, budget);
    }
    let unpacked = unpack(body, budget)?;
    let id = peek_id(&unpacked)?;
    if id == GZIP_PACKED_ID || id == CONTAINER_ID {
        return Err(DecodeErrorKind::Malformed {
            offset: 0,
            reason: "gzip_packed holds another gzip_packed or a msg_container",
        }
        .into());
    }
    classify_plain(unpacked, budget)
}

fn classify_plain(body: Bytes, budget: &mut usize) -> Result<Body, DecodeError> {
    Ok(match peek_id(&body)? {
        types::RpcResult::CONSTRUCTOR_ID => {
            let mut r = Reader::new(body);
            r.read_u32()?;
            let req_msg_id = r.read_i64()?;
            let result = rpc_result_value(r.read_rest(), budget)?;
            Body::RpcResult { req_msg_id, result }
        }
        types::MsgsAck::CONSTRUCTOR_ID => Body::Ack(types::MsgsAck::from_bytes(body)?.msg_ids),
        types::BadMsgNotification::CONSTRUCTOR_ID => {
            let n = types::BadMsgNotification::from_bytes(body)?;
            Body::BadMsg {
                bad_msg_id: n.bad_msg_id,
                code: n.error_code,
                new_salt: None,
            }
        }
        types::BadServerSalt::CONSTRUCTOR_ID => {
            let n = types::BadServerSalt::from_bytes(body)?;
            Body::BadMsg {
                bad_msg_id: n.bad_msg_id,
                code: n.error_code,
                new_salt: Some(n.new_server_salt),
            }
        }
        types::NewSessionCreated::CONSTRUCTOR_ID => {
            let n = types::NewSessionCreated::from_bytes(body)?;
            Body::NewSession {
                first_msg_id: n.first_msg_id,
                server_salt: n.server_salt,
            }
        }
        types::Pong::CONSTRUCTOR_ID => {
            let msg_id = types::Pong::from_bytes(body.clone())?.msg_id;
            Body::Pong { msg_id, body }
        }
        functions::Ping::CONSTRUCTOR_ID => Body::Ping {
            ping_id: functions::Ping::from_bytes(body)?.ping_id,
        },
        functions::PingDelayDisconnect::CONSTRUCTOR_ID => Body::Ping {
            ping_id: functions::PingDelayDisconnect::from_bytes(body)?.ping_id,
        },
        types::MsgDetailedInfo::CONSTRUCTOR_ID => Body::DetailedInfo {
            answer_msg_id: types::MsgDetailedInfo::from_bytes(body)?.answer_msg_id,
        },
        types::MsgNewDetailedInfo::CONSTRUCTOR_ID => Body::DetailedInfo {
            answer_msg_id: types::MsgNewDetailedInfo::from_bytes(body)?.answer_msg_id,
        },
        types::MsgResendReq::CONSTRUCTOR_ID => {
            Body::ResendReq(types::MsgResendReq::from_bytes(body)?.msg_ids)
        }
        id if tl::name_for_id(id).is_some() => Body::Service { id, body },
        _ => Body::Other(body),
    })
}

/// The `result:Object` of an `rpc_result`: unpacked if gzipped, an error if `rpc_error`.
fn rpc_result_value(
    value: Bytes,
    budget: &mut usize,
) -> Result<Result<Bytes, RpcError>, DecodeError> {
    let value = if peek_id(&value)? == GZIP_PACKED_ID {
        unpack(value, budget)?
    } else {
        value
    };
    match peek_id(&value)? {
        GZIP_PACKED_ID => Err(DecodeErrorKind::Malformed {
            offset: 0,
            reason: "gzip_packed holds another gzip_packed",
        }
        .into()),
        crate::wire::RPC_ERROR_ID => Ok(Err(RpcError::from_bytes(value)?)),
        _ => Ok(Ok(value)),
    }
}

/// Unpacks a whole `gzip_packed` body, charging what it inflates to `budget`.
fn unpack(body: Bytes, budget: &mut usize) -> Result<Bytes, DecodeError> {
    let packed = types::GzipPacked::from_bytes(body)?;
    let unpacked = gunzip(&packed.packed_data, *budget)?;
    *budget = budget.saturating_sub(unpacked.len());
    Ok(unpacked)
}

fn peek_id(body: &[u8]) -> Result<u32, DecodeError> {
    body.first_chunk::<4>()
        .map(|id| u32::from_le_bytes(*id))
        .ok_or_else(|| {
            DecodeErrorKind::UnexpectedEof {
                offset: 0,
                needed: 4,
            }
            .into()
        })
}
