//! `ConsumerGroupService.listGroups` and `deleteGroups`, and the Java collection orders the
//! other actions share.

use super::options::{self, ConsumerGroupCommandOptions};
use super::{exception_class, find_coordinator, pad, Failure, Printer};
use crate::cli::java_hash_map::{default_capacity, iteration_order, string_hash};
use crate::engine::cluster::Cluster;
use crate::engine::group::coordinator::{ClassicGroupState, GroupListing};
use crate::storage::SegmentStorage;

/// `GroupState` in declaration order without `Unknown`: the states of a consumer group
/// (`GroupState.groupStatesForType(CONSUMER)`), as `--list --state` validates them.
const CONSUMER_GROUP_STATES: [&str; 7] = [
    "PreparingRebalance",
    "CompletingRebalance",
    "Stable",
    "Dead",
    "Empty",
    "Assigning",
    "Reconciling",
];

/// The group types `--list --type` accepts (`consumerGroupTypesFromString`).
const CONSUMER_GROUP_TYPES: [&str; 2] = ["classic", "consumer"];

/// kplay's coordinator runs classic groups only.
const CLASSIC: &str = "classic";

/// `items` in the order a `HashMap` built by putting them in order iterates them.
pub fn hash_map_order<T>(items: Vec<T>, hash: impl Fn(&T) -> i32) -> Vec<T> {
    let hashes: Vec<i32> = items.iter().map(&hash).collect();
    let order = iteration_order(&hashes, default_capacity(items.len()));
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|i| {
            slots[i]
                .take()
                .expect("iteration_order yields each index once")
        })
        .collect()
}

/// Group ids in the order a `HashMap<String, _>` keyed by them iterates.
pub fn group_id_order(ids: Vec<String>) -> Vec<String> {
    hash_map_order(ids, |id| string_hash(id))
}

/// `listConsumerGroups`: the groups whose protocol type is `consumer` or empty
/// (`ListConsumerGroupsOptions`), as kplay lists them (sorted by id).
pub fn consumer_group_listings<S: SegmentStorage>(cluster: &Cluster<S>) -> Vec<GroupListing> {
    let mut listings: Vec<GroupListing> = cluster
        .list_groups()
        .into_iter()
        .filter(|l| l.protocol_type.is_empty() || l.protocol_type == "consumer")
        .collect();
    crate::sort::sort_by(&mut listings, |a, b| a.group_id.cmp(&b.group_id));
    listings
}

/// `listConsumerGroups()`: the ids.
pub fn consumer_group_ids<S: SegmentStorage>(cluster: &Cluster<S>) -> Vec<String> {
    consumer_group_listings(cluster)
        .into_iter()
        .map(|l| l.group_id)
        .collect()
}

/// `groupStatesFromString`: comma-separated, trimmed, case-insensitive.
fn states_from_string(input: &str) -> Result<Vec<ClassicGroupState>, Failure> {
    let mut states = Vec::new();
    let mut valid = true;
    for part in input.split(',') {
        let name = part.trim();
        match CONSUMER_GROUP_STATES
            .iter()
            .find(|s| s.eq_ignore_ascii_case(name))
        {
            Some(&s) => {
                if let Some(state) = classic_state(s) {
                    states.push(state);
                }
            }
            None => valid = false,
        }
    }
    if !valid {
        return Err(Failure::Usage(format!(
            "Invalid state list '{input}'. Valid states are: {}",
            CONSUMER_GROUP_STATES.join(", ")
        )));
    }
    Ok(states)
}

fn classic_state(name: &str) -> Option<ClassicGroupState> {
    use ClassicGroupState::*;
    [Empty, PreparingRebalance, CompletingRebalance, Stable, Dead]
        .into_iter()
        .find(|s| s.name() == name)
}

/// `consumerGroupTypesFromString`: lower-cased, comma-separated, trimmed.
///
/// Java lower-cases with `toLowerCase(Locale.ROOT)`, the full Unicode mapping; ASCII
/// lower-casing accepts and refuses exactly the same inputs here, because the only non-ASCII
/// character whose lower case is ASCII is the Kelvin sign (to `k`), and no group type has a
/// `k`. It spares the page the 12 KB Unicode case table.
fn types_from_string(input: &str) -> Result<Vec<&'static str>, Failure> {
    let lower = input.to_ascii_lowercase();
    let mut types = Vec::new();
    for part in lower.split(',') {
        match CONSUMER_GROUP_TYPES.iter().find(|t| **t == part.trim()) {
            Some(t) => types.push(*t),
            None => {
                return Err(Failure::Usage(format!(
                    "Invalid types list '{input}'. Valid types are: {}",
                    CONSUMER_GROUP_TYPES.join(", ")
                )))
            }
        }
    }
    Ok(types)
}

/// `ConsumerGroupService.listGroups`: the ids one per line, or with `--state`/`--type` the
/// `GROUP [TYPE] [STATE]` table (`printGroupInfo`), filtered by the values given.
pub fn list_groups<S: SegmentStorage>(
    cluster: &Cluster<S>,
    opts: &ConsumerGroupCommandOptions,
    p: &mut Printer,
) -> Result<(), Failure> {
    let include_type = opts.has(&options::TYPE);
    let include_state = opts.has(&options::STATE);
    if !include_type && !include_state {
        for id in consumer_group_ids(cluster) {
            p.println(&id);
        }
        return Ok(());
    }
    let types = match opts.group_type()? {
        Some(v) if !v.is_empty() => types_from_string(v)?,
        _ => Vec::new(),
    };
    let states = match opts.state()? {
        Some(v) if !v.is_empty() => Some(states_from_string(v)?),
        _ => None,
    };
    let listings: Vec<GroupListing> = consumer_group_listings(cluster)
        .into_iter()
        .filter(|_| types.is_empty() || types.contains(&CLASSIC))
        .filter(|l| states.as_ref().is_none_or(|s| s.contains(&l.state)))
        .collect();
    let group_width = listings
        .iter()
        .map(|l| super::java_len(&l.group_id).max(15))
        .max()
        .unwrap_or(15)
        + 10;
    let row = |group: &str, group_type: &str, state: &str| {
        let mut line = pad(group, group_width);
        if include_type {
            line.push(' ');
            line.push_str(&pad(group_type, 20));
        }
        if include_state {
            line.push(' ');
            line.push_str(&pad(state, 20));
        }
        line
    };
    p.println(&row("GROUP", "TYPE", "STATE"));
    for l in &listings {
        p.println(&row(&l.group_id, CLASSIC, l.state.name()));
    }
    Ok(())
}

/// `ConsumerGroupService.deleteGroups`: DeleteGroups for the groups given (or all), then
/// the outcome, groups in `HashMap` order.
pub fn delete_groups<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    opts: &ConsumerGroupCommandOptions,
    p: &mut Printer,
    now_ms: i64,
) -> Result<(), Failure> {
    let ids = if opts.has(&options::ALL_GROUPS) {
        consumer_group_ids(cluster)
    } else {
        opts.groups().to_vec()
    };
    let mut unique: Vec<String> = Vec::new();
    for id in ids {
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    let mut success = Vec::new();
    let mut failed = Vec::new();
    for id in group_id_order(unique) {
        find_coordinator(cluster, &id, now_ms)?;
        match cluster.delete_group(&id, now_ms) {
            Ok(()) => success.push(id),
            Err(e) => failed.push((id, format!("{}: {}", exception_class(e.code), e.message))),
        }
    }
    let quoted = |ids: &[String]| {
        ids.iter()
            .map(|g| format!("'{g}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if failed.is_empty() {
        p.println(&format!(
            "Deletion of requested consumer groups ({}) was successful.",
            quoted(&success)
        ));
    } else {
        p.print_error("Deletion of some consumer groups failed:");
        for (group, error) in &failed {
            p.println(&format!(
                "* Group '{group}' could not be deleted due to: {error}"
            ));
        }
        if !success.is_empty() {
            p.println(&format!(
                "\nThese consumer groups were deleted successfully: {}",
                quoted(&success)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_lists_are_checked_like_kafka() {
        assert_eq!(
            states_from_string("stable, EMPTY").unwrap(),
            vec![ClassicGroupState::Stable, ClassicGroupState::Empty]
        );
        assert_eq!(states_from_string("assigning").unwrap(), vec![]);
        assert_eq!(
            states_from_string("stable,bored"),
            Err(Failure::Usage("Invalid state list 'stable,bored'. Valid states are: PreparingRebalance, CompletingRebalance, Stable, Dead, Empty, Assigning, Reconciling".into()))
        );
        assert_eq!(types_from_string("Classic").unwrap(), vec!["classic"]);
        assert!(types_from_string("share").is_err());
    }

    #[test]
    fn hash_map_order_follows_buckets() {
        // "a" (97) is bucket 1, "b" (98) bucket 2 of 16: b put first still comes second.
        assert_eq!(
            group_id_order(vec!["b".into(), "a".into()]),
            vec!["a".to_string(), "b".to_string()]
        );
    }
}
