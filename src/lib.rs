//! kplay: an Apache Kafka playground that runs entirely in the browser.
//!
//! See ARCHITECTURE.md for the map: `engine` (the sans-IO broker), `storage` (segment files),
//! `cli` (Kafka's command-line tools), `ui` (the Yew app; its browser parts build for wasm32 only).

pub mod cli;
pub mod engine;
pub mod i18n;
pub mod scenario;
pub mod sort;
pub mod storage;
pub mod ui;
