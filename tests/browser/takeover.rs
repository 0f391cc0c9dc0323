//! The take-over protocol between two tabs (two channel endpoints in one page), and a
//! read-only app state refusing inputs with its clock stopped.

use std::cell::RefCell;
use std::rc::Rc;

use kplay::engine::profile::VersionProfile;
use kplay::i18n::Lang;
use kplay::scenario::Scenario;
use kplay::storage::owner_lock::{OwnerError, OwnerLock};
use kplay::storage::takeover::{request_takeover, Handler, TakeoverError, TakeoverServer};
use kplay::ui::components::create_topic_form::NewTopic;
use kplay::ui::components::terminal::TerminalLine;
use kplay::ui::sim_clock::SimClock;
use kplay::ui::state::{Action, AppState, ReadOnly};
use wasm_bindgen_test::wasm_bindgen_test;
use yew::Reducible;

const T0: i64 = 1_700_000_000_000;

#[wasm_bindgen_test]
async fn the_owner_hands_over_and_the_asker_gets_the_lock() {
    let db = "kplay-test-takeover";
    let lock = OwnerLock::try_acquire(db).await.expect("the owner's lock");
    assert!(matches!(
        OwnerLock::try_acquire(db).await,
        Err(OwnerError::Held(_))
    ));
    let held: Rc<RefCell<Option<OwnerLock>>> = Rc::new(RefCell::new(Some(lock)));
    let handler: Handler = Rc::new({
        let held = held.clone();
        move || {
            let held = held.clone();
            Box::pin(async move {
                let lock = held.borrow_mut().take();
                if let Some(lock) = lock {
                    lock.release().await;
                }
                Ok(())
            })
        }
    });
    let server = TakeoverServer::start(db, handler).expect("BroadcastChannel");
    request_takeover(db, 2_000).await.expect("handed over");
    let mine = OwnerLock::try_acquire(db)
        .await
        .expect("the lock is free after the hand-over");
    mine.release().await;
    drop(server);
}

#[wasm_bindgen_test]
async fn a_refusing_owner_keeps_the_playground_and_a_silent_one_times_out() {
    let db = "kplay-test-takeover-refused";
    let handler: Handler = Rc::new(|| Box::pin(async { Err("quota exceeded".to_owned()) }));
    let server = TakeoverServer::start(db, handler).expect("BroadcastChannel");
    assert_eq!(
        request_takeover(db, 2_000).await,
        Err(TakeoverError::Refused("quota exceeded".into()))
    );
    drop(server);
    // Nobody answers on this channel any more.
    assert_eq!(
        request_takeover(db, 200).await,
        Err(TakeoverError::NoAnswer { waited_ms: 200 })
    );
}

#[wasm_bindgen_test]
fn a_read_only_state_refuses_inputs_and_stops_the_clock() {
    let scenario = Scenario::new(3, VersionProfile::Kafka4x, T0);
    let mut state = AppState::from_scenario(Lang::En, scenario, SimClock::running()).unwrap();
    state.read_only = Some(ReadOnly::OtherTab);
    let state = Rc::new(state);
    let clock = state.view.now_ms;

    for wall_ms in [T0, T0 + 5_000] {
        let ticked = state.clone().reduce(Action::Tick { wall_ms });
        assert!(Rc::ptr_eq(&ticked, &state), "time stands still");
    }
    let stepped = state.clone().reduce(Action::Step);
    assert_eq!(stepped.view.now_ms, clock, "a step is refused too");
    match stepped.terminal.last() {
        Some(TerminalLine::Stderr(line)) => assert!(line.contains("read-only"), "{line}"),
        other => panic!("{other:?}"),
    }
    let topic = || NewTopic {
        name: "orders".into(),
        partitions: 1,
        replication_factor: 1,
    };
    let refused = state.clone().reduce(Action::CreateTopic(topic()));
    let error = refused.form_error.clone().expect("the form says why");
    assert!(error.starts_with("Refused"), "{error}");
    assert!(refused.view.topics.iter().all(|t| t.name != "orders"));
    assert_eq!(refused.journal().borrow().len(), 0, "nothing journaled");
    let typed = refused.reduce(Action::RunCommand("clock".into()));
    match typed.terminal.last() {
        Some(TerminalLine::Stderr(line)) => assert!(line.contains("read-only"), "{line}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(typed.view.now_ms, clock);

    // Writable again (a flush after a quota error succeeded), inputs go through.
    let writable = typed.reduce(Action::SetReadOnly(None));
    let created = writable.reduce(Action::CreateTopic(topic()));
    assert!(created.view.topics.iter().any(|t| t.name == "orders"));
    assert_eq!(created.journal().borrow().len(), 1);
}
