//! [`RequestMetrics`]: how long the brokers took to answer clients, per API, as Kafka's
//! `kafka.network:type=RequestMetrics,name=TotalTimeMs,request=<api>` reports it
//! (`RequestChannel.Request.updateRequestMetrics`).
//!
//! Kafka splits a request's total time into queue, local, remote (purgatory), throttle and
//! response times. The simulation has no request queue, no processing cost and no
//! throttling, and the network's latency is the link's, outside the broker, so a request's
//! total time here is its remote time: zero when the broker answers at once, the purgatory
//! wait when it parks the request: an `acks=all` produce waiting for the ISR
//! (`DelayedProduce`), a JoinGroup held until the rebalance completes (`DelayedJoin`,
//! `group.initial.rebalance.delay.ms`), a SyncGroup waiting for the leader's assignment.
//! These are the waits a learner should see: `acks=all` costs a replication round trip, a
//! rebalance stops the group for seconds.
//!
//! Bounded: one entry per API name ([`crate::engine::protocol::Request::api_name`]).

use std::collections::BTreeMap;

/// One API's answered requests since the playground started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ApiTimes {
    /// Requests answered (`RequestsPerSec` counts them).
    pub count: u64,
    /// The sum of their total times, for the mean over any interval.
    pub total_time_ms_sum: u64,
    /// The longest total time seen.
    pub total_time_ms_max: u64,
}

/// Every API's [`ApiTimes`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestMetrics {
    by_api: BTreeMap<&'static str, ApiTimes>,
}

impl RequestMetrics {
    /// Counts one request of `api` answered after `total_time_ms`.
    pub fn record(&mut self, api: &'static str, total_time_ms: i64) {
        // The clock never runs backwards: a response cannot leave before its request came.
        let ms = u64::try_from(total_time_ms).expect("a response leaves after its request came");
        let t = self.by_api.entry(api).or_default();
        t.count += 1;
        t.total_time_ms_sum += ms;
        t.total_time_ms_max = t.total_time_ms_max.max(ms);
    }

    /// The figures of `api` (zeros when none was answered).
    pub fn get(&self, api: &str) -> ApiTimes {
        self.by_api.get(api).copied().unwrap_or_default()
    }

    /// Every API that was answered at least once, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, ApiTimes)> + '_ {
        self.by_api.iter().map(|(&api, &t)| (api, t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_counts_and_maxima_per_api() {
        let mut m = RequestMetrics::default();
        m.record("Produce", 0);
        m.record("Produce", 12);
        m.record("JoinGroup", 3_000);
        assert_eq!(
            m.get("Produce"),
            ApiTimes {
                count: 2,
                total_time_ms_sum: 12,
                total_time_ms_max: 12
            }
        );
        assert_eq!(m.get("Fetch"), ApiTimes::default());
        let apis: Vec<&str> = m.iter().map(|(a, _)| a).collect();
        assert_eq!(apis, ["JoinGroup", "Produce"]);
    }
}
