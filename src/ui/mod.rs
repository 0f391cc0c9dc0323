//! The playground UI: Yew function components over one reducer-held app state.
//!
//! Views read [`state::AppState`] and send [`state::Action`]s; only the reducer touches the
//! engine. `format`, `jobs_view`, `metrics` and `sim_clock` are plain Rust and tested natively (as are the texts, in `crate::i18n`); the
//! components need the browser and are built for wasm32 only.

pub mod format;
pub mod jobs_view;
pub mod metrics;
pub mod sim_clock;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod engine_chunk;
#[cfg(target_arch = "wasm32")]
pub mod persist;
#[cfg(target_arch = "wasm32")]
pub mod share_link;
#[cfg(target_arch = "wasm32")]
pub mod state;

/// Mounts the playground on the page's `<body>`.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
