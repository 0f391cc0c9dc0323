//! Log lines as Kafka's tools print them through log4j (`config/tools-log4j2.yaml`:
//! `[%d] %p %m (%c)%n`, `%d` being `yyyy-MM-dd HH:mm:ss,SSS`), at the simulated time in UTC.

use crate::cli::playground::time_format::iso_utc;

/// `2023-11-14 22:13:20,000` for `1700000000000`.
pub fn timestamp(ms: i64) -> String {
    let iso = iso_utc(ms);
    // `YYYY-MM-DDTHH:MM:SS.mmmZ` → `YYYY-MM-DD HH:MM:SS,mmm`.
    format!("{} {},{}", &iso[..10], &iso[11..19], &iso[20..23])
}

/// One log line: `[time] LEVEL message (logger)`.
pub fn line(ms: i64, level: &str, message: &str, logger: &str) -> String {
    format!("[{}] {level} {message} ({logger})", timestamp(ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_log4j() {
        assert_eq!(
            line(1_700_000_000_123, "ERROR", "boom", "org.example.Logger"),
            "[2023-11-14 22:13:20,123] ERROR boom (org.example.Logger)"
        );
    }
}
