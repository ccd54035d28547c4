//! Do Not Dial (the Contact API's `accountBlock` and `phoneBlock`): the document's state table
//! (value sent × current status → new status, given for Update Contact, Update Contact DND and
//! Update Multiple Contacts' DND) as data, and the daily DND's expiry.
//!
//! An account and each of its phones carry two flags: permanent DND, and daily DND, which lasts
//! "for the entire day": until the next local midnight of the tenant's time zone after it was
//! set (docs/fidelity.md). Daily DND is stored as that instant (`*_daily_until`, UTC text of
//! `core::clock::to_rfc3339_millis`) and read lazily against the emulator's clock: it is on
//! while the instant is after now, so moving the clock past midnight clears it at once.

use chrono::{DateTime, Utc};
use jiff::tz::TimeZone;

use super::settings::next_local_midnight;
use crate::core::clock::to_rfc3339_millis;

/// A status as the API shows it (`accountBlock`, `phoneBlock`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    Daily,
    Permanent,
    None,
    Both,
}

impl Block {
    /// The status of a permanent and a daily flag.
    pub fn of(permanent: bool, daily: bool) -> Block {
        match (permanent, daily) {
            (false, false) => Block::None,
            (false, true) => Block::Daily,
            (true, false) => Block::Permanent,
            (true, true) => Block::Both,
        }
    }

    pub fn permanent(self) -> bool {
        matches!(self, Block::Permanent | Block::Both)
    }

    pub fn daily(self) -> bool {
        matches!(self, Block::Daily | Block::Both)
    }

    /// The document's spelling.
    pub fn name(self) -> &'static str {
        match self {
            Block::Daily => "DAILY",
            Block::Permanent => "PERMANENT",
            Block::None => "NONE",
            Block::Both => "BOTH",
        }
    }

    /// The table's column of this status.
    fn column(self) -> usize {
        match self {
            Block::Daily => 0,
            Block::Permanent => 1,
            Block::None => 2,
            Block::Both => 3,
        }
    }
}

/// A value a client sends as `accountBlock` or `phoneBlock`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DndCommand {
    Daily,
    Permanent,
    None,
    Both,
    DailyOff,
    PermanentOff,
}

impl DndCommand {
    /// The values in the document's order (the table's rows).
    pub const ALL: [DndCommand; 6] = [
        DndCommand::Daily,
        DndCommand::Permanent,
        DndCommand::None,
        DndCommand::Both,
        DndCommand::DailyOff,
        DndCommand::PermanentOff,
    ];

    /// The value spelt as the document spells it.
    pub fn parse(text: &str) -> Option<DndCommand> {
        DndCommand::ALL.into_iter().find(|c| c.name() == text)
    }

    pub fn name(self) -> &'static str {
        match self {
            DndCommand::Daily => "DAILY",
            DndCommand::Permanent => "PERMANENT",
            DndCommand::None => "NONE",
            DndCommand::Both => "BOTH",
            DndCommand::DailyOff => "DAILY_OFF",
            DndCommand::PermanentOff => "PERMANENT_OFF",
        }
    }

    /// The names, for messages.
    pub fn names() -> String {
        DndCommand::ALL.map(DndCommand::name).join(", ")
    }
}

/// The document's table, row by row as printed: for each value sent, the new status when the
/// current one is DAILY, PERMANENT, NONE, BOTH.
const TABLE: [[Block; 4]; 6] = {
    use Block::{Both, Daily, None, Permanent};
    [
        /* DAILY         */ [Daily, Both, Daily, Both],
        /* PERMANENT     */ [Both, Permanent, Permanent, Both],
        /* NONE          */ [None, None, None, None],
        /* BOTH          */ [Both, Both, Both, Both],
        /* DAILY_OFF     */ [None, Permanent, None, Permanent],
        /* PERMANENT_OFF */ [Daily, None, None, Daily],
    ]
};

/// The new status when `sent` meets `current`.
pub fn transition(sent: DndCommand, current: Block) -> Block {
    let row = DndCommand::ALL.iter().position(|c| *c == sent).unwrap_or(0);
    TABLE[row][current.column()]
}

/// The request's instant and the end of its day (the next local midnight of the tenant's time
/// zone; where a change to summer time skips midnight, the first instant of the day), both as
/// stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub now: String,
    pub midnight: String,
}

impl Day {
    pub fn new(now: DateTime<Utc>, tz: &TimeZone) -> Day {
        Day { now: to_rfc3339_millis(now), midnight: to_rfc3339_millis(next_local_midnight(tz, now)) }
    }

    /// Whether an instant stored as `until` is still ahead.
    pub fn before(&self, until: Option<&str>) -> bool {
        until.is_some_and(|u| u > self.now.as_str())
    }
}

/// One DND as stored: the permanent flag and the end of the daily one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dnd {
    pub permanent: bool,
    pub daily_until: Option<String>,
}

impl Dnd {
    /// The status on `day`.
    pub fn block(&self, day: &Day) -> Block {
        Block::of(self.permanent, self.daily(day))
    }

    /// Whether daily DND is on at `day.now`.
    pub fn daily(&self, day: &Day) -> bool {
        day.before(self.daily_until.as_deref())
    }

    /// The DND after `sent` on `day`: a daily DND already on keeps its end; one newly set ends
    /// at the day's midnight; one turned off, or already over, is forgotten.
    pub fn apply(&self, sent: DndCommand, day: &Day) -> Dnd {
        let current = self.block(day);
        let next = transition(sent, current);
        let daily_until = match (next.daily(), current.daily()) {
            (true, true) => self.daily_until.clone(),
            (true, false) => Some(day.midnight.clone()),
            (false, _) => None,
        };
        Dnd { permanent: next.permanent(), daily_until }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::clock::parse_instant;

    fn tz(name: &str) -> TimeZone {
        crate::livevox::settings::zone(name).expect("an IANA time zone")
    }

    /// The end of the day of `now` in `tz`, as stored.
    fn midnight(now: &str, tz: &TimeZone) -> String {
        Day::new(at(now), tz).midnight
    }

    fn at(text: &str) -> DateTime<Utc> {
        parse_instant(text).expect("an instant")
    }

    /// 2024-03-05 15:00 UTC, whose day ends at the next midnight UTC.
    fn day() -> Day {
        Day::new(at("2024-03-05T15:00:00Z"), &TimeZone::UTC)
    }

    /// A DND in `status` on `day()`; a daily one set earlier that day.
    fn stored(status: Block) -> Dnd {
        let daily_until = status.daily().then(|| "2024-03-06T00:00:00.000Z".to_owned());
        Dnd { permanent: status.permanent(), daily_until }
    }

    /// One cell: `sent` on `current` gives `expected`, and a daily DND so set ends at midnight.
    fn cell(sent: DndCommand, current: Block, expected: Block) -> Dnd {
        let day = day();
        let after = stored(current).apply(sent, &day);
        assert_eq!(after.block(&day), expected, "{} on {}", sent.name(), current.name());
        let until = expected.daily().then(|| "2024-03-06T00:00:00.000Z".to_owned());
        assert_eq!(after.daily_until, until);
        let tomorrow = Day::new(at("2024-03-06T00:00:00Z"), &TimeZone::UTC);
        assert_eq!(after.block(&tomorrow), Block::of(expected.permanent(), false), "daily DND ends at midnight");
        after
    }

    /// The status the document names `name`.
    fn named(name: &str) -> Block {
        [Block::Daily, Block::Permanent, Block::None, Block::Both].into_iter().find(|b| b.name() == name).expect("a status")
    }

    /// A cell for an account: the status read as `accountBlock`.
    fn account(sent: &str, current: Block, expected: &str) {
        let after = cell(DndCommand::parse(sent).expect("a documented value"), current, named(expected));
        assert_eq!(after.block(&day()).name(), expected);
    }

    /// A cell for a phone: the status read as `phoneBlock` and as search's `dnd`/`dndDaily`.
    fn phone(sent: &str, current: Block, expected: &str) {
        let want = named(expected);
        let after = cell(DndCommand::parse(sent).expect("a documented value"), current, want);
        let block = after.block(&day());
        assert_eq!((block.name(), after.permanent, after.daily(&day())), (expected, want.permanent(), want.daily()));
    }

    /// The document's table, one test per cell, for the account and for a phone.
    macro_rules! cells {
        ($($name:ident: $sent:literal on $current:ident => $expected:literal;)*) => {
            mod account_cells {
                use super::*;
                $( #[test] fn $name() { account($sent, Block::$current, $expected) } )*
            }
            mod phone_cells {
                use super::*;
                $( #[test] fn $name() { phone($sent, Block::$current, $expected) } )*
            }
        };
    }

    cells! {
        daily_on_daily: "DAILY" on Daily => "DAILY";
        daily_on_permanent: "DAILY" on Permanent => "BOTH";
        daily_on_none: "DAILY" on None => "DAILY";
        daily_on_both: "DAILY" on Both => "BOTH";
        permanent_on_daily: "PERMANENT" on Daily => "BOTH";
        permanent_on_permanent: "PERMANENT" on Permanent => "PERMANENT";
        permanent_on_none: "PERMANENT" on None => "PERMANENT";
        permanent_on_both: "PERMANENT" on Both => "BOTH";
        none_on_daily: "NONE" on Daily => "NONE";
        none_on_permanent: "NONE" on Permanent => "NONE";
        none_on_none: "NONE" on None => "NONE";
        none_on_both: "NONE" on Both => "NONE";
        both_on_daily: "BOTH" on Daily => "BOTH";
        both_on_permanent: "BOTH" on Permanent => "BOTH";
        both_on_none: "BOTH" on None => "BOTH";
        both_on_both: "BOTH" on Both => "BOTH";
        daily_off_on_daily: "DAILY_OFF" on Daily => "NONE";
        daily_off_on_permanent: "DAILY_OFF" on Permanent => "PERMANENT";
        daily_off_on_none: "DAILY_OFF" on None => "NONE";
        daily_off_on_both: "DAILY_OFF" on Both => "PERMANENT";
        permanent_off_on_daily: "PERMANENT_OFF" on Daily => "DAILY";
        permanent_off_on_permanent: "PERMANENT_OFF" on Permanent => "NONE";
        permanent_off_on_none: "PERMANENT_OFF" on None => "NONE";
        permanent_off_on_both: "PERMANENT_OFF" on Both => "DAILY";
    }

    #[test]
    fn only_the_documents_spellings_are_values() {
        assert_eq!(DndCommand::parse("DAILY_OFF"), Some(DndCommand::DailyOff));
        assert_eq!(DndCommand::parse("daily"), None);
        assert_eq!(DndCommand::parse("OFF"), None);
        assert_eq!(DndCommand::names(), "DAILY, PERMANENT, NONE, BOTH, DAILY_OFF, PERMANENT_OFF");
    }

    #[test]
    fn a_daily_dnd_already_on_keeps_its_end() {
        let set = Dnd { permanent: false, daily_until: Some("2024-03-06T05:00:00.000Z".into()) };
        assert_eq!(set.apply(DndCommand::Permanent, &day()).daily_until.as_deref(), Some("2024-03-06T05:00:00.000Z"));
        let over = Dnd { permanent: false, daily_until: Some("2024-03-05T00:00:00.000Z".into()) };
        assert_eq!(over.block(&day()), Block::None);
        assert_eq!(over.apply(DndCommand::Permanent, &day()), Dnd { permanent: true, daily_until: None });
    }

    #[test]
    fn the_day_ends_at_the_next_local_midnight() {
        let ny = tz("America/New_York");
        // 23:30 in New York is 04:30 UTC the next day; the day still ends at 05:00 UTC.
        assert_eq!(midnight("2024-01-10T04:30:00Z", &ny), "2024-01-10T05:00:00.000Z");
        // Just after local midnight, the day runs to the next one.
        assert_eq!(midnight("2024-01-10T05:00:00Z", &ny), "2024-01-11T05:00:00.000Z");
        // Kolkata is 5h30 ahead: 19:00 UTC is already the next local day.
        assert_eq!(midnight("2024-01-10T19:00:00Z", &tz("Asia/Kolkata")), "2024-01-11T18:30:00.000Z");
        assert_eq!(midnight("2024-01-10T23:59:59.999Z", &TimeZone::UTC), "2024-01-11T00:00:00.000Z");
    }

    #[test]
    fn the_day_ends_at_local_midnight_across_a_change_of_summer_time() {
        let ny = tz("America/New_York");
        // 2024-03-10 has 23 hours in New York: midnight EST (05:00Z) to midnight EDT (04:00Z).
        assert_eq!(midnight("2024-03-10T12:00:00Z", &ny), "2024-03-11T04:00:00.000Z");
        // 2024-11-03 has 25 hours: midnight EDT (04:00Z) to midnight EST (05:00Z).
        assert_eq!(midnight("2024-11-03T12:00:00Z", &ny), "2024-11-04T05:00:00.000Z");
        // Havana moves its clocks at midnight (2024-03-10 00:00 CST became 01:00 CDT): that day
        // starts at 01:00 local, 05:00 UTC.
        assert_eq!(midnight("2024-03-09T12:00:00Z", &tz("America/Havana")), "2024-03-10T05:00:00.000Z");
    }
}
