//! `ConsumerGroupService.resetOffsets` (KIP-122): the plan of new offsets for each group,
//! committed with `--execute`, printed by `printOffsetsToReset` or `--export`ed as CSV.
//!
//! Only a group that is `Empty` or `Dead` (unknown) is reset; another prints
//! `Assignments can only be reset if the group 'g' is inactive, but the current state is
//! Stable.` and gets an empty plan. The scenarios compute as Kafka 4.0's do:
//! `--to-offset`, `--shift-by` and `--from-file` are clamped to the log's range
//! (`checkOffsetsRange`, with a warning); `--to-earliest`/`--to-latest` are the log start
//! offset and the high watermark; `--to-datetime`/`--by-duration` the first offset at or after
//! the time (`Utils.getDateTime`, `Duration.parse`; a partition with no such record falls back
//! to its log end offset, with `Warn: Partition …`); `--to-current` the committed offset, or
//! the log end offset where there is none.
//!
//! The plan is printed as Kafka 4.0's `printOffsetsToReset` does since its line ends were
//! restored (apache/kafka#17058): `%n%-30s %-30s %-10s %-15s` per line, then a line end.
//! A `--from-file` plan must be well-formed CSV (`topic,partition,offset`, or
//! `group,topic,partition,offset`); Kafka's Jackson errors for a malformed one are not
//! imitated (kplay says which line it could not read).

use super::describe::{describe_group, log_end_offset, log_offset, Described};
use super::options::{self, ConsumerGroupCommandOptions};
use super::service::{consumer_group_ids, group_id_order, hash_map_order};
use super::{pad, Failure, Printer};
use crate::cli::flags::FlagSpec;
use crate::cli::java_hash_map::topic_partition_hash;
use crate::cli::topics::options::java_split;
use crate::cli::vfs::Files;
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::group::broker::ResetOffsetsError;
use crate::engine::group::coordinator::ClassicGroupState;
use crate::engine::log::OffsetSpec;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;

/// One group's plan: each partition's new offset, in the plan's `HashMap` order.
pub type Plan = Vec<(TopicPartition, i64)>;

fn tp_hash(tp: &TopicPartition) -> i32 {
    topic_partition_hash(&tp.topic, tp.partition)
}

/// A map built by `Collectors.toMap` over `items`, as it iterates.
fn to_map(items: Plan) -> Plan {
    hash_map_order(items, |(tp, _)| tp_hash(tp))
}

/// `resetOffsets` and the printing `run` does with its result.
pub fn reset_offsets<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    opts: &ConsumerGroupCommandOptions,
    files: Files<'_>,
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
    let mut result: Vec<(String, Plan)> = Vec::new();
    for group_id in group_id_order(unique) {
        let group = describe_group(cluster, &group_id, now_ms)?;
        match group.state {
            ClassicGroupState::Empty | ClassicGroupState::Dead => {
                let partitions = partitions_to_reset(cluster, opts, &group)?;
                let plan =
                    prepare_offsets_to_reset(cluster, opts, files, p, &group, partitions, now_ms)?;
                let dry_run = opts.has(&options::DRY_RUN) || !opts.has(&options::EXECUTE);
                if !dry_run {
                    execute(cluster, &group_id, &plan, now_ms)?;
                }
                result.push((group_id, plan));
            }
            state => {
                p.print_error(&format!(
                    "Assignments can only be reset if the group '{group_id}' is inactive, but the current state is {}.",
                    state.name()
                ));
                result.push((group_id, Vec::new()));
            }
        }
    }
    if opts.has(&options::EXPORT) {
        let single = opts.groups().len() == 1;
        p.println(&export_csv(&result, single));
    } else {
        print_offsets_to_reset(p, &result);
    }
    Ok(())
}

/// `alterConsumerGroupOffsets(...).all().get()`: an OffsetCommit with generation -1.
fn execute<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    group_id: &str,
    plan: &Plan,
    now_ms: i64,
) -> Result<(), Failure> {
    match cluster.reset_group_offsets(group_id, plan, now_ms) {
        Ok(results) => {
            let failed: Vec<&(TopicPartition, ErrorCode)> = results
                .iter()
                .filter(|(_, e)| *e != ErrorCode::None)
                .collect();
            match failed.first() {
                None => Ok(()),
                Some((_, code)) => {
                    let list: Vec<String> = failed.iter().map(|(tp, _)| tp.to_string()).collect();
                    Err(Failure::execution(
                        *code,
                        &format!(
                            "Failed altering consumer group offsets for the following partitions: [{}]",
                            list.join(", ")
                        ),
                    ))
                }
            }
        }
        Err(ResetOffsetsError::Api(e)) => Err(Failure::execution(e.code, &e.message)),
        Err(refused @ ResetOffsetsError::GroupActive { .. }) => unreachable!(
            "the group was Empty or Dead a moment ago and nothing ran in between: {refused}"
        ),
    }
}

/// `printOffsetsToReset`.
pub fn print_offsets_to_reset(p: &mut Printer, result: &[(String, Plan)]) {
    let line = |g: &str, t: &str, part: &str, o: &str| {
        format!(
            "\n{} {} {} {}",
            pad(g, 30),
            pad(t, 30),
            pad(part, 10),
            pad(o, 15)
        )
    };
    if !result.is_empty() {
        p.print(&line("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
    }
    for (group, plan) in result {
        for (tp, offset) in plan {
            p.print(&line(
                group,
                &tp.topic,
                &tp.partition.to_string(),
                &offset.to_string(),
            ));
        }
    }
    p.println("");
}

/// A CSV field as Jackson's `CsvMapper` writes it: quoted when it holds a separator, a
/// quote or a line end.
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// `exportOffsetsToCsv`: one record per partition, with the group column unless exactly one
/// `--group` was given.
pub fn export_csv(result: &[(String, Plan)], single_group: bool) -> String {
    let mut csv = String::new();
    for (group, plan) in result {
        for (tp, offset) in plan {
            if !single_group {
                csv.push_str(&csv_field(group));
                csv.push(',');
            }
            csv.push_str(&format!(
                "{},{},{offset}\n",
                csv_field(&tp.topic),
                tp.partition
            ));
        }
    }
    csv
}

/// `getPartitionsToReset`.
fn partitions_to_reset<S: SegmentStorage>(
    cluster: &Cluster<S>,
    opts: &ConsumerGroupCommandOptions,
    group: &Described,
) -> Result<Vec<TopicPartition>, Failure> {
    if opts.has(&options::ALL_TOPICS) {
        Ok(committed(group).into_iter().map(|(tp, _)| tp).collect())
    } else if opts.has(&options::TOPIC) {
        parse_topic_partitions_to_reset(cluster, opts.topics())
    } else if opts.has(&options::FROM_FILE) {
        Ok(Vec::new())
    } else {
        Err(Failure::Usage(
            "One of the reset scopes should be defined: --all-topics, --topic.".into(),
        ))
    }
}

/// `getCommittedOffsets`: the admin client's `HashMap` of the group's committed offsets.
fn committed(group: &Described) -> Plan {
    to_map(
        group
            .offsets
            .iter()
            .map(|o| (o.topic_partition.clone(), o.committed_offset))
            .collect(),
    )
}

/// `GroupOffsetsResetter.parseTopicsWithPartitions`: `topic:0,1,2`.
pub fn parse_topic_with_partitions(arg: &str) -> Result<Vec<TopicPartition>, Failure> {
    let parts = java_split(arg, ':');
    let [topic, partitions] = parts.as_slice() else {
        return Err(Failure::Usage(format!(
            "Invalid topic arg '{arg}', expected topic name and partitions"
        )));
    };
    java_split(partitions, ',')
        .into_iter()
        .map(|p| {
            p.parse::<i32>()
                .map(|n| TopicPartition::new(topic, n))
                .map_err(|_| {
                    Failure::Usage(format!(
                        "Invalid partition '{p}' specified in topic arg '{arg}''"
                    ))
                })
        })
        .collect()
}

/// `parseTopicPartitionsToReset`: the `topic:partitions` arguments in order, then every
/// partition of the other topics (`describeTopics`, a map by topic name).
fn parse_topic_partitions_to_reset<S: SegmentStorage>(
    cluster: &Cluster<S>,
    args: &[String],
) -> Result<Vec<TopicPartition>, Failure> {
    let mut specified = Vec::new();
    let mut topics: Vec<String> = Vec::new();
    for arg in args {
        if arg.contains(':') {
            specified.push(arg.as_str());
        } else if !topics.contains(arg) {
            topics.push(arg.clone());
        }
    }
    let mut partitions = Vec::new();
    for arg in specified {
        partitions.extend(parse_topic_with_partitions(arg)?);
    }
    let mut described = Vec::new();
    for topic in &topics {
        match cluster.registry().describe_topic(topic) {
            Ok(meta) => described.push((topic.clone(), meta.partition_count())),
            Err(_) => {
                let code = ErrorCode::UnknownTopicOrPartition;
                return Err(Failure::execution(code, code.doc()));
            }
        }
    }
    for (topic, count) in hash_map_order(described, |(t, _)| {
        crate::cli::java_hash_map::string_hash(t)
    }) {
        for p in 0..count {
            partitions.push(TopicPartition::new(&topic, p as i32));
        }
    }
    Ok(partitions)
}

/// A `Long` scenario value read when the plan is made: a conversion error reaches `run`'s
/// `catch (Throwable)`.
fn scenario_long(opts: &ConsumerGroupCommandOptions, spec: &FlagSpec) -> Result<i64, Failure> {
    match opts.long(spec) {
        Ok(Some(v)) => Ok(v),
        Ok(None) => unreachable!("the scenario flag {} was checked to be present", spec.name),
        Err(Failure::Uncaught(e)) => {
            let (class, message) = e.split_once(": ").unwrap_or(("", &e));
            Err(Failure::Command {
                class: class.to_string(),
                message: message.to_string(),
            })
        }
        Err(other) => Err(other),
    }
}

/// `prepareOffsetsToReset`.
fn prepare_offsets_to_reset<S: SegmentStorage>(
    cluster: &Cluster<S>,
    opts: &ConsumerGroupCommandOptions,
    files: Files<'_>,
    p: &mut Printer,
    group: &Described,
    partitions: Vec<TopicPartition>,
    now_ms: i64,
) -> Result<Plan, Failure> {
    let reset_to = |offset_of: &dyn Fn(&TopicPartition) -> Result<Option<i64>, Failure>,
                    what: &str|
     -> Result<Plan, Failure> {
        let mut plan = Vec::new();
        for tp in &partitions {
            match offset_of(tp)? {
                Some(o) => plan.push((tp.clone(), o)),
                None => {
                    return Err(Failure::Usage(format!(
                        "Error getting {what} of topic partition: {tp}"
                    )))
                }
            }
        }
        Ok(to_map(plan))
    };
    if opts.has(&options::TO_OFFSET) {
        let offset = scenario_long(opts, &options::TO_OFFSET)?;
        let requested = to_map(partitions.iter().map(|tp| (tp.clone(), offset)).collect());
        return Ok(to_map(check_offsets_range(cluster, p, requested)?));
    }
    if opts.has(&options::TO_EARLIEST) {
        return reset_to(
            &|tp| log_offset(cluster, tp, OffsetSpec::Earliest),
            "starting offset",
        );
    }
    if opts.has(&options::TO_LATEST) {
        return reset_to(&|tp| log_end_offset(cluster, tp), "ending offset");
    }
    if opts.has(&options::SHIFT_BY) {
        let shift = scenario_long(opts, &options::SHIFT_BY)?;
        let current = committed(group);
        let mut requested = Vec::new();
        for tp in &partitions {
            let Some((_, offset)) = current.iter().find(|(c, _)| c == tp) else {
                return Err(Failure::Usage(format!(
                    "Cannot shift offset for partition {tp} since there is no current committed offset"
                )));
            };
            requested.push((tp.clone(), offset.wrapping_add(shift)));
        }
        return Ok(to_map(check_offsets_range(cluster, p, to_map(requested))?));
    }
    if opts.has(&options::TO_DATETIME) {
        let text = opts.string(&options::TO_DATETIME)?.unwrap_or_default();
        let timestamp = get_date_time(text).map_err(|message| Failure::Command {
            class: "java.lang.RuntimeException".into(),
            message: format!("java.text.ParseException: {message}"),
        })?;
        let offsets = log_timestamp_offsets(cluster, p, &partitions, timestamp)?;
        return reset_to(
            &|tp| Ok(offsets.iter().find(|(o, _)| o == tp).and_then(|(_, v)| *v)),
            "offset by timestamp",
        );
    }
    if opts.has(&options::BY_DURATION) {
        let text = opts.string(&options::BY_DURATION)?.unwrap_or_default();
        let duration_ms = parse_duration_ms(text).ok_or_else(|| Failure::Command {
            class: "java.time.format.DateTimeParseException".into(),
            message: "Text cannot be parsed to a Duration".into(),
        })?;
        let timestamp = now_ms.saturating_sub(duration_ms);
        let offsets = log_timestamp_offsets(cluster, p, &partitions, timestamp)?;
        return reset_to(
            &|tp| Ok(offsets.iter().find(|(o, _)| o == tp).and_then(|(_, v)| *v)),
            "offset by timestamp",
        );
    }
    if let Some(path) = opts.string(&options::FROM_FILE)? {
        let plans = reset_plan_from_file(opts, files, path)?;
        let Some((_, plan)) = plans.into_iter().find(|(g, _)| *g == group.group_id) else {
            p.print_error(&format!("No reset plan for group {} found", group.group_id));
            return Ok(Vec::new());
        };
        return Ok(to_map(check_offsets_range(cluster, p, to_map(plan))?));
    }
    if opts.has(&options::TO_CURRENT) {
        let current = committed(group);
        let mut with: Plan = Vec::new();
        let mut without = Vec::new();
        for tp in &partitions {
            match current.iter().find(|(c, _)| c == tp) {
                Some((_, offset)) => with.push((tp.clone(), *offset)),
                None => without.push(tp.clone()),
            }
        }
        let mut plan = to_map(with);
        for tp in hash_map_order(without, tp_hash) {
            match log_end_offset(cluster, &tp)? {
                Some(o) => plan.push((tp, o)),
                None => {
                    return Err(Failure::Usage(format!(
                        "Error getting ending offset of topic partition: {tp}"
                    )))
                }
            }
        }
        return Ok(to_map(plan));
    }
    let scenarios: Vec<String> = options::hash_set_order(&options::RESET_SCENARIOS)
        .iter()
        .map(|s| crate::cli::joptsimple::spec_string(s.name))
        .collect();
    Err(Failure::Usage(format!(
        "Option '{}' requires one of the following scenarios: [{}]",
        crate::cli::joptsimple::spec_string(options::RESET_OFFSETS.name),
        scenarios.join(", ")
    )))
}

/// `checkOffsetsRange`: an offset past the log end offset becomes it, one before the log
/// start offset becomes that, each with Kafka's warning.
fn check_offsets_range<S: SegmentStorage>(
    cluster: &Cluster<S>,
    p: &mut Printer,
    requested: Plan,
) -> Result<Plan, Failure> {
    let mut result = Vec::new();
    for (tp, offset) in requested {
        let end = log_end_offset(cluster, &tp)?;
        let start = log_offset(cluster, &tp, OffsetSpec::Earliest)?;
        let new = match (end, start) {
            (Some(end), _) if offset > end => {
                p.eprintln(&format!("WARN New offset ({offset}) is higher than latest offset for topic partition {tp}. Value will be set to {end}"));
                end
            }
            (_, Some(start)) if offset < start => {
                p.eprintln(&format!("WARN New offset ({offset}) is lower than earliest offset for topic partition {tp}. Value will be set to {start}"));
                start
            }
            _ => offset,
        };
        result.push((tp, new));
    }
    Ok(to_map(result))
}

/// `getLogTimestampOffsets`: the first offset at or after `timestamp`, or (with a warning on
/// stdout) the log end offset of a partition without one.
fn log_timestamp_offsets<S: SegmentStorage>(
    cluster: &Cluster<S>,
    p: &mut Printer,
    partitions: &[TopicPartition],
    timestamp: i64,
) -> Result<Vec<(TopicPartition, Option<i64>)>, Failure> {
    let mut found = Vec::new();
    let mut empty = Vec::new();
    for tp in hash_map_order(partitions.to_vec(), tp_hash) {
        match log_offset(cluster, &tp, OffsetSpec::Timestamp(timestamp))? {
            Some(o) if o != -1 => found.push((tp, Some(o))),
            _ => empty.push(tp),
        }
    }
    for tp in hash_map_order(empty.clone(), tp_hash) {
        p.println(&format!(
            "\nWarn: Partition {} from topic {} is empty. Falling back to latest known offset.",
            tp.partition, tp.topic
        ));
    }
    for tp in empty {
        let end = log_end_offset(cluster, &tp)?;
        found.push((tp, end));
    }
    Ok(found)
}

/// `resetPlanFromFile` → `parseResetPlan`: the groups' plans from the CSV file.
fn reset_plan_from_file(
    opts: &ConsumerGroupCommandOptions,
    files: Files<'_>,
    path: &str,
) -> Result<Vec<(String, Plan)>, Failure> {
    let bytes = files.read(path).map_err(|_| Failure::Command {
        class: "java.lang.RuntimeException".into(),
        message: format!("java.nio.file.NoSuchFileException: {path}"),
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let lines = java_split(&text, '\n');
    let record = |line: &str| -> Option<Vec<String>> {
        Some(
            line.trim_end_matches('\r')
                .split(',')
                .map(str::to_owned)
                .collect(),
        )
    };
    let no_group = |fields: &[String]| -> Option<(TopicPartition, i64)> {
        let [topic, partition, offset] = fields else {
            return None;
        };
        Some((
            TopicPartition::new(topic, partition.trim().parse().ok()?),
            offset.trim().parse().ok()?,
        ))
    };
    let single = opts.groups().len() == 1;
    let old_format = lines
        .first()
        .and_then(|l| record(l))
        .is_some_and(|f| no_group(&f).is_some());
    let mut plans: Vec<(String, Plan)> = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let fields = record(line).unwrap_or_default();
        let parsed = if single && old_format {
            no_group(&fields).map(|entry| (opts.groups()[0].clone(), entry))
        } else {
            match fields.as_slice() {
                [group, rest @ ..] => no_group(rest).map(|entry| (group.clone(), entry)),
                [] => None,
            }
        };
        let Some((group, (tp, offset))) = parsed else {
            return Err(Failure::Kplay(format!(
                "--from-file {path}: line {} is not a reset plan record (`topic,partition,offset` or `group,topic,partition,offset`)",
                n + 1
            )));
        };
        match plans.iter_mut().find(|(g, _)| *g == group) {
            Some((_, plan)) => match plan.iter_mut().find(|(t, _)| *t == tp) {
                Some(entry) => entry.1 = offset,
                None => plan.push((tp, offset)),
            },
            None => plans.push((group, vec![(tp, offset)])),
        }
    }
    Ok(plans)
}

/// Days since the epoch of a proleptic Gregorian date, months past 12 rolling into the next
/// year as `SimpleDateFormat`'s lenient calendar does.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y0 = year + (month - 1).div_euclid(12);
    let m = (month - 1).rem_euclid(12) + 1;
    let y = if m <= 2 { y0 - 1 } else { y0 };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468 + (day - 1)
}

/// Reads digits at the start of `s`: the number and the rest.
fn digits(s: &str) -> Option<(i64, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 18 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// `Utils.getDateTime`: `yyyy-MM-dd'T'HH:mm:ss.SSS` with an optional zone (`Z`, `±HH:mm`,
/// `±HH`); without one, UTC. The error is the `ParseException`'s message.
pub fn get_date_time(timestamp: &str) -> Result<i64, String> {
    let parts = java_split(timestamp, 'T');
    if parts.len() < 2 {
        return Err(format!(
            "Error parsing timestamp. It does not contain a 'T' according to ISO8601 format: {timestamp}"
        ));
    }
    let second = parts[1];
    let text = if second.contains(['+', '-', 'Z']) {
        timestamp.to_string()
    } else {
        format!("{timestamp}Z")
    };
    let unparseable = || format!("Unparseable date: \"{text}\"");
    let parse = || -> Option<i64> {
        let (year, s) = digits(&text)?;
        let (month, s) = digits(s.strip_prefix('-')?)?;
        let (day, s) = digits(s.strip_prefix('-')?)?;
        let (hour, s) = digits(s.strip_prefix('T')?)?;
        let (minute, s) = digits(s.strip_prefix(':')?)?;
        let (sec, s) = digits(s.strip_prefix(':')?)?;
        let (milli, zone) = digits(s.strip_prefix('.')?)?;
        let offset_minutes = if zone == "Z" {
            0
        } else {
            let sign = match zone.chars().next()? {
                '+' => 1,
                '-' => -1,
                _ => return None,
            };
            let z = &zone[1..];
            let (h, m) = match z.split_once(':') {
                Some((h, m)) if h.len() == 2 && m.len() == 2 => {
                    (h.parse::<i64>().ok()?, m.parse::<i64>().ok()?)
                }
                None if z.len() == 2 => (z.parse::<i64>().ok()?, 0),
                _ => return None,
            };
            sign * (h * 60 + m)
        };
        let days = days_from_civil(year, month, day);
        let ms = days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + sec * 1000 + milli;
        Some(ms - offset_minutes * 60_000)
    };
    parse().ok_or_else(unparseable)
}

/// `java.time.Duration.parse` in milliseconds: `[-+]PnDTnHnMn.nS`, each number signed,
/// letters in either case; `None` for text it refuses.
pub fn parse_duration_ms(text: &str) -> Option<i64> {
    let upper = text.to_ascii_uppercase();
    let (negate, rest) = match upper.as_bytes().first()? {
        b'-' => (true, &upper[1..]),
        b'+' => (false, &upper[1..]),
        _ => (false, upper.as_str()),
    };
    let rest = rest.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let number = |s: &str| -> Option<i64> {
        let body = s.strip_prefix(['+', '-']).unwrap_or(s);
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let mut total: i64 = 0;
    let mut any = false;
    if !date.is_empty() {
        let days = number(date.strip_suffix('D')?)?;
        total = total.checked_add(days.checked_mul(86_400_000)?)?;
        any = true;
    }
    if let Some(mut t) = time {
        let mut any_time = false;
        for (unit, ms) in [('H', 3_600_000i64), ('M', 60_000)] {
            if let Some(i) = t.find(unit) {
                total = total.checked_add(number(&t[..i])?.checked_mul(ms)?)?;
                t = &t[i + 1..];
                any_time = true;
            }
        }
        if let Some(s) = t.strip_suffix('S') {
            let (whole, fraction) = match s.split_once(['.', ',']) {
                Some((w, f)) => (w, f),
                None => (s, ""),
            };
            if fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let seconds = number(whole)?;
            let mut millis: i64 = format!("{fraction:0<3}")[..3].parse().unwrap_or(0);
            if whole.starts_with('-') {
                millis = -millis;
            }
            total = total
                .checked_add(seconds.checked_mul(1000)?)?
                .checked_add(millis)?;
            any_time = true;
        } else if !t.is_empty() {
            return None;
        }
        if !any_time {
            return None;
        }
        any = true;
    }
    if !any {
        return None;
    }
    Some(if negate { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_parse_like_utils_get_date_time() {
        assert_eq!(
            get_date_time("2023-11-14T22:13:20.000"),
            Ok(1_700_000_000_000)
        );
        assert_eq!(
            get_date_time("2023-11-14T22:13:20.000Z"),
            Ok(1_700_000_000_000)
        );
        assert_eq!(
            get_date_time("2023-11-15T00:13:20.000+02:00"),
            Ok(1_700_000_000_000)
        );
        assert_eq!(
            get_date_time("2023-11-14T20:13:20.000-02"),
            Ok(1_700_000_000_000)
        );
        assert_eq!(
            get_date_time("2023-11-14"),
            Err("Error parsing timestamp. It does not contain a 'T' according to ISO8601 format: 2023-11-14".into())
        );
        assert_eq!(
            get_date_time("2023-11-14T22:13"),
            Err("Unparseable date: \"2023-11-14T22:13Z\"".into())
        );
    }

    #[test]
    fn durations_parse_like_java_time() {
        assert_eq!(parse_duration_ms("PT1H"), Some(3_600_000));
        assert_eq!(parse_duration_ms("P1DT2M"), Some(86_400_000 + 120_000));
        assert_eq!(parse_duration_ms("pt0.5s"), Some(500));
        assert_eq!(parse_duration_ms("-PT10S"), Some(-10_000));
        assert_eq!(parse_duration_ms("PT-1M"), Some(-60_000));
        assert_eq!(parse_duration_ms("P"), None);
        assert_eq!(parse_duration_ms("PT"), None);
        assert_eq!(parse_duration_ms("1H"), None);
        assert_eq!(parse_duration_ms("PT1X"), None);
    }

    #[test]
    fn topic_args_parse_like_kafka() {
        assert_eq!(
            parse_topic_with_partitions("t:0,2").unwrap(),
            vec![TopicPartition::new("t", 0), TopicPartition::new("t", 2)]
        );
        assert_eq!(
            parse_topic_with_partitions("t:x"),
            Err(Failure::Usage(
                "Invalid partition 'x' specified in topic arg 't:x''".into()
            ))
        );
        assert_eq!(
            parse_topic_with_partitions("t:1:2"),
            Err(Failure::Usage(
                "Invalid topic arg 't:1:2', expected topic name and partitions".into()
            ))
        );
    }

    #[test]
    fn export_quotes_like_jackson() {
        let plan = vec![("g,1".to_string(), vec![(TopicPartition::new("t", 0), 5)])];
        assert_eq!(export_csv(&plan, false), "\"g,1\",t,0,5\n");
        assert_eq!(export_csv(&plan, true), "t,0,5\n");
    }
}
