//! A playground as a file to share or inspect: a POSIX ustar archive (`.tar`) holding
//! [`SCENARIO_ENTRY`], the scenario's JSON, and for every partition the leader replica's
//! files in Kafka's log directory layout, `<topic>-<partition>/<base offset, 20
//! digits>.log|.index|.timeindex` (`UnifiedLog.logDirName`, `LogFileUtils`), so `tar xf` gives a
//! directory Kafka's own `kafka-dump-log.sh --files` reads.
//!
//! The scenario is the playground: importing reads [`SCENARIO_ENTRY`] and replays it, the way
//! every reload does. The segment files are for inspection with Kafka's tools; an import never
//! loads them. It can [`verify`] them instead: a replay of the scenario must regenerate them
//! byte for byte, and a difference (an edited file, or a kplay whose engine writes other
//! bytes) is reported, never silently taken.
//!
//! The tar format is written and read here in plain Rust (POSIX.1-1988 ustar headers, with a
//! POSIX.1-2001 pax `path` record for a path longer than ustar's 100 + 155 bytes: a Kafka topic
//! name may have 249 characters). Only regular files and directories are written; reading skips
//! every other entry type.
//!
//! Limits: reading stops with [`ArchiveError::TooManyEntries`] past [`MAX_ARCHIVE_ENTRIES`]
//! entries; the archive's size is bounded by the caller's input.

use std::collections::BTreeMap;

use crate::engine::cluster::Cluster;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::memory::MemoryStorage;
use crate::storage::{SegmentFile, SegmentStorage};

use super::journal::Scenario;
use super::replay::{replay, ReplayError};

/// The scenario's entry in an archive.
pub const SCENARIO_ENTRY: &str = "kplay-scenario.json";
/// Most entries an archive may have for [`read_tar`] (a playground's files plus its scenario
/// stay far below: partitions × segments × 3).
pub const MAX_ARCHIVE_ENTRIES: usize = 100_000;

/// Size of a tar block; headers are one block, contents are padded to whole blocks.
const BLOCK: usize = 512;
/// ustar's name field, and its prefix field for the path's leading directories.
const NAME_LEN: usize = 100;
const PREFIX_LEN: usize = 155;

/// One file of an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TarEntry {
    /// The path, `/`-separated, relative.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Why an archive cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArchiveError {
    #[error("not a tar archive: it ends inside the header or the contents of entry {entry}")]
    Truncated { entry: usize },
    #[error("not a tar archive: the header of entry {entry} fails its checksum")]
    BadChecksum { entry: usize },
    #[error("not a tar archive: entry {entry} has an unreadable {field} field")]
    BadField { entry: usize, field: &'static str },
    #[error("the archive has more than {0} entries")]
    TooManyEntries(usize),
    #[error("the archive has no {SCENARIO_ENTRY}")]
    NoScenario,
    #[error("{SCENARIO_ENTRY} is unreadable: {0}")]
    Scenario(String),
    #[error(transparent)]
    Replay(#[from] ReplayError),
}

/// Writes `value` as a zero-padded octal number filling `field` but its last byte (a NUL).
fn put_octal(field: &mut [u8], value: u64) {
    let digits = field.len() - 1;
    let text = format!("{value:0digits$o}");
    // Sizes and times here are far below 8^11 (8 GiB, year 4147), the 11-digit fields' limit.
    assert!(text.len() == digits, "{value} does not fit a tar field");
    field[..digits].copy_from_slice(text.as_bytes());
    field[digits] = 0;
}

fn header(path: &str, size: u64, mtime_s: u64, typeflag: u8) -> [u8; BLOCK] {
    let mut h = [0u8; BLOCK];
    let (prefix, name) = split_path(path).unwrap_or(("", path));
    // A path that fits nowhere gets a pax record first; ustar readers then see it truncated.
    let name = &name.as_bytes()[..name.len().min(NAME_LEN)];
    h[..name.len()].copy_from_slice(name);
    put_octal(
        &mut h[100..108],
        if typeflag == b'5' { 0o755 } else { 0o644 },
    );
    put_octal(&mut h[108..116], 0);
    put_octal(&mut h[116..124], 0);
    put_octal(&mut h[124..136], size);
    put_octal(&mut h[136..148], mtime_s);
    h[156] = typeflag;
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[265..270].copy_from_slice(b"kplay");
    h[297..302].copy_from_slice(b"kplay");
    put_octal(&mut h[329..337], 0);
    put_octal(&mut h[337..345], 0);
    let prefix = &prefix.as_bytes()[..prefix.len().min(PREFIX_LEN)];
    h[345..345 + prefix.len()].copy_from_slice(prefix);
    // The checksum is taken with its own field as eight spaces, then written as six octal
    // digits, a NUL and a space.
    h[148..156].fill(b' ');
    let sum: u64 = h.iter().map(|&b| u64::from(b)).sum();
    put_octal(&mut h[148..155], sum);
    h[155] = b' ';
    h
}

/// Splits `path` into ustar's prefix and name fields, if it fits them.
fn split_path(path: &str) -> Option<(&str, &str)> {
    if path.len() <= NAME_LEN {
        return Some(("", path));
    }
    path.match_indices('/')
        .map(|(i, _)| (&path[..i], &path[i + 1..]))
        .find(|(prefix, name)| prefix.len() <= PREFIX_LEN && name.len() <= NAME_LEN)
}

fn pad(out: &mut Vec<u8>) {
    out.resize(out.len().div_ceil(BLOCK) * BLOCK, 0);
}

fn push_entry(out: &mut Vec<u8>, path: &str, bytes: &[u8], mtime_s: u64, typeflag: u8) {
    if split_path(path).is_none() {
        // pax: "<length> path=<path>\n", the length counting itself.
        let body = format!(" path={path}\n");
        let mut len = body.len() + 1;
        while (len.to_string().len() + body.len()) != len {
            len = len.to_string().len() + body.len();
        }
        let record = format!("{len}{body}");
        out.extend_from_slice(&header(
            "PaxHeaders/kplay",
            record.len() as u64,
            mtime_s,
            b'x',
        ));
        out.extend_from_slice(record.as_bytes());
        pad(out);
    }
    out.extend_from_slice(&header(path, bytes.len() as u64, mtime_s, typeflag));
    out.extend_from_slice(bytes);
    pad(out);
}

/// Writes `entries` as a ustar archive, each under a directory entry for its leading
/// directories (written once, before the first file in them), every time stamped `mtime_s`
/// (seconds since the epoch), owned by uid/gid 0.
pub fn write_tar(entries: &[TarEntry], mtime_s: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let mut dirs = std::collections::BTreeSet::new();
    for entry in entries {
        let mut from = 0;
        while let Some(i) = entry.path[from..].find('/') {
            let dir = format!("{}/", &entry.path[..from + i]);
            if dirs.insert(dir.clone()) {
                push_entry(&mut out, &dir, &[], mtime_s, b'5');
            }
            from += i + 1;
        }
        push_entry(&mut out, &entry.path, &entry.bytes, mtime_s, b'0');
    }
    // The end of an archive: two blocks of zeros.
    out.resize(out.len() + 2 * BLOCK, 0);
    out
}

/// Reads an octal field (NUL- or space-terminated, possibly space-padded in front).
fn octal(field: &[u8], entry: usize, name: &'static str) -> Result<u64, ArchiveError> {
    let bad = || ArchiveError::BadField { entry, field: name };
    let text = std::str::from_utf8(field).map_err(|_| bad())?;
    let text = text.trim_matches(|c| c == '\0' || c == ' ');
    if text.is_empty() {
        return Ok(0);
    }
    u64::from_str_radix(text, 8).map_err(|_| bad())
}

/// A NUL-terminated text field.
fn text(field: &[u8]) -> String {
    let end = field.iter().position(|&b| b == 0).unwrap_or(field.len());
    String::from_utf8_lossy(&field[..end]).into_owned()
}

/// The `path` of a pax extended header's records, if it has one.
fn pax_path(records: &[u8]) -> Option<String> {
    let mut rest = records;
    while !rest.is_empty() {
        let space = rest.iter().position(|&b| b == b' ')?;
        let len: usize = std::str::from_utf8(&rest[..space]).ok()?.parse().ok()?;
        let record = rest.get(space + 1..len)?;
        let record = record.strip_suffix(b"\n")?;
        if let Some(path) = record.strip_prefix(b"path=") {
            return String::from_utf8(path.to_vec()).ok();
        }
        rest = &rest[len..];
    }
    None
}

/// Reads the regular files of a tar archive (ustar, with pax `path` records; old-style and GNU
/// headers read as well for the fields used), in archive order. Directories, links and other
/// entry types are skipped.
pub fn read_tar(bytes: &[u8]) -> Result<Vec<TarEntry>, ArchiveError> {
    let mut files = Vec::new();
    let mut pos = 0;
    let mut long_path = None;
    for entry in 0.. {
        if entry > MAX_ARCHIVE_ENTRIES {
            return Err(ArchiveError::TooManyEntries(MAX_ARCHIVE_ENTRIES));
        }
        let Some(h) = bytes.get(pos..pos + BLOCK) else {
            // An archive may end without its two zero blocks; after a whole entry that is fine.
            return if pos == bytes.len() {
                Ok(files)
            } else {
                Err(ArchiveError::Truncated { entry })
            };
        };
        if h.iter().all(|&b| b == 0) {
            return Ok(files);
        }
        let stored = octal(&h[148..156], entry, "checksum")?;
        let sum: u64 = h
            .iter()
            .enumerate()
            .map(|(i, &b)| u64::from(if (148..156).contains(&i) { b' ' } else { b }))
            .sum();
        if stored != sum {
            return Err(ArchiveError::BadChecksum { entry });
        }
        let size = octal(&h[124..136], entry, "size")? as usize;
        let start = pos + BLOCK;
        let contents = bytes
            .get(start..start.saturating_add(size))
            .ok_or(ArchiveError::Truncated { entry })?;
        pos = start + size.div_ceil(BLOCK) * BLOCK;
        let name = text(&h[..NAME_LEN]);
        let prefix = if &h[257..262] == b"ustar" {
            text(&h[345..345 + PREFIX_LEN])
        } else {
            String::new()
        };
        match h[156] {
            b'x' => long_path = pax_path(contents),
            b'0' | 0 => {
                let path = long_path.take().unwrap_or_else(|| {
                    if prefix.is_empty() {
                        name
                    } else {
                        format!("{prefix}/{name}")
                    }
                });
                files.push(TarEntry {
                    path,
                    bytes: contents.to_vec(),
                });
            }
            _ => long_path = None,
        }
    }
    unreachable!("the loop returns")
}

/// Every partition's leader replica files, in Kafka's layout (`<topic>-<p>/<file>`), sorted.
/// Each broker keeps its own replica of a partition; the leader's is `cluster.log(&tp)`, the
/// one kplay's own `kafka-dump-log.sh` reads and `kplay-cli --export-dir` writes.
pub fn leader_files<S: SegmentStorage>(cluster: &Cluster<S>) -> Vec<TarEntry> {
    let storage = cluster.storage();
    storage
        .list()
        .into_iter()
        .filter(|file| {
            let tp = TopicPartition::new(&file.topic, file.partition);
            cluster.log(&tp).map(|log| log.broker()) == Some(file.broker)
        })
        .map(|file| {
            // A listed file can be read whole: its length comes from the same storage.
            let len = storage.len(&file).expect("a listed file has a length");
            let bytes = storage
                .read(&file, 0, len)
                .expect("a listed file is readable whole")
                .to_vec();
            TarEntry {
                path: file.to_string(),
                bytes,
            }
        })
        .collect()
}

/// The archive of the playground `scenario` describes: its JSON and, from a replay of it, the
/// leader replicas' files. Every entry is stamped with the scenario's simulated clock.
pub fn export(scenario: &Scenario) -> Result<Vec<u8>, ArchiveError> {
    export_on::<MemoryStorage>(scenario)
}

/// [`export`], replaying on a fresh storage of type `S`. The browser passes its own storage
/// type: a second one would compile the whole engine twice into the page (about 100 KB of
/// gzipped wasm).
pub fn export_on<S: crate::storage::SegmentStorage + Default>(
    scenario: &Scenario,
) -> Result<Vec<u8>, ArchiveError> {
    let replayed = replay(scenario, S::default())?;
    let mut entries = vec![TarEntry {
        path: SCENARIO_ENTRY.to_owned(),
        bytes: scenario.to_json().into_bytes(),
    }];
    entries.extend(leader_files(replayed.playground.cluster()));
    let mtime_s = u64::try_from(scenario.clock_ms.max(0) / 1000).unwrap_or(0);
    Ok(write_tar(&entries, mtime_s))
}

/// An archive read back: the scenario to replay, and the segment files it carried (for
/// [`verify`]; they are never loaded into the playground).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub scenario: Scenario,
    /// Entries whose path is a segment file's (`<topic>-<p>/<20 digits>.<suffix>`), by path.
    pub segment_files: BTreeMap<String, Vec<u8>>,
}

/// Reads an archive made by [`export`] (or any tar with a [`SCENARIO_ENTRY`] at its top):
/// the scenario, checked as a replay would check it, and the segment files. Other entries are
/// ignored.
pub fn import(bytes: &[u8]) -> Result<Imported, ArchiveError> {
    let mut scenario = None;
    let mut segment_files = BTreeMap::new();
    for entry in read_tar(bytes)? {
        let path = entry.path.trim_start_matches("./");
        if path == SCENARIO_ENTRY {
            let json = String::from_utf8(entry.bytes)
                .map_err(|e| ArchiveError::Scenario(e.to_string()))?;
            scenario = Some(
                Scenario::from_json(&json).map_err(|e| ArchiveError::Scenario(e.to_string()))?,
            );
        } else if SegmentFile::parse(path).is_some() {
            segment_files.insert(path.to_owned(), entry.bytes);
        }
    }
    let scenario = scenario.ok_or(ArchiveError::NoScenario)?;
    super::replay::check(&scenario)?;
    Ok(Imported {
        scenario,
        segment_files,
    })
}

/// How an archive's segment files compare with a replay of its scenario.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verification {
    /// Files equal byte for byte.
    pub matching: usize,
    /// Files whose bytes differ, by path.
    pub differing: Vec<String>,
    /// Files the replay wrote that the archive lacks.
    pub missing: Vec<String>,
    /// Files of the archive the replay did not write.
    pub extra: Vec<String>,
}

impl Verification {
    /// The archive's files are exactly the replay's.
    pub fn is_consistent(&self) -> bool {
        self.differing.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// Replays the scenario and compares the leader replicas' files with the archive's.
pub fn verify(imported: &Imported) -> Result<Verification, ArchiveError> {
    verify_on::<MemoryStorage>(imported)
}

/// [`verify`], replaying on a fresh storage of type `S` (see [`export_on`]).
pub fn verify_on<S: crate::storage::SegmentStorage + Default>(
    imported: &Imported,
) -> Result<Verification, ArchiveError> {
    let replayed = replay(&imported.scenario, S::default())?;
    let mut archived = imported.segment_files.clone();
    let mut result = Verification::default();
    for file in leader_files(replayed.playground.cluster()) {
        match archived.remove(&file.path) {
            Some(bytes) if bytes == file.bytes => result.matching += 1,
            Some(_) => result.differing.push(file.path),
            None => result.missing.push(file.path),
        }
    }
    result.extra = archived.into_keys().collect();
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, bytes: &[u8]) -> TarEntry {
        TarEntry {
            path: path.to_owned(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn round_trip_keeps_paths_and_bytes() {
        let long_topic = "t".repeat(249);
        let entries = vec![
            entry(SCENARIO_ENTRY, b"{}"),
            entry("orders-0/00000000000000000000.log", &[7u8; 1024]),
            entry("orders-0/00000000000000000000.index", &[]),
            entry("orders-0/00000000000000000000.timeindex", &[1u8; 513]),
            // Too long for ustar's name field, fits prefix + name.
            entry(
                &format!("{}-1/00000000000000000042.log", "x".repeat(120)),
                b"a",
            ),
            // Too long for both: a pax path record.
            entry(&format!("{long_topic}-0/00000000000000000000.log"), b"pax"),
        ];
        let tar = write_tar(&entries, 1_700_000_000);
        assert_eq!(tar.len() % BLOCK, 0);
        assert_eq!(read_tar(&tar).unwrap(), entries);
    }

    #[test]
    fn headers_are_ustar_with_a_valid_checksum() {
        let tar = write_tar(&[entry("a-0/00000000000000000000.log", b"xyz")], 0);
        // The directory entry comes first.
        assert_eq!(&tar[..4], b"a-0/");
        assert_eq!(tar[156], b'5');
        let file = &tar[BLOCK..2 * BLOCK];
        assert_eq!(&file[257..265], b"ustar\x0000");
        assert_eq!(&file[124..136], b"00000000003\0");
        assert_eq!(&tar[2 * BLOCK..2 * BLOCK + 3], b"xyz");
        // Two zero blocks end it.
        assert!(tar[tar.len() - 2 * BLOCK..].iter().all(|&b| b == 0));
    }

    #[test]
    fn damage_is_reported() {
        let mut tar = write_tar(&[entry("f", b"hello")], 0);
        assert_eq!(
            read_tar(&tar[..BLOCK + 3]),
            Err(ArchiveError::Truncated { entry: 0 })
        );
        tar[0] = b'g';
        assert_eq!(read_tar(&tar), Err(ArchiveError::BadChecksum { entry: 0 }));
        assert!(matches!(
            import(&write_tar(&[entry("f", b"x")], 0)),
            Err(ArchiveError::NoScenario)
        ));
    }
}
