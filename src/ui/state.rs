//! The one app state, held by a reducer: the engine, and what the views read of it.
//!
//! Views get plain data (`ClusterView`, recent events, terminal lines) and send [`Action`]s;
//! only [`AppState::reduce`] touches the engine. The engine sits behind `Rc<RefCell<…>>`
//! because a reducer returns a new state and cloning a whole cluster per action would be
//! absurd; the derived view data is rebuilt once per action.

use std::cell::RefCell;
use std::collections::{BTreeSet, VecDeque};
use std::rc::Rc;

use yew::prelude::*;

use crate::cli;
use crate::cli::CommandOutput;
use crate::engine::event::Event;
use crate::engine::event_log::Stamped;
use crate::engine::group::groups_view::{groups_view, GroupsView};
use crate::engine::playground::{Playground, PlaygroundConfig, ProducerId};
use crate::engine::producer::delivery::DeliveryResult;
use crate::engine::producer::record::ProducerRecord;
use crate::engine::producer::view::ProducerView;
use crate::engine::profile::VersionProfile;
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
/// How many records sent from the producers panel are listed with their results.
pub const MAX_SENT_SHOWN: usize = 50;

/// A producer the panel asks for: configs over the profile's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct NewProducer {
    pub configs: Vec<(String, String)>,
}

/// A record sent by hand from the panel.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRecord {
    pub producer: ProducerId,
    pub topic: String,
    /// `None` sends a null key.
    pub key: Option<String>,
    pub value: String,
    /// `None` lets the partitioner choose.
    pub partition: Option<i32>,
}

/// A record sent from the panel and, once it came, its result.
#[derive(Debug, Clone, PartialEq)]
pub struct SentRecord {
    pub producer: ProducerId,
    pub record_id: u64,
    pub key: Option<String>,
    pub value: String,
    pub result: Option<DeliveryResult>,
}

pub struct AppState {
    pub lang: Lang,
    pub view: Rc<ClusterView>,
    pub events: Rc<Vec<Stamped<Event>>>,
    pub event_capacity: usize,
    pub events_dropped: u64,
    pub terminal: Rc<Vec<TerminalLine>>,
    /// The engine's refusal of the last topic the form asked for.
    pub form_error: Option<String>,
    /// The version profile the playground was created with (it sets every client default).
    pub profile: VersionProfile,
    pub producers: Rc<Vec<ProducerView>>,
    /// The consumer groups the broker's coordinator has, with their rebalance timelines.
    pub groups: Rc<GroupsView>,
    /// Records sent from the panel, oldest first, at most [`MAX_SENT_SHOWN`].
    pub sent: Rc<VecDeque<SentRecord>>,
    /// The engine's refusal of the last producer or record the panel asked for.
    pub producer_error: Option<String>,
    /// Producers created from the panel (the terminal's console producers read their own
    /// results).
    panel_producers: Rc<BTreeSet<ProducerId>>,
    /// The terminal's prompt for the next line when a tool or `write-file` reads it.
    pub prompt: Option<&'static str>,
    playground: Rc<RefCell<Playground<MemoryStorage>>>,
    /// The terminal session: its `write-file` files, a `write-file` in progress and a running
    /// console producer.
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
    CreateProducer(NewProducer),
    SendRecord(NewRecord),
    /// Ctrl-C in the terminal: stop the running tool.
    Interrupt,
    /// Ctrl-D on an empty terminal line: end the running tool's input.
    EndInput,
    /// Show this partition's records in the strip (following its end).
    SelectPartition(TopicPartition),
    /// Move the strip's window to start at this offset; `None` follows the end.
    ScrollWindow(Option<i64>),
    /// Open the inspector on the batch holding this offset, or close it.
    Inspect(Option<i64>),
}

impl AppState {
    pub fn new(lang: Lang, seed: u64, profile: VersionProfile, now_ms: i64) -> Self {
        let playground = Playground::new(
            PlaygroundConfig::new(seed, profile),
            MemoryStorage::new(),
            now_ms,
        );
        let mut state = AppState {
            lang,
            view: Rc::new(playground.cluster().view()),
            events: Rc::default(),
            event_capacity: playground.events().capacity(),
            events_dropped: 0,
            terminal: Rc::default(),
            form_error: None,
            profile,
            producers: Rc::default(),
            groups: Rc::default(),
            sent: Rc::default(),
            producer_error: None,
            panel_producers: Rc::default(),
            prompt: None,
            playground: Rc::new(RefCell::new(playground)),
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
        self.collect_deliveries();
        let playground = self.playground.borrow();
        self.producers = Rc::new(
            playground
                .producers()
                .iter()
                .enumerate()
                .map(|(i, p)| ProducerView::of(i as ProducerId, p))
                .collect(),
        );
        let cluster = playground.cluster();
        self.view = Rc::new(cluster.view());
        let groups = groups_view(cluster, playground.events());
        // Unchanged groups keep their `Rc`, so the panel does not re-render on every tick.
        if *self.groups != groups {
            self.groups = Rc::new(groups);
        }
        self.prompt = self.shell.borrow().prompt();
        let events = playground.events();
        let skip = events.len().saturating_sub(EVENTS_SHOWN);
        self.events = Rc::new(events.iter().skip(skip).cloned().collect());
        self.events_dropped = events.dropped();
        // A deleted topic takes its selection with it.
        let window = self.selected.as_ref().and_then(|tp| {
            let log = cluster.log(tp)?;
            let from = self.window_from.unwrap_or_else(|| {
                (log.leo() - WINDOW_RECORDS_MAX as i64).max(log.log_start_offset())
            });
            records_window(cluster, tp, from).ok()
        });
        let inspection = match (&self.selected, self.inspect_offset) {
            (Some(tp), Some(offset)) => inspect_batch(cluster, tp, offset).ok().flatten(),
            _ => None,
        };
        drop(playground);
        if window.is_none() {
            self.selected = None;
        }
        self.window = Rc::new(window);
        self.inspection = Rc::new(inspection);
    }

    /// Moves the panel producers' new results onto their sent records.
    fn collect_deliveries(&mut self) {
        if self.panel_producers.is_empty() {
            return;
        }
        let mut playground = self.playground.borrow_mut();
        let mut sent: Option<VecDeque<SentRecord>> = None;
        for &id in self.panel_producers.iter() {
            while let Some(result) = playground.poll_delivery(id) {
                let sent = sent.get_or_insert_with(|| (*self.sent).clone());
                if let Some(s) = sent
                    .iter_mut()
                    .find(|s| s.producer == id && s.record_id == result.record_id.0)
                {
                    s.result = Some(result);
                }
            }
        }
        if let Some(sent) = sent {
            self.sent = Rc::new(sent);
        }
    }

    /// Runs `f` on the terminal session at the playground's time; whatever simulated time
    /// the command let pass (`advance`, a producer's close) moves the clock ahead of the wall
    /// clock for good.
    fn with_shell(
        &mut self,
        f: impl FnOnce(&mut cli::Shell, &mut Playground<MemoryStorage>, i64) -> CommandOutput,
    ) -> CommandOutput {
        let mut playground = self.playground.borrow_mut();
        let before_ms = playground.now_ms();
        let output = f(&mut self.shell.borrow_mut(), &mut playground, before_ms);
        self.clock_offset_ms += playground.now_ms() - before_ms;
        output
    }

    /// Adds a line typed (if any) and a command's output to the scrollback, keeping the last
    /// [`TERMINAL_LINES_MAX`] lines.
    fn append_terminal(&mut self, typed: Option<TerminalLine>, output: CommandOutput) {
        if typed.is_none() && output.stdout.is_empty() && output.stderr.is_empty() {
            return;
        }
        let mut lines = (*self.terminal).clone();
        lines.extend(typed);
        lines.extend(output.stdout.into_iter().map(TerminalLine::Stdout));
        lines.extend(output.stderr.into_iter().map(TerminalLine::Stderr));
        let excess = lines.len().saturating_sub(TERMINAL_LINES_MAX);
        lines.drain(..excess);
        self.terminal = Rc::new(lines);
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
            profile: self.profile,
            producers: self.producers.clone(),
            groups: self.groups.clone(),
            sent: self.sent.clone(),
            producer_error: self.producer_error.clone(),
            panel_producers: self.panel_producers.clone(),
            prompt: self.prompt,
            playground: self.playground.clone(),
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
                if now_ms <= self.playground.borrow().now_ms() {
                    return self;
                }
                let mut playground = self.playground.borrow_mut();
                let output = self.shell.borrow_mut().pass_time(&mut playground, now_ms);
                drop(playground);
                next.append_terminal(None, output);
            }
            Action::CreateTopic(t) => {
                let mut playground = self.playground.borrow_mut();
                let now_ms = playground.now_ms();
                let request = CreateTopicRequest::new(&t.name, t.partitions, t.replication_factor);
                next.form_error = playground
                    .cluster_mut()
                    .create_topic(&request, false, now_ms)
                    .err()
                    .map(|e| e.to_string());
                playground.collect_events();
            }
            Action::RunCommand(line) => {
                let echoed = match self.shell.borrow().prompt() {
                    None => TerminalLine::Command(line.clone()),
                    Some(_) => TerminalLine::Input(line.clone()),
                };
                let output = next.with_shell(|shell, playground, now_ms| {
                    shell.run_line(playground, &line, now_ms)
                });
                next.append_terminal(Some(echoed), output);
            }
            Action::CreateProducer(p) => {
                let mut playground = self.playground.borrow_mut();
                let now_ms = playground.now_ms();
                let configs: Vec<(&str, &str)> = p
                    .configs
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                match playground.create_producer(&configs, now_ms) {
                    Ok(id) => {
                        let mut ids = (*self.panel_producers).clone();
                        ids.insert(id);
                        next.panel_producers = Rc::new(ids);
                        next.producer_error = None;
                    }
                    Err(e) => next.producer_error = Some(e.to_string()),
                }
            }
            Action::SendRecord(r) => {
                let mut playground = self.playground.borrow_mut();
                let now_ms = playground.now_ms();
                let record = ProducerRecord {
                    topic: r.topic.clone(),
                    partition: r.partition,
                    key: r.key.as_ref().map(|k| k.as_bytes().to_vec()),
                    value: Some(r.value.as_bytes().to_vec()),
                    headers: Vec::new(),
                    timestamp_ms: None,
                };
                match playground.send(r.producer, record, now_ms) {
                    Ok(id) => {
                        playground.collect_events();
                        let mut sent = (*self.sent).clone();
                        sent.push_back(SentRecord {
                            producer: r.producer,
                            record_id: id.0,
                            key: r.key,
                            value: r.value,
                            result: None,
                        });
                        if sent.len() > MAX_SENT_SHOWN {
                            sent.pop_front();
                        }
                        next.sent = Rc::new(sent);
                        next.producer_error = None;
                    }
                    Err(e) => next.producer_error = Some(e.to_string()),
                }
            }
            Action::Interrupt => {
                let output = next
                    .with_shell(|shell, playground, now_ms| shell.interrupt(playground, now_ms));
                next.append_terminal(Some(TerminalLine::Input("^C".to_owned())), output);
            }
            Action::EndInput => {
                let output = next
                    .with_shell(|shell, playground, now_ms| shell.end_input(playground, now_ms));
                next.append_terminal(Some(TerminalLine::Input("^D".to_owned())), output);
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
