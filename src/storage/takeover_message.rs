//! The take-over protocol's messages, plain Rust: a tab that shows a playground read-only asks
//! the owning tab, over a `BroadcastChannel` named after the playground's database, to hand
//! the playground over (`storage::takeover` carries them in the browser).
//!
//! The exchange: the asking tab posts [`TakeoverMessage::Request`] with a fresh id; the owner
//! flushes everything, releases its Web Lock and answers [`TakeoverMessage::HandedOver`] with
//! that id (or [`TakeoverMessage::Refused`] with the reason when its flush failed, keeping the
//! playground); the asking tab then reloads and takes the lock. Read-only tabs ignore
//! requests: only the lock's holder answers. Kafka hands a partition's leadership over the
//! same way in spirit: the old leader stops appending before the new one starts
//! (`ControlledShutdown`), never two writers at once.

/// Prefix of the channel name; the playground's database name follows.
const CHANNEL_PREFIX: &str = "kplay-takeover:";

/// One message on a playground's take-over channel, as JSON text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum TakeoverMessage {
    /// "Hand this playground over to me": `id` names the request.
    Request { id: u64 },
    /// The owner saved everything and released its lock.
    HandedOver { id: u64 },
    /// The owner could not hand over (its last flush failed) and keeps the playground.
    Refused { id: u64, reason: String },
}

impl TakeoverMessage {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a tagged enum of integers and strings serializes")
    }

    /// The message `json` holds; `None` for anything else posted on the channel.
    pub fn from_json(json: &str) -> Option<TakeoverMessage> {
        serde_json::from_str(json).ok()
    }

    /// The request this message belongs to.
    pub fn id(&self) -> u64 {
        match self {
            TakeoverMessage::Request { id }
            | TakeoverMessage::HandedOver { id }
            | TakeoverMessage::Refused { id, .. } => *id,
        }
    }
}

/// The take-over channel of the playground stored in database `db_name`.
pub fn channel_name(db_name: &str) -> String {
    format!("{CHANNEL_PREFIX}{db_name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_back_and_strangers_are_ignored() {
        let all = [
            TakeoverMessage::Request { id: 7 },
            TakeoverMessage::HandedOver { id: 7 },
            TakeoverMessage::Refused {
                id: 9,
                reason: "quota".into(),
            },
        ];
        for m in &all {
            assert_eq!(TakeoverMessage::from_json(&m.to_json()).as_ref(), Some(m));
        }
        assert_eq!(all[0].to_json(), r#"{"type":"request","id":7}"#);
        assert_eq!(all[2].id(), 9);
        assert_eq!(TakeoverMessage::from_json(r#"{"type":"hello"}"#), None);
        assert_eq!(TakeoverMessage::from_json("not json"), None);
    }

    #[test]
    fn the_channel_is_named_after_the_database() {
        assert_eq!(
            channel_name("kplay-catalogue-playground-3"),
            "kplay-takeover:kplay-catalogue-playground-3"
        );
    }
}
