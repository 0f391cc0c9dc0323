//! `ConsumerProtocol`: the bytes a consumer puts in JoinGroup metadata and the leader puts in
//! SyncGroup assignments (protocol type `consumer`).
//!
//! Port of `org.apache.kafka.clients.consumer.internals.ConsumerProtocol` with the
//! `ConsumerProtocolSubscription` and `ConsumerProtocolAssignment` schemas (valid versions
//! 0-3, not flexible), each prefixed by an `INT16` version:
//!
//! ```text
//! ConsumerProtocolSubscription => Topics UserData OwnedPartitions GenerationId RackId
//!   Topics          => [STRING]                          v0+
//!   UserData        => NULLABLE_BYTES                    v0+
//!   OwnedPartitions => [Topic [Partitions => INT32]]     v1+
//!   GenerationId    => INT32 (default -1)                v2+
//!   RackId          => NULLABLE_STRING (default null)    v3+
//! ConsumerProtocolAssignment => AssignedPartitions UserData
//!   AssignedPartitions => [Topic [Partitions => INT32]]  v0+
//!   UserData           => NULLABLE_BYTES                 v0+
//! ```
//!
//! Kafka 3.5+ clients send version 3 (`HIGHEST_SUPPORTED_VERSION`). A reader parses a newer
//! version as the newest it knows (`checkSubscriptionVersion`) and refuses a negative one.
//! Serialising a subscription sorts its topics and owned partitions; an assignment groups
//! partitions by topic in first-seen order (`serializeAssignment`).

use super::assignor::{Assignment, Subscription};
use super::schema_types::{Reader, SchemaError, Writer};
use crate::engine::topic_partition::TopicPartition;

/// `ConsumerProtocol.PROTOCOL_TYPE`.
pub const PROTOCOL_TYPE: &str = "consumer";
/// `ConsumerProtocolSubscription.HIGHEST_SUPPORTED_VERSION` (= the assignment's).
pub const CONSUMER_PROTOCOL_HIGHEST_VERSION: i16 = 3;

/// `checkSubscriptionVersion` / `checkAssignmentVersion`.
fn check_version(version: i16, what: &str) -> Result<i16, SchemaError> {
    if version < 0 {
        Err(SchemaError::Schema(format!(
            "Unsupported {what} version: {version}"
        )))
    } else {
        Ok(version.min(CONSUMER_PROTOCOL_HIGHEST_VERSION))
    }
}

/// `[Topic [Partitions]]` from partitions already grouped.
fn write_topic_partitions(w: &mut Writer, groups: &[(String, Vec<i32>)]) {
    w.write_array_len(groups.len());
    for (topic, partitions) in groups {
        w.write_string(topic);
        w.write_array_len(partitions.len());
        for p in partitions {
            w.write_i32(*p);
        }
    }
}

fn read_topic_partitions(
    r: &mut Reader<'_>,
    field: &str,
) -> Result<Vec<TopicPartition>, SchemaError> {
    let count = r.read_array_len(field)?;
    let mut out = Vec::new();
    for _ in 0..count {
        let topic = r.read_string("topic")?;
        let partitions = r.read_array_len("partitions")?;
        for _ in 0..partitions {
            out.push(TopicPartition::new(&topic, r.read_i32()?));
        }
    }
    Ok(out)
}

/// `serializeSubscription(subscription, version)`. The `group_instance_id` is not part of
/// the bytes (the coordinator carries it in the JoinGroup request itself).
pub fn serialize_subscription(subscription: &Subscription, version: i16) -> Vec<u8> {
    let version = version.clamp(0, CONSUMER_PROTOCOL_HIGHEST_VERSION);
    let mut w = Writer::default();
    w.write_i16(version);
    let mut topics = subscription.topics.clone();
    crate::sort::sort_by(&mut topics, |a, b| {
        super::assignor::java_collections::java_cmp(a, b)
    });
    w.write_array_len(topics.len());
    for topic in &topics {
        w.write_string(topic);
    }
    w.write_nullable_bytes(subscription.user_data.as_deref());
    if version >= 1 {
        let mut owned = subscription.owned_partitions.clone();
        crate::sort::sort_by(&mut owned, |a, b| {
            super::assignor::java_collections::java_cmp(&a.topic, &b.topic)
                .then_with(|| a.partition.cmp(&b.partition))
        });
        let mut groups: Vec<(String, Vec<i32>)> = Vec::new();
        for tp in owned {
            match groups.last_mut() {
                Some((topic, partitions)) if *topic == tp.topic => partitions.push(tp.partition),
                _ => groups.push((tp.topic, vec![tp.partition])),
            }
        }
        write_topic_partitions(&mut w, &groups);
    }
    if version >= 2 {
        w.write_i32(subscription.generation_id.unwrap_or(-1));
    }
    if version >= 3 {
        w.write_nullable_string(subscription.rack_id.as_deref());
    }
    w.bytes
}

/// `deserializeSubscription(buffer)`: the version prefix, then the fields of that version.
pub fn deserialize_subscription(bytes: &[u8]) -> Result<Subscription, SchemaError> {
    let mut header = Reader::new(bytes, "consumer protocol's header");
    let version = check_version(header.read_i16()?, "subscription")?;
    let mut r = Reader::new(&bytes[2..], "consumer protocol's subscription");
    let count = r.read_array_len("topics")?;
    let mut topics = Vec::with_capacity(count);
    for _ in 0..count {
        topics.push(r.read_string("topics")?);
    }
    let user_data = r.read_nullable_bytes()?;
    let owned_partitions = if version >= 1 {
        read_topic_partitions(&mut r, "ownedPartitions")?
    } else {
        Vec::new()
    };
    let generation_id = if version >= 2 { r.read_i32()? } else { -1 };
    let rack_id = if version >= 3 {
        r.read_nullable_string("rackId")?
    } else {
        None
    };
    Ok(Subscription {
        topics,
        user_data,
        owned_partitions,
        generation_id: (generation_id >= 0).then_some(generation_id),
        rack_id: rack_id.filter(|r| !r.is_empty()),
        group_instance_id: None,
    })
}

/// `serializeAssignment(assignment, version)`.
pub fn serialize_assignment(assignment: &Assignment, version: i16) -> Vec<u8> {
    let version = version.clamp(0, CONSUMER_PROTOCOL_HIGHEST_VERSION);
    let mut w = Writer::default();
    w.write_i16(version);
    let mut groups: Vec<(String, Vec<i32>)> = Vec::new();
    for tp in &assignment.partitions {
        match groups.iter_mut().find(|(topic, _)| *topic == tp.topic) {
            Some((_, partitions)) => partitions.push(tp.partition),
            None => groups.push((tp.topic.clone(), vec![tp.partition])),
        }
    }
    write_topic_partitions(&mut w, &groups);
    w.write_nullable_bytes(assignment.user_data.as_deref());
    w.bytes
}

/// `deserializeAssignment(buffer)`.
pub fn deserialize_assignment(bytes: &[u8]) -> Result<Assignment, SchemaError> {
    let mut header = Reader::new(bytes, "consumer protocol's header");
    check_version(header.read_i16()?, "assignment")?;
    let mut r = Reader::new(&bytes[2..], "consumer protocol's assignment");
    let partitions = read_topic_partitions(&mut r, "assignedPartitions")?;
    let user_data = r.read_nullable_bytes()?;
    Ok(Assignment {
        partitions,
        user_data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Subscription {
        Subscription {
            topics: vec!["orders".to_owned(), "audit".to_owned()],
            user_data: Some(vec![0, 0, 0, 7]),
            owned_partitions: vec![
                TopicPartition::new("orders", 2),
                TopicPartition::new("audit", 0),
                TopicPartition::new("orders", 0),
            ],
            generation_id: Some(7),
            rack_id: Some("rack-a".to_owned()),
            group_instance_id: None,
        }
    }

    #[test]
    fn subscription_v3_bytes_are_kafkas_layout() {
        let bytes = serialize_subscription(&sample(), 3);
        let mut expected = vec![0, 3]; // version
        expected.extend([0, 0, 0, 2, 0, 5]);
        expected.extend(b"audit");
        expected.extend([0, 6]);
        expected.extend(b"orders");
        expected.extend([0, 0, 0, 4, 0, 0, 0, 7]); // user data
        expected.extend([0, 0, 0, 2]); // owned: audit [0], orders [0, 2]
        expected.extend([0, 5]);
        expected.extend(b"audit");
        expected.extend([0, 0, 0, 1, 0, 0, 0, 0]);
        expected.extend([0, 6]);
        expected.extend(b"orders");
        expected.extend([0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2]);
        expected.extend([0, 0, 0, 7]); // generation
        expected.extend([0, 6]);
        expected.extend(b"rack-a");
        assert_eq!(bytes, expected);
    }

    #[test]
    fn subscription_round_trips_at_every_version() {
        for version in 0..=3 {
            let bytes = serialize_subscription(&sample(), version);
            let decoded = deserialize_subscription(&bytes).unwrap();
            let mut topics = sample().topics;
            crate::sort::sort(&mut topics);
            assert_eq!(decoded.topics, topics, "v{version}");
            assert_eq!(decoded.user_data, sample().user_data);
            let owned_expected = if version >= 1 {
                vec![
                    TopicPartition::new("audit", 0),
                    TopicPartition::new("orders", 0),
                    TopicPartition::new("orders", 2),
                ]
            } else {
                vec![]
            };
            assert_eq!(decoded.owned_partitions, owned_expected);
            assert_eq!(
                decoded.generation_id,
                if version >= 2 { Some(7) } else { None }
            );
            assert_eq!(
                decoded.rack_id,
                if version >= 3 {
                    Some("rack-a".to_owned())
                } else {
                    None
                }
            );
        }
    }

    #[test]
    fn newer_versions_parse_as_the_newest_known_and_negative_ones_fail() {
        let mut bytes = serialize_subscription(&sample(), 3);
        bytes[1] = 9;
        bytes.extend([1, 2, 3]); // a future field, ignored
        let decoded = deserialize_subscription(&bytes).unwrap();
        assert_eq!(decoded.rack_id.as_deref(), Some("rack-a"));
        bytes[0] = 0xff;
        bytes[1] = 0xff;
        assert_eq!(
            deserialize_subscription(&bytes),
            Err(SchemaError::Schema(
                "Unsupported subscription version: -1".to_owned()
            ))
        );
    }

    #[test]
    fn truncated_bytes_are_a_buffer_underflow() {
        let bytes = serialize_subscription(&sample(), 3);
        for cut in 0..bytes.len() {
            assert!(
                deserialize_subscription(&bytes[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        assert_eq!(
            deserialize_subscription(&bytes[..10]),
            Err(SchemaError::BufferUnderflow(
                "consumer protocol's subscription"
            ))
        );
    }

    #[test]
    fn empty_rack_and_negative_generation_read_as_absent() {
        let mut s = sample();
        s.rack_id = Some(String::new());
        s.generation_id = None;
        let decoded = deserialize_subscription(&serialize_subscription(&s, 3)).unwrap();
        assert_eq!(decoded.rack_id, None);
        assert_eq!(decoded.generation_id, None);
    }

    #[test]
    fn assignment_groups_partitions_by_topic_in_first_seen_order() {
        let assignment = Assignment {
            partitions: vec![
                TopicPartition::new("b", 1),
                TopicPartition::new("a", 0),
                TopicPartition::new("b", 0),
            ],
            user_data: None,
        };
        let bytes = serialize_assignment(&assignment, 3);
        let mut expected = vec![
            0, 3, 0, 0, 0, 2, 0, 1, b'b', 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0,
        ];
        expected.extend([0, 1, b'a', 0, 0, 0, 1, 0, 0, 0, 0]);
        expected.extend([0xff, 0xff, 0xff, 0xff]);
        assert_eq!(bytes, expected);
        let decoded = deserialize_assignment(&bytes).unwrap();
        assert_eq!(
            decoded.partitions,
            [
                TopicPartition::new("b", 1),
                TopicPartition::new("b", 0),
                TopicPartition::new("a", 0)
            ]
        );
        assert_eq!(decoded.user_data, None);
    }
}
