//! [`MetricsHistory`]: the figures Kafka exports through JMX, sampled on the simulated clock
//! and kept for the metrics panel's charts: messages in/s and bytes in/out per second
//! (`BrokerTopicMetrics`), under-replicated, offline and under-min-ISR partitions
//! (`ReplicaManager`), ISR shrinks and expands, and each consumer group's total lag
//! (`records-lag` summed over the group's partitions, as `kafka-consumer-groups.sh` shows it),
//! and the mean time the brokers took to answer the requests that can wait in a purgatory
//! (`RequestMetrics` `TotalTimeMs`, see `engine::net::request_metrics`).
//!
//! Plain Rust, tested natively. Rates are per simulated second, so `advance 1h` does not make
//! a spike: the rate is spread over the hour that passed.

use std::collections::VecDeque;

use crate::engine::group::groups_view::GroupsView;
use crate::engine::net::request_metrics::{ApiTimes, RequestMetrics};
use crate::engine::view::ClusterView;

/// How many samples the charts keep (the oldest goes first).
pub const METRICS_SAMPLES_MAX: usize = 240;
/// The simulated time between two samples: a faster tick adds none in between.
pub const SAMPLE_INTERVAL_MS: i64 = 1_000;
/// How many groups the lag chart draws (the others are left out, and the panel says so).
pub const LAG_GROUPS_MAX: usize = 6;
/// The APIs whose request time is charted: those a broker can park, so their time is not
/// always zero (`acks=all` produce in `DelayedProduce`, JoinGroup and SyncGroup in the group
/// coordinator's purgatory).
pub const TIMED_APIS: [&str; 3] = ["Produce", "JoinGroup", "SyncGroup"];

/// The cluster's cumulative counters and gauges at one simulated instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub now_ms: i64,
    pub messages_in: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub under_replicated: usize,
    pub offline: usize,
    pub under_min_isr: usize,
    pub isr_shrinks: u64,
    pub isr_expands: u64,
    /// Each group's total lag (partitions with a committed offset), by group id.
    pub group_lag: Vec<(String, i64)>,
    /// The request times of [`TIMED_APIS`], in that order.
    pub request_times: [ApiTimes; TIMED_APIS.len()],
}

impl Sample {
    /// Reads the figures off the views the panels already have and the brokers' request
    /// times, stamped with the playground's clock `now_ms`. Not the view's own `now_ms`: that
    /// is the brokers' last busy moment, which stands still while the cluster idles, so an idle
    /// stretch would take no samples and the charts would close up over it.
    pub fn of(
        view: &ClusterView,
        groups: &GroupsView,
        requests: &RequestMetrics,
        now_ms: i64,
    ) -> Sample {
        let health = &view.health;
        let sum = |f: fn(&crate::engine::replication::health::BrokerHealth) -> u64| {
            health.brokers.iter().map(f).sum()
        };
        Sample {
            now_ms,
            messages_in: sum(|b| b.messages_in),
            bytes_in: sum(|b| b.bytes_in),
            bytes_out: sum(|b| b.bytes_out),
            under_replicated: health.under_replicated,
            offline: health.offline,
            under_min_isr: health.under_min_isr,
            isr_shrinks: health.isr_shrinks,
            isr_expands: health.isr_expands,
            group_lag: groups
                .groups
                .iter()
                .map(|g| {
                    let lag = g.partitions.iter().filter_map(|p| p.lag).sum();
                    (g.group_id.clone(), lag)
                })
                .collect(),
            request_times: TIMED_APIS.map(|api| requests.get(api)),
        }
    }
}

/// One point of a chart: simulated time and value.
pub type Point = (i64, f64);

/// The samples of the last [`METRICS_SAMPLES_MAX`] simulated seconds (or longer jumps).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricsHistory {
    samples: VecDeque<Sample>,
}

impl MetricsHistory {
    /// Adds `sample` if at least [`SAMPLE_INTERVAL_MS`] of simulated time passed since the
    /// last one; returns whether it did.
    pub fn record(&mut self, sample: Sample) -> bool {
        if self
            .samples
            .back()
            .is_some_and(|last| sample.now_ms - last.now_ms < SAMPLE_INTERVAL_MS)
        {
            return false;
        }
        if self.samples.len() == METRICS_SAMPLES_MAX {
            self.samples.pop_front();
        }
        self.samples.push_back(sample);
        true
    }

    pub fn len(&self) -> usize {
        self.samples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    pub fn latest(&self) -> Option<&Sample> {
        self.samples.back()
    }

    /// A counter's rate per simulated second between consecutive samples, at the later one.
    pub fn rate(&self, counter: fn(&Sample) -> u64) -> Vec<Point> {
        self.samples
            .iter()
            .zip(self.samples.iter().skip(1))
            .map(|(a, b)| {
                let seconds = (b.now_ms - a.now_ms) as f64 / 1000.0;
                let delta = counter(b).saturating_sub(counter(a)) as f64;
                (b.now_ms, if seconds > 0.0 { delta / seconds } else { 0.0 })
            })
            .collect()
    }

    /// The mean request time of `TIMED_APIS[api]` over each interval between consecutive
    /// samples, at the later one; intervals in which none was answered have no point.
    pub fn mean_request_time(&self, api: usize) -> Vec<Point> {
        self.samples
            .iter()
            .zip(self.samples.iter().skip(1))
            .filter_map(|(a, b)| {
                let (from, to) = (a.request_times[api], b.request_times[api]);
                let count = to.count.checked_sub(from.count).filter(|&c| c > 0)?;
                let sum = to.total_time_ms_sum - from.total_time_ms_sum;
                Some((b.now_ms, sum as f64 / count as f64))
            })
            .collect()
    }

    /// A gauge's value at each sample.
    pub fn gauge(&self, value: fn(&Sample) -> f64) -> Vec<Point> {
        self.samples.iter().map(|s| (s.now_ms, value(s))).collect()
    }

    /// The groups the lag chart draws: those seen in the history, in order of first
    /// appearance, at most [`LAG_GROUPS_MAX`]; and how many were left out.
    pub fn lag_groups(&self) -> (Vec<String>, usize) {
        let mut seen: Vec<String> = Vec::new();
        for s in &self.samples {
            for (group, _) in &s.group_lag {
                if !seen.contains(group) {
                    seen.push(group.clone());
                }
            }
        }
        let left_out = seen.len().saturating_sub(LAG_GROUPS_MAX);
        seen.truncate(LAG_GROUPS_MAX);
        (seen, left_out)
    }

    /// One group's total lag at each sample where the group existed.
    pub fn group_lag(&self, group: &str) -> Vec<Point> {
        self.samples
            .iter()
            .filter_map(|s| {
                s.group_lag
                    .iter()
                    .find(|(g, _)| g == group)
                    .map(|(_, lag)| (s.now_ms, *lag as f64))
            })
            .collect()
    }
}

/// An SVG polyline's `points` for `points` scaled into a `width` × `height` box: time runs
/// left to right over `[t0, t1]`, values bottom to top over `[0, max]` (at least 1, so a flat
/// zero line sits on the bottom edge).
pub fn polyline(points: &[Point], t0: i64, t1: i64, max: f64, width: f64, height: f64) -> String {
    let span = (t1 - t0).max(1) as f64;
    let top = max.max(1.0);
    points
        .iter()
        .map(|&(t, v)| {
            let x = (t - t0) as f64 / span * width;
            let y = height - (v / top).clamp(0.0, 1.0) * height;
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The largest value of several series (0 when all are empty).
pub fn max_value<'a>(series: impl IntoIterator<Item = &'a [Point]>) -> f64 {
    series
        .into_iter()
        .flat_map(|s| s.iter().map(|&(_, v)| v))
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(now_ms: i64, messages_in: u64, lag: &[(&str, i64)]) -> Sample {
        Sample {
            now_ms,
            messages_in,
            bytes_in: messages_in * 100,
            bytes_out: 0,
            under_replicated: 0,
            offline: 0,
            under_min_isr: 0,
            isr_shrinks: 0,
            isr_expands: 0,
            group_lag: lag.iter().map(|(g, l)| ((*g).to_owned(), *l)).collect(),
            request_times: Default::default(),
        }
    }

    #[test]
    fn request_time_is_the_mean_over_each_interval_with_requests() {
        let mut h = MetricsHistory::default();
        let mut requests = RequestMetrics::default();
        let at = |now_ms: i64, requests: &RequestMetrics| Sample {
            request_times: TIMED_APIS.map(|api| requests.get(api)),
            ..sample(now_ms, 0, &[])
        };
        h.record(at(0, &requests));
        requests.record("Produce", 10);
        requests.record("Produce", 30);
        requests.record("JoinGroup", 3_000);
        h.record(at(1_000, &requests));
        h.record(at(2_000, &requests));
        requests.record("Produce", 5);
        h.record(at(3_000, &requests));
        assert_eq!(h.mean_request_time(0), vec![(1_000, 20.0), (3_000, 5.0)]);
        assert_eq!(h.mean_request_time(1), vec![(1_000, 3_000.0)]);
        assert_eq!(h.mean_request_time(2), vec![]);
    }

    #[test]
    fn an_idle_cluster_is_sampled_on_the_playgrounds_clock() {
        use crate::engine::group::groups_view::groups_view;
        use crate::engine::playground::{Playground, PlaygroundConfig};
        use crate::engine::profile::VersionProfile;
        use crate::storage::memory::MemoryStorage;

        let mut pg = Playground::new(
            PlaygroundConfig::new(1, VersionProfile::Kafka4x),
            MemoryStorage::new(),
            0,
        );
        let mut h = MetricsHistory::default();
        for second in 1..=3 {
            pg.pass_time(second * 60_000 + 777);
            let view = pg.cluster().view();
            let groups = groups_view(pg.cluster(), pg.events());
            h.record(Sample::of(
                &view,
                &groups,
                pg.request_metrics(),
                pg.now_ms(),
            ));
        }
        // Between their periodic tasks the brokers' own clock lags (here at the whole
        // minutes); the samples land at the playground's moments, where the time axis is.
        assert_eq!(
            h.rate(|s| s.messages_in),
            vec![(120_777, 0.0), (180_777, 0.0)]
        );
    }

    #[test]
    fn samples_are_taken_once_per_simulated_second_and_bounded() {
        let mut h = MetricsHistory::default();
        assert!(h.record(sample(0, 0, &[])));
        assert!(!h.record(sample(250, 1, &[])), "too soon");
        assert!(h.record(sample(1_000, 2, &[])));
        for i in 2..(METRICS_SAMPLES_MAX as i64 + 10) {
            h.record(sample(i * 1_000, 0, &[]));
        }
        assert_eq!(h.len(), METRICS_SAMPLES_MAX);
    }

    #[test]
    fn rates_are_per_simulated_second_even_across_a_jump() {
        let mut h = MetricsHistory::default();
        h.record(sample(0, 0, &[]));
        h.record(sample(1_000, 50, &[]));
        // `advance 1h`: 3600 records over an hour is one per second, not a spike.
        h.record(sample(3_601_000, 3_650, &[]));
        assert_eq!(
            h.rate(|s| s.messages_in),
            vec![(1_000, 50.0), (3_601_000, 1.0)]
        );
    }

    #[test]
    fn lag_series_per_group_and_the_limit() {
        let mut h = MetricsHistory::default();
        h.record(sample(0, 0, &[("a", 5)]));
        h.record(sample(1_000, 0, &[("a", 3), ("b", 9)]));
        assert_eq!(h.group_lag("a"), vec![(0, 5.0), (1_000, 3.0)]);
        assert_eq!(h.group_lag("b"), vec![(1_000, 9.0)]);
        let many: Vec<(String, i64)> = (0..LAG_GROUPS_MAX + 2)
            .map(|i| (format!("g{i}"), 1))
            .collect();
        let refs: Vec<(&str, i64)> = many.iter().map(|(g, l)| (g.as_str(), *l)).collect();
        h.record(sample(2_000, 0, &refs));
        let (groups, left_out) = h.lag_groups();
        assert_eq!((groups.len(), left_out), (LAG_GROUPS_MAX, 4));
    }

    #[test]
    fn polyline_scales_into_the_box() {
        let points = [(0, 0.0), (50, 5.0), (100, 10.0)];
        assert_eq!(
            polyline(&points, 0, 100, 10.0, 100.0, 20.0),
            "0.0,20.0 50.0,10.0 100.0,0.0"
        );
        assert_eq!(max_value([&points[..]]), 10.0);
    }
}
