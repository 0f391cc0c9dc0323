//! [`Shell`]: one terminal session — the lines a learner types, with what outlives a single
//! command: the virtual files written with `write-file`, a `write-file` still collecting its
//! lines, and a tool that reads standard input (`kafka-console-producer.sh`) while it runs.
//!
//! A line is either a kplay playground command ([`playground`]) or one of Kafka's tools; each
//! tool reads files through [`Files`] (the session's [`Vfs`], then the host's files when the
//! native binary provides them). While a tool reads standard input, lines go to it until it
//! ends: `exit` or an empty line, or [`Shell::end_input`] (Ctrl-D, the end of a script) and
//! [`Shell::interrupt`] (Ctrl-C). A console consumer runs until its limit or Ctrl-C in an
//! interactive session, stepped by [`Shell::poll`] as time passes; in a script
//! ([`Shell::run_tools_to_end`]) it runs to its end on the simulated clock at once.

use crate::cli::console_consumer::{self, ConsoleConsumer, Progress};
use crate::cli::console_producer::{self, ConsoleProducer};
use crate::cli::jobs::Jobs;
use crate::cli::output::CommandOutput;
use crate::cli::playground::{self, Outcome};
use crate::cli::tokenize;
use crate::cli::vfs::{Files, HostFiles, Vfs};
use crate::engine::playground::Playground;
use crate::storage::SegmentStorage;

/// The most lines one `write-file` collects before it gives up (the file limit would refuse
/// more anyway).
pub const MAX_COLLECTED_LINES: usize = 10_000;

/// A `write-file` waiting for its end marker.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PendingWrite {
    path: String,
    marker: String,
    lines: Vec<String>,
}

/// What the next line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode<'a> {
    /// A command.
    Command,
    /// A line of a `write-file`, taken verbatim, up to the marker.
    FileLine { marker: &'a str },
    /// Standard input of a running tool (a record for `kafka-console-producer`).
    ToolInput { tool: &'static str },
}

/// One terminal session.
#[derive(Default)]
pub struct Shell {
    vfs: Vfs,
    host: Option<Box<dyn HostFiles>>,
    pending: Option<PendingWrite>,
    producer: Option<ConsoleProducer>,
    consumer: Option<ConsoleConsumer>,
    /// Background producers and consumers (`producer start`, `consumer start`).
    jobs: Jobs,
    /// Tools that run until stopped run to their end at once (a script), not in the
    /// background of an interactive session.
    to_end: bool,
}

impl Shell {
    pub fn new() -> Shell {
        Shell::default()
    }

    /// A session that also reads the host's files (the native binary).
    pub fn with_host_files(host: Box<dyn HostFiles>) -> Shell {
        Shell {
            host: Some(host),
            ..Shell::default()
        }
    }

    /// A session for scripts: a console consumer runs to its end (its limit, its timeout, or
    /// catching up) within the line that starts it.
    pub fn run_tools_to_end(mut self) -> Shell {
        self.to_end = true;
        self
    }

    pub fn jobs(&self) -> &Jobs {
        &self.jobs
    }

    pub fn vfs(&self) -> &Vfs {
        &self.vfs
    }

    /// What the next line is for: hosts take it verbatim (blank lines and `#` included) in
    /// any mode but [`InputMode::Command`], and show [`Shell::prompt`].
    pub fn input_mode(&self) -> InputMode<'_> {
        if let Some(p) = &self.pending {
            return InputMode::FileLine {
                marker: p.marker.as_str(),
            };
        }
        if self.producer.is_some() {
            return InputMode::ToolInput {
                tool: "kafka-console-producer",
            };
        }
        if self.consumer.is_some() {
            return InputMode::ToolInput {
                tool: "kafka-console-consumer",
            };
        }
        InputMode::Command
    }

    /// The prompt for the next line: `>` while a console producer reads (as Kafka's
    /// `LineMessageReader` prints on a terminal), `> ` in a `write-file`, `None` for a command
    /// (the host has its own).
    pub fn prompt(&self) -> Option<&'static str> {
        match self.input_mode() {
            InputMode::Command => None,
            InputMode::FileLine { .. } => Some("> "),
            InputMode::ToolInput {
                tool: "kafka-console-producer",
            } => Some(">"),
            // The console consumer reads no input: lines typed meanwhile are ignored.
            InputMode::ToolInput { .. } => Some(""),
        }
    }

    /// Runs one line against `playground` at simulated time `now_ms`. A command may move the
    /// playground's clock (`advance`, `sleep`, a console producer's close): callers read
    /// [`Playground::now_ms`] after.
    pub fn run_line<S: crate::storage::SegmentStorage>(
        &mut self,
        playground: &mut Playground<S>,
        line: &str,
        now_ms: i64,
    ) -> CommandOutput {
        let now_ms = now_ms.max(playground.now_ms());
        if let Some(mut pending) = self.pending.take() {
            if line.trim_end() == pending.marker {
                let text: String = pending.lines.iter().map(|l| format!("{l}\n")).collect();
                return match self.vfs.write(&pending.path, text) {
                    Ok(()) => CommandOutput::default(),
                    Err(e) => CommandOutput::failure(format!("write-file: {}: {e}", pending.path)),
                };
            }
            if pending.lines.len() >= MAX_COLLECTED_LINES {
                return CommandOutput::failure(format!(
                    "write-file: {}: more than {MAX_COLLECTED_LINES} lines without the end marker {}; nothing was written",
                    pending.path, pending.marker
                ));
            }
            pending.lines.push(line.to_owned());
            self.pending = Some(pending);
            return CommandOutput::default();
        }
        if let Some(mut producer) = self.producer.take() {
            if line.is_empty() || line.trim() == "exit" {
                return producer.finish(playground, now_ms);
            }
            return match producer.line(playground, line, now_ms) {
                Ok(out) => {
                    self.producer = Some(producer);
                    out
                }
                Err(out) => out,
            };
        }
        if self.consumer.is_some() {
            return CommandOutput::default();
        }
        let words = match tokenize::tokenize(line) {
            Ok(words) => words,
            Err(e) => return CommandOutput::failure(format!("kplay: {e}")),
        };
        let Some((program, args)) = words.split_first() else {
            return CommandOutput::default();
        };
        if let Some(outcome) =
            playground::run(program, args, playground, &mut self.jobs, &self.vfs, now_ms)
        {
            return match outcome {
                Outcome::Output(out) => out,
                Outcome::CollectFile { path, marker } => {
                    self.pending = Some(PendingWrite {
                        path,
                        marker,
                        lines: Vec::new(),
                    });
                    CommandOutput::default()
                }
            };
        }
        let files = Files {
            vfs: &self.vfs,
            host: self.host.as_deref(),
        };
        if crate::cli::tool_name(program) == "kafka-console-consumer" {
            return match console_consumer::start(playground, args, files, now_ms) {
                Ok(mut consumer) if self.to_end => consumer.run_to_end(playground, &mut self.jobs),
                Ok(consumer) => {
                    self.consumer = Some(consumer);
                    self.poll(playground)
                }
                Err(out) => out,
            };
        }
        if crate::cli::tool_name(program) == "kafka-console-producer" {
            return match console_producer::start(playground, args, files, now_ms) {
                Ok(producer) => {
                    self.producer = Some(producer);
                    CommandOutput::default()
                }
                Err(out) => out,
            };
        }
        let out = crate::cli::run_tool(playground.cluster_mut(), program, args, files, now_ms);
        playground.collect_events();
        out
    }

    /// Lets simulated time pass to `to_ms` with the background clients acting at their
    /// moments (the browser's clock), then [`Shell::poll`]s the running tool.
    pub fn pass_time<S: SegmentStorage>(
        &mut self,
        playground: &mut Playground<S>,
        to_ms: i64,
    ) -> CommandOutput {
        self.jobs.pass_time(playground, to_ms);
        self.poll(playground)
    }

    /// What running tools printed while time passed without a line (the browser's clock
    /// ticks): a console producer's failed records, a console consumer's records (and its
    /// end, when it reached its limit or timed out).
    pub fn poll<S: SegmentStorage>(&mut self, playground: &mut Playground<S>) -> CommandOutput {
        if let Some(p) = self.producer.as_mut() {
            return p.poll(playground);
        }
        let Some(c) = self.consumer.as_mut() else {
            return CommandOutput::default();
        };
        let mut out = CommandOutput::default();
        if c.step(playground, &mut out) == Progress::Done {
            let finished = c.finish(playground);
            out.stderr.extend(finished.stderr);
            self.consumer = None;
        }
        out
    }

    /// End of input (Ctrl-D, the end of a script): a running tool finishes as at `exit`; an
    /// unfinished `write-file` is dropped, nothing written.
    pub fn end_input<S: SegmentStorage>(
        &mut self,
        playground: &mut Playground<S>,
        now_ms: i64,
    ) -> CommandOutput {
        let now_ms = now_ms.max(playground.now_ms());
        if let Some(pending) = self.pending.take() {
            return CommandOutput::failure(format!(
                "write-file: {}: input ended before the end marker {}; nothing was written",
                pending.path, pending.marker
            ));
        }
        if let Some(mut c) = self.consumer.take() {
            return c.finish(playground);
        }
        match self.producer.take() {
            Some(mut p) => p.finish(playground, now_ms),
            None => CommandOutput::default(),
        }
    }

    /// Ctrl-C: the JVM's shutdown hook closes a console producer (its records still go out);
    /// a `write-file` is abandoned.
    pub fn interrupt<S: SegmentStorage>(
        &mut self,
        playground: &mut Playground<S>,
        now_ms: i64,
    ) -> CommandOutput {
        let now_ms = now_ms.max(playground.now_ms());
        self.pending = None;
        let mut out = if let Some(mut c) = self.consumer.take() {
            c.finish(playground)
        } else {
            match self.producer.take() {
                Some(mut p) => p.finish(playground, now_ms),
                None => CommandOutput::default(),
            }
        };
        // A process ended by SIGINT exits with 128 + 2.
        out.exit_code = 130;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::playground::PlaygroundConfig;
    use crate::engine::profile::VersionProfile;
    use crate::storage::memory::MemoryStorage;

    #[test]
    fn write_file_collects_until_its_marker() {
        let mut cluster = Playground::new(
            PlaygroundConfig::new(1, VersionProfile::Kafka4x),
            MemoryStorage::new(),
            0,
        );
        let mut shell = Shell::new();
        assert!(shell
            .run_line(&mut cluster, "write-file a.json", 0)
            .stdout
            .is_empty());
        assert_eq!(shell.input_mode(), InputMode::FileLine { marker: "EOF" });
        shell.run_line(&mut cluster, "{\"version\": 1,", 0);
        shell.run_line(&mut cluster, "", 0);
        shell.run_line(&mut cluster, " \"partitions\": []}", 0);
        assert_eq!(shell.run_line(&mut cluster, "EOF", 0).exit_code, 0);
        assert_eq!(shell.input_mode(), InputMode::Command);
        assert_eq!(
            shell.vfs().get("a.json"),
            Some("{\"version\": 1,\n\n \"partitions\": []}\n")
        );
        shell.run_line(&mut cluster, "write-file b.txt <<END", 0);
        shell.run_line(&mut cluster, "EOF", 0);
        shell.run_line(&mut cluster, "END", 0);
        assert_eq!(shell.vfs().get("b.txt"), Some("EOF\n"));
    }
}
