//! `__DATE__`, `__TIME__` and `__TIMESTAMP__` text, reproducible under `SOURCE_DATE_EPOCH`.

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

/// A broken-down UTC time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub min: u32,
    pub sec: u32,
    pub weekday: usize,
}

/// Converts seconds since the Unix epoch to a UTC calendar date (proleptic Gregorian).
pub fn civil(secs: i64) -> Civil {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Shift the epoch to 0000-03-01 so that leap days fall at the end of a 400-year era.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: (rem / 3600) as u32,
        min: (rem / 60 % 60) as u32,
        sec: (rem % 60) as u32,
        weekday: days.rem_euclid(7) as usize,
    }
}

/// The instant the build is "at": `SOURCE_DATE_EPOCH` if set and valid, else now.
pub fn build_time() -> i64 {
    if let Some(v) = std::env::var_os("SOURCE_DATE_EPOCH")
        && let Some(n) = v.to_str().and_then(|s| s.trim().parse::<i64>().ok())
    {
        return n;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `"Nov 24 2026"` (day padded with a space, as C requires).
pub fn date_string(c: &Civil) -> String {
    format!(
        "\"{} {:>2} {}\"",
        MONTHS[c.month as usize - 1],
        c.day,
        c.year
    )
}

/// `"10:09:44"`.
pub fn time_string(c: &Civil) -> String {
    format!("\"{:02}:{:02}:{:02}\"", c.hour, c.min, c.sec)
}

/// `"Tue Nov 24 10:09:44 2026"`, the asctime form.
pub fn timestamp_string(c: &Civil) -> String {
    format!(
        "\"{} {} {:>2} {:02}:{:02}:{:02} {}\"",
        DAYS[c.weekday],
        MONTHS[c.month as usize - 1],
        c.day,
        c.hour,
        c.min,
        c.sec,
        c.year
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        let c = civil(0);
        assert_eq!(timestamp_string(&c), "\"Thu Jan  1 00:00:00 1970\"");
        // 2026-11-24 10:09:44 UTC
        let c = civil(1_795_514_984);
        assert_eq!(date_string(&c), "\"Nov 24 2026\"");
        assert_eq!(time_string(&c), "\"10:09:44\"");
        assert_eq!(timestamp_string(&c), "\"Tue Nov 24 10:09:44 2026\"");
        // leap day
        let c = civil(951_782_400);
        assert_eq!((c.year, c.month, c.day), (2000, 2, 29));
    }
}
