//! [`ProducerIdManager`]: hands out producer ids (Kafka's `RPCProducerIdManager` on the
//! broker and `ProducerIdControlManager` on the KRaft controller).
//!
//! The controller gives brokers blocks of [`PRODUCER_ID_BLOCK_SIZE`] consecutive ids
//! (`AllocateProducerIds`, `ProducerIdsBlock.PRODUCER_ID_BLOCK_SIZE`); the first block starts
//! at 0, so a fresh cluster's first producer id is 0. A broker uses its block in order and
//! asks for the next one when it runs out. With one broker the blocks are consecutive.

/// `ProducerIdsBlock.PRODUCER_ID_BLOCK_SIZE`.
pub const PRODUCER_ID_BLOCK_SIZE: i64 = 1000;

/// A broker's block and the controller's next block start.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProducerIdManager {
    /// The controller's `nextProducerBlock`.
    next_block_start: i64,
    /// The next id of the broker's current block, and the block's last id.
    current: Option<(i64, i64)>,
}

/// What [`ProducerIdManager::generate`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeneratedId {
    pub producer_id: i64,
    /// The block `[first, last]` fetched from the controller for this id, if one was.
    pub new_block: Option<(i64, i64)>,
}

impl Default for ProducerIdManager {
    fn default() -> Self {
        ProducerIdManager::new()
    }
}

impl ProducerIdManager {
    pub fn new() -> ProducerIdManager {
        ProducerIdManager {
            next_block_start: 0,
            current: None,
        }
    }

    /// `generateProducerId`: the next id, fetching a new block when the current one is used.
    ///
    /// # Panics
    /// When the id space is exhausted: 2^63 / 1000 blocks cannot be used up by a playground.
    pub fn generate(&mut self) -> GeneratedId {
        let mut new_block = None;
        let (next, last) = match self.current {
            Some((next, last)) if next <= last => (next, last),
            _ => {
                let first = self.next_block_start;
                let last = first
                    .checked_add(PRODUCER_ID_BLOCK_SIZE - 1)
                    .expect("producer id space exhausted");
                self.next_block_start = last + 1;
                new_block = Some((first, last));
                (first, last)
            }
        };
        self.current = Some((next + 1, last));
        GeneratedId {
            producer_id: next,
            new_block,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_consecutive_across_blocks() {
        let mut m = ProducerIdManager::new();
        let first = m.generate();
        assert_eq!(first.producer_id, 0);
        assert_eq!(first.new_block, Some((0, 999)));
        for expected in 1..1000 {
            let g = m.generate();
            assert_eq!((g.producer_id, g.new_block), (expected, None));
        }
        let g = m.generate();
        assert_eq!((g.producer_id, g.new_block), (1000, Some((1000, 1999))));
    }
}
