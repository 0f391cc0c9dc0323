//! `kplay-cli`: Kafka's command-line tools against one in-memory kplay cluster, natively.
//!
//! ```text
//! kplay-cli [--seed N] [--start-ms MS] [--profile 4.x|2.5] [--brokers N] [--racks R0,R1,...] [--echo] [--import-dir DIR] [--export-dir DIR] [SCRIPT]
//! ```
//!
//! Reads commands line by line from `SCRIPT`, or from standard input (with a `kplay> ` prompt
//! when that is a terminal), and runs each against the same cluster through one
//! [`cli::Shell`], printing the tool's stdout and stderr. Blank lines and lines starting with
//! `#` are skipped (except inside a `write-file`, which takes its lines verbatim). `--echo`
//! prints each command as `$ <command>` (and each `write-file` line as `> <line>`) before its
//! output, for transcripts.
//!
//! The playground is `Playground::new(PlaygroundConfig::with_brokers(seed, profile, brokers), MemoryStorage::new(),
//! start_ms)` with `seed` 42, `start_ms` 1700000000000 (2023-11-14T22:13:20Z) and the `4.x`
//! version profile unless given, so a script prints the same topic ids and placements every
//! run. Simulated time moves only with the playground commands `advance` and `sleep` (`help`
//! lists them) and while a client waits for answers (a console producer's close); `exit` ends
//! the script. While `kafka-console-producer.sh` runs, lines are its records until `exit`, an
//! empty line or the end of the input.
//!
//! `--import-dir DIR` loads a Kafka log directory first: every `<topic>-<partition>/` directory
//! holding `<20-digit base offset>.log` files becomes a topic with as many partitions as the
//! highest partition number found plus one, its logs recovered through the engine's recovery
//! path (every batch's framing and CRC checked, indexes rebuilt). Other files (`.index`,
//! `.timeindex`, checkpoints) are ignored: recovery rebuilds the indexes. `--export-dir DIR`
//! writes every partition's `.log`, `.index` and `.timeindex` files in that same layout when the
//! run ends.
//!
//! The exit status is the last command's, as a shell script without `set -e` would give.
//! Real files are read here and handed to the CLI library as a [`HostFiles`] capability, so
//! the library itself (which also runs in the browser) never touches the file system.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use kplay::cli::shell::InputMode;
use kplay::cli::vfs::{FileError, HostFiles};
use kplay::cli::{self, CommandOutput};
use kplay::engine::cluster::Cluster;
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::storage::memory::MemoryStorage;
use kplay::storage::{SegmentFile, SegmentStorage};

const DEFAULT_SEED: u64 = 42;
const DEFAULT_START_MS: i64 = 1_700_000_000_000;

const USAGE: &str =
    "usage: kplay-cli [--seed N] [--start-ms MS] [--profile 4.x|2.5] [--brokers N] [--racks R0,R1,...] [--echo] [--import-dir DIR] [--export-dir DIR] [SCRIPT]";

struct Options {
    seed: u64,
    start_ms: i64,
    profile: VersionProfile,
    echo: bool,
    import_dir: Option<PathBuf>,
    export_dir: Option<PathBuf>,
    script: Option<String>,
    /// How many brokers the cluster has (`--brokers`, 1 to 9).
    brokers: usize,
    /// `broker.rack` of brokers 0, 1, … in order (`--racks a,a,b`).
    racks: Vec<String>,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        seed: DEFAULT_SEED,
        start_ms: DEFAULT_START_MS,
        profile: VersionProfile::Kafka4x,
        echo: false,
        brokers: kplay::engine::playground::DEFAULT_BROKERS,
        racks: Vec::new(),
        import_dir: None,
        export_dir: None,
        script: None,
    };
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        let mut value = |name: &str| -> Result<String, String> {
            let v = args
                .get(i)
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))?;
            i += 1;
            Ok(v)
        };
        match arg.as_str() {
            "--seed" => {
                let v = value("--seed")?;
                options.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not an unsigned integer: {v}"))?;
            }
            "--start-ms" => {
                let v = value("--start-ms")?;
                options.start_ms = v
                    .parse()
                    .map_err(|_| format!("--start-ms: not an integer: {v}"))?;
            }
            "--profile" => {
                let v = value("--profile")?;
                options.profile = VersionProfile::parse(&v)
                    .ok_or_else(|| format!("--profile: not a version profile (4.x or 2.5): {v}"))?;
            }
            "--brokers" => {
                let v = value("--brokers")?;
                options.brokers = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=kplay::engine::playground::MAX_BROKERS).contains(n))
                    .ok_or_else(|| {
                        format!("--brokers: not a number of brokers from 1 to 9: {v}")
                    })?;
            }
            "--racks" => {
                options.racks = value("--racks")?.split(',').map(str::to_owned).collect();
            }
            "--import-dir" => options.import_dir = Some(PathBuf::from(value("--import-dir")?)),
            "--export-dir" => options.export_dir = Some(PathBuf::from(value("--export-dir")?)),
            "--echo" => options.echo = true,
            "--help" | "-h" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s if options.script.is_none() => options.script = Some(s.to_string()),
            s => return Err(format!("only one script may be given, not also {s}")),
        }
    }
    Ok(options)
}

/// The host's files, for the tools that read one (`--offset-json-file`, `--command-config`).
struct RealFiles;

impl HostFiles for RealFiles {
    fn read(&self, path: &str) -> Result<Vec<u8>, FileError> {
        std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => FileError::NotFound(path.to_string()),
            _ => FileError::Io(format!("{path}: {e}")),
        })
    }
}

/// One playground: the cluster and its clients, the simulated clock and the terminal session.
struct Session {
    playground: Playground<MemoryStorage>,
    shell: cli::Shell,
    now_ms: i64,
}

impl Session {
    fn new(
        seed: u64,
        start_ms: i64,
        profile: VersionProfile,
        brokers: usize,
        racks: &[String],
    ) -> Session {
        let mut config = PlaygroundConfig::with_brokers(seed, profile, brokers);
        for (id, rack) in racks.iter().enumerate().filter(|(_, r)| !r.is_empty()) {
            config.cluster.racks.insert(id as i32, rack.clone());
        }
        Session {
            playground: Playground::new(config, MemoryStorage::new(), start_ms),
            shell: cli::Shell::with_host_files(Box::new(RealFiles)).run_tools_to_end(),
            now_ms: start_ms,
        }
    }

    fn takes_commands(&self) -> bool {
        self.shell.input_mode() == InputMode::Command
    }

    /// Runs one line: `exit`, `help` with the binary's own lines, or anything the shell runs.
    fn run(&mut self, line: &str) -> Outcome {
        if self.takes_commands() {
            match line.split_whitespace().collect::<Vec<_>>().as_slice() {
                ["exit" | "quit"] => return Outcome::Exit,
                ["help"] => {
                    let mut out = self.shell.run_line(&mut self.playground, line, self.now_ms);
                    out.out("kplay-cli builtins:");
                    out.out("  exit  end the script (its status is the last command's)");
                    return Outcome::Output(out);
                }
                _ => {}
            }
        }
        let out = self.shell.run_line(&mut self.playground, line, self.now_ms);
        self.now_ms = self.now_ms.max(self.playground.now_ms());
        Outcome::Output(out)
    }

    /// The end of the input: a running tool finishes as at `exit`.
    fn end(&mut self) -> CommandOutput {
        let out = self.shell.end_input(&mut self.playground, self.now_ms);
        self.now_ms = self.now_ms.max(self.playground.now_ms());
        out
    }
}

enum Outcome {
    Output(CommandOutput),
    Exit,
}

/// The `.log` files of a Kafka log directory: topic → partition → (base offset, bytes).
type LogDir = BTreeMap<String, BTreeMap<i32, Vec<(i64, Vec<u8>)>>>;

/// Reads `<topic>-<partition>/<20 digits>.log` files under `dir`.
fn read_log_dir(dir: &Path) -> Result<LogDir, String> {
    let mut found = LogDir::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        if !entry.path().is_dir() {
            continue;
        }
        let dir_name = entry.file_name().to_string_lossy().into_owned();
        let files = std::fs::read_dir(entry.path()).map_err(|e| format!("{dir_name}: {e}"))?;
        for file in files {
            let file = file.map_err(|e| format!("{dir_name}: {e}"))?;
            let name = file.file_name().to_string_lossy().into_owned();
            let Some(segment) = SegmentFile::parse(&format!("{dir_name}/{name}")) else {
                continue;
            };
            if segment.kind != kplay::storage::FileKind::Log {
                continue;
            }
            let bytes = std::fs::read(file.path())
                .map_err(|e| format!("{}: {e}", file.path().display()))?;
            found
                .entry(segment.topic)
                .or_default()
                .entry(segment.partition)
                .or_default()
                .push((segment.base_offset, bytes));
        }
    }
    Ok(found)
}

/// `--import-dir`: one topic per directory prefix, its partitions recovered from the files.
fn import_dir(session: &mut Session, dir: &Path) -> Result<(), String> {
    for (topic, partitions) in read_log_dir(dir)? {
        let count = partitions.keys().max().map_or(0, |p| p + 1);
        let mut logs: Vec<Vec<(i64, Vec<u8>)>> = vec![Vec::new(); count as usize];
        for (partition, mut segments) in partitions {
            kplay::sort::sort_by_key(&mut segments, |(base, _)| *base);
            logs[partition as usize] = segments;
        }
        let reports = session
            .playground
            .cluster_mut()
            .import_topic_logs(&topic, &logs, session.now_ms)
            .map_err(|e| format!("importing {topic}: {e}"))?;
        for (partition, report) in reports.iter().enumerate() {
            if report.dropped_bytes > 0 {
                eprintln!(
                    "kplay-cli: {topic}-{partition}: recovery dropped {} invalid bytes",
                    report.dropped_bytes
                );
            }
        }
    }
    Ok(())
}

/// `--export-dir`: every file of every partition, in Kafka's layout; of each partition the
/// leader's replica (the one `--import-dir` reads back).
fn export_dir(cluster: &Cluster<MemoryStorage>, dir: &Path) -> Result<(), String> {
    let storage = cluster.storage();
    for file in storage.list() {
        let tp = kplay::engine::topic_partition::TopicPartition::new(&file.topic, file.partition);
        if cluster.log(&tp).map(|log| log.broker()) != Some(file.broker) {
            continue;
        }
        let path = dir.join(file.dir_name()).join(file.file_name());
        let len = storage.len(&file).map_err(|e| format!("{file}: {e}"))?;
        let bytes = storage
            .read(&file, 0, len)
            .map_err(|e| format!("{file}: {e}"))?;
        std::fs::create_dir_all(path.parent().expect("a partition directory"))
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Prints a command's output. Each stream keeps its own order; stdout is flushed first so
/// that a terminal shows a command's output before its errors, as Kafka's tools usually do.
fn print_output(stdout: &std::io::Stdout, out: &CommandOutput) {
    let mut lock = stdout.lock();
    for l in &out.stdout {
        let _ = writeln!(lock, "{l}");
    }
    let _ = lock.flush();
    drop(lock);
    for l in &out.stderr {
        eprintln!("{l}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse_options(&args) {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("kplay-cli: {e}");
            }
            eprintln!("{USAGE}");
            std::process::exit(if e.is_empty() { 0 } else { 2 });
        }
    };
    let input: Box<dyn BufRead> = match &options.script {
        Some(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                eprintln!("kplay-cli: cannot read {path}: {e}");
                std::process::exit(2);
            }
        },
        None => Box::new(std::io::stdin().lock()),
    };
    let interactive = options.script.is_none() && std::io::stdin().is_terminal();
    let mut session = Session::new(
        options.seed,
        options.start_ms,
        options.profile,
        options.brokers,
        &options.racks,
    );
    if let Some(dir) = &options.import_dir {
        if let Err(e) = import_dir(&mut session, dir) {
            eprintln!("kplay-cli: --import-dir: {e}");
            std::process::exit(2);
        }
    }
    let mut status = 0;
    let stdout = std::io::stdout();
    let prompt = |shell: &cli::Shell| {
        if interactive {
            print!("{}", shell.prompt().unwrap_or("kplay> "));
            let _ = std::io::stdout().flush();
        }
    };
    prompt(&session.shell);
    for line in input.lines() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("kplay-cli: reading input: {e}");
                std::process::exit(2);
            }
        };
        let collecting = !session.takes_commands();
        let command = if collecting {
            line.as_str()
        } else {
            line.trim()
        };
        if !collecting && (command.is_empty() || command.starts_with('#')) {
            prompt(&session.shell);
            continue;
        }
        if options.echo {
            if collecting {
                println!("> {command}");
            } else {
                println!("$ {command}");
            }
        }
        match session.run(command) {
            Outcome::Exit => break,
            Outcome::Output(out) => {
                print_output(&stdout, &out);
                status = out.exit_code;
            }
        }
        prompt(&session.shell);
    }
    if !session.takes_commands() {
        let out = session.end();
        print_output(&stdout, &out);
        status = out.exit_code;
    }
    if let Some(dir) = &options.export_dir {
        if let Err(e) = export_dir(session.playground.cluster(), dir) {
            eprintln!("kplay-cli: --export-dir: {e}");
            std::process::exit(2);
        }
    }
    std::process::exit(status);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sleep_runs_the_periodic_work_and_lands_on_the_target() {
        let mut s = Session::new(1, 0, VersionProfile::Kafka4x, 1, &[]);
        assert!(matches!(s.run("sleep 40s"), Outcome::Output(o) if o.exit_code == 0));
        assert_eq!(s.now_ms, 40_000);
        assert!(s.playground.poll_timeout().is_some_and(|t| t > 40_000));
        assert_eq!(s.playground.cluster().now_ms(), 40_000);
    }

    #[test]
    fn options() {
        let o = parse_options(&[
            "--seed".into(),
            "7".into(),
            "--import-dir".into(),
            "/d".into(),
            "x.kplay".into(),
        ])
        .ok()
        .unwrap();
        assert_eq!((o.seed, o.script.as_deref()), (7, Some("x.kplay")));
        assert_eq!(o.import_dir, Some(PathBuf::from("/d")));
        assert!(parse_options(&["--seed".into()]).is_err());
        assert!(parse_options(&["--nope".into()]).is_err());
        assert_eq!(
            parse_options(&["--profile".into(), "2.5".into()])
                .ok()
                .unwrap()
                .profile,
            VersionProfile::Kafka2_5
        );
        assert!(parse_options(&["--profile".into(), "3.0".into()]).is_err());
        assert_eq!(
            parse_options(&["--brokers".into(), "5".into()])
                .unwrap()
                .brokers,
            5
        );
        assert!(parse_options(&["--brokers".into(), "10".into()]).is_err());
    }
}
