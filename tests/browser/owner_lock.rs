//! One owner per playground, through Web Locks.

use kplay::storage::owner_lock::{OwnerError, OwnerLock};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn a_second_owner_is_refused_until_the_first_releases() {
    let first = OwnerLock::try_acquire("test-owned").await.expect("free");
    assert_eq!(first.playground(), "test-owned");
    assert_eq!(
        OwnerLock::try_acquire("test-owned").await.unwrap_err(),
        OwnerError::Held("test-owned".to_owned())
    );
    // Another playground is independent.
    let other = OwnerLock::try_acquire("test-other")
        .await
        .expect("other free");

    first.release().await;
    let second = OwnerLock::try_acquire("test-owned")
        .await
        .expect("free again after release");
    second.release().await;
    other.release().await;
}

#[wasm_bindgen_test]
async fn dropping_the_owner_releases_it() {
    let first = OwnerLock::try_acquire("test-dropped").await.expect("free");
    drop(first);
    // The browser processes the release asynchronously; give it a turn.
    let mut again = OwnerLock::try_acquire("test-dropped").await;
    for _ in 0..10 {
        if again.is_ok() {
            break;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(10)).await;
        again = OwnerLock::try_acquire("test-dropped").await;
    }
    again.expect("released by drop").release().await;
}
