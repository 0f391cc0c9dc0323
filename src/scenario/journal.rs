//! [`Scenario`], a playground as data, and [`Journal`], the bounded recorder the UI appends
//! every input to.
//!
//! Invariants:
//! - entries are in the order they were applied and their `at_ms` never decreases;
//! - the journal holds at most [`MAX_JOURNAL_ENTRIES`] entries and [`MAX_JOURNAL_BYTES`] bytes
//!   of input JSON. When an input would not fit, the journal is full for good: it refuses that
//!   input and every later one, and its clock stays where the refused input happened, so the
//!   scenario remains an exact moment of the live playground (the state just before the first
//!   unsaved input) instead of silently dropping old inputs, which would replay into a
//!   playground that never existed. The UI says so; reset or export start over.
//! - `clock_ms` is never behind the last entry's `at_ms`.

use crate::engine::profile::VersionProfile;

use super::input::Input;

/// The layout of [`Scenario`]'s JSON. A newer kplay reads every older version; an older
/// kplay refuses a newer one ([`super::ReplayError::TooNew`]).
pub const SCENARIO_FORMAT_VERSION: u32 = 1;
/// Most inputs a journal holds (a learner's session rarely has a thousand).
pub const MAX_JOURNAL_ENTRIES: usize = 10_000;
/// Most bytes of input JSON a journal holds (a pasted line can be long).
pub const MAX_JOURNAL_BYTES: usize = 4 * 1024 * 1024;

/// One input and the simulated moment it was applied at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JournalEntry {
    pub at_ms: i64,
    pub input: Input,
}

/// A playground as data: replaying `inputs` on a playground of `seed` and `profile` started at
/// `start_ms`, then passing time to `clock_ms`, rebuilds it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Scenario {
    pub format_version: u32,
    pub seed: u64,
    pub profile: VersionProfile,
    /// The simulated time the playground was created at.
    pub start_ms: i64,
    /// The simulated time it had reached when the scenario was taken.
    pub clock_ms: i64,
    pub inputs: Vec<JournalEntry>,
    /// The journal refused an input for lack of room; later inputs are not in the scenario.
    #[serde(default)]
    pub full: bool,
}

impl Scenario {
    /// A new, empty playground's scenario.
    pub fn new(seed: u64, profile: VersionProfile, start_ms: i64) -> Scenario {
        Scenario {
            format_version: SCENARIO_FORMAT_VERSION,
            seed,
            profile,
            start_ms,
            clock_ms: start_ms,
            inputs: Vec::new(),
            full: false,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .expect("a struct of strings, integers and enums always serializes")
    }

    pub fn from_json(json: &str) -> Result<Scenario, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The scenario as it stood at simulated time `to_ms` (clamped into `[start_ms,
    /// clock_ms]`): the inputs applied at or before that moment, and the clock there. The
    /// engine is deterministic, so replaying it rebuilds the playground exactly as it was at
    /// `to_ms`: this is how the time controls rewind. A moment inside a jump of the clock (a
    /// terminal `advance 5000`) never existed: the replay lands at the jump's end.
    pub fn until(&self, to_ms: i64) -> Scenario {
        let to_ms = to_ms.clamp(self.start_ms, self.clock_ms);
        Scenario {
            format_version: self.format_version,
            seed: self.seed,
            profile: self.profile,
            start_ms: self.start_ms,
            clock_ms: to_ms,
            inputs: self
                .inputs
                .iter()
                .take_while(|e| e.at_ms <= to_ms)
                .cloned()
                .collect(),
            // The refused input happened at `clock_ms`: an earlier moment has room after it.
            full: self.full && to_ms == self.clock_ms,
        }
    }
}

/// Whether the journal kept an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    Kept,
    /// This input (and every later one) is not saved: the journal is full.
    Full,
}

/// The UI's recorder: the scenario so far, its size, and how much of it the host persisted.
#[derive(Debug, Clone, PartialEq)]
pub struct Journal {
    scenario: Scenario,
    bytes: usize,
    /// How far the host has persisted it.
    persisted: PersistMark,
}

impl Journal {
    pub fn new(seed: u64, profile: VersionProfile, start_ms: i64) -> Journal {
        Journal::restored(Scenario::new(seed, profile, start_ms))
    }

    /// Goes on from a scenario that was persisted whole (after a reload).
    pub fn restored(scenario: Scenario) -> Journal {
        let bytes = scenario.inputs.iter().map(|e| e.input.json_len()).sum();
        let mut journal = Journal {
            bytes,
            persisted: PersistMark {
                upto: 0,
                clock_ms: 0,
                full: false,
            },
            scenario,
        };
        journal.persisted = journal.mark();
        journal
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn len(&self) -> usize {
        self.scenario.inputs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scenario.inputs.is_empty()
    }

    pub fn is_full(&self) -> bool {
        self.scenario.full
    }

    /// Records `input`, about to be applied at `at_ms` (the playground's clock), unless the
    /// journal is, or with it would be, full.
    pub fn record(&mut self, at_ms: i64, input: &Input) -> Recorded {
        if self.scenario.full {
            return Recorded::Full;
        }
        let len = input.json_len();
        if self.len() >= MAX_JOURNAL_ENTRIES || self.bytes + len > MAX_JOURNAL_BYTES {
            self.set_clock(at_ms);
            self.scenario.full = true;
            return Recorded::Full;
        }
        self.set_clock(at_ms);
        self.bytes += len;
        self.scenario.inputs.push(JournalEntry {
            at_ms: self.scenario.clock_ms,
            input: input.clone(),
        });
        Recorded::Kept
    }

    /// Moves the scenario's clock to `now_ms` (never back; frozen once full).
    pub fn set_clock(&mut self, now_ms: i64) {
        if !self.scenario.full {
            self.scenario.clock_ms = self.scenario.clock_ms.max(now_ms);
        }
    }

    /// What the host has not persisted yet: the new entries (from index `first`) and, in
    /// `mark`, the point to hand back to [`Journal::mark_persisted`] once they are stored.
    pub fn unpersisted(&self) -> Unpersisted<'_> {
        Unpersisted {
            first: self.persisted.upto,
            entries: &self.scenario.inputs[self.persisted.upto..],
            mark: self.mark(),
        }
    }

    fn mark(&self) -> PersistMark {
        PersistMark {
            upto: self.len(),
            clock_ms: self.scenario.clock_ms,
            full: self.scenario.full,
        }
    }

    /// Whether anything (entries, the clock, the full flag) awaits persisting.
    pub fn is_dirty(&self) -> bool {
        self.persisted != self.mark()
    }

    /// The host stored everything up to `mark` (a later mark may have been stored already
    /// when flushes overlap: the furthest wins).
    pub fn mark_persisted(&mut self, mark: PersistMark) {
        if mark.upto >= self.persisted.upto {
            self.persisted = mark;
        }
    }
}

/// How far a journal is persisted: entries before `upto`, its clock and its full flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersistMark {
    pub upto: usize,
    pub clock_ms: i64,
    pub full: bool,
}

/// What a flush writes: entries `first..` and the scenario's header as of `mark`.
#[derive(Debug)]
pub struct Unpersisted<'a> {
    pub first: usize,
    pub entries: &'a [JournalEntry],
    pub mark: PersistMark,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> Input {
        Input::RunCommand { line: s.to_owned() }
    }

    #[test]
    fn records_in_order_and_tracks_what_was_persisted() {
        let mut j = Journal::new(7, VersionProfile::Kafka4x, 1_000);
        assert_eq!(j.record(1_000, &line("help")), Recorded::Kept);
        j.set_clock(1_500);
        assert_eq!(j.record(2_000, &Input::Interrupt), Recorded::Kept);
        assert_eq!(j.scenario().clock_ms, 2_000);
        let pending = j.unpersisted();
        assert_eq!((pending.first, pending.entries.len()), (0, 2));
        let mark = pending.mark;
        j.record(2_000, &Input::EndInput);
        j.mark_persisted(mark);
        assert!(
            j.is_dirty(),
            "the entry recorded during the flush is still new"
        );
        let pending = j.unpersisted();
        assert_eq!((pending.first, pending.entries.len()), (2, 1));
        let mark = pending.mark;
        j.mark_persisted(mark);
        assert!(!j.is_dirty());
        j.set_clock(2_250);
        assert!(j.is_dirty());
        assert_eq!(j.unpersisted().entries.len(), 0);
    }

    #[test]
    fn a_full_journal_refuses_and_freezes_its_clock() {
        let mut j = Journal::new(7, VersionProfile::Kafka4x, 0);
        for i in 0..MAX_JOURNAL_ENTRIES {
            assert_eq!(j.record(i as i64, &Input::EndInput), Recorded::Kept);
        }
        assert_eq!(j.record(20_000, &Input::EndInput), Recorded::Full);
        assert!(j.is_full());
        assert_eq!(j.scenario().clock_ms, 20_000);
        j.set_clock(30_000);
        assert_eq!(j.record(40_000, &Input::EndInput), Recorded::Full);
        assert_eq!(j.scenario().clock_ms, 20_000);
        assert_eq!(j.len(), MAX_JOURNAL_ENTRIES);
    }

    #[test]
    fn until_keeps_the_inputs_up_to_a_moment_and_clamps_it() {
        let mut j = Journal::new(7, VersionProfile::Kafka4x, 1_000);
        j.record(1_000, &line("a"));
        j.record(2_000, &line("b"));
        j.record(2_000, &line("c"));
        j.record(3_000, &line("d"));
        j.set_clock(5_000);
        let s = j.scenario();
        let at = |t: i64| {
            let u = s.until(t);
            let lines: Vec<String> = u
                .inputs
                .iter()
                .map(|e| match &e.input {
                    Input::RunCommand { line } => line.clone(),
                    other => panic!("only lines were recorded, got {other:?}"),
                })
                .collect();
            (u.clock_ms, lines.join(""))
        };
        assert_eq!(at(999), (1_000, "a".into()), "clamped to the start");
        assert_eq!(at(1_999), (1_999, "a".into()));
        assert_eq!(
            at(2_000),
            (2_000, "abc".into()),
            "inputs at the moment count"
        );
        assert_eq!(at(9_000), (5_000, "abcd".into()), "clamped to the clock");
        assert_eq!(s.until(5_000), *s);
    }

    #[test]
    fn until_an_earlier_moment_is_no_longer_full() {
        let mut j = Journal::new(7, VersionProfile::Kafka4x, 0);
        let big = line(&"x".repeat(MAX_JOURNAL_BYTES / 2));
        j.record(10, &big);
        j.record(20, &big);
        assert!(j.scenario().full);
        assert!(j.scenario().until(20).full);
        assert!(!j.scenario().until(19).full);
    }

    #[test]
    fn a_long_input_fills_the_journal_by_bytes() {
        let mut j = Journal::new(7, VersionProfile::Kafka4x, 0);
        let big = line(&"x".repeat(MAX_JOURNAL_BYTES / 2));
        assert_eq!(j.record(0, &big), Recorded::Kept);
        assert_eq!(j.record(1, &big), Recorded::Full);
        assert_eq!(j.len(), 1);
    }

    #[test]
    fn round_trips_through_json() {
        let mut j = Journal::new(u64::MAX - 3, VersionProfile::Kafka2_5, 5);
        j.record(5, &line("kafka-topics.sh --create --topic a"));
        j.record(
            9,
            &Input::SendRecord {
                producer: 0,
                topic: "a".into(),
                key: None,
                value: "v 한국어".into(),
                partition: Some(1),
            },
        );
        let json = j.scenario().to_json();
        assert!(json.contains("\"kind\": \"send_record\""), "{json}");
        assert_eq!(&Scenario::from_json(&json).unwrap(), j.scenario());
    }
}
