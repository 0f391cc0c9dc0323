//! The playground UI: Yew function components over one reducer-held app state.
//!
//! Views read [`state::AppState`] and send [`state::Action`]s; only the reducer touches the
//! engine. `i18n`, `format` and `event_text` are plain Rust and tested natively; the components need
//! the browser and are built for wasm32 only.

pub mod event_text;
pub mod format;
pub mod i18n;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod state;

/// Mounts the playground on the page's `<body>`.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
