//! Generated records at scale (`crm-mock generate`, and `POST /__admin/tenants/{id}/{vendor}/generate`
//! for a running server): what a vendor's generator (`Vendor::generator`) draws from. People with
//! names, emails, phones and addresses that look real (the `fake` crate's English lists), dates
//! spread over a fixed span that ends at `Plan::until` (never today's clock), and the ids of a
//! whole chunk reserved from the tenant's sequence at once.
//!
//! Determinism: contacts are generated in chunks of `CHUNK`; chunk `k` draws from its own PCG
//! generator seeded from `(seed, k)`, so the same seed and arguments give the same records
//! whether they are written in one transaction or many, into a file or a running server.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use fake::Fake;
use fake::faker::address::en::{BuildingNumber, CityName, StateAbbr, StreetName};
use fake::faker::company::en::CompanyName;
use fake::faker::internet::en::FreeEmailProvider;
use fake::faker::lorem::en::Sentence;
use fake::faker::name::en::{FirstName, LastName};
use rand::{RngExt, SeedableRng};

use crate::core::Tx;

use super::error::CoreError;
use super::sequence;
use super::tenant::TenantId;
use super::vendor::Vendor;

/// The generator every chunk draws from: PCG-64 (MCG), a fixed algorithm, so a seed means the
/// same records on every machine and with every version of `rand`.
pub type Rng = rand_pcg::Pcg64Mcg;

/// The default end of the span of dates: a fixed instant, so that a seed means the same records
/// whenever it is run.
pub const UNTIL: &str = "2026-01-01T00:00:00Z";

/// The default length of the span of dates, in years before `UNTIL`.
pub const YEARS: u32 = 5;

/// Contacts per chunk: the unit of seeding, of progress and of one draw of a vendor's generator.
pub const CHUNK: u64 = 1000;

/// What to generate: how many contacts, from which seed, and the span their dates fall in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    pub contacts: u64,
    pub seed: u64,
    /// The latest instant a generated record carries.
    pub until: DateTime<Utc>,
    /// How many years before `until` the earliest record may be.
    pub years: u32,
}

impl Plan {
    /// How many chunks the plan has.
    pub fn chunks(&self) -> u64 {
        self.contacts.div_ceil(CHUNK)
    }

    /// The number of contacts in chunk `k`.
    pub fn chunk_len(&self, k: u64) -> u64 {
        CHUNK.min(self.contacts.saturating_sub(k * CHUNK))
    }

    /// Chunk `k`'s own generator.
    pub fn rng(&self, k: u64) -> Rng {
        Rng::seed_from_u64(self.seed ^ k.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }
}

/// Why generating failed.
#[derive(thiserror::Error, Debug)]
pub enum GenerateError {
    #[error("{0} has no generator")]
    Unsupported(&'static str),
    #[error("{0}")]
    Core(#[from] CoreError),
}

impl From<rusqlite::Error> for GenerateError {
    fn from(e: rusqlite::Error) -> Self {
        GenerateError::Core(CoreError::Db(e))
    }
}

/// What one chunk's records are drawn from: the chunk's generator and the span of dates. It
/// holds no database: a chunk is drawn on a thread of its own while the one before it is
/// written (`run`).
pub struct Generating {
    pub rng: Rng,
    pub until: DateTime<Utc>,
    /// The earliest instant a record may carry.
    pub from: DateTime<Utc>,
}

/// Where a chunk's drawn records are written: the load's transaction and the tenant.
pub struct Writing<'a> {
    pub tx: &'a Tx,
    pub tenant: &'a TenantId,
}

impl Writing<'_> {
    /// Reserves `n` ids of `sequence` at once; answers the first (the others follow it).
    pub fn reserve(&self, sequence: &'static str, n: usize) -> rusqlite::Result<i64> {
        sequence::reserve(self.tx, self.tenant, sequence, n as i64)
    }
}

/// One chunk's drawn records, written when the load comes to them; answers the contacts' ids
/// as the API shows them, in order.
pub type Drafts = Box<dyn FnOnce(&Writing<'_>) -> Result<Vec<String>, GenerateError> + Send>;

/// A vendor's generator for one load (`Vendor::generator`): draws `count` contacts, with the
/// records the vendor keeps about each, from a chunk's `Generating`.
pub type Drafter = Box<dyn Fn(&mut Generating, usize) -> Result<Drafts, GenerateError> + Send + Sync>;

/// Chunks drawn ahead of the one being written.
const AHEAD: usize = 2;

/// A US phone number: area code, exchange and line, each never starting with 0 or 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Phone(pub [u16; 3]);

impl Phone {
    /// `(415) 555-0134`.
    pub fn national(&self) -> String {
        format!("({:03}) {:03}-{:04}", self.0[0], self.0[1], self.0[2])
    }

    /// `4155550134`.
    pub fn digits(&self) -> String {
        format!("{:03}{:03}{:04}", self.0[0], self.0[1], self.0[2])
    }

    /// `+14155550134`.
    pub fn e164(&self) -> String {
        format!("+1{}", self.digits())
    }
}

/// A postal address in the United States.
#[derive(Debug, Clone, PartialEq)]
pub struct Address {
    pub street: String,
    pub city: String,
    pub state: String,
    pub zip: String,
}

/// A made-up person, the substance of every vendor's generated contact.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Phone,
    pub address: Address,
    pub company: String,
    pub birthday: NaiveDate,
    /// When the contact was created (within the span) and last changed (after that).
    pub created_at: DateTime<Utc>,
    pub modified_at: DateTime<Utc>,
}

impl Generating {
    /// A new person: an email made of the name, a phone, an address, a company, a birthday
    /// between 18 and 80 years before `until`, and a creation time within the span.
    pub fn person(&mut self) -> Person {
        let first_name: String = FirstName().fake_with_rng(&mut self.rng);
        let last_name: String = LastName().fake_with_rng(&mut self.rng);
        let provider: String = FreeEmailProvider().fake_with_rng(&mut self.rng);
        let n: u16 = self.rng.random_range(1..1000);
        let local: String = format!("{first_name}.{last_name}{n}").chars().filter(char::is_ascii_alphanumeric_or_dot).collect();
        let email = format!("{}@{provider}", local.to_ascii_lowercase());
        let phone = self.phone();
        let address = self.address();
        let company: String = CompanyName().fake_with_rng(&mut self.rng);
        let age_days = self.rng.random_range(18 * 365..80 * 365);
        let birthday = (self.until - Duration::days(age_days)).date_naive();
        let created_at = self.instant();
        let modified_at = self.after(created_at, 365);
        Person { first_name, last_name, email, phone, address, company, birthday, created_at, modified_at }
    }

    /// A phone number.
    pub fn phone(&mut self) -> Phone {
        Phone([self.rng.random_range(201..990), self.rng.random_range(200..1000), self.rng.random_range(0..10000)])
    }

    /// A postal address.
    pub fn address(&mut self) -> Address {
        let number: String = BuildingNumber().fake_with_rng(&mut self.rng);
        let street: String = StreetName().fake_with_rng(&mut self.rng);
        Address {
            street: format!("{number} {street}"),
            city: CityName().fake_with_rng(&mut self.rng),
            state: StateAbbr().fake_with_rng(&mut self.rng),
            zip: format!("{:05}", self.rng.random_range(501..99951)),
        }
    }

    /// A sentence of `words` lorem words (a note, a task's description).
    pub fn sentence(&mut self, words: std::ops::Range<usize>) -> String {
        Sentence(words).fake_with_rng(&mut self.rng)
    }

    /// An instant within the span, to the millisecond.
    pub fn instant(&mut self) -> DateTime<Utc> {
        let span = (self.until - self.from).num_milliseconds().max(1);
        self.from + Duration::milliseconds(self.rng.random_range(0..span))
    }

    /// An instant from `at` to `days` days later, never after `until`.
    pub fn after(&mut self, at: DateTime<Utc>, days: i64) -> DateTime<Utc> {
        let latest = (at + Duration::days(days)).min(self.until);
        let span = (latest - at).num_milliseconds();
        if span <= 0 { at } else { at + Duration::milliseconds(self.rng.random_range(0..=span)) }
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    /// A number from `range`.
    pub fn count(&mut self, range: std::ops::RangeInclusive<usize>) -> usize {
        self.rng.random_range(range)
    }

    /// One of `items` (which must not be empty).
    pub fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.rng.random_range(0..items.len())]
    }

    /// One of `items`, or `None` when there are none.
    pub fn pick_any<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        if items.is_empty() { None } else { Some(*self.pick(items)) }
    }

    /// `n` random letters and digits (the string ids some vendors give their records).
    pub fn alnum(&mut self, n: usize) -> String {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        (0..n).map(|_| char::from(*self.pick(ALPHABET))).collect()
    }
}

/// A birthday-style date (`1984-07-09`) of `date`.
pub fn ymd(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

trait AsciiWord {
    fn is_ascii_alphanumeric_or_dot(&self) -> bool;
}

impl AsciiWord for char {
    fn is_ascii_alphanumeric_or_dot(&self) -> bool {
        self.is_ascii_alphanumeric() || *self == '.'
    }
}

/// Generates chunks `chunks` of `plan` into `tenant` in `tx`, handing each chunk's contact ids
/// to `done` as it is written. With more than one chunk, a thread draws the chunks (the fake
/// names, addresses and sentences: over a quarter of a LionDesk load's time) up to `AHEAD`
/// before the one being written, in order, so the records and their ids are those of drawing
/// and writing each chunk in turn.
pub fn run(
    vendor: &dyn Vendor,
    tx: &Tx,
    tenant: &TenantId,
    plan: &Plan,
    chunks: std::ops::Range<u64>,
    done: &mut dyn FnMut(Vec<String>),
) -> Result<(), GenerateError> {
    let w = Writing { tx, tenant };
    let drafter = vendor.generator(&w)?;
    draw_and_write(&drafter, &w, plan, chunks, done)
}

/// `run`'s work, with the vendor's generator.
fn draw_and_write(
    drafter: &Drafter,
    w: &Writing<'_>,
    plan: &Plan,
    chunks: std::ops::Range<u64>,
    done: &mut dyn FnMut(Vec<String>),
) -> Result<(), GenerateError> {
    let from = plan.until - Duration::days(365 * i64::from(plan.years));
    let draw = |k: u64| {
        let mut g = Generating { rng: plan.rng(k), until: plan.until, from };
        drafter(&mut g, plan.chunk_len(k) as usize)
    };
    if chunks.end.saturating_sub(chunks.start) <= 1 {
        for k in chunks {
            done(draw(k)?(w)?);
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        let (ready, drawn) = std::sync::mpsc::sync_channel(AHEAD);
        let ahead = chunks.clone();
        // Stops at the first chunk that fails to draw, or when the writer below has stopped
        // (its end of the channel gone).
        scope.spawn(move || {
            for k in ahead {
                let drafts = draw(k);
                let failed = drafts.is_err();
                if ready.send(drafts).is_err() || failed {
                    break;
                }
            }
        });
        for drafts in drawn {
            done(drafts?(w)?);
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// What a `tally` drafter counts, and where it fails: its drawing at the `fail_draw`-th
    /// chunk drawn, its writing at the `fail_write`-th chunk written.
    #[derive(Default)]
    struct Tally {
        drawn: Arc<AtomicUsize>,
        written: Arc<AtomicUsize>,
        fail_draw: Option<usize>,
        fail_write: Option<usize>,
    }

    fn failed(what: &str) -> GenerateError {
        GenerateError::Core(CoreError::Startup(what.to_owned()))
    }

    /// A generator whose contacts are ten random letters, written to `tally`.
    fn drafter(t: &Tally) -> Drafter {
        let (drawn, written, fail_draw, fail_write) = (t.drawn.clone(), t.written.clone(), t.fail_draw, t.fail_write);
        Box::new(move |g, count| {
            if Some(drawn.fetch_add(1, Ordering::SeqCst)) == fail_draw {
                return Err(failed("draw"));
            }
            let names: Vec<String> = (0..count).map(|_| g.alnum(10)).collect();
            let written = written.clone();
            Ok(Box::new(move |w: &Writing<'_>| {
                if Some(written.fetch_add(1, Ordering::SeqCst)) == fail_write {
                    return Err(failed("write"));
                }
                for name in &names {
                    w.tx.execute("INSERT INTO tally (name) VALUES (?1)", [name])?;
                }
                Ok(names)
            }))
        })
    }

    /// Runs `chunks` of a 2,500-contact plan with `vendor`'s drafter in a transaction of its own;
    /// answers the outcome, the ids handed to `done` chunk by chunk, and the names written.
    fn tally(vendor: &Tally, chunks: std::ops::Range<u64>) -> (Result<(), String>, Vec<Vec<String>>, Vec<String>) {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE tally (name TEXT)").unwrap();
        let tx = conn.transaction().unwrap();
        let mut done = Vec::new();
        let tenant = TenantId::from("t");
        let w = Writing { tx: &tx, tenant: &tenant };
        let out = draw_and_write(&drafter(vendor), &w, &plan(2500, 9), chunks, &mut |ids| done.push(ids));
        let mut names = tx.prepare("SELECT name FROM tally ORDER BY rowid").unwrap();
        let names = names.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<Vec<String>>>().unwrap();
        (out.map_err(|e| e.to_string()), done, names)
    }

    #[test]
    fn chunks_drawn_ahead_are_written_in_order_as_one_by_one() {
        let (out, together, names) = tally(&Tally::default(), 0..3);
        assert_eq!(out, Ok(()));
        let alone: Vec<Vec<String>> = (0..3).map(|k| tally(&Tally::default(), k..k + 1).1.concat()).collect();
        assert_eq!(together, alone);
        assert_eq!(together.iter().map(Vec::len).collect::<Vec<_>>(), [1000, 1000, 500]);
        assert_eq!(names, together.concat(), "written in the order drawn");
        assert_ne!(together[0], together[1]);
    }

    #[test]
    fn a_chunk_that_fails_to_draw_or_write_stops_the_load_at_it() {
        let vendor = Tally { fail_draw: Some(1), ..Tally::default() };
        let (out, done, names) = tally(&vendor, 0..3);
        assert_eq!(out, Err("draw".to_owned()));
        assert_eq!((done.len(), names.len()), (1, 1000), "the chunk before it written");
        assert_eq!(vendor.drawn.load(Ordering::SeqCst), 2, "nothing drawn after it");
        let vendor = Tally { fail_write: Some(0), ..Tally::default() };
        let (out, done, names) = tally(&vendor, 0..3);
        assert_eq!(out, Err("write".to_owned()));
        assert_eq!((done.len(), names.len()), (0, 0));
        assert!(vendor.drawn.load(Ordering::SeqCst) <= 1 + AHEAD, "the drawing stopped with the writing");
        assert_eq!(vendor.written.load(Ordering::SeqCst), 1);
    }

    fn plan(contacts: u64, seed: u64) -> Plan {
        let until = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap().with_timezone(&Utc);
        Plan { contacts, seed, until, years: 5 }
    }

    fn people(plan: &Plan, k: u64, n: usize) -> Vec<Person> {
        let from = plan.until - Duration::days(365 * 5);
        let mut g = Generating { rng: plan.rng(k), until: plan.until, from };
        (0..n).map(|_| g.person()).collect()
    }

    #[test]
    fn chunks_cover_the_contacts_and_the_last_one_may_be_short() {
        let p = plan(2500, 1);
        assert_eq!((p.chunks(), p.chunk_len(0), p.chunk_len(1), p.chunk_len(2)), (3, 1000, 1000, 500));
        assert_eq!(plan(1000, 1).chunks(), 1);
    }

    #[test]
    fn a_seed_gives_the_same_people_and_another_seed_others() {
        let (a, b) = (people(&plan(10, 42), 0, 50), people(&plan(10, 42), 0, 50));
        assert_eq!(a, b);
        assert_ne!(a, people(&plan(10, 43), 0, 50));
        assert_ne!(a, people(&plan(10, 42), 1, 50));
    }

    #[test]
    fn people_look_real_and_their_dates_fall_within_the_span() {
        let p = plan(10, 7);
        for person in people(&p, 0, 200) {
            assert!(person.email.contains('@') && person.email.is_ascii(), "{}", person.email);
            assert_eq!(person.phone.digits().len(), 10);
            assert_eq!(person.phone.e164().len(), 12);
            assert!(person.created_at <= person.modified_at && person.modified_at <= p.until);
            assert!(person.created_at >= p.until - Duration::days(365 * 5));
            assert!(!person.first_name.is_empty() && !person.address.city.is_empty() && person.address.state.len() == 2);
        }
    }
}
