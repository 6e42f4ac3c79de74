//! Events out of order: refused with `InvalidTransition` and no change, or, after a
//! discard, with `Discarded`; timeouts as inputs.

use super::{config, exchange, fill};
use crate::calls::{
    CallError, DiscardReason, IncomingCall, IncomingState, OutgoingCall, OutgoingState,
};

fn invalid(state: &'static str, event: &'static str) -> CallError {
    CallError::InvalidTransition { state, event }
}

#[test]
fn duplicate_and_early_events_change_nothing() {
    let config = config();
    let (mut caller, g_a_hash) = OutgoingCall::start(&config, &mut fill(0x5a)).unwrap();
    assert_eq!(
        caller.on_established(0),
        Err(invalid("Requested", "on_established"))
    );
    let mut callee = IncomingCall::new(1, &g_a_hash).unwrap();
    assert_eq!(
        callee.on_confirmed(&[0; 256], 0),
        Err(invalid("Ringing", "on_confirmed"))
    );
    let g_b = callee.accept(&config, &mut fill(0xa5)).unwrap();
    assert_eq!(
        callee.accept(&config, &mut fill(0xa5)),
        Err(invalid("Accepted", "accept"))
    );
    let confirm = caller.on_accepted(&g_b).unwrap();
    assert_eq!(
        caller.on_accepted(&g_b),
        Err(invalid("Confirming", "on_accepted"))
    );
    // The refusals left both sides where they were: the exchange still completes.
    let theirs = callee
        .on_confirmed(&confirm.g_a, confirm.key_fingerprint)
        .unwrap();
    assert_eq!(
        callee.on_confirmed(&confirm.g_a, confirm.key_fingerprint),
        Err(invalid("Established", "on_confirmed"))
    );
    let ours = caller.on_established(confirm.key_fingerprint).unwrap();
    assert_eq!(
        caller.on_established(confirm.key_fingerprint),
        Err(invalid("Established", "on_established"))
    );
    assert_eq!(ours, theirs);
}

#[test]
fn after_a_discard_everything_is_refused() {
    let hangup = CallError::Discarded {
        reason: DiscardReason::Hangup,
    };
    let x = exchange();
    let (mut caller, mut callee) = (x.caller, x.callee);
    caller.discard(DiscardReason::Hangup).unwrap();
    assert_eq!(
        caller.state(),
        OutgoingState::Discarded(DiscardReason::Hangup)
    );
    assert_eq!(caller.on_accepted(&x.g_b), Err(hangup.clone()));
    assert_eq!(caller.on_established(0), Err(hangup.clone()));
    assert_eq!(caller.on_timeout(), Err(hangup.clone()));
    assert_eq!(caller.discard(DiscardReason::Busy), Err(hangup.clone()));

    callee.discard(DiscardReason::Hangup).unwrap();
    assert_eq!(callee.accept(&config(), &mut fill(1)), Err(hangup.clone()));
    let fingerprint = x.confirm.key_fingerprint;
    assert_eq!(
        callee.on_confirmed(&x.confirm.g_a, fingerprint),
        Err(hangup.clone())
    );
    assert_eq!(callee.on_timeout(), Err(hangup.clone()));
    assert_eq!(callee.discard(DiscardReason::Missed), Err(hangup));
    assert!(caller.key().is_none() && callee.key().is_none());
}

#[test]
fn declining_and_hanging_up() {
    let mut callee = IncomingCall::new(1, &[0; 32]).unwrap();
    callee.discard(DiscardReason::Busy).unwrap();
    assert_eq!(
        callee.state(),
        IncomingState::Discarded(DiscardReason::Busy)
    );

    let x = exchange();
    let mut caller = x.caller;
    let fingerprint = x.confirm.key_fingerprint;
    caller.on_established(fingerprint).unwrap();
    caller.discard(DiscardReason::Hangup).unwrap();
    assert!(caller.key().is_none(), "the key goes with the call");
}

#[test]
fn timeouts_end_the_call_with_the_right_reason() {
    let config = config();
    let (mut caller, g_a_hash) = OutgoingCall::start(&config, &mut fill(0x5a)).unwrap();
    assert_eq!(caller.on_timeout(), Ok(DiscardReason::Missed));
    assert_eq!(
        caller.state(),
        OutgoingState::Discarded(DiscardReason::Missed)
    );

    let mut callee = IncomingCall::new(1, &g_a_hash).unwrap();
    assert_eq!(callee.on_timeout(), Ok(DiscardReason::Missed));

    let mut x = exchange();
    assert_eq!(x.caller.on_timeout(), Ok(DiscardReason::Disconnect));
    assert_eq!(x.callee.on_timeout(), Ok(DiscardReason::Disconnect));
    assert_eq!(
        x.callee.state(),
        IncomingState::Discarded(DiscardReason::Disconnect)
    );
}

#[test]
fn no_timeout_once_established() {
    let x = exchange();
    let fingerprint = x.confirm.key_fingerprint;
    let (mut caller, mut callee) = (x.caller, x.callee);
    callee.on_confirmed(&x.confirm.g_a, fingerprint).unwrap();
    caller.on_established(fingerprint).unwrap();
    assert_eq!(
        caller.on_timeout(),
        Err(invalid("Established", "on_timeout"))
    );
    assert_eq!(
        callee.on_timeout(),
        Err(invalid("Established", "on_timeout"))
    );
    assert!(caller.key().is_some() && callee.key().is_some());
}
