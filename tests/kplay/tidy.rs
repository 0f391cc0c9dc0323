//! Tidy: the architecture's invariants, checked on the source text.
//!
//! - `src/engine` is sans-IO and deterministic: no browser API, no real clock, no unseeded
//!   randomness, no files, sockets or threads; it imports neither `ui`, `cli` nor a storage backend.
//! - `src/storage` knows bytes, not Kafka: it imports nothing of `engine`, `cli` or `ui`.
//! - `src/cli` runs natively too: no browser API.
//! - `src/scenario` is plain Rust on the simulated clock: no browser API, no `ui`, no real clock.
//! - every source file opens with a `//!` module doc saying what it holds.
//! - the page reaches the engine's behaviour only through `ui::engine_chunk`, the split point
//!   of the release build's wasm chunk.
//! - slices are sorted through `crate::sort`, never the standard library's sorts, whose every
//!   call site compiles its own copy of the algorithm into the page's wasm.

use std::fs;
use std::path::{Path, PathBuf};

/// Words that must not appear in code (comments are ignored) under a directory.
struct Rule {
    dir: &'static str,
    forbidden: &'static [&'static str],
    why: &'static str,
}

const RULES: &[Rule] = &[
    Rule {
        dir: "src/engine",
        forbidden: &[
            "web_sys",
            "js_sys",
            "wasm_bindgen",
            "gloo",
            "yew",
            "indexed_db_futures",
        ],
        why: "the engine is sans-IO: only ui/ and storage/ touch the browser",
    },
    Rule {
        dir: "src/engine",
        forbidden: &[
            "std::time",
            "Instant",
            "SystemTime",
            "Date::now",
            "performance()",
        ],
        why: "the engine's clock is the simulated `now_ms` passed in",
    },
    Rule {
        dir: "src/engine",
        forbidden: &["thread_rng", "rand::", "getrandom", "RandomState", "OsRng"],
        why: "the engine's randomness comes from its seeded Rng",
    },
    Rule {
        dir: "src/engine",
        forbidden: &[
            "std::fs",
            "std::net",
            "std::thread",
            "std::env",
            "std::process",
            "println!",
            "eprintln!",
        ],
        why: "the engine does no I/O",
    },
    Rule {
        dir: "src/engine",
        forbidden: &[
            "crate::ui",
            "crate::cli",
            "storage::memory",
            "storage::indexed_db",
        ],
        why: "the engine depends on the storage trait only, and on nothing above it",
    },
    Rule {
        dir: "src/storage",
        forbidden: &["crate::engine", "crate::cli", "crate::ui"],
        why: "storage knows bytes, not Kafka",
    },
    Rule {
        dir: "src/cli",
        forbidden: &[
            "web_sys",
            "js_sys",
            "wasm_bindgen",
            "gloo",
            "yew",
            "crate::ui",
        ],
        why: "the CLI runs natively as well as in the browser terminal",
    },
    Rule {
        dir: "src/scenario",
        forbidden: &[
            "web_sys",
            "js_sys",
            "wasm_bindgen",
            "gloo",
            "yew",
            "indexed_db_futures",
            "crate::ui",
            "std::time",
            "Date::now",
        ],
        why: "a scenario is plain Rust on the simulated clock, replayed natively and in the browser",
    },
    Rule {
        dir: "src/cli",
        forbidden: &["std::fs", "std::env", "std::process", "File::open"],
        why: "the CLI library reads files only through the capability src/bin/ passes in (the browser has none)",
    },
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file with `//` comments (doc comments included) removed, line by line.
/// Strings keep their content: a forbidden word in a string literal is still suspicious.
fn code_lines(source: &str) -> impl Iterator<Item = (usize, &str)> {
    source.lines().enumerate().map(|(i, line)| {
        let code = match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        (i + 1, code)
    })
}

/// The violations of `rule` in one file's source, as `line: word`.
fn violations(rule: &Rule, source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, code) in code_lines(source) {
        for word in rule.forbidden {
            if code.contains(word) {
                found.push(format!("{n}: `{word}`"));
            }
        }
    }
    found
}

/// The violations of `rule` in every file under its directory but `except`, each file's
/// source cut to the part `checked` returns, as `path:line: word (why)`.
fn violations_except(rule: &Rule, except: &str, checked: fn(&str) -> &str) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&root().join(rule.dir), &mut files);
    files
        .iter()
        .filter(|f| !f.ends_with(except))
        .flat_map(|f| {
            let source = fs::read_to_string(f).unwrap();
            violations(rule, checked(&source))
                .into_iter()
                .map(move |v| format!("{}:{v} ({})", f.display(), rule.why))
        })
        .collect()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn layers_keep_their_invariants() {
    let mut problems = Vec::new();
    for rule in RULES {
        let mut files = Vec::new();
        rust_files(&root().join(rule.dir), &mut files);
        assert!(!files.is_empty(), "{} has no Rust files", rule.dir);
        for file in files {
            let source = fs::read_to_string(&file).unwrap();
            for v in violations(rule, &source) {
                problems.push(format!("{}:{v} ({})", file.display(), rule.why));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "architecture invariants broken:\n{}",
        problems.join("\n")
    );
}

/// The engine's behaviour as the page could reach it around `ui::engine_chunk`: a call there
/// still works, but compiles the code it reaches into the main module the first render waits
/// for (`wasm-split-cli` keeps in the main module whatever the main module reaches).
const ENGINE_BEHAVIOUR: &[&str] = &[
    "scenario::apply(",
    "scenario::pass_time(",
    "scenario::{apply",
    "replay::replay",
    "archive::export_on",
    "archive::verify_on",
    "archive::export(",
    "archive::verify(",
    "stored_segments::check_stored",
    "cli::run_tool",
    "cli::run_line",
    "playground.pass_time",
    "playground.handle",
    "cluster_mut()",
];

#[test]
fn the_page_reaches_the_engines_behaviour_only_through_engine_chunk() {
    let rule = Rule {
        dir: "src/ui",
        forbidden: ENGINE_BEHAVIOUR,
        why: "go through ui::engine_chunk, the split point of the engine's wasm chunk",
    };
    // A file's unit tests drive an engine on purpose; they are not in the page.
    let problems = violations_except(&rule, "src/ui/engine_chunk.rs", |source| {
        source.split("#[cfg(test)]").next().unwrap_or_default()
    });
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        violations(
            &rule,
            "let out = crate::scenario::pass_time(&mut pg, &mut sh, 5);\nengine_chunk::pass_time(&mut pg, &mut sh, 5);"
        ),
        ["1: `scenario::pass_time(`"]
    );
}

/// The standard library's slice sorts, each of which instantiates driftsort or ipnsort anew.
const SLICE_SORTS: &[&str] = &[
    ".sort()",
    ".sort_by(",
    ".sort_by_key(",
    ".sort_by_cached_key(",
    ".sort_unstable()",
    ".sort_unstable_by(",
    ".sort_unstable_by_key(",
];

#[test]
fn slices_are_sorted_by_the_one_shared_sort() {
    let rule = Rule {
        dir: "src",
        forbidden: SLICE_SORTS,
        why: "use crate::sort, compiled once (see src/sort.rs)",
    };
    let problems = violations_except(&rule, "src/sort.rs", |source| source);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let sorted = Rule {
        dir: "src",
        forbidden: SLICE_SORTS,
        why: "",
    };
    assert_eq!(
        violations(
            &sorted,
            "names.sort_unstable();\ncrate::sort::sort(&mut names);"
        ),
        ["1: `.sort_unstable()`"]
    );
}

#[test]
fn every_source_file_has_a_module_doc() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("tests"), &mut files);
    let missing: Vec<_> = files
        .iter()
        .filter(|f| {
            let source = fs::read_to_string(f).unwrap();
            !source
                .lines()
                .find(|l| !l.trim().is_empty() && !l.starts_with("#!["))
                .is_some_and(|l| l.starts_with("//!"))
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a `//!` module doc:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_checker_catches_what_it_should_and_ignores_comments() {
    let clock = &RULES[1];
    assert_eq!(
        violations(clock, "let t = std::time::Instant::now();"),
        ["1: `std::time`", "1: `Instant`"]
    );
    assert!(violations(
        clock,
        "/// no `Instant` here, only the simulated clock\nlet now_ms = 5;"
    )
    .is_empty());
    assert_eq!(
        violations(&RULES[0], "use web_sys::Window; // browser"),
        ["1: `web_sys`"]
    );
}
