//! Resolved credentials (API keys, tokens, sessions), kept in memory so that authenticating a
//! request costs no database round trip. Only successful lookups are cached. Whatever can take a
//! credential away (deleting or resetting a tenant, restoring a snapshot) calls `invalidate`
//! after its transaction commits; a lookup that started before that moment is not cached (the
//! generation check), so no stale credential survives. One credential can be taken away alone
//! (`remove`: a revoked token, a session logged out), and an entry may expire at an instant of
//! the emulator's clock, which `touch` can move (a session that expires after a while unused).

use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};

/// Entries kept before the cache starts over.
const CAPACITY: usize = 50_000;

type Key = (&'static str, String);

struct Entry {
    value: Arc<dyn Any + Send + Sync>,
    /// When the credential stops working (`None`: when something invalidates it).
    expires_at: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct CredentialCache {
    generation: AtomicU64,
    entries: RwLock<HashMap<Key, Entry>>,
}

impl CredentialCache {
    /// The generation to pass to `insert` for a lookup starting now.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// The cached value of a credential that does not expire.
    pub fn get<T: Clone + 'static>(&self, vendor: &'static str, credential: &str) -> Option<T> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries.get(&(vendor, credential.to_owned())).and_then(|e| e.value.downcast_ref::<T>()).cloned()
    }

    /// The cached value of a credential still valid at `now`; an expired one is forgotten.
    pub fn get_live<T: Clone + 'static>(&self, vendor: &'static str, credential: &str, now: DateTime<Utc>) -> Option<T> {
        let key = (vendor, credential.to_owned());
        {
            let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
            let entry = entries.get(&key)?;
            if entry.expires_at.is_none_or(|at| now < at) {
                return entry.value.downcast_ref::<T>().cloned();
            }
        }
        self.entries.write().unwrap_or_else(|e| e.into_inner()).remove(&key);
        None
    }

    /// Caches a lookup made at `generation`, unless something was invalidated since.
    pub fn insert<T: Send + Sync + 'static>(&self, vendor: &'static str, credential: &str, generation: u64, value: T) {
        self.put(vendor, credential, generation, Entry { value: Arc::new(value), expires_at: None });
    }

    /// Like `insert`, for a credential that stops working at `expires_at`.
    pub fn insert_expiring<T: Send + Sync + 'static>(
        &self,
        vendor: &'static str,
        credential: &str,
        generation: u64,
        value: T,
        expires_at: DateTime<Utc>,
    ) {
        self.put(vendor, credential, generation, Entry { value: Arc::new(value), expires_at: Some(expires_at) });
    }

    fn put(&self, vendor: &'static str, credential: &str, generation: u64, entry: Entry) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::Acquire) != generation {
            return;
        }
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert((vendor, credential.to_owned()), entry);
    }

    /// Moves a cached credential's expiry to `expires_at`; false when it is not cached.
    pub fn touch(&self, vendor: &'static str, credential: &str, expires_at: DateTime<Utc>) -> bool {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        match entries.get_mut(&(vendor, credential.to_owned())) {
            Some(entry) => {
                entry.expires_at = Some(expires_at);
                true
            }
            None => false,
        }
    }

    /// Forgets one credential (after the transaction that took it away commits).
    pub fn remove(&self, vendor: &'static str, credential: &str) {
        self.entries.write().unwrap_or_else(|e| e.into_inner()).remove(&(vendor, credential.to_owned()));
    }

    /// Forgets every cached credential.
    pub fn invalidate(&self) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lookup_that_started_before_an_invalidation_is_not_cached() {
        let cache = CredentialCache::default();
        let before = cache.generation();
        cache.invalidate();
        cache.insert("v", "key", before, 7_i64);
        assert_eq!(cache.get::<i64>("v", "key"), None);
        cache.insert("v", "key", cache.generation(), 7_i64);
        assert_eq!(cache.get::<i64>("v", "key"), Some(7));
        cache.invalidate();
        assert_eq!(cache.get::<i64>("v", "key"), None);
    }

    #[test]
    fn one_credential_can_be_removed_and_entries_expire_by_the_given_clock() {
        let cache = CredentialCache::default();
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        cache.insert("v", "a", cache.generation(), 1_i64);
        cache.insert_expiring("v", "s", cache.generation(), 2_i64, at("2024-01-01T02:00:00Z"));
        cache.remove("v", "a");
        assert_eq!(cache.get::<i64>("v", "a"), None);
        assert_eq!(cache.get_live::<i64>("v", "s", at("2024-01-01T01:59:59Z")), Some(2));
        assert!(cache.touch("v", "s", at("2024-01-01T03:00:00Z")));
        assert_eq!(cache.get_live::<i64>("v", "s", at("2024-01-01T02:30:00Z")), Some(2));
        assert_eq!(cache.get_live::<i64>("v", "s", at("2024-01-01T03:00:00Z")), None);
        assert!(!cache.touch("v", "s", at("2024-01-01T04:00:00Z")), "an expired entry is gone");
    }
}
