//! A set of names with a number for each, keys copied into one contiguous buffer.
//!
//! Why not a `HashMap<&str, u32>`: keys borrowed from the AST point all over the heap, and the
//! validator's lookups then wait on memory more than they compute. Here a probe touches the
//! slot array and the arena, both small and contiguous.

use std::hash::Hasher;

use crate::hash::FxHasher;

/// Where a name's text is in the arena, and its number.
#[derive(Clone, Copy, Default)]
struct Entry {
    start: usize,
    len: usize,
    value: u32,
}

/// Names (`phone.PhoneCall`) mapped to a `u32`; the first insertion of a name wins.
///
/// Probing reads only `hashes` (eight bytes a slot, so most of a table fits in the first-level
/// cache); `entries` and the arena are read when a hash matches.
#[derive(Default)]
pub(crate) struct NameTable {
    /// Hash of the name in each slot, 0 for an empty slot (hashes are made odd, never 0).
    hashes: Vec<u64>,
    entries: Vec<Entry>,
    arena: Vec<u8>,
    count: usize,
}

/// The hash every table uses, so that a caller can compute it once for several tables.
pub(crate) fn hash(name: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(name);
    h.finish() | 1
}

impl NameTable {
    /// A table for about `n` names without regrowing.
    pub fn with_capacity(n: usize) -> Self {
        let size = (n + n / 2).next_power_of_two().max(16);
        NameTable {
            hashes: vec![0; size],
            entries: vec![Entry::default(); size],
            arena: Vec::with_capacity(n * 16),
            count: 0,
        }
    }

    /// The slot holding `name`, or the empty slot where it would go.
    fn find(&self, name: &[u8], hash: u64) -> usize {
        let mask = self.hashes.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let h = self.hashes[i];
            if h == 0 {
                return i;
            }
            if h == hash {
                let e = &self.entries[i];
                if &self.arena[e.start..e.start + e.len] == name {
                    return i;
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// The number stored for `name`, if it is in the table.
    pub fn get(&self, name: &[u8], hash: u64) -> Option<u32> {
        if self.hashes.is_empty() {
            return None;
        }
        let i = self.find(name, hash);
        (self.hashes[i] != 0).then(|| self.entries[i].value)
    }

    /// Adds `name` with `value` unless present; returns the value already there, if any.
    pub fn insert(&mut self, name: &[u8], hash: u64, value: u32) -> Option<u32> {
        // Linear probing stays short below a load of 0.6.
        if (self.count + 1) * 5 > self.hashes.len() * 3 {
            self.grow();
        }
        let i = self.find(name, hash);
        if self.hashes[i] != 0 {
            return Some(self.entries[i].value);
        }
        let start = self.arena.len();
        self.arena.extend_from_slice(name);
        self.hashes[i] = hash;
        self.entries[i] = Entry {
            start,
            len: name.len(),
            value,
        };
        self.count += 1;
        None
    }

    fn grow(&mut self) {
        let size = (self.hashes.len() * 2).max(16);
        let hashes = std::mem::replace(&mut self.hashes, vec![0; size]);
        let entries = std::mem::replace(&mut self.entries, vec![Entry::default(); size]);
        let mask = size - 1;
        for (h, e) in hashes.into_iter().zip(entries).filter(|(h, _)| *h != 0) {
            let mut i = h as usize & mask;
            while self.hashes[i] != 0 {
                i = (i + 1) & mask;
            }
            self.hashes[i] = h;
            self.entries[i] = e;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_insert_wins_and_lookups_find_it() {
        let mut t = NameTable::default();
        assert_eq!(
            t.insert(b"phone.PhoneCall", hash(b"phone.PhoneCall"), 1),
            None
        );
        assert_eq!(
            t.insert(b"phone.PhoneCall", hash(b"phone.PhoneCall"), 2),
            Some(1)
        );
        assert_eq!(t.get(b"phone.PhoneCall", hash(b"phone.PhoneCall")), Some(1));
        assert_eq!(t.get(b"PhoneCall", hash(b"PhoneCall")), None);
    }

    #[test]
    fn survives_growth() {
        let mut t = NameTable::with_capacity(2);
        let names: Vec<String> = (0..1000).map(|i| format!("name{i}")).collect();
        for (i, n) in names.iter().enumerate() {
            assert_eq!(t.insert(n.as_bytes(), hash(n.as_bytes()), i as u32), None);
        }
        for (i, n) in names.iter().enumerate() {
            assert_eq!(t.get(n.as_bytes(), hash(n.as_bytes())), Some(i as u32));
        }
    }
}
