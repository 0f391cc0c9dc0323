//! A playground survives a reload: replaying its journal (seed, profile, inputs at their
//! simulated moments) rebuilds the live playground exactly, whatever the host's clock ticks.

use kplay::cli::{CommandOutput, Shell};
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::scenario::apply::{next_moment, CONSOLE_CONSUMER_POLL_MS};
use kplay::scenario::journal::{MAX_JOURNAL_ENTRIES, SCENARIO_FORMAT_VERSION};
use kplay::scenario::{
    apply, pass_time, replay, Applied, Input, Journal, Recorded, ReplayError, Scenario,
};
use kplay::storage::memory::MemoryStorage;

const T0: i64 = 1_700_000_000_000;
const BOOTSTRAP: &str = "--bootstrap-server localhost:9092";

/// A live session as the UI's reducer runs it: every input journaled then applied, the clock
/// moved by ticks.
struct Live {
    pg: Playground<MemoryStorage>,
    shell: Shell,
    journal: Journal,
    /// Everything the terminal printed, in order.
    printed: Vec<String>,
}

impl Live {
    fn new(seed: u64) -> Live {
        Live {
            pg: Playground::new(
                PlaygroundConfig::new(seed, VersionProfile::Kafka4x),
                MemoryStorage::new(),
                T0,
            ),
            shell: Shell::new(),
            journal: Journal::new(seed, VersionProfile::Kafka4x, T0),
            printed: Vec::new(),
        }
    }

    fn input(&mut self, input: Input) -> Applied {
        assert_eq!(
            self.journal.record(self.pg.now_ms(), &input),
            Recorded::Kept
        );
        let applied = apply(&mut self.pg, &mut self.shell, &input);
        if let Applied::Terminal(out) = &applied {
            self.print(out.clone());
        }
        applied
    }

    fn line(&mut self, line: &str) -> Applied {
        self.input(Input::RunCommand {
            line: line.to_owned(),
        })
    }

    fn tick(&mut self, to_ms: i64) {
        let out = pass_time(&mut self.pg, &mut self.shell, to_ms);
        self.print(out);
        self.journal.set_clock(self.pg.now_ms());
    }

    fn print(&mut self, out: CommandOutput) {
        self.printed.extend(out.stdout);
        self.printed.extend(out.stderr);
    }
}

/// The inputs of a session touching every kind of input: the topic form, the producers panel,
/// background clients, a console producer (lines typed into it, Ctrl-D), a console consumer
/// polling while time passes (Ctrl-C), `advance`, and `kafka-topics.sh --describe`. Each
/// element is (seconds after the start, input).
fn script() -> Vec<(i64, Input)> {
    let line = |s: &str| Input::RunCommand { line: s.to_owned() };
    vec![
        (
            1,
            Input::CreateTopic {
                name: "orders".into(),
                partitions: 3,
                replication_factor: 1,
            },
        ),
        (
            2,
            Input::CreateProducer {
                configs: vec![("linger.ms".into(), "20".into())],
            },
        ),
        (
            3,
            Input::SendRecord {
                producer: 0,
                topic: "orders".into(),
                key: Some("k1".into()),
                value: "v1".into(),
                partition: None,
            },
        ),
        (
            3,
            Input::SendRecord {
                producer: 0,
                topic: "orders".into(),
                key: None,
                value: "v2".into(),
                partition: Some(2),
            },
        ),
        (4, line("producer start orders --rate 7 --keys user-:5")),
        (5, line("consumer start billing orders")),
        (
            6,
            line(&format!(
                "kafka-console-producer.sh {BOOTSTRAP} --topic orders --property parse.key=true"
            )),
        ),
        (7, line("a\tone")),
        (8, line("b\ttwo")),
        (9, Input::EndInput),
        (
            10,
            line(&format!(
                "kafka-console-consumer.sh {BOOTSTRAP} --topic orders --group viewers --from-beginning"
            )),
        ),
        (11, line("typed while the consumer runs")),
        (16, Input::Interrupt),
        (17, line("advance 1500")),
        (
            20,
            line(&format!(
                "kafka-consumer-groups.sh {BOOTSTRAP} --describe --group billing"
            )),
        ),
        (21, line(&format!("kafka-topics.sh {BOOTSTRAP} --describe"))),
    ]
}

/// Runs the script live, the clock moved by `ticks` (the next tick's target after `now`), and
/// lets time pass to `end_ms`.
fn run_live(seed: u64, end_ms: i64, next_tick: impl FnMut(i64) -> i64) -> Live {
    run_script(seed, i64::MAX, end_ms, next_tick)
}

/// Runs the script's inputs due by `last_input_ms` live, then lets time pass to `end_ms`.
fn run_script(
    seed: u64,
    last_input_ms: i64,
    end_ms: i64,
    mut next_tick: impl FnMut(i64) -> i64,
) -> Live {
    let mut live = Live::new(seed);
    for (second, input) in script() {
        let at = T0 + second * 1_000;
        if at > last_input_ms {
            break;
        }
        // A command moved the clock past this moment (`advance`): the input comes now.
        while live.pg.now_ms() < at {
            let target = next_tick(live.pg.now_ms()).min(at);
            live.tick(target);
        }
        live.input(input);
    }
    while live.pg.now_ms() < end_ms {
        let target = next_tick(live.pg.now_ms()).min(end_ms);
        live.tick(target);
    }
    live
}

fn assert_same(a: &Playground<MemoryStorage>, b: &Playground<MemoryStorage>, what: &str) {
    assert_eq!(a.now_ms(), b.now_ms(), "{what}: clock");
    assert_eq!(
        a.cluster().view(),
        b.cluster().view(),
        "{what}: cluster view"
    );
    let events = |p: &Playground<MemoryStorage>| p.events().iter().cloned().collect::<Vec<_>>();
    assert_eq!(events(a), events(b), "{what}: events");
    assert_eq!(
        a.producers().len(),
        b.producers().len(),
        "{what}: producers"
    );
    assert_eq!(
        a.consumers().len(),
        b.consumers().len(),
        "{what}: consumers"
    );
}

/// The tick of a visible tab: every 250 ms.
fn every_250(now: i64) -> i64 {
    now + 250
}

#[test]
fn ticks_every_250_ms_or_irregular_or_one_jump_end_the_same() {
    let end = T0 + 30_000;
    let fine = run_live(42, end, every_250);
    // A throttled tab: ticks of uneven lengths, off the 250 ms grid.
    let mut lengths = [97_i64, 1_333, 610, 2_047, 5].into_iter().cycle();
    let uneven = run_live(42, end, move |now| now + lengths.next().unwrap());
    // One jump to each input's moment (what a replay does).
    let jumps = run_live(42, end, |_| i64::MAX);
    assert_same(&fine.pg, &uneven.pg, "uneven ticks");
    assert_same(&fine.pg, &jumps.pg, "one jump per input");
    assert_eq!(fine.printed, jumps.printed, "the terminal printed the same");
    assert_eq!(
        fine.printed, uneven.printed,
        "the terminal printed the same"
    );

    // The session did what it says: the console consumer printed records while time passed,
    // and the background clients moved.
    assert!(
        fine.printed.iter().any(|l| l == "one"),
        "{:?}",
        fine.printed
    );
    assert!(fine.printed.iter().any(|l| l.starts_with("Topic: orders")));
    let hw: i64 = (0..3)
        .map(|p| {
            fine.pg
                .cluster()
                .log(&kplay::engine::topic_partition::TopicPartition::new(
                    "orders", p,
                ))
                .unwrap()
                .hw()
        })
        .sum();
    assert!(hw > 100, "the background producer sent 7/s for ~26 s: {hw}");
}

#[test]
fn a_replayed_scenario_is_the_live_playground() {
    let live = run_live(7, T0 + 25_000, every_250);
    let scenario = live.journal.scenario().clone();
    assert_eq!(scenario.inputs.len(), script().len());
    assert_eq!(scenario.clock_ms, T0 + 25_000);

    // Through JSON, as the browser stores it and a learner exports it.
    let json = scenario.to_json();
    let read = Scenario::from_json(&json).expect("parses");
    assert_eq!(read, scenario);

    let replayed = replay(&read, MemoryStorage::new()).expect("replays");
    assert_same(&live.pg, &replayed.playground, "replay");
    assert_eq!(replayed.report.inputs, script().len());
    assert_eq!(replayed.report.clock_ms, T0 + 25_000);
    assert_eq!(replayed.report.diverged_at, None);
    assert!(!replayed.report.full);

    // The replayed playground goes on like the live one.
    let mut again_live = live;
    let mut again_replayed = Live {
        pg: replayed.playground,
        shell: replayed.shell,
        journal: Journal::restored(read),
        printed: Vec::new(),
    };
    let describe = format!("kafka-topics.sh {BOOTSTRAP} --describe --topic orders");
    for session in [&mut again_live, &mut again_replayed] {
        session.tick(T0 + 26_000);
        session.printed.clear();
        session.line(&describe);
        session.tick(T0 + 30_000);
    }
    assert_same(&again_live.pg, &again_replayed.pg, "after the replay");
    assert_eq!(again_live.printed, again_replayed.printed);
    assert_eq!(
        again_live.journal.scenario(),
        again_replayed.journal.scenario()
    );
}

#[test]
fn a_console_consumer_polls_on_the_grid() {
    let mut live = Live::new(3);
    live.input(Input::CreateTopic {
        name: "t".into(),
        partitions: 1,
        replication_factor: 1,
    });
    live.line(&format!("kafka-console-consumer.sh {BOOTSTRAP} --topic t"));
    // Off the grid: the clock stops at the last poll moment.
    live.tick(T0 + 1_100);
    assert_eq!(live.pg.now_ms(), T0 + 1_000);
    assert_eq!(live.pg.now_ms() % CONSOLE_CONSUMER_POLL_MS, 0);
    live.input(Input::Interrupt);
    // No console consumer: the clock goes where it is sent.
    live.tick(T0 + 1_100);
    assert_eq!(live.pg.now_ms(), T0 + 1_100);
}

#[test]
fn a_full_journal_keeps_the_moment_it_filled() {
    let mut journal = Journal::new(1, VersionProfile::Kafka4x, T0);
    for i in 0..MAX_JOURNAL_ENTRIES {
        assert_eq!(
            journal.record(T0 + i as i64, &Input::EndInput),
            Recorded::Kept
        );
    }
    let filled_at = T0 + 50_000;
    assert_eq!(journal.record(filled_at, &Input::Interrupt), Recorded::Full);
    journal.set_clock(T0 + 90_000);
    let scenario = journal.scenario();
    assert!(scenario.full);
    assert_eq!(scenario.clock_ms, filled_at);
    let replayed = replay(scenario, MemoryStorage::new()).expect("replays");
    assert_eq!(replayed.report.inputs, MAX_JOURNAL_ENTRIES);
    assert_eq!(replayed.playground.now_ms(), filled_at);
    assert!(replayed.report.full);
}

#[test]
fn scenarios_this_kplay_cannot_replay_are_refused() {
    let mut newer = Scenario::new(1, VersionProfile::Kafka4x, T0);
    newer.format_version = SCENARIO_FORMAT_VERSION + 1;
    assert!(matches!(
        replay(&newer, MemoryStorage::new()),
        Err(ReplayError::TooNew { .. })
    ));
    let mut shuffled = Scenario::new(1, VersionProfile::Kafka4x, T0);
    for at in [T0 + 10, T0 + 5] {
        shuffled.inputs.push(kplay::scenario::JournalEntry {
            at_ms: at,
            input: Input::EndInput,
        });
    }
    assert_eq!(
        replay(&shuffled, MemoryStorage::new()).err(),
        Some(ReplayError::OutOfOrder { index: 1 })
    );
    assert!(Scenario::from_json("{\"seed\": 1}").is_err());
}

/// A scenario file as format version 1 writes it: later kplays must keep reading it.
const FORMAT_1_FILE: &str = r#"{
  "format_version": 1,
  "seed": 18446744073709551615,
  "profile": "Kafka2_5",
  "start_ms": 1700000000000,
  "clock_ms": 1700000009000,
  "inputs": [
    { "at_ms": 1700000001000, "input": { "kind": "create_topic", "name": "orders", "partitions": 2, "replication_factor": 1 } },
    { "at_ms": 1700000002000, "input": { "kind": "create_producer", "configs": [["acks", "1"]] } },
    { "at_ms": 1700000003000, "input": { "kind": "send_record", "producer": 0, "topic": "orders", "key": null, "value": "hello", "partition": 1 } },
    { "at_ms": 1700000004000, "input": { "kind": "run_command", "line": "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders" } },
    { "at_ms": 1700000005000, "input": { "kind": "run_command", "line": "typed" } },
    { "at_ms": 1700000006000, "input": { "kind": "end_input" } },
    { "at_ms": 1700000007000, "input": { "kind": "interrupt" } }
  ]
}"#;

#[test]
fn a_format_1_file_reads_and_replays() {
    let scenario = Scenario::from_json(FORMAT_1_FILE).expect("format 1 reads");
    assert_eq!(scenario.seed, u64::MAX, "a u64 seed survives JSON");
    assert!(!scenario.full, "`full` defaults to false");
    let replayed = replay(&scenario, MemoryStorage::new()).expect("replays");
    assert_eq!(replayed.report.inputs, 7);
    assert_eq!(replayed.report.diverged_at, None);
    assert_eq!(replayed.playground.now_ms(), T0 + 9_000);
    let log_end = |p| {
        replayed
            .playground
            .cluster()
            .log(&kplay::engine::topic_partition::TopicPartition::new(
                "orders", p,
            ))
            .unwrap()
            .leo()
    };
    assert_eq!(
        log_end(0) + log_end(1),
        2,
        "the panel's record and the typed line"
    );
}

/// The live session stopped at `stop_ms`: the script's inputs due by then, then time passed.
fn run_live_until(seed: u64, stop_ms: i64) -> Live {
    run_script(seed, stop_ms, stop_ms, every_250)
}

#[test]
fn rewinding_rebuilds_the_playground_as_it_was_at_that_moment() {
    let full = run_live(11, T0 + 25_000, every_250)
        .journal
        .scenario()
        .clone();
    // Before any input, while the console producer reads lines, while the console consumer
    // polls, and after it was interrupted.
    for stop_ms in [T0 + 500, T0 + 7_500, T0 + 12_500, T0 + 16_250] {
        let then = run_live_until(11, stop_ms);
        let rewound = full.until(stop_ms);
        assert_eq!(&rewound, then.journal.scenario(), "the journal as it stood");
        let replayed = replay(&rewound, MemoryStorage::new()).expect("replays");
        assert_same(
            &then.pg,
            &replayed.playground,
            &format!("rewound to {stop_ms}"),
        );
    }
}

#[test]
fn stepping_reaches_each_next_moment_and_ends_where_one_jump_does() {
    // While the console consumer polls (its grid bounds each step), and after it stopped
    // (background clients and the network: steps of a few milliseconds).
    for (start_ms, longest_step_ms) in [(T0 + 12_000, CONSOLE_CONSUMER_POLL_MS), (T0 + 16_500, 200)]
    {
        let mut stepped = run_live_until(5, start_ms);
        let mut jumped = run_live_until(5, start_ms);
        let mut moments = vec![start_ms];
        for _ in 0..40 {
            let now = stepped.pg.now_ms();
            let next = next_moment(&stepped.pg, &stepped.shell).expect("clients are running");
            assert!(next > now, "a step moves the clock: {next} after {now}");
            stepped.tick(next);
            assert_eq!(stepped.pg.now_ms(), next, "the step lands on the moment");
            moments.push(next);
        }
        assert!(
            moments.windows(2).all(|w| w[1] - w[0] <= longest_step_ms),
            "{moments:?}"
        );
        jumped.tick(*moments.last().expect("40 steps"));
        assert_same(&stepped.pg, &jumped.pg, "40 steps or one jump");
        assert_eq!(stepped.printed, jumped.printed);
    }
}
