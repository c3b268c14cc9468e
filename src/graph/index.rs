//! The indexes from ids and names to nodes.
//!
//! A million-node model has two to three million spellings (ids, folded
//! ids, names, aliases), so a slot must be small, and loading an edge list
//! looks up every edge's two ids, so the id index must be small enough to
//! stay in cache. A `HashMap<u64, Vec<u32>>` costs over 30 bytes a slot;
//! here, in `hashbrown::HashTable`s, a slot of the id index is the node
//! alone (4 bytes: the table finds it by the id's hash and confirms it
//! against the node's id), and a slot of the name index is the node and
//! 32 bits of the spelling's hash (8 bytes: the table is a multimap, as
//! several nodes may share a spelling). Every hit is verified against the
//! node, so a hash collision costs one comparison, never a wrong answer.

use hashbrown::HashTable;

use super::names;

/// The hash of an exact id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdKey(u64);

impl IdKey {
    pub(crate) fn of(id: &str) -> IdKey {
        IdKey(names::key(id))
    }
}

/// Exact id → node. Ids are unique: the builder looks an id up before
/// it inserts it.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdIndex {
    table: HashTable<u32>,
}

impl IdIndex {
    /// The node whose id (as given by `id_of`) is `id`.
    pub(crate) fn find<'a>(
        &self,
        key: IdKey,
        id: &str,
        id_of: impl Fn(u32) -> &'a str,
    ) -> Option<u32> {
        self.table.find(key.0, |&n| id_of(n) == id).copied()
    }

    /// The first node the table holds under `key`'s hash: the node
    /// with that id if there is one, unless (rarely) another id's hash
    /// looks alike; `None` only if no node has the id. Found without
    /// reading any node, so that several lookups can overlap.
    pub(crate) fn candidate(&self, key: IdKey) -> Option<u32> {
        self.table.iter_hash(key.0).next().copied()
    }

    /// Files node `n` under its id's `key`; `id_of` gives the ids of the
    /// nodes already filed, in case the table must grow.
    pub(crate) fn insert<'a>(&mut self, key: IdKey, n: u32, id_of: impl Fn(u32) -> &'a str) {
        self.table
            .insert_unique(key.0, n, |&m| IdKey::of(id_of(m)).0);
    }

    pub(crate) fn reserve<'a>(&mut self, additional: usize, id_of: impl Fn(u32) -> &'a str) {
        self.table.reserve(additional, |&m| IdKey::of(id_of(m)).0);
    }
}

/// The hash of a spelling as the name index keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key(pub(crate) u32);

impl Key {
    pub(crate) fn of(s: &str) -> Key {
        let h = names::key(s);
        Key((h ^ (h >> 32)) as u32)
    }

    /// The 64-bit hash the table places and tags entries by: hashbrown
    /// takes the bucket from the low bits and a tag from the top 7, so the
    /// 32 bits are spread over the whole word.
    fn spread(self) -> u64 {
        u64::from(self.0).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(self.0)
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex {
    table: HashTable<(u32, Key)>,
}

impl NameIndex {
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.table.reserve(additional, |&(_, k)| k.spread());
    }

    /// The nodes filed under `key`, unverified, in no particular order.
    pub(crate) fn get(&self, key: Key) -> impl Iterator<Item = u32> + '_ {
        self.table
            .iter_hash(key.spread())
            .filter(move |(_, k)| *k == key)
            .map(|&(n, _)| n)
    }

    /// Every (node, key) entry, in table order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (u32, Key)> + '_ {
        self.table.iter().copied()
    }

    /// Whether a node other than `n` is filed under `key`.
    pub(crate) fn has_other(&self, key: Key, n: u32) -> bool {
        self.get(key).any(|m| m != n)
    }

    /// Files `n` under `key`. The caller files each (node, key) pair once.
    pub(crate) fn insert(&mut self, key: Key, n: u32) {
        self.table
            .insert_unique(key.spread(), (n, key), |&(_, k)| k.spread());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_index_finds_each_id_through_growth() {
        let ids: Vec<String> = (0..5000).map(|i| format!("id{i}")).collect();
        let id_of = |n: u32| ids[n as usize].as_str();
        let mut ix = IdIndex::default();
        for (n, id) in ids.iter().enumerate() {
            ix.insert(IdKey::of(id), n as u32, id_of);
        }
        for (n, id) in ids.iter().enumerate() {
            assert_eq!(ix.find(IdKey::of(id), id, id_of), Some(n as u32));
        }
        assert_eq!(ix.find(IdKey::of("nope"), "nope", id_of), None);
    }

    #[test]
    fn multimap_keeps_every_node_of_a_key() {
        let mut ix = NameIndex::default();
        let (a, b) = (Key::of("a"), Key::of("b"));
        for n in 0..1000 {
            ix.insert(if n % 2 == 0 { a } else { b }, n);
        }
        let mut got: Vec<u32> = ix.get(a).collect();
        got.sort();
        assert_eq!(got, (0..1000).step_by(2).collect::<Vec<_>>());
        assert!(ix.has_other(b, 1));
        assert!(!ix.has_other(Key::of("c"), 1));
        let mut one = NameIndex::default();
        one.insert(a, 7);
        assert!(!one.has_other(a, 7));
    }
}
