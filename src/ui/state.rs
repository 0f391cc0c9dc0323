//! The one app state, held by a reducer: the engine, and what the views read of it.
//!
//! Views get plain data (`ClusterView`, recent events, terminal lines) and send [`Action`]s;
//! only [`AppState::reduce`] touches the engine. The engine sits behind `Rc<RefCell<…>>`
//! because a reducer returns a new state and cloning a whole cluster per action would be
//! absurd; the derived view data is rebuilt once per action.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::cli;
use crate::engine::cluster::{Cluster, ClusterConfig};
use crate::engine::event::Event;
use crate::engine::event_log::Stamped;
use crate::engine::records_view::{
    inspect_batch, records_window, BatchInspection, RecordsWindow, WINDOW_RECORDS_MAX,
};
use crate::engine::topic::registry::CreateTopicRequest;
use crate::engine::topic_partition::TopicPartition;
use crate::engine::view::ClusterView;
use crate::i18n::Lang;
use crate::storage::memory::MemoryStorage;
use crate::ui::components::create_topic_form::NewTopic;
use crate::ui::components::terminal::TerminalLine;

/// How many of the engine's events the event panel renders (the engine keeps more).
pub const EVENTS_SHOWN: usize = 200;
/// How many terminal lines are kept; older ones scroll away for good.
pub const TERMINAL_LINES_MAX: usize = 1_000;

pub struct AppState {
    pub lang: Lang,
    pub view: Rc<ClusterView>,
    pub events: Rc<Vec<Stamped<Event>>>,
    pub event_capacity: usize,
    pub events_dropped: u64,
    pub terminal: Rc<Vec<TerminalLine>>,
    /// The engine's refusal of the last topic the form asked for.
    pub form_error: Option<String>,
    cluster: Rc<RefCell<Cluster<MemoryStorage>>>,
    /// The terminal session: its `write-file` files and a `write-file` in progress.
    shell: Rc<RefCell<cli::Shell>>,
    /// How far the playground's `advance` has moved the simulated clock ahead of the wall clock.
    clock_offset_ms: i64,
    /// The partition whose records the strip shows.
    pub selected: Option<TopicPartition>,
    /// The first offset of the strip's window; `None` follows the log end.
    pub window_from: Option<i64>,
    /// The records of the selected partition's window.
    pub window: Rc<Option<RecordsWindow>>,
    /// The offset whose batch the inspector shows.
    pub inspect_offset: Option<i64>,
    pub inspection: Rc<Option<BatchInspection>>,
}

pub enum Action {
    SetLang(Lang),
    /// Advance the simulated clock to this instant and run what falls due.
    Tick {
        now_ms: i64,
    },
    CreateTopic(NewTopic),
    RunCommand(String),
    /// Show this partition's records in the strip (following its end).
    SelectPartition(TopicPartition),
    /// Move the strip's window to start at this offset; `None` follows the end.
    ScrollWindow(Option<i64>),
    /// Open the inspector on the batch holding this offset, or close it.
    Inspect(Option<i64>),
}

impl AppState {
    pub fn new(lang: Lang, seed: u64, now_ms: i64) -> Self {
        let cluster = Cluster::new(ClusterConfig::with_seed(seed), MemoryStorage::new(), now_ms);
        let mut state = AppState {
            lang,
            view: Rc::new(cluster.view()),
            events: Rc::default(),
            event_capacity: cluster.events().capacity(),
            events_dropped: 0,
            terminal: Rc::default(),
            form_error: None,
            cluster: Rc::new(RefCell::new(cluster)),
            shell: Rc::new(RefCell::new(cli::Shell::new())),
            clock_offset_ms: 0,
            selected: None,
            window_from: None,
            window: Rc::new(None),
            inspect_offset: None,
            inspection: Rc::new(None),
        };
        state.refresh();
        state
    }

    /// Rebuilds what the views read from the engine.
    fn refresh(&mut self) {
        let cluster = self.cluster.borrow();
        self.view = Rc::new(cluster.view());
        let events = cluster.events();
        let skip = events.len().saturating_sub(EVENTS_SHOWN);
        self.events = Rc::new(events.iter().skip(skip).cloned().collect());
        self.events_dropped = events.dropped();
        // A deleted topic takes its selection with it.
        let window = self.selected.as_ref().and_then(|tp| {
            let log = cluster.log(tp)?;
            let from = self.window_from.unwrap_or_else(|| {
                (log.leo() - WINDOW_RECORDS_MAX as i64).max(log.log_start_offset())
            });
            records_window(&cluster, tp, from).ok()
        });
        let inspection = match (&self.selected, self.inspect_offset) {
            (Some(tp), Some(offset)) => inspect_batch(&cluster, tp, offset).ok().flatten(),
            _ => None,
        };
        drop(cluster);
        if window.is_none() {
            self.selected = None;
        }
        self.window = Rc::new(window);
        self.inspection = Rc::new(inspection);
    }

    fn next(&self) -> AppState {
        AppState {
            lang: self.lang,
            view: self.view.clone(),
            events: self.events.clone(),
            event_capacity: self.event_capacity,
            events_dropped: self.events_dropped,
            terminal: self.terminal.clone(),
            form_error: self.form_error.clone(),
            cluster: self.cluster.clone(),
            shell: self.shell.clone(),
            clock_offset_ms: self.clock_offset_ms,
            selected: self.selected.clone(),
            window_from: self.window_from,
            window: self.window.clone(),
            inspect_offset: self.inspect_offset,
            inspection: self.inspection.clone(),
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = self.next();
        match action {
            Action::SetLang(lang) => {
                next.lang = lang;
                return Rc::new(next);
            }
            Action::Tick { now_ms } => {
                let now_ms = now_ms + self.clock_offset_ms;
                if now_ms <= self.cluster.borrow().now_ms() {
                    return self;
                }
                self.cluster.borrow_mut().handle_timeout(now_ms);
            }
            Action::CreateTopic(t) => {
                let mut cluster = self.cluster.borrow_mut();
                let now_ms = cluster.now_ms();
                let request = CreateTopicRequest::new(&t.name, t.partitions, t.replication_factor);
                next.form_error = cluster
                    .create_topic(&request, false, now_ms)
                    .err()
                    .map(|e| e.to_string());
            }
            Action::RunCommand(line) => {
                let output = {
                    let mut cluster = self.cluster.borrow_mut();
                    let before_ms = cluster.now_ms();
                    let output = self
                        .shell
                        .borrow_mut()
                        .run_line(&mut cluster, &line, before_ms);
                    // `advance` and `sleep` move the simulated clock ahead of the wall clock.
                    next.clock_offset_ms += cluster.now_ms() - before_ms;
                    output
                };
                let mut lines = (*self.terminal).clone();
                lines.push(TerminalLine::Command(line));
                lines.extend(output.stdout.into_iter().map(TerminalLine::Stdout));
                lines.extend(output.stderr.into_iter().map(TerminalLine::Stderr));
                let excess = lines.len().saturating_sub(TERMINAL_LINES_MAX);
                lines.drain(..excess);
                next.terminal = Rc::new(lines);
            }
            Action::SelectPartition(tp) => {
                next.selected = Some(tp);
                next.window_from = None;
                next.inspect_offset = None;
            }
            Action::ScrollWindow(from) => next.window_from = from,
            Action::Inspect(offset) => next.inspect_offset = offset,
        }
        next.refresh();
        Rc::new(next)
    }
}
