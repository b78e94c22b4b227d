//! The one content hash: what decides whether bytes changed, in `write`
//! (each output file against the manifests), in `serve` (which files a
//! rebuild changed) and in `load` (whether a saved content file changed).
//! [`ContentHasher`] computes the same hash over bytes that come in pieces
//! (a static file copied through a small buffer).

use std::fmt;

/// The first 128 bits of the BLAKE3 hash of some bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct ContentHash([u8; 16]);

impl ContentHash {
    /// The hash of `bytes`.
    pub(crate) fn of(bytes: &[u8]) -> ContentHash {
        ContentHash::from_blake3(&blake3::hash(bytes))
    }

    fn from_blake3(full: &blake3::Hash) -> ContentHash {
        let mut h = [0u8; 16];
        h.copy_from_slice(&full.as_bytes()[..16]);
        ContentHash(h)
    }

    /// Its 16 bytes.
    pub(crate) fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// A hash written as [`Display`](fmt::Display) writes it: 32 lowercase
    /// hex digits.
    pub(crate) fn from_hex(hex: &str) -> Option<ContentHash> {
        if hex.len() != 32 {
            return None;
        }
        let mut h = [0u8; 16];
        for (i, b) in h.iter_mut().enumerate() {
            *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(ContentHash(h))
    }
}

/// A [`ContentHash`] of bytes handed over piece by piece: the same hash as
/// [`ContentHash::of`] over all of them, without holding them together.
#[derive(Debug, Default, Clone)]
pub(crate) struct ContentHasher(blake3::Hasher);

impl ContentHasher {
    /// Adds the next piece.
    pub(crate) fn update(&mut self, piece: &[u8]) {
        self.0.update(piece);
    }

    /// The hash of every piece added, in order.
    pub(crate) fn finish(&self) -> ContentHash {
        ContentHash::from_blake3(&self.0.finalize())
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_reads_back_as_it_is_written() {
        let h = ContentHash::of(b"some bytes");
        assert_eq!(h.to_string().len(), 32);
        assert_eq!(ContentHash::from_hex(&h.to_string()), Some(h));
        assert_ne!(h, ContentHash::of(b"other bytes"));
        assert_eq!(ContentHash::from_hex("xyz"), None);
        assert_eq!(ContentHash::from_hex(&"g".repeat(32)), None);
    }

    #[test]
    fn pieces_hash_as_the_whole() {
        let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let mut h = ContentHasher::default();
        for piece in bytes.chunks(65_537) {
            h.update(piece);
        }
        assert_eq!(h.finish(), ContentHash::of(&bytes));
    }
}
