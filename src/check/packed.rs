//! The link index's compact storage: lists of file numbers packed as
//! varint deltas, and a fast hash for its maps of the site's own paths.

use std::hash::{BuildHasherDefault, Hasher};

/// The files (by number) with a link to one path: a list to add to while
/// files are indexed, packed ([`encode`]) once they are: a page of a guide
/// is linked from every other page of it, so these lists hold most of a
/// large site's links.
#[derive(Debug, Clone)]
pub(super) enum Sources {
    /// In no order.
    Plain(Vec<u32>),
    Packed(Box<[u8]>),
}

impl Default for Sources {
    fn default() -> Self {
        Sources::Plain(Vec::new())
    }
}

impl Sources {
    /// The list, to change.
    pub(super) fn plain(&mut self) -> &mut Vec<u32> {
        if let Sources::Packed(bytes) = self {
            *self = Sources::Plain(decode(bytes).collect());
        }
        match self {
            Sources::Plain(v) => v,
            Sources::Packed(_) => unreachable!("unpacked above"),
        }
    }

    pub(super) fn numbers(&self) -> Vec<u32> {
        match self {
            Sources::Plain(v) => v.clone(),
            Sources::Packed(bytes) => decode(bytes).collect(),
        }
    }

    pub(super) fn pack(&mut self) {
        if let Sources::Plain(v) = self {
            v.sort_unstable();
            *self = Sources::Packed(encode(v));
        }
    }
}

/// The hashing of the index's maps: every link of a build is looked up
/// there, one after another, and the keys are the site's own paths and
/// ids, so a fast hash beats one that resists chosen keys (FxHash's).
pub(super) type Quick = BuildHasherDefault<QuickHasher>;

/// See [`Quick`].
#[derive(Default)]
pub(super) struct QuickHasher(u64);

impl Hasher for QuickHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes(c.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    /// The hash table picks a bucket by the low bits, and after the last
    /// multiplication those depend only on the low bits of the last word:
    /// ids of one 8-byte word that begin alike (`h-100000` ... `h-319999`)
    /// would all share a bucket, and a page of many headings would take
    /// quadratic time. The rotation brings the well-mixed high bits down.
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// Sorted numbers as the varint-encoded differences between neighbours:
/// a page's links mostly lead to pages of its own guide, numbered one
/// after another, so most take one byte.
pub(super) fn encode(sorted: &[u32]) -> Box<[u8]> {
    let mut out = Vec::with_capacity(sorted.len() + 4);
    let mut last = 0u32;
    for &n in sorted {
        let mut d = n - last;
        last = n;
        while d >= 0x80 {
            out.push((d as u8) | 0x80);
            d >>= 7;
        }
        out.push(d as u8);
    }
    out.into()
}

/// The numbers [`encode`] wrote.
pub(super) fn decode(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut i = 0;
    let mut last = 0u32;
    std::iter::from_fn(move || {
        let mut d = 0u32;
        let mut shift = 0;
        loop {
            let b = *bytes.get(i)?;
            i += 1;
            d |= u32::from(b & 0x7f) << shift;
            if b < 0x80 {
                break;
            }
            shift += 7;
        }
        last += d;
        Some(last)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    /// The ids of a page of many headings (`h-100000`, `h-100001`, ...:
    /// one 8-byte word each) spread over the buckets a table picks by the
    /// low bits; before the final rotation they all shared one.
    #[test]
    fn ids_of_one_word_spread_over_the_low_bits() {
        let quick = Quick::default();
        let buckets: HashSet<u64> = (100_000..110_000)
            .map(|i| quick.hash_one(format!("h-{i}").as_str()) & 0xffff)
            .collect();
        // Before the rotation: 32 values of the low 16 bits; now 3,125.
        assert!(buckets.len() > 2_000, "{} buckets", buckets.len());
    }
}
