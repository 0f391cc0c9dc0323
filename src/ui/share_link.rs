//! Sharing a playground by link, and opening a shared link (`scenario::share` does the
//! encoding; this is the browser's side: the address, the clipboard, the catalogue).
//!
//! A page loaded with `#scenario=…` asks the learner, then creates a new playground holding
//! that scenario and opens it; the fragment is removed from the address either way, so a
//! reload does not ask again.

use crate::i18n::{Lang, Text};
use crate::scenario::share::{self, ShareError, FRAGMENT_KEY};
use crate::scenario::Scenario;
use crate::ui::persist::{self, PersistError};

/// Why a shared link did not open.
#[derive(Debug, thiserror::Error)]
pub enum OpenLinkError {
    #[error(transparent)]
    Share(#[from] ShareError),
    #[error(transparent)]
    Persist(#[from] PersistError),
}

/// The link carrying `scenario`: this page's address with the scenario as its fragment.
pub fn link_for(scenario: &Scenario) -> Result<String, ShareError> {
    let value = share::encode(scenario)?;
    let href = gloo::utils::window().location().href().unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    Ok(format!("{base}#{FRAGMENT_KEY}={value}"))
}

/// Puts `text` on the clipboard; whether the browser allowed it.
pub async fn copy(text: &str) -> bool {
    let clipboard = gloo::utils::window().navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

/// Opens the scenario of a shared link in the address, if there is one and the learner
/// agrees: a new playground holding it becomes the one the page opens. `Ok(true)`: one was
/// created. The fragment is removed in every case.
pub async fn open_from_address(lang: Lang, now_ms: i64) -> Result<bool, OpenLinkError> {
    let location = gloo::utils::window().location();
    let hash = location.hash().unwrap_or_default();
    let Some(value) = share::from_hash(&hash) else {
        return Ok(false);
    };
    let decoded = share::decode(value);
    forget_fragment();
    let scenario = decoded?;
    if !gloo::dialogs::confirm(Text::OpenSharedConfirm.get(lang)) {
        return Ok(false);
    }
    persist::create_with(Text::SharedPlaygroundName.get(lang), &scenario, now_ms).await?;
    Ok(true)
}

/// Removes the fragment from the address without a reload or a history entry.
fn forget_fragment() {
    let window = gloo::utils::window();
    let (Ok(history), Ok(path), Ok(search)) = (
        window.history(),
        window.location().pathname(),
        window.location().search(),
    ) else {
        return;
    };
    let _ = history.replace_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some(&format!("{path}{search}")),
    );
}
