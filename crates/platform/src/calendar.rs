//! The calendar file kept up to date in a folder the user picked (Settings → calendar folder),
//! for calendar apps that subscribe to a local file.

use std::path::PathBuf;

use chrono::NaiveDate;
use pdesk_core::desk::CALENDAR_FILE;

/// Rewrites the calendar file on `today` when a folder is set and the calendar changed.
/// Returns the file's path when one is kept. The new file replaces the old one in a single
/// rename, so a calendar app never reads half a file.
pub fn keep(desk: &pdesk_core::Desk, today: NaiveDate) -> Result<Option<PathBuf>, String> {
    let Some(dir) = desk.settings().map_err(|e| e.to_string())?.calendar_dir else {
        return Ok(None);
    };
    let path = PathBuf::from(&dir).join(CALENDAR_FILE);
    let ics = desk.calendar(today, None).map_err(|e| e.to_string())?;
    if std::fs::read(&path).is_ok_and(|old| old == ics.as_bytes()) {
        return Ok(Some(path));
    }
    let tmp = path.with_extension("ics.tmp");
    std::fs::write(&tmp, ics.as_bytes())
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!(
                "the calendar file {} cannot be written: {e}; choose another calendar folder in Settings",
                path.display()
            )
        })?;
    Ok(Some(path))
}
