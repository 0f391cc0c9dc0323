//! [`Input`]: one thing a learner does that changes the engine, as the journal stores it.
//!
//! Exactly the engine-affecting actions of the UI's reducer: the topic form, a terminal line
//! (a command, or a line typed into a running tool), the producers panel, Ctrl-C and Ctrl-D.
//! What only changes the page (language, the selected partition, the inspector) is not an
//! input, and neither is the passage of time: the journal stamps each input with its simulated
//! moment and keeps the final clock (see [`super::apply::pass_time`]).

use crate::engine::playground::ProducerId;

/// One engine-affecting input. The JSON form is tagged by `kind`, so an exported scenario
/// reads as a list of what the learner did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Input {
    /// The topic form: CreateTopics with this name, partition count and replication factor.
    CreateTopic {
        name: String,
        partitions: i32,
        replication_factor: i16,
    },
    /// A line entered in the terminal: a command, or a line read by a running tool or an
    /// unfinished `write-file`.
    RunCommand { line: String },
    /// The producers panel: a producer with these configs over the profile's defaults.
    CreateProducer { configs: Vec<(String, String)> },
    /// The producers panel: one record sent by hand.
    SendRecord {
        producer: ProducerId,
        topic: String,
        /// `None` sends a null key.
        key: Option<String>,
        value: String,
        /// `None` lets the partitioner choose.
        partition: Option<i32>,
    },
    /// Ctrl-C in the terminal: stop the running tool.
    Interrupt,
    /// Ctrl-D on an empty terminal line: end the running tool's input.
    EndInput,
}

impl Input {
    /// Bytes the input takes in the journal's JSON, for [`super::journal::MAX_JOURNAL_BYTES`].
    pub fn json_len(&self) -> usize {
        serde_json::to_string(self)
            .expect("an enum of strings and integers always serializes")
            .len()
    }
}
