//! The terminal's background consumers (`consumer start …`) as rows for the groups panel, with
//! what their buttons may do: freeze or thaw the process, or stop it. Plain data, built by the
//! reducer from the shell's jobs and the playground; tested natively.
//!
//! Why a list of its own: a frozen consumer drops out of its group once `session.timeout.ms`
//! passes, so the group's member cards no longer show it; this list still does, with the
//! button that thaws it.

use crate::cli::jobs::Jobs;
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
    }
}
