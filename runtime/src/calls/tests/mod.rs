//! Tests of the call key exchange: fixed vectors computed in Python (`vectors`), refused
//! peer values and configs (`refusals`), and events out of order (`order`).

mod order;
mod refusals;
mod vectors;

use super::{CallKey, Confirm, DhConfig, IncomingCall, OutgoingCall};
use crate::mtproto::auth_key::TELEGRAM_DH_PRIME;

/// Telegram's prime with g = 3, as the servers send it.
fn config() -> DhConfig {
    DhConfig::new(3, &TELEGRAM_DH_PRIME).expect("Telegram's prime passes")
}

/// A random source that fills every byte with `byte`.
fn fill(byte: u8) -> impl FnMut(&mut [u8]) {
    move |buf: &mut [u8]| buf.fill(byte)
}

/// A call up to the callee's `phoneCall`: both sides, `g_b` and the caller's `Confirm`.
struct Exchange {
    caller: OutgoingCall,
    callee: IncomingCall,
    g_b: Vec<u8>,
    confirm: Confirm,
}

/// Runs the exchange with a = 0x5a.., b = 0xa5.. until the caller has confirmed.
fn exchange() -> Exchange {
    exchange_with(0x5a)
}

/// Runs the exchange with a filled with `a`, b = 0xa5.., until the caller has confirmed.
fn exchange_with(a: u8) -> Exchange {
    let config = config();
    let (mut caller, g_a_hash) = OutgoingCall::start(&config, &mut fill(a)).unwrap();
    let mut callee = IncomingCall::new(7, &g_a_hash).unwrap();
    let g_b = callee.accept(&config, &mut fill(0xa5)).unwrap();
    let confirm = caller.on_accepted(&g_b).unwrap();
    Exchange {
        caller,
        callee,
        g_b,
        confirm,
    }
}

/// Both keys of a finished exchange, caller's first.
fn finish(mut x: Exchange) -> (CallKey, CallKey) {
    let theirs = x
        .callee
        .on_confirmed(&x.confirm.g_a, x.confirm.key_fingerprint)
        .unwrap();
    let ours = x.caller.on_established(theirs.fingerprint()).unwrap();
    (ours, theirs)
}
