//! The `acks` decision of a partition leader: whether a produce may be appended, and when it
//! is acknowledged. One place, so replication can extend it.
//!
//! Kafka: `ReplicaManager.isValidRequiredAcks` (only -1, 0, 1) and
//! `Partition.appendRecordsToLeader`: with `acks=-1` the leader refuses to append while the
//! ISR is smaller than the minimum ISR, with `NOT_ENOUGH_REPLICAS` and nothing written. Since
//! Kafka 3.7 (KAFKA-15583, `Partition.effectiveMinIsr`) that minimum is
//! `min(min.insync.replicas, replication factor)`; before, it was `min.insync.replicas` itself,
//! so a one-replica topic with `min.insync.replicas=2` refused every `acks=all` write. With one
//! broker the ISR is the leader alone, so the append is acknowledged at once; the
//! `NOT_ENOUGH_REPLICAS_AFTER_APPEND` case (the ISR shrinking while a request waits in
//! purgatory) needs followers and comes with replication.

use crate::engine::error_code::ErrorCode;

/// How the minimum ISR is computed (the Kafka version's rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MinIsrRule {
    /// Kafka before 3.7: `min.insync.replicas` as configured.
    Configured,
    /// Kafka 3.7 and later: capped by the replication factor (`effectiveMinIsr`).
    CappedByReplicas,
}

/// What the leader knows when it decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcksContext<'a> {
    /// `acks` of the request.
    pub required_acks: i16,
    /// The topic's `min.insync.replicas`.
    pub min_insync_replicas: i32,
    /// Replicas of the partition (the replication factor).
    pub replicas: &'a [i32],
    /// The current ISR.
    pub isr: &'a [i32],
    pub rule: MinIsrRule,
}

/// A refusal before the append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcksRefusal {
    pub code: ErrorCode,
    pub message: String,
}

/// `ReplicaManager.isValidRequiredAcks`.
pub fn is_valid_required_acks(acks: i16) -> bool {
    matches!(acks, -1..=1)
}

/// The minimum ISR an `acks=all` append needs.
pub fn effective_min_isr(
    min_insync_replicas: i32,
    replication_factor: usize,
    rule: MinIsrRule,
) -> i32 {
    match rule {
        MinIsrRule::Configured => min_insync_replicas,
        MinIsrRule::CappedByReplicas => {
            min_insync_replicas.min(i32::try_from(replication_factor).unwrap_or(i32::MAX))
        }
    }
}

/// The check before a leader append (`Partition.appendRecordsToLeader`): `acks=-1` with an ISR
/// below the minimum is `NOT_ENOUGH_REPLICAS`, with Kafka 3.x's message for
/// `topic_partition`. `acks` 0 and 1 always pass.
pub fn check_before_append(
    ctx: &AcksContext<'_>,
    topic_partition: &str,
) -> Result<(), AcksRefusal> {
    let min_isr = effective_min_isr(ctx.min_insync_replicas, ctx.replicas.len(), ctx.rule);
    let in_sync = i32::try_from(ctx.isr.len()).unwrap_or(i32::MAX);
    if ctx.required_acks == -1 && in_sync < min_isr {
        let isr = ctx
            .isr
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        return Err(AcksRefusal {
            code: ErrorCode::NotEnoughReplicas,
            message: format!(
                "The size of the current ISR Set({isr}) is insufficient to satisfy the min.isr requirement of {min_isr} for partition {topic_partition}"
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx<'a>(
        acks: i16,
        min_isr: i32,
        replicas: &'a [i32],
        isr: &'a [i32],
        rule: MinIsrRule,
    ) -> AcksContext<'a> {
        AcksContext {
            required_acks: acks,
            min_insync_replicas: min_isr,
            replicas,
            isr,
            rule,
        }
    }

    #[test]
    fn acks_all_needs_the_minimum_isr() {
        let err = check_before_append(&ctx(-1, 2, &[0], &[0], MinIsrRule::Configured), "t-0")
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::NotEnoughReplicas);
        assert_eq!(
            err.message,
            "The size of the current ISR Set(0) is insufficient to satisfy the min.isr requirement of 2 for partition t-0"
        );
        // Kafka 3.7+: a one-replica topic cannot need two in-sync replicas.
        assert!(
            check_before_append(&ctx(-1, 2, &[0], &[0], MinIsrRule::CappedByReplicas), "t-0")
                .is_ok()
        );
        // Three replicas, one in sync: refused under both rules.
        for rule in [MinIsrRule::Configured, MinIsrRule::CappedByReplicas] {
            assert!(check_before_append(&ctx(-1, 2, &[0, 1, 2], &[0], rule), "t-0").is_err());
            assert!(check_before_append(&ctx(-1, 2, &[0, 1, 2], &[0, 2], rule), "t-0").is_ok());
        }
        // acks 0 and 1 never wait for the ISR.
        for acks in [0, 1] {
            assert!(check_before_append(
                &ctx(acks, 3, &[0, 1, 2], &[0], MinIsrRule::Configured),
                "t-0"
            )
            .is_ok());
        }
        assert!(
            is_valid_required_acks(-1) && !is_valid_required_acks(2) && !is_valid_required_acks(-2)
        );
    }
}
