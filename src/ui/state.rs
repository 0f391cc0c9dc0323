//! The one app state, held by a reducer: the engine, and what the views read of it.
//!
//! Views get plain data (`ClusterView`, recent events, terminal lines) and send [`Action`]s;
//! only [`AppState::reduce`] touches the engine. The engine sits behind `Rc<RefCell<…>>`
//! because a reducer returns a new state and cloning a whole cluster per action would be
//! absurd; the derived view data is rebuilt once per action.
//!
//! Every engine-affecting action becomes a [`scenario::Input`], journaled, then applied
//! through [`scenario::apply`], the same path a replay takes: [`AppState::from_scenario`]
//! rebuilds a saved playground by replaying its journal through [`AppState::show`], so the
//! terminal and the panels come back as they were.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, VecDeque};
use std::rc::Rc;

use yew::prelude::*;

use crate::cli;
use crate::cli::CommandOutput;
use crate::engine::event::Event;
use crate::engine::event_log::Stamped;
use crate::engine::group::groups_view::{groups_view, GroupsView};
use crate::engine::playground::{Playground, ProducerId};
use crate::engine::producer::delivery::DeliveryResult;
use crate::engine::producer::view::ProducerView;
use crate::engine::profile::VersionProfile;
use crate::engine::records_view::{
    inspect_batch, records_window, BatchInspection, RecordsWindow, WINDOW_RECORDS_MAX,
};
use crate::engine::topic_partition::TopicPartition;
use crate::engine::view::ClusterView;
use crate::i18n::Lang;
use crate::scenario::apply::next_moment;
use crate::scenario::replay::{check, start};
use crate::scenario::{
    Applied, Input, Journal, Recorded, ReplayError, ReplayReport, Scenario, Step,
};
use crate::ui::components::create_topic_form::NewTopic;
use crate::ui::components::terminal::TerminalLine;
use crate::ui::engine_chunk::{self, apply, pass_time};
use crate::ui::jobs_view::{consumer_job_rows, producer_job_rows, ConsumerJobRow, ProducerJobRow};
use crate::ui::metrics::{MetricsHistory, Sample, SAMPLE_INTERVAL_MS};
use crate::ui::sim_clock::SimClock;

#[path = "state_storage.rs"]
mod storage;
pub use storage::{ReadOnly, Segments, UiStorage};

/// How many of the engine's events the event panel renders (the engine keeps more).
pub const EVENTS_SHOWN: usize = 200;
/// How many terminal lines are kept; older ones scroll away for good.
pub const TERMINAL_LINES_MAX: usize = 1_000;
/// How many records sent from the producers panel are listed with their results.
pub const MAX_SENT_SHOWN: usize = 50;
/// How often (wall-clock ms) a clock tick that only let time pass rebuilds the panels. The
/// clock ticks more often than this so that the engine's work under load comes in slices that
/// fit between two frames; rebuilding and re-rendering every panel on each slice would not.
pub const VIEW_REFRESH_MS: i64 = 250;

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
    /// The playground's simulated clock. The cluster view's own `now_ms` is the last moment
    /// the brokers had something to do, which can lag behind it.
    pub now_ms: i64,
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
    playground: Rc<RefCell<Playground<UiStorage>>>,
    /// The terminal session: its `write-file` files, a `write-file` in progress and a running
    /// console producer.
    shell: Rc<RefCell<cli::Shell>>,
    /// Paused or running, and how fast (the time controls). In a `Cell` because a tick
    /// that moves nothing returns the same state (no re-render) yet must note its wall time.
    clock: Cell<SimClock>,
    /// The simulated instant the ticks have asked for so far. The clock may stop short of it
    /// (a console consumer's poll grid) and goes on from there at the next tick.
    sim_target_ms: Cell<i64>,
    /// The partition whose records the strip shows.
    pub selected: Option<TopicPartition>,
    /// The first offset of the strip's window; `None` follows the log end.
    pub window_from: Option<i64>,
    /// The records of the selected partition's window.
    pub window: Rc<Option<RecordsWindow>>,
    /// The offset whose batch the inspector shows.
    pub inspect_offset: Option<i64>,
    pub inspection: Rc<Option<BatchInspection>>,
    /// Every input so far, for saving and export (shared with the page's flusher).
    journal: Rc<RefCell<Journal>>,
    /// The journal refused an input: what follows is not saved.
    pub journal_full: bool,
    /// What restoring a saved playground did, if this state was restored.
    pub recovery: Option<ReplayReport>,
    /// The JMX-style figures sampled every simulated second, for the metrics panel.
    pub metrics: Rc<MetricsHistory>,
    /// The terminal's background consumers, for the groups panel's freeze, thaw and stop.
    pub consumer_jobs: Rc<Vec<ConsumerJobRow>>,
    /// The terminal's background producers, for the producers panel's rate list.
    pub producer_jobs: Rc<Vec<ProducerJobRow>>,
    /// Set while this tab must not change the playground: inputs are refused, time stands.
    pub read_only: Option<ReadOnly>,
    /// The engine's behaviour is loaded: its wasm chunk has arrived (always, without the
    /// `lazy-engine` feature; see `ui::engine_chunk`). Until then the playground is shown but
    /// its clock stands still, and every input is refused, unjournaled, with the reason.
    pub engine_loaded: bool,
    /// Why the page's last round of fetches of the engine's chunk failed, while it is not
    /// loaded: the panels say so instead of "loading" while the page tries again.
    pub engine_error: Option<String>,
    /// The wall-clock time of the last tick that rebuilt the panels.
    refreshed_at_ms: i64,
}

pub enum Action {
    SetLang(Lang),
    /// The page's timer fired at this wall-clock instant: move the simulated clock as the
    /// time controls say ([`SimClock`]) and run what falls due.
    Tick {
        wall_ms: i64,
    },
    /// Pause or resume the simulated clock.
    SetPaused(bool),
    /// Run the simulated clock at this speed, in thousandths of real time.
    SetSpeed(u32),
    /// Advance the simulated clock to the next moment something is due
    /// ([`crate::scenario::apply::next_moment`]).
    Step,
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
    /// Make the playground read-only in this tab (or writable again: `None`).
    SetReadOnly(Option<ReadOnly>),
    /// The engine's chunk has loaded.
    EngineLoaded,
    /// The page's fetches of the engine's chunk failed, for this reason.
    EngineFailed(String),
}

impl Action {
    /// Whether the action changes the engine (time or an input), which a read-only tab
    /// refuses, and so does a page whose engine is still loading.
    fn changes_engine(&self) -> bool {
        // Exhaustive, so a new action must be classified here.
        match self {
            Action::Tick { .. }
            | Action::Step
            | Action::CreateTopic(_)
            | Action::RunCommand(_)
            | Action::CreateProducer(_)
            | Action::SendRecord(_)
            | Action::Interrupt
            | Action::EndInput => true,
            Action::SetLang(_)
            | Action::SetPaused(_)
            | Action::SetSpeed(_)
            | Action::SelectPartition(_)
            | Action::ScrollWindow(_)
            | Action::Inspect(_)
            | Action::SetReadOnly(_)
            | Action::EngineLoaded
            | Action::EngineFailed(_) => false,
        }
    }
}

impl AppState {
    /// The playground `scenario` describes, its inputs replayed (none for a new one), with
    /// the simulated clock going on from where the scenario's stopped, as `clock` says.
    /// `recovery` is set when the scenario had inputs or time to replay.
    pub fn from_scenario(
        lang: Lang,
        scenario: Scenario,
        clock: SimClock,
    ) -> Result<Self, ReplayError> {
        check(&scenario)?;
        let playground = start(&scenario, UiStorage::default());
        let mut state = AppState {
            lang,
            now_ms: playground.now_ms(),
            view: Rc::new(playground.cluster().view()),
            events: Rc::default(),
            event_capacity: playground.events().capacity(),
            events_dropped: 0,
            terminal: Rc::default(),
            form_error: None,
            profile: scenario.profile,
            producers: Rc::default(),
            groups: Rc::default(),
            sent: Rc::default(),
            producer_error: None,
            panel_producers: Rc::default(),
            prompt: None,
            playground: Rc::new(RefCell::new(playground)),
            shell: Rc::new(RefCell::new(cli::Shell::new())),
            clock: Cell::new(clock),
            sim_target_ms: Cell::new(scenario.start_ms),
            selected: None,
            window_from: None,
            window: Rc::new(None),
            inspect_offset: None,
            inspection: Rc::new(None),
            // Replaced by the scenario's own journal once the replay is done with it.
            journal: Rc::new(RefCell::new(Journal::new(
                scenario.seed,
                scenario.profile,
                scenario.start_ms,
            ))),
            journal_full: scenario.full,
            recovery: None,
            metrics: Rc::default(),
            consumer_jobs: Rc::default(),
            producer_jobs: Rc::default(),
            read_only: None,
            engine_loaded: engine_chunk::loaded(),
            engine_error: None,
            refreshed_at_ms: 0,
        };
        if !scenario.inputs.is_empty() || scenario.clock_ms > scenario.start_ms {
            let (playground, shell) = (state.playground.clone(), state.shell.clone());
            let report = engine_chunk::replay_into(
                &scenario,
                &mut playground.borrow_mut(),
                &mut shell.borrow_mut(),
                &mut |step| match step {
                    Step::Time(out) => state.append_terminal(None, out),
                    Step::Input {
                        input,
                        prompt,
                        applied,
                    } => state.show(input, prompt, applied),
                },
            );
            state.recovery = Some(report);
        }
        // The simulated clock stood still while the page was closed.
        state.sim_target_ms.set(state.playground.borrow().now_ms());
        *state.journal.borrow_mut() = Journal::restored(scenario);
        state.refresh();
        Ok(state)
    }

    /// The journal of every input, shared with whoever saves or exports it.
    pub fn journal(&self) -> Rc<RefCell<Journal>> {
        self.journal.clone()
    }

    /// The time controls' state: paused or running, and the speed.
    pub fn clock(&self) -> SimClock {
        self.clock.get()
    }

    /// The simulated instant the playground was created at: the earliest a rewind can reach.
    pub fn start_ms(&self) -> i64 {
        self.journal.borrow().scenario().start_ms
    }

    /// Journals `input` and applies it to the engine at the playground's time, then shows
    /// what it gave back. A terminal command that lets simulated time pass (`advance`, a
    /// producer's close) moves the clock ahead of the wall clock for good.
    fn input(&mut self, input: Input) {
        let mut playground = self.playground.borrow_mut();
        let mut shell = self.shell.borrow_mut();
        let before_ms = playground.now_ms();
        if self.journal.borrow_mut().record(before_ms, &input) == Recorded::Full {
            self.journal_full = true;
        }
        let prompt = shell.prompt();
        let applied = apply(&mut playground, &mut shell, &input);
        self.journal.borrow_mut().set_clock(playground.now_ms());
        drop((playground, shell));
        self.show(&input, prompt, applied);
    }

    /// Shows what an input gave back (live, or replayed on restore): the terminal's echo and
    /// output, the form's and the panel's refusals, the panel's producers and sent records.
    fn show(&mut self, input: &Input, prompt: Option<&'static str>, applied: Applied) {
        match applied {
            Applied::Topic(result) => self.form_error = result.err(),
            Applied::Terminal(output) => {
                let typed = match (input, prompt) {
                    (Input::RunCommand { line }, None) => TerminalLine::Command(line.clone()),
                    (Input::RunCommand { line }, Some(_)) => TerminalLine::Input(line.clone()),
                    (Input::Interrupt, _) => TerminalLine::Input("^C".to_owned()),
                    _ => TerminalLine::Input("^D".to_owned()),
                };
                self.append_terminal(Some(typed), output);
            }
            Applied::Producer(Ok(id)) => {
                Rc::make_mut(&mut self.panel_producers).insert(id);
                self.producer_error = None;
            }
            Applied::Record(Ok(id)) => {
                if let Input::SendRecord {
                    producer,
                    key,
                    value,
                    ..
                } = input
                {
                    let sent = Rc::make_mut(&mut self.sent);
                    sent.push_back(SentRecord {
                        producer: *producer,
                        record_id: id.0,
                        key: key.clone(),
                        value: value.clone(),
                        result: None,
                    });
                    if sent.len() > MAX_SENT_SHOWN {
                        sent.pop_front();
                    }
                }
                self.producer_error = None;
            }
            Applied::Producer(Err(e)) | Applied::Record(Err(e)) => self.producer_error = Some(e),
        }
    }

    /// Rebuilds what the views read from the engine.
    fn refresh(&mut self) {
        self.collect_deliveries();
        let playground = self.playground.borrow();
        self.now_ms = playground.now_ms();
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
        let sample = Sample::of(
            &self.view,
            &self.groups,
            playground.request_metrics(),
            self.now_ms,
        );
        if self
            .metrics
            .latest()
            .is_none_or(|last| sample.now_ms - last.now_ms >= SAMPLE_INTERVAL_MS)
        {
            Rc::make_mut(&mut self.metrics).record(sample);
        }
        let shell = self.shell.borrow();
        let consumer_jobs = consumer_job_rows(shell.jobs(), &playground);
        // Unchanged rows keep their `Rc`, so the lists do not re-render on every refresh.
        if *self.consumer_jobs != consumer_jobs {
            self.consumer_jobs = Rc::new(consumer_jobs);
        }
        let producer_jobs = producer_job_rows(shell.jobs(), &playground);
        if *self.producer_jobs != producer_jobs {
            self.producer_jobs = Rc::new(producer_jobs);
        }
        drop(shell);
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

    /// Adds a line typed (if any) and a command's output to the scrollback, keeping the last
    /// [`TERMINAL_LINES_MAX`] lines.
    fn append_terminal(&mut self, typed: Option<TerminalLine>, output: CommandOutput) {
        if typed.is_none() && output.stdout.is_empty() && output.stderr.is_empty() {
            return;
        }
        // Shared with the previous state: cloned once here (in place while restoring).
        let lines = Rc::make_mut(&mut self.terminal);
        lines.extend(typed);
        lines.extend(output.stdout.into_iter().map(TerminalLine::Stdout));
        lines.extend(output.stderr.into_iter().map(TerminalLine::Stderr));
        let excess = lines.len().saturating_sub(TERMINAL_LINES_MAX);
        lines.drain(..excess);
    }

    fn next(&self) -> AppState {
        AppState {
            lang: self.lang,
            now_ms: self.now_ms,
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
            clock: self.clock.clone(),
            sim_target_ms: self.sim_target_ms.clone(),
            selected: self.selected.clone(),
            window_from: self.window_from,
            window: self.window.clone(),
            inspect_offset: self.inspect_offset,
            inspection: self.inspection.clone(),
            journal: self.journal.clone(),
            journal_full: self.journal_full,
            recovery: self.recovery.clone(),
            metrics: self.metrics.clone(),
            consumer_jobs: self.consumer_jobs.clone(),
            producer_jobs: self.producer_jobs.clone(),
            refreshed_at_ms: self.refreshed_at_ms,
            read_only: self.read_only,
            engine_loaded: self.engine_loaded,
            engine_error: self.engine_error.clone(),
        }
    }

    /// Tells where the refused `action` came from that it was refused, and why: `message`.
    fn refuse(&mut self, action: Action, message: String) {
        match action {
            Action::CreateTopic(_) => self.form_error = Some(message),
            Action::CreateProducer(_) | Action::SendRecord(_) => {
                self.producer_error = Some(message)
            }
            Action::RunCommand(line) => self.append_terminal(
                Some(TerminalLine::Command(line)),
                CommandOutput::failure(message),
            ),
            Action::Interrupt | Action::EndInput | Action::Step => {
                self.append_terminal(None, CommandOutput::failure(message))
            }
            _ => {}
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if let Some(read_only) = self.read_only.filter(|_| action.changes_engine()) {
            if matches!(action, Action::Tick { .. }) {
                return self;
            }
            let mut next = self.next();
            let message = format!(
                "{} ({})",
                crate::i18n::Text::InputRefused.get(self.lang),
                read_only.text().get(self.lang)
            );
            next.refuse(action, message);
            return Rc::new(next);
        }
        if !self.engine_loaded && action.changes_engine() {
            if let Action::Tick { wall_ms } = action {
                // The clock stands still while the engine loads, and takes up from its
                // arrival rather than from the first tick.
                let mut clock = self.clock.get();
                clock.advance_ms(wall_ms);
                self.clock.set(clock);
                return self;
            }
            // Not journaled: the input never reached the engine.
            let mut next = self.next();
            next.refuse(
                action,
                crate::i18n::Text::EngineLoading.get(self.lang).to_owned(),
            );
            return Rc::new(next);
        }
        let mut next = self.next();
        match action {
            Action::SetLang(lang) => {
                next.lang = lang;
                return Rc::new(next);
            }
            Action::Tick { wall_ms } => {
                let mut clock = self.clock.get();
                let moved_ms = clock.advance_ms(wall_ms);
                let before_ms = self.playground.borrow().now_ms();
                // A command (`advance`, a step) may have moved the clock past the target.
                let target_ms = self.sim_target_ms.get().max(before_ms) + moved_ms;
                self.clock.set(clock);
                self.sim_target_ms.set(target_ms);
                next.clock.set(clock);
                next.sim_target_ms.set(target_ms);
                if target_ms <= before_ms {
                    return self;
                }
                let mut playground = self.playground.borrow_mut();
                let output = pass_time(&mut playground, &mut self.shell.borrow_mut(), target_ms);
                let after_ms = playground.now_ms();
                drop(playground);
                // A console consumer polls on its own grid: no moment of it was due yet.
                if after_ms == before_ms {
                    return self;
                }
                self.journal.borrow_mut().set_clock(after_ms);
                // Only time passed: the panels keep showing the last refresh until the next
                // one is due (the engine moved on behind its `RefCell`).
                let printed = !output.stdout.is_empty() || !output.stderr.is_empty();
                if !printed && wall_ms - self.refreshed_at_ms < VIEW_REFRESH_MS {
                    return self;
                }
                next.refreshed_at_ms = wall_ms;
                next.append_terminal(None, output);
            }
            Action::SetPaused(paused) => {
                let mut clock = next.clock.get();
                clock.set_paused(paused);
                next.clock.set(clock);
                // Whatever the ticks had asked for and not reached is dropped with the pause.
                next.sim_target_ms.set(self.playground.borrow().now_ms());
            }
            Action::SetSpeed(per_mille) => {
                let mut clock = next.clock.get();
                clock.set_speed(per_mille);
                next.clock.set(clock);
            }
            Action::Step => {
                let next_ms = next_moment(&self.playground.borrow(), &self.shell.borrow());
                let Some(to_ms) = next_ms else {
                    return self;
                };
                let mut playground = self.playground.borrow_mut();
                let mut shell = self.shell.borrow_mut();
                let output = pass_time(&mut playground, &mut shell, to_ms);
                let after_ms = playground.now_ms();
                drop((playground, shell));
                next.sim_target_ms.set(after_ms);
                self.journal.borrow_mut().set_clock(after_ms);
                next.append_terminal(None, output);
            }
            Action::CreateTopic(t) => next.input(Input::CreateTopic {
                name: t.name,
                partitions: t.partitions,
                replication_factor: t.replication_factor,
            }),
            Action::RunCommand(line) => next.input(Input::RunCommand { line }),
            Action::CreateProducer(p) => next.input(Input::CreateProducer { configs: p.configs }),
            Action::SendRecord(r) => next.input(Input::SendRecord {
                producer: r.producer,
                topic: r.topic,
                key: r.key,
                value: r.value,
                partition: r.partition,
            }),
            Action::Interrupt => next.input(Input::Interrupt),
            Action::EndInput => next.input(Input::EndInput),
            Action::SelectPartition(tp) => {
                next.selected = Some(tp);
                next.window_from = None;
                next.inspect_offset = None;
            }
            Action::ScrollWindow(from) => next.window_from = from,
            Action::Inspect(offset) => next.inspect_offset = offset,
            Action::SetReadOnly(read_only) => next.read_only = read_only,
            Action::EngineLoaded => next.engine_loaded = true,
            Action::EngineFailed(why) => next.engine_error = Some(why),
        }
        next.refresh();
        Rc::new(next)
    }
}
