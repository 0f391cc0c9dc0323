//! `help`: what the terminal understands — Kafka's tools, then kplay's playground commands.

use super::{Command, COMMANDS};
use crate::cli::output::CommandOutput;
use crate::cli::vfs::{Vfs, MAX_FILES};
use crate::cli::TOOLS;

pub const COMMAND: Command = Command {
    name: "help",
    args: "",
    summary: "list Kafka's tools and kplay's playground commands",
};

pub fn run(args: &[String], vfs: &Vfs) -> CommandOutput {
    if !args.is_empty() {
        return super::usage(&COMMAND, "takes no arguments (try `<tool>.sh --help`)");
    }
    let mut out = CommandOutput::default();
    out.out("Kafka's tools (run one with --help for its options; any --bootstrap-server works):");
    for tool in TOOLS {
        out.out(format!("  {tool}.sh"));
    }
    out.out("kplay playground commands (kplay's own, not part of Kafka):");
    let width = COMMANDS
        .iter()
        .map(|c| c.name.len() + 1 + c.args.len())
        .max()
        .unwrap_or(0);
    for c in COMMANDS {
        let usage = if c.args.is_empty() {
            c.name.to_string()
        } else {
            format!("{} {}", c.name, c.args)
        };
        out.out(format!("  {usage:<width$}  {}", c.summary));
    }
    let files: Vec<String> = vfs
        .list()
        .map(|(p, n)| format!("{p} ({n} bytes)"))
        .collect();
    if !files.is_empty() {
        out.out(format!(
            "playground files ({} of at most {MAX_FILES}): {}",
            files.len(),
            files.join(", ")
        ));
    }
    out
}
