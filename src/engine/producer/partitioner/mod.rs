//! Where a record goes, and why: Kafka's partitioners and the explanation kplay shows for each
//! choice.
//!
//! `KafkaProducer.partition` decides in this order: an explicit partition on the record wins;
//! else a configured `partitioner.class` (`DefaultPartitioner` or `UniformStickyPartitioner` of
//! 2.4-3.2, [`sticky`]; `RoundRobinPartitioner`, [`round_robin`]); else a key (unless
//! `partitioner.ignore.keys`) is hashed with [`murmur2`]; else the accumulator's built-in
//! uniform sticky partitioner picks ([`uniform_sticky`]).

pub mod murmur2;
pub mod round_robin;
pub mod sticky;
pub mod uniform_sticky;

pub use murmur2::{murmur2, partition_for_key, to_positive};
pub use round_robin::RoundRobinPartitioner;
pub use sticky::StickyPartitionCache;
pub use uniform_sticky::{BuiltInPartitioner, StickyPick};

/// Why a record went to its partition: what the UI explains next to each delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PartitionChoice {
    /// The record named its partition.
    Explicit { partition: i32 },
    /// `toPositive(murmur2(key)) % numPartitions`.
    Keyed {
        partition: i32,
        murmur2: i32,
        to_positive: i32,
        num_partitions: i32,
    },
    /// The 2.4-3.2 sticky partition (`StickyPartitionCache`), kept until a new batch is
    /// created; `switched` when this record's new batch moved it here.
    StickyUntilNewBatch {
        partition: i32,
        available: i32,
        switched: bool,
    },
    /// The 3.3+ built-in sticky partition (KIP-794): `produced_bytes` were already produced to
    /// it of the `batch_size` after which it switches.
    UniformSticky {
        partition: i32,
        produced_bytes: i32,
        batch_size: i32,
        pick: StickyPick,
    },
    /// `RoundRobinPartitioner`: `toPositive(counter) % available`.
    RoundRobin {
        partition: i32,
        counter: i32,
        available: i32,
    },
}

impl PartitionChoice {
    pub fn partition(&self) -> i32 {
        match *self {
            PartitionChoice::Explicit { partition }
            | PartitionChoice::Keyed { partition, .. }
            | PartitionChoice::StickyUntilNewBatch { partition, .. }
            | PartitionChoice::UniformSticky { partition, .. }
            | PartitionChoice::RoundRobin { partition, .. } => partition,
        }
    }

    /// A one-line English explanation (the UI translates from the fields).
    pub fn explain(&self) -> String {
        match *self {
            PartitionChoice::Explicit { partition } => {
                format!("the record named partition {partition}")
            }
            PartitionChoice::Keyed {
                partition,
                murmur2,
                to_positive,
                num_partitions,
            } => format!(
                "murmur2(key) = {murmur2}, toPositive = {to_positive}, {to_positive} % {num_partitions} = {partition}"
            ),
            PartitionChoice::StickyUntilNewBatch {
                partition,
                available,
                switched,
            } => {
                if switched {
                    format!("no key: a new batch was needed, so the sticky partition moved to {partition} (random among {available} available)")
                } else {
                    format!("no key: sticky partition {partition} until a new batch is created")
                }
            }
            PartitionChoice::UniformSticky {
                partition,
                produced_bytes,
                batch_size,
                pick,
            } => {
                let how = match pick {
                    StickyPick::Uniform { available } => {
                        format!("chosen uniformly among {available} available")
                    }
                    StickyPick::Adaptive { weight, total } => {
                        format!("chosen by load, weight {weight}/{total}")
                    }
                };
                format!("no key: sticky partition {partition} ({how}); {produced_bytes} of {batch_size} bytes produced before switching")
            }
            PartitionChoice::RoundRobin {
                partition,
                counter,
                available,
            } => format!("round robin: counter {counter} % {available} available = partition {partition}"),
        }
    }
}
