//! The take-over protocol in the browser (messages and exchange: `takeover_message`): a
//! `BroadcastChannel` per playground database, the owner's side ([`TakeoverServer`]) and the
//! asking side ([`request_takeover`]).
//!
//! Invariants:
//! - only a tab holding the playground's Web Lock runs a [`TakeoverServer`], so only the owner
//!   answers; it answers [`TakeoverMessage::HandedOver`] only after its handler has flushed
//!   everything and released the lock, so the asking tab, reloading on that answer, finds the
//!   lock free and the stored playground complete;
//! - an unanswered request fails after its timeout ([`TakeoverError::NoAnswer`]): a frozen or
//!   suspended owner keeps the playground; nothing is taken by force.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{BroadcastChannel, MessageEvent};

use super::takeover_message::{channel_name, TakeoverMessage};

/// Why a take-over did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TakeoverError {
    #[error("the owning tab did not answer within {waited_ms} ms")]
    NoAnswer { waited_ms: u32 },
    #[error("the owning tab could not hand over: {0}")]
    Refused(String),
    #[error("this browser has no BroadcastChannel: {0}")]
    Unavailable(String),
}

/// What the owner runs on a request: flush, release the lock; `Err` keeps the playground.
pub type Handler = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<(), String>>>>>;

/// One end of a playground's take-over channel; closed on drop.
struct Endpoint {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Endpoint {
    fn open(
        db_name: &str,
        mut on: impl FnMut(TakeoverMessage) + 'static,
    ) -> Result<Self, TakeoverError> {
        let channel = BroadcastChannel::new(&channel_name(db_name))
            .map_err(|e| TakeoverError::Unavailable(format!("{e:?}")))?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(message) = event
                .data()
                .as_string()
                .and_then(|t| TakeoverMessage::from_json(&t))
            {
                on(message);
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(Endpoint {
            channel,
            _on_message: on_message,
        })
    }

    fn post(channel: &BroadcastChannel, message: &TakeoverMessage) {
        // Posting fails only on a closed channel, whose tab is going away.
        let _ = channel.post_message(&JsValue::from_str(&message.to_json()));
    }
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

/// The owner's side: answers every request by running the handler, while this value lives.
pub struct TakeoverServer {
    _endpoint: Endpoint,
}

impl TakeoverServer {
    pub fn start(db_name: &str, handler: Handler) -> Result<TakeoverServer, TakeoverError> {
        let reply: Rc<RefCell<Option<BroadcastChannel>>> = Rc::default();
        let endpoint = Endpoint::open(db_name, {
            let reply = reply.clone();
            move |message| {
                let TakeoverMessage::Request { id } = message else {
                    return;
                };
                let (handler, reply) = (handler.clone(), reply.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let answer = match handler().await {
                        Ok(()) => TakeoverMessage::HandedOver { id },
                        Err(reason) => TakeoverMessage::Refused { id, reason },
                    };
                    if let Some(channel) = reply.borrow().as_ref() {
                        Endpoint::post(channel, &answer);
                    }
                });
            }
        })?;
        *reply.borrow_mut() = Some(endpoint.channel.clone());
        Ok(TakeoverServer {
            _endpoint: endpoint,
        })
    }
}

/// Makes a pending promise and the function that resolves it.
fn deferred() -> (Promise, js_sys::Function) {
    let mut resolve = None;
    let promise = Promise::new(&mut |res, _rej| resolve = Some(res));
    (promise, resolve.expect("the executor runs at once"))
}

/// Asks the owner of the playground in `db_name` to hand it over, waiting at most
/// `timeout_ms` for the answer.
pub async fn request_takeover(db_name: &str, timeout_ms: u32) -> Result<(), TakeoverError> {
    let id = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
    let answer: Rc<RefCell<Option<TakeoverMessage>>> = Rc::default();
    let (answered, resolve) = deferred();
    let endpoint = Endpoint::open(db_name, {
        let answer = answer.clone();
        move |message| {
            let is_answer = !matches!(message, TakeoverMessage::Request { .. });
            if is_answer && message.id() == id && answer.borrow().is_none() {
                *answer.borrow_mut() = Some(message);
                let _ = resolve.call0(&JsValue::NULL);
            }
        }
    })?;
    Endpoint::post(&endpoint.channel, &TakeoverMessage::Request { id });
    let timeout = Promise::new(&mut |res, _rej| {
        let _ = web_sys::window()
            .expect("a page has a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&res, timeout_ms as i32);
    });
    let _ = JsFuture::from(Promise::race(&js_sys::Array::of2(&answered, &timeout))).await;
    drop(endpoint);
    let answer = answer.borrow_mut().take();
    match answer {
        Some(TakeoverMessage::HandedOver { .. }) => Ok(()),
        Some(TakeoverMessage::Refused { reason, .. }) => Err(TakeoverError::Refused(reason)),
        _ => Err(TakeoverError::NoAnswer {
            waited_ms: timeout_ms,
        }),
    }
}
