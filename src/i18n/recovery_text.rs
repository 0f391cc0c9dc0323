//! What checking the stored segment files on load found (`scenario::stored_segments`), as
//! sentences in Korean and English side by side, and the header's durability line: what is
//! only in memory and what is on disk.

use crate::i18n::Lang;
use crate::scenario::stored_segments::{ReplayComparison, SegmentDamage, StoredCheck};
use crate::storage::SegmentFile;
use crate::ui::format::format_bytes;

fn pick(lang: Lang, ko: String, en: String) -> String {
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

fn names(files: &[SegmentFile]) -> String {
    let names: Vec<String> = files.iter().map(|f| f.key()).collect();
    names.join(", ")
}

/// One damaged segment: where it was cut (or that it was deleted) and what was dropped.
/// `rebuilt`: the replay is known to hold what was dropped (the snapshot was comparable).
pub fn damage_line(lang: Lang, d: &SegmentDamage, rebuilt: bool) -> String {
    let (name, tp, broker) = (d.file.file_name(), d.file.dir_name(), d.file.broker);
    let (batches, bytes) = (d.dropped_batches, d.dropped_bytes);
    let (what_ko, what_en) = match d.cut_at_bytes {
        Some(at) => (format!("{at} 바이트에서 잘림"), format!("cut at byte {at}")),
        None => (
            "앞 segment가 손상되어 통째로 삭제됨".to_owned(),
            "deleted whole after a damaged segment before it".to_owned(),
        ),
    };
    let (tail_ko, tail_en) = if rebuilt {
        (
            "journal 재실행이 다시 만들었습니다",
            "the journal replay rebuilt them",
        )
    } else {
        (
            "playground는 이 파일이 아니라 journal 재실행으로 복원되었습니다",
            "the playground was restored by replaying its journal, not from these files",
        )
    };
    pick(
        lang,
        format!("{tp} (broker {broker})의 segment {name}: {what_ko}, batch {batches}개 ({bytes} 바이트) 버림; {tail_ko}"),
        format!("segment {name} of {tp} on broker {broker}: {what_en}, {batches} batches ({bytes} bytes) dropped; {tail_en}"),
    )
}

/// Everything the check found, one line each; the first line sums it up.
pub fn check_lines(lang: Lang, check: &StoredCheck) -> Vec<String> {
    let (segments, batches, replicas) = (check.segments, check.batches, check.replicas);
    let verdict = if check.is_clean() {
        ("이상 없음", "all valid")
    } else {
        ("문제 발견", "problems found")
    };
    let mut lines = vec![pick(
        lang,
        format!("저장된 segment 검사 (Kafka log recovery: CRC-32C, offset 순서, index): replica {replicas}개, segment {segments}개, batch {batches}개 — {}", verdict.0),
        format!("Stored segments checked (Kafka's log recovery: CRC-32C, offset order, indexes): {replicas} replicas, {segments} segments, {batches} batches — {}", verdict.1),
    )];
    let compared = matches!(check.replay, ReplayComparison::Compared { .. });
    lines.extend(check.damage.iter().map(|d| damage_line(lang, d, compared)));
    if !check.indexes_rebuilt.is_empty() {
        let files = names(&check.indexes_rebuilt);
        lines.push(pick(
            lang,
            format!("다시 만든 index: {files}"),
            format!("indexes rebuilt: {files}"),
        ));
    }
    for (file, error) in &check.failures {
        let tp = file.dir_name();
        let broker = file.broker;
        lines.push(pick(
            lang,
            format!("{tp} (broker {broker})를 복구할 수 없음: {error}"),
            format!("{tp} on broker {broker} could not be recovered: {error}"),
        ));
    }
    match &check.replay {
        ReplayComparison::Compared {
            differing,
            missing,
            extra,
        } => {
            let lists = [
                (differing, "내용이 다른 파일", "files that differ"),
                (missing, "저장되지 않은 파일", "files not stored"),
                (extra, "재실행에 없는 파일", "files the replay does not have"),
            ];
            for (files, ko, en) in lists {
                if !files.is_empty() {
                    let files = names(files);
                    lines.push(pick(
                        lang,
                        format!("journal 재실행과 비교: {ko}: {files} (재실행의 것을 씁니다)"),
                        format!("Compared with the journal replay: {en}: {files} (the replay's are kept)"),
                    ));
                }
            }
        }
        ReplayComparison::NotComparable => lines.push(pick(
            lang,
            "저장된 segment는 journal의 끝과 다른 시점의 것이라 재실행과 비교하지 않았습니다".to_owned(),
            "The stored segments are from another moment than the journal's end: not compared with the replay".to_owned(),
        )),
    }
    lines
}

/// What a reload would lose and what it would not: the header's durability line.
///
/// Kafka splits an appended record from a flushed one: `LogSegment.append` writes into the
/// page cache and `LogSegment.flush` (every `flush.messages` records or `flush.ms`) forces it
/// to disk. The playground's memory is the page cache and IndexedDB the disk: `memory_*` is
/// what was appended (and acknowledged to producers) but not flushed, `disk_*` what the last
/// flush wrote. The journal is what a reload replays, so its unflushed entries are what a
/// reload would actually lose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Durability {
    /// Segment files changed since the last flush, and their bytes (a flush writes whole files).
    pub memory_files: usize,
    pub memory_bytes: u64,
    /// Journal inputs not flushed yet.
    pub journal_pending: usize,
    /// Segment files and bytes stored by the last flush.
    pub disk_files: usize,
    pub disk_bytes: u64,
}

/// The durability line in `lang`.
pub fn durability_line(lang: Lang, d: &Durability) -> String {
    let (mf, mb, jp) = (
        d.memory_files,
        format_bytes(d.memory_bytes),
        d.journal_pending,
    );
    let (df, db) = (d.disk_files, format_bytes(d.disk_bytes));
    pick(
        lang,
        format!("메모리에만: 파일 {mf}개 ({mb}), journal 입력 {jp}개 · 디스크(IndexedDB): 파일 {df}개 ({db})"),
        format!("In memory only: {mf} files ({mb}), {jp} journal inputs · on disk (IndexedDB): {df} files ({db})"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::FileKind;

    fn damage(cut_at_bytes: Option<u64>) -> SegmentDamage {
        SegmentDamage {
            file: SegmentFile::on_broker(2, "orders", 1, 40, FileKind::Log),
            cut_at_bytes,
            dropped_bytes: 812,
            dropped_batches: 3,
        }
    }

    #[test]
    fn a_cut_segment_is_named_with_what_was_dropped() {
        assert_eq!(
            damage_line(Lang::En, &damage(Some(1234)), true),
            "segment 00000000000000000040.log of orders-1 on broker 2: cut at byte 1234, 3 batches (812 bytes) dropped; the journal replay rebuilt them"
        );
        assert_eq!(
            damage_line(Lang::Ko, &damage(Some(1234)), true),
            "orders-1 (broker 2)의 segment 00000000000000000040.log: 1234 바이트에서 잘림, batch 3개 (812 바이트) 버림; journal 재실행이 다시 만들었습니다"
        );
        let deleted = damage_line(Lang::En, &damage(None), false);
        assert!(deleted.contains("deleted whole"), "{deleted}");
        assert!(deleted.ends_with("not from these files"), "{deleted}");
    }

    #[test]
    fn the_check_sums_up_first_then_names_each_problem() {
        let mut check = StoredCheck {
            replicas: 4,
            segments: 9,
            batches: 120,
            stored_bytes: 50_000,
            damage: Vec::new(),
            indexes_rebuilt: Vec::new(),
            failures: Vec::new(),
            replay: ReplayComparison::Compared {
                differing: Vec::new(),
                missing: Vec::new(),
                extra: Vec::new(),
            },
        };
        let lines = check_lines(Lang::En, &check);
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0].ends_with("4 replicas, 9 segments, 120 batches — all valid"),
            "{}",
            lines[0]
        );

        check.damage.push(damage(Some(1234)));
        check.replay = ReplayComparison::Compared {
            differing: vec![SegmentFile::new("t", 0, 0, FileKind::Index)],
            missing: Vec::new(),
            extra: Vec::new(),
        };
        let lines = check_lines(Lang::En, &check);
        assert!(lines[0].ends_with("problems found"));
        assert!(lines[1].contains("cut at byte 1234"));
        assert_eq!(
            lines[2],
            "Compared with the journal replay: files that differ: t-0/00000000000000000000.index (the replay's are kept)"
        );
        let ko = check_lines(Lang::Ko, &check);
        assert_eq!(ko.len(), 3);
        assert!(ko[2].contains("내용이 다른 파일"));

        check.replay = ReplayComparison::NotComparable;
        let lines = check_lines(Lang::En, &check);
        assert!(lines[1].ends_with("not from these files"), "{}", lines[1]);
        assert!(lines[2].contains("another moment"));
    }

    #[test]
    fn the_durability_line_splits_memory_from_disk() {
        let d = Durability {
            memory_files: 2,
            memory_bytes: 3 * 1024 * 1024 / 2,
            journal_pending: 4,
            disk_files: 12,
            disk_bytes: 800,
        };
        assert_eq!(
            durability_line(Lang::En, &d),
            "In memory only: 2 files (1.5 MiB), 4 journal inputs · on disk (IndexedDB): 12 files (800 B)"
        );
        assert_eq!(
            durability_line(Lang::Ko, &d),
            "메모리에만: 파일 2개 (1.5 MiB), journal 입력 4개 · 디스크(IndexedDB): 파일 12개 (800 B)"
        );
    }
}
