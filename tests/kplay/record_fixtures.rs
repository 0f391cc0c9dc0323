//! The record-batch codec against vectors computed by Kafka's own Java classes
//! (`../shared/fixtures/record_batches.json`, `sample.log`).
//!
//! * every valid batch decodes to exactly the fixture's fields and records (also Java's own
//!   encodings of the compressed batches, `java_build_hex`);
//! * every uncompressed batch is rebuilt byte for byte by `BatchBuilder` / `control_batch`;
//! * compressed batches round-trip by content through every codec;
//! * each corrupted variant is refused exactly when Kafka refuses it, with Kafka's message;
//! * `sample.log` walks into exactly the fixture batches.

use kplay::engine::error_code::ErrorCode;
use kplay::engine::record::{
    batches, control_batch, set_base_offset, set_log_append_time, set_partition_leader_epoch,
    BatchBuilder, Compression, ControlRecordType, EndTransactionMarker, Header, RawBatch,
    RecordBatch, RecordError, TimestampType,
};
use serde_json::Value;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/record_batches.json"
);
const SAMPLE_LOG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/sample.log");

fn fixtures() -> Value {
    let text = std::fs::read_to_string(FIXTURES).expect("record_batches.json");
    serde_json::from_str(&text).expect("valid JSON")
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn opt_hex(v: &Value) -> Option<Vec<u8>> {
    v.as_str().map(unhex)
}

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not an integer: {v}"))
}

fn compression(name: &str) -> Compression {
    Compression::from_name(name).unwrap_or_else(|| panic!("codec {name}"))
}

fn timestamp_type(name: &str) -> TimestampType {
    match name {
        "CREATE_TIME" => TimestampType::CreateTime,
        "LOG_APPEND_TIME" => TimestampType::LogAppendTime,
        other => panic!("timestamp type {other}"),
    }
}

fn headers_of(v: &Value) -> Vec<Header> {
    v.as_array()
        .expect("headers")
        .iter()
        .map(|pair| Header {
            key: pair[0].as_str().expect("header key").to_string(),
            value: opt_hex(&pair[1]),
        })
        .collect()
}

/// Compares a decoded batch with the fixture's `decoded` object. `exact_bytes` is false for
/// Java's re-encoding of a compressed batch, whose Length and CRC differ from the vector's.
fn assert_matches_fixture(name: &str, batch: &RecordBatch, d: &Value, exact_bytes: bool) {
    let h = &batch.header;
    let a = &h.attributes;
    if exact_bytes {
        assert_eq!(
            i64::from(h.batch_length),
            int(&d["batch_length"]),
            "{name}: batch_length"
        );
        assert_eq!(
            h.size_in_bytes() as i64,
            int(&d["size_in_bytes"]),
            "{name}: size_in_bytes"
        );
        assert_eq!(i64::from(h.crc), int(&d["crc"]), "{name}: crc");
    }
    assert_eq!(h.base_offset, int(&d["base_offset"]), "{name}: base_offset");
    assert_eq!(
        i64::from(h.partition_leader_epoch),
        int(&d["partition_leader_epoch"]),
        "{name}"
    );
    assert_eq!(i64::from(h.magic), int(&d["magic"]), "{name}: magic");
    assert_eq!(
        i64::from(a.to_bits()),
        int(&d["attributes"]),
        "{name}: attributes"
    );
    assert_eq!(
        a.compression,
        compression(d["compression"].as_str().unwrap()),
        "{name}"
    );
    assert_eq!(
        a.timestamp_type,
        timestamp_type(d["timestamp_type"].as_str().unwrap()),
        "{name}"
    );
    assert_eq!(
        a.is_transactional,
        d["is_transactional"].as_bool().unwrap(),
        "{name}"
    );
    assert_eq!(
        a.is_control,
        d["is_control_batch"].as_bool().unwrap(),
        "{name}"
    );
    assert_eq!(
        i64::from(h.last_offset_delta),
        int(&d["last_offset_delta"]),
        "{name}"
    );
    assert_eq!(
        h.last_offset(),
        int(&d["last_offset"]),
        "{name}: last_offset"
    );
    assert_eq!(
        h.base_timestamp,
        int(&d["first_timestamp"]),
        "{name}: first_timestamp"
    );
    assert_eq!(
        h.max_timestamp,
        int(&d["max_timestamp"]),
        "{name}: max_timestamp"
    );
    assert_eq!(h.producer_id, int(&d["producer_id"]), "{name}: producer_id");
    assert_eq!(
        i64::from(h.producer_epoch),
        int(&d["producer_epoch"]),
        "{name}"
    );
    assert_eq!(
        i64::from(h.base_sequence),
        int(&d["base_sequence"]),
        "{name}: base_sequence"
    );
    assert_eq!(
        i64::from(h.last_sequence()),
        int(&d["last_sequence"]),
        "{name}: last_sequence"
    );
    assert_eq!(
        i64::from(h.records_count),
        int(&d["records_count"]),
        "{name}: records_count"
    );

    let expected = d["records"].as_array().expect("records");
    assert_eq!(batch.records.len(), expected.len(), "{name}: record count");
    for (i, (r, e)) in batch.records.iter().zip(expected).enumerate() {
        assert_eq!(
            batch.record_offset(r),
            int(&e["offset"]),
            "{name}[{i}]: offset"
        );
        assert_eq!(
            batch.record_timestamp(r),
            int(&e["timestamp"]),
            "{name}[{i}]: timestamp"
        );
        assert_eq!(r.key, opt_hex(&e["key_hex"]), "{name}[{i}]: key");
        assert_eq!(r.value, opt_hex(&e["value_hex"]), "{name}[{i}]: value");
        assert_eq!(r.headers, headers_of(&e["headers"]), "{name}[{i}]: headers");
        if let Some(text) = e["key_utf8"].as_str() {
            assert_eq!(
                std::str::from_utf8(r.key.as_deref().unwrap()).unwrap(),
                text,
                "{name}[{i}]"
            );
        }
        if let Some(kind) = e.get("control_type").and_then(Value::as_str) {
            let marker = EndTransactionMarker::deserialize(r.key.as_deref(), r.value.as_deref())
                .unwrap_or_else(|err| panic!("{name}: marker: {err}"));
            assert_eq!(marker.control_type.name(), kind, "{name}: control type");
            assert_eq!(
                i64::from(marker.coordinator_epoch),
                int(&e["coordinator_epoch"]),
                "{name}"
            );
        }
    }
}

#[test]
fn record_fixtures_decode_to_every_field() {
    let f = fixtures();
    let all = f["batches"].as_array().unwrap();
    assert_eq!(all.len(), 18);
    for b in all {
        let name = b["name"].as_str().unwrap();
        let bytes = unhex(b["hex"].as_str().unwrap());
        let batch = RecordBatch::decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_matches_fixture(name, &batch, &b["decoded"], true);

        // The zero-copy reader sees the same records.
        let raw = RawBatch::new(&bytes).unwrap();
        let records = raw.records().unwrap();
        let borrowed: Vec<_> = records.iter().map(|r| r.unwrap().to_record()).collect();
        assert_eq!(borrowed, batch.records, "{name}: zero-copy iteration");

        if let Some(java) = b.get("java_build_hex").and_then(Value::as_str) {
            let java_batch =
                RecordBatch::decode(&unhex(java)).unwrap_or_else(|e| panic!("{name} (java): {e}"));
            assert_matches_fixture(name, &java_batch, &b["decoded"], false);
        }
    }
}

/// Rebuilds a fixture batch from its spec with kplay's writers.
fn build_from_spec(spec: &Value) -> Vec<u8> {
    if let Some(control) = spec["control"].as_object() {
        let kind = match control["type"].as_str().unwrap() {
            "COMMIT" => ControlRecordType::Commit,
            "ABORT" => ControlRecordType::Abort,
            other => panic!("control type {other}"),
        };
        return control_batch(
            kind,
            int(&spec["producer_id"]),
            int(&spec["producer_epoch"]) as i16,
            int(&control["coordinator_epoch"]) as i32,
            int(&spec["base_offset"]),
            int(&control["timestamp"]),
            int(&spec["partition_leader_epoch"]) as i32,
        );
    }
    let base_offset = int(&spec["base_offset"]);
    let ts_type = timestamp_type(spec["timestamp_type"].as_str().unwrap());
    let log_append_time = spec["log_append_time"].as_i64().unwrap_or(-1);
    let mut builder = BatchBuilder::new(
        compression(spec["compression"].as_str().unwrap()),
        ts_type,
        base_offset,
        log_append_time,
    )
    .producer(
        int(&spec["producer_id"]),
        int(&spec["producer_epoch"]) as i16,
        int(&spec["base_sequence"]) as i32,
        spec["is_transactional"].as_bool().unwrap(),
    )
    .partition_leader_epoch(int(&spec["partition_leader_epoch"]) as i32);
    for r in spec["records"].as_array().unwrap() {
        let key = opt_hex(&r["key_hex"]);
        let value = opt_hex(&r["value_hex"]);
        builder.append_with_offset(
            base_offset + int(&r["offset_delta"]),
            int(&r["timestamp"]),
            key.as_deref(),
            value.as_deref(),
            &headers_of(&r["headers"]),
        );
    }
    builder.build()
}

#[test]
fn uncompressed_fixtures_rebuild_byte_for_byte() {
    let f = fixtures();
    let mut rebuilt = 0;
    for b in f["batches"].as_array().unwrap() {
        let name = b["name"].as_str().unwrap();
        if b["spec"]["compression"] != "none" {
            continue;
        }
        let expected = b["hex"].as_str().unwrap();
        let built = build_from_spec(&b["spec"]);
        assert_eq!(hex(&built), expected, "{name}: BatchBuilder bytes");
        // Decoding and encoding again is the identity too.
        assert_eq!(
            hex(&RecordBatch::decode(&built).unwrap().encode()),
            expected,
            "{name}: encode"
        );
        rebuilt += 1;
    }
    assert_eq!(rebuilt, 14);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn log_append_time_is_stamped_like_the_broker_does() {
    let f = fixtures();
    let b = f["batches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == "log-append-time")
        .unwrap();
    let expected = b["hex"].as_str().unwrap();
    // The producer sends CreateTime; the broker stamps LogAppendTime in place.
    let mut spec = b["spec"].clone();
    spec["timestamp_type"] = Value::from("CREATE_TIME");
    let mut bytes = build_from_spec(&spec);
    set_log_append_time(&mut bytes, 1700000999999);
    assert_eq!(hex(&bytes), expected);
    // Stamping the same time again changes nothing.
    set_log_append_time(&mut bytes, 1700000999999);
    assert_eq!(hex(&bytes), expected);
}

#[test]
fn compressed_fixtures_round_trip_by_content() {
    let f = fixtures();
    let mut seen = 0;
    for b in f["batches"].as_array().unwrap() {
        let name = b["name"].as_str().unwrap();
        let spec = &b["spec"];
        if spec["compression"] == "none" {
            continue;
        }
        let built = build_from_spec(spec);
        let batch = RecordBatch::decode(&built).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_matches_fixture(name, &batch, &b["decoded"], false);
        // Every codec can carry these records.
        for codec in [
            Compression::None,
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ] {
            let mut spec = spec.clone();
            spec["compression"] = Value::from(codec.name());
            let again = RecordBatch::decode(&build_from_spec(&spec)).unwrap();
            assert_eq!(again.records, batch.records, "{name} via {}", codec.name());
        }
        if name == "compressed-snappy" {
            // snappy's compressor is deterministic across implementations: same bytes as Java.
            assert_eq!(hex(&built), b["hex"].as_str().unwrap(), "snappy bytes");
        }
        seen += 1;
    }
    assert_eq!(seen, 4);
}

/// Where Java's iterator would say the valid data ends: the leading batches it yielded and
/// found valid.
fn java_valid_prefix(c: &Value) -> usize {
    let mut prefix = 0;
    for jb in c["java_batches"].as_array().unwrap() {
        if jb.get("valid").and_then(Value::as_bool) != Some(true) {
            break;
        }
        prefix += int(&jb["size_in_bytes"]) as usize;
    }
    prefix
}

/// The message of Java's exception, without its class name.
fn java_message(text: &str) -> &str {
    text.split_once(": ").map_or(text, |(_, m)| m)
}

#[test]
fn corrupted_variants_are_refused_exactly_when_kafka_refuses_them() {
    let f = fixtures();
    let cases = f["corrupted"].as_array().unwrap();
    assert_eq!(cases.len(), 9);
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let bytes = unhex(c["hex"].as_str().unwrap());
        let mut iter = batches(&bytes);
        let mut errors = Vec::new();
        let mut seen = 0;
        for batch in iter.by_ref() {
            match batch {
                Ok(raw) => {
                    seen += 1;
                    if let Err(e) = raw.decode() {
                        errors.push(e);
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        let valid = errors.is_empty();
        assert_eq!(
            valid,
            c["java_verdict_valid"].as_bool().unwrap(),
            "{name}: verdict ({errors:?})"
        );
        assert_eq!(valid, c["expect_valid"].as_bool().unwrap(), "{name}");
        assert_eq!(
            iter.valid_bytes(),
            java_valid_prefix(c),
            "{name}: valid prefix"
        );

        // Kafka's own words, wherever Java threw a Kafka exception.
        for jb in c["java_batches"].as_array().unwrap() {
            let thrown = jb
                .get("ensure_valid_error")
                .or_else(|| jb.get("iteration_error"));
            if let Some(text) = thrown.and_then(Value::as_str) {
                if text.starts_with("ClassCastException") {
                    continue; // Java read magic 1 as a legacy batch; kplay only reads v2.
                }
                let ours: Vec<String> = errors.iter().map(ToString::to_string).collect();
                assert!(
                    ours.iter().any(|m| m == java_message(text)),
                    "{name}: Java said {text:?}, we said {ours:?}"
                );
            }
        }
        match name {
            "changed-base-offset" | "changed-leader-epoch" => assert_eq!(seen, 1),
            "flip-value-byte" | "changed-attributes" => {
                assert!(matches!(
                    errors[..],
                    [RecordError::CrcMismatch {
                        expected: 443998212,
                        ..
                    }]
                ));
                assert_eq!(errors[0].error_code(), ErrorCode::CorruptMessage);
            }
            "truncated" => assert_eq!(
                errors,
                [RecordError::TruncatedBatch {
                    position: 0,
                    needed: 118,
                    available: 113
                }]
            ),
            "bad-magic" => assert_eq!(errors, [RecordError::UnsupportedMagic(1)]),
            "record-count-mismatch" => {
                assert_eq!(errors, [RecordError::PrematureEof]);
                assert_eq!(errors[0].error_code(), ErrorCode::InvalidRecord);
            }
            "length-too-small" => assert_eq!(errors, [RecordError::LengthTooSmall { size: 10 }]),
            "trailing-garbage" => {
                assert_eq!(seen, 1);
                assert_eq!(
                    errors,
                    [RecordError::TruncatedBatch {
                        position: 118,
                        needed: 12,
                        available: 7
                    }]
                );
                assert_eq!(
                    bytes.len() - iter.valid_bytes(),
                    int(&c["java_unconsumed_bytes"]) as usize
                );
            }
            other => panic!("unexpected corrupted case {other}"),
        }
    }
}

#[test]
fn broker_rewrites_outside_the_crc_match_the_fixtures() {
    let f = fixtures();
    let case = |n: &str| {
        let c = f["corrupted"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == n)
            .unwrap();
        c["hex"].as_str().unwrap().to_string()
    };
    let simple = f["batches"][0]["hex"].as_str().unwrap();
    let mut bytes = unhex(simple);
    set_base_offset(&mut bytes, 999);
    assert_eq!(hex(&bytes), case("changed-base-offset"));
    let mut bytes = unhex(simple);
    set_partition_leader_epoch(&mut bytes, 42);
    assert_eq!(hex(&bytes), case("changed-leader-epoch"));
}

#[test]
fn sample_log_walks_into_the_fixture_batches() {
    let log = std::fs::read(SAMPLE_LOG).expect("sample.log");
    let f = fixtures();
    let expected: Vec<&str> = f["batches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["hex"].as_str().unwrap())
        .collect();
    let mut iter = batches(&log);
    let walked: Vec<String> = iter
        .by_ref()
        .map(|b| hex(b.expect("valid batch").bytes()))
        .collect();
    assert_eq!(walked, expected);
    assert_eq!(iter.valid_bytes(), log.len());
    assert!(!iter.failed());

    // A crash that tore the last batch: recovery keeps exactly the complete batches.
    let cut = log.len() - 10;
    let mut iter = batches(&log[..cut]);
    let complete = iter.by_ref().take_while(Result::is_ok).count();
    assert_eq!(complete, expected.len() - 1);
    assert_eq!(
        iter.valid_bytes(),
        log.len() - expected.last().unwrap().len() / 2
    );
}

#[test]
fn korean_text_round_trips() {
    let key = "주문-1".as_bytes();
    let value = "결제 완료".as_bytes();
    let headers = [
        Header::new("언어", Some("한국어".as_bytes())),
        Header::new("빈값", None),
    ];
    for codec in [
        Compression::None,
        Compression::Gzip,
        Compression::Snappy,
        Compression::Lz4,
        Compression::Zstd,
    ] {
        let mut b = BatchBuilder::new(codec, TimestampType::CreateTime, 9, 0);
        b.append(1700000000022, Some(key), Some(value), &headers);
        let batch = RecordBatch::decode(&b.build()).unwrap();
        let r = &batch.records[0];
        assert_eq!(
            std::str::from_utf8(r.key.as_deref().unwrap()).unwrap(),
            "주문-1"
        );
        assert_eq!(
            std::str::from_utf8(r.value.as_deref().unwrap()).unwrap(),
            "결제 완료"
        );
        assert_eq!(r.headers, headers);
    }
}

/// The inspector's field layout of every fixture batch covers its bytes exactly once and
/// reads the same header values the codec decodes.
#[test]
fn layout_of_every_fixture_batch_covers_its_bytes() {
    use kplay::engine::record::layout::{batch_layout, FieldScope};
    let log = std::fs::read(SAMPLE_LOG).expect("sample.log");
    for batch in batches(&log) {
        let bytes = batch.expect("valid batch").bytes();
        let fields = batch_layout(bytes).expect("a valid batch has a layout");
        let mut next = 0;
        for f in &fields {
            assert_eq!(f.bytes.start, next, "gap or overlap before {f:?}");
            next = f.bytes.end;
        }
        assert_eq!(next, bytes.len());
        let decoded = RecordBatch::decode(bytes).unwrap();
        let value = |name: &str| {
            fields
                .iter()
                .find(|f| f.name == name && f.scope == FieldScope::Batch)
                .map(|f| f.value.clone())
                .unwrap()
        };
        assert_eq!(value("BaseOffset"), decoded.header.base_offset.to_string());
        assert_eq!(value("ProducerId"), decoded.header.producer_id.to_string());
        assert_eq!(
            value("RecordsCount"),
            decoded.header.records_count.to_string()
        );
    }
}
