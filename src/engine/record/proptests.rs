//! Properties of the whole codec: any batch Kafka's rules allow survives build → validate →
//! decode with every field intact, under every codec; any flipped byte in the CRC range is
//! caught; a torn concatenation recovers to its last complete batch (`LogSegment.recover`).

use proptest::prelude::*;

use super::{
    batches, BatchBuilder, Compression, Header, RawBatch, RecordBatch, RecordError, TimestampType,
};

#[derive(Debug, Clone)]
struct Rec {
    gap: i64,
    timestamp: i64,
    key: Option<Vec<u8>>,
    value: Option<Vec<u8>>,
    headers: Vec<Header>,
}

#[derive(Debug, Clone)]
struct Spec {
    compression: Compression,
    log_append_time: Option<i64>,
    base_offset: i64,
    producer: Option<(i64, i16, i32, bool)>,
    partition_leader_epoch: i32,
    records: Vec<Rec>,
}

fn bytes(max: usize) -> impl Strategy<Value = Option<Vec<u8>>> {
    prop::option::of(prop::collection::vec(any::<u8>(), 0..max))
}

fn header() -> impl Strategy<Value = Header> {
    ("[a-z가-힣\\-]{0,8}", bytes(16)).prop_map(|(key, value)| Header { key, value })
}

fn record() -> impl Strategy<Value = Rec> {
    (
        1i64..4,
        prop_oneof![Just(-1i64), 0i64..4_000_000_000_000],
        bytes(40),
        bytes(300),
        prop::collection::vec(header(), 0..4),
    )
        .prop_map(|(gap, timestamp, key, value, headers)| Rec {
            gap,
            timestamp,
            key,
            value,
            headers,
        })
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop_oneof![
            Just(Compression::None),
            Just(Compression::Gzip),
            Just(Compression::Snappy),
            Just(Compression::Lz4),
            Just(Compression::Zstd)
        ],
        prop::option::of(0i64..4_000_000_000_000),
        0i64..(1 << 50),
        prop::option::of((
            0i64..i64::MAX,
            0i16..i16::MAX,
            0i32..i32::MAX,
            any::<bool>(),
        )),
        any::<i32>(),
        prop::collection::vec(record(), 1..25),
    )
        .prop_map(
            |(
                compression,
                log_append_time,
                base_offset,
                producer,
                partition_leader_epoch,
                records,
            )| {
                Spec {
                    compression,
                    log_append_time,
                    base_offset,
                    producer,
                    partition_leader_epoch,
                    records,
                }
            },
        )
}

/// Builds the batch and returns it with each record's offset.
fn build(spec: &Spec) -> (Vec<u8>, Vec<i64>) {
    let ts_type = if spec.log_append_time.is_some() {
        TimestampType::LogAppendTime
    } else {
        TimestampType::CreateTime
    };
    let mut b = BatchBuilder::new(
        spec.compression,
        ts_type,
        spec.base_offset,
        spec.log_append_time.unwrap_or(-1),
    )
    .partition_leader_epoch(spec.partition_leader_epoch);
    if let Some((id, epoch, seq, txn)) = spec.producer {
        b = b.producer(id, epoch, seq, txn);
    }
    let mut offsets = Vec::new();
    let mut offset = spec.base_offset - 1;
    for r in &spec.records {
        offset += r.gap;
        offsets.push(offset);
        b.append_with_offset(
            offset,
            r.timestamp,
            r.key.as_deref(),
            r.value.as_deref(),
            &r.headers,
        );
    }
    (b.build(), offsets)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_batch_round_trips(spec in spec()) {
        let (bytes, offsets) = build(&spec);
        let batch = RecordBatch::decode(&bytes).unwrap();
        let h = batch.header;
        prop_assert_eq!(h.size_in_bytes(), bytes.len());
        prop_assert_eq!(h.attributes.compression, spec.compression);
        prop_assert_eq!(h.base_offset, spec.base_offset);
        prop_assert_eq!(h.last_offset(), *offsets.last().unwrap());
        prop_assert_eq!(h.partition_leader_epoch, spec.partition_leader_epoch);
        prop_assert_eq!(h.base_timestamp, spec.records[0].timestamp);
        let max = spec.records.iter().map(|r| r.timestamp).max().unwrap().max(-1);
        prop_assert_eq!(h.max_timestamp, spec.log_append_time.unwrap_or(max));
        let (id, epoch, seq, txn) = spec.producer.unwrap_or((-1, -1, -1, false));
        prop_assert_eq!((h.producer_id, h.producer_epoch, h.base_sequence), (id, epoch, seq));
        prop_assert_eq!(h.attributes.is_transactional, txn);
        prop_assert_eq!(batch.records.len(), spec.records.len());
        for ((r, want), offset) in batch.records.iter().zip(&spec.records).zip(&offsets) {
            prop_assert_eq!(batch.record_offset(r), *offset);
            prop_assert_eq!(batch.record_timestamp(r), spec.log_append_time.unwrap_or(want.timestamp));
            prop_assert_eq!(&r.key, &want.key);
            prop_assert_eq!(&r.value, &want.value);
            prop_assert_eq!(&r.headers, &want.headers);
        }
        // Re-encoding keeps the content; for an uncompressed batch it keeps every byte.
        let again = batch.encode();
        prop_assert_eq!(&RecordBatch::decode(&again).unwrap(), &with_length_and_crc_of(&batch, &again));
        if spec.compression == Compression::None {
            prop_assert_eq!(&again, &bytes);
        }
    }

    #[test]
    fn any_flipped_bit_in_the_crc_range_is_caught(
        spec in spec(),
        at in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let (mut bytes, _) = build(&spec);
        // From the CRC field itself (byte 17) to the end: everything the CRC protects or is.
        let i = 17 + at.index(bytes.len() - 17);
        bytes[i] ^= 1 << bit;
        let first = batches(&bytes).next().unwrap();
        prop_assert!(matches!(first, Err(RecordError::CrcMismatch { .. })), "byte {}: {:?}", i, first);
    }

    /// Damage that keeps a valid CRC (the CRC recomputed after the edit) reaches the record
    /// parser and the codecs: they must refuse it with an error, never panic.
    #[test]
    fn damaged_batches_with_a_fixed_crc_never_panic(
        spec in spec(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        cut in any::<prop::sample::Index>(),
    ) {
        let (mut bytes, _) = build(&spec);
        let body = bytes.len() - super::RECORD_BATCH_OVERHEAD;
        for (at, byte) in edits {
            let i = super::RECORD_BATCH_OVERHEAD + at.index(body);
            bytes[i] = byte;
        }
        let keep = super::RECORD_BATCH_OVERHEAD + cut.index(body + 1);
        bytes.truncate(keep);
        let length = (bytes.len() - 12) as i32;
        bytes[8..12].copy_from_slice(&length.to_be_bytes());
        super::rewrite::update_crc(&mut bytes);
        if let Ok(raw) = RawBatch::new(&bytes) {
            let _ = raw.decode();
        }
    }

    /// Arbitrary bytes given to any codec come back as data or an error, never a panic.
    #[test]
    fn codecs_survive_arbitrary_input(
        input in prop::collection::vec(any::<u8>(), 0..300),
        codec in prop_oneof![
            Just(Compression::Gzip),
            Just(Compression::Snappy),
            Just(Compression::Lz4),
            Just(Compression::Zstd)
        ],
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3),
    ) {
        let _ = codec.decompress(&input, 1 << 20);
        let mut framed = Vec::new();
        codec.compress_into(&input, &mut framed);
        for (at, byte) in edits {
            let i = at.index(framed.len());
            framed[i] = byte;
        }
        let _ = codec.decompress(&framed, 1 << 20);
    }

    #[test]
    fn a_torn_log_recovers_to_its_last_complete_batch(
        specs in prop::collection::vec(spec(), 1..4),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut log = Vec::new();
        let mut ends = vec![0];
        for s in &specs {
            log.extend(build(s).0);
            ends.push(log.len());
        }
        let cut = cut.index(log.len() + 1);
        let mut iter = batches(&log[..cut]);
        let complete = iter.by_ref().take_while(Result::is_ok).count();
        let boundary = *ends.iter().filter(|&&e| e <= cut).max().unwrap();
        prop_assert_eq!(iter.valid_bytes(), boundary);
        prop_assert_eq!(complete, ends.iter().filter(|&&e| e != 0 && e <= cut).count());
        prop_assert_eq!(iter.failed(), cut != boundary);
        for raw in batches(&log[..boundary]) {
            prop_assert!(RawBatch::new(raw.unwrap().bytes()).unwrap().decode().is_ok());
        }
    }
}

/// `batch` with the Length and CRC of `bytes` (recompression changes both).
fn with_length_and_crc_of(batch: &RecordBatch, bytes: &[u8]) -> RecordBatch {
    let h = *RawBatch::new(bytes).unwrap().header();
    RecordBatch {
        header: super::BatchHeader {
            crc: h.crc,
            batch_length: h.batch_length,
            ..batch.header
        },
        records: batch.records.clone(),
    }
}
