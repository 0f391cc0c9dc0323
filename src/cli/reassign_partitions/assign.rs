//! `AdminUtils.assignReplicasToBrokers`, rack-unaware (`assignReplicasToBrokersRackUnaware`),
//! ported line by line for `kafka-reassign-partitions --generate`.
//!
//! The first replica of each partition goes round-robin over the brokers from a random start
//! index; the others follow with a shift that grows by one after every round of the broker
//! list (`replicaIndex`). Kafka draws the start index and the shift from a static, unseeded
//! `java.util.Random`; kplay draws them from a [`JavaRandom`] its caller seeds from the
//! playground (so a proposal replays identically, and differs between runs at different
//! moments as Kafka's does). kplay's brokers have no `broker.rack`, so the rack-aware branch
//! is never taken (as `--disable-rack-aware` would make it).

use crate::engine::topic::java_random::JavaRandom;

/// Why an assignment cannot be made: the exception class and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignError {
    pub class: &'static str,
    pub message: String,
}

/// `assignReplicasToBrokers(brokerMetadatas, nPartitions, replicationFactor)` with no fixed
/// start index: the replicas of partitions `0..n_partitions`, in partition order.
pub fn assign_replicas_to_brokers(
    brokers: &[i32],
    n_partitions: i32,
    replication_factor: i32,
    random: &mut JavaRandom,
) -> Result<Vec<Vec<i32>>, AssignError> {
    if n_partitions <= 0 {
        return Err(AssignError {
            class: "org.apache.kafka.common.errors.InvalidPartitionsException",
            message: "Number of partitions must be larger than 0.".into(),
        });
    }
    if replication_factor <= 0 {
        return Err(AssignError {
            class: "org.apache.kafka.common.errors.InvalidReplicationFactorException",
            message: "Replication factor must be larger than 0.".into(),
        });
    }
    let n = brokers.len();
    if replication_factor as usize > n {
        return Err(AssignError {
            class: "org.apache.kafka.common.errors.InvalidReplicationFactorException",
            message: format!(
                "Replication factor: {replication_factor} larger than available brokers: {n}."
            ),
        });
    }
    let bound = i32::try_from(n).expect("a cluster has at most a handful of brokers");
    let start_index = random.next_int_bounded(bound) as usize;
    let next_replica_shift = random.next_int_bounded(bound) as usize;
    Ok(layout(
        brokers,
        n_partitions as usize,
        replication_factor as usize,
        start_index,
        next_replica_shift,
    ))
}

/// The loop of `assignReplicasToBrokersRackUnaware` for a start index and an initial shift.
fn layout(
    brokers: &[i32],
    n_partitions: usize,
    replication_factor: usize,
    start_index: usize,
    mut next_replica_shift: usize,
) -> Vec<Vec<i32>> {
    let n = brokers.len();
    let mut assignment = Vec::with_capacity(n_partitions);
    for partition in 0..n_partitions {
        if partition > 0 && partition % n == 0 {
            next_replica_shift += 1;
        }
        let first = (partition + start_index) % n;
        let mut replicas = vec![brokers[first]];
        for j in 0..replication_factor - 1 {
            replicas.push(brokers[replica_index(first, next_replica_shift, j, n)]);
        }
        assignment.push(replicas);
    }
    assignment
}

/// `AdminUtils.replicaIndex`.
fn replica_index(first: usize, second_replica_shift: usize, replica: usize, n: usize) -> usize {
    let shift = 1 + (second_replica_shift + replica) % (n - 1);
    (first + shift) % n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_javadoc_example_with_start_index_zero() {
        // `AdminUtils`' javadoc table: five brokers, start index and shift 0.
        let layout = layout(&[0, 1, 2, 3, 4], 10, 3, 0, 0);
        assert_eq!(layout[0], vec![0, 1, 2]);
        assert_eq!(layout[1], vec![1, 2, 3]);
        assert_eq!(layout[4], vec![4, 0, 1]);
        // After one round the followers shift by one more.
        assert_eq!(layout[5], vec![0, 2, 3]);
        assert_eq!(layout[9], vec![4, 1, 2]);
    }

    #[test]
    fn every_partition_gets_distinct_replicas_and_refusals_are_kafkas() {
        let mut random = JavaRandom::new(42);
        let a = assign_replicas_to_brokers(&[0, 1, 2], 7, 3, &mut random).unwrap();
        assert_eq!(a.len(), 7);
        for replicas in &a {
            let mut sorted = replicas.clone();
            crate::sort::sort(&mut sorted);
            assert_eq!(sorted, vec![0, 1, 2]);
        }
        let e = assign_replicas_to_brokers(&[0, 1], 3, 3, &mut random).unwrap_err();
        assert_eq!(
            e.message,
            "Replication factor: 3 larger than available brokers: 2."
        );
    }
}
