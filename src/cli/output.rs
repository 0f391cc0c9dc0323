//! [`CommandOutput`]: what a command printed, and how it exited.

/// A command's standard output and error, line by line, and its exit status, exactly as the
/// Kafka tool would print them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandOutput {
    pub stdout: Vec<String>,
    pub stderr: Vec<String>,
    pub exit_code: i32,
}

impl CommandOutput {
    pub fn out(&mut self, line: impl Into<String>) {
        self.stdout.push(line.into());
    }

    pub fn err(&mut self, line: impl Into<String>) {
        self.stderr.push(line.into());
    }

    /// A failed command: the message on stderr and exit status 1.
    pub fn failure(message: impl Into<String>) -> Self {
        CommandOutput {
            stdout: Vec::new(),
            stderr: vec![message.into()],
            exit_code: 1,
        }
    }
}
