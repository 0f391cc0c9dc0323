//! [`TransactionState`]: the states of a transactional id at its coordinator (Kafka's
//! `TransactionState`, transaction protocol v1), with their ids in `__transaction_state`.

/// A transaction's state. `valid_previous_states` is Kafka's transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum TransactionState {
    /// No transaction yet, or a new epoch was just given out.
    Empty,
    /// Partitions were added: a transaction is running.
    Ongoing,
    /// EndTxn(commit) was written; markers are being written.
    PrepareCommit,
    /// EndTxn(abort), a timeout or a fence was written; markers are being written.
    PrepareAbort,
    CompleteCommit,
    CompleteAbort,
    /// The transactional id expired and is being removed.
    Dead,
    /// Bumping the epoch to fence an older producer before aborting its transaction.
    PrepareEpochFence,
}

impl TransactionState {
    /// The byte stored in `TransactionLogValue.TransactionStatus`.
    pub const fn id(self) -> i8 {
        match self {
            TransactionState::Empty => 0,
            TransactionState::Ongoing => 1,
            TransactionState::PrepareCommit => 2,
            TransactionState::PrepareAbort => 3,
            TransactionState::CompleteCommit => 4,
            TransactionState::CompleteAbort => 5,
            TransactionState::Dead => 6,
            TransactionState::PrepareEpochFence => 7,
        }
    }

    /// `TransactionState.fromId`.
    pub const fn from_id(id: i8) -> Option<TransactionState> {
        Some(match id {
            0 => TransactionState::Empty,
            1 => TransactionState::Ongoing,
            2 => TransactionState::PrepareCommit,
            3 => TransactionState::PrepareAbort,
            4 => TransactionState::CompleteCommit,
            5 => TransactionState::CompleteAbort,
            6 => TransactionState::Dead,
            7 => TransactionState::PrepareEpochFence,
            _ => return None,
        })
    }

    /// The name `DescribeTransactions` and `kafka-transactions.sh` show.
    pub const fn name(self) -> &'static str {
        match self {
            TransactionState::Empty => "Empty",
            TransactionState::Ongoing => "Ongoing",
            TransactionState::PrepareCommit => "PrepareCommit",
            TransactionState::PrepareAbort => "PrepareAbort",
            TransactionState::CompleteCommit => "CompleteCommit",
            TransactionState::CompleteAbort => "CompleteAbort",
            TransactionState::Dead => "Dead",
            TransactionState::PrepareEpochFence => "PrepareEpochFence",
        }
    }

    /// `validPreviousStates`.
    pub fn valid_previous_states(self) -> &'static [TransactionState] {
        use TransactionState::*;
        match self {
            Empty => &[Empty, CompleteCommit, CompleteAbort],
            Ongoing => &[Ongoing, Empty, CompleteCommit, CompleteAbort],
            PrepareCommit => &[Ongoing],
            PrepareAbort => &[Ongoing, PrepareEpochFence],
            CompleteCommit => &[PrepareCommit],
            CompleteAbort => &[PrepareAbort],
            Dead => &[Empty, CompleteAbort, CompleteCommit],
            PrepareEpochFence => &[Ongoing],
        }
    }

    /// `isExpirationAllowed`: a transactional id may expire only between transactions.
    pub const fn is_expiration_allowed(self) -> bool {
        matches!(
            self,
            TransactionState::Empty
                | TransactionState::CompleteCommit
                | TransactionState::CompleteAbort
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_the_table_matches_kafka() {
        for id in 0..8 {
            assert_eq!(TransactionState::from_id(id).unwrap().id(), id);
        }
        assert_eq!(TransactionState::from_id(8), None);
        assert!(TransactionState::PrepareCommit
            .valid_previous_states()
            .contains(&TransactionState::Ongoing));
        assert!(!TransactionState::PrepareCommit
            .valid_previous_states()
            .contains(&TransactionState::Empty));
        assert!(TransactionState::CompleteAbort.is_expiration_allowed());
        assert!(!TransactionState::Ongoing.is_expiration_allowed());
    }
}
