//! The files SQLite writes go through the platform's own VFS, with one change: the frames a
//! transaction appends to the write-ahead log reach the file together, one `pwrite` per 124 KiB
//! instead of two per frame.
//!
//! SQLite writes each log frame as its 24-byte header and then its page, two writes one after
//! the other at adjacent offsets, and the frames of a transaction one after the other. Under a
//! steady load of creates the writer thread is the one everything waits for, and a third of its
//! time went to those writes: the calls themselves, and, a frame being 24 bytes longer than a
//! page, each frame's write touching two pages of the kernel's cache. This VFS gathers the
//! frames as SQLite appends them and writes them together when it appends a transaction's
//! commit frame (the one whose header holds the database's size), so a batch of creates is a
//! write or two and each page of the kernel's cache is touched once.
//!
//! Nobody else can need a gathered frame before that write: other connections read only the
//! frames up to the last commit the log's index records, and SQLite records one only after its
//! commit frame's write returned (an error there fails the commit, as the platform's write
//! would). Frames gathered are written before anything else reaches the file (a read, a sync, a
//! truncation, a write elsewhere, a close), so every other call, the writer's own reads of
//! frames it spilled included, sees the file as SQLite wrote it; and once [`GATHER_LIMIT`]
//! bytes are gathered (a large transaction, or pages spilled before a commit) they are written
//! then. A header written right after a read of its frame (SQLite's checksum rewrite at a
//! commit, where no page follows) goes through at once. Every other file (the database, its
//! shared memory, journals) is the platform's, call for call.
//!
//! Measured on LionDesk creates at 100k contacts, as ratios to the client's CPU (what
//! `PROFILE=1 scripts/bench.sh` reports), alternating runs of each build: writing each frame
//! in one write instead of two took 7.5% off the writer's CPU per create and added 5.5% to the
//! creates per second; writing a transaction's frames together took another 14% off the
//! writer's CPU (1.59 to 1.37 times the client's) and 9% off the checkpointer's, and added 8%
//! to the creates per second.

use std::ffi::{c_char, c_int, c_void};
use std::ptr;
use std::sync::Once;

use rusqlite::ffi;

/// The VFS's name: the default once [`install`]ed.
const NAME: &std::ffi::CStr = c"crm-mock";

/// Size of a log frame's header.
const FRAME_HEADER: c_int = 24;

/// The most bytes of frames gathered before they are written (a transaction larger than this,
/// or one whose pages SQLite spills to the log before its commit, is written in such parts).
pub const GATHER_LIMIT: usize = 512 * 1024;

/// The most bytes of one part of a gathered write: SQLite's unix VFS takes less than 128 KiB
/// per write (it cuts a longer one short, and answers that with an error).
const WRITE_LIMIT: i64 = 124 * 1024;

/// The alignment of the parts of a gathered write: the size of a page of the kernel's cache.
const PAGE_ALIGN: i64 = 4096;

/// A file open through this VFS: SQLite's file object first (its methods, ours), then what this
/// VFS keeps, then (at [`INNER_AT`]) the platform VFS's own file object.
#[repr(C)]
struct File {
    base: ffi::sqlite3_file,
    inner: *mut ffi::sqlite3_file,
    /// A write-ahead log (only these gather frames).
    log: bool,
    /// The offset of the last read, if the last call was a read.
    read_at: Option<i64>,
    /// Whole frames not yet written, then possibly the header of the next (its page to come).
    gathered: Vec<u8>,
    /// Where `gathered` goes in the file.
    gathered_at: i64,
    /// The last bytes gathered are a frame's header, whose page comes next.
    header_last: bool,
}

/// Where the platform's file object starts within ours (8-byte aligned).
const INNER_AT: usize = std::mem::size_of::<File>().next_multiple_of(8);

/// Makes this VFS the default, over the platform's default VFS (once per process, before the
/// first database opens). Without a platform VFS, SQLite's own default stays.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: `sqlite3_vfs_find` answers a VFS that lives as long as the process (or null);
        // the VFS registered here is leaked, so it does too, and SQLite keeps only its pointer.
        unsafe {
            let inner = ffi::sqlite3_vfs_find(ptr::null());
            if inner.is_null() {
                return;
            }
            let vfs = Box::leak(Box::new(ffi::sqlite3_vfs {
                iVersion: (*inner).iVersion,
                szOsFile: c_int::try_from(INNER_AT).unwrap_or(c_int::MAX) + (*inner).szOsFile,
                mxPathname: (*inner).mxPathname,
                pNext: ptr::null_mut(),
                zName: NAME.as_ptr(),
                pAppData: inner.cast(),
                xOpen: Some(open),
                xDelete: Some(delete),
                xAccess: Some(access),
                xFullPathname: Some(full_pathname),
                // These do not read the VFS they are given in any platform VFS of SQLite's.
                xDlOpen: (*inner).xDlOpen,
                xDlError: (*inner).xDlError,
                xDlSym: (*inner).xDlSym,
                xDlClose: (*inner).xDlClose,
                xRandomness: Some(randomness),
                xSleep: Some(sleep),
                xCurrentTime: Some(current_time),
                xGetLastError: Some(last_error),
                xCurrentTimeInt64: Some(current_time_int64),
                xSetSystemCall: (*inner).xSetSystemCall,
                xGetSystemCall: (*inner).xGetSystemCall,
                xNextSystemCall: (*inner).xNextSystemCall,
            }));
            let rc = ffi::sqlite3_vfs_register(vfs, 1);
            if rc != ffi::SQLITE_OK {
                log::warn!("the write-ahead log's one-write frames are off: registering the VFS failed ({rc})");
            }
        }
    });
}

/// The platform VFS under `vfs`.
///
/// # Safety
/// `vfs` is the VFS [`install`] registered.
unsafe fn inner_vfs(vfs: *mut ffi::sqlite3_vfs) -> *mut ffi::sqlite3_vfs {
    unsafe { (*vfs).pAppData.cast() }
}

unsafe extern "C" fn open(
    vfs: *mut ffi::sqlite3_vfs,
    name: *const c_char,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    // SAFETY: SQLite hands `file` with the `szOsFile` bytes this VFS asked for, so the
    // platform's file object fits at INNER_AT; `vfs` is ours.
    unsafe {
        let me = file.cast::<File>();
        let inner = file.cast::<u8>().add(INNER_AT).cast::<ffi::sqlite3_file>();
        me.write(File {
            base: ffi::sqlite3_file { pMethods: ptr::null() },
            inner,
            log: flags & ffi::SQLITE_OPEN_WAL != 0,
            read_at: None,
            gathered: Vec::new(),
            gathered_at: 0,
            header_last: false,
        });
        (*inner).pMethods = ptr::null();
        let platform = inner_vfs(vfs);
        let Some(xopen) = (*platform).xOpen else { return ffi::SQLITE_CANTOPEN };
        let rc = xopen(platform, name, inner, flags, out_flags);
        if rc == ffi::SQLITE_OK && !(*inner).pMethods.is_null() {
            let version = (*(*inner).pMethods).iVersion.clamp(1, 3);
            (*me).base.pMethods = &METHODS[(version - 1) as usize];
        } else if !(*inner).pMethods.is_null() {
            // A failed open that left a file object: it is closed here, as nobody else will.
            if let Some(xclose) = (*(*inner).pMethods).xClose {
                xclose(inner);
            }
        }
        rc
    }
}

unsafe extern "C" fn delete(vfs: *mut ffi::sqlite3_vfs, name: *const c_char, sync_dir: c_int) -> c_int {
    // SAFETY: forwards to the platform VFS under ours.
    unsafe {
        let platform = inner_vfs(vfs);
        (*platform).xDelete.map_or(ffi::SQLITE_IOERR_DELETE, |f| f(platform, name, sync_dir))
    }
}

unsafe extern "C" fn access(vfs: *mut ffi::sqlite3_vfs, name: *const c_char, flags: c_int, out: *mut c_int) -> c_int {
    // SAFETY: forwards to the platform VFS under ours.
    unsafe {
        let platform = inner_vfs(vfs);
        (*platform).xAccess.map_or(ffi::SQLITE_IOERR_ACCESS, |f| f(platform, name, flags, out))
    }
}

unsafe extern "C" fn full_pathname(vfs: *mut ffi::sqlite3_vfs, name: *const c_char, n: c_int, out: *mut c_char) -> c_int {
    // SAFETY: forwards to the platform VFS under ours.
    unsafe {
        let platform = inner_vfs(vfs);
        (*platform).xFullPathname.map_or(ffi::SQLITE_CANTOPEN, |f| f(platform, name, n, out))
    }
}

unsafe extern "C" fn randomness(vfs: *mut ffi::sqlite3_vfs, n: c_int, out: *mut c_char) -> c_int {
    // SAFETY: forwards to the platform VFS under ours.
    unsafe {
        let platform = inner_vfs(vfs);
        (*platform).xRandomness.map_or(0, |f| f(platform, n, out))
    }
}

unsafe extern "C" fn sleep(vfs: *mut ffi::sqlite3_vfs, microseconds: c_int) -> c_int {
    // SAFETY: forwards to the platform VFS under ours.
    unsafe {
        let platform = inner_vfs(vfs);
        (*platform).xSleep.map_or(0, |f| f(platform, microseconds))
    }
}

unsafe extern "C" fn current_time(vfs: *mut ffi::sqlite3_vfs, out: *mut f64) -> c_int {
    // SAFETY: forwards to the platform VFS under ours.
    unsafe {
        let platform = inner_vfs(vfs);
        (*platform).xCurrentTime.map_or(ffi::SQLITE_ERROR, |f| f(platform, out))
    }
}

unsafe extern "C" fn last_error(vfs: *mut ffi::sqlite3_vfs, n: c_int, out: *mut c_char) -> c_int {
    // SAFETY: forwards to the platform VFS under ours.
    unsafe {
        let platform = inner_vfs(vfs);
        (*platform).xGetLastError.map_or(0, |f| f(platform, n, out))
    }
}

unsafe extern "C" fn current_time_int64(vfs: *mut ffi::sqlite3_vfs, out: *mut ffi::sqlite3_int64) -> c_int {
    // SAFETY: forwards to the platform VFS under ours.
    unsafe {
        let platform = inner_vfs(vfs);
        (*platform).xCurrentTimeInt64.map_or(ffi::SQLITE_ERROR, |f| f(platform, out))
    }
}

/// This VFS's methods over a platform file of each version (1 to 3). SQLite calls only the
/// methods of the version it is given (shared memory from 2, memory mapping from 3), so a
/// forward never reads a method the platform's file does not have.
static METHODS: [ffi::sqlite3_io_methods; 3] = [methods(1), methods(2), methods(3)];

const fn methods(version: c_int) -> ffi::sqlite3_io_methods {
    ffi::sqlite3_io_methods {
        iVersion: version,
        xClose: Some(close),
        xRead: Some(read),
        xWrite: Some(write),
        xTruncate: Some(truncate),
        xSync: Some(sync),
        xFileSize: Some(file_size),
        xLock: Some(lock),
        xUnlock: Some(unlock),
        xCheckReservedLock: Some(check_reserved_lock),
        xFileControl: Some(file_control),
        xSectorSize: Some(sector_size),
        xDeviceCharacteristics: Some(device_characteristics),
        xShmMap: Some(shm_map),
        xShmLock: Some(shm_lock),
        xShmBarrier: Some(shm_barrier),
        xShmUnmap: Some(shm_unmap),
        xFetch: Some(fetch),
        xUnfetch: Some(unfetch),
    }
}

/// Our file object and the platform's methods for its own.
///
/// # Safety
/// `file` was opened by [`open`] (SQLite calls these methods only on such files).
unsafe fn parts<'a>(file: *mut ffi::sqlite3_file) -> (&'a mut File, *mut ffi::sqlite3_file, &'a ffi::sqlite3_io_methods) {
    unsafe {
        let me = &mut *file.cast::<File>();
        let inner = me.inner;
        (me, inner, &*(*inner).pMethods)
    }
}

/// Writes the frames gathered, if any.
///
/// # Safety
/// As for [`parts`].
unsafe fn release(file: *mut ffi::sqlite3_file) -> c_int {
    unsafe {
        let (me, inner, methods) = parts(file);
        me.read_at = None;
        me.header_last = false;
        if me.gathered.is_empty() {
            return ffi::SQLITE_OK;
        }
        let Some(xwrite) = methods.xWrite else { return ffi::SQLITE_IOERR_WRITE };
        let mut rc = ffi::SQLITE_OK;
        let mut done = 0;
        while done < me.gathered.len() && rc == ffi::SQLITE_OK {
            // The platform's write takes less than 128 KiB at a time; each part ends on a page
            // of the file, so no page of the kernel's cache is written in two calls.
            let at = me.gathered_at + done as i64;
            let end = ((at + WRITE_LIMIT) & !(PAGE_ALIGN - 1)).min(me.gathered_at + me.gathered.len() as i64);
            let part = &me.gathered[done..(end - me.gathered_at) as usize];
            rc = xwrite(inner, part.as_ptr().cast(), part.len() as c_int, at);
            done += part.len();
            #[cfg(test)]
            LOG_WRITES.set(LOG_WRITES.get() + 1);
        }
        // Kept for the next transaction's frames (at most GATHER_LIMIT and a frame).
        me.gathered.clear();
        rc
    }
}

/// Calls `call` on the platform's file once the frames gathered are written.
///
/// # Safety
/// As for [`parts`].
unsafe fn after_release(
    file: *mut ffi::sqlite3_file,
    call: impl FnOnce(*mut ffi::sqlite3_file, &ffi::sqlite3_io_methods) -> c_int,
) -> c_int {
    unsafe {
        let rc = release(file);
        if rc != ffi::SQLITE_OK {
            return rc;
        }
        let (_, inner, methods) = parts(file);
        call(inner, methods)
    }
}

unsafe extern "C" fn close(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened; the platform's file is closed even when the
    // frames gathered could not be written (SQLite closes a file once), and the buffer is freed
    // (SQLite frees the file object's memory without dropping what it holds).
    unsafe {
        let released = release(file);
        let (me, inner, methods) = parts(file);
        drop(std::mem::take(&mut me.gathered));
        let closed = methods.xClose.map_or(ffi::SQLITE_OK, |f| f(inner));
        if released != ffi::SQLITE_OK { released } else { closed }
    }
}

unsafe extern "C" fn read(file: *mut ffi::sqlite3_file, buf: *mut c_void, amount: c_int, offset: i64) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened.
    unsafe {
        let rc = after_release(file, |inner, m| m.xRead.map_or(ffi::SQLITE_IOERR_READ, |f| f(inner, buf, amount, offset)));
        parts(file).0.read_at = Some(offset);
        rc
    }
}

unsafe extern "C" fn write(file: *mut ffi::sqlite3_file, buf: *const c_void, amount: c_int, offset: i64) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened; `buf` holds `amount` bytes.
    unsafe {
        let (me, _, methods) = parts(file);
        let Some(xwrite) = methods.xWrite else { return ffi::SQLITE_IOERR_WRITE };
        if me.log && amount > 0 {
            let data = std::slice::from_raw_parts(buf.cast::<u8>(), amount as usize);
            let follows = !me.gathered.is_empty() && offset == me.gathered_at + me.gathered.len() as i64;
            // A frame's header after whole frames (or to begin with); a rewrite of a header just
            // read is not followed by its page, so it goes through.
            if amount == FRAME_HEADER && me.read_at != Some(offset) && !me.header_last && (follows || me.gathered.is_empty()) {
                if me.gathered.is_empty() {
                    me.gathered_at = offset;
                }
                me.gathered.extend_from_slice(data);
                me.header_last = true;
                me.read_at = None;
                return ffi::SQLITE_OK;
            }
            // The page of the header gathered last. A commit frame's header holds the database's
            // size (bytes 4-7; 0 in any other frame): with its page, the frames are written.
            if me.header_last && follows {
                let header = me.gathered.len() - FRAME_HEADER as usize;
                let commit = me.gathered[header + 4..header + 8] != [0; 4];
                me.gathered.extend_from_slice(data);
                me.header_last = false;
                me.read_at = None;
                if commit || me.gathered.len() >= GATHER_LIMIT {
                    return release(file);
                }
                return ffi::SQLITE_OK;
            }
        }
        #[cfg(test)]
        if me.log {
            LOG_WRITES.set(LOG_WRITES.get() + 1);
        }
        after_release(file, |inner, _| xwrite(inner, buf, amount, offset))
    }
}

#[cfg(test)]
thread_local! {
    /// The platform's writes to log files on this thread, gathered parts and others.
    static LOG_WRITES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

unsafe extern "C" fn truncate(file: *mut ffi::sqlite3_file, size: i64) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened.
    unsafe { after_release(file, |inner, m| m.xTruncate.map_or(ffi::SQLITE_IOERR_TRUNCATE, |f| f(inner, size))) }
}

unsafe extern "C" fn sync(file: *mut ffi::sqlite3_file, flags: c_int) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened.
    unsafe { after_release(file, |inner, m| m.xSync.map_or(ffi::SQLITE_IOERR_FSYNC, |f| f(inner, flags))) }
}

unsafe extern "C" fn file_size(file: *mut ffi::sqlite3_file, size: *mut i64) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened.
    unsafe { after_release(file, |inner, m| m.xFileSize.map_or(ffi::SQLITE_IOERR_FSTAT, |f| f(inner, size))) }
}

unsafe extern "C" fn lock(file: *mut ffi::sqlite3_file, level: c_int) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened.
    unsafe { after_release(file, |inner, m| m.xLock.map_or(ffi::SQLITE_IOERR_LOCK, |f| f(inner, level))) }
}

unsafe extern "C" fn unlock(file: *mut ffi::sqlite3_file, level: c_int) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened.
    unsafe { after_release(file, |inner, m| m.xUnlock.map_or(ffi::SQLITE_IOERR_UNLOCK, |f| f(inner, level))) }
}

unsafe extern "C" fn check_reserved_lock(file: *mut ffi::sqlite3_file, out: *mut c_int) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened.
    unsafe { after_release(file, |inner, m| m.xCheckReservedLock.map_or(ffi::SQLITE_IOERR_CHECKRESERVEDLOCK, |f| f(inner, out))) }
}

unsafe extern "C" fn file_control(file: *mut ffi::sqlite3_file, op: c_int, arg: *mut c_void) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened.
    unsafe { after_release(file, |inner, m| m.xFileControl.map_or(ffi::SQLITE_NOTFOUND, |f| f(inner, op, arg))) }
}

unsafe extern "C" fn sector_size(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened.
    unsafe {
        let (_, inner, m) = parts(file);
        m.xSectorSize.map_or(4096, |f| f(inner))
    }
}

unsafe extern "C" fn device_characteristics(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened.
    unsafe {
        let (_, inner, m) = parts(file);
        m.xDeviceCharacteristics.map_or(0, |f| f(inner))
    }
}

unsafe extern "C" fn shm_map(
    file: *mut ffi::sqlite3_file,
    region: c_int,
    size: c_int,
    extend: c_int,
    out: *mut *mut c_void,
) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened.
    unsafe {
        let (_, inner, m) = parts(file);
        m.xShmMap.map_or(ffi::SQLITE_IOERR_SHMMAP, |f| f(inner, region, size, extend, out))
    }
}

unsafe extern "C" fn shm_lock(file: *mut ffi::sqlite3_file, offset: c_int, n: c_int, flags: c_int) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened.
    unsafe {
        let (_, inner, m) = parts(file);
        m.xShmLock.map_or(ffi::SQLITE_IOERR_SHMLOCK, |f| f(inner, offset, n, flags))
    }
}

unsafe extern "C" fn shm_barrier(file: *mut ffi::sqlite3_file) {
    // SAFETY: SQLite's call on a file `open` opened.
    unsafe {
        let (_, inner, m) = parts(file);
        if let Some(f) = m.xShmBarrier {
            f(inner);
        }
    }
}

unsafe extern "C" fn shm_unmap(file: *mut ffi::sqlite3_file, delete: c_int) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened.
    unsafe {
        let (_, inner, m) = parts(file);
        m.xShmUnmap.map_or(ffi::SQLITE_OK, |f| f(inner, delete))
    }
}

unsafe extern "C" fn fetch(file: *mut ffi::sqlite3_file, offset: i64, amount: c_int, out: *mut *mut c_void) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened; without the platform's, nothing is mapped.
    unsafe {
        after_release(file, |inner, m| match m.xFetch {
            Some(f) => f(inner, offset, amount, out),
            None => {
                *out = ptr::null_mut();
                ffi::SQLITE_OK
            }
        })
    }
}

unsafe extern "C" fn unfetch(file: *mut ffi::sqlite3_file, offset: i64, page: *mut c_void) -> c_int {
    // SAFETY: SQLite's call on a file `open` opened.
    unsafe {
        let (_, inner, m) = parts(file);
        m.xUnfetch.map_or(ffi::SQLITE_OK, |f| f(inner, offset, page))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    const PAGE: u64 = 4096;

    /// A log left as a crash leaves it (the writing connection still open, nothing copied back)
    /// holds every committed frame whole: a copy of the files opens with every committed row.
    /// The commits: one larger than the page cache, whose frames SQLite spilled to the log early
    /// (read back, changed in place) and rewrote at its commit (the checksum rewrite, where a
    /// header is written without its page); small ones, each one write; one of more than
    /// [`GATHER_LIMIT`] bytes of frames, written in parts of less than 128 KiB.
    #[test]
    fn a_log_of_gathered_frames_recovers_every_commit_after_a_crash() {
        install();
        let dir = std::env::temp_dir().join(format!("crm-mock-vfs-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.sqlite");
        let conn = Connection::open(&path).unwrap();
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())).unwrap();
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = 10;
             CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t (v);",
        )
        .unwrap();
        // Larger than ten pages of cache: spilled to the log, then changed again before the commit.
        conn.execute_batch(
            "BEGIN;
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
             INSERT INTO t (id, v) SELECT i, printf('%0200d', i * 7919 % 3001) FROM n;
             UPDATE t SET v = 'x' || v;
             COMMIT;",
        )
        .unwrap();
        let crash = |name: &str| {
            let log = std::fs::read(dir.join("a.sqlite-wal")).unwrap();
            assert_eq!((log.len() as u64 - 32) % (24 + PAGE), 0, "a log of whole frames");
            let copy = dir.join(format!("{name}.sqlite"));
            std::fs::copy(&path, &copy).unwrap();
            std::fs::copy(dir.join("a.sqlite-wal"), dir.join(format!("{name}.sqlite-wal"))).unwrap();
            let reopened = Connection::open(&copy).unwrap();
            let check: String = reopened.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
            assert_eq!(check, "ok");
            reopened
                .query_row("SELECT count(*), count(*) FILTER (WHERE v LIKE 'x%') FROM t", [], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
        };
        // Right after the large commit: its last rewritten header is in the file.
        assert_eq!(crash("large"), (3000_i64, 3000_i64));
        for i in 0..20 {
            let writes = LOG_WRITES.get();
            conn.execute("INSERT INTO t (v) VALUES (?1)", [format!("small {i}")]).unwrap();
            assert_eq!(LOG_WRITES.get() - writes, 1, "a commit's frames in one write");
        }
        assert_eq!(crash("small"), (3020_i64, 3000_i64));
        // Frames of ~1 MB, held in the page cache until the commit.
        conn.execute_batch("PRAGMA cache_size = 2000").unwrap();
        let (writes, size) = (LOG_WRITES.get(), std::fs::metadata(dir.join("a.sqlite-wal")).unwrap().len());
        conn.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
             INSERT INTO t (v) SELECT printf('%0900d', i) FROM n;",
        )
        .unwrap();
        let written = std::fs::metadata(dir.join("a.sqlite-wal")).unwrap().len() - size;
        assert!(written > 2 * GATHER_LIMIT as u64, "{written} bytes of frames");
        // Parts of 124 KiB or, where a gathering ends, less: far fewer than the ~500 frames.
        let parts = LOG_WRITES.get() - writes;
        assert!(parts <= written as usize / (64 * 1024) + 2, "{parts} writes for {written} bytes of frames");
        assert_eq!(crash("gathered"), (4020_i64, 3000_i64));
        drop(conn);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Every file of a database opened after `install` goes through this VFS.
    #[test]
    fn the_default_vfs_is_this_one() {
        install();
        // SAFETY: reads the name of the default VFS, a static string.
        let name = unsafe { std::ffi::CStr::from_ptr((*ffi::sqlite3_vfs_find(ptr::null())).zName) };
        assert_eq!(name, NAME);
    }
}
