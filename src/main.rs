//! The browser entry point: mounts the playground. Natively it only explains how to serve it.

#[cfg(target_arch = "wasm32")]
fn main() {
    kplay::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kplay runs in the browser: ./scripts/serve.sh serves it on http://127.0.0.1:8080");
    eprintln!("for Kafka's command-line tools natively, run: cargo run --bin kplay-cli");
}
