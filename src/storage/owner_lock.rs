//! [`OwnerLock`]: one tab owns a playground, through the Web Locks API
//! (`navigator.locks.request(name, { ifAvailable: true }, callback)`).
//!
//! Why: two tabs flushing the same playground would interleave their write-behind
//! transactions and corrupt it (each tab's memory is authoritative for its own flushes). Kafka
//! guards a log directory the same way: `LogManager` takes a `FileLock` on `.lock` in every
//! log dir at startup and refuses to start if another process holds it.
//!
//! Invariants:
//! - a Web Lock is held until the promise returned by the request's callback settles; the
//!   lock keeps that promise pending until [`OwnerLock::release`] (or drop) resolves it;
//! - `ifAvailable` makes a contended request answer at once (callback with `null`) instead of
//!   queueing, so [`OwnerLock::try_acquire`] never waits for another tab;
//! - locks are per origin and shared by every tab, worker and the page itself, so a second
//!   request from the same page is refused as well;
//! - the browser releases the lock when the tab closes or crashes, so a dead owner never
//!   blocks the playground.
//!
//! Errors: [`OwnerError::Held`] when another holder has it, [`OwnerError::Unavailable`]
//! without `navigator.locks` (insecure context), [`OwnerError::Rejected`] when the browser
//! rejects the request.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Prefix of every playground's lock name.
const LOCK_PREFIX: &str = "kplay-playground:";

/// Why a playground could not be owned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OwnerError {
    #[error("playground {0:?} is open in another tab (or elsewhere in this one)")]
    Held(String),
    #[error("this page has no navigator.locks (it needs a secure context)")]
    Unavailable,
    #[error("the browser refused the lock on playground {playground:?}: {message}")]
    Rejected { playground: String, message: String },
}

/// Ownership of one playground while this value lives.
#[derive(Debug)]
pub struct OwnerLock {
    playground: String,
    /// Resolves the promise the lock waits on: calling it releases the lock.
    release: Function,
    /// The request's promise: settles once the browser has released the lock.
    done: Promise,
    /// The request callback; kept alive for as long as the browser may call it.
    _granted: Closure<dyn FnMut(JsValue) -> JsValue>,
}

fn lock_manager() -> Result<JsValue, OwnerError> {
    let window = web_sys::window().ok_or(OwnerError::Unavailable)?;
    let locks =
        Reflect::get(&window.navigator(), &"locks".into()).map_err(|_| OwnerError::Unavailable)?;
    if locks.is_undefined() || locks.is_null() {
        return Err(OwnerError::Unavailable);
    }
    Ok(locks)
}

fn message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{e:?}"))
}

/// Makes a pending promise and the function that resolves it.
fn deferred() -> (Promise, Function) {
    let mut resolve = None;
    let promise = Promise::new(&mut |res, _rej| resolve = Some(res));
    // The Promise constructor runs its executor synchronously.
    (promise, resolve.expect("executor ran"))
}

impl OwnerLock {
    /// Takes ownership of `playground` if nobody holds it, without waiting.
    pub async fn try_acquire(playground: &str) -> Result<OwnerLock, OwnerError> {
        let locks = lock_manager()?;
        let request: Function = Reflect::get(&locks, &"request".into())
            .map_err(|_| OwnerError::Unavailable)?
            .dyn_into()
            .map_err(|_| OwnerError::Unavailable)?;

        let (hold, release) = deferred();
        let (answered, answer) = deferred();
        let granted = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |lock: JsValue| {
            let got_it = !lock.is_null();
            // Resolving a promise cannot throw.
            let _ = answer.call1(&JsValue::NULL, &JsValue::from_bool(got_it));
            if got_it {
                hold.clone().into()
            } else {
                JsValue::UNDEFINED
            }
        });
        let options = Object::new();
        Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE)
            .expect("setting a property of a fresh object cannot fail");
        let name = JsValue::from_str(&format!("{LOCK_PREFIX}{playground}"));
        let rejected = |e: JsValue| OwnerError::Rejected {
            playground: playground.to_owned(),
            message: message(&e),
        };
        let done: Promise = request
            .call3(&locks, &name, &options, granted.as_ref().unchecked_ref())
            .map_err(rejected)?
            .dyn_into()
            .map_err(rejected)?;
        // The callback answers first; a request the browser rejects never calls it, so race
        // the answer against the request's own promise (which only settles early on error,
        // or with `undefined` once a refused request is done).
        let first = JsFuture::from(Promise::race(&js_sys::Array::of2(&answered, &done)))
            .await
            .map_err(rejected)?;
        match first.as_bool() {
            Some(true) => Ok(OwnerLock {
                playground: playground.to_owned(),
                release,
                done,
                _granted: granted,
            }),
            _ => {
                // Nothing will wait on `hold`: let the promise go unresolved.
                drop(release);
                Err(OwnerError::Held(playground.to_owned()))
            }
        }
    }

    /// The playground owned.
    pub fn playground(&self) -> &str {
        &self.playground
    }

    /// Gives up ownership and waits until the browser has let the lock go, so another
    /// holder can take it right away. Dropping the lock releases it too, without waiting.
    pub async fn release(self) {
        let _ = self.release.call0(&JsValue::NULL);
        // Settles with our callback's result, `undefined`; it cannot reject once granted.
        let _ = JsFuture::from(self.done.clone()).await;
    }
}

impl Drop for OwnerLock {
    fn drop(&mut self) {
        // Resolving a promise cannot throw.
        let _ = self.release.call0(&JsValue::NULL);
    }
}
