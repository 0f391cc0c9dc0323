//! kplay's `broker` playground command: what a crash, a clean stop, a network partition and a
//! slow follower do to the cluster, as `broker list` and `kafka-topics --describe` show it.

use kplay::cli::{CommandOutput, Shell};
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::engine::topic_partition::TopicPartition;
use kplay::storage::memory::MemoryStorage;

const NOW_MS: i64 = 1_700_000_000_000;

/// Three brokers and `t`: one partition on all three.
fn setup() -> (Playground<MemoryStorage>, Shell) {
    let mut c = Playground::new(
        PlaygroundConfig::new(3, VersionProfile::Kafka4x),
        MemoryStorage::new(),
        NOW_MS,
    );
    let mut shell = Shell::new();
    let out = shell.run_line(
        &mut c,
        "kafka-topics.sh --bootstrap-server b:9092 --create --topic t --partitions 1 --replication-factor 3",
        NOW_MS,
    );
    assert_eq!(out.exit_code, 0, "{out:?}");
    (c, shell)
}

fn run(c: &mut Playground<MemoryStorage>, shell: &mut Shell, line: &str) -> CommandOutput {
    let now = c.now_ms();
    shell.run_line(c, line, now)
}

fn replicas(c: &Playground<MemoryStorage>) -> Vec<i32> {
    c.cluster().registry().describe_topic("t").unwrap().replicas[0].clone()
}

fn one_line(out: &CommandOutput) -> &str {
    assert_eq!(out.exit_code, 0, "{out:?}");
    assert_eq!(out.stdout.len(), 1, "{out:?}");
    &out.stdout[0]
}

#[test]
fn a_crashed_leader_is_replaced_once_the_controller_fences_it() {
    let (mut c, mut shell) = setup();
    let tp = TopicPartition::new("t", 0);
    let leader = replicas(&c)[0];
    assert_eq!(c.cluster().partition_leader(&tp), Some(leader));
    let out = run(&mut c, &mut shell, &format!("broker crash {leader}"));
    assert_eq!(
        one_line(&out),
        format!("broker {leader} crashed; the controller fences it in 9000 ms (broker.session.timeout.ms = 9000 ms since its last heartbeat) unless it returns, then moves its leaderships to other in-sync replicas")
    );
    // Until the lease expires the controller still believes in it.
    assert_eq!(c.cluster().partition_leader(&tp), Some(leader));
    let list = run(&mut c, &mut shell, "broker list");
    assert_eq!(
        list.stdout[0],
        "BROKER  STATUS   ISOLATED  FENCED  SLOW-MS  LEADERS  REPLICAS"
    );
    assert!(list.stdout.contains(&format!(
        "{leader}       crashed  no        no      0        1        1"
    )));
    assert_eq!(
        list.stdout.last().unwrap(),
        &format!("broker {leader}: the controller fences it in 9000 ms unless it heartbeats again")
    );
    let advanced = run(&mut c, &mut shell, "advance 10s");
    assert!(
        advanced
            .stdout
            .iter()
            .any(|l| l.contains(&format!("controller fenced broker {leader}"))),
        "{advanced:?}"
    );
    let new_leader = replicas(&c)[1];
    assert_eq!(c.cluster().partition_leader(&tp), Some(new_leader));
    let described = run(
        &mut c,
        &mut shell,
        "kafka-topics.sh --bootstrap-server b:9092 --describe --topic t",
    );
    let r = replicas(&c);
    assert_eq!(
        described.stdout[1],
        format!(
            "\tTopic: t\tPartition: 0\tLeader: {new_leader}\tReplicas: {},{},{}\tIsr: {},{}\tElr: \tLastKnownElr: ",
            r[0], r[1], r[2], r[1], r[2]
        )
    );
    let list = run(&mut c, &mut shell, "broker list");
    assert!(list.stdout.contains(&format!(
        "{leader}       crashed  no        yes     0        0        1"
    )));
    // Starting it again: it registers and is unfenced.
    let out = run(&mut c, &mut shell, &format!("broker start {leader}"));
    assert!(one_line(&out).starts_with(&format!(
        "broker {leader} started: it registers with the controller and is unfenced;"
    )));
    assert!(c.cluster().is_serving(leader));
}

#[test]
fn a_clean_stop_moves_leadership_at_once() {
    let (mut c, mut shell) = setup();
    let tp = TopicPartition::new("t", 0);
    let r = replicas(&c);
    let out = run(&mut c, &mut shell, &format!("broker stop {}", r[0]));
    assert_eq!(
        one_line(&out),
        format!("broker {} stopped cleanly (controlled shutdown): the controller moved its leaderships to other in-sync replicas and took it out of every ISR first", r[0])
    );
    assert_eq!(c.cluster().partition_leader(&tp), Some(r[1]));
    assert_eq!(c.cluster().partition_isr(&tp), vec![r[1], r[2]]);
    let again = run(&mut c, &mut shell, &format!("broker stop {}", r[0]));
    assert_eq!(
        again,
        CommandOutput {
            stdout: vec![],
            stderr: vec![format!("broker: Broker {} is already down.", r[0])],
            exit_code: 1,
        }
    );
}

#[test]
fn isolation_heal_and_slowness_are_explained() {
    let (mut c, mut shell) = setup();
    let out = run(&mut c, &mut shell, "broker isolate 1");
    assert_eq!(
        one_line(&out),
        "broker 1 is cut off from every other node; the controller fences it in 9000 ms (broker.session.timeout.ms = 9000 ms since its last heartbeat) unless it is healed, then moves its leaderships to other in-sync replicas"
    );
    assert!(!c.cluster().is_serving(1));
    let out = run(&mut c, &mut shell, "broker heal 1");
    assert_eq!(
        one_line(&out),
        "broker 1 is reachable again: it heartbeats to the controller (unfenced if it was fenced) and its replicas catch up and rejoin the ISR"
    );
    assert!(c.cluster().is_serving(1));
    let out = run(&mut c, &mut shell, "broker slow 2 45000");
    assert_eq!(
        one_line(&out),
        "broker 2's follower fetches now take 45000 ms longer each; a replica that does not catch up within replica.lag.time.max.ms (30000 ms) leaves the ISR"
    );
    let list = run(&mut c, &mut shell, "broker list");
    assert!(
        list.stdout[3].starts_with("2       running  no        no      45000"),
        "{list:?}"
    );
    let out = run(&mut c, &mut shell, "broker slow 2 0");
    assert_eq!(
        one_line(&out),
        "broker 2 is healthy again: its follower fetches are no longer delayed"
    );
}

#[test]
fn refusals_say_what_is_wrong() {
    let (mut c, mut shell) = setup();
    let failure = |line: &str| CommandOutput::failure(line);
    assert_eq!(
        run(&mut c, &mut shell, "broker start 7"),
        failure("broker: There is no broker 7 in this cluster.")
    );
    assert_eq!(
        run(&mut c, &mut shell, "broker start 0"),
        failure("broker: Broker 0 is already running.")
    );
    assert_eq!(
        run(&mut c, &mut shell, "broker heal 0"),
        failure("broker: Broker 0 is already connected.")
    );
    let usage = "usage: broker list | <action> <id> | slow <id> <ms>";
    for (line, problem) in [
        ("broker", "broker: needs an action"),
        ("broker reboot 1", "broker: unknown action reboot"),
        ("broker crash", "broker: crash needs one broker id"),
        (
            "broker crash one",
            "broker: a broker id is a number, not one",
        ),
        (
            "broker slow 1 -5",
            "broker: the delay must be a number of milliseconds, 0 or more, not -5",
        ),
        ("broker list all", "broker: list takes no arguments"),
    ] {
        assert_eq!(
            run(&mut c, &mut shell, line),
            CommandOutput {
                stdout: vec![],
                stderr: vec![problem.to_string(), usage.to_string()],
                exit_code: 2,
            },
            "{line}"
        );
    }
}
