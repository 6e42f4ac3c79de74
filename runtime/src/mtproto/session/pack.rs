//! Choosing what goes into the next outgoing message, numbering it, wrapping several
//! messages in a container, and encrypting the result. Shared by both sides.

use std::collections::VecDeque;

use bytes::{BufMut, Bytes};

use super::MAX_ACK_IDS;
use super::container::{
    CONTAINER_HEADER_LEN, Inner, MAX_CONTAINER_BYTES, MAX_CONTAINER_MESSAGES, MESSAGE_HEADER_LEN,
    container_len, put_container,
};
use super::ids::{MsgKind, Sequencer};
use crate::Identifiable;
use crate::mtproto::crypto::{OUTER_HEADER_LEN, PLAINTEXT_HEADER_LEN, seal_in_place};
use crate::mtproto::tl::types::MsgsAck;
use crate::mtproto::{AuthKey, Side, padding_len};
use crate::wire::VECTOR_ID;

/// A message waiting to be numbered.
#[derive(Debug, Clone)]
pub(super) struct Item {
    /// The serialized object.
    pub body: Bytes,
    /// Whether it takes an odd seq_no (and needs an acknowledgment).
    pub content_related: bool,
    /// What its msg_id's low bits must say.
    pub kind: MsgKind,
}

/// Admits bodies, in order, while they fit in one container.
#[derive(Debug)]
pub(super) struct Fitter {
    count: usize,
    bytes: usize,
}

impl Fitter {
    pub(super) fn new() -> Self {
        Self {
            count: 0,
            bytes: CONTAINER_HEADER_LEN,
        }
    }

    /// Whether one more body of `len` bytes goes into the message being built. The first
    /// body is always admitted, however big: it then travels alone.
    pub(super) fn admit(&mut self, len: usize) -> bool {
        let size = MESSAGE_HEADER_LEN + len;
        let full = self.count == MAX_CONTAINER_MESSAGES
            || (self.count > 0 && self.bytes + size > MAX_CONTAINER_BYTES);
        if !full {
            self.count += 1;
            self.bytes += size;
        }
        !full
    }
}

/// `msgs_ack` items for the pending acknowledgments, as many as `fit` admits, at most
/// [`MAX_ACK_IDS`] ids each; with how many ids they took from the front of `pending`.
pub(super) fn ack_items(
    pending: &VecDeque<i64>,
    fit: &mut Fitter,
    kind: MsgKind,
) -> (Vec<Item>, usize) {
    let mut items = Vec::new();
    let mut taken = 0;
    while taken < pending.len() {
        let n = (pending.len() - taken).min(MAX_ACK_IDS);
        let body = msgs_ack(pending.range(taken..taken + n).copied(), n);
        if !fit.admit(body.len()) {
            break;
        }
        items.push(Item {
            body: body.into(),
            content_related: false,
            kind,
        });
        taken += n;
    }
    (items, taken)
}

/// `msgs_ack` of the `n` ids `msg_ids`, serialized as [`MsgsAck::to_bytes`] would, without
/// collecting the ids first.
fn msgs_ack(msg_ids: impl Iterator<Item = i64>, n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 + 8 * n);
    out.put_u32_le(MsgsAck::CONSTRUCTOR_ID);
    out.put_u32_le(VECTOR_ID);
    out.put_i32_le(i32::try_from(n).unwrap_or(i32::MAX));
    msg_ids.for_each(|id| out.put_i64_le(id));
    out
}

/// A numbered message ready to encrypt.
#[derive(Debug)]
pub(super) struct Framed {
    /// The top-level msg_id: the container's, or the only message's.
    pub msg_id: i64,
    /// The top-level seq_no.
    pub seq_no: i32,
    /// The numbered items, in order: the only message, or the container's contents.
    pub messages: Vec<Inner>,
    /// The container's msg_id, when the items went into one.
    pub container: Option<i64>,
}

impl Framed {
    /// The msg_id given to each item, in order.
    pub(super) fn ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.messages.iter().map(|m| m.msg_id)
    }

    /// The length of the top-level body.
    fn body_len(&self) -> usize {
        match (&self.container, &self.messages[..]) {
            (None, [only]) => only.body.len(),
            _ => container_len(&self.messages),
        }
    }

    /// Writes the top-level body: the only message's, or the container.
    fn put_body(&self, out: &mut impl BufMut) {
        match (&self.container, &self.messages[..]) {
            (None, [only]) => out.put_slice(&only.body),
            _ => put_container(out, &self.messages),
        }
    }
}

/// Numbers `items` (at least one, admitted by a [`Fitter`]) and wraps several in a
/// container, numbered after its contents as the spec requires (msg_id above theirs,
/// seq_no not below theirs). A server container answers if any item does.
pub(super) fn frame(items: Vec<Item>, seq: &mut Sequencer, clock: i64) -> Framed {
    if let [item] = &items[..] {
        let msg_id = seq.next_msg_id(clock, item.kind);
        let seq_no = seq.next_seq_no(item.content_related);
        let body = items.into_iter().next().map(|i| i.body).unwrap_or_default();
        return Framed {
            msg_id,
            seq_no,
            messages: vec![Inner {
                msg_id,
                seq_no,
                body,
            }],
            container: None,
        };
    }
    let kind = if items.iter().any(|i| i.kind == MsgKind::ServerAnswer) {
        MsgKind::ServerAnswer
    } else {
        items.first().map_or(MsgKind::Client, |i| i.kind)
    };
    let inner: Vec<Inner> = items
        .into_iter()
        .map(|item| Inner {
            msg_id: seq.next_msg_id(clock, item.kind),
            seq_no: seq.next_seq_no(item.content_related),
            body: item.body,
        })
        .collect();
    let msg_id = seq.next_msg_id(clock, kind);
    Framed {
        msg_id,
        seq_no: seq.next_seq_no(false),
        messages: inner,
        container: Some(msg_id),
    }
}

/// The session fields of an outgoing message.
#[derive(Debug, Clone, Copy)]
pub(super) struct Envelope<'a> {
    pub auth_key: &'a AuthKey,
    pub sender: Side,
    pub salt: i64,
    pub session_id: i64,
}

/// Builds the plaintext of `framed` and encrypts it with random padding. `None` only if
/// encryption refuses the padding, which [`padding_len`] rules out.
pub(super) fn seal(
    env: Envelope<'_>,
    framed: &Framed,
    random: &mut dyn FnMut(&mut [u8]),
) -> Option<Vec<u8>> {
    let body_len = framed.body_len();
    let len = u32::try_from(body_len).ok()?;
    // One buffer, encrypted in place: room for auth_key_id and msg_key, the plaintext
    // (a container written straight into it), the padding; what `encrypt_message` does,
    // without its copies.
    let plain_len = PLAINTEXT_HEADER_LEN + body_len;
    let padding = padding_len(plain_len);
    let mut out = Vec::with_capacity(OUTER_HEADER_LEN + plain_len + padding);
    out.put_bytes(0, OUTER_HEADER_LEN);
    out.put_i64_le(env.salt);
    out.put_i64_le(env.session_id);
    out.put_i64_le(framed.msg_id);
    out.put_i32_le(framed.seq_no);
    out.put_u32_le(len);
    framed.put_body(&mut out);
    let start = out.len();
    out.resize(start + padding, 0);
    random(&mut out[start..]);
    seal_in_place(env.auth_key, env.sender, &mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Serialize;

    #[test]
    fn fitter_limits_count_and_bytes() {
        let mut f = Fitter::new();
        assert!((0..MAX_CONTAINER_MESSAGES).all(|_| f.admit(4)));
        assert!(!f.admit(4));

        let mut f = Fitter::new();
        let half = MAX_CONTAINER_BYTES / 2;
        assert!(f.admit(half));
        assert!(!f.admit(half), "two halves plus headers exceed the cap");
        assert!(f.admit(4), "smaller ones still fit");

        let mut f = Fitter::new();
        assert!(
            f.admit(2 * MAX_CONTAINER_BYTES),
            "an oversize first body goes alone"
        );
        assert!(!f.admit(4));
    }

    #[test]
    fn msgs_ack_serialized_as_generated() {
        for ids in [vec![], vec![5_i64], vec![-1, 1 << 40, 7]] {
            let expected = MsgsAck {
                msg_ids: ids.clone(),
            }
            .to_bytes();
            assert_eq!(msgs_ack(ids.iter().copied(), ids.len()), expected);
        }
    }

    #[test]
    fn container_numbered_after_contents() {
        let mut seq = Sequencer::default();
        let item = |content_related| Item {
            body: Bytes::from_static(&[1, 2, 3, 4]),
            content_related,
            kind: MsgKind::Client,
        };
        let framed = frame(vec![item(false), item(true), item(true)], &mut seq, 1 << 40);
        assert!(framed.ids().eq([1 << 40, (1 << 40) + 4, (1 << 40) + 8]));
        assert_eq!(framed.msg_id, (1 << 40) + 12);
        assert_eq!(framed.container, Some(framed.msg_id));
        assert_eq!(framed.seq_no, 4);
        let single = frame(vec![item(true)], &mut seq, 1 << 40);
        assert_eq!(
            (single.msg_id, single.seq_no, single.container),
            ((1 << 40) + 16, 5, None)
        );
    }
}
