//! `ClassicGroupState`: the five states of a classic group and Kafka's allowed transitions.
//!
//! From `org.apache.kafka.coordinator.group.classic.ClassicGroupState` (4.x; `GroupState` in
//! the 3.x Scala coordinator): `Empty <- {PreparingRebalance}`,
//! `PreparingRebalance <- {Stable, CompletingRebalance, Empty}`,
//! `CompletingRebalance <- {PreparingRebalance}`, `Stable <- {CompletingRebalance}`,
//! `Dead <- {Stable, PreparingRebalance, CompletingRebalance, Empty, Dead}`.

/// A classic group's state.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ClassicGroupState {
    /// No members; may still hold committed offsets until they expire.
    Empty,
    /// Waiting for every known member to (re)join.
    PreparingRebalance,
    /// The generation is set; waiting for the leader's assignment in SyncGroup.
    CompletingRebalance,
    /// Every member has its assignment and heartbeats.
    Stable,
    /// The group's metadata is being removed.
    Dead,
}

impl ClassicGroupState {
    /// Kafka's name (`ClassicGroupState.toString`), as `kafka-consumer-groups --describe`
    /// prints it.
    pub fn name(self) -> &'static str {
        match self {
            ClassicGroupState::Empty => "Empty",
            ClassicGroupState::PreparingRebalance => "PreparingRebalance",
            ClassicGroupState::CompletingRebalance => "CompletingRebalance",
            ClassicGroupState::Stable => "Stable",
            ClassicGroupState::Dead => "Dead",
        }
    }

    /// `validPreviousStates()`.
    pub fn valid_previous_states(self) -> &'static [ClassicGroupState] {
        use ClassicGroupState::*;
        match self {
            Empty => &[PreparingRebalance],
            PreparingRebalance => &[Stable, CompletingRebalance, Empty],
            CompletingRebalance => &[PreparingRebalance],
            Stable => &[CompletingRebalance],
            Dead => &[Stable, PreparingRebalance, CompletingRebalance, Empty, Dead],
        }
    }

    /// Whether `self -> to` is one of Kafka's transitions.
    pub fn can_transition_to(self, to: ClassicGroupState) -> bool {
        to.valid_previous_states().contains(&self)
    }
}

#[cfg(test)]
mod tests {
    use super::ClassicGroupState::*;

    #[test]
    fn kafkas_transitions_and_no_others() {
        let all = [Empty, PreparingRebalance, CompletingRebalance, Stable, Dead];
        let allowed: Vec<(_, _)> = all
            .iter()
            .flat_map(|&from| all.iter().map(move |&to| (from, to)))
            .filter(|(from, to)| from.can_transition_to(*to))
            .collect();
        assert_eq!(
            allowed,
            [
                (Empty, PreparingRebalance),
                (Empty, Dead),
                (PreparingRebalance, Empty),
                (PreparingRebalance, CompletingRebalance),
                (PreparingRebalance, Dead),
                (CompletingRebalance, PreparingRebalance),
                (CompletingRebalance, Stable),
                (CompletingRebalance, Dead),
                (Stable, PreparingRebalance),
                (Stable, Dead),
                (Dead, Dead),
            ]
        );
    }
}
