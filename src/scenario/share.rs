//! A scenario carried by a URL: `…#scenario=<base64url of the DEFLATE-compressed JSON>`.
//!
//! Why the fragment: it never leaves the browser (no server sees it, kplay has none), and a
//! page load with it opens the shared experiment. The scenario is the whole playground (seed,
//! profile, inputs, clock), so the link rebuilds what its author saw, byte for byte.
//!
//! The JSON is compressed with raw DEFLATE (RFC 1951, `miniz_oxide`, which also backs Kafka's
//! gzip codec here) and encoded as base64url without padding (RFC 4648 §5), which
//! needs no escaping in a URL. Decoding bounds the inflated size, so a crafted link cannot
//! exhaust memory.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use miniz_oxide::inflate::TINFLStatus;

use super::journal::{Scenario, MAX_JOURNAL_BYTES};

/// The fragment's key: `#scenario=…`.
pub const FRAGMENT_KEY: &str = "scenario";
/// The longest link value made or accepted, in characters. Browsers take far longer URLs
/// (Chromium up to 2 MB), but chat tools and mail clients cut long links; past this the
/// scenario's JSON file is the way to share it.
pub const MAX_SHARE_CHARS: usize = 64 * 1024;
/// The most bytes a link's JSON may inflate to: a full journal plus its header.
const MAX_INFLATED_BYTES: usize = MAX_JOURNAL_BYTES + 64 * 1024;
/// DEFLATE's best compression: a link is made once and should be short.
const LINK_LEVEL: u8 = 9;

/// Why a scenario cannot travel by link, or a link holds no usable scenario.
#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error("the link would be {chars} characters long, over the limit of {max}: export the scenario as a JSON file instead")]
    TooLong { chars: usize, max: usize },
    #[error("the link's scenario is not base64url: {0}")]
    NotBase64(String),
    #[error("the link's scenario does not inflate: {0}")]
    NotDeflate(String),
    #[error("the link's scenario inflates past {max} bytes")]
    TooLarge { max: usize },
    #[error("the link's scenario is not a kplay scenario: {0}")]
    NotScenario(#[from] serde_json::Error),
}

/// The fragment value carrying `scenario` (without `#scenario=`).
pub fn encode(scenario: &Scenario) -> Result<String, ShareError> {
    let json =
        serde_json::to_vec(scenario).expect("a struct of strings, integers and enums serializes");
    let compressed = miniz_oxide::deflate::compress_to_vec(&json, LINK_LEVEL);
    let value = URL_SAFE_NO_PAD.encode(compressed);
    if value.len() > MAX_SHARE_CHARS {
        return Err(ShareError::TooLong {
            chars: value.len(),
            max: MAX_SHARE_CHARS,
        });
    }
    Ok(value)
}

/// The scenario a fragment value carries.
pub fn decode(value: &str) -> Result<Scenario, ShareError> {
    if value.len() > MAX_SHARE_CHARS {
        return Err(ShareError::TooLong {
            chars: value.len(),
            max: MAX_SHARE_CHARS,
        });
    }
    let compressed = URL_SAFE_NO_PAD
        .decode(value.trim())
        .map_err(|e| ShareError::NotBase64(e.to_string()))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_INFLATED_BYTES)
        .map_err(|e| match e.status {
            TINFLStatus::HasMoreOutput => ShareError::TooLarge {
                max: MAX_INFLATED_BYTES,
            },
            _ => ShareError::NotDeflate(e.to_string()),
        })?;
    Ok(serde_json::from_slice(&json)?)
}

/// The scenario value in a location hash (`#scenario=…`, possibly among other `&`-separated
/// `key=value` pairs), if there is one.
pub fn from_hash(hash: &str) -> Option<&str> {
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix(FRAGMENT_KEY)?.strip_prefix('='))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::profile::VersionProfile;
    use crate::scenario::{Input, Journal};

    fn scenario() -> Scenario {
        let mut j = Journal::new(42, VersionProfile::Kafka4x, 1_000);
        j.record(
            1_000,
            &Input::RunCommand {
                line: "kafka-topics.sh --create --topic 주문 --partitions 3".into(),
            },
        );
        j.record(
            2_500,
            &Input::SendRecord {
                producer: 0,
                topic: "주문".into(),
                key: Some("k".into()),
                value: "v".into(),
                partition: None,
            },
        );
        j.set_clock(9_000);
        j.scenario().clone()
    }

    #[test]
    fn a_scenario_round_trips_through_a_link() {
        let s = scenario();
        let value = encode(&s).unwrap();
        assert!(
            value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "base64url needs no escaping in a URL: {value}"
        );
        assert_eq!(decode(&value).unwrap(), s);
        let hash = format!("#lang=ko&{FRAGMENT_KEY}={value}");
        assert_eq!(from_hash(&hash), Some(value.as_str()));
    }

    #[test]
    fn a_hash_without_a_scenario_has_none() {
        assert_eq!(from_hash(""), None);
        assert_eq!(from_hash("#lang=ko"), None);
        assert_eq!(from_hash("#scenarios=x"), None);
    }

    #[test]
    fn damaged_links_are_refused_with_the_reason() {
        let value = encode(&scenario()).unwrap();
        assert!(matches!(decode("!!!"), Err(ShareError::NotBase64(_))));
        let truncated = &value[..value.len() / 2];
        assert!(matches!(
            decode(truncated),
            Err(ShareError::NotDeflate(_) | ShareError::NotScenario(_) | ShareError::NotBase64(_))
        ));
        let not_json =
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"{\"seed\": 1}", 1));
        assert!(matches!(decode(&not_json), Err(ShareError::NotScenario(_))));
    }

    #[test]
    fn a_link_inflating_past_the_bound_is_refused() {
        let bomb = vec![b' '; MAX_INFLATED_BYTES + 10];
        let value = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&bomb, 9));
        assert!(
            value.len() <= MAX_SHARE_CHARS,
            "a bomb is small: {}",
            value.len()
        );
        assert!(matches!(decode(&value), Err(ShareError::TooLarge { .. })));
    }

    #[test]
    fn a_scenario_too_big_for_a_link_says_so() {
        let mut j = Journal::new(1, VersionProfile::Kafka4x, 0);
        // Incompressible lines: a xorshift stream as hex.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for i in 0..400 {
            let line: String = (0..32)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    format!("{:016x}", x)
                })
                .collect();
            j.record(i, &Input::RunCommand { line });
        }
        assert!(matches!(
            encode(j.scenario()),
            Err(ShareError::TooLong {
                max: MAX_SHARE_CHARS,
                ..
            })
        ));
    }
}
