//! Containers whose clones share their contents until one of them writes:
//! [`CowVec`] in chunks, [`CowMap`] in shards, each chunk or shard behind
//! an `Arc`. A clone costs a pointer per chunk or shard; a write copies the
//! one chunk or shard it lands in, if a clone still shares it. `serve`
//! keeps one generation of the site per edit in these, so that the next
//! generation shares with the last everything an edit does not touch.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};
use std::sync::Arc;

/// Items per chunk of a [`CowVec`].
const CHUNK: usize = 512;

/// A vector in chunks shared between clones (see the module's doc).
#[derive(Debug)]
pub(crate) struct CowVec<T> {
    chunks: Vec<Arc<Vec<T>>>,
    len: usize,
}

impl<T> Default for CowVec<T> {
    fn default() -> Self {
        CowVec {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Clone for CowVec<T> {
    fn clone(&self) -> Self {
        CowVec {
            chunks: self.chunks.clone(),
            len: self.len,
        }
    }
}

impl<T: Clone> CowVec<T> {
    /// How many items it holds.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Adds `item` at the end.
    pub(crate) fn push(&mut self, item: T) {
        if self.len % CHUNK == 0 {
            self.chunks.push(Arc::new(Vec::with_capacity(CHUNK)));
        }
        if let Some(last) = self.chunks.last_mut() {
            Arc::make_mut(last).push(item);
        }
        self.len += 1;
    }
}

impl<T> std::ops::Index<usize> for CowVec<T> {
    type Output = T;

    fn index(&self, i: usize) -> &T {
        &self.chunks[i / CHUNK][i % CHUNK]
    }
}

impl<T: Clone> std::ops::IndexMut<usize> for CowVec<T> {
    /// Copies the item's chunk first if a clone shares it.
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut Arc::make_mut(&mut self.chunks[i / CHUNK])[i % CHUNK]
    }
}

/// Shards of a [`CowMap`].
const SHARDS: usize = 64;

/// A hash map in shards shared between clones (see the module's doc). A
/// key's shard is the top bits of its hash mixed once more (by a
/// multiplication that spreads every bit upward): a fast hash may vary in
/// few bits for keys alike, and the shard's own table places a key by the
/// hash's low bits and tags it with the top seven.
#[derive(Debug)]
pub(crate) struct CowMap<K, V, S> {
    shards: Vec<Arc<HashMap<K, V, S>>>,
    hasher: S,
    len: usize,
}

impl<K, V, S: BuildHasher + Default + Clone> Default for CowMap<K, V, S> {
    fn default() -> Self {
        let hasher = S::default();
        CowMap {
            shards: (0..SHARDS)
                .map(|_| Arc::new(HashMap::with_hasher(hasher.clone())))
                .collect(),
            hasher,
            len: 0,
        }
    }
}

impl<K, V, S: Clone> Clone for CowMap<K, V, S> {
    fn clone(&self) -> Self {
        CowMap {
            shards: self.shards.clone(),
            hasher: self.hasher.clone(),
            len: self.len,
        }
    }
}

impl<K, V, S> CowMap<K, V, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher + Clone,
{
    fn shard<Q: Hash + ?Sized>(&self, key: &Q) -> usize {
        let mixed = self
            .hasher
            .hash_one(key)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> (64 - SHARDS.trailing_zeros())) as usize
    }

    /// How many entries it holds.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The value of `key`.
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.shards[self.shard(key)].get(key)
    }

    /// Whether it holds `key`.
    pub(crate) fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`; returns the value it replaced. Copies the
    /// key's shard first if a clone shares it.
    pub(crate) fn insert(&mut self, key: K, value: V) -> Option<V> {
        let s = self.shard(&key);
        let old = Arc::make_mut(&mut self.shards[s]).insert(key, value);
        if old.is_none() {
            self.len += 1;
        }
        old
    }

    /// Removes `key`; returns its value. Copies the key's shard first if a
    /// clone shares it (and only if it holds the key).
    pub(crate) fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let s = self.shard(key);
        if !self.shards[s].contains_key(key) {
            return None;
        }
        let old = Arc::make_mut(&mut self.shards[s]).remove(key);
        if old.is_some() {
            self.len -= 1;
        }
        old
    }

    /// Every entry, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&K, &V)> + '_ {
        self.shards.iter().flat_map(|s| s.iter())
    }

    /// Every key, in no particular order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &K> + '_ {
        self.iter().map(|(k, _)| k)
    }
}

impl<K, V, S> FromIterator<(K, V)> for CowMap<K, V, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher + Default + Clone,
{
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = CowMap::default();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasherDefault, Hasher};

    /// A hash whose value varies in a few middle bits only, as a fast hash
    /// may for keys alike.
    #[derive(Default)]
    struct Narrow(u64);

    impl Hasher for Narrow {
        fn write(&mut self, bytes: &[u8]) {
            for &b in bytes {
                self.0 = self.0.wrapping_mul(31).wrapping_add(u64::from(b));
            }
        }
        fn finish(&self) -> u64 {
            (self.0 & 0xfff) << 20
        }
    }

    #[test]
    fn keys_whose_hashes_differ_in_a_few_bits_still_spread_over_the_shards() {
        let m: CowMap<String, u32, BuildHasherDefault<Narrow>> =
            (0..2000).map(|i| (format!("k{i:04}"), i)).collect();
        let used = m.shards.iter().filter(|s| !s.is_empty()).count();
        assert!(used > SHARDS / 2, "{used} of {SHARDS} shards used");
        assert_eq!(m.get("k1234"), Some(&1234));
    }

    #[test]
    fn a_clone_keeps_what_it_had_when_the_original_changes() {
        let mut v: CowVec<u32> = CowVec::default();
        for i in 0..2000 {
            v.push(i);
        }
        let before = v.clone();
        v[1500] = 7;
        v.push(9);
        assert_eq!(before[1500], 1500);
        assert_eq!(before.len(), 2000);
        assert_eq!(v[1500], 7);
        assert_eq!(v.len(), 2001);
        assert_eq!(v[2000], 9);
        // Only the chunk written to was copied.
        assert!(Arc::ptr_eq(&v.chunks[0], &before.chunks[0]));
        assert!(!Arc::ptr_eq(
            &v.chunks[1500 / CHUNK],
            &before.chunks[1500 / CHUNK]
        ));
    }

    #[test]
    fn a_map_clone_keeps_its_entries_and_shares_untouched_shards() {
        let mut m: CowMap<String, u32, RandomState> =
            (0..1000).map(|i| (format!("k{i}"), i)).collect();
        let before = m.clone();
        assert_eq!(m.insert("k5".into(), 50), Some(5));
        assert_eq!(m.remove("k6"), Some(6));
        assert_eq!(m.remove("absent"), None);
        m.insert("new".into(), 1);
        assert_eq!(before.get("k5"), Some(&5));
        assert_eq!(before.get("k6"), Some(&6));
        assert!(!before.contains_key("new"));
        assert_eq!((before.len(), m.len()), (1000, 1000));
        assert_eq!(m.get("k5"), Some(&50));
        assert_eq!(m.iter().count(), 1000);
        let shared = (0..SHARDS)
            .filter(|&s| Arc::ptr_eq(&m.shards[s], &before.shards[s]))
            .count();
        assert!(shared >= SHARDS - 3, "{shared} shards shared");
    }
}
