//! `broker list|stop|crash|start|isolate|heal|slow`: what a learner does to the brokers of
//! the playground's cluster from outside Kafka (`kafka-server-stop.sh`, `kill -9`, starting
//! the process again, a network partition, a slow disk), and the state they are in.
//!
//! Each action prints one line saying what happened and what Kafka does next, with the
//! broker settings that decide when (`broker.session.timeout.ms` for fencing,
//! `replica.lag.time.max.ms` for the ISR). The UI's broker buttons send exactly these lines,
//! so the syntax is fixed: `broker <action> <id>`, `broker slow <id> <ms>`.

use super::Command;
use crate::cli::output::CommandOutput;
use crate::engine::cluster::Cluster;
use crate::engine::playground::Playground;
use crate::engine::replication::{BrokerState, BrokerStatus};
use crate::storage::SegmentStorage;

pub const COMMAND: Command = Command {
    name: "broker",
    args: "list | <action> <id> | slow <id> <ms>",
    summary: "list the brokers, or act on one: stop (clean shutdown), crash, start, isolate (network partition), heal; slow delays its follower fetches (0 = healthy)",
};

/// The column titles of `broker list`.
const TITLES: [&str; 7] = [
    "BROKER", "STATUS", "ISOLATED", "FENCED", "SLOW-MS", "LEADERS", "REPLICAS",
];

/// What the action words ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Stop,
    Crash,
    Start,
    Isolate,
    Heal,
    Slow(i64),
}

pub fn run<S: SegmentStorage>(
    playground: &mut Playground<S>,
    args: &[String],
    now_ms: i64,
) -> CommandOutput {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let (action, id) = match words.as_slice() {
        ["list"] => return list(playground.cluster()),
        [action @ ("stop" | "crash" | "start" | "isolate" | "heal"), id] => {
            let action = match *action {
                "stop" => Action::Stop,
                "crash" => Action::Crash,
                "start" => Action::Start,
                "isolate" => Action::Isolate,
                _ => Action::Heal,
            };
            (action, *id)
        }
        ["slow", id, ms] => match ms.parse::<i64>() {
            Ok(ms) if ms >= 0 => (Action::Slow(ms), *id),
            _ => {
                return super::usage(
                    &COMMAND,
                    &format!("the delay must be a number of milliseconds, 0 or more, not {ms}"),
                )
            }
        },
        [] => return super::usage(&COMMAND, "needs an action"),
        ["list", ..] => return super::usage(&COMMAND, "list takes no arguments"),
        ["slow", ..] => return super::usage(&COMMAND, "slow needs a broker id and a delay in ms"),
        [action @ ("stop" | "crash" | "start" | "isolate" | "heal"), ..] => {
            return super::usage(&COMMAND, &format!("{action} needs one broker id"))
        }
        [other, ..] => return super::usage(&COMMAND, &format!("unknown action {other}")),
    };
    let Ok(broker) = id.parse::<i32>() else {
        return super::usage(&COMMAND, &format!("a broker id is a number, not {id}"));
    };
    let out = act(playground, action, broker, now_ms);
    playground.collect_events();
    out
}

fn act<S: SegmentStorage>(
    playground: &mut Playground<S>,
    action: Action,
    broker: i32,
    now_ms: i64,
) -> CommandOutput {
    let cluster = playground.cluster_mut();
    let session_ms = cluster.broker_config().int("broker.session.timeout.ms");
    let lag_ms = cluster.broker_config().long("replica.lag.time.max.ms");
    let result = match action {
        Action::Stop => cluster.stop_broker(broker, now_ms),
        Action::Crash => cluster.crash_broker(broker, now_ms),
        Action::Start => cluster.start_broker(broker, now_ms),
        Action::Isolate => cluster.isolate_broker(broker, true, now_ms),
        Action::Heal => cluster.isolate_broker(broker, false, now_ms),
        Action::Slow(ms) => cluster.set_fetch_delay(broker, ms, now_ms),
    };
    if let Err(e) = result {
        return CommandOutput::failure(format!("broker: {e}"));
    }
    let now = cluster.now_ms();
    let state = cluster
        .broker_states()
        .find(|b| b.id == broker)
        .cloned()
        .expect("the command just succeeded on this broker");
    let fencing = |unless: &str| {
        match state.lease_expiry_ms {
        Some(at) if !state.fenced => format!(
            "the controller fences it in {} ms (broker.session.timeout.ms = {session_ms} ms since its last heartbeat) unless {unless}, then moves its leaderships to other in-sync replicas",
            (at - now).max(0)
        ),
        _ => "the controller has fenced it already".to_string(),
    }
    };
    let line = match action {
        Action::Stop => format!(
            "broker {broker} stopped cleanly (controlled shutdown): the controller moved its leaderships to other in-sync replicas and took it out of every ISR first"
        ),
        Action::Crash => format!("broker {broker} crashed; {}", fencing("it returns")),
        Action::Start => format!(
            "broker {broker} started: it registers with the controller and is unfenced{}; its replicas fetch from their leaders (truncating where they diverged) and rejoin the ISR once caught up",
            if state.isolated {
                " once its network partition heals"
            } else {
                ""
            }
        ),
        Action::Isolate => format!(
            "broker {broker} is cut off from every other node; {}",
            fencing("it is healed")
        ),
        Action::Heal if state.status == BrokerStatus::Running => format!(
            "broker {broker} is reachable again: it heartbeats to the controller (unfenced if it was fenced) and its replicas catch up and rejoin the ISR"
        ),
        Action::Heal => format!(
            "broker {broker}'s network partition healed; it is still {} (`broker start {broker}` runs it again)",
            status_word(state.status)
        ),
        Action::Slow(0) => {
            format!("broker {broker} is healthy again: its follower fetches are no longer delayed")
        }
        Action::Slow(ms) => format!(
            "broker {broker}'s follower fetches now take {ms} ms longer each; a replica that does not catch up within replica.lag.time.max.ms ({lag_ms} ms) leaves the ISR"
        ),
    };
    let mut out = CommandOutput::default();
    out.out(line);
    out
}

fn status_word(status: BrokerStatus) -> &'static str {
    match status {
        BrokerStatus::Running => "running",
        BrokerStatus::Stopped => "stopped",
        BrokerStatus::Crashed => "crashed",
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// `broker list`: one row per broker, columns as wide as their widest cell.
fn list<S: SegmentStorage>(cluster: &Cluster<S>) -> CommandOutput {
    let health = cluster.health();
    let now = cluster.now_ms();
    let mut states: Vec<&BrokerState> = cluster.broker_states().collect();
    crate::sort::sort_by_key(&mut states, |b| b.id);
    let mut rows: Vec<[String; 7]> = vec![TITLES.map(String::from)];
    let mut notes = Vec::new();
    for b in states {
        let (leaders, replicas) = health
            .brokers
            .iter()
            .find(|h| h.broker == b.id)
            .map_or((0, 0), |h| (h.leaders, h.replicas));
        rows.push([
            b.id.to_string(),
            status_word(b.status).to_string(),
            yes_no(b.isolated).to_string(),
            yes_no(b.fenced).to_string(),
            b.fetch_delay_ms.to_string(),
            leaders.to_string(),
            replicas.to_string(),
        ]);
        if let Some(at) = b.lease_expiry_ms.filter(|_| !b.fenced) {
            notes.push(format!(
                "broker {}: the controller fences it in {} ms unless it heartbeats again",
                b.id,
                (at - now).max(0)
            ));
        }
    }
    let mut widths = [0usize; 7];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.len());
        }
    }
    let mut out = CommandOutput::default();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.out(cells.join("  ").trim_end().to_string());
    }
    out.stdout.extend(notes);
    out
}
