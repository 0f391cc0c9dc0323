//! The brokers' request times (`RequestMetrics` `TotalTimeMs`): zero when a broker answers at
//! once, the purgatory wait when it parks the request: `acks=all` waits for the followers,
//! a JoinGroup for the rebalance.

use kplay::cli::Shell;
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::storage::memory::MemoryStorage;

const NOW_MS: i64 = 1_700_000_000_000;

/// Three brokers, a replicated topic, and a background producer with `acks` sending for ten
/// simulated seconds.
fn produce_with(acks: &str) -> Playground<MemoryStorage> {
    let mut pg = Playground::new(
        PlaygroundConfig::with_brokers(4, VersionProfile::Kafka4x, 3),
        MemoryStorage::new(),
        NOW_MS,
    );
    let mut shell = Shell::new().run_tools_to_end();
    for line in [
        "kafka-topics.sh --bootstrap-server b:9092 --create --topic t --partitions 2 --replication-factor 3".to_owned(),
        format!("producer start t --rate 20 acks={acks}"),
        "advance 10000".to_owned(),
    ] {
        let now = pg.now_ms();
        let out = shell.run_line(&mut pg, &line, now);
        assert_eq!(out.exit_code, 0, "{line}: {out:?}");
    }
    pg
}

#[test]
fn acks_all_waits_for_the_followers_and_acks_1_does_not() {
    let leader_only = produce_with("1").request_metrics().get("Produce");
    assert!(leader_only.count > 50, "{leader_only:?}");
    assert_eq!(
        leader_only.total_time_ms_sum, 0,
        "the leader answers at once"
    );

    let all = produce_with("all").request_metrics().get("Produce");
    assert!(all.count > 50, "{all:?}");
    assert!(
        all.total_time_ms_sum > 0,
        "each produce waits for a follower fetch: {all:?}"
    );
    // The wait is a replication round trip, well under the request timeout.
    assert!(all.total_time_ms_max < 30_000, "{all:?}");
}

#[test]
fn a_join_group_waits_out_the_initial_rebalance_delay() {
    let mut pg = produce_with("1");
    let mut shell = Shell::new().run_tools_to_end();
    for line in ["consumer start g t", "advance 10000"] {
        let now = pg.now_ms();
        let out = shell.run_line(&mut pg, line, now);
        assert_eq!(out.exit_code, 0, "{line}: {out:?}");
    }
    let join = pg.request_metrics().get("JoinGroup");
    assert!(join.count >= 1, "{join:?}");
    // An empty classic group holds the first JoinGroup for group.initial.rebalance.delay.ms
    // (3 s by default, `GroupCoordinator.prepareRebalance` / `InitialDelayedJoin`).
    assert!(join.total_time_ms_max >= 3_000, "{join:?}");
    assert!(pg.request_metrics().get("Heartbeat").total_time_ms_max == 0);
}
