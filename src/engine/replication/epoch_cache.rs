//! [`LeaderEpochCache`]: which leader epoch wrote which offsets of a replica's log
//! (Kafka's `LeaderEpochFileCache`, the `leader-epoch-checkpoint` file).
//!
//! Each entry is `(epoch, start offset)`: the first offset a leader of that epoch wrote.
//! KIP-101 introduced it so a replica that comes back after a leader change truncates to
//! the end of the last epoch it shares with the new leader, instead of to its high
//! watermark; KIP-279 fixed the case where leadership changed several times quickly.
//! Since KIP-320 the leader detects the divergence from the fetch's `lastFetchedEpoch` and
//! answers with the diverging epoch's end offset; the arithmetic is the same
//! ([`LeaderEpochCache::end_offset_for`]).

/// One entry: a leader epoch and the first offset written in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct EpochEntry {
    pub epoch: i32,
    pub start_offset: i64,
}

/// `UNDEFINED_EPOCH` / `UNDEFINED_EPOCH_OFFSET` of `OffsetsForLeaderEpoch`.
pub const UNDEFINED_EPOCH: i32 = -1;
pub const UNDEFINED_EPOCH_OFFSET: i64 = -1;

/// The epochs of one replica's log, oldest first. Bounded by the number of leader changes
/// the partition saw with records written; entries wholly below the log start offset are
/// dropped ([`LeaderEpochCache::truncate_from_start`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeaderEpochCache {
    entries: Vec<EpochEntry>,
}

impl LeaderEpochCache {
    pub fn entries(&self) -> &[EpochEntry] {
        &self.entries
    }

    /// The epoch of the last entry (`latestEpoch`).
    pub fn latest_epoch(&self) -> Option<i32> {
        self.entries.last().map(|e| e.epoch)
    }

    /// `LeaderEpochFileCache.assign`: batches of `epoch` start at `start_offset`. An entry is
    /// added only when the epoch is newer than the latest (a batch of an epoch already known
    /// changes nothing); an entry at or after `start_offset` with an older epoch is replaced.
    pub fn assign(&mut self, epoch: i32, start_offset: i64) {
        if epoch < 0 {
            return;
        }
        if self.latest_epoch().is_some_and(|latest| latest >= epoch) {
            return;
        }
        self.entries.retain(|e| e.start_offset < start_offset);
        self.entries.push(EpochEntry {
            epoch,
            start_offset,
        });
    }

    /// `LeaderEpochFileCache.truncateFromEndAsyncFlush`: after the log was cut at
    /// `end_offset`, entries starting at or after it are gone.
    pub fn truncate_from_end(&mut self, end_offset: i64) {
        self.entries.retain(|e| e.start_offset < end_offset);
    }

    /// `LeaderEpochFileCache.truncateFromStartAsyncFlush`: the log now starts at
    /// `start_offset`; the entry covering it moves its start there, older ones go.
    pub fn truncate_from_start(&mut self, start_offset: i64) {
        let covering = self
            .entries
            .iter()
            .rposition(|e| e.start_offset <= start_offset);
        if let Some(index) = covering {
            self.entries.drain(..index);
            self.entries[0].start_offset = start_offset;
        }
    }

    /// `LeaderEpochFileCache.endOffsetFor(requestedEpoch, logEndOffset)`: the largest epoch
    /// at or below `requested` and the offset its records end at (the start of the next
    /// epoch, or `leo` when it is the latest). Below the first epoch known:
    /// `(UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET)`.
    pub fn end_offset_for(&self, requested: i32, leo: i64) -> (i32, i64) {
        if requested == UNDEFINED_EPOCH {
            return (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET);
        }
        match self.latest_epoch() {
            Some(latest) if latest == requested => (requested, leo),
            _ => {
                // The first entry with an epoch above the requested one ends it.
                let higher = self.entries.iter().position(|e| e.epoch > requested);
                match higher {
                    Some(0) => (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET),
                    Some(i) => (self.entries[i - 1].epoch, self.entries[i].start_offset),
                    None => match self.entries.last() {
                        Some(last) => (last.epoch, leo),
                        None => (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET),
                    },
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(entries: &[(i32, i64)]) -> LeaderEpochCache {
        let mut c = LeaderEpochCache::default();
        for &(epoch, start) in entries {
            c.assign(epoch, start);
        }
        c
    }

    #[test]
    fn assign_keeps_one_entry_per_newer_epoch() {
        let c = cache(&[(0, 0), (0, 5), (2, 8), (1, 9), (4, 12)]);
        assert_eq!(
            c.entries(),
            &[
                EpochEntry {
                    epoch: 0,
                    start_offset: 0
                },
                EpochEntry {
                    epoch: 2,
                    start_offset: 8
                },
                EpochEntry {
                    epoch: 4,
                    start_offset: 12
                },
            ]
        );
    }

    /// `LeaderEpochFileCacheTest.shouldReturnNextAvailableEpochIfThereIsNoExactEpochForTheOneRequested`
    /// and its neighbours.
    #[test]
    fn end_offset_for_follows_kafka() {
        let c = cache(&[(0, 0), (2, 8), (4, 12)]);
        assert_eq!(c.end_offset_for(4, 20), (4, 20));
        assert_eq!(c.end_offset_for(0, 20), (0, 8));
        assert_eq!(c.end_offset_for(1, 20), (0, 8));
        assert_eq!(c.end_offset_for(3, 20), (2, 12));
        assert_eq!(c.end_offset_for(7, 20), (4, 20));
        assert_eq!(
            c.end_offset_for(UNDEFINED_EPOCH, 20),
            (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET)
        );
        let later = cache(&[(3, 5)]);
        assert_eq!(
            later.end_offset_for(1, 9),
            (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET)
        );
    }

    #[test]
    fn truncation_from_either_end() {
        let mut c = cache(&[(0, 0), (2, 8), (4, 12)]);
        c.truncate_from_end(12);
        assert_eq!(c.latest_epoch(), Some(2));
        c.truncate_from_start(9);
        assert_eq!(
            c.entries(),
            &[EpochEntry {
                epoch: 2,
                start_offset: 9
            }]
        );
    }
}
