//! What earlier runs of `check --external` learned of each URL, and when:
//! one JSON file in the output folder's sidecar
//! (`.output.stepwise/external-links.json`), so that a second run within
//! `--external-max-age` asks nothing. A missing or damaged file is an
//! empty cache; a failed write is ignored (the next run asks again).

use super::verdict::Outcome;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Names the file's format, so that a later version can tell it.
const FORMAT: &str = "stepwise external links 1";

/// One URL's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Entry {
    /// When it was asked, in seconds since 1970.
    pub(super) checked: u64,
    pub(super) outcome: Outcome,
}

impl Entry {
    pub(super) fn new(now: SystemTime, outcome: Outcome) -> Entry {
        Entry {
            checked: secs(now),
            outcome,
        }
    }

    /// Whether it is younger than `max_age` at `now`. An entry from the
    /// future (a clock set back) is not trusted.
    pub(super) fn fresh(&self, now: SystemTime, max_age: Duration) -> bool {
        let now = secs(now);
        self.checked <= now && now - self.checked < max_age.as_secs()
    }
}

fn secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[derive(Serialize, Deserialize)]
struct File {
    format: String,
    links: HashMap<String, Entry>,
}

/// The results kept at `path` (none when it is missing or unreadable).
pub(super) fn load(path: &Path) -> HashMap<String, Entry> {
    std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<File>(&bytes).ok())
        .filter(|f| f.format == FORMAT)
        .map(|f| f.links)
        .unwrap_or_default()
}

/// Keeps `links` at `path` (written to a temporary file, then renamed, so
/// a reader sees the old file or the new one). Sorted, so the same results
/// make the same file.
pub(super) fn save(path: &Path, links: &HashMap<String, Entry>) {
    let sorted: std::collections::BTreeMap<&String, &Entry> = links.iter().collect();
    let text = serde_json::json!({ "format": FORMAT, "links": sorted });
    let Ok(bytes) = serde_json::to_vec_pretty(&text) else {
        return;
    };
    let Some(dir) = path.parent() else {
        return;
    };
    let _ = std::fs::create_dir_all(dir);
    let tmp = path.with_extension("json.tmp");
    if std::fs::write(&tmp, bytes).is_ok() {
        let _ = std::fs::rename(&tmp, path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_it_saved_and_forgets_what_is_old() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("external-links.json");
        assert!(load(&path).is_empty());
        let now = SystemTime::now();
        let entry = Entry::new(now, Outcome::Fine { status: 200 });
        let links = HashMap::from([("https://a.org/".to_string(), entry.clone())]);
        save(&path, &links);
        assert_eq!(load(&path), links);
        let day = Duration::from_secs(86_400);
        assert!(entry.fresh(now, day));
        assert!(!entry.fresh(now + day, day));
        assert!(!entry.fresh(now, Duration::ZERO));
        std::fs::write(&path, "{ damaged").expect("write");
        assert!(load(&path).is_empty());
    }
}
