//! `kplay-cli`: Kafka's command-line tools against one in-memory kplay cluster, natively.
//!
//! ```text
//! kplay-cli [--seed N] [--start-ms MS] [--echo] [SCRIPT]
//! ```
//!
//! Reads commands line by line from `SCRIPT`, or from standard input (with a `kplay> ` prompt
//! when that is a terminal), and runs each against the same cluster, printing the tool's
//! stdout and stderr. Blank lines and lines starting with `#` are skipped. `--echo` prints each
//! command as `$ <command>` before its output, for transcripts.
//!
//! The cluster is `Cluster::new(ClusterConfig::with_seed(seed), MemoryStorage::new(), start_ms)`
//! with `seed` 42 and `start_ms` 1700000000000 (2023-11-14T22:13:20Z) unless given, so a script
//! prints the same topic ids and placements every run.
//!
//! Simulated time only moves with the `sleep` builtin: `sleep 5000` (milliseconds; `s`, `m`,
//! `h`, `d` suffixes accepted) advances the clock, running the broker's periodic work
//! (retention checks, the log cleaner) at each moment `Cluster::poll_timeout` names, as a
//! broker would have while the time passed. Other builtins: `help`, `exit`.
//!
//! The exit status is the last command's, as a shell script without `set -e` would give.

use std::io::{BufRead, IsTerminal, Write};

use kplay::cli::{self, CommandOutput};
use kplay::engine::cluster::{Cluster, ClusterConfig};
use kplay::storage::memory::MemoryStorage;

const DEFAULT_SEED: u64 = 42;
const DEFAULT_START_MS: i64 = 1_700_000_000_000;
/// The longest single `sleep` (30 days): each simulated cleaner period is real work.
const MAX_SLEEP_MS: i64 = 30 * 24 * 60 * 60 * 1000;

const USAGE: &str = "usage: kplay-cli [--seed N] [--start-ms MS] [--echo] [SCRIPT]";

struct Options {
    seed: u64,
    start_ms: i64,
    echo: bool,
    script: Option<String>,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        seed: DEFAULT_SEED,
        start_ms: DEFAULT_START_MS,
        echo: false,
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
            "--echo" => options.echo = true,
            "--help" | "-h" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s if options.script.is_none() => options.script = Some(s.to_string()),
            s => return Err(format!("only one script may be given, not also {s}")),
        }
    }
    Ok(options)
}

/// One playground: the cluster and the simulated clock.
struct Session {
    cluster: Cluster<MemoryStorage>,
    now_ms: i64,
}

impl Session {
    fn new(seed: u64, start_ms: i64) -> Session {
        Session {
            cluster: Cluster::new(
                ClusterConfig::with_seed(seed),
                MemoryStorage::new(),
                start_ms,
            ),
            now_ms: start_ms,
        }
    }

    /// Runs one line: a builtin, or a Kafka tool through [`cli::run_line`].
    fn run(&mut self, line: &str) -> Outcome {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["exit" | "quit"] => Outcome::Exit,
            ["help"] => Outcome::Output(help()),
            ["sleep", duration] => Outcome::Output(match parse_duration_ms(duration) {
                Ok(ms) => {
                    self.sleep(ms);
                    CommandOutput::default()
                }
                Err(e) => CommandOutput::failure(format!("sleep: {e}")),
            }),
            ["sleep", ..] => Outcome::Output(CommandOutput::failure(
                "usage: sleep <milliseconds>[s|m|h|d]",
            )),
            _ => Outcome::Output(cli::run_line(&mut self.cluster, line, self.now_ms)),
        }
    }

    /// Advances the clock by `ms`, running the periodic work due on the way.
    fn sleep(&mut self, ms: i64) {
        let target = self.now_ms + ms;
        while let Some(due_ms) = self.cluster.poll_timeout() {
            if due_ms > target {
                break;
            }
            self.now_ms = self.now_ms.max(due_ms);
            self.cluster.handle_timeout(self.now_ms);
        }
        self.now_ms = target;
        self.cluster.handle_timeout(target);
    }
}

enum Outcome {
    Output(CommandOutput),
    Exit,
}

/// `5000`, `5000ms`, `5s`, `2m`, `1h`, `1d` → milliseconds, at most [`MAX_SLEEP_MS`].
fn parse_duration_ms(text: &str) -> Result<i64, String> {
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(digits_end);
    let scale: i64 = match unit {
        "" | "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(format!("unknown unit in {text} (use ms, s, m, h or d)")),
    };
    let n: i64 = digits
        .parse()
        .map_err(|_| format!("not a duration: {text}"))?;
    n.checked_mul(scale)
        .filter(|ms| *ms <= MAX_SLEEP_MS)
        .ok_or_else(|| format!("at most {MAX_SLEEP_MS} ms (30 days) at a time"))
}

fn help() -> CommandOutput {
    let mut out = CommandOutput::default();
    out.out("kplay-cli runs Kafka's tools against one simulated cluster:");
    for tool in cli::TOOLS {
        out.out(format!("  {tool}.sh --help"));
    }
    out.out("builtins:");
    out.out(
        "  sleep <ms>[s|m|h|d]   advance simulated time, running retention and the log cleaner",
    );
    out.out("  help                  this text");
    out.out("  exit                  leave");
    out
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
    let mut session = Session::new(options.seed, options.start_ms);
    let mut status = 0;
    let stdout = std::io::stdout();
    let prompt = || {
        if interactive {
            print!("kplay> ");
            let _ = std::io::stdout().flush();
        }
    };
    prompt();
    for line in input.lines() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("kplay-cli: reading input: {e}");
                std::process::exit(2);
            }
        };
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            prompt();
            continue;
        }
        if options.echo {
            println!("$ {trimmed}");
        }
        match session.run(trimmed) {
            Outcome::Exit => break,
            Outcome::Output(out) => {
                // Each stream keeps its own order; stdout is flushed first so that a terminal
                // shows a command's output before its errors, as Kafka's tools usually do.
                let mut lock = stdout.lock();
                for l in &out.stdout {
                    let _ = writeln!(lock, "{l}");
                }
                let _ = lock.flush();
                drop(lock);
                for l in &out.stderr {
                    eprintln!("{l}");
                }
                status = out.exit_code;
            }
        }
        prompt();
    }
    std::process::exit(status);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_ms("250"), Ok(250));
        assert_eq!(parse_duration_ms("250ms"), Ok(250));
        assert_eq!(parse_duration_ms("2s"), Ok(2_000));
        assert_eq!(parse_duration_ms("1d"), Ok(86_400_000));
        assert!(parse_duration_ms("31d").is_err());
        assert!(parse_duration_ms("5x").is_err());
        assert!(parse_duration_ms("s").is_err());
    }

    #[test]
    fn sleep_runs_the_periodic_work_and_lands_on_the_target() {
        let mut s = Session::new(1, 0);
        s.sleep(40_000);
        assert_eq!(s.now_ms, 40_000);
        assert!(s.cluster.poll_timeout().is_some_and(|t| t > 40_000));
        assert_eq!(s.cluster.now_ms(), 40_000);
    }

    #[test]
    fn options() {
        let o = parse_options(&["--seed".into(), "7".into(), "x.kplay".into()])
            .ok()
            .unwrap();
        assert_eq!((o.seed, o.script.as_deref()), (7, Some("x.kplay")));
        assert!(parse_options(&["--seed".into()]).is_err());
        assert!(parse_options(&["--nope".into()]).is_err());
    }
}
