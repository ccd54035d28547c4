//! LiveVox's per-tenant settings: `time_zone`, the IANA name of the client's configured time
//! zone (default `"UTC"`), which decides when a Daily DND ends: at the next local midnight
//! (docs/fidelity.md, LiveVox: sessions and roles). Names are looked up in the IANA time zone
//! database embedded in the binary (jiff's bundled copy), not the host's `/usr/share/zoneinfo`,
//! so a zone means the same on every machine, including ones without a zoneinfo directory.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use jiff::tz::{TimeZone, TimeZoneDatabase};
use serde_json::{Map, Value, json};

use super::NAME;
use super::error::Result;
use crate::core::TenantId;
use crate::core::Tx;
use crate::core::sql::totals;

/// The setting's key and default.
pub const TIME_ZONE: &str = "time_zone";
pub const DEFAULT_TIME_ZONE: &str = "UTC";

/// The embedded time zone database.
static ZONES: LazyLock<TimeZoneDatabase> = LazyLock::new(TimeZoneDatabase::bundled);

/// What a new tenant starts with.
pub fn defaults() -> Map<String, Value> {
    match json!({ TIME_ZONE: DEFAULT_TIME_ZONE }) {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The rule on a changed set: `time_zone` must name an IANA time zone.
pub fn check(settings: &Map<String, Value>) -> std::result::Result<(), String> {
    match settings.get(TIME_ZONE) {
        Some(Value::String(name)) if zone(name).is_some() => Ok(()),
        Some(other) => Err(format!("{TIME_ZONE}: {other} is not an IANA time zone name (such as \"America/New_York\")")),
        None => Ok(()),
    }
}

/// The zone an IANA name (in any ASCII case) names.
pub fn zone(name: &str) -> Option<TimeZone> {
    ZONES.get(name.trim()).ok().filter(|_| !name.trim().is_empty())
}

/// The tenant's time zone (UTC when the setting names none). Every read of a contact asks for
/// it (a DND's day), so it is kept until the next commit (`core::sql::totals::kept`): reading
/// the settings and looking the zone up took a fourteenth of a contact's GET.
pub fn time_zone(tx: &Tx, tenant: &TenantId) -> Result<TimeZone> {
    let key = || totals::key(&["core_settings", tenant.as_str(), NAME, TIME_ZONE], &[]);
    let kept = totals::kept(tx, key, || {
        let settings = crate::core::settings::get(tx, tenant, NAME)?;
        Ok(settings.get(TIME_ZONE).and_then(Value::as_str).and_then(zone).unwrap_or(TimeZone::UTC))
    })?;
    Ok(TimeZone::clone(&kept))
}

/// The first local midnight in `tz` after `now`, as an instant: when a Daily DND set at `now`
/// ends. A midnight that a daylight-saving change skips is the first instant of that day.
pub fn next_local_midnight(tz: &TimeZone, now: DateTime<Utc>) -> DateTime<Utc> {
    let next = jiff::Timestamp::from_millisecond(now.timestamp_millis())
        .ok()
        .map(|at| at.to_zoned(tz.clone()))
        .and_then(|local| local.date().tomorrow().ok())
        .and_then(|day| day.to_zoned(tz.clone()).ok())
        .and_then(|midnight| DateTime::from_timestamp_millis(midnight.timestamp().as_millisecond()));
    // Beyond the calendar's range (year 9999) there is no next midnight: the day never ends.
    next.unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn time_zones_are_iana_names_in_any_case() {
        assert_eq!(zone("america/new_york").and_then(|z| z.iana_name().map(str::to_owned)).as_deref(), Some("America/New_York"));
        assert!(zone("UTC").is_some());
        assert!(zone("Mars/Olympus_Mons").is_none());
        assert!(zone("").is_none());
        assert_eq!(check(&defaults()), Ok(()));
        let bad = match json!({"time_zone": "EST5EDT6"}) {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        assert_eq!(
            check(&bad),
            Err("time_zone: \"EST5EDT6\" is not an IANA time zone name (such as \"America/New_York\")".into())
        );
    }

    #[test]
    fn the_next_midnight_is_local_to_the_zone() {
        let utc = TimeZone::UTC;
        assert_eq!(next_local_midnight(&utc, at("2024-03-09T23:59:59Z")), at("2024-03-10T00:00:00Z"));
        assert_eq!(next_local_midnight(&utc, at("2024-03-10T00:00:00Z")), at("2024-03-11T00:00:00Z"));
        let new_york = zone("America/New_York").unwrap();
        // 22:00 in New York on 9 March (EST, UTC-5): midnight is 05:00 UTC.
        assert_eq!(next_local_midnight(&new_york, at("2024-03-10T03:00:00Z")), at("2024-03-10T05:00:00Z"));
        // After the change to EDT (UTC-4) the next midnight is 04:00 UTC.
        assert_eq!(next_local_midnight(&new_york, at("2024-03-10T12:00:00Z")), at("2024-03-11T04:00:00Z"));
        let tokyo = zone("Asia/Tokyo").unwrap();
        assert_eq!(next_local_midnight(&tokyo, at("2024-03-10T14:59:59Z")), at("2024-03-10T15:00:00Z"));
    }
}
