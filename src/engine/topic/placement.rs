//! Where a new partition's replicas go: Kafka's `StripedReplicaPlacer`, ported line by line.
//!
//! Mirrors `org.apache.kafka.metadata.placement.StripedReplicaPlacer` (metadata module), the
//! placer the KRaft controller uses for CreateTopics and CreatePartitions. Brokers are grouped
//! by rack; each rack keeps a sorted list of unfenced and of fenced brokers, each with a random
//! starting offset. Each partition takes its leader from the next rack that has an unfenced
//! broker and its followers round-robin from the following racks, then advances the offsets by
//! one — the "striped" pattern (`p0: 0,1,2  p1: 1,2,0  p2: 2,0,1` on three brokers). After as
//! many partitions as there are unfenced brokers, racks and broker lists are reshuffled.
//! The leader (first replica) is never a fenced broker.
//!
//! Randomness is Kafka's own: a `java.util.Random` ([`JavaRandom`]) seeded by the caller and kept
//! for the placer's lifetime, as the controller keeps one `Random`. The order in which
//! `RackList` walks its `HashMap` of racks (which decides the order of random draws) is
//! reproduced from Java's `HashMap` layout; brokers are taken in ascending id order (Kafka
//! iterates its broker registrations map, which only matters for racks whose names collide in
//! a hash bucket).

use std::collections::BTreeMap;

use super::java_random::JavaRandom;
use crate::engine::error_code::ErrorCode;

/// A broker the placer may use (`UsableBroker`): registered and not shutting down.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UsableBroker {
    pub id: i32,
    /// `broker.rack`, if configured.
    pub rack: Option<String>,
    /// Fenced brokers (not heartbeating) may hold followers but never the leader.
    pub fenced: bool,
}

/// Why the placer refused (`InvalidReplicationFactorException`, `INVALID_REPLICATION_FACTOR`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlacementError {
    #[error("Invalid replication factor {0}: the replication factor must be positive.")]
    NonPositive(i32),
    #[error("All brokers are currently fenced.")]
    AllFenced,
    #[error("The target replication factor of {replication_factor} cannot be reached because only {registered} broker(s) are registered.")]
    TooFewBrokers {
        replication_factor: i32,
        registered: usize,
    },
}

impl PlacementError {
    /// Kafka answers every placement refusal with `INVALID_REPLICATION_FACTOR` (38).
    pub const fn error_code(&self) -> ErrorCode {
        ErrorCode::InvalidReplicationFactor
    }
}

/// `StripedReplicaPlacer.BrokerList`: a sorted list walked from a moving offset, once per epoch.
#[derive(Debug, Clone, Default)]
struct BrokerList {
    brokers: Vec<i32>,
    index: usize,
    offset: usize,
    epoch: u32,
}

impl BrokerList {
    fn initialize(&mut self, random: &mut JavaRandom) {
        if !self.brokers.is_empty() {
            crate::sort::sort(&mut self.brokers);
            self.offset = random.next_int_bounded(java_size(self.brokers.len())) as usize;
        }
    }

    fn shuffle(&mut self, random: &mut JavaRandom) {
        random.shuffle(&mut self.brokers);
    }

    /// The next broker of this epoch, or `None` when the list is exhausted for the epoch.
    fn next(&mut self, epoch: u32) -> Option<i32> {
        if self.brokers.is_empty() {
            return None;
        }
        if self.epoch != epoch {
            self.epoch = epoch;
            self.index = 0;
            self.offset = (self.offset + 1) % self.brokers.len();
        }
        if self.index >= self.brokers.len() {
            return None;
        }
        let broker = self.brokers[(self.index + self.offset) % self.brokers.len()];
        self.index += 1;
        Some(broker)
    }
}

/// `StripedReplicaPlacer.Rack`.
#[derive(Debug, Clone, Default)]
struct Rack {
    fenced: BrokerList,
    unfenced: BrokerList,
}

impl Rack {
    fn initialize(&mut self, random: &mut JavaRandom) {
        self.fenced.initialize(random);
        self.unfenced.initialize(random);
    }

    fn shuffle(&mut self, random: &mut JavaRandom) {
        self.fenced.shuffle(random);
        self.unfenced.shuffle(random);
    }

    fn next(&mut self, epoch: u32) -> Option<i32> {
        self.unfenced
            .next(epoch)
            .or_else(|| self.fenced.next(epoch))
    }
}

/// `StripedReplicaPlacer.RackList`, built afresh for every placement request.
struct RackList<'r> {
    random: &'r mut JavaRandom,
    /// Racks in Java `HashMap` iteration order (the order Kafka's `racks.values()` walks).
    racks: Vec<(Option<String>, Rack)>,
    /// Rack names sorted as `OptionalStringComparator` sorts them (no rack first).
    rack_names: Vec<Option<String>>,
    num_total_brokers: usize,
    num_unfenced_brokers: usize,
    epoch: u32,
    offset: usize,
}

impl<'r> RackList<'r> {
    fn new(random: &'r mut JavaRandom, brokers: &[UsableBroker]) -> RackList<'r> {
        let mut ordered: Vec<&UsableBroker> = brokers.iter().collect();
        crate::sort::sort_by_key(&mut ordered, |b| b.id);
        let mut by_rack: BTreeMap<Option<String>, Rack> = BTreeMap::new();
        let mut insertion_order: Vec<Option<String>> = Vec::new();
        let (mut total, mut unfenced) = (0, 0);
        for b in ordered {
            let rack = by_rack.entry(b.rack.clone()).or_insert_with(|| {
                insertion_order.push(b.rack.clone());
                Rack::default()
            });
            if b.fenced {
                rack.fenced.brokers.push(b.id);
            } else {
                unfenced += 1;
                rack.unfenced.brokers.push(b.id);
            }
            total += 1;
        }
        let hashes: Vec<i32> = insertion_order
            .iter()
            .map(|r| java_optional_string_hash(r.as_deref()))
            .collect();
        let racks: Vec<(Option<String>, Rack)> = java_hash_map_order(&hashes)
            .into_iter()
            .map(|i| {
                let name = insertion_order[i].clone();
                let rack = by_rack
                    .remove(&name)
                    .expect("every inserted rack name has a rack");
                (name, rack)
            })
            .collect();
        let mut list = RackList {
            random,
            racks,
            rack_names: insertion_order,
            num_total_brokers: total,
            num_unfenced_brokers: unfenced,
            epoch: 0,
            offset: 0,
        };
        for (_, rack) in &mut list.racks {
            rack.initialize(list.random);
        }
        // `Optional.empty()` sorts first, then names in `String.compareTo` (UTF-16) order.
        crate::sort::sort_by(&mut list.rack_names, |a, b| match (a, b) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => x.encode_utf16().cmp(y.encode_utf16()),
        });
        list.offset = if list.rack_names.is_empty() {
            0
        } else {
            list.random
                .next_int_bounded(java_size(list.rack_names.len())) as usize
        };
        list
    }

    fn rack_mut(&mut self, name: &Option<String>) -> &mut Rack {
        &mut self
            .racks
            .iter_mut()
            .find(|(n, _)| n == name)
            .expect("rack_names and racks hold the same racks")
            .1
    }

    /// `RackList.place(replicationFactor)`: one partition's replicas, leader first.
    fn place(&mut self, replication_factor: i32) -> Result<Vec<i32>, PlacementError> {
        check_replication_factor(
            replication_factor,
            self.num_unfenced_brokers,
            self.num_total_brokers,
        )?;
        // After as many partitions as unfenced brokers, reshuffle to avoid repeating the same
        // assignments; never for a single unfenced broker (that would loop forever).
        if self.epoch as usize == self.num_unfenced_brokers && self.num_unfenced_brokers > 1 {
            self.shuffle();
            self.epoch = 0;
        }
        if self.offset == self.rack_names.len() {
            self.offset = 0;
        }
        let epoch = self.epoch;
        let mut brokers = Vec::with_capacity(replication_factor as usize);
        let mut first_rack_index = Some(self.offset);
        loop {
            let index = first_rack_index.expect("set above and only cleared in the follower loop");
            let name = self.rack_names[index].clone();
            if let Some(leader) = self.rack_mut(&name).unfenced.next(epoch) {
                brokers.push(leader);
                break;
            }
            // At least one rack has an unfenced broker (checked above), so this terminates.
            first_rack_index = Some((index + 1) % self.rack_names.len());
        }
        let mut rack_index = self.offset;
        for _ in 1..replication_factor {
            let follower = loop {
                let mut result = None;
                if Some(rack_index) == first_rack_index {
                    first_rack_index = None;
                } else {
                    let name = self.rack_names[rack_index].clone();
                    result = self.rack_mut(&name).next(epoch);
                }
                rack_index = (rack_index + 1) % self.rack_names.len();
                if let Some(b) = result {
                    break b;
                }
            };
            brokers.push(follower);
        }
        self.epoch += 1;
        self.offset += 1;
        Ok(brokers)
    }

    fn shuffle(&mut self) {
        self.random.shuffle(&mut self.rack_names);
        for (_, rack) in &mut self.racks {
            rack.shuffle(self.random);
        }
    }
}

fn check_replication_factor(
    replication_factor: i32,
    unfenced: usize,
    total: usize,
) -> Result<(), PlacementError> {
    if replication_factor <= 0 {
        return Err(PlacementError::NonPositive(replication_factor));
    }
    if replication_factor as usize > total {
        return Err(PlacementError::TooFewBrokers {
            replication_factor,
            registered: total,
        });
    }
    if unfenced == 0 {
        return Err(PlacementError::AllFenced);
    }
    Ok(())
}

/// Kafka's `StripedReplicaPlacer`, holding the controller's one `Random`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StripedReplicaPlacer {
    random: JavaRandom,
}

impl StripedReplicaPlacer {
    /// A placer whose `Random` is `new Random(seed)`.
    pub fn new(seed: i64) -> StripedReplicaPlacer {
        StripedReplicaPlacer {
            random: JavaRandom::new(seed),
        }
    }

    /// `StripedReplicaPlacer.place(PlacementSpec(_, numPartitions, numReplicas), cluster)`:
    /// the replicas of each new partition, leader first. Checks, in Kafka's order: replication
    /// factor positive, some broker unfenced, no more replicas than registered brokers.
    pub fn place(
        &mut self,
        num_partitions: usize,
        replication_factor: i32,
        brokers: &[UsableBroker],
    ) -> Result<Vec<Vec<i32>>, PlacementError> {
        let mut rack_list = RackList::new(&mut self.random, brokers);
        if replication_factor <= 0 {
            return Err(PlacementError::NonPositive(replication_factor));
        }
        if rack_list.num_unfenced_brokers == 0 {
            return Err(PlacementError::AllFenced);
        }
        if replication_factor as usize > rack_list.num_total_brokers {
            return Err(PlacementError::TooFewBrokers {
                replication_factor,
                registered: rack_list.num_total_brokers,
            });
        }
        (0..num_partitions)
            .map(|_| rack_list.place(replication_factor))
            .collect()
    }
}

/// A list size as the `int` Java passes to `nextInt`.
fn java_size(len: usize) -> i32 {
    i32::try_from(len).expect("broker and rack counts are far below i32::MAX")
}

/// `Optional<String>.hashCode()`: `String.hashCode()` of the value, or 0 when empty.
fn java_optional_string_hash(s: Option<&str>) -> i32 {
    s.map_or(0, |s| {
        s.encode_utf16()
            .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c)))
    })
}

/// The iteration order of a `java.util.HashMap` after inserting keys with these hash codes
/// (in this order): bins in index order (`HashMap.hash` spreads the high bits; the table starts
/// at 16 and doubles past a 0.75 load factor), insertion order within a bin (resizes keep it).
fn java_hash_map_order(hashes: &[i32]) -> Vec<usize> {
    let mut capacity: usize = 16;
    while hashes.len() * 4 > capacity * 3 {
        capacity *= 2;
    }
    let mut order: Vec<usize> = (0..hashes.len()).collect();
    crate::sort::sort_by_key(&mut order, |&i| {
        let h = hashes[i];
        let spread = h ^ ((h as u32) >> 16) as i32;
        (spread as u32 as usize) & (capacity - 1)
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brokers(ids: &[i32]) -> Vec<UsableBroker> {
        ids.iter()
            .map(|&id| UsableBroker {
                id,
                rack: None,
                fenced: false,
            })
            .collect()
    }

    #[test]
    fn errors_use_kafkas_messages_in_kafkas_order() {
        let mut p = StripedReplicaPlacer::new(1);
        let err = p.place(1, 0, &brokers(&[1])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid replication factor 0: the replication factor must be positive."
        );
        let err = p.place(1, 4, &brokers(&[1, 2, 3])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "The target replication factor of 4 cannot be reached because only 3 broker(s) are registered."
        );
        let fenced = vec![UsableBroker {
            id: 1,
            rack: None,
            fenced: true,
        }];
        assert_eq!(
            p.place(1, 5, &fenced).unwrap_err(),
            PlacementError::AllFenced
        );
        assert_eq!(
            PlacementError::AllFenced.error_code(),
            ErrorCode::InvalidReplicationFactor
        );
    }

    #[test]
    fn stripes_across_brokers_without_repeating_a_broker() {
        let mut p = StripedReplicaPlacer::new(42);
        let placement = p.place(6, 3, &brokers(&[0, 1, 2])).unwrap();
        assert_eq!(placement.len(), 6);
        for replicas in &placement {
            let mut sorted = replicas.clone();
            crate::sort::sort(&mut sorted);
            assert_eq!(sorted, vec![0, 1, 2]);
        }
        // The first three partitions start on three different leaders (the stripe).
        let mut leaders: Vec<i32> = placement[..3].iter().map(|r| r[0]).collect();
        crate::sort::sort(&mut leaders);
        assert_eq!(leaders, vec![0, 1, 2]);
    }

    #[test]
    fn leader_is_never_fenced() {
        let mut p = StripedReplicaPlacer::new(9);
        let cluster = vec![
            UsableBroker {
                id: 0,
                rack: None,
                fenced: true,
            },
            UsableBroker {
                id: 1,
                rack: None,
                fenced: false,
            },
            UsableBroker {
                id: 2,
                rack: None,
                fenced: true,
            },
        ];
        for replicas in p.place(10, 3, &cluster).unwrap() {
            assert_eq!(replicas[0], 1);
            assert_eq!(replicas.len(), 3);
        }
    }

    #[test]
    fn same_seed_same_placement() {
        let a = StripedReplicaPlacer::new(5)
            .place(12, 2, &brokers(&[3, 1, 2, 4]))
            .unwrap();
        let b = StripedReplicaPlacer::new(5)
            .place(12, 2, &brokers(&[1, 2, 3, 4]))
            .unwrap();
        assert_eq!(a, b);
    }

    fn parse_vector(s: &str) -> Vec<Vec<Vec<i32>>> {
        s.split('|')
            .filter(|call| !call.is_empty())
            .map(|call| {
                call.split(';')
                    .filter(|p| !p.is_empty())
                    .map(|p| {
                        p.trim_matches(['[', ']'])
                            .split(", ")
                            .map(|n| n.parse().unwrap())
                            .collect()
                    })
                    .collect()
            })
            .collect()
    }

    fn b(id: i32, rack: Option<&str>, fenced: bool) -> UsableBroker {
        UsableBroker {
            id,
            rack: rack.map(str::to_owned),
            fenced,
        }
    }

    /// Vectors printed by the JDK running Kafka's `StripedReplicaPlacer` inner classes with
    /// `new Random(seed)` (a fresh `RackList` per call, one `Random` across calls).
    #[test]
    fn matches_kafkas_placer_on_the_jdk() {
        let cases: Vec<(i64, usize, i32, Vec<UsableBroker>, &str)> = vec![
            (42, 7, 3, brokers(&[0, 1, 2]),
             "[2, 0, 1];[0, 1, 2];[1, 2, 0];[0, 1, 2];[1, 2, 0];[2, 0, 1];[1, 0, 2];|[2, 0, 1];[0, 1, 2];[1, 2, 0];[1, 2, 0];[2, 0, 1];[0, 1, 2];[1, 0, 2];|"),
            (1, 9, 2, brokers(&[1, 2, 3, 4, 5]), "[1, 2];[2, 3];[3, 4];[4, 5];[5, 1];[4, 1];[1, 5];[5, 2];[2, 3];|"),
            (7, 6, 3, vec![b(0, None, true), b(1, None, false), b(2, None, false), b(3, None, true)],
             "[2, 1, 3];[1, 2, 0];[1, 2, 0];[2, 1, 3];[1, 2, 3];[2, 1, 0];|"),
            (3, 8, 3,
             vec![b(0, Some("a"), false), b(1, Some("a"), false), b(2, Some("b"), false), b(3, Some("b"), false), b(4, Some("c"), false), b(5, Some("c"), true)],
             "[1, 3, 4];[2, 4, 0];[4, 1, 3];[0, 2, 4];[3, 4, 1];[0, 4, 3];[4, 2, 1];[3, 0, 4];|[3, 4, 1];[4, 0, 2];[1, 3, 4];[2, 4, 0];[4, 1, 3];[3, 4, 0];[4, 1, 2];[0, 3, 4];|"),
            (11, 5, 1, brokers(&[10]), "[10];[10];[10];[10];[10];|"),
        ];
        for (seed, partitions, rf, cluster, expected) in cases {
            let expected = parse_vector(expected);
            let mut placer = StripedReplicaPlacer::new(seed);
            for (call, want) in expected.iter().enumerate() {
                let got = placer.place(partitions, rf, &cluster).unwrap();
                assert_eq!(&got, want, "seed {seed}, call {call}");
            }
        }
    }

    #[test]
    fn java_hashes() {
        assert_eq!(java_optional_string_hash(None), 0);
        assert_eq!(java_optional_string_hash(Some("a")), 97);
        assert_eq!(
            java_optional_string_hash(Some("rack1")),
            "rack1"
                .bytes()
                .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
        );
        assert_eq!(java_hash_map_order(&[17, 1, 0]), vec![2, 0, 1]);
    }
}
