//! kplay's playground commands (`help`, `clock`, `advance`, `sleep`, `segments`,
//! `write-file`): the listing, the clock, retention running while time passes.

use kplay::cli::{CommandOutput, Shell};
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::engine::record::{BatchBuilder, Compression, TimestampType};
use kplay::engine::topic_partition::TopicPartition;
use kplay::storage::memory::MemoryStorage;

const NOW_MS: i64 = 1_700_000_000_000;

fn setup() -> (Playground<MemoryStorage>, Shell) {
    (
        Playground::new(
            PlaygroundConfig::new(5, VersionProfile::Kafka4x),
            MemoryStorage::new(),
            NOW_MS,
        ),
        Shell::new(),
    )
}

#[test]
fn help_lists_tools_and_playground_commands() {
    let (mut c, mut shell) = setup();
    let out = shell.run_line(&mut c, "help", NOW_MS);
    assert_eq!(
        out,
        CommandOutput {
            stdout: [
                "Kafka's tools (run one with --help for its options; any --bootstrap-server works):",
                "  kafka-topics.sh",
                "  kafka-configs.sh",
                "  kafka-console-producer.sh",
                "  kafka-console-consumer.sh",
                "  kafka-consumer-groups.sh",
                "  kafka-get-offsets.sh",
                "  kafka-delete-records.sh",
                "  kafka-dump-log.sh",
                "  kafka-leader-election.sh",
                "  kafka-reassign-partitions.sh",
                "kplay playground commands (kplay's own, not part of Kafka):",
                "  help                                                             list Kafka's tools and kplay's playground commands",
                "  clock                                                            show the simulated time (UTC, and epoch milliseconds as Kafka's timestamps are)",
                "  advance <duration>                                               let simulated time pass (500ms, 30s, 5m, 2h, 7d), running retention and the log cleaner, and print what they did",
                "  sleep <duration>                                                 like advance, silently (for scripts)",
                "  segments [topic[-partition]]                                     list the segment files (.log) with base offset, size, record count and largest timestamp",
                "  broker list | <action> <id> | slow <id> <ms>                     list the brokers, or act on one: stop (clean shutdown), crash, start, isolate (network partition), heal; slow delays its follower fetches (0 = healthy)",
                "  producer start <topic> [opts] | stop <job>|all                   a background producer on the simulated clock; opts: --rate N (records/s, default 10), --keys P:N (keys P0..P{N-1}; default null), producer configs k=v",
                "  consumer start <group> <topics> [opts] | stop|freeze|thaw <job>  a background consumer in a group on the simulated clock; opts: --processing-ms N (work per record, default 0), consumer configs k=v; `stop all` stops every one; freeze stops its process (no polls, no heartbeats) until thaw",
                "  jobs                                                             list the background producers and consumers",
                "  write-file <path> [<<MARKER]                                     write the following lines, up to a line EOF (or MARKER), into a playground file",
            ]
            .map(String::from)
            .to_vec(),
            stderr: vec![],
            exit_code: 0,
        }
    );
    assert_eq!(shell.run_line(&mut c, "help me", NOW_MS).exit_code, 2);
}

#[test]
fn clock_and_advance_run_retention() {
    let (mut c, mut shell) = setup();
    assert_eq!(
        shell.run_line(&mut c, "clock", NOW_MS).stdout,
        [
            "2023-11-14T22:13:20.000Z (1700000000000 ms)",
            "next scheduled work (a client's timer, a message arriving, or broker work: retention check, log cleaner, coordinators) at 2023-11-14T22:13:30.000Z (1700000010000 ms)",
        ]
    );
    let out = shell.run_line(
        &mut c,
        "kafka-topics.sh --bootstrap-server b:9092 --create --topic old --partitions 1 --config retention.ms=60000 --config segment.ms=1000",
        NOW_MS,
    );
    assert_eq!(out.exit_code, 0);
    let tp = TopicPartition::new("old", 0);
    for i in 0..2i64 {
        let ts = NOW_MS + i * 2_000;
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, ts);
        b.append(ts, Some(b"k"), Some(b"v"), &[]);
        c.cluster_mut().produce(&tp, &b.build(), ts).unwrap();
    }
    let out = shell.run_line(&mut c, "advance 10m", NOW_MS + 2_000);
    assert_eq!(out.exit_code, 0, "{out:?}");
    let last = out.stdout.last().unwrap();
    assert!(
        last.starts_with(
            "clock advanced 10m: 2023-11-14T22:13:22.000Z -> 2023-11-14T22:23:22.000Z ("
        ),
        "{last}"
    );
    assert!(
        out.stdout.iter().any(
            |l| l.contains("old-0: deleted segment 00000000000000000000.log")
                && l.contains("(retention.ms breached)")
        ),
        "{out:?}"
    );
    assert_eq!(c.now_ms(), NOW_MS + 2_000 + 600_000);
    let now_ms = c.now_ms();
    let offsets = shell.run_line(
        &mut c,
        "kafka-get-offsets.sh --bootstrap-server b:9092 --time earliest",
        now_ms,
    );
    assert_eq!(offsets.stdout, ["old:0:2"]);

    assert_eq!(shell.run_line(&mut c, "advance", NOW_MS).exit_code, 2);
    let bad = shell.run_line(&mut c, "advance 31d", NOW_MS);
    assert_eq!(
        bad.stderr,
        ["advance: at most 2592000000 ms (30 days) at a time"]
    );
    let before = c.now_ms();
    assert_eq!(
        shell.run_line(&mut c, "sleep 1s", before),
        CommandOutput::default()
    );
    assert_eq!(c.now_ms(), before + 1_000);
}

#[test]
fn segments_lists_files() {
    let (mut c, mut shell) = setup();
    shell.run_line(
        &mut c,
        "kafka-topics.sh --bootstrap-server b:9092 --create --topic a-b --partitions 2",
        NOW_MS,
    );
    let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, NOW_MS);
    b.append(NOW_MS, Some(b"k"), Some(b"v"), &[]);
    b.append(NOW_MS + 5, Some(b"k"), Some(b"v"), &[]);
    c.cluster_mut()
        .produce(&TopicPartition::new("a-b", 1), &b.build(), NOW_MS)
        .unwrap();
    let out = shell.run_line(&mut c, "segments a-b-1", NOW_MS);
    assert_eq!(
        out.stdout,
        [
            "FILE                                     BASE-OFFSET  NEXT-OFFSET  RECORDS  SIZE  LARGEST-TIMESTAMP",
            "a-b-1/00000000000000000000.log (active)  0            2            2        79    1700000000005 (2023-11-14T22:13:20.005Z)",
        ]
        .map(String::from)
        .to_vec()
    );
    assert_eq!(
        shell.run_line(&mut c, "segments a-b", NOW_MS).stdout.len(),
        3
    );
    assert_eq!(
        shell.run_line(&mut c, "segments nope", NOW_MS).stderr,
        ["segments: no topic or partition named nope"]
    );
}
