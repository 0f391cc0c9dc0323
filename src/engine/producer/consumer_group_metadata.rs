//! [`ConsumerGroupMetadata`]: the consumer's group membership a transactional producer sends
//! with its offsets (`sendOffsetsToTransaction`, KIP-447), so that the group coordinator can
//! fence a zombie member whose generation is stale (Kafka's
//! `org.apache.kafka.clients.consumer.ConsumerGroupMetadata`).

/// Kafka's `JoinGroupRequest.UNKNOWN_GENERATION_ID`.
pub const UNKNOWN_GENERATION_ID: i32 = -1;

/// Kafka's `JoinGroupRequest.UNKNOWN_MEMBER_ID`.
pub const UNKNOWN_MEMBER_ID: &str = "";

/// `ConsumerGroupMetadata`: what `KafkaConsumer.groupMetadata()` returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumerGroupMetadata {
    pub group_id: String,
    pub generation_id: i32,
    pub member_id: String,
    /// `group.instance.id` of a static member.
    pub group_instance_id: Option<String>,
}

impl ConsumerGroupMetadata {
    /// `new ConsumerGroupMetadata(groupId)`: generation -1 and no member id, which the group
    /// coordinator accepts without checking membership (the pre-KIP-447 form).
    pub fn new(group_id: impl Into<String>) -> ConsumerGroupMetadata {
        ConsumerGroupMetadata {
            group_id: group_id.into(),
            generation_id: UNKNOWN_GENERATION_ID,
            member_id: UNKNOWN_MEMBER_ID.to_owned(),
            group_instance_id: None,
        }
    }

    /// `new ConsumerGroupMetadata(groupId, generationId, memberId, groupInstanceId)`.
    pub fn with_member(
        group_id: impl Into<String>,
        generation_id: i32,
        member_id: impl Into<String>,
        group_instance_id: Option<String>,
    ) -> ConsumerGroupMetadata {
        ConsumerGroupMetadata {
            group_id: group_id.into(),
            generation_id,
            member_id: member_id.into(),
            group_instance_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_group_id_only_form_has_kafkas_defaults() {
        let m = ConsumerGroupMetadata::new("g");
        assert_eq!(m.generation_id, -1);
        assert_eq!(m.member_id, "");
        assert_eq!(m.group_instance_id, None);
    }
}
