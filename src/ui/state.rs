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
use crate::engine::topic::registry::CreateTopicRequest;
use crate::engine::view::ClusterView;
use crate::storage::memory::MemoryStorage;
use crate::ui::components::create_topic_form::NewTopic;
use crate::ui::components::terminal::TerminalLine;
use crate::ui::i18n::Lang;

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
}

pub enum Action {
    SetLang(Lang),
    /// Advance the simulated clock to this instant and run what falls due.
    Tick {
        now_ms: i64,
    },
    CreateTopic(NewTopic),
    RunCommand(String),
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
        }
        next.refresh();
        Rc::new(next)
    }
}
