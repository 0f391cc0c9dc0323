//! [`Shell`]: one terminal session — the lines a learner types, with what outlives a single
//! command: the virtual files written with `write-file` and a `write-file` still collecting
//! its lines.
//!
//! A line is either a kplay playground command ([`playground`]) or one of Kafka's tools; each
//! tool reads files through [`Files`] (the session's [`Vfs`], then the host's files when the
//! native binary provides them).

use crate::cli::output::CommandOutput;
use crate::cli::playground::{self, Outcome};
use crate::cli::tokenize;
use crate::cli::vfs::{Files, HostFiles, Vfs};
use crate::engine::cluster::Cluster;
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

/// One terminal session.
#[derive(Default)]
pub struct Shell {
    vfs: Vfs,
    host: Option<Box<dyn HostFiles>>,
    pending: Option<PendingWrite>,
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

    pub fn vfs(&self) -> &Vfs {
        &self.vfs
    }

    /// Whether the next line belongs to a `write-file` (it is then taken verbatim, blank lines
    /// and `#` included), and the marker that ends it.
    pub fn collecting_until(&self) -> Option<&str> {
        self.pending.as_ref().map(|p| p.marker.as_str())
    }

    /// Runs one line against `cluster` at simulated time `now_ms`. A playground command may
    /// move the cluster's clock (`advance`, `sleep`): callers read [`Cluster::now_ms`] after.
    pub fn run_line<S: SegmentStorage>(
        &mut self,
        cluster: &mut Cluster<S>,
        line: &str,
        now_ms: i64,
    ) -> CommandOutput {
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
        let words = match tokenize::tokenize(line) {
            Ok(words) => words,
            Err(e) => return CommandOutput::failure(format!("kplay: {e}")),
        };
        let Some((program, args)) = words.split_first() else {
            return CommandOutput::default();
        };
        if let Some(outcome) = playground::run(program, args, cluster, &self.vfs, now_ms) {
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
        crate::cli::run_tool(cluster, program, args, files, now_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::cluster::ClusterConfig;
    use crate::storage::memory::MemoryStorage;

    #[test]
    fn write_file_collects_until_its_marker() {
        let mut cluster = Cluster::new(ClusterConfig::with_seed(1), MemoryStorage::new(), 0);
        let mut shell = Shell::new();
        assert!(shell
            .run_line(&mut cluster, "write-file a.json", 0)
            .stdout
            .is_empty());
        assert_eq!(shell.collecting_until(), Some("EOF"));
        shell.run_line(&mut cluster, "{\"version\": 1,", 0);
        shell.run_line(&mut cluster, "", 0);
        shell.run_line(&mut cluster, " \"partitions\": []}", 0);
        assert_eq!(shell.run_line(&mut cluster, "EOF", 0).exit_code, 0);
        assert_eq!(shell.collecting_until(), None);
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
