//! A set of names with a number for each, keys copied into one contiguous buffer.
//!
//! Why not a `HashMap<&str, u32>`: keys borrowed from the AST point all over the heap, and the
//! validator's lookups then wait on memory more than they compute. Here a probe touches the
//! slot array and the arena, both small and contiguous.

use std::hash::Hasher;

use crate::hash::FxHasher;

#[derive(Clone, Copy, Default)]
struct Slot {
    hash: u64,
    start: usize,
    len: usize,
    value: u32,
    used: bool,
}

/// Names (`phone.PhoneCall`) mapped to a `u32`; the first insertion of a name wins.
#[derive(Default)]
pub(crate) struct NameTable {
    slots: Vec<Slot>,
    arena: String,
    count: usize,
}

/// The hash every table uses, so that a caller can compute it once for several tables.
pub(crate) fn hash(name: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(name.as_bytes());
    h.finish()
}

impl NameTable {
    /// A table for about `n` names without regrowing.
    pub fn with_capacity(n: usize) -> Self {
        let size = (n + n / 2).next_power_of_two().max(16);
        NameTable {
            slots: vec![Slot::default(); size],
            arena: String::with_capacity(n * 16),
            count: 0,
        }
    }

    /// The slot holding `name`, or the empty slot where it would go.
    fn find(&self, name: &str, hash: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = &self.slots[i];
            if !slot.used
                || (slot.hash == hash && &self.arena[slot.start..slot.start + slot.len] == name)
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The number stored for `name`, if it is in the table.
    pub fn get(&self, name: &str, hash: u64) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let slot = &self.slots[self.find(name, hash)];
        slot.used.then_some(slot.value)
    }

    /// Adds `name` with `value` unless present; returns the value already there, if any.
    pub fn insert(&mut self, name: &str, hash: u64, value: u32) -> Option<u32> {
        // Linear probing stays short below a load of 0.6.
        if (self.count + 1) * 5 > self.slots.len() * 3 {
            self.grow();
        }
        let i = self.find(name, hash);
        if self.slots[i].used {
            return Some(self.slots[i].value);
        }
        let start = self.arena.len();
        self.arena.push_str(name);
        self.slots[i] = Slot {
            hash,
            start,
            len: name.len(),
            value,
            used: true,
        };
        self.count += 1;
        None
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        let mask = size - 1;
        for slot in old.into_iter().filter(|s| s.used) {
            let mut i = slot.hash as usize & mask;
            while self.slots[i].used {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
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
            t.insert("phone.PhoneCall", hash("phone.PhoneCall"), 1),
            None
        );
        assert_eq!(
            t.insert("phone.PhoneCall", hash("phone.PhoneCall"), 2),
            Some(1)
        );
        assert_eq!(t.get("phone.PhoneCall", hash("phone.PhoneCall")), Some(1));
        assert_eq!(t.get("PhoneCall", hash("PhoneCall")), None);
    }

    #[test]
    fn survives_growth() {
        let mut t = NameTable::with_capacity(2);
        let names: Vec<String> = (0..1000).map(|i| format!("name{i}")).collect();
        for (i, n) in names.iter().enumerate() {
            assert_eq!(t.insert(n, hash(n), i as u32), None);
        }
        for (i, n) in names.iter().enumerate() {
            assert_eq!(t.get(n, hash(n)), Some(i as u32));
        }
    }
}
