//! Resolved credentials (API keys, tokens, sessions), kept in memory so that authenticating a
//! request costs no database round trip. Only successful lookups are cached. Whatever can take a
//! credential away (deleting or resetting a tenant, restoring a snapshot, revoking a token)
//! calls `invalidate` after its transaction commits; a lookup that started before that moment
//! is not cached (the generation check), so no stale credential survives.

use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// Entries kept before the cache starts over.
const CAPACITY: usize = 50_000;

type Key = (&'static str, String);

#[derive(Default)]
pub struct CredentialCache {
    generation: AtomicU64,
    entries: RwLock<HashMap<Key, Arc<dyn Any + Send + Sync>>>,
}

impl CredentialCache {
    /// The generation to pass to `insert` for a lookup starting now.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn get<T: Clone + 'static>(&self, vendor: &'static str, credential: &str) -> Option<T> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries.get(&(vendor, credential.to_owned())).and_then(|v| v.downcast_ref::<T>()).cloned()
    }

    /// Caches a lookup made at `generation`, unless something was invalidated since.
    pub fn insert<T: Send + Sync + 'static>(&self, vendor: &'static str, credential: &str, generation: u64, value: T) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::Acquire) != generation {
            return;
        }
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert((vendor, credential.to_owned()), Arc::new(value));
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
}
