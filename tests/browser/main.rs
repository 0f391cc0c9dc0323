#![cfg(target_arch = "wasm32")]
//! Browser tests, run by wasm-bindgen-test in headless Chromium (see webdriver.json).

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod catalogue;
mod chunks;
mod estimate;
mod flush_bench;
mod indexed_db;
mod journal_store;
mod owner_lock;
mod quota;
mod schema;
mod stored_segments;
mod takeover;
mod ui;
