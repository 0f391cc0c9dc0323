//! Leader election as the KRaft controller does it (`PartitionChangeBuilder.electLeader`):
//! pure functions of a partition's replicas, ISR and current leader, and of which brokers
//! may lead (`isAcceptableLeader`: registered, not fenced, not shutting down).
//!
//! Eligible leader replicas (KIP-966) are off, as they are by default before Kafka 4.1, so a
//! partition whose last in-sync replica fails keeps that replica as its ISR and has no
//! leader until it returns, or until an unclean election.

/// What an election decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElectionResult {
    /// The leader, `None` when no replica may lead (the partition is offline).
    pub leader: Option<i32>,
    /// Whether the leader was taken from outside the ISR: its ISR becomes itself alone, and
    /// records only the old ISR had are lost.
    pub unclean: bool,
}

/// Which election the controller runs (`PartitionChangeBuilder.Election`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Election {
    /// `PREFERRED`: the first replica of the assignment if it may lead.
    Preferred,
    /// `ONLINE`: keep the leader if it still may lead, else the first ISR member that may.
    Online,
    /// `UNCLEAN`: as `ONLINE`, then any replica that is up (the topic allows it, or
    /// `kafka-leader-election --election-type unclean` asked).
    Unclean,
}

/// `PartitionChangeBuilder.electLeader` for `replicas` (assignment order), `isr` and the
/// current `leader`; `acceptable` says whether a broker may lead.
pub fn elect_leader(
    election: Election,
    replicas: &[i32],
    isr: &[i32],
    leader: Option<i32>,
    acceptable: impl Fn(i32) -> bool,
) -> ElectionResult {
    let valid = |r: i32| isr.contains(&r) && acceptable(r);
    let clean = |leader| ElectionResult {
        leader,
        unclean: false,
    };
    match election {
        Election::Preferred => {
            if let Some(&preferred) = replicas.first().filter(|&&r| valid(r)) {
                return clean(Some(preferred));
            }
            if let Some(current) = leader.filter(|&l| valid(l)) {
                return clean(Some(current));
            }
            clean(replicas.iter().skip(1).copied().find(|&r| valid(r)))
        }
        Election::Online | Election::Unclean => {
            if let Some(current) = leader.filter(|&l| valid(l)) {
                return clean(Some(current));
            }
            if let Some(online) = replicas.iter().copied().find(|&r| valid(r)) {
                return clean(Some(online));
            }
            if election == Election::Unclean {
                if let Some(any) = replicas.iter().copied().find(|&r| acceptable(r)) {
                    return ElectionResult {
                        leader: Some(any),
                        unclean: true,
                    };
                }
            }
            clean(None)
        }
    }
}

/// The ISR once `broker` is fenced or shut down (`ReplicationControlManager.handleBrokerFenced`
/// removes it from every ISR). An ISR is never left empty without eligible leader
/// replicas (`PartitionChangeBuilder.build` keeps the old ISR then), so the last member stays.
pub fn isr_without(isr: &[i32], broker: i32) -> Vec<i32> {
    let rest: Vec<i32> = isr.iter().copied().filter(|&r| r != broker).collect();
    if rest.is_empty() {
        isr.to_vec()
    } else {
        rest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_UP: fn(i32) -> bool = |_| true;

    #[test]
    fn online_keeps_a_valid_leader_and_else_takes_the_first_isr_member() {
        let r = elect_leader(Election::Online, &[1, 2, 3], &[1, 2, 3], Some(2), ALL_UP);
        assert_eq!(r.leader, Some(2));
        let r = elect_leader(Election::Online, &[1, 2, 3], &[3, 2], Some(1), |b| b != 1);
        assert_eq!(
            r,
            ElectionResult {
                leader: Some(2),
                unclean: false
            }
        );
    }

    #[test]
    fn no_isr_member_up_means_offline_unless_unclean() {
        let down = |b: i32| b == 3;
        let r = elect_leader(Election::Online, &[1, 2, 3], &[1], Some(1), down);
        assert_eq!(r.leader, None);
        let r = elect_leader(Election::Unclean, &[1, 2, 3], &[1], Some(1), down);
        assert_eq!(
            r,
            ElectionResult {
                leader: Some(3),
                unclean: true
            }
        );
    }

    #[test]
    fn preferred_moves_leadership_back_to_the_first_replica() {
        let r = elect_leader(Election::Preferred, &[1, 2, 3], &[2, 3, 1], Some(2), ALL_UP);
        assert_eq!(r.leader, Some(1));
        // Not in the ISR yet: the current leader stays.
        let r = elect_leader(Election::Preferred, &[1, 2, 3], &[2, 3], Some(2), ALL_UP);
        assert_eq!(r.leader, Some(2));
    }

    #[test]
    fn the_last_isr_member_is_kept() {
        assert_eq!(isr_without(&[1, 2], 2), vec![1]);
        assert_eq!(isr_without(&[1], 1), vec![1]);
    }
}
