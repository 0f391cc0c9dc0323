//! The terminal: Kafka's CLI commands in, their output out, with command history. While a
//! tool reads standard input (a console producer) the prompt is the tool's, every line is sent
//! (an empty one ends the input), Ctrl-C stops the tool and Ctrl-D on an empty line ends its
//! input.

use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{Lang, Text};

/// One line of the terminal's scrollback.
#[derive(Debug, Clone, PartialEq)]
pub enum TerminalLine {
    Command(String),
    /// A line given to a running tool or a `write-file` (and `^C`/`^D`).
    Input(String),
    Stdout(String),
    Stderr(String),
}

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub lang: Lang,
    pub lines: Rc<Vec<TerminalLine>>,
    /// The running tool's prompt, `None` at the command prompt.
    pub prompt: Option<&'static str>,
    pub on_command: Callback<String>,
    pub on_interrupt: Callback<()>,
    pub on_end_input: Callback<()>,
    /// The engine's behaviour, Kafka's tools with it, is still on its way (its wasm chunk
    /// loads after the first render: `ui::engine_chunk`).
    #[prop_or_default]
    pub engine_loading: bool,
    /// Why the engine's chunk could not be fetched, while it is not loaded.
    #[prop_or_default]
    pub engine_error: Option<String>,
}

#[function_component(Terminal)]
pub fn terminal(props: &TerminalProps) -> Html {
    let lang = props.lang;
    let input = use_node_ref();
    // Position in the history while browsing it with the arrow keys (None: editing a new line).
    let history_pos = use_mut_ref(|| None::<usize>);
    let commands: Vec<String> = props
        .lines
        .iter()
        .filter_map(|l| match l {
            TerminalLine::Command(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let tool_reading = props.prompt.is_some();
    let onkeydown = {
        let input = input.clone();
        let on_command = props.on_command.clone();
        let on_interrupt = props.on_interrupt.clone();
        let on_end_input = props.on_end_input.clone();
        let history_pos = history_pos.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let mut pos = history_pos.borrow_mut();
            match e.key().as_str() {
                "Enter" => {
                    let line = el.value();
                    if tool_reading || !line.trim().is_empty() {
                        on_command.emit(line);
                    }
                    el.set_value("");
                    *pos = None;
                }
                // Caps Lock or Shift report the letter upper-cased.
                "c" | "C" if e.ctrl_key() && tool_reading => {
                    e.prevent_default();
                    el.set_value("");
                    on_interrupt.emit(());
                }
                "d" | "D" if e.ctrl_key() && tool_reading && el.value().is_empty() => {
                    e.prevent_default();
                    on_end_input.emit(());
                }
                "ArrowUp" if !commands.is_empty() => {
                    e.prevent_default();
                    let next = pos.map_or(commands.len() - 1, |p| p.saturating_sub(1));
                    *pos = Some(next);
                    el.set_value(&commands[next]);
                }
                "ArrowDown" => {
                    e.prevent_default();
                    match *pos {
                        Some(p) if p + 1 < commands.len() => {
                            *pos = Some(p + 1);
                            el.set_value(&commands[p + 1]);
                        }
                        _ => {
                            *pos = None;
                            el.set_value("");
                        }
                    }
                }
                _ => {}
            }
        })
    };
    let lines = props.lines.iter().map(|l| match l {
        TerminalLine::Command(c) => {
            html! { <div class="line command"><span class="prompt">{"$ "}</span>{c}</div> }
        }
        TerminalLine::Input(s) => {
            html! { <div class="line input"><span class="prompt">{"> "}</span>{s}</div> }
        }
        TerminalLine::Stdout(s) => html! { <div class="line stdout">{s}</div> },
        TerminalLine::Stderr(s) => html! { <div class="line stderr">{s}</div> },
    });
    html! {
        <section class="panel terminal-panel" aria-labelledby="terminal-title">
            <h2 id="terminal-title">{Text::Terminal.get(lang)}</h2>
            <div class="scrollback" role="log" aria-live="polite">
                if props.lines.is_empty() { <div class="line hint">{Text::TerminalHint.get(lang)}</div> }
                {for lines}
            </div>
            if tool_reading { <div class="line hint">{Text::TerminalKeys.get(lang)}</div> }
            if props.engine_loading {
                <div class="line hint engine-loading" role="status">{
                    match &props.engine_error {
                        Some(why) => format!(
                            "{} ({why}); {}",
                            Text::EngineFetchFailed.get(lang),
                            Text::EngineRetryHint.get(lang)
                        ),
                        None => Text::EngineLoadingStatus.get(lang).to_owned(),
                    }
                }</div>
            }
            <div class={classes!("input-line", tool_reading.then_some("tool-input"))}>
                <span class="prompt" aria-hidden="true">{props.prompt.unwrap_or("$")}</span>
                <input ref={input} class="terminal-input" type="text" spellcheck="false" autocomplete="off"
                    aria-label={Text::Terminal.get(lang)} {onkeydown} />
            </div>
        </section>
    }
}
