//! `AbstractPartitionAssignor.MemberInfo`: the order Range and RoundRobin lay members out in.
//!
//! Static members (with a `group.instance.id`) come first, ordered by instance id, so their
//! partitions survive restarts that change member ids; dynamic members follow, ordered by
//! member id (`MemberInfo.compareTo`, Java `String.compareTo`).

use std::cmp::Ordering;

use super::java_collections::java_cmp;

/// A member as the range and round-robin assignors sort it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberInfo {
    pub member_id: String,
    pub group_instance_id: Option<String>,
}

impl MemberInfo {
    pub fn new(member_id: &str, group_instance_id: Option<&str>) -> Self {
        MemberInfo {
            member_id: member_id.to_owned(),
            group_instance_id: group_instance_id.map(str::to_owned),
        }
    }

    /// `MemberInfo.compareTo`.
    pub fn compare(&self, other: &MemberInfo) -> Ordering {
        match (&self.group_instance_id, &other.group_instance_id) {
            (Some(a), Some(b)) => java_cmp(a, b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => java_cmp(&self.member_id, &other.member_id),
        }
    }
}

/// `Collections.sort(members)` / `Utils.sorted(members)`: a stable sort by [`MemberInfo::compare`].
pub fn sort_members(members: &mut [MemberInfo]) {
    crate::sort::sort_by(members, |a, b| a.compare(b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_members_sort_first_by_instance_id() {
        let mut members = vec![
            MemberInfo::new("a", None),
            MemberInfo::new("z", Some("i2")),
            MemberInfo::new("b", Some("i1")),
            MemberInfo::new("0", None),
        ];
        sort_members(&mut members);
        let ids: Vec<&str> = members.iter().map(|m| m.member_id.as_str()).collect();
        assert_eq!(ids, ["b", "z", "0", "a"]);
    }
}
