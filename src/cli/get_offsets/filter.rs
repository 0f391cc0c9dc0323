//! Which topic-partitions `kafka-get-offsets` asks about: `TopicPartitionFilter` with
//! `TopicFilter.IncludeList` and the `PartitionFilter`s, and their construction by
//! `GetOffsetShell.createTopicPartitionFilterWithPatternList` (`--topic-partitions`) and
//! `createTopicPartitionFilterWithTopicAndPartitionPattern` (`--topic`, `--partitions`).

use crate::cli::topics::service::include_list;
use crate::cli::topics::Failure;
use crate::engine::java_regex::JavaRegex;

/// `PartitionFilter`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartitionFilter {
    /// `PartitionsSetFilter`: an empty set allows every partition.
    Set(Vec<i32>),
    /// `UniquePartitionFilter`.
    Unique(i32),
    /// `PartitionRangeFilter`: lower inclusive, upper exclusive.
    Range(i32, i32),
}

impl PartitionFilter {
    pub fn is_partition_allowed(&self, partition: i32) -> bool {
        match self {
            PartitionFilter::Set(ids) => ids.is_empty() || ids.contains(&partition),
            PartitionFilter::Unique(p) => *p == partition,
            PartitionFilter::Range(lower, upper) => partition >= *lower && partition < *upper,
        }
    }
}

/// `TopicFilterAndPartitionFilter`.
#[derive(Debug, Clone)]
pub struct TopicAndPartitionFilter {
    topic: JavaRegex,
    partition: PartitionFilter,
}

/// `CompositeTopicPartitionFilter` (one element for `--topic`/`--partitions`).
#[derive(Debug, Clone)]
pub struct TopicPartitionFilter {
    rules: Vec<TopicAndPartitionFilter>,
}

impl TopicPartitionFilter {
    /// `isTopicAllowed`: `IncludeList.isTopicAllowed(topic, false)`; internal topics are left
    /// out by the topic listing instead.
    pub fn is_topic_allowed(&self, topic: &str) -> bool {
        self.rules.iter().any(|r| r.topic.is_full_match(topic))
    }

    pub fn is_topic_partition_allowed(&self, topic: &str, partition: i32) -> bool {
        self.rules
            .iter()
            .any(|r| r.topic.is_full_match(topic) && r.partition.is_partition_allowed(partition))
    }
}

/// Why a filter could not be built: the message `GetOffsetShell` prints after `Error occurred: `.
fn error(message: String) -> Failure {
    Failure::Exception(message)
}

/// `Integer.parseInt`'s `NumberFormatException` message.
fn parse_int(s: &str) -> Result<i32, Failure> {
    s.parse()
        .map_err(|_| error(format!("For input string: \"{s}\"")))
}

/// `String.split(",")`: trailing empty strings dropped, a lone "" kept.
fn java_split_commas(s: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = s.split(',').collect();
    while parts.len() > 1 && parts.last() == Some(&"") {
        parts.pop();
    }
    if parts.iter().all(|p| p.is_empty()) && s.contains(',') {
        parts.clear();
    }
    parts
}

/// `createTopicPartitionFilterWithPatternList`.
pub fn with_pattern_list(topic_partitions: &str) -> Result<TopicPartitionFilter, Failure> {
    let rules = java_split_commas(topic_partitions)
        .into_iter()
        .map(parse_rule_spec)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(TopicPartitionFilter { rules })
}

/// `parseRuleSpec`: `TOPIC_PARTITION_PATTERN`, `([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?`,
/// matched whole. A failed match is a `TerseException` that the stream wraps in a
/// `RuntimeException`, whose message is the cause's `toString()`.
fn parse_rule_spec(rule: &str) -> Result<TopicAndPartitionFilter, Failure> {
    let invalid = || {
        error(format!(
            "org.apache.kafka.tools.TerseException: Invalid rule specification: {rule}"
        ))
    };
    let (topic, partitions) = match rule.split_once(':') {
        Some((t, p)) => (t, Some(p)),
        None => (rule, None),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let topic_filter = include_list(non_empty(topic).as_deref().unwrap_or(".*"))?;
    let partition = match partitions {
        None => PartitionFilter::Range(0, i32::MAX),
        Some(p) if digits(p) => match non_empty(p) {
            Some(n) => PartitionFilter::Unique(parse_int(&n)?),
            None => PartitionFilter::Range(0, i32::MAX),
        },
        Some(p) => {
            let (lower, upper) = p.split_once('-').ok_or_else(invalid)?;
            if !digits(lower) || !digits(upper) {
                return Err(invalid());
            }
            let lower = match non_empty(lower) {
                Some(n) => parse_int(&n)?,
                None => 0,
            };
            let upper = match non_empty(upper) {
                Some(n) => parse_int(&n)?,
                None => i32::MAX,
            };
            PartitionFilter::Range(lower, upper)
        }
    };
    Ok(TopicAndPartitionFilter {
        topic: topic_filter,
        partition,
    })
}

/// `createTopicPartitionFilterWithTopicAndPartitionPattern`.
pub fn with_topic_and_partitions(
    topic: Option<&str>,
    partition_ids: Option<&str>,
) -> Result<TopicPartitionFilter, Failure> {
    let topic = include_list(topic.unwrap_or(".*"))?;
    let ids = match partition_ids {
        None | Some("") => Vec::new(),
        Some(s) => s
            .split(',')
            .map(|id| id.parse::<i32>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| {
                error(format!(
                    "--partitions expects a comma separated list of numeric partition ids, but received: {s}"
                ))
            })?,
    };
    Ok(TopicPartitionFilter {
        rules: vec![TopicAndPartitionFilter {
            topic,
            partition: PartitionFilter::Set(ids),
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `GetOffsetShellParsingTest`'s cases.
    #[test]
    fn pattern_lists_match_kafkas_parsing_tests() {
        let f = with_pattern_list("test").unwrap();
        assert!(f.is_topic_allowed("test"));
        assert!(!f.is_topic_allowed("test1"));
        assert!(!f.is_topic_allowed("__consumer_offsets"));
        assert!(f.is_topic_partition_allowed("test", 1));

        let f = with_pattern_list(":0").unwrap();
        assert!(f.is_topic_allowed("__consumer_offsets"));
        assert!(f.is_topic_partition_allowed("test1", 0));
        assert!(!f.is_topic_partition_allowed("test2", 1));

        let f = with_pattern_list(":1-3").unwrap();
        assert!(!f.is_topic_partition_allowed("t", 0));
        assert!(f.is_topic_partition_allowed("t", 2));
        assert!(!f.is_topic_partition_allowed("t", 3));
        let f = with_pattern_list(":3-").unwrap();
        assert!(!f.is_topic_partition_allowed("t", 2));
        assert!(f.is_topic_partition_allowed("t", 5));
        let f = with_pattern_list(":-3").unwrap();
        assert!(f.is_topic_partition_allowed("t", 0));
        assert!(!f.is_topic_partition_allowed("t", 3));

        let f = with_pattern_list("test.*:0,__consumer_offsets:1-2,.*:3").unwrap();
        assert!(f.is_topic_allowed("custom"));
        assert!(f.is_topic_partition_allowed("test1", 0));
        assert!(!f.is_topic_partition_allowed("test1", 1));
        assert!(f.is_topic_partition_allowed("custom", 3));
        assert!(f.is_topic_partition_allowed("__consumer_offsets", 1));
        assert!(!f.is_topic_partition_allowed("__consumer_offsets", 2));

        let f = with_topic_and_partitions(Some("topic"), Some("1,3,5")).unwrap();
        assert!(!f.is_topic_partition_allowed("topic", 0));
        assert!(f.is_topic_partition_allowed("topic", 5));
        assert!(!f.is_topic_allowed("topic1"));
    }

    #[test]
    fn refusals_carry_kafkas_messages() {
        let msg = |r: Result<TopicPartitionFilter, Failure>| match r {
            Err(Failure::Exception(m)) => m,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            msg(with_pattern_list("a:b")),
            "org.apache.kafka.tools.TerseException: Invalid rule specification: a:b"
        );
        assert_eq!(
            msg(with_pattern_list("a:1:2")),
            "org.apache.kafka.tools.TerseException: Invalid rule specification: a:1:2"
        );
        assert_eq!(
            msg(with_pattern_list("a:99999999999")),
            "For input string: \"99999999999\""
        );
        assert_eq!(
            msg(with_topic_and_partitions(None, Some("1,x"))),
            "--partitions expects a comma separated list of numeric partition ids, but received: 1,x"
        );
        assert_eq!(
            msg(with_topic_and_partitions(Some("a("), None)),
            "a( is an invalid regex."
        );
    }
}
