//! The files Kafka's tools read (`kafka-delete-records --offset-json-file`), for a terminal
//! that has no file system.
//!
//! In the browser the only files are those the learner writes with the playground command
//! `write-file` ([`Vfs`], a small in-memory map from path to text). The native `kplay-cli`
//! also reads real files: it passes a [`HostFiles`] capability in from `src/bin/`, so this
//! library never touches the host's file system itself. A path is looked up in the [`Vfs`]
//! first, then on the host.

use std::collections::BTreeMap;

/// At most this many files in the virtual file system.
pub const MAX_FILES: usize = 64;
/// At most this many bytes per file (an offset JSON for thousands of partitions fits).
pub const MAX_FILE_BYTES: usize = 256 * 1024;

/// Why a file could not be read, as the Java exception a Kafka tool would have met.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// `java.nio.file.NoSuchFileException: <path>` (what `Files.readAllBytes` throws).
    #[error("java.nio.file.NoSuchFileException: {0}")]
    NotFound(String),
    /// Any other I/O failure, with the host's message.
    #[error("java.io.IOException: {0}")]
    Io(String),
}

/// Why the virtual file system refused a write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VfsError {
    #[error("the playground holds at most {MAX_FILES} files; this one would be one more")]
    TooManyFiles,
    #[error("a playground file holds at most {MAX_FILE_BYTES} bytes; this one has {0}")]
    TooLarge(usize),
    #[error("a file needs a path")]
    EmptyPath,
}

/// Reads files of the machine the CLI runs on (the native binary's capability).
pub trait HostFiles {
    fn read(&self, path: &str) -> Result<Vec<u8>, FileError>;
}

/// The terminal's own files: path → contents, bounded by [`MAX_FILES`] and [`MAX_FILE_BYTES`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vfs {
    files: BTreeMap<String, String>,
}

impl Vfs {
    /// Writes (or replaces) `path`.
    pub fn write(&mut self, path: &str, contents: String) -> Result<(), VfsError> {
        if path.is_empty() {
            return Err(VfsError::EmptyPath);
        }
        if contents.len() > MAX_FILE_BYTES {
            return Err(VfsError::TooLarge(contents.len()));
        }
        if !self.files.contains_key(path) && self.files.len() >= MAX_FILES {
            return Err(VfsError::TooManyFiles);
        }
        self.files.insert(path.to_owned(), contents);
        Ok(())
    }

    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// Paths in order, with sizes.
    pub fn list(&self) -> impl Iterator<Item = (&str, usize)> {
        self.files.iter().map(|(p, c)| (p.as_str(), c.len()))
    }
}

/// What a tool reads through: the [`Vfs`] first, then the host's files when there are any.
#[derive(Clone, Copy)]
pub struct Files<'a> {
    pub vfs: &'a Vfs,
    pub host: Option<&'a dyn HostFiles>,
}

impl Files<'_> {
    /// The file's bytes.
    pub fn read(&self, path: &str) -> Result<Vec<u8>, FileError> {
        if let Some(text) = self.vfs.get(path) {
            return Ok(text.as_bytes().to_vec());
        }
        match self.host {
            Some(host) => host.read(path),
            None => Err(FileError::NotFound(path.to_owned())),
        }
    }

    /// `Utils.readFileAsString`: the bytes as UTF-8 (malformed sequences replaced, as Java's
    /// decoder does).
    pub fn read_to_string(&self, path: &str) -> Result<String, FileError> {
        self.read(path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct OneFile;
    impl HostFiles for OneFile {
        fn read(&self, path: &str) -> Result<Vec<u8>, FileError> {
            if path == "/etc/x" {
                Ok(b"host".to_vec())
            } else {
                Err(FileError::NotFound(path.into()))
            }
        }
    }

    #[test]
    fn vfs_first_then_host() {
        let mut vfs = Vfs::default();
        vfs.write("/etc/x", "virtual".into()).unwrap();
        vfs.write("a.json", "{}".into()).unwrap();
        let files = Files {
            vfs: &vfs,
            host: Some(&OneFile),
        };
        assert_eq!(files.read_to_string("/etc/x").unwrap(), "virtual");
        assert_eq!(
            files.read("nope").unwrap_err().to_string(),
            "java.nio.file.NoSuchFileException: nope"
        );
        let browser = Files {
            vfs: &vfs,
            host: None,
        };
        assert_eq!(browser.read_to_string("a.json").unwrap(), "{}");
        assert!(matches!(browser.read("/x"), Err(FileError::NotFound(_))));
    }

    #[test]
    fn limits_hold() {
        let mut vfs = Vfs::default();
        for i in 0..MAX_FILES {
            vfs.write(&format!("f{i}"), String::new()).unwrap();
        }
        assert_eq!(
            vfs.write("one-more", String::new()),
            Err(VfsError::TooManyFiles)
        );
        vfs.write("f0", "replacing is fine".into()).unwrap();
        assert_eq!(
            vfs.write("f1", "x".repeat(MAX_FILE_BYTES + 1)),
            Err(VfsError::TooLarge(MAX_FILE_BYTES + 1))
        );
        assert_eq!(vfs.write("", String::new()), Err(VfsError::EmptyPath));
        assert_eq!(vfs.list().count(), MAX_FILES);
    }
}
