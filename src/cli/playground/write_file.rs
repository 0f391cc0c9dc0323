//! `write-file <path> [<<MARKER]`: a file for a tool to read (`kafka-delete-records
//! --offset-json-file`), made of the lines that follow, up to a line `EOF` (or `MARKER`), like a
//! shell here-document. The browser terminal has no other files; the native binary reads real
//! ones too, but a written file wins over a real one of the same path.

use super::{Command, Outcome};
use crate::cli::output::CommandOutput;

pub const COMMAND: Command = Command {
    name: "write-file",
    args: "<path> [<<MARKER]",
    summary: "write the following lines, up to a line EOF (or MARKER), into a playground file",
};

/// The end marker when none is given.
pub const DEFAULT_MARKER: &str = "EOF";

pub fn run(args: &[String]) -> Outcome {
    let (path, marker) = match args {
        [path] => (path, DEFAULT_MARKER.to_string()),
        [path, marker] if marker.starts_with("<<") && marker.len() > 2 => {
            (path, marker[2..].to_string())
        }
        [path, here, marker] if here == "<<" => (path, marker.clone()),
        _ => return Outcome::Output(super::usage(
            &COMMAND,
            "needs a path, and optionally <<MARKER (the line that ends the file; EOF by default)",
        )),
    };
    if path.is_empty() {
        return Outcome::Output(CommandOutput::failure("write-file: a file needs a path"));
    }
    Outcome::CollectFile {
        path: path.clone(),
        marker,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        let collect =
            |words: &[&str]| run(&words.iter().map(|w| w.to_string()).collect::<Vec<_>>());
        assert_eq!(
            collect(&["a.json"]),
            Outcome::CollectFile {
                path: "a.json".into(),
                marker: "EOF".into()
            }
        );
        assert_eq!(
            collect(&["a.json", "<<END"]),
            Outcome::CollectFile {
                path: "a.json".into(),
                marker: "END".into()
            }
        );
        assert_eq!(
            collect(&["a.json", "<<", "X"]),
            Outcome::CollectFile {
                path: "a.json".into(),
                marker: "X".into()
            }
        );
        assert!(matches!(collect(&[]), Outcome::Output(o) if o.exit_code == 2));
        assert!(matches!(collect(&["a", "b"]), Outcome::Output(o) if o.exit_code == 2));
    }
}
