//! The tables of config definitions: every topic config and the broker settings topics inherit.
//!
//! Mirrors Kafka 4.x's definitions, in Kafka's definition order:
//! * topic configs: `LogConfig.CONFIG` (storage module) with the names and docs of
//!   `org.apache.kafka.common.config.TopicConfig`;
//! * broker settings: `LogConfig.SERVER_CONFIG_DEF` + `ServerLogConfigs`, `CleanerConfig`,
//!   `ServerConfigs` (`message.max.bytes`, `compression.type`, `delete.topic.enable`) and
//!   `ReplicationConfigs` (`default.replication.factor`, `unclean.leader.election.enable`);
//! * which broker settings stand in for a topic config: `ServerTopicConfigSynonyms.ALL_TOPIC_CONFIG_SYNONYMS`
//!   (the first synonym that is set wins; `log.roll.hours` etc. are converted to milliseconds).
//!
//! Kafka 4.x facts encoded here that differ from older Kafka: `segment.bytes` / `log.segment.bytes`
//! must be at least 1 MiB (KIP-1030; Kafka's tests use the internal topic config
//! `internal.segment.bytes`, which has no validator, for smaller segments) and
//! `message.timestamp.after.max.ms` defaults to one hour (KIP-1030).
//!
//! Not modelled: the tiered-storage broker settings (`log.local.retention.ms/bytes`,
//! `remote.log.storage.system.enable`); the topic configs `local.retention.ms/bytes` are
//! accepted and shown, without their broker synonyms, since kplay has no tiered storage.

use super::config_value::{ConfigType, ConfigValue, Validator};

/// A default value in a config table (`null` in Kafka is `None` at the use site).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DefaultValue {
    Boolean(bool),
    String(&'static str),
    Int(i32),
    Long(i64),
    Double(f64),
    List(&'static [&'static str]),
}

impl DefaultValue {
    /// The default as a parsed value.
    pub fn to_value(self) -> ConfigValue {
        match self {
            DefaultValue::Boolean(b) => ConfigValue::Boolean(b),
            DefaultValue::String(s) => ConfigValue::String(s.to_owned()),
            DefaultValue::Int(i) => ConfigValue::Int(i),
            DefaultValue::Long(l) => ConfigValue::Long(l),
            DefaultValue::Double(d) => ConfigValue::Double(d),
            DefaultValue::List(items) => {
                ConfigValue::List(items.iter().map(|s| (*s).to_owned()).collect())
            }
        }
    }
}

/// One `ConfigDef.ConfigKey`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConfigDef {
    /// Kafka's config name.
    pub name: &'static str,
    /// Kafka's type.
    pub ty: ConfigType,
    /// Kafka's default; `None` is Kafka's `null` (no default value).
    pub default: Option<DefaultValue>,
    /// Kafka's validator, if any.
    pub validator: Option<Validator>,
    /// `defineInternal`: accepted but hidden from docs and `DescribeConfigs`.
    pub internal: bool,
}

const fn def(
    name: &'static str,
    ty: ConfigType,
    default: Option<DefaultValue>,
    validator: Option<Validator>,
) -> ConfigDef {
    ConfigDef {
        name,
        ty,
        default,
        validator,
        internal: false,
    }
}

use ConfigType as T;
use DefaultValue as D;

const WEEK_MS: i64 = 7 * 24 * 60 * 60 * 1000;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// `BrokerCompressionType.names()`, in enum order (the order of Kafka's error text).
pub const COMPRESSION_TYPE_NAMES: &[&str] =
    &["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"];
const TIMESTAMP_TYPES: &[&str] = &["CreateTime", "LogAppendTime"];
const CLEANUP_POLICIES: &[&str] = &["compact", "delete"];
/// `1024 * 1024 + Records.LOG_OVERHEAD` (`ServerLogConfigs.MAX_MESSAGE_BYTES_DEFAULT`).
pub const MAX_MESSAGE_BYTES_DEFAULT: i32 = 1024 * 1024 + 12;
/// Kafka 4.x's minimum for `segment.bytes` and `log.segment.bytes` (`atLeast(1024 * 1024)`).
pub const MIN_SEGMENT_BYTES: i32 = 1024 * 1024;
/// `LogConfig.INTERNAL_SEGMENT_BYTES_CONFIG`: a test-only topic config with no validator
/// that overrides `segment.bytes` (`LogConfig.segmentSize()`).
pub const INTERNAL_SEGMENT_BYTES_CONFIG: &str = "internal.segment.bytes";
/// `TopicConfig.REMOTE_LOG_STORAGE_ENABLE_CONFIG`.
pub const REMOTE_STORAGE_ENABLE_CONFIG: &str = "remote.storage.enable";

const MIN_INSYNC_DOC: &str = "When a producer sets acks to \"all\" (or \"-1\"), this configuration specifies the minimum number of replicas that must acknowledge a write for the write to be considered successful. If this minimum cannot be met, then the producer will raise an exception (either NotEnoughReplicas or NotEnoughReplicasAfterAppend).<br>When used together, <code>min.insync.replicas</code> and <code>acks</code> allow you to enforce greater durability guarantees. A typical scenario would be to create a topic with a replication factor of 3, set <code>min.insync.replicas</code> to 2, and produce with <code>acks</code> of \"all\". This will ensure that the producer raises an exception if a majority of replicas do not receive a write.";
const CLEANUP_POLICY_DOC: &str = "This config designates the retention policy to use on log segments. The \"delete\" policy (which is the default) will discard old segments when their retention time or size limit has been reached. The \"compact\" policy will enable <a href=\"#compaction\">log compaction</a>, which retains the latest value for each key. It is also possible to specify both policies in a comma-separated list (e.g. \"delete,compact\"). In this case, old segments will be discarded per the retention time and size configuration, while retained segments will be compacted.";
const COMPRESSION_TYPE_DOC: &str = "Specify the final compression type for a given topic. This configuration accepts the standard compression codecs ('gzip', 'snappy', 'lz4', 'zstd'). It additionally accepts 'uncompressed' which is equivalent to no compression; and 'producer' which means retain the original compression codec set by the producer.";
const MAX_MESSAGE_BYTES_DOC: &str = "The largest record batch size allowed by Kafka (after compression if compression is enabled). If this is increased and there are consumers older than 0.10.2, the consumers' fetch size must also be increased so that they can fetch record batches this large. In the latest message format version, records are always grouped into batches for efficiency. In previous message format versions, uncompressed records are not grouped into batches and this limit only applies to a single record in that case.";
const GZIP_LEVEL_DOC: &str =
    "The compression level to use if compression.type is set to <code>gzip</code>.";
const LZ4_LEVEL_DOC: &str =
    "The compression level to use if compression.type is set to <code>lz4</code>.";
const ZSTD_LEVEL_DOC: &str =
    "The compression level to use if compression.type is set to <code>zstd</code>.";

/// Every topic config, in `LogConfig.CONFIG`'s definition order (the order Kafka parses and
/// reports the first invalid value in).
pub static TOPIC_CONFIGS: &[ConfigDef] = &[
    def(
        "segment.bytes",
        T::Int,
        Some(D::Int(1024 * 1024 * 1024)),
        Some(Validator::at_least(MIN_SEGMENT_BYTES as i64)),
    ),
    def(
        "segment.ms",
        T::Long,
        Some(D::Long(WEEK_MS)),
        Some(Validator::at_least(1)),
    ),
    def(
        "segment.jitter.ms",
        T::Long,
        Some(D::Long(0)),
        Some(Validator::at_least(0)),
    ),
    def(
        "segment.index.bytes",
        T::Int,
        Some(D::Int(10 * 1024 * 1024)),
        Some(Validator::at_least(4)),
    ),
    def(
        "flush.messages",
        T::Long,
        Some(D::Long(i64::MAX)),
        Some(Validator::at_least(1)),
    ),
    def(
        "flush.ms",
        T::Long,
        Some(D::Long(i64::MAX)),
        Some(Validator::at_least(0)),
    ),
    // "can be negative. See kafka.log.LogManager.cleanupSegmentsToMaintainSize" (no validator).
    def("retention.bytes", T::Long, Some(D::Long(-1)), None),
    def(
        "retention.ms",
        T::Long,
        Some(D::Long(WEEK_MS)),
        Some(Validator::at_least(-1)),
    ),
    def(
        "max.message.bytes",
        T::Int,
        Some(D::Int(MAX_MESSAGE_BYTES_DEFAULT)),
        Some(Validator::at_least(0)),
    ),
    def(
        "index.interval.bytes",
        T::Int,
        Some(D::Int(4096)),
        Some(Validator::at_least(0)),
    ),
    def(
        "delete.retention.ms",
        T::Long,
        Some(D::Long(DAY_MS)),
        Some(Validator::at_least(0)),
    ),
    def(
        "min.compaction.lag.ms",
        T::Long,
        Some(D::Long(0)),
        Some(Validator::at_least(0)),
    ),
    def(
        "max.compaction.lag.ms",
        T::Long,
        Some(D::Long(i64::MAX)),
        Some(Validator::at_least(1)),
    ),
    def(
        "file.delete.delay.ms",
        T::Long,
        Some(D::Long(60_000)),
        Some(Validator::at_least(0)),
    ),
    def(
        "min.cleanable.dirty.ratio",
        T::Double,
        Some(D::Double(0.5)),
        Some(Validator::between(0, 1)),
    ),
    def(
        "cleanup.policy",
        T::List,
        Some(D::List(&["delete"])),
        Some(Validator::ValidList(CLEANUP_POLICIES)),
    ),
    def(
        "unclean.leader.election.enable",
        T::Boolean,
        Some(D::Boolean(false)),
        None,
    ),
    def(
        "min.insync.replicas",
        T::Int,
        Some(D::Int(1)),
        Some(Validator::at_least(1)),
    ),
    def(
        "compression.type",
        T::String,
        Some(D::String("producer")),
        Some(Validator::ValidString(COMPRESSION_TYPE_NAMES)),
    ),
    def(
        "compression.gzip.level",
        T::Int,
        Some(D::Int(-1)),
        Some(Validator::GzipLevel),
    ),
    def(
        "compression.lz4.level",
        T::Int,
        Some(D::Int(9)),
        Some(Validator::between(1, 17)),
    ),
    def(
        "compression.zstd.level",
        T::Int,
        Some(D::Int(3)),
        Some(Validator::between(-131_072, 22)),
    ),
    def("preallocate", T::Boolean, Some(D::Boolean(false)), None),
    def(
        "message.timestamp.type",
        T::String,
        Some(D::String("CreateTime")),
        Some(Validator::ValidString(TIMESTAMP_TYPES)),
    ),
    def(
        "message.timestamp.before.max.ms",
        T::Long,
        Some(D::Long(i64::MAX)),
        Some(Validator::at_least(0)),
    ),
    def(
        "message.timestamp.after.max.ms",
        T::Long,
        Some(D::Long(3_600_000)),
        Some(Validator::at_least(0)),
    ),
    def(
        "leader.replication.throttled.replicas",
        T::List,
        Some(D::List(&[])),
        Some(Validator::ThrottledReplicaList),
    ),
    def(
        "follower.replication.throttled.replicas",
        T::List,
        Some(D::List(&[])),
        Some(Validator::ThrottledReplicaList),
    ),
    def(
        REMOTE_STORAGE_ENABLE_CONFIG,
        T::Boolean,
        Some(D::Boolean(false)),
        None,
    ),
    def(
        "local.retention.ms",
        T::Long,
        Some(D::Long(-2)),
        Some(Validator::at_least(-2)),
    ),
    def(
        "local.retention.bytes",
        T::Long,
        Some(D::Long(-2)),
        Some(Validator::at_least(-2)),
    ),
    def(
        "remote.log.copy.disable",
        T::Boolean,
        Some(D::Boolean(false)),
        None,
    ),
    def(
        "remote.log.delete.on.disable",
        T::Boolean,
        Some(D::Boolean(false)),
        None,
    ),
    ConfigDef {
        name: INTERNAL_SEGMENT_BYTES_CONFIG,
        ty: T::Int,
        default: None,
        validator: None,
        internal: true,
    },
];

/// Every broker setting kplay models (the ones topics inherit, plus topic-creation defaults).
pub static BROKER_CONFIGS: &[ConfigDef] = &[
    def(
        "num.partitions",
        T::Int,
        Some(D::Int(1)),
        Some(Validator::at_least(1)),
    ),
    def("default.replication.factor", T::Int, Some(D::Int(1)), None),
    def(
        "auto.create.topics.enable",
        T::Boolean,
        Some(D::Boolean(true)),
        None,
    ),
    def(
        "delete.topic.enable",
        T::Boolean,
        Some(D::Boolean(true)),
        None,
    ),
    def(
        "message.max.bytes",
        T::Int,
        Some(D::Int(MAX_MESSAGE_BYTES_DEFAULT)),
        Some(Validator::at_least(0)),
    ),
    def(
        "compression.type",
        T::String,
        Some(D::String("producer")),
        Some(Validator::ValidString(COMPRESSION_TYPE_NAMES)),
    ),
    def(
        "compression.gzip.level",
        T::Int,
        Some(D::Int(-1)),
        Some(Validator::GzipLevel),
    ),
    def(
        "compression.lz4.level",
        T::Int,
        Some(D::Int(9)),
        Some(Validator::between(1, 17)),
    ),
    def(
        "compression.zstd.level",
        T::Int,
        Some(D::Int(3)),
        Some(Validator::between(-131_072, 22)),
    ),
    def(
        "unclean.leader.election.enable",
        T::Boolean,
        Some(D::Boolean(false)),
        None,
    ),
    def(
        "min.insync.replicas",
        T::Int,
        Some(D::Int(1)),
        Some(Validator::at_least(1)),
    ),
    def(
        "log.segment.bytes",
        T::Int,
        Some(D::Int(1024 * 1024 * 1024)),
        Some(Validator::at_least(MIN_SEGMENT_BYTES as i64)),
    ),
    def("log.roll.ms", T::Long, None, None),
    def(
        "log.roll.hours",
        T::Int,
        Some(D::Int(168)),
        Some(Validator::at_least(1)),
    ),
    def("log.roll.jitter.ms", T::Long, None, None),
    def(
        "log.roll.jitter.hours",
        T::Int,
        Some(D::Int(0)),
        Some(Validator::at_least(0)),
    ),
    def("log.retention.ms", T::Long, None, None),
    def("log.retention.minutes", T::Int, None, None),
    def("log.retention.hours", T::Int, Some(D::Int(168)), None),
    def("log.retention.bytes", T::Long, Some(D::Long(-1)), None),
    def(
        "log.retention.check.interval.ms",
        T::Long,
        Some(D::Long(300_000)),
        Some(Validator::at_least(1)),
    ),
    def(
        "log.cleanup.policy",
        T::List,
        Some(D::List(&["delete"])),
        Some(Validator::ValidList(CLEANUP_POLICIES)),
    ),
    def(
        "log.index.size.max.bytes",
        T::Int,
        Some(D::Int(10 * 1024 * 1024)),
        Some(Validator::at_least(4)),
    ),
    def(
        "log.index.interval.bytes",
        T::Int,
        Some(D::Int(4096)),
        Some(Validator::at_least(0)),
    ),
    def(
        "log.flush.interval.messages",
        T::Long,
        Some(D::Long(i64::MAX)),
        Some(Validator::at_least(1)),
    ),
    def(
        "log.segment.delete.delay.ms",
        T::Long,
        Some(D::Long(60_000)),
        Some(Validator::at_least(0)),
    ),
    def(
        "log.flush.scheduler.interval.ms",
        T::Long,
        Some(D::Long(i64::MAX)),
        None,
    ),
    def("log.flush.interval.ms", T::Long, None, None),
    def("log.preallocate", T::Boolean, Some(D::Boolean(false)), None),
    def(
        "log.message.timestamp.type",
        T::String,
        Some(D::String("CreateTime")),
        Some(Validator::ValidString(TIMESTAMP_TYPES)),
    ),
    def(
        "log.message.timestamp.before.max.ms",
        T::Long,
        Some(D::Long(i64::MAX)),
        Some(Validator::at_least(0)),
    ),
    def(
        "log.message.timestamp.after.max.ms",
        T::Long,
        Some(D::Long(3_600_000)),
        Some(Validator::at_least(0)),
    ),
    def(
        "log.cleaner.delete.retention.ms",
        T::Long,
        Some(D::Long(DAY_MS)),
        Some(Validator::at_least(0)),
    ),
    def(
        "log.cleaner.min.compaction.lag.ms",
        T::Long,
        Some(D::Long(0)),
        Some(Validator::at_least(0)),
    ),
    def(
        "log.cleaner.max.compaction.lag.ms",
        T::Long,
        Some(D::Long(i64::MAX)),
        Some(Validator::at_least(1)),
    ),
    def(
        "log.cleaner.min.cleanable.ratio",
        T::Double,
        Some(D::Double(0.5)),
        Some(Validator::between(0, 1)),
    ),
    // The transaction coordinator and producer state (`TransactionLogConfig`,
    // `TransactionStateManagerConfig`, `ProducerStateManagerConfig`) and the offsets topic's
    // partition count (`GroupCoordinatorConfig`), which FindCoordinator and AddOffsetsToTxn need.
    // `transaction.state.log.replication.factor` is a SHORT in Kafka; kplay has no SHORT type.
    def(
        "transaction.state.log.num.partitions",
        T::Int,
        Some(D::Int(50)),
        Some(Validator::at_least(1)),
    ),
    def(
        "transaction.state.log.replication.factor",
        T::Int,
        Some(D::Int(3)),
        Some(Validator::at_least(1)),
    ),
    def(
        "transaction.state.log.min.isr",
        T::Int,
        Some(D::Int(2)),
        Some(Validator::at_least(1)),
    ),
    def(
        "transaction.state.log.segment.bytes",
        T::Int,
        Some(D::Int(100 * 1024 * 1024)),
        Some(Validator::at_least(1)),
    ),
    def(
        "transaction.max.timeout.ms",
        T::Int,
        Some(D::Int(900_000)),
        Some(Validator::at_least(1)),
    ),
    def(
        "transactional.id.expiration.ms",
        T::Int,
        Some(D::Int(604_800_000)),
        Some(Validator::at_least(1)),
    ),
    def(
        "transaction.abort.timed.out.transaction.cleanup.interval.ms",
        T::Int,
        Some(D::Int(10_000)),
        Some(Validator::at_least(1)),
    ),
    def(
        "transaction.remove.expired.transaction.cleanup.interval.ms",
        T::Int,
        Some(D::Int(3_600_000)),
        Some(Validator::at_least(1)),
    ),
    def(
        "producer.id.expiration.ms",
        T::Int,
        Some(D::Int(86_400_000)),
        Some(Validator::at_least(1)),
    ),
    def(
        "producer.id.expiration.check.interval.ms",
        T::Int,
        Some(D::Int(600_000)),
        Some(Validator::at_least(1)),
    ),
    // Replication and the KRaft controller's view of brokers (`ReplicationConfigs`,
    // `KRaftConfigs`, `QuorumConfig`-side broker leases).
    def(
        "replica.lag.time.max.ms",
        T::Long,
        Some(D::Long(30_000)),
        None,
    ),
    def("replica.fetch.wait.max.ms", T::Int, Some(D::Int(500)), None),
    def(
        "replica.fetch.max.bytes",
        T::Int,
        Some(D::Int(1024 * 1024)),
        Some(Validator::at_least(0)),
    ),
    def(
        "replica.fetch.backoff.ms",
        T::Int,
        Some(D::Int(1_000)),
        Some(Validator::at_least(0)),
    ),
    def(
        "broker.session.timeout.ms",
        T::Int,
        Some(D::Int(9_000)),
        None,
    ),
    def(
        "auto.leader.rebalance.enable",
        T::Boolean,
        Some(D::Boolean(true)),
        None,
    ),
    def(
        "leader.imbalance.check.interval.seconds",
        T::Long,
        Some(D::Long(300)),
        Some(Validator::at_least(1)),
    ),
    def(
        "offsets.topic.num.partitions",
        T::Int,
        Some(D::Int(50)),
        Some(Validator::at_least(1)),
    ),
    // The classic group coordinator and `__consumer_offsets` (`GroupCoordinatorConfig`,
    // `OffsetConfig`). `offsets.topic.replication.factor` is a SHORT in Kafka.
    def(
        "offsets.topic.replication.factor",
        T::Int,
        Some(D::Int(3)),
        Some(Validator::at_least(1)),
    ),
    def(
        "offsets.topic.segment.bytes",
        T::Int,
        Some(D::Int(100 * 1024 * 1024)),
        Some(Validator::at_least(1)),
    ),
    def(
        "offsets.topic.compression.codec",
        T::Int,
        Some(D::Int(0)),
        None,
    ),
    def(
        "offsets.retention.minutes",
        T::Int,
        Some(D::Int(10_080)),
        Some(Validator::at_least(1)),
    ),
    def(
        "offsets.retention.check.interval.ms",
        T::Long,
        Some(D::Long(600_000)),
        Some(Validator::at_least(1)),
    ),
    def(
        "offset.metadata.max.bytes",
        T::Int,
        Some(D::Int(4096)),
        None,
    ),
    def(
        "group.min.session.timeout.ms",
        T::Int,
        Some(D::Int(6_000)),
        None,
    ),
    def(
        "group.max.session.timeout.ms",
        T::Int,
        Some(D::Int(1_800_000)),
        None,
    ),
    def(
        "group.initial.rebalance.delay.ms",
        T::Int,
        Some(D::Int(3_000)),
        None,
    ),
    def(
        "group.max.size",
        T::Int,
        Some(D::Int(i32::MAX)),
        Some(Validator::at_least(1)),
    ),
];

/// How a broker synonym's value becomes the topic config's value (`ConfigSynonym` converters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Converter {
    /// Same unit.
    Identity,
    /// `ConfigSynonym.HOURS_TO_MILLISECONDS`.
    HoursToMillis,
    /// `ConfigSynonym.MINUTES_TO_MILLISECONDS`.
    MinutesToMillis,
}

impl Converter {
    /// Applies the conversion to an integral value (Java `long` arithmetic).
    pub fn convert(self, value: i64) -> i64 {
        match self {
            Converter::Identity => value,
            Converter::HoursToMillis => value.wrapping_mul(60 * 60 * 1000),
            Converter::MinutesToMillis => value.wrapping_mul(60 * 1000),
        }
    }
}

/// The documentation string of each of [`TOPIC_CONFIGS`], by name: apart from the definitions, so only
/// `DescribeConfigs` (Kafka's tools) reaches these texts.
static TOPIC_CONFIG_DOCS: &[(&str, &str)] = &[
    ("segment.bytes",
        "This configuration controls the segment file size for the log. Retention and cleaning is always done a file at a time so a larger segment size means fewer files but less granular control over retention."),
    ("segment.ms",
        "This configuration controls the period of time after which Kafka will force the log to roll even if the segment file isn't full to ensure that retention can delete or compact old data."),
    ("segment.jitter.ms",
        "The maximum random jitter subtracted from the scheduled segment roll time to avoid thundering herds of segment rolling"),
    ("segment.index.bytes",
        "This configuration controls the size of the index that maps offsets to file positions. We preallocate this index file and shrink it only after log rolls. You generally should not need to change this setting."),
    ("flush.messages",
        "This setting allows specifying an interval at which we will force an fsync of data written to the log. For example if this was set to 1 we would fsync after every message; if it were 5 we would fsync after every five messages. In general we recommend you not set this and use replication for durability and allow the operating system's background flush capabilities as it is more efficient. This setting can be overridden on a per-topic basis (see <a href=\"#topicconfigs\">the per-topic configuration section</a>)."),
    ("flush.ms",
        "This setting allows specifying a time interval at which we will force an fsync of data written to the log. For example if this was set to 1000 we would fsync after 1000 ms had passed. In general we recommend you not set this and use replication for durability and allow the operating system's background flush capabilities as it is more efficient."),
    ("retention.bytes",
        "This configuration controls the maximum size a partition (which consists of log segments) can grow to before we will discard old log segments to free up space if we are using the \"delete\" retention policy. By default there is no size limit only a time limit. Since this limit is enforced at the partition level, multiply it by the number of partitions to compute the topic retention in bytes. Additionally, retention.bytes configuration operates independently of \"segment.ms\" and \"segment.bytes\" configurations. Moreover, it triggers the rolling of new segment if the retention.bytes is configured to zero."),
    ("retention.ms",
        "This configuration controls the maximum time we will retain a log before we will discard old log segments to free up space if we are using the \"delete\" retention policy. This represents an SLA on how soon consumers must read their data. If set to -1, no time limit is applied. Additionally, retention.ms configuration operates independently of \"segment.ms\" and \"segment.bytes\" configurations. Moreover, it triggers the rolling of new segment if the retention.ms condition is satisfied."),
    ("max.message.bytes",
        MAX_MESSAGE_BYTES_DOC),
    ("index.interval.bytes",
        "This setting controls how frequently Kafka adds an index entry to its offset index. The default setting ensures that we index a message roughly every 4096 bytes. More indexing allows reads to jump closer to the exact position in the log but makes the index larger. You probably don't need to change this."),
    ("delete.retention.ms",
        "The amount of time to retain delete tombstone markers for <a href=\"#compaction\">log compacted</a> topics. This setting also gives a bound on the time in which a consumer must complete a read if they begin from offset 0 to ensure that they get a valid snapshot of the final stage (otherwise delete tombstones may be collected before they complete their scan)."),
    ("min.compaction.lag.ms",
        "The minimum time a message will remain uncompacted in the log. Only applicable for logs that are being compacted."),
    ("max.compaction.lag.ms",
        "The maximum time a message will remain ineligible for compaction in the log. Only applicable for logs that are being compacted."),
    ("file.delete.delay.ms",
        "The time to wait before deleting a file from the filesystem"),
    ("min.cleanable.dirty.ratio",
        "This configuration controls how frequently the log compactor will attempt to clean the log (assuming <a href=\"#compaction\">log compaction</a> is enabled). By default we will avoid cleaning a log where more than 50% of the log has been compacted. This ratio bounds the maximum space wasted in the log by duplicates (at 50% at most 50% of the log could be duplicates). A higher ratio will mean fewer, more efficient cleanings but will mean more wasted space in the log. If the max.compaction.lag.ms or the min.compaction.lag.ms configurations are also specified, then the log compactor considers the log to be eligible for compaction as soon as either: (i) the dirty ratio threshold has been met and the log has had dirty (uncompacted) records for at least the min.compaction.lag.ms duration, or (ii) if the log has had dirty (uncompacted) records for at most the max.compaction.lag.ms period."),
    ("cleanup.policy",
        CLEANUP_POLICY_DOC),
    ("unclean.leader.election.enable",
        "Indicates whether to enable replicas not in the ISR set to be elected as leader as a last resort, even though doing so may result in data loss.<p>Note: In KRaft mode, when enabling this config dynamically, it needs to wait for the unclean leader electionthread to trigger election periodically (default is 5 minutes). Please run `kafka-leader-election.sh` with `unclean` option to trigger the unclean leader election immediately if needed.</p>"),
    ("min.insync.replicas",
        MIN_INSYNC_DOC),
    ("compression.type",
        COMPRESSION_TYPE_DOC),
    ("compression.gzip.level",
        GZIP_LEVEL_DOC),
    ("compression.lz4.level",
        LZ4_LEVEL_DOC),
    ("compression.zstd.level",
        ZSTD_LEVEL_DOC),
    ("preallocate",
        "True if we should preallocate the file on disk when creating a new log segment."),
    ("message.timestamp.type",
        "Define whether the timestamp in the message is message create time or log append time."),
    ("message.timestamp.before.max.ms",
        "This configuration sets the allowable timestamp difference between the broker's timestamp and the message timestamp. The message timestamp can be earlier than or equal to the broker's timestamp, with the maximum allowable difference determined by the value set in this configuration. If message.timestamp.type=CreateTime, the message will be rejected if the difference in timestamps exceeds this specified threshold. This configuration is ignored if message.timestamp.type=LogAppendTime."),
    ("message.timestamp.after.max.ms",
        "This configuration sets the allowable timestamp difference between the message timestamp and the broker's timestamp. The message timestamp can be later than or equal to the broker's timestamp, with the maximum allowable difference determined by the value set in this configuration. If message.timestamp.type=CreateTime, the message will be rejected if the difference in timestamps exceeds this specified threshold. This configuration is ignored if message.timestamp.type=LogAppendTime."),
    ("leader.replication.throttled.replicas",
        "A list of replicas for which log replication should be throttled on the leader side. The list should describe a set of replicas in the form [PartitionId]:[BrokerId],[PartitionId]:[BrokerId]:... or alternatively the wildcard '*' can be used to throttle all replicas for this topic."),
    ("follower.replication.throttled.replicas",
        "A list of replicas for which log replication should be throttled on the follower side. The list should describe a set of replicas in the form [PartitionId]:[BrokerId],[PartitionId]:[BrokerId]:... or alternatively the wildcard '*' can be used to throttle all replicas for this topic."),
    (REMOTE_STORAGE_ENABLE_CONFIG,
        "To enable tiered storage for a topic, set this configuration as true. You can not disable this config once it is enabled. It will be provided in future versions."),
    ("local.retention.ms",
        "The number of milliseconds to keep the local log segment before it gets deleted. Default value is -2, it represents `retention.ms` value is to be used. The effective value should always be less than or equal to `retention.ms` value."),
    ("local.retention.bytes",
        "The maximum size of local log segments that can grow for a partition before it deletes the old segments. Default value is -2, it represents `retention.bytes` value to be used. The effective value should always be less than or equal to `retention.bytes` value."),
    ("remote.log.copy.disable",
        "Determines whether tiered data for a topic should become read only, and no more data uploading on a topic. Once this config is set to true, the local retention configuration (i.e. local.retention.ms/bytes) becomes irrelevant, and all data expiration follows the topic-wide retention configuration(i.e. retention.ms/bytes)."),
    ("remote.log.delete.on.disable",
        "Determines whether tiered data for a topic should be deleted after tiered storage is disabled on a topic. This configuration should be enabled when trying to set `remote.storage.enable` from true to false"),
    (INTERNAL_SEGMENT_BYTES_CONFIG,
        "The maximum size of a single log file. This should be used for testing only."),
];

/// The documentation string of each of [`BROKER_CONFIGS`], by name: apart from the definitions, so only
/// `DescribeConfigs` (Kafka's tools) reaches these texts.
static BROKER_CONFIG_DOCS: &[(&str, &str)] = &[
    ("num.partitions",
        "The default number of log partitions per topic. This configuration affects the following paths:<ul>  <li>1. Auto topic creation</li>  <li>2. Internal streams topic creation</li>  <li>3. Topic creation via <code>AdminClient#createTopics</code> when the number of partition is set to -1</li></ul><p>For (1), the value from the broker configuration is used only when it is explicitly set. If it is not explicitly configured on the broker, the value from the controller configuration is used.<br/>For (2) and (3), the value from the controller configuration is always used.</p>"),
    ("default.replication.factor",
        "The replication factor for automatically created topics, and for topics created with -1 as the replication factor"),
    ("auto.create.topics.enable",
        "Enable auto creation of topic on the server."),
    ("delete.topic.enable",
        "When set to true, topics can be deleted by the admin client. When set to false, deletion requests will be explicitly rejected by the broker."),
    ("message.max.bytes",
        "The largest record batch size allowed by Kafka (after compression if compression is enabled). If this is increased and there are consumers older than 0.10.2, the consumers' fetch size must also be increased so that they can fetch record batches this large. In the latest message format version, records are always grouped into batches for efficiency. In previous message format versions, uncompressed records are not grouped into batches and this limit only applies to a single record in that case.This can be set per topic with the topic level <code>max.message.bytes</code> config."),
    ("compression.type",
        COMPRESSION_TYPE_DOC),
    ("compression.gzip.level",
        GZIP_LEVEL_DOC),
    ("compression.lz4.level",
        LZ4_LEVEL_DOC),
    ("compression.zstd.level",
        ZSTD_LEVEL_DOC),
    ("unclean.leader.election.enable",
        "Indicates whether to enable replicas not in the ISR set to be elected as leader as a last resort, even though doing so may result in data loss<p>Note: In KRaft mode, when enabling this config dynamically, it needs to wait for the unclean leader election thread to trigger election periodically (default is 5 minutes). Please run `kafka-leader-election.sh` with `unclean` option to trigger the unclean leader election immediately if needed.</p>"),
    ("min.insync.replicas",
        MIN_INSYNC_DOC),
    ("log.segment.bytes",
        "The maximum size of a single log file"),
    ("log.roll.ms",
        "The maximum time before a new log segment is rolled out (in milliseconds). If not set, the value in log.roll.hours is used"),
    ("log.roll.hours",
        "The maximum time before a new log segment is rolled out (in hours), secondary to log.roll.ms property"),
    ("log.roll.jitter.ms",
        "The maximum jitter to subtract from logRollTimeMillis (in milliseconds). If not set, the value in log.roll.jitter.hours is used"),
    ("log.roll.jitter.hours",
        "The maximum jitter to subtract from logRollTimeMillis (in hours), secondary to log.roll.jitter.ms property"),
    ("log.retention.ms",
        "The number of milliseconds to keep a log file before deleting it (in milliseconds), If not set, the value in log.retention.minutes is used. If set to -1, no time limit is applied."),
    ("log.retention.minutes",
        "The number of minutes to keep a log file before deleting it (in minutes), secondary to log.retention.ms property. If not set, the value in log.retention.hours is used"),
    ("log.retention.hours",
        "The number of hours to keep a log file before deleting it (in hours), tertiary to log.retention.ms property"),
    ("log.retention.bytes",
        "The maximum size of the log before deleting it"),
    ("log.retention.check.interval.ms",
        "The frequency in milliseconds that the log cleaner checks whether any log is eligible for deletion"),
    ("log.cleanup.policy",
        CLEANUP_POLICY_DOC),
    ("log.index.size.max.bytes",
        "The maximum size in bytes of the offset index"),
    ("log.index.interval.bytes",
        "The interval with which we add an entry to the offset index."),
    ("log.flush.interval.messages",
        "The number of messages accumulated on a log partition before messages are flushed to disk."),
    ("log.segment.delete.delay.ms",
        "The amount of time to wait before deleting a file from the filesystem. If the value is 0 and there is no file to delete, the system will wait 1 millisecond. Low value will cause busy waiting"),
    ("log.flush.scheduler.interval.ms",
        "The frequency in ms that the log flusher checks whether any log needs to be flushed to disk"),
    ("log.flush.interval.ms",
        "The maximum time in ms that a message in any topic is kept in memory before flushed to disk. If not set, the value in log.flush.scheduler.interval.ms is used"),
    ("log.preallocate",
        "Should pre allocate file when create new segment? If you are using Kafka on Windows, you probably need to set it to true."),
    ("log.message.timestamp.type",
        "Define whether the timestamp in the message is message create time or log append time. The value should be either <code>CreateTime</code> or <code>LogAppendTime</code>."),
    ("log.message.timestamp.before.max.ms",
        "This configuration sets the allowable timestamp difference between the broker's timestamp and the message timestamp. The message timestamp can be earlier than or equal to the broker's timestamp, with the maximum allowable difference determined by the value set in this configuration. If log.message.timestamp.type=CreateTime, the message will be rejected if the difference in timestamps exceeds this specified threshold. This configuration is ignored if log.message.timestamp.type=LogAppendTime."),
    ("log.message.timestamp.after.max.ms",
        "This configuration sets the allowable timestamp difference between the message timestamp and the broker's timestamp. The message timestamp can be later than or equal to the broker's timestamp, with the maximum allowable difference determined by the value set in this configuration. If log.message.timestamp.type=CreateTime, the message will be rejected if the difference in timestamps exceeds this specified threshold. This configuration is ignored if log.message.timestamp.type=LogAppendTime."),
    ("log.cleaner.delete.retention.ms",
        "The amount of time to retain tombstone message markers for log compacted topics. This setting also gives a bound on the time in which a consumer must complete a read if they begin from offset 0 to ensure that they get a valid snapshot of the final stage (otherwise  tombstones messages may be collected before a consumer completes their scan)."),
    ("log.cleaner.min.compaction.lag.ms",
        "The minimum time a message will remain uncompacted in the log. Only applicable for logs that are being compacted."),
    ("log.cleaner.max.compaction.lag.ms",
        "The maximum time a message will remain ineligible for compaction in the log. Only applicable for logs that are being compacted."),
    ("log.cleaner.min.cleanable.ratio",
        "The minimum ratio of dirty log to total log for a log to eligible for cleaning. If the log.cleaner.max.compaction.lag.ms or the log.cleaner.min.compaction.lag.ms configurations are also specified, then the log compactor considers the log eligible for compaction as soon as either: (i) the dirty ratio threshold has been met and the log has had dirty (uncompacted) records for at least the log.cleaner.min.compaction.lag.ms duration, or (ii) if the log has had dirty (uncompacted) records for at most the log.cleaner.max.compaction.lag.ms period."),
    ("transaction.state.log.num.partitions",
        "Number of partitions for the transaction topic (should not change after deployment)."),
    ("transaction.state.log.replication.factor",
        "Replication factor for the transaction topic (set higher to ensure availability). Internal topic creation will fail until the cluster size meets this replication factor requirement."),
    ("transaction.state.log.min.isr",
        "The minimum number of replicas that must acknowledge a write to transaction topic in order to be considered successful."),
    ("transaction.state.log.segment.bytes",
        "The transaction topic segment bytes should be kept relatively small in order to facilitate faster log compaction and cache loads"),
    ("transaction.max.timeout.ms",
        "The maximum allowed timeout for transactions. If a client’s requested transaction time exceed this, then the broker will return an error in InitProducerIdRequest. This prevents a client from too large of a timeout, which can stall consumers reading from topics included in the transaction."),
    ("transactional.id.expiration.ms",
        "The time in ms that the transaction coordinator will wait without receiving any transaction status updates for the current transaction before expiring its transactional id. Transactional IDs will not expire while a the transaction is still ongoing."),
    ("transaction.abort.timed.out.transaction.cleanup.interval.ms",
        "The interval at which to rollback transactions that have timed out"),
    ("transaction.remove.expired.transaction.cleanup.interval.ms",
        "The interval at which to remove transactions that have expired due to <code>transactional.id.expiration.ms</code> passing"),
    ("producer.id.expiration.ms",
        "The time in ms that a topic partition leader will wait before expiring producer IDs. Producer IDs will not expire while a transaction associated to them is still ongoing. Note that producer IDs may expire sooner if the last write from the producer ID is deleted due to the topic's retention settings. Setting this value the same or higher than <code>delivery.timeout.ms</code> can help prevent expiration during retries and protect against message duplication, but the default should be reasonable for most use cases."),
    ("producer.id.expiration.check.interval.ms",
        "The interval at which to remove producer IDs that have expired due to <code>producer.id.expiration.ms</code> passing."),
    ("replica.lag.time.max.ms",
        "If a follower hasn't sent any fetch requests or hasn't consumed up to the leaders log end offset for at least this time, the leader will remove the follower from isr"),
    ("replica.fetch.wait.max.ms",
        "The maximum wait time for each fetcher request issued by follower replicas. This value should always be less than the replica.lag.time.max.ms at all times to prevent frequent shrinking of ISR for low throughput topics"),
    ("replica.fetch.max.bytes",
        "The number of bytes of messages to attempt to fetch for each partition. This is not an absolute maximum, if the first record batch in the first non-empty partition of the fetch is larger than this value, the record batch will still be returned to ensure that progress can be made. The maximum record batch size accepted by the broker is defined via <code>message.max.bytes</code> (broker config) or <code>max.message.bytes</code> (topic config)."),
    ("replica.fetch.backoff.ms",
        "The amount of time to sleep when fetch partition error occurs."),
    ("broker.session.timeout.ms",
        "The length of time in milliseconds that a broker lease lasts if no heartbeats are made. Used when running in KRaft mode."),
    ("auto.leader.rebalance.enable",
        "Enables auto leader balancing. A background thread checks the distribution of partition leaders at regular intervals, configurable by leader.imbalance.check.interval.seconds. If the leader is imbalanced, leader rebalance to the preferred leader for partitions is triggered."),
    ("leader.imbalance.check.interval.seconds",
        "The frequency with which the partition rebalance check is triggered by the controller"),
    ("offsets.topic.num.partitions",
        "The number of partitions for the offset commit topic (should not change after deployment)."),
    ("offsets.topic.replication.factor",
        "The replication factor for the offsets topic (set higher to ensure availability). Internal topic creation will fail until the cluster size meets this replication factor requirement."),
    ("offsets.topic.segment.bytes",
        "The offsets topic segment bytes should be kept relatively small in order to facilitate faster log compaction and cache loads"),
    ("offsets.topic.compression.codec",
        "Compression codec for the offsets topic - compression may be used to achieve \"atomic\" commits."),
    ("offsets.retention.minutes",
        "For subscribed consumers, committed offset of a specific partition will be expired and discarded when 1) this retention period has elapsed after the consumer group loses all its consumers (i.e. becomes empty); 2) this retention period has elapsed since the last time an offset is committed for the partition and the group is no longer subscribed to the corresponding topic. For standalone consumers (using manual assignment), offsets will be expired after this retention period has elapsed since the time of last commit. Note that when a group is deleted via the delete-group request, its committed offsets will also be deleted without extra retention period; also when a topic is deleted via the delete-topic request, upon propagated metadata update any group's committed offsets for that topic will also be deleted without extra retention period."),
    ("offsets.retention.check.interval.ms",
        "Frequency at which to check for stale offsets"),
    ("offset.metadata.max.bytes",
        "The maximum size for a metadata entry associated with an offset commit."),
    ("group.min.session.timeout.ms",
        "The minimum allowed session timeout for registered consumers. Shorter timeouts result in quicker failure detection at the cost of more frequent consumer heartbeating, which can overwhelm broker resources."),
    ("group.max.session.timeout.ms",
        "The maximum allowed session timeout for registered consumers. Longer timeouts give consumers more time to process messages in between heartbeats at the cost of a longer time to detect failures."),
    ("group.initial.rebalance.delay.ms",
        "The amount of time the group coordinator will wait for more consumers to join a new group before performing the first rebalance. A longer delay means potentially fewer rebalances, but increases the time until processing begins."),
    ("group.max.size",
        "The maximum number of consumers that a single consumer group can accommodate."),
];

/// Kafka's documentation string of the topic config `name` (empty for a name kplay does not
/// define).
pub fn topic_config_doc(name: &str) -> &'static str {
    lookup_doc(TOPIC_CONFIG_DOCS, name)
}

/// Kafka's documentation string of the broker setting `name` (empty for one kplay does not
/// model).
pub fn broker_config_doc(name: &str) -> &'static str {
    lookup_doc(BROKER_CONFIG_DOCS, name)
}

fn lookup_doc(docs: &[(&str, &'static str)], name: &str) -> &'static str {
    docs.iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, doc)| doc)
}

/// One broker setting standing in for a topic config (`ConfigSynonym`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Synonym {
    /// The broker setting's name.
    pub name: &'static str,
    /// How its value converts to the topic config's unit.
    pub converter: Converter,
}

const fn same(name: &'static str) -> Synonym {
    Synonym {
        name,
        converter: Converter::Identity,
    }
}

/// `ServerTopicConfigSynonyms.ALL_TOPIC_CONFIG_SYNONYMS` (Kafka 4.x), highest priority first.
pub static TOPIC_CONFIG_SYNONYMS: &[(&str, &[Synonym])] = &[
    ("segment.bytes", &[same("log.segment.bytes")]),
    (
        "segment.ms",
        &[
            same("log.roll.ms"),
            Synonym {
                name: "log.roll.hours",
                converter: Converter::HoursToMillis,
            },
        ],
    ),
    (
        "segment.jitter.ms",
        &[
            same("log.roll.jitter.ms"),
            Synonym {
                name: "log.roll.jitter.hours",
                converter: Converter::HoursToMillis,
            },
        ],
    ),
    ("segment.index.bytes", &[same("log.index.size.max.bytes")]),
    ("flush.messages", &[same("log.flush.interval.messages")]),
    (
        "flush.ms",
        &[
            same("log.flush.interval.ms"),
            same("log.flush.scheduler.interval.ms"),
        ],
    ),
    ("retention.bytes", &[same("log.retention.bytes")]),
    (
        "retention.ms",
        &[
            same("log.retention.ms"),
            Synonym {
                name: "log.retention.minutes",
                converter: Converter::MinutesToMillis,
            },
            Synonym {
                name: "log.retention.hours",
                converter: Converter::HoursToMillis,
            },
        ],
    ),
    ("max.message.bytes", &[same("message.max.bytes")]),
    ("index.interval.bytes", &[same("log.index.interval.bytes")]),
    (
        "delete.retention.ms",
        &[same("log.cleaner.delete.retention.ms")],
    ),
    (
        "min.compaction.lag.ms",
        &[same("log.cleaner.min.compaction.lag.ms")],
    ),
    (
        "max.compaction.lag.ms",
        &[same("log.cleaner.max.compaction.lag.ms")],
    ),
    (
        "file.delete.delay.ms",
        &[same("log.segment.delete.delay.ms")],
    ),
    (
        "min.cleanable.dirty.ratio",
        &[same("log.cleaner.min.cleanable.ratio")],
    ),
    ("cleanup.policy", &[same("log.cleanup.policy")]),
    (
        "unclean.leader.election.enable",
        &[same("unclean.leader.election.enable")],
    ),
    ("min.insync.replicas", &[same("min.insync.replicas")]),
    ("compression.type", &[same("compression.type")]),
    ("compression.gzip.level", &[same("compression.gzip.level")]),
    ("compression.lz4.level", &[same("compression.lz4.level")]),
    ("compression.zstd.level", &[same("compression.zstd.level")]),
    ("preallocate", &[same("log.preallocate")]),
    (
        "message.timestamp.type",
        &[same("log.message.timestamp.type")],
    ),
    (
        "message.timestamp.before.max.ms",
        &[same("log.message.timestamp.before.max.ms")],
    ),
    (
        "message.timestamp.after.max.ms",
        &[same("log.message.timestamp.after.max.ms")],
    ),
];

/// The topic config definition with this name.
pub fn topic_config(name: &str) -> Option<&'static ConfigDef> {
    TOPIC_CONFIGS.iter().find(|d| d.name == name)
}

/// The broker setting definition with this name.
pub fn broker_config(name: &str) -> Option<&'static ConfigDef> {
    BROKER_CONFIGS.iter().find(|d| d.name == name)
}

/// The broker synonyms of a topic config, highest priority first (empty if it has none).
pub fn synonyms_of(topic_config_name: &str) -> &'static [Synonym] {
    TOPIC_CONFIG_SYNONYMS
        .iter()
        .find(|(name, _)| *name == topic_config_name)
        .map_or(&[], |(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_definition_has_its_kafka_doc_and_no_doc_is_orphaned() {
        for (defs, docs, doc) in [
            (
                TOPIC_CONFIGS,
                TOPIC_CONFIG_DOCS,
                topic_config_doc as fn(&str) -> &'static str,
            ),
            (BROKER_CONFIGS, BROKER_CONFIG_DOCS, broker_config_doc),
        ] {
            assert_eq!(defs.len(), docs.len());
            for (def, (name, _)) in defs.iter().zip(docs) {
                assert_eq!(def.name, *name, "the docs follow the definitions' order");
                assert!(!doc(def.name).is_empty(), "{} has no doc", def.name);
            }
        }
        assert!(topic_config_doc("min.insync.replicas").starts_with("When a producer sets acks"));
        assert_eq!(topic_config_doc("no.such.config"), "");
    }

    #[test]
    fn defaults_pass_their_own_validators() {
        // Kafka's ConfigKey constructor validates the default; so do we.
        for d in TOPIC_CONFIGS.iter().chain(BROKER_CONFIGS) {
            if let (Some(default), Some(v)) = (d.default, d.validator) {
                v.ensure_valid(d.name, &default.to_value())
                    .unwrap_or_else(|e| panic!("{}: {e}", d.name));
            }
        }
    }

    #[test]
    fn names_are_unique() {
        for table in [TOPIC_CONFIGS, BROKER_CONFIGS] {
            let mut names: Vec<_> = table.iter().map(|d| d.name).collect();
            crate::sort::sort(&mut names);
            names.dedup();
            assert_eq!(names.len(), table.len());
        }
    }

    #[test]
    fn every_synonym_is_a_broker_config_of_a_convertible_type() {
        for (topic, synonyms) in TOPIC_CONFIG_SYNONYMS {
            let topic_def =
                topic_config(topic).unwrap_or_else(|| panic!("{topic} is not a topic config"));
            assert!(!synonyms.is_empty());
            for s in *synonyms {
                let broker_def = broker_config(s.name)
                    .unwrap_or_else(|| panic!("{} is not a broker config", s.name));
                if s.converter == Converter::Identity && broker_def.ty != topic_def.ty {
                    // log.retention.minutes/hours are INT standing in for a LONG, always via a converter;
                    // the only identity pairs across types would be a table error.
                    panic!(
                        "{} ({:?}) cannot stand in for {topic} ({:?})",
                        s.name, broker_def.ty, topic_def.ty
                    );
                }
            }
        }
    }

    #[test]
    fn kafka_4_segment_minimum_and_timestamp_default() {
        let seg = topic_config("segment.bytes").unwrap();
        let err = seg
            .validator
            .unwrap()
            .ensure_valid(seg.name, &ConfigValue::Int(1024))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value 1024 for configuration segment.bytes: Value must be at least 1048576"
        );
        assert_eq!(
            topic_config("message.timestamp.after.max.ms")
                .unwrap()
                .default,
            Some(D::Long(3_600_000))
        );
        assert!(
            topic_config(INTERNAL_SEGMENT_BYTES_CONFIG)
                .unwrap()
                .internal
        );
    }

    #[test]
    fn compression_type_error_lists_kafkas_order() {
        let d = topic_config("compression.type").unwrap();
        let err = d
            .validator
            .unwrap()
            .ensure_valid(d.name, &ConfigValue::String("brotli".into()))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value brotli for configuration compression.type: String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer"
        );
    }

    #[test]
    fn converters() {
        assert_eq!(Converter::HoursToMillis.convert(168), 604_800_000);
        assert_eq!(Converter::MinutesToMillis.convert(10), 600_000);
        assert_eq!(Converter::Identity.convert(-1), -1);
    }
}
