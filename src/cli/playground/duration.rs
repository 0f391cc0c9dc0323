//! Durations as the playground commands take them: `5000`, `5000ms`, `30s`, `5m`, `2h`, `7d`.

/// The longest single step of simulated time (30 days): each simulated cleaner period is
/// real work for the browser.
pub const MAX_DURATION_MS: i64 = 30 * 24 * 60 * 60 * 1000;

/// `5000`, `5000ms`, `5s`, `2m`, `1h`, `1d` → milliseconds, at most [`MAX_DURATION_MS`].
pub fn parse_duration_ms(text: &str) -> Result<i64, String> {
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
        .filter(|ms| *ms <= MAX_DURATION_MS)
        .ok_or_else(|| format!("at most {MAX_DURATION_MS} ms (30 days) at a time"))
}

/// `90000` → `1m30s`: the largest units first, for messages.
pub fn format_duration_ms(ms: i64) -> String {
    if ms == 0 {
        return "0ms".into();
    }
    let mut rest = ms;
    let mut out = String::new();
    for (unit, scale) in [
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1_000),
        ("ms", 1),
    ] {
        if rest >= scale {
            out.push_str(&format!("{}{unit}", rest / scale));
            rest %= scale;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_ms("250"), Ok(250));
        assert_eq!(parse_duration_ms("250ms"), Ok(250));
        assert_eq!(parse_duration_ms("2s"), Ok(2_000));
        assert_eq!(parse_duration_ms("7d"), Ok(604_800_000));
        assert!(parse_duration_ms("31d").is_err());
        assert!(parse_duration_ms("5x").is_err());
        assert!(parse_duration_ms("s").is_err());
        assert!(parse_duration_ms("99999999999999999999").is_err());
        assert_eq!(format_duration_ms(90_000), "1m30s");
        assert_eq!(format_duration_ms(604_800_000), "7d");
        assert_eq!(format_duration_ms(1_001), "1s1ms");
        assert_eq!(format_duration_ms(0), "0ms");
    }
}
