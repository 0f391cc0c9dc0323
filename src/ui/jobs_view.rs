//! The terminal's background clients as rows for the panels: the producers (`producer start
//! …`, started from the producers panel's rate form too) with their stop button, and the
//! consumers (`consumer start …`) with what their buttons may do: freeze or thaw the process,
//! or stop it. Plain data, built by the reducer from the shell's jobs and the playground;
//! tested natively.
//!
//! Why a list of its own: a frozen consumer drops out of its group once `session.timeout.ms`
//! passes, so the group's member cards no longer show it; this list still does, with the
//! button that thaws it.

use crate::cli::jobs::{Jobs, Keys};
use crate::engine::playground::Playground;
use crate::storage::SegmentStorage;

/// One background consumer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumerJobRow {
    /// The job number `consumer stop|freeze|thaw` take.
    pub job: u32,
    pub client_id: String,
    pub group: String,
    pub topics: String,
    pub processing_ms: i64,
    pub consumed: u64,
    pub frozen: bool,
}

impl ConsumerJobRow {
    /// The terminal command of the freeze/thaw button.
    pub fn toggle_command(&self) -> String {
        let verb = if self.frozen { "thaw" } else { "freeze" };
        format!("consumer {verb} {}", self.job)
    }

    /// The terminal command of the stop button.
    pub fn stop_command(&self) -> String {
        format!("consumer stop {}", self.job)
    }
}

/// One background producer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducerJobRow {
    pub job: u32,
    pub client_id: String,
    pub topic: String,
    pub rate_per_s: u32,
    /// `null`, or the cycle of keys (`user-0..user-7`).
    pub keys: String,
    pub sent: u64,
    pub failed: u64,
}

impl ProducerJobRow {
    /// The terminal command of the stop button.
    pub fn stop_command(&self) -> String {
        format!("producer stop {}", self.job)
    }
}

/// The command that starts a background producer sending `rate_per_s` records a second to
/// `topic`, with keys `key-0`…`key-{keys-1}` when `keys` is given (null keys otherwise) and
/// `acks` when chosen (the profile's default otherwise).
pub fn producer_start_command(
    topic: &str,
    rate_per_s: u32,
    keys: Option<u32>,
    acks: Option<&str>,
) -> String {
    let mut command = format!("producer start {topic} --rate {rate_per_s}");
    if let Some(keys) = keys {
        command.push_str(&format!(" --keys key-:{keys}"));
    }
    if let Some(acks) = acks {
        command.push_str(&format!(" acks={acks}"));
    }
    command
}

/// The command that starts a background consumer in `group` reading `topics`, spending
/// `processing_ms` on each record, with `partition.assignment.strategy` and a static
/// `group.instance.id` (KIP-345) when given.
pub fn consumer_start_command(
    group: &str,
    topics: &str,
    processing_ms: i64,
    assignor: Option<&str>,
    instance_id: Option<&str>,
) -> String {
    let mut command = format!("consumer start {group} {topics}");
    if processing_ms > 0 {
        command.push_str(&format!(" --processing-ms {processing_ms}"));
    }
    if let Some(assignor) = assignor {
        command.push_str(&format!(" partition.assignment.strategy={assignor}"));
    }
    if let Some(id) = instance_id {
        command.push_str(&format!(" group.instance.id={id}"));
    }
    command
}

/// Every background producer of `jobs`, in job order.
pub fn producer_job_rows<S: SegmentStorage>(
    jobs: &Jobs,
    playground: &Playground<S>,
) -> Vec<ProducerJobRow> {
    jobs.producers()
        .iter()
        .map(|p| ProducerJobRow {
            job: p.job,
            client_id: playground
                .producer(p.producer)
                .map(|k| k.client_id().to_owned())
                .unwrap_or_default(),
            topic: p.topic.clone(),
            rate_per_s: p.rate_per_s,
            keys: match &p.keys {
                Keys::None => "null".to_owned(),
                Keys::Cycle { prefix, count } => format!("{prefix}0..{prefix}{}", count - 1),
            },
            sent: p.sent,
            failed: p.failed,
        })
        .collect()
}

/// Every background consumer of `jobs`, in job order.
pub fn consumer_job_rows<S: SegmentStorage>(
    jobs: &Jobs,
    playground: &Playground<S>,
) -> Vec<ConsumerJobRow> {
    jobs.consumers()
        .iter()
        .map(|c| ConsumerJobRow {
            job: c.job,
            client_id: playground
                .consumer(c.consumer)
                .map(|k| k.client_id().to_owned())
                .unwrap_or_default(),
            group: c.group.clone(),
            topics: c.topics.join(","),
            processing_ms: c.processing_ms,
            consumed: c.consumed,
            frozen: c.frozen,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Shell;
    use crate::engine::playground::PlaygroundConfig;
    use crate::engine::profile::VersionProfile;
    use crate::storage::memory::MemoryStorage;

    #[test]
    fn rows_follow_the_jobs_and_their_buttons_type_the_commands() {
        let mut pg = Playground::new(
            PlaygroundConfig::new(1, VersionProfile::Kafka4x),
            MemoryStorage::new(),
            0,
        );
        let mut shell = Shell::new();
        for line in [
            "producer start t --rate 5",
            "consumer start g t --processing-ms 3",
            "consumer freeze 2",
        ] {
            let now = pg.now_ms();
            assert_eq!(shell.run_line(&mut pg, line, now).exit_code, 0, "{line}");
        }
        let rows = consumer_job_rows(shell.jobs(), &pg);
        assert_eq!(
            rows,
            [ConsumerJobRow {
                job: 2,
                client_id: "consumer-g-1".into(),
                group: "g".into(),
                topics: "t".into(),
                processing_ms: 3,
                consumed: 0,
                frozen: true,
            }]
        );
        assert_eq!(rows[0].toggle_command(), "consumer thaw 2");
        assert_eq!(rows[0].stop_command(), "consumer stop 2");
        let producers = producer_job_rows(shell.jobs(), &pg);
        assert_eq!(
            (
                producers[0].job,
                producers[0].rate_per_s,
                producers[0].keys.as_str()
            ),
            (1, 5, "null")
        );
        assert_eq!(producers[0].stop_command(), "producer stop 1");
    }

    #[test]
    fn the_consumer_form_types_the_consumer_start_command() {
        assert_eq!(
            consumer_start_command("billing", "orders", 0, None, None),
            "consumer start billing orders"
        );
        assert_eq!(
            consumer_start_command(
                "billing",
                "orders,refunds",
                50,
                Some("org.apache.kafka.clients.consumer.CooperativeStickyAssignor"),
                Some("pod-1")
            ),
            "consumer start billing orders,refunds --processing-ms 50 partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor group.instance.id=pod-1"
        );
    }

    #[test]
    fn the_rate_form_types_the_producer_start_command() {
        assert_eq!(
            producer_start_command("orders", 100, None, None),
            "producer start orders --rate 100"
        );
        assert_eq!(
            producer_start_command("orders", 5_000, Some(8), Some("all")),
            "producer start orders --rate 5000 --keys key-:8 acks=all"
        );
    }
}
