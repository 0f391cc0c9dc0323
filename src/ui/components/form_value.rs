//! Reading a form's fields at submit: the forms keep `NodeRef`s to uncontrolled inputs
//! rather than mirroring every keystroke into state.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::NodeRef;

/// The text of the `<input>` behind `r` (empty when it is not mounted).
pub fn input_value(r: &NodeRef) -> String {
    r.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

/// The chosen value of the `<select>` behind `r` (empty when it is not mounted).
pub fn select_value(r: &NodeRef) -> String {
    r.cast::<HtmlSelectElement>()
        .map(|s| s.value())
        .unwrap_or_default()
}
