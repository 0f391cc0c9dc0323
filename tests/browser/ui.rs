//! Component tests: the app mounted in a real page.

use std::time::Duration;

use gloo::storage::Storage;
use kplay::ui::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::HtmlElement;

async fn mount() -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    // The app first opens IndexedDB to restore the saved playground ("restoring…").
    for _ in 0..100 {
        yew::platform::time::sleep(Duration::from_millis(50)).await;
        if root.query_selector("#cluster-title").unwrap().is_some() {
            break;
        }
    }
    root
}

fn text(root: &web_sys::Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} is not on the page"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn shell_shows_every_area_and_switches_language() {
    gloo::storage::LocalStorage::clear();
    let root = mount().await;
    for id in [
        "cluster-title",
        "topics-title",
        "groups-title",
        "terminal-title",
        "events-title",
    ] {
        assert!(
            root.query_selector(&format!("#{id}")).unwrap().is_some(),
            "{id} missing"
        );
    }
    assert_eq!(text(&root, "#cluster-title"), "클러스터");
    // Broker 0, the controller, is on screen.
    assert!(text(&root, ".cluster-panel").contains("브로커 0"));
    let english: HtmlElement = root
        .query_selector("button[data-lang=\"en\"]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    english.click();
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(text(&root, "#cluster-title"), "Cluster");
    assert_eq!(
        gloo::utils::document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("en")
    );

    // The playground switcher lists the open playground and closes on Escape.
    let toggle: HtmlElement = root
        .query_selector(".switcher-toggle")
        .unwrap()
        .expect("the switcher is in the header")
        .dyn_into()
        .unwrap();
    toggle.click();
    let mut listed = false;
    for _ in 0..100 {
        yew::platform::time::sleep(Duration::from_millis(50)).await;
        if root
            .query_selector(".playground-row.current")
            .unwrap()
            .is_some()
        {
            listed = true;
            break;
        }
    }
    assert!(listed, "the open playground is listed");
    assert!(text(&root, ".playground-row.current").contains("open now"));
    assert!(root.query_selector(".storage-usage").unwrap().is_some());
    assert!(
        root.query_selector(".playground-row.current .delete-playground[disabled]")
            .unwrap()
            .is_some(),
        "the open playground cannot be deleted"
    );
    // `new KeyboardEvent("keydown", { key: "Escape", bubbles: true })`.
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"key".into(), &"Escape".into()).unwrap();
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    let constructor: js_sys::Function =
        js_sys::Reflect::get(&js_sys::global(), &"KeyboardEvent".into())
            .unwrap()
            .unchecked_into();
    let escape: web_sys::Event =
        js_sys::Reflect::construct(&constructor, &js_sys::Array::of2(&"keydown".into(), &init))
            .unwrap()
            .unchecked_into();
    root.query_selector(".playground-panel")
        .unwrap()
        .unwrap()
        .dispatch_event(&escape)
        .unwrap();
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    assert!(root.query_selector(".playground-panel").unwrap().is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn brokers_are_columns_whose_buttons_type_terminal_commands() {
    gloo::storage::LocalStorage::clear();
    let root = mount().await;
    let cards = root.query_selector_all(".broker-card").unwrap();
    assert_eq!(cards.length(), 3, "a playground starts with three brokers");
    assert!(root
        .query_selector(".broker-card[data-broker=\"0\"] .controller-badge")
        .unwrap()
        .is_some());
    assert!(text(&root, ".broker-card[data-broker=\"1\"] .conditions").contains("실행 중"));
    assert_eq!(
        root.query_selector_all(".health-summary .health-item")
            .unwrap()
            .length(),
        7
    );
    let crash: HtmlElement = root
        .query_selector(".broker-card[data-broker=\"1\"] button[data-action=\"crash\"]")
        .unwrap()
        .expect("a running broker offers crash")
        .dyn_into()
        .unwrap();
    assert_eq!(
        crash.get_attribute("aria-label").as_deref(),
        Some("broker 1 crash (비정상 종료)")
    );
    crash.click();
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    // The button does not reach the engine itself: the command is typed into the terminal.
    assert!(text(&root, ".scrollback").contains("broker crash 1"));
    assert!(text(&root, ".broker-columns .typed").contains("broker crash 1"));
    root.remove();
}
