//! The origin's storage usage and quota, and persistent storage: `navigator.storage`
//! (the WHATWG Storage Standard's `StorageManager`).
//!
//! Why: IndexedDB is kplay's disk, and the browser decides how big that disk is. The UI shows
//! [`estimate`]'s usage against its quota (Kafka's brokers report log dir usage the same way,
//! `DescribeLogDirs` `TotalBytes`/`UsableBytes`, KIP-827), and asks [`persist`] so the browser
//! does not evict a playground under storage pressure.
//!
//! Invariants and errors: the figures are the browser's estimate for the whole origin, not
//! exact byte counts of kplay's databases (browsers round and pad them on purpose); they are
//! advisory, a write can still fail with a quota error. Every call fails with
//! [`EstimateError`] when the page has no `navigator.storage` (insecure context, worker
//! without it) or the browser rejects the request.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Usage against quota, in bytes, for the whole origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StorageEstimate {
    pub usage_bytes: u64,
    pub quota_bytes: u64,
}

impl StorageEstimate {
    /// Bytes still available by the estimate (0 when usage already passed the quota).
    pub fn available_bytes(&self) -> u64 {
        self.quota_bytes.saturating_sub(self.usage_bytes)
    }
}

/// Why the browser would not tell.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EstimateError {
    #[error("this page has no navigator.storage (it needs a secure context)")]
    Unavailable,
    #[error("navigator.storage.{call}() failed: {message}")]
    Rejected { call: &'static str, message: String },
}

fn storage_manager() -> Result<web_sys::StorageManager, EstimateError> {
    let window = web_sys::window().ok_or(EstimateError::Unavailable)?;
    let navigator = window.navigator();
    // `navigator.storage` is undefined outside secure contexts, which web-sys does not model.
    let storage = js_sys::Reflect::get(&navigator, &"storage".into())
        .map_err(|_| EstimateError::Unavailable)?;
    if storage.is_undefined() || storage.is_null() {
        return Err(EstimateError::Unavailable);
    }
    Ok(storage.unchecked_into())
}

async fn call(
    call: &'static str,
    promise: Result<js_sys::Promise, wasm_bindgen::JsValue>,
) -> Result<wasm_bindgen::JsValue, EstimateError> {
    let rejected = |e: wasm_bindgen::JsValue| EstimateError::Rejected {
        call,
        message: e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| format!("{e:?}")),
    };
    JsFuture::from(promise.map_err(rejected)?)
        .await
        .map_err(rejected)
}

/// `navigator.storage.estimate()`: the origin's usage and quota.
pub async fn estimate() -> Result<StorageEstimate, EstimateError> {
    let manager = storage_manager()?;
    let value = call("estimate", manager.estimate()).await?;
    let estimate: web_sys::StorageEstimate = value.unchecked_into();
    // Both are doubles holding whole byte counts; absent means the browser does not say.
    let bytes = |v: Option<f64>| v.map_or(0, |v| v.max(0.0) as u64);
    Ok(StorageEstimate {
        usage_bytes: bytes(estimate.get_usage()),
        quota_bytes: bytes(estimate.get_quota()),
    })
}

/// `navigator.storage.persist()`: asks the browser not to evict this origin's data; whether
/// it agreed (browsers may decide without asking the user, from site engagement).
pub async fn persist() -> Result<bool, EstimateError> {
    let manager = storage_manager()?;
    Ok(call("persist", manager.persist())
        .await?
        .as_bool()
        .unwrap_or(false))
}

/// `navigator.storage.persisted()`: whether this origin's data is already persistent.
pub async fn persisted() -> Result<bool, EstimateError> {
    let manager = storage_manager()?;
    Ok(call("persisted", manager.persisted())
        .await?
        .as_bool()
        .unwrap_or(false))
}
