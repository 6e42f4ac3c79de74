//! The server's memory of auth keys, and who each one belongs to.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use tl_runtime::Bytes;
use tl_runtime::mtproto::AuthKey;
use tokio::sync::mpsc;

/// Who sent a request, and a handle to reach other users: what a handler learns about
/// the connection it serves.
#[derive(Clone)]
pub struct Caller {
    /// The id of the auth key the request was encrypted with.
    pub auth_key_id: u64,
    /// The user this key is logged in as, if any (see [`TestServer::log_in`](crate::TestServer::log_in)).
    pub user_id: Option<i64>,
    pub(crate) keys: Arc<KeyStore>,
}

impl std::fmt::Debug for Caller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Caller")
            .field("auth_key_id", &self.auth_key_id)
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

impl Caller {
    /// Pushes a serialized update (e.g. `updates` or `updateShort`) to every connection
    /// logged in as `user_id`. Returns how many connections it was queued for.
    pub fn push_to_user(&self, user_id: i64, update: Bytes) -> usize {
        self.keys.push_to_user(user_id, || update)
    }

    /// [`push_to_user`](Self::push_to_user), serializing the update only if a connection
    /// of `user_id` is there to receive it: an offline callee costs no encoding.
    pub fn push_to_user_with(&self, user_id: i64, update: impl FnOnce() -> Bytes) -> usize {
        self.keys.push_to_user(user_id, update)
    }
}

pub(crate) struct KeyEntry {
    pub key: AuthKey,
    pub salt: i64,
    pub user_id: Option<i64>,
    /// Where to push updates for the connection using this key, while one is open.
    pub push: Option<mpsc::UnboundedSender<Bytes>>,
}

/// Auth keys by id. Created keys stay until [`forget_all`](Self::forget_all), which
/// simulates a server that lost them (clients must then make new ones).
#[derive(Default)]
pub(crate) struct KeyStore {
    keys: Mutex<HashMap<u64, KeyEntry>>,
}

/// What a connection needs to know about its key, read at each message.
pub(crate) struct KeyView {
    pub key: AuthKey,
    pub salt: i64,
    pub user_id: Option<i64>,
}

impl KeyStore {
    fn lock(&self) -> MutexGuard<'_, HashMap<u64, KeyEntry>> {
        self.keys
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    pub fn insert(&self, key: AuthKey, salt: i64) {
        self.lock().insert(
            key.id(),
            KeyEntry {
                key,
                salt,
                user_id: None,
                push: None,
            },
        );
    }

    pub fn get(&self, id: u64) -> Option<KeyView> {
        self.lock().get(&id).map(|e| KeyView {
            key: e.key.clone(),
            salt: e.salt,
            user_id: e.user_id,
        })
    }

    pub fn set_user(&self, id: u64, user_id: i64) -> bool {
        self.lock()
            .get_mut(&id)
            .map(|entry| entry.user_id = Some(user_id))
            .is_some()
    }

    /// Gives every key a new salt; returns how many keys there were.
    pub fn rotate_salts(&self, next: impl Fn(i64) -> i64) -> usize {
        let mut keys = self.lock();
        for entry in keys.values_mut() {
            entry.salt = next(entry.salt);
        }
        keys.len()
    }

    pub fn set_push(&self, id: u64, push: Option<mpsc::UnboundedSender<Bytes>>) {
        if let Some(entry) = self.lock().get_mut(&id) {
            entry.push = push;
        }
    }

    pub fn push_to_user(&self, user_id: i64, update: impl FnOnce() -> Bytes) -> usize {
        let keys = self.lock();
        let mut targets = keys
            .values()
            .filter(|e| e.user_id == Some(user_id))
            .filter_map(|e| e.push.as_ref())
            .peekable();
        if targets.peek().is_none() {
            return 0;
        }
        let update = update();
        targets
            .filter(|push| push.send(update.clone()).is_ok())
            .count()
    }

    pub fn forget_all(&self) {
        self.lock().clear();
    }

    pub fn ids(&self) -> Vec<u64> {
        let mut ids: Vec<u64> = self.lock().keys().copied().collect();
        ids.sort_unstable();
        ids
    }
}
