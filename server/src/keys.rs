//! The server's memory of auth keys, and who each one belongs to.

use std::collections::HashMap;
use std::sync::Mutex;

use tl_runtime::mtproto::AuthKey;

/// Who sent a request: what a handler learns about the connection it serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The id of the auth key the request was encrypted with.
    pub auth_key_id: u64,
    /// The user this key is logged in as, if any (see [`TestServer::log_in`](crate::TestServer::log_in)).
    pub user_id: Option<i64>,
}

#[derive(Clone)]
pub(crate) struct KeyEntry {
    pub key: AuthKey,
    pub salt: i64,
    pub user_id: Option<i64>,
}

/// Auth keys by id. Created keys stay until [`forget_all`](Self::forget_all), which
/// simulates a server that lost them (clients must then make new ones).
#[derive(Default)]
pub(crate) struct KeyStore {
    keys: Mutex<HashMap<u64, KeyEntry>>,
}

impl KeyStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, KeyEntry>> {
        self.keys
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    pub fn insert(&self, key: AuthKey, salt: i64, user_id: Option<i64>) {
        self.lock()
            .insert(key.id(), KeyEntry { key, salt, user_id });
    }

    pub fn get(&self, id: u64) -> Option<KeyEntry> {
        self.lock().get(&id).cloned()
    }

    pub fn set_user(&self, id: u64, user_id: i64) -> bool {
        match self.lock().get_mut(&id) {
            Some(entry) => {
                entry.user_id = Some(user_id);
                true
            }
            None => false,
        }
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
