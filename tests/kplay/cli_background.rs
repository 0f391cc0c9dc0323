//! kplay's background clients (`producer start`, `consumer start`, `jobs`): a group with live
//! members built from the terminal, running on the simulated clock while `advance` passes.

use kplay::cli::{CommandOutput, Shell};
use kplay::engine::group::coordinator::ClassicGroupState;
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::storage::memory::MemoryStorage;

const NOW_MS: i64 = 1_700_000_000_000;

fn run(pg: &mut Playground<MemoryStorage>, shell: &mut Shell, line: &str) -> CommandOutput {
    let now = pg.now_ms();
    let out = shell.run_line(pg, line, now);
    assert_eq!(out.exit_code, 0, "{line}: {out:?}");
    out
}

fn setup() -> (Playground<MemoryStorage>, Shell) {
    let mut pg = Playground::new(
        PlaygroundConfig::new(8, VersionProfile::Kafka4x),
        MemoryStorage::new(),
        NOW_MS,
    );
    let mut shell = Shell::new().run_tools_to_end();
    run(
        &mut pg,
        &mut shell,
        "kafka-topics.sh --bootstrap-server b:9092 --create --topic orders --partitions 4",
    );
    (pg, shell)
}

fn total_records(pg: &Playground<MemoryStorage>) -> i64 {
    (0..4)
        .map(|p| {
            pg.cluster()
                .log(&kplay::engine::topic_partition::TopicPartition::new(
                    "orders", p,
                ))
                .unwrap()
                .hw()
        })
        .sum()
}

#[test]
fn two_background_consumers_share_a_topic_a_producer_fills() {
    let (mut pg, mut shell) = setup();
    let started = run(
        &mut pg,
        &mut shell,
        "producer start orders --rate 20 --keys user-:8",
    );
    assert_eq!(
        started.stdout,
        ["background producer 1 (producer-1) sends 20 records/s to orders with keys user-0..user-7; `producer stop 1` stops it"]
    );
    run(&mut pg, &mut shell, "consumer start billing orders");
    run(&mut pg, &mut shell, "consumer start billing orders");
    run(&mut pg, &mut shell, "advance 10s");
    // 20 records a second for 10 s.
    let produced = total_records(&pg);
    assert!((195..=201).contains(&produced), "{produced}");
    assert_eq!(
        members(&pg),
        (ClassicGroupState::Stable, vec![2, 2]),
        "range splits 4 partitions 2 and 2"
    );
    let jobs = run(&mut pg, &mut shell, "jobs");
    assert_eq!(jobs.stdout.len(), 3, "{jobs:?}");
    assert!(jobs.stdout[0].starts_with("producer 1  producer-1  topic orders  every 50 ms"));
    assert!(jobs.stdout[1].contains("group billing"), "{jobs:?}");

    // The consumers keep up: after a stop and a moment, their auto-commits leave little lag.
    run(&mut pg, &mut shell, "producer stop 1");
    run(&mut pg, &mut shell, "advance 10s");
    let group = pg.cluster().describe_group("billing").unwrap();
    assert!(
        group.partitions.iter().all(|p| p.lag == Some(0)),
        "{:?}",
        group.partitions
    );
    let stopped = run(&mut pg, &mut shell, "consumer stop all");
    assert_eq!(stopped.stdout.len(), 2);
    run(&mut pg, &mut shell, "advance 1s");
    let group = pg.cluster().describe_group("billing").unwrap();
    assert_eq!(
        group.group.state,
        ClassicGroupState::Empty,
        "both left the group"
    );
}

#[test]
fn usage_and_refusals() {
    let (mut pg, mut shell) = setup();
    let now = pg.now_ms();
    let bad_rate = shell.run_line(&mut pg, "producer start orders --rate 0", now);
    assert_eq!(bad_rate.exit_code, 2);
    let bad_config = shell.run_line(&mut pg, "producer start orders acks=2", now);
    assert_eq!(bad_config.exit_code, 1);
    assert!(bad_config.stderr[0].contains("acks"), "{bad_config:?}");
    let unknown = shell.run_line(&mut pg, "consumer stop 9", now);
    assert_eq!(
        unknown.stderr,
        ["consumer: no background consumer 9 (`jobs` lists them)"]
    );
    let empty = run(&mut pg, &mut shell, "jobs");
    assert!(empty.stdout[0].starts_with("no background clients (at most 32)"));
}

/// Each member's partition count, sorted, and the group's state.
fn members(pg: &Playground<MemoryStorage>) -> (ClassicGroupState, Vec<usize>) {
    let group = pg
        .cluster()
        .describe_group("billing")
        .expect("the group exists");
    let mut owned: Vec<usize> = group
        .group
        .members
        .iter()
        .map(|m| m.assignment.len())
        .collect();
    owned.sort();
    (group.group.state, owned)
}

#[test]
fn a_frozen_consumer_is_dropped_after_the_session_timeout_and_rejoins_when_thawed() {
    let (mut pg, mut shell) = setup();
    run(&mut pg, &mut shell, "producer start orders --rate 20");
    run(&mut pg, &mut shell, "consumer start billing orders");
    run(&mut pg, &mut shell, "consumer start billing orders");
    run(&mut pg, &mut shell, "advance 10s");
    assert_eq!(members(&pg), (ClassicGroupState::Stable, vec![2, 2]));

    let frozen = run(&mut pg, &mut shell, "consumer freeze 3");
    assert_eq!(
        frozen.stdout,
        ["background consumer 3 frozen: no polls and no heartbeats until `consumer thaw 3`"]
    );
    assert!(run(&mut pg, &mut shell, "jobs").stdout[2].contains("FROZEN"));
    let last_event = |pg: &Playground<MemoryStorage>| {
        format!("{:?}", pg.events().iter().last().expect("events").event)
    };
    assert!(last_event(&pg).contains("Frozen"), "{}", last_event(&pg));
    let consumed = |shell: &Shell| shell.jobs().consumers()[1].consumed;
    let before = consumed(&shell);
    // Well inside `session.timeout.ms` (45 s): the coordinator still counts it.
    run(&mut pg, &mut shell, "advance 20s");
    assert_eq!(consumed(&shell), before, "a frozen consumer polls nothing");
    assert_eq!(members(&pg), (ClassicGroupState::Stable, vec![2, 2]));
    // Past it: the coordinator expires it and the survivor gets all four partitions.
    run(&mut pg, &mut shell, "advance 40s");
    assert_eq!(members(&pg), (ClassicGroupState::Stable, vec![4]));

    let thawed = run(&mut pg, &mut shell, "consumer thaw 3");
    assert_eq!(thawed.stdout, ["background consumer 3 runs again"]);
    assert!(
        pg.events()
            .iter()
            .any(|e| format!("{:?}", e.event).contains("Thawed")),
        "the thaw is an event"
    );
    // Its heartbeat learns it was removed (UNKNOWN_MEMBER_ID); it rejoins as a new member.
    run(&mut pg, &mut shell, "advance 20s");
    assert_eq!(members(&pg), (ClassicGroupState::Stable, vec![2, 2]));
    assert!(consumed(&shell) > before, "it consumes again");

    // Naming a job that is not a background consumer is refused.
    let now = pg.now_ms();
    let refused = shell.run_line(&mut pg, "consumer freeze 1", now);
    assert_eq!(refused.exit_code, 1);
    assert_eq!(
        refused.stderr,
        ["consumer: no background consumer 1 (`jobs` lists them)"]
    );
}
