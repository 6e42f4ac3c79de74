//! The task that owns one client connection: it feeds the sans-IO session with what
//! callers send and what the socket delivers, and routes answers back to callers.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::{mpsc, oneshot};

use super::client::{ClientConfig, SessionData, new_session, open};
use super::env::{PaddingRng, now};
use super::error::NetError;
use super::framed::FramedStream;
use crate::RpcError;
use crate::mtproto::session::{ClientEvent, ClientSession, RequestId, SessionError};
use crate::mtproto::transport::TransportError;

/// Acks wait at most this long for a request to ride along with.
const ACK_DELAY: Duration = Duration::from_millis(50);

/// This many pending acks go out at once, without waiting.
const ACK_BATCH: usize = 64;

/// Telegram's transport error for "this auth key is unknown here".
const AUTH_KEY_NOT_FOUND: i32 = -404;

/// What a caller gets back when there is no answer value.
#[derive(Debug)]
pub(super) enum CallFailure {
    Rpc(RpcError),
    Session(SessionError),
    Disconnected(String),
}

type Reply = oneshot::Sender<Result<Bytes, CallFailure>>;

/// Messages from [`Client`](super::Client) handles to the task.
pub(super) enum Command {
    Invoke {
        token: u64,
        body: Bytes,
        reply: Reply,
    },
    Cancel(u64),
    Shutdown,
}

/// A call the task still owes an answer to. The body is kept (a cheap `Bytes` clone) so
/// the call survives even the loss of the auth key.
struct Pending {
    token: u64,
    body: Bytes,
    reply: Reply,
}

pub(super) struct Connection {
    config: ClientConfig,
    framed: FramedStream,
    session: ClientSession,
    commands: mpsc::UnboundedReceiver<Command>,
    shared: Arc<Mutex<SessionData>>,
    updates: mpsc::UnboundedSender<Bytes>,
    pending: HashMap<RequestId, Pending>,
    by_token: HashMap<u64, RequestId>,
    padding: PaddingRng,
    /// Since when acks have been held back, waiting for a request to carry them.
    acks_held_since: Option<tokio::time::Instant>,
    /// Whether [`ack_timer`](Self::ack_timer) is armed.
    ack_timer_armed: bool,
    /// Fires at the latest [`ACK_DELAY`] after acks were first held back, so they go out
    /// even with no request to carry them. One timer kept for the connection's life and
    /// left running when a request carries the acks first (when it fires early it is
    /// moved on): registering a new timer for every answer cost a wake-up of the parked
    /// runtime thread (an eventfd write and one more `epoll_wait`) per round trip.
    ack_timer: Pin<Box<tokio::time::Sleep>>,
}

/// Why the loop stopped reading: the connection broke, or the client is gone.
enum Exit {
    Broken(NetError),
    Shutdown,
}

impl Connection {
    pub(super) fn new(
        config: ClientConfig,
        framed: FramedStream,
        session: ClientSession,
        commands: mpsc::UnboundedReceiver<Command>,
        shared: Arc<Mutex<SessionData>>,
        updates: mpsc::UnboundedSender<Bytes>,
    ) -> Self {
        Self {
            config,
            framed,
            session,
            commands,
            shared,
            updates,
            pending: HashMap::new(),
            by_token: HashMap::new(),
            padding: PaddingRng::from_os(),
            acks_held_since: None,
            ack_timer_armed: false,
            ack_timer: Box::pin(tokio::time::sleep(ACK_DELAY)),
        }
    }

    pub(super) async fn run(mut self) {
        loop {
            let error = match self.serve().await {
                Exit::Shutdown => return,
                Exit::Broken(error) => error,
            };
            tracing::warn!(%error, pending = self.pending.len(), "connection lost");
            if let Err(error) = self.reconnect(&error).await {
                tracing::error!(%error, "reconnecting failed; failing pending calls");
                self.fail_all(&error.to_string());
                // Later calls get the same answer at once rather than hanging.
                while let Some(cmd) = self.commands.recv().await {
                    if let Command::Invoke { reply, .. } = cmd {
                        let _ = reply.send(Err(CallFailure::Disconnected(error.to_string())));
                    }
                }
                return;
            }
        }
    }

    /// The steady state: send what is queued, then wait for a caller or the socket.
    async fn serve(&mut self) -> Exit {
        let mut acks_due = false;
        loop {
            if let Err(e) = self.flush(acks_due).await {
                return Exit::Broken(e);
            }
            let armed = self.ack_timer_armed;
            tokio::select! {
                command = self.commands.recv() => {
                    let Some(mut command) = command else {
                        return Exit::Shutdown;
                    };
                    // Take every call already waiting, so they share one container.
                    loop {
                        if self.command(command) {
                            return Exit::Shutdown;
                        }
                        match self.commands.try_recv() {
                            Ok(next) => command = next,
                            Err(_) => break,
                        }
                    }
                    acks_due = false;
                }
                payload = self.framed.recv() => {
                    match payload {
                        Ok(payload) => self.incoming(&payload),
                        Err(e) => return Exit::Broken(e),
                    }
                    acks_due = false;
                }
                () = self.ack_timer.as_mut(), if armed => {
                    self.ack_timer_armed = false;
                    match self.acks_held_since {
                        Some(since) if since + ACK_DELAY > tokio::time::Instant::now() => {
                            // Armed for acks that a request has carried since; these
                            // newer ones get their full delay.
                            self.arm_ack_timer(since + ACK_DELAY);
                        }
                        Some(_) => acks_due = true,
                        None => {}
                    }
                }
            }
        }
    }

    /// Takes one command; true when the client is gone.
    fn command(&mut self, command: Command) -> bool {
        match command {
            Command::Invoke { token, body, reply } => {
                let id = self.session.push_request(body.clone());
                self.by_token.insert(token, id);
                self.pending.insert(id, Pending { token, body, reply });
            }
            Command::Cancel(token) => {
                if let Some(id) = self.by_token.remove(&token) {
                    self.pending.remove(&id);
                    self.session.forget(id);
                }
            }
            Command::Shutdown => return true,
        }
        false
    }

    /// Encrypts and writes what is queued. A message that would carry only acks is held
    /// back (up to [`ACK_DELAY`] or [`ACK_BATCH`] acks) so the acks ride along with the
    /// next request instead of costing a message of their own.
    async fn flush(&mut self, acks_due: bool) -> Result<(), NetError> {
        let acks = self.session.pending_acks();
        let hold = !acks_due && acks < ACK_BATCH && !self.session.has_content_queued();
        if hold {
            if acks > 0 && self.acks_held_since.is_none() {
                let since = tokio::time::Instant::now();
                self.acks_held_since = Some(since);
                if !self.ack_timer_armed {
                    self.arm_ack_timer(since + ACK_DELAY);
                }
            }
        } else {
            // An armed timer stays armed; when it fires with no acks held, nothing happens.
            let padding = &mut self.padding;
            let mut random = |buf: &mut [u8]| padding.fill(buf);
            while let Some(message) = self.session.poll_outgoing(now(), &mut random) {
                self.framed.queue(&message)?;
            }
            if self.session.pending_acks() == 0 {
                self.acks_held_since = None;
            }
        }
        self.framed.flush().await
    }

    fn arm_ack_timer(&mut self, at: tokio::time::Instant) {
        self.ack_timer.as_mut().reset(at);
        self.ack_timer_armed = true;
    }

    fn incoming(&mut self, payload: &[u8]) {
        let events = match self.session.handle_incoming(payload, now()) {
            Ok(events) => events,
            Err(error) => {
                // A message that fails decryption or the session checks is dropped
                // unread, as the security guidelines require; the connection stays.
                tracing::warn!(%error, "dropped an incoming message");
                return;
            }
        };
        for event in events {
            match event {
                ClientEvent::Result { id, result } => {
                    self.answer(id, result.map_err(CallFailure::Rpc));
                }
                ClientEvent::Failed { id, error } => {
                    self.answer(id, Err(CallFailure::Session(error)));
                }
                ClientEvent::Update(body) => {
                    // Nobody listening is the program's choice; the update is dropped.
                    let _ = self.updates.send(body);
                }
                ClientEvent::NewSession { first_msg_id } => {
                    tracing::debug!(first_msg_id, "server created a new session");
                }
            }
        }
        self.save_session();
    }

    fn answer(&mut self, id: RequestId, result: Result<Bytes, CallFailure>) {
        if let Some(pending) = self.pending.remove(&id) {
            self.by_token.remove(&pending.token);
            // The caller may have timed out meanwhile; then nobody wants it.
            let _ = pending.reply.send(result);
        }
    }

    fn save_session(&self) {
        let mut shared = self
            .shared
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        shared.server_salt = self.session.salt();
        shared.time_offset = self.session.time_offset();
    }

    /// Re-establishes the connection; unanswered calls are sent again. When the server
    /// no longer knows the auth key, a new key and session are made first.
    async fn reconnect(&mut self, error: &NetError) -> Result<(), NetError> {
        let key_lost = matches!(
            error,
            NetError::Transport(TransportError::Peer {
                code: AUTH_KEY_NOT_FOUND
            })
        );
        let mut last_error = None;
        for attempt in 0..self.config.reconnect_attempts {
            tokio::time::sleep(Duration::from_millis(100 << attempt.min(6))).await;
            let saved = if key_lost {
                None
            } else {
                Some(self.shared_session())
            };
            match open(&self.config, saved).await {
                Ok((framed, data)) => {
                    self.framed = framed;
                    if key_lost {
                        self.replace_session(data);
                    } else {
                        self.session.requeue_unanswered();
                    }
                    tracing::info!(attempt, key_lost, "reconnected");
                    return Ok(());
                }
                Err(e) => {
                    tracing::warn!(attempt, error = %e, "reconnect attempt failed");
                    last_error = Some(e);
                }
            }
        }
        Err(last_error.unwrap_or(NetError::Closed))
    }

    fn shared_session(&self) -> SessionData {
        self.shared
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .clone()
    }

    /// Moves every unanswered call onto a new session over a new key.
    fn replace_session(&mut self, data: SessionData) {
        *self
            .shared
            .lock()
            .unwrap_or_else(|poison| poison.into_inner()) = data.clone();
        self.session = new_session(&data);
        let old = std::mem::take(&mut self.pending);
        self.by_token.clear();
        for (_, pending) in old {
            let id = self.session.push_request(pending.body.clone());
            self.by_token.insert(pending.token, id);
            self.pending.insert(id, pending);
        }
    }

    fn fail_all(&mut self, why: &str) {
        self.by_token.clear();
        for (_, pending) in self.pending.drain() {
            let _ = pending
                .reply
                .send(Err(CallFailure::Disconnected(why.to_owned())));
        }
    }
}
