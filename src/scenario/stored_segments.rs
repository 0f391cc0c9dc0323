//! The segment files a playground stored, checked on load: Kafka's log recovery run over them,
//! then the recovered files compared with the journal's replay where the two must agree.
//!
//! What is authoritative: the JOURNAL. A playground is its seed plus its inputs; the page
//! rebuilds everything (the cluster, its clients, the terminal) by replaying the journal, and
//! then replaces the stored files by the replayed ones. The stored files are a snapshot the
//! page flushes in the same IndexedDB transaction as the journal entries that produced them,
//! so that a reload can check them the way a Kafka broker checks its log directory after an
//! unclean shutdown (`LogLoader.load` → `LogSegment.recover`: every batch's framing and
//! CRC-32C, offsets increasing, indexes rebuilt) and tell the learner what a damaged disk
//! would have cost.
//!
//! When the comparison is sound: the replay passes through the snapshot's moment only if the
//! snapshot was flushed at the very clock and journal length the stored journal ends at. The
//! engine is deterministic and the page's ticks do not change the result (`pass_time`, see
//! `tests/kplay/scenario_replay.rs`), so at that moment every replayed file equals the stored
//! one byte for byte. The page records that moment beside the files ([`SnapshotMark`]); when
//! it does not match the journal's end (a full journal stops its clock while the playground
//! goes on; a playground saved before segments were stored has no mark), files are only
//! checked, never compared, so nothing is reported as damage that is only a different moment.

use std::collections::BTreeSet;

use crate::engine::log::{LogCheckpoints, LogEvent, PartitionLog};
use crate::engine::playground::Playground;
use crate::engine::topic::config::LogConfig;
use crate::storage::{FileKind, SegmentFile, SegmentStorage};

/// Bytes before a batch's own length field counts: base offset (8) and length (4)
/// (`Records.LOG_OVERHEAD`).
const LOG_OVERHEAD: usize = 12;
/// The smallest batch: a v2 header without records (`DefaultRecordBatch.RECORD_BATCH_OVERHEAD`).
const RECORD_BATCH_OVERHEAD: usize = 61;

/// Where the playground stood when its segment files were flushed: the simulated clock and
/// how many journal inputs had been applied. Stored as JSON beside the files, in the same
/// transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SnapshotMark {
    pub clock_ms: i64,
    pub inputs: usize,
}

impl SnapshotMark {
    pub fn to_json(self) -> String {
        serde_json::to_string(&self).expect("two integers always serialize")
    }

    pub fn from_json(json: &str) -> Option<SnapshotMark> {
        serde_json::from_str(json).ok()
    }
}

/// One segment recovery cut short or deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentDamage {
    /// The segment's `.log` file.
    pub file: SegmentFile,
    /// Where the segment was cut (its valid bytes); `None`: deleted whole, because an earlier
    /// segment of the partition was damaged (`LogLoader.recoverLog`).
    pub cut_at_bytes: Option<u64>,
    pub dropped_bytes: u64,
    /// Batches (whole or partial) in the dropped bytes, counted by their length fields.
    pub dropped_batches: usize,
}

/// How the recovered files compare with the journal's replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplayComparison {
    /// The snapshot is from the moment the journal ends: every file compared. Files already
    /// reported as damaged are left out.
    Compared {
        /// Stored and replayed, with different bytes.
        differing: Vec<SegmentFile>,
        /// Replayed, not stored.
        missing: Vec<SegmentFile>,
        /// Stored, not replayed.
        extra: Vec<SegmentFile>,
    },
    /// The snapshot is from another moment than the journal's end (or has no mark).
    NotComparable,
}

impl ReplayComparison {
    /// Every file compared agreed (or there was nothing to compare).
    pub fn agrees(&self) -> bool {
        match self {
            ReplayComparison::Compared {
                differing,
                missing,
                extra,
            } => differing.is_empty() && missing.is_empty() && extra.is_empty(),
            ReplayComparison::NotComparable => true,
        }
    }
}

/// What checking the stored files found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCheck {
    /// Partition replicas (a broker's copy of a partition) with stored files.
    pub replicas: usize,
    /// Segments after recovery, and their valid batches.
    pub segments: usize,
    pub batches: usize,
    /// Bytes of every stored file.
    pub stored_bytes: u64,
    pub damage: Vec<SegmentDamage>,
    /// Index files that were not well formed ([`index_is_sane`]): recovery rebuilt them.
    pub indexes_rebuilt: Vec<SegmentFile>,
    /// Replicas recovery could not open at all, with the reason.
    pub failures: Vec<(SegmentFile, String)>,
    pub replay: ReplayComparison,
}

impl StoredCheck {
    /// Nothing damaged, nothing rebuilt, nothing different from the replay.
    pub fn is_clean(&self) -> bool {
        self.damage.is_empty()
            && self.indexes_rebuilt.is_empty()
            && self.failures.is_empty()
            && self.replay.agrees()
    }
}

/// Batches in `bytes`, walked by their length fields only (no CRC): a damaged batch whose
/// length still frames it counts as one, and a tail too short for its length counts as one
/// partial batch.
pub fn count_batches(bytes: &[u8]) -> usize {
    let mut pos = 0;
    let mut count = 0;
    while pos < bytes.len() {
        count += 1;
        let Some(length) = bytes
            .get(pos + 8..pos + LOG_OVERHEAD)
            .map(|b| i32::from_be_bytes(b.try_into().expect("4 bytes")))
        else {
            break;
        };
        let size = LOG_OVERHEAD as i64 + i64::from(length);
        if size < RECORD_BATCH_OVERHEAD as i64 || pos as i64 + size > bytes.len() as i64 {
            break;
        }
        pos += size as usize;
    }
    count
}

/// Whether a stored index file is well formed for a `.log` of `log_bytes`: whole entries,
/// relative offsets (and timestamps, positions) never going back, positions inside the log.
/// Kafka's `sanityCheck` checks the entry size and the last entry; kplay checks every entry.
pub fn index_is_sane(kind: FileKind, bytes: &[u8], log_bytes: u64) -> bool {
    let int = |b: &[u8]| i32::from_be_bytes(b.try_into().expect("4 bytes"));
    match kind {
        FileKind::Log => true,
        FileKind::Index => {
            bytes.len() % 8 == 0
                && bytes
                    .chunks(8)
                    .map(|e| (int(&e[..4]), int(&e[4..])))
                    .try_fold((0, 0), |(offset, position), (o, p)| {
                        let ok = o >= offset && p >= position && (p as u64) < log_bytes.max(1);
                        ok.then_some((o, p))
                    })
                    .is_some()
        }
        FileKind::TimeIndex => {
            bytes.len() % 12 == 0
                && bytes
                    .chunks(12)
                    .map(|e| {
                        let ts = i64::from_be_bytes(e[..8].try_into().expect("8 bytes"));
                        (ts, int(&e[8..]))
                    })
                    .try_fold((i64::MIN, 0), |(ts, offset), (t, o)| {
                        (t >= ts && o >= offset).then_some((t, o))
                    })
                    .is_some()
        }
    }
}

/// Runs Kafka's recovery over `stored` (each replica through
/// [`PartitionLog::open_replica_from_storage`], with its topic's configs as `replayed` has
/// them) and compares the stored files with `replayed`'s when `snapshot` is the moment the
/// replay ended at: `replayed.now_ms()` after `journal_inputs` inputs.
///
/// The recovery runs on a scratch storage of the replay's own type `S`: in the browser a
/// second storage type would compile the log code twice into the page.
pub fn check_stored<S: SegmentStorage + Default>(
    stored: &[(SegmentFile, Vec<u8>)],
    snapshot: Option<SnapshotMark>,
    replayed: &Playground<S>,
    journal_inputs: usize,
) -> StoredCheck {
    let mut work = S::default();
    for (file, bytes) in stored {
        // A fresh, unlimited in-memory store refuses nothing.
        work.append(file, bytes)
            .expect("a fresh in-memory store accepts every append");
    }
    let original = |file: &SegmentFile| -> &[u8] {
        stored
            .iter()
            .find(|(f, _)| f == file)
            .map_or(&[][..], |(_, b)| b.as_slice())
    };
    let replicas: BTreeSet<(i32, String, i32)> = stored
        .iter()
        .map(|(f, _)| (f.broker, f.topic.clone(), f.partition))
        .collect();
    let cluster = replayed.cluster();
    let mut check = StoredCheck {
        replicas: replicas.len(),
        segments: 0,
        batches: 0,
        stored_bytes: stored.iter().map(|(_, b)| b.len() as u64).sum(),
        damage: Vec::new(),
        indexes_rebuilt: Vec::new(),
        failures: Vec::new(),
        replay: ReplayComparison::NotComparable,
    };
    for (broker, topic, partition) in &replicas {
        // The index interval decides which entries a rebuilt index has: use the topic's.
        let config = cluster
            .registry()
            .describe_topic(topic)
            .map(|t| t.log_config(cluster.broker_config()))
            .unwrap_or_else(|_| LogConfig::default());
        let mut events = Vec::new();
        let opened = PartitionLog::open_replica_from_storage(
            &mut work,
            *broker,
            topic,
            *partition,
            config,
            LogCheckpoints::default(),
            replayed.now_ms(),
            &mut events,
        );
        let log_file =
            |base| SegmentFile::on_broker(*broker, topic, *partition, base, FileKind::Log);
        let report = match opened {
            Ok((_, report)) => report,
            Err(e) => {
                check.failures.push((log_file(0), e.to_string()));
                continue;
            }
        };
        check.segments += report.segments;
        check.batches += report.batches;
        for event in &events {
            if let LogEvent::Recovered {
                segment_base_offset,
                valid_bytes,
                dropped_bytes,
            } = event
            {
                if *dropped_bytes > 0 {
                    let file = log_file(*segment_base_offset);
                    let tail = original(&file).get(*valid_bytes as usize..).unwrap_or(&[]);
                    check.damage.push(SegmentDamage {
                        dropped_batches: count_batches(tail),
                        file,
                        cut_at_bytes: Some(*valid_bytes),
                        dropped_bytes: *dropped_bytes,
                    });
                }
            }
        }
        for &base in &report.deleted_segments {
            let file = log_file(base);
            let bytes = original(&file);
            check.damage.push(SegmentDamage {
                file,
                cut_at_bytes: None,
                dropped_bytes: bytes.len() as u64,
                dropped_batches: count_batches(bytes),
            });
        }
    }
    let damaged = |file: &SegmentFile| {
        check.damage.iter().any(|d| {
            d.file.broker == file.broker
                && d.file.topic == file.topic
                && d.file.partition == file.partition
                && d.file.base_offset == file.base_offset
        })
    };
    // Indexes are derived data: recovery rebuilds them from the batches, and a rebuilt index
    // may rightly differ from the live one (an append of several batches makes one entry,
    // recovery one per batch; the time index gains its final entry). So, as Kafka does with
    // the indexes of a cleanly closed log (`OffsetIndex.sanityCheck`, `TimeIndex.sanityCheck`),
    // a stored index is only checked to be well formed.
    let rebuilt: Vec<SegmentFile> = stored
        .iter()
        .filter(|(file, _)| file.kind != FileKind::Log && !damaged(file))
        .filter(|(file, bytes)| {
            let log = SegmentFile {
                kind: FileKind::Log,
                ..file.clone()
            };
            !index_is_sane(file.kind, bytes, work.len(&log).unwrap_or(0))
        })
        .map(|(file, _)| file.clone())
        .collect();
    check.indexes_rebuilt = rebuilt;

    let at_the_journal_end = snapshot
        .is_some_and(|mark| mark.clock_ms == replayed.now_ms() && mark.inputs == journal_inputs);
    if at_the_journal_end {
        let storage = cluster.storage();
        let replayed_files: BTreeSet<SegmentFile> = storage.list().into_iter().collect();
        let stored_files: BTreeSet<SegmentFile> = stored.iter().map(|(f, _)| f.clone()).collect();
        let reported = |f: &SegmentFile| damaged(f) || check.indexes_rebuilt.contains(f);
        let differing = stored_files
            .intersection(&replayed_files)
            .filter(|f| !reported(f))
            .filter(|f| {
                let replayed_bytes = storage
                    .len(f)
                    .and_then(|len| storage.read(f, 0, len))
                    .unwrap_or(&[]);
                replayed_bytes != original(f)
            })
            .cloned()
            .collect();
        check.replay = ReplayComparison::Compared {
            differing,
            missing: replayed_files.difference(&stored_files).cloned().collect(),
            extra: stored_files
                .difference(&replayed_files)
                .filter(|f| !reported(f))
                .cloned()
                .collect(),
        };
    }
    check
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Shell;
    use crate::engine::playground::PlaygroundConfig;
    use crate::engine::profile::VersionProfile;
    use crate::scenario::{apply, pass_time, replay, Input, Journal};
    use crate::storage::memory::MemoryStorage;

    const T0: i64 = 1_700_000_000_000;

    /// A live session: a topic of 2 partitions on 3 brokers (replicated), a producer sending
    /// in the background, ticks of 250 ms; returns the journal and the live playground.
    fn live(end_ms: i64) -> (Journal, Playground<MemoryStorage>) {
        let mut pg = Playground::new(
            PlaygroundConfig::new(11, VersionProfile::Kafka4x),
            MemoryStorage::new(),
            T0,
        );
        let mut shell = Shell::new();
        let mut journal = Journal::new(11, VersionProfile::Kafka4x, T0);
        let inputs = [
            Input::CreateTopic {
                name: "orders".into(),
                partitions: 2,
                replication_factor: 3,
            },
            Input::RunCommand {
                line: "kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name orders --add-config segment.ms=1500,index.interval.bytes=300".into(),
            },
            Input::RunCommand {
                line: "producer start orders --rate 40 --keys user-:6".into(),
            },
        ];
        for input in inputs {
            journal.record(pg.now_ms(), &input);
            apply(&mut pg, &mut shell, &input);
            let next = pg.now_ms() + 250;
            pass_time(&mut pg, &mut shell, next);
            journal.set_clock(pg.now_ms());
        }
        while pg.now_ms() < end_ms {
            let next = pg.now_ms() + 250;
            pass_time(&mut pg, &mut shell, next);
            journal.set_clock(pg.now_ms());
        }
        (journal, pg)
    }

    fn files_of(pg: &Playground<MemoryStorage>) -> Vec<(SegmentFile, Vec<u8>)> {
        let s = pg.cluster().storage();
        s.list()
            .into_iter()
            .map(|f| {
                let bytes = s.read(&f, 0, s.len(&f).unwrap()).unwrap().to_vec();
                (f, bytes)
            })
            .collect()
    }

    fn mark(journal: &Journal, pg: &Playground<MemoryStorage>) -> SnapshotMark {
        SnapshotMark {
            clock_ms: pg.now_ms(),
            inputs: journal.len(),
        }
    }

    /// Checks `stored` as a reload would: the journal replayed, the snapshot marked as the
    /// live playground's moment.
    fn check_as_reloaded(
        stored: &[(SegmentFile, Vec<u8>)],
        journal: &Journal,
        pg: &Playground<MemoryStorage>,
    ) -> (StoredCheck, Playground<MemoryStorage>) {
        let replayed = replay(journal.scenario(), MemoryStorage::new()).unwrap();
        let check = check_stored(
            stored,
            Some(mark(journal, pg)),
            &replayed.playground,
            journal.len(),
        );
        (check, replayed.playground)
    }

    #[test]
    fn a_snapshot_at_the_journal_end_is_clean_and_agrees_with_the_replay() {
        let (journal, pg) = live(T0 + 8_000);
        let stored = files_of(&pg);
        let logs = stored
            .iter()
            .filter(|(f, _)| f.kind == FileKind::Log)
            .count();
        assert!(logs > 6, "segment.ms rolled segments: {logs}");
        let (check, _) = check_as_reloaded(&stored, &journal, &pg);
        assert_eq!(check.damage, vec![]);
        assert_eq!(
            check.indexes_rebuilt,
            vec![],
            "live indexes are well formed"
        );
        assert_eq!(check.failures, vec![]);
        assert_eq!(
            check.replay,
            ReplayComparison::Compared {
                differing: vec![],
                missing: vec![],
                extra: vec![]
            }
        );
        assert!(check.is_clean());
        assert!(check.batches > 20, "{check:?}");
        // Leaders and followers: 2 partitions on 3 brokers each, plus __consumer_offsets's.
        assert!(check.replicas >= 6, "{check:?}");
    }

    #[test]
    fn a_cut_batch_and_a_flipped_byte_are_found_and_named() {
        let (journal, pg) = live(T0 + 8_000);
        let mut stored = files_of(&pg);
        let logs: Vec<usize> = stored
            .iter()
            .enumerate()
            .filter(|(_, (f, b))| f.kind == FileKind::Log && f.topic == "orders" && b.len() > 500)
            .map(|(i, _)| i)
            .collect();
        // Two partitions' first segments (a partition's later segments would be deleted).
        let (cut, flipped) = (
            logs[0],
            *logs
                .iter()
                .find(|&&i| {
                    stored[i].0.partition != stored[logs[0]].0.partition
                        || stored[i].0.broker != stored[logs[0]].0.broker
                })
                .unwrap(),
        );
        let cut_len = stored[cut].1.len();
        let cut_at = cut_len - 10;
        stored[cut].1.truncate(cut_at);
        let flip_at = stored[flipped].1.len() / 2;
        stored[flipped].1[flip_at] ^= 0x40;

        let (check, _) = check_as_reloaded(&stored, &journal, &pg);
        let cut_damage = check
            .damage
            .iter()
            .find(|d| d.file == stored[cut].0)
            .expect("the cut segment is reported");
        assert_eq!(cut_damage.dropped_batches, 1, "one partial batch");
        let valid = cut_damage.cut_at_bytes.unwrap();
        assert_eq!(cut_damage.dropped_bytes, cut_at as u64 - valid);
        assert!(valid < cut_at as u64);
        let flip_damage = check
            .damage
            .iter()
            .find(|d| d.file == stored[flipped].0)
            .expect("the corrupted segment is reported");
        assert!(flip_damage.cut_at_bytes.unwrap() <= flip_at as u64);
        assert!(flip_damage.dropped_batches >= 1);
        // Later segments of those partitions are deleted and named too; nothing else is.
        for d in &check.damage {
            let same = |i: usize| {
                d.file.broker == stored[i].0.broker
                    && d.file.partition == stored[i].0.partition
                    && d.file.topic == stored[i].0.topic
            };
            assert!(same(cut) || same(flipped), "{d:?}");
        }
        assert!(
            check.replay.agrees(),
            "damaged files are not reported twice: {:?}",
            check.replay
        );
        assert!(!check.is_clean());
    }

    #[test]
    fn a_cut_at_a_batch_boundary_is_only_seen_by_the_comparison() {
        let (journal, pg) = live(T0 + 4_000);
        let mut stored = files_of(&pg);
        let (i, first) = stored
            .iter()
            .enumerate()
            .find(|(_, (f, b))| f.kind == FileKind::Log && f.topic == "orders" && b.len() > 200)
            .map(|(i, (_, b))| {
                (
                    i,
                    12 + i32::from_be_bytes(b[8..12].try_into().unwrap()) as usize,
                )
            })
            .unwrap();
        stored[i].1.truncate(first);
        let file = stored[i].0.clone();
        let (check, replayed) = check_as_reloaded(&stored, &journal, &pg);
        assert_eq!(check.damage, vec![], "every batch left is valid");
        match &check.replay {
            ReplayComparison::Compared { differing, .. } => assert!(differing.contains(&file)),
            other => panic!("{other:?}"),
        }

        // From another moment, the same files are checked and not compared.
        let other = SnapshotMark {
            clock_ms: pg.now_ms() - 250,
            inputs: journal.len(),
        };
        let check = check_stored(&stored, Some(other), &replayed, journal.len());
        assert_eq!(check.replay, ReplayComparison::NotComparable);
        let check = check_stored(&stored, None, &replayed, journal.len());
        assert_eq!(check.replay, ReplayComparison::NotComparable);
    }

    #[test]
    fn batches_are_counted_by_their_length_fields() {
        let batch = |len: usize| {
            let mut b = vec![0u8; len];
            b[8..12].copy_from_slice(&((len - 12) as i32).to_be_bytes());
            b
        };
        let mut two = batch(70);
        two.extend(batch(100));
        assert_eq!(count_batches(&two), 2);
        assert_eq!(count_batches(&two[..150]), 2, "a cut last batch counts");
        assert_eq!(
            count_batches(&two[..5]),
            1,
            "a few bytes are one partial batch"
        );
        assert_eq!(count_batches(&[]), 0);
        let mut garbage = batch(70);
        garbage[8..12].copy_from_slice(&(-5i32).to_be_bytes());
        assert_eq!(count_batches(&garbage), 1);
    }

    #[test]
    fn a_malformed_index_is_told_from_a_sane_one() {
        let entry = |o: i32, p: i32| [o.to_be_bytes(), p.to_be_bytes()].concat();
        let index = [entry(3, 0), entry(9, 400)].concat();
        assert!(index_is_sane(FileKind::Index, &index, 1000));
        assert!(!index_is_sane(FileKind::Index, &index, 300), "past the log");
        assert!(
            !index_is_sane(FileKind::Index, &index[..12], 1000),
            "a torn entry"
        );
        let back = [entry(9, 400), entry(3, 500)].concat();
        assert!(
            !index_is_sane(FileKind::Index, &back, 1000),
            "offsets going back"
        );
        let time = |t: i64, o: i32| [t.to_be_bytes().to_vec(), o.to_be_bytes().to_vec()].concat();
        assert!(index_is_sane(
            FileKind::TimeIndex,
            &[time(T0, 1), time(T0 + 5, 4)].concat(),
            0
        ));
        assert!(!index_is_sane(
            FileKind::TimeIndex,
            &[time(T0, 1), time(T0 - 5, 4)].concat(),
            0
        ));
    }

    #[test]
    fn the_mark_reads_back() {
        let mark = SnapshotMark {
            clock_ms: T0,
            inputs: 3,
        };
        assert_eq!(SnapshotMark::from_json(&mark.to_json()), Some(mark));
        assert_eq!(SnapshotMark::from_json("{}"), None);
    }
}
