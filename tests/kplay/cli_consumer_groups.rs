//! `kafka-consumer-groups.sh` transcripts: groups built through the broker's group APIs
//! (members joining and syncing the RangeAssignor's assignment, offsets committed, members
//! leaving, groups deleted), then listed, described, reset and deleted with
//! `ConsumerGroupCommand`'s exact lines, messages and refusals.

use kplay::cli::vfs::{Files, Vfs};
use kplay::cli::{run_tool, tokenize, CommandOutput};
use kplay::engine::error_code::ErrorCode;
use kplay::engine::group::assignor::{
    assignor_by_name, ClusterMetadata, GroupSubscription, Subscription,
};
use kplay::engine::group::consumer_protocol::{
    deserialize_subscription, serialize_assignment, serialize_subscription,
};
use kplay::engine::kafka_apis::Reply;
use kplay::engine::protocol::{
    CoordinatorType, FindCoordinatorRequest, JoinGroupRequest, JoinGroupRequestProtocol,
    JoinGroupResponse, LeaveGroupRequest, MemberIdentity, OffsetCommitRequest,
    OffsetCommitRequestPartition, Request, Response, SyncGroupRequest, SyncGroupRequestAssignment,
};
use kplay::engine::record::{BatchBuilder, Compression, TimestampType};
use kplay::engine::topic_partition::TopicPartition;

use crate::harness::Harness;
use crate::idempotence::create;

const TOPIC: &str = "orders";
const BS: &str = "--bootstrap-server localhost:9092";

/// A cluster with `orders` (3 partitions) and a way to drive group members through it.
struct Play {
    h: Harness,
    next_key: u64,
    delayed: Vec<(u64, Response)>,
}

impl Play {
    fn new() -> Self {
        let mut h = Harness::new(33);
        create(&mut h, TOPIC, 3, &[]);
        let mut p = Play {
            h,
            next_key: 0,
            delayed: Vec::new(),
        };
        // A client's first FindCoordinator creates __consumer_offsets; it retries.
        for expected in [ErrorCode::CoordinatorNotAvailable, ErrorCode::None] {
            let (_, reply) = p.send(Request::FindCoordinator(FindCoordinatorRequest {
                key: "any".to_owned(),
                key_type: CoordinatorType::Group,
            }));
            let Reply::Now(Response::FindCoordinator(r)) = reply else {
                panic!("{reply:?}")
            };
            assert_eq!(r.error, expected);
        }
        p
    }

    fn run(&mut self, args: &str) -> CommandOutput {
        let now = self.h.now_ms();
        // The admin tool talks to the cluster directly (no client of the playground).
        let words = tokenize::tokenize(args).expect("a well-formed command line");
        let vfs = Vfs::default();
        let files = Files {
            vfs: &vfs,
            host: None,
        };
        let out = run_tool(
            &mut self.h.cluster,
            "kafka-consumer-groups.sh",
            &words,
            files,
            now,
        );
        self.drain();
        out
    }

    fn drain(&mut self) {
        while let Some(d) = self.h.cluster.poll_delayed_response() {
            self.delayed.push(d);
        }
        self.h.collect();
    }

    fn send(&mut self, request: Request) -> (u64, Reply) {
        self.next_key += 1;
        let key = self.next_key;
        let now = self.h.now_ms();
        let reply = self.h.cluster.handle_request_keyed(0, key, request, now);
        self.drain();
        (key, reply)
    }

    fn sleep(&mut self, ms: i64) {
        self.h.sleep(ms);
        self.drain();
    }

    fn answer(&self, key: u64) -> Response {
        self.delayed
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| panic!("no parked answer for key {key}"))
    }

    fn join_request(group: &str, member_id: &str, client: &str) -> Request {
        let subscription = Subscription::new(vec![TOPIC.to_owned()]);
        Request::JoinGroup(JoinGroupRequest {
            group_id: group.to_owned(),
            session_timeout_ms: 45_000,
            rebalance_timeout_ms: 60_000,
            member_id: member_id.to_owned(),
            group_instance_id: None,
            protocol_type: "consumer".to_owned(),
            protocols: vec![JoinGroupRequestProtocol {
                name: "range".to_owned(),
                metadata: serialize_subscription(&subscription, 3),
            }],
            reason: None,
            require_known_member_id: true,
            client_id: client.to_owned(),
            client_host: "/10.0.0.1".to_owned(),
        })
    }

    /// Members with these client ids join `group` and sync the RangeAssignor's assignment;
    /// the group is Stable. Their member ids, in `clients`' order.
    fn stable_group(&mut self, group: &str, clients: &[&str]) -> Vec<String> {
        let mut keys = Vec::new();
        let mut ids = Vec::new();
        for client in clients {
            let (_, reply) = self.send(Self::join_request(group, "", client));
            let Reply::Now(Response::JoinGroup(first)) = reply else {
                panic!("{reply:?}")
            };
            assert_eq!(first.error, ErrorCode::MemberIdRequired);
            let (key, reply) = self.send(Self::join_request(group, &first.member_id, client));
            assert_eq!(reply, Reply::Later);
            keys.push(key);
            ids.push(first.member_id);
        }
        self.sleep(10_000);
        let joins: Vec<JoinGroupResponse> = keys
            .iter()
            .map(|k| match self.answer(*k) {
                Response::JoinGroup(j) => j,
                other => panic!("{other:?}"),
            })
            .collect();
        let leader = joins
            .iter()
            .find(|j| !j.members.is_empty())
            .unwrap()
            .clone();
        let subscriptions = GroupSubscription::new(leader.members.iter().map(|m| {
            (
                m.member_id.clone(),
                deserialize_subscription(&m.metadata).unwrap(),
            )
        }));
        let metadata = ClusterMetadata::new([(TOPIC.to_owned(), 3)]);
        let assignments: Vec<SyncGroupRequestAssignment> = assignor_by_name("range")
            .unwrap()
            .assign(&metadata, &subscriptions)
            .unwrap()
            .assignments
            .into_iter()
            .map(|(member_id, a)| SyncGroupRequestAssignment {
                member_id,
                assignment: serialize_assignment(&a, 3),
            })
            .collect();
        for id in &ids {
            let is_leader = *id == leader.leader;
            let _ = self.send(Request::SyncGroup(SyncGroupRequest {
                group_id: group.to_owned(),
                generation_id: leader.generation_id,
                member_id: id.clone(),
                group_instance_id: None,
                protocol_type: Some("consumer".to_owned()),
                protocol_name: Some("range".to_owned()),
                assignments: if is_leader {
                    assignments.clone()
                } else {
                    Vec::new()
                },
            }));
        }
        let state = self
            .h
            .cluster
            .group_coordinator()
            .group_state(group)
            .unwrap();
        assert_eq!(state.name(), "Stable");
        ids
    }

    /// An OffsetCommit as `alterConsumerGroupOffsets` or a member sends it.
    fn commit(&mut self, group: &str, member: Option<(&str, i32)>, offsets: &[(i32, i64)]) {
        let (member_id, generation) = member.unwrap_or(("", -1));
        let (_, reply) = self.send(Request::OffsetCommit(OffsetCommitRequest {
            group_id: group.to_owned(),
            generation_id_or_member_epoch: generation,
            member_id: member_id.to_owned(),
            group_instance_id: None,
            partitions: offsets
                .iter()
                .map(|&(p, o)| OffsetCommitRequestPartition {
                    topic_partition: TopicPartition::new(TOPIC, p),
                    committed_offset: o,
                    committed_leader_epoch: 0,
                    committed_metadata: None,
                })
                .collect(),
        }));
        let Reply::Now(Response::OffsetCommit(r)) = reply else {
            panic!("{reply:?}")
        };
        assert!(
            r.partitions.iter().all(|(_, e)| *e == ErrorCode::None),
            "{r:?}"
        );
    }

    fn leave(&mut self, group: &str, members: &[String]) {
        let (_, reply) = self.send(Request::LeaveGroup(LeaveGroupRequest {
            group_id: group.to_owned(),
            members: members
                .iter()
                .map(|m| MemberIdentity {
                    member_id: m.clone(),
                    group_instance_id: None,
                    reason: None,
                })
                .collect(),
        }));
        let Reply::Now(Response::LeaveGroup(r)) = reply else {
            panic!("{reply:?}")
        };
        assert_eq!(r.error, ErrorCode::None);
    }

    /// `count` records on `partition`, timestamped now.
    fn produce(&mut self, partition: i32, count: usize) {
        let now = self.h.now_ms();
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, now);
        for i in 0..count {
            b.append(now, None, Some(format!("v{i}").as_bytes()), &[]);
        }
        self.h
            .cluster
            .produce(&TopicPartition::new(TOPIC, partition), &b.build(), now)
            .unwrap();
    }
}

/// The stdout lines of a run that printed nothing on stderr and exited 0.
fn stdout(out: &CommandOutput) -> Vec<&str> {
    assert_eq!((out.exit_code, out.stderr.len()), (0, 0), "{out:?}");
    out.stdout.iter().map(String::as_str).collect()
}

fn lines(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// `printUsageAndExit`: the message, then the help screen, on stderr; status 1.
fn usage(out: &CommandOutput) -> &str {
    assert_eq!(out.exit_code, 1, "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert_eq!(
        out.stderr[1].trim_end(),
        "Option                                  Description"
    );
    assert!(out.stderr.iter().any(|l| l.starts_with("--state [String]")));
    &out.stderr[0]
}

const WARN_NO_EXECUTE: &str = "WARN: No action will be performed as the --execute option is missing.In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.";

/// `orders` p0 with 10 records, p1 with 4; group `app` Stable with two members (the first
/// holds p0 and p1, the second p2) and offsets 6 and 4 committed for p0 and p1.
fn stable_app() -> (Play, Vec<String>) {
    let mut p = Play::new();
    p.produce(0, 10);
    p.produce(1, 4);
    let ids = p.stable_group("app", &["consumer-app-1", "consumer-app-2"]);
    p.commit("app", Some((&ids[0], 1)), &[(0, 6), (1, 4)]);
    (p, ids)
}

#[test]
fn describe_offsets_members_and_state_of_a_stable_group() {
    let (mut p, ids) = stable_app();
    let (a, b) = (&ids[0], &ids[1]);
    assert_eq!(a.len(), 51, "client id, '-', a UUID");
    let out = p.run(&format!("{BS} --describe --group app"));
    assert_eq!(
        stdout(&out),
        [
            "".to_string(),
            format!("GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             {:<51} HOST            CLIENT-ID", "CONSUMER-ID"),
            format!("app             orders          0          6               10              4               {a} /10.0.0.1       consumer-app-1"),
            format!("app             orders          1          4               4               0               {a} /10.0.0.1       consumer-app-1"),
            format!("app             orders          2          -               0               -               {b} /10.0.0.1       consumer-app-2"),
        ]
    );
    // `--offsets` is the default view; `--verbose` adds the committed leader epoch.
    assert_eq!(
        p.run(&format!("{BS} --describe --group app --offsets")),
        out
    );
    let out = p.run(&format!("{BS} --describe --group app --offsets --verbose"));
    assert_eq!(
        stdout(&out)[1..3],
        [
            format!("GROUP           TOPIC           PARTITION  LEADER-EPOCH    CURRENT-OFFSET  LOG-END-OFFSET  LAG             {:<51} HOST            CLIENT-ID", "CONSUMER-ID"),
            format!("app             orders          0          0               6               10              4               {a} /10.0.0.1       consumer-app-1"),
        ]
    );

    // Members in the coordinator's order; `#PARTITIONS` and the header keep their padding.
    let out = p.run(&format!("{BS} --describe --group app --members"));
    assert_eq!(
        stdout(&out),
        [
            "".to_string(),
            format!(
                "GROUP           {:<51} HOST            CLIENT-ID       #PARTITIONS     ",
                "CONSUMER-ID"
            ),
            format!("app             {b} /10.0.0.1       consumer-app-2  1               "),
            format!("app             {a} /10.0.0.1       consumer-app-1  2               "),
        ]
    );
    let out = p.run(&format!("{BS} --describe --group app --members --verbose"));
    assert_eq!(
        stdout(&out),
        [
            "".to_string(),
            format!("GROUP           {:<51} HOST            CLIENT-ID       #PARTITIONS     CURRENT-EPOCH   CURRENT-ASSIGNMENT   TARGET-EPOCH    TARGET-ASSIGNMENT   ", "CONSUMER-ID"),
            format!("app             {b} /10.0.0.1       consumer-app-2  1               -               orders:2             -               -                   "),
            format!("app             {a} /10.0.0.1       consumer-app-1  2               -               orders:0,1           -               -                   "),
        ]
    );

    let out = p.run(&format!("{BS} --describe --group app --state"));
    assert_eq!(
        stdout(&out),
        [
            "",
            "GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS",
            "app             localhost:9092  (0)       range                Stable               2",
        ]
    );
    let out = p.run(&format!("{BS} --describe --group app --state --verbose"));
    assert_eq!(
        stdout(&out),
        [
            "",
            "GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                GROUP-EPOCH     TARGET-ASSIGNMENT-EPOCH   #MEMBERS",
            "app             localhost:9092  (0)       range                Stable               -               -                         2",
        ]
    );
}

#[test]
fn list_with_states_and_types() {
    let (mut p, ids) = stable_app();
    // An offsets-only group (protocol type "") is a consumer group too.
    p.commit("audit-reader", None, &[(2, 0)]);
    assert_eq!(
        stdout(&p.run(&format!("{BS} --list"))),
        ["app", "audit-reader"]
    );
    assert_eq!(
        stdout(&p.run(&format!("{BS} --list --state"))),
        [
            "GROUP                     STATE               ",
            "app                       Stable              ",
            "audit-reader              Empty               ",
        ]
    );
    assert_eq!(
        stdout(&p.run(&format!("{BS} --list --state EMPTY"))),
        [
            "GROUP                     STATE               ",
            "audit-reader              Empty               ",
        ]
    );
    assert_eq!(
        stdout(&p.run(&format!("{BS} --list --type --state stable"))),
        [
            "GROUP                     TYPE                 STATE               ",
            "app                       classic              Stable              ",
        ]
    );
    // kplay's coordinator has no groups of KIP-848's `consumer` type.
    assert_eq!(
        stdout(&p.run(&format!("{BS} --list --type consumer"))),
        ["GROUP                     TYPE                "]
    );
    let out = p.run(&format!("{BS} --list --state stable,bored"));
    assert_eq!(
        usage(&out),
        "Invalid state list 'stable,bored'. Valid states are: PreparingRebalance, CompletingRebalance, Stable, Dead, Empty, Assigning, Reconciling"
    );
    p.leave("app", &ids);
    assert_eq!(
        stdout(&p.run(&format!("{BS} --list --state Empty")))[1..],
        [
            "app                       Empty               ",
            "audit-reader              Empty               ",
        ]
    );
}

#[test]
fn missing_empty_and_rebalancing_groups_are_reported_like_kafka() {
    let mut p = Play::new();
    let out = p.run(&format!("{BS} --describe --group nope"));
    assert_eq!(
        stdout(&out),
        ["", "Error: Consumer group 'nope' does not exist."]
    );
    // `printMembers` prints its header even then.
    let out = p.run(&format!("{BS} --describe --group nope --members"));
    assert_eq!(
        stdout(&out),
        [
            "",
            "Error: Consumer group 'nope' does not exist.",
            "",
            "GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     "
        ]
    );
    // An offsets-only group: no members, its committed offsets without a consumer.
    p.produce(0, 3);
    p.commit("reader", None, &[(0, 1)]);
    let out = p.run(&format!("{BS} --describe --group reader"));
    assert_eq!(
        lines(&out.stdout),
        [
            "",
            "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID",
            "reader          orders          0          1               3               2               -               -               -",
        ]
    );
    assert_eq!(
        lines(&out.stderr),
        ["", "Consumer group 'reader' has no active members."]
    );
    let out = p.run(&format!("{BS} --describe --group reader --state"));
    assert_eq!(
        lines(&out.stdout)[2],
        "reader          localhost:9092  (0)       -                    Empty                0"
    );
    // A member joins and waits out group.initial.rebalance.delay.ms: the group rebalances
    // and is described without assignments or protocol.
    let (_, reply) = p.send(Play::join_request("fresh", "", "c"));
    let Reply::Now(Response::JoinGroup(first)) = reply else {
        panic!("{reply:?}")
    };
    let (_, reply) = p.send(Play::join_request("fresh", &first.member_id, "c"));
    assert_eq!(reply, Reply::Later);
    let out = p.run(&format!("{BS} --describe --group fresh"));
    assert_eq!(
        (lines(&out.stdout), lines(&out.stderr)),
        (
            vec![],
            vec!["", "Warning: Consumer group 'fresh' is rebalancing."]
        )
    );
    let out = p.run(&format!("{BS} --describe --group fresh --state"));
    assert_eq!(
        lines(&out.stdout)[2],
        "fresh           localhost:9092  (0)       -                    PreparingRebalance   1"
    );
    // Groups in id order (a TreeMap), each with its own table.
    let out = p.run(&format!("{BS} --describe --all-groups --state"));
    assert_eq!(
        out.stdout.iter().filter(|l| l.starts_with("GROUP")).count(),
        2
    );
    assert!(out.stdout[2].starts_with("fresh "));
    assert!(out.stdout[5].starts_with("reader "));
}

#[test]
fn reset_offsets_is_refused_while_members_are_active_then_plans_and_executes() {
    let (mut p, ids) = stable_app();
    let out = p.run(&format!(
        "{BS} --reset-offsets --group app --to-earliest --all-topics"
    ));
    assert_eq!(
        lines(&out.stdout),
        [
            "",
            "Error: Assignments can only be reset if the group 'app' is inactive, but the current state is Stable.",
            "",
            "GROUP                          TOPIC                          PARTITION  NEW-OFFSET     ",
        ]
    );
    assert_eq!(lines(&out.stderr), [WARN_NO_EXECUTE]);
    let out = p.run(&format!(
        "{BS} --reset-offsets --group app --to-earliest --all-topics --execute"
    ));
    assert_eq!(out.stdout[1], "Error: Assignments can only be reset if the group 'app' is inactive, but the current state is Stable.");
    assert!(out.stderr.is_empty());

    p.leave("app", &ids);
    // The dry run: the committed partitions' plan, nothing committed.
    let out = p.run(&format!(
        "{BS} --reset-offsets --group app --to-earliest --all-topics --dry-run"
    ));
    assert_eq!(
        stdout(&out),
        [
            "",
            "GROUP                          TOPIC                          PARTITION  NEW-OFFSET     ",
            "app                            orders                         0          0              ",
            "app                            orders                         1          0              ",
        ]
    );
    let describe = format!("{BS} --describe --group app");
    assert_eq!(lines(&p.run(&describe).stdout)[2], "app             orders          0          6               10              4               -               -               -");

    // --execute commits through the coordinator.
    let out = p.run(&format!(
        "{BS} --reset-offsets --group app --to-latest --topic orders --execute"
    ));
    assert_eq!(
        stdout(&out)[2..],
        [
            "app                            orders                         0          10             ",
            "app                            orders                         1          4              ",
            "app                            orders                         2          0              ",
        ]
    );
    let out = p.run(&describe);
    assert_eq!(
        lines(&out.stdout)[2..],
        [
            "app             orders          0          10              10              0               -               -               -",
            "app             orders          1          4               4               0               -               -               -",
            "app             orders          2          0               0               0               -               -               -",
        ]
    );

    // --shift-by and --to-offset are clamped to the log, with Kafka's warnings.
    let out = p.run(&format!(
        "{BS} --reset-offsets --group app --shift-by -7 --topic orders:0,1 --execute"
    ));
    assert_eq!(
        lines(&out.stdout)[2..],
        [
            "app                            orders                         0          3              ",
            "app                            orders                         1          0              ",
        ]
    );
    assert_eq!(
        lines(&out.stderr),
        ["WARN New offset (-3) is lower than earliest offset for topic partition orders-1. Value will be set to 0"]
    );
    let out = p.run(&format!(
        "{BS} --reset-offsets --group app --to-offset 12 --topic orders:0 --dry-run"
    ));
    assert_eq!(
        lines(&out.stdout)[2],
        "app                            orders                         0          10             "
    );
    assert_eq!(
        lines(&out.stderr),
        ["WARN New offset (12) is higher than latest offset for topic partition orders-0. Value will be set to 10"]
    );
    // --to-current keeps committed offsets; --export prints the plan as CSV (no group
    // column for one --group) and println's empty line.
    let out = p.run(&format!(
        "{BS} --reset-offsets --group app --to-current --topic orders:0 --export --dry-run"
    ));
    assert_eq!(stdout(&out), ["orders,0,3", ""]);
    // --shift-by needs a committed offset.
    p.produce(2, 5);
    p.commit("other", None, &[(0, 1)]);
    let out = p.run(&format!(
        "{BS} --reset-offsets --group other --shift-by 1 --topic orders:2 --dry-run"
    ));
    assert_eq!(
        usage(&out),
        "Cannot shift offset for partition orders-2 since there is no current committed offset"
    );
}

#[test]
fn reset_by_time_falls_back_to_the_log_end_for_partitions_without_later_records() {
    let mut p = Play::new();
    p.produce(0, 2);
    p.sleep(60_000);
    p.produce(0, 3);
    p.produce(1, 1);
    p.commit("late", None, &[(0, 0), (1, 0), (2, 0)]);
    // 30 s after the first batch: p0's second batch (offset 2) is the first at or after it.
    let at = kplay::cli::playground::time_format::iso_utc(crate::harness::START_MS + 30_000);
    let at = at.trim_end_matches('Z');
    let out = p.run(&format!(
        "{BS} --reset-offsets --group late --to-datetime {at} --all-topics --dry-run"
    ));
    assert_eq!(
        stdout(&out),
        [
            "",
            "Warn: Partition 2 from topic orders is empty. Falling back to latest known offset.",
            "",
            "GROUP                          TOPIC                          PARTITION  NEW-OFFSET     ",
            "late                           orders                         0          2              ",
            "late                           orders                         1          0              ",
            "late                           orders                         2          0              ",
        ]
    );
    // Two minutes back is before every record: the log start.
    let out = p.run(&format!(
        "{BS} --reset-offsets --group late --by-duration PT2M --topic orders:0 --dry-run"
    ));
    assert_eq!(
        stdout(&out)[2],
        "late                           orders                         0          0              "
    );
    let out = p.run(&format!(
        "{BS} --reset-offsets --group late --to-datetime yesterday --topic orders --dry-run"
    ));
    let message = "java.text.ParseException: Error parsing timestamp. It does not contain a 'T' according to ISO8601 format: yesterday";
    assert_eq!(
        lines(&out.stdout),
        [
            "",
            &format!("Error: Executing consumer group command failed due to {message}")
        ]
    );
    // The stack trace's first line.
    assert_eq!(
        lines(&out.stderr),
        [format!("java.lang.RuntimeException: {message}")]
    );
    let out = p.run(&format!(
        "{BS} --reset-offsets --group late --by-duration 1h --topic orders --dry-run"
    ));
    assert_eq!(
        lines(&out.stdout),
        ["", "Error: Executing consumer group command failed due to Text cannot be parsed to a Duration"]
    );
    assert_eq!(
        out.exit_code, 0,
        "printError does not end the JVM with an error"
    );
    let out = p.run(&format!(
        "{BS} --reset-offsets --group late --to-earliest --topic nosuch --dry-run"
    ));
    assert_eq!(
        lines(&out.stdout),
        ["", "Error: Executing consumer group command failed due to java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition."]
    );
    let out = p.run(&format!(
        "{BS} --reset-offsets --group late --to-earliest --topic orders:x --dry-run"
    ));
    assert_eq!(
        usage(&out),
        "Invalid partition 'x' specified in topic arg 'orders:x''"
    );
    let out = p.run(&format!(
        "{BS} --reset-offsets --group late --to-earliest --dry-run"
    ));
    assert_eq!(
        usage(&out),
        "One of the reset scopes should be defined: --all-topics, --topic."
    );
    let out = p.run(&format!(
        "{BS} --reset-offsets --group late --all-topics --dry-run"
    ));
    assert!(usage(&out)
        .starts_with("Option '[reset-offsets]' requires one of the following scenarios: [["));
}

#[test]
fn delete_refuses_groups_with_members_and_deletes_empty_ones() {
    let (mut p, ids) = stable_app();
    let out = p.run(&format!("{BS} --delete --group app"));
    assert_eq!(
        stdout(&out),
        [
            "",
            "Error: Deletion of some consumer groups failed:",
            "* Group 'app' could not be deleted due to: org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty.",
        ]
    );
    p.leave("app", &ids);
    let out = p.run(&format!("{BS} --delete --group app --group nope"));
    assert_eq!(
        stdout(&out),
        [
            "",
            "Error: Deletion of some consumer groups failed:",
            "* Group 'nope' could not be deleted due to: org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.",
            "",
            "These consumer groups were deleted successfully: 'app'",
        ]
    );
    // The deleted group is gone, its offsets with it.
    let out = p.run(&format!("{BS} --describe --group app"));
    assert_eq!(
        stdout(&out),
        ["", "Error: Consumer group 'app' does not exist."]
    );
    assert!(stdout(&p.run(&format!("{BS} --list"))).is_empty());
    p.commit("a", None, &[(0, 0)]);
    p.commit("b", None, &[(0, 0)]);
    let out = p.run(&format!("{BS} --delete --all-groups"));
    assert_eq!(
        stdout(&out),
        ["Deletion of requested consumer groups ('a', 'b') was successful."]
    );
}

#[test]
fn option_checks_in_kafkas_order() {
    let mut p = Play::new();
    let out = p.run("");
    assert_eq!(usage(&out), "This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets.");
    assert_eq!(usage(&p.run("--help")), usage(&out));
    assert!(p.run("--version").stdout[0].starts_with("4.0.0"));
    assert_eq!(
        usage(&p.run("--list")),
        "Missing required argument \"[bootstrap-server]\""
    );
    let cases = [
        ("--describe", "Option [describe] takes one of these options: [all-groups], [group]"),
        ("--describe --group g --members --state", "Option [describe] takes at most one of these options: [members], [offsets], [state]"),
        ("--describe --group g --state stable", "Option [describe] does not take a value for [state]"),
        ("--delete --group g --topic t", "The consumer does not support topic-specific offset deletion from a consumer group."),
        ("--delete-offsets --group g", "Option [delete-offsets] takes the following options: [topic], [group]"),
        ("--reset-offsets --group g --to-earliest --execute --dry-run", "Option [reset-offsets] only accepts one of [execute] and [dry-run]"),
        ("--reset-offsets --group g --shift-by 1 --to-earliest --all-topics --execute", "Option \"[to-earliest]\" can't be used with option \"[shift-by]\""),
        ("--describe --group g --all-groups", "Option \"[group]\" can't be used with option \"[all-groups]\""),
        ("--list --describe --group g", "Option \"[group]\" can't be used with option \"[list]\""),
        ("--list --delete --all-groups", "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets"),
    ];
    for (args, message) in cases {
        let out = p.run(&format!("{BS} {args}"));
        assert_eq!(usage(&out), message, "{args}");
    }
    // joptsimple's refusals come from `fromArgs`, outside main's try.
    for (args, exception) in [
        ("--members --group g", "joptsimple.UnavailableOptionException: Option(s) [members] are unavailable given other options on the command line"),
        ("--list --frobnicate", "joptsimple.UnrecognizedOptionException: frobnicate is not a recognized option"),
        ("--describe --group", "joptsimple.OptionMissingRequiredArgumentException: Option group requires an argument"),
    ] {
        let out = p.run(&format!("{BS} {args}"));
        assert_eq!(
            (out.exit_code, lines(&out.stderr)),
            (1, vec![format!("Exception in thread \"main\" {exception}").as_str()]),
            "{args}"
        );
    }
    assert_eq!(
        usage(&p.run(&format!("{BS} --delete-offsets --group g --topic t:x"))),
        "Invalid partition 'x' specified in topic arg 't:x''"
    );
}

const SUBSCRIBED: &str = "Error: org.apache.kafka.common.errors.GroupSubscribedToTopicException: Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it.";

#[test]
fn delete_offsets_refuses_subscribed_topics_then_deletes_once_the_group_is_empty() {
    let (mut p, ids) = stable_app();
    let out = p.run(&format!(
        "{BS} --delete-offsets --group app --topic {TOPIC}"
    ));
    assert_eq!(
        stdout(&out),
        [
            "",
            "Error: Encountered some partition-level error, see the follow-up details.",
            "",
            "TOPIC           PARTITION  STATUS         ",
            &format!("orders          0          {SUBSCRIBED}"),
            &format!("orders          1          {SUBSCRIBED}"),
            &format!("orders          2          {SUBSCRIBED}"),
        ]
    );
    p.leave("app", &ids);
    let out = p.run(&format!(
        "{BS} --delete-offsets --group app --topic orders:1 --topic nope"
    ));
    assert_eq!(
        stdout(&out),
        [
            "Request succeeded for deleting offsets from group app.",
            "",
            "TOPIC           PARTITION  STATUS         ",
            "nope            -          Error: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.",
            "orders          1          Successful     ",
        ]
    );
    let group = p.h.cluster.describe_group("app").expect("the group stays");
    let left: Vec<_> = group
        .group
        .offsets
        .iter()
        .map(|o| (o.topic_partition.partition, o.committed_offset))
        .collect();
    assert_eq!(left, [(0, 6)]);
    // A partition without an offset succeeds too; the group keeps going until the cleanup.
    let out = p.run(&format!(
        "{BS} --delete-offsets --group app --topic orders:0,2"
    ));
    assert_eq!(
        stdout(&out),
        [
            "Request succeeded for deleting offsets from group app.",
            "",
            "TOPIC           PARTITION  STATUS         ",
            "orders          0          Successful     ",
            "orders          2          Successful     ",
        ]
    );
    assert!(p
        .h
        .cluster
        .describe_group("app")
        .unwrap()
        .group
        .offsets
        .is_empty());
}

#[test]
fn delete_offsets_of_a_missing_group_fails_every_partition() {
    let mut p = Play::new();
    let out = p.run(&format!(
        "{BS} --delete-offsets --group nope --topic {TOPIC}"
    ));
    let missing = "Error: org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.";
    assert_eq!(
        stdout(&out),
        [
            "",
            "Error: The group id does not exist.",
            "",
            "TOPIC           PARTITION  STATUS         ",
            &format!("orders          0          {missing}"),
            &format!("orders          1          {missing}"),
            &format!("orders          2          {missing}"),
        ]
    );
    let out = p.run(&format!(
        "{BS} --delete-offsets --group a --group b --topic {TOPIC}"
    ));
    assert_eq!(out.exit_code, 0);
    assert_eq!(
        lines(&out.stdout),
        [
            "",
            "Error: Executing consumer group command failed due to Found multiple arguments for option group, but you asked for only one",
        ]
    );
    assert_eq!(
        lines(&out.stderr),
        ["joptsimple.MultipleArgumentsForOptionException: Found multiple arguments for option group, but you asked for only one"]
    );
}
