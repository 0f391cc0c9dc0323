//! Names of the files a partition log is made of, as Kafka names them on disk.

use std::fmt;

/// Which of a segment's files: Kafka keeps three per segment (`LogSegment`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum FileKind {
    /// `.log`: the record batches.
    Log,
    /// `.index`: sparse offset index, 8-byte entries (relative offset i32, position i32).
    Index,
    /// `.timeindex`: sparse time index, 12-byte entries (timestamp i64, relative offset i32).
    TimeIndex,
}

impl FileKind {
    /// The file suffix Kafka uses (`LogFileUtils`).
    pub const fn suffix(self) -> &'static str {
        match self {
            FileKind::Log => ".log",
            FileKind::Index => ".index",
            FileKind::TimeIndex => ".timeindex",
        }
    }
}

/// One file of one segment of one partition replica: `<topic>-<partition>/<base offset, 20
/// digits><suffix>` in the log directory of broker `broker`. Each broker of a Kafka cluster
/// keeps its own copy of the partitions it replicates, under the same relative path.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct SegmentFile {
    /// The broker whose log directory holds the file.
    pub broker: i32,
    pub topic: String,
    pub partition: i32,
    pub base_offset: i64,
    pub kind: FileKind,
}

impl SegmentFile {
    /// A file in broker 0's log directory (the single broker of a one-broker playground).
    pub fn new(topic: &str, partition: i32, base_offset: i64, kind: FileKind) -> Self {
        SegmentFile::on_broker(0, topic, partition, base_offset, kind)
    }

    /// A file in broker `broker`'s log directory.
    pub fn on_broker(
        broker: i32,
        topic: &str,
        partition: i32,
        base_offset: i64,
        kind: FileKind,
    ) -> Self {
        SegmentFile {
            broker,
            topic: topic.to_owned(),
            partition,
            base_offset,
            kind,
        }
    }

    /// Kafka's directory name for the partition (`UnifiedLog.logDirName`): `topic-partition`.
    pub fn dir_name(&self) -> String {
        format!("{}-{}", self.topic, self.partition)
    }

    /// Kafka's file name (`LogFileUtils.filenamePrefixFromOffset`): the base offset zero-padded to 20 digits.
    pub fn file_name(&self) -> String {
        format!("{:020}{}", self.base_offset, self.kind.suffix())
    }
}

impl SegmentFile {
    /// The storage key, unique across brokers: `<broker>/<topic>-<partition>/<file name>`, and
    /// for broker 0 the path alone (`<topic>-<partition>/<file name>`), which is how kplay
    /// stored every file before replication: playgrounds saved then open unchanged, with no
    /// migration rewriting their keys.
    pub fn key(&self) -> String {
        if self.broker == 0 {
            self.to_string()
        } else {
            format!("{}/{self}", self.broker)
        }
    }

    /// Reads back a [`SegmentFile::key`]. A key without the broker part (`topic-p/file`) is
    /// broker 0's: a topic name cannot hold `/`.
    pub fn parse_key(key: &str) -> Option<SegmentFile> {
        match key.split_once('/') {
            Some((broker, rest)) if rest.contains('/') => {
                let broker = broker.parse().ok()?;
                Some(SegmentFile {
                    broker,
                    ..SegmentFile::parse(rest)?
                })
            }
            _ => SegmentFile::parse(key),
        }
    }

    /// Reads back a path made by `Display` (`topic-partition/00000000000000000000.log`), as a
    /// file of broker 0. The topic may itself contain `-`: the partition is the part after
    /// the last one.
    pub fn parse(path: &str) -> Option<SegmentFile> {
        let (dir, name) = path.split_once('/')?;
        let (topic, partition) = dir.rsplit_once('-')?;
        let (offset, suffix) = name.split_at(name.find('.')?);
        let kind = [FileKind::Log, FileKind::Index, FileKind::TimeIndex]
            .into_iter()
            .find(|k| k.suffix() == suffix)?;
        if topic.is_empty() || offset.len() != 20 {
            return None;
        }
        Some(SegmentFile {
            broker: 0,
            topic: topic.to_owned(),
            partition: partition.parse().ok()?,
            base_offset: offset.parse().ok()?,
            kind,
        })
    }
}

impl fmt::Display for SegmentFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.dir_name(), self.file_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_kafka_layout() {
        let f = SegmentFile::new("hello.kafka", 2, 368_769, FileKind::Log);
        assert_eq!(f.to_string(), "hello.kafka-2/00000000000000368769.log");
        let f = SegmentFile::new("t", 0, 0, FileKind::TimeIndex);
        assert_eq!(f.file_name(), "00000000000000000000.timeindex");
    }

    #[test]
    fn parse_reads_back_display() {
        for f in [
            SegmentFile::new("hello.kafka", 2, 368_769, FileKind::Log),
            SegmentFile::new("a-b-c", 11, 0, FileKind::Index),
            SegmentFile::new("주문", 0, 7, FileKind::TimeIndex),
        ] {
            assert_eq!(SegmentFile::parse(&f.to_string()), Some(f));
        }
        assert_eq!(SegmentFile::parse("t-0/123.log"), None);
        let replica = SegmentFile::on_broker(2, "a-b", 1, 5, FileKind::Log);
        assert_eq!(replica.key(), "2/a-b-1/00000000000000000005.log");
        assert_eq!(SegmentFile::parse_key(&replica.key()), Some(replica));
        let first = SegmentFile::new("t", 0, 0, FileKind::Log);
        assert_eq!(first.key(), "t-0/00000000000000000000.log");
        assert_eq!(SegmentFile::parse_key(&first.key()), Some(first));
        assert_eq!(
            SegmentFile::parse_key("t-0/00000000000000000000.log"),
            Some(SegmentFile::new("t", 0, 0, FileKind::Log))
        );
        assert_eq!(
            SegmentFile::parse_key("x/t-0/00000000000000000000.log"),
            None
        );
        assert_eq!(SegmentFile::parse("t/00000000000000000000.log"), None);
        assert_eq!(SegmentFile::parse("t-0/00000000000000000000.txt"), None);
    }
}
