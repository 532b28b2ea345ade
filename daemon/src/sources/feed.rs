//! One synced list (a repository's pull requests, a project's issues) walked page by page:
//! incremental (only what changed since the last complete pass), resumable (the position is
//! saved after every page, and an unfinished pass continues from it), conditional (a first
//! page answered 304 Not Modified ends the pass at once), bounded on a first sync.

use rusqlite::Connection;

use super::error::SourceError;
use super::records::{IssueRecord, PullRecord};
use super::store::{self, Resource, SyncState};

/// One synced thing.
#[derive(Debug, Clone)]
pub enum Item {
    Pull(Box<PullRecord>),
    Issue(Box<IssueRecord>),
}

impl Item {
    /// Issue records as items.
    pub fn issues(records: impl IntoIterator<Item = IssueRecord>) -> Vec<Item> {
        records
            .into_iter()
            .map(|r| Item::Issue(Box::new(r)))
            .collect()
    }

    pub fn updated_at(&self) -> i64 {
        match self {
            Item::Pull(p) => p.updated_at,
            Item::Issue(i) => i.updated_at,
        }
    }
}

/// One page of a list.
#[derive(Debug, Default)]
pub struct Page {
    pub items: Vec<Item>,
    /// Where the next page is (URL, page number or cursor); `None` on the last page.
    pub next: Option<String>,
    /// The page's ETag (REST lists that support conditional requests).
    pub etag: Option<String>,
    /// The server said 304 Not Modified to our ETag.
    pub not_modified: bool,
}

impl Page {
    /// A page of `items` with the `next` position (no ETag).
    pub fn of(items: Vec<Item>, next: Option<String>) -> Page {
        Page {
            items,
            next,
            ..Page::default()
        }
    }
}

/// A service's list of one kind of thing.
#[allow(async_fn_in_trait)]
pub trait Feed {
    /// What this feed's marks are stored under.
    fn resource(&self) -> Resource<'_>;
    /// Items come newest-updated first, so a pass stops at the last complete mark (the
    /// default; a feed the service filters by itself may say no).
    fn newest_first(&self) -> bool {
        true
    }
    /// The page at `cursor` (`None`: the first), of items updated since `since` where the
    /// service can filter, conditional on `etag` where given.
    async fn page(
        &self,
        cursor: Option<&str>,
        since: Option<i64>,
        etag: Option<&str>,
    ) -> Result<Page, SourceError>;
    /// Fetches what a list entry lacks (REST: files, commits, reviews, comments); by default
    /// entries come complete.
    async fn complete(&self, _item: &mut Item) -> Result<(), SourceError> {
        Ok(())
    }
}

/// What one feed's sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedReport {
    /// Items written (new or changed).
    pub written: u64,
    /// Items listed but already stored as they are (nothing fetched for them).
    pub unchanged: u64,
    pub pages: u64,
    /// The first page was answered 304 Not Modified.
    pub not_modified: bool,
    /// This sync continued a pass an earlier one left unfinished.
    pub resumed: bool,
    /// A first sync stopped at its limit of items.
    pub limited: bool,
}

/// Syncs `feed` into `conn`. `limit` bounds a first sync (no complete pass yet). On an error,
/// everything written so far stays and the position is saved; the report comes with the error.
pub async fn sync<F: Feed>(
    feed: &F,
    conn: &Connection,
    limit: Option<u64>,
    progress: &mut dyn FnMut(&FeedReport),
) -> Result<FeedReport, (FeedReport, SourceError)> {
    let mut report = FeedReport::default();
    let state = match store::sync_state(conn, &feed.resource()) {
        Ok(s) => s,
        Err(e) => return Err((report, e.into())),
    };
    let resumed = state.cursor.is_some();
    report.resumed = resumed;
    if let Err(e) = pass(feed, conn, state, limit, &mut report, progress).await {
        return Err((report, e));
    }
    if resumed {
        // Catch what changed while the pass was interrupted (a short pass: down to the new mark).
        let state = match store::sync_state(conn, &feed.resource()) {
            Ok(s) => s,
            Err(e) => return Err((report, e.into())),
        };
        if let Err(e) = pass(feed, conn, state, None, &mut report, progress).await {
            return Err((report, e));
        }
    }
    Ok(report)
}

async fn pass<F: Feed>(
    feed: &F,
    conn: &Connection,
    mut state: SyncState,
    limit: Option<u64>,
    report: &mut FeedReport,
    progress: &mut dyn FnMut(&FeedReport),
) -> Result<(), SourceError> {
    let res = feed.resource();
    let since = state.complete_mark;
    let limit = if since.is_none() { limit } else { None };
    let from_top = state.cursor.is_none();
    let mut first_etag = None;
    let (mut pages_this_pass, mut listed_this_pass) = (0u64, 0u64);
    loop {
        let first_page = from_top && pages_this_pass == 0;
        let etag = if first_page { state.etag.clone() } else { None };
        let page = match feed
            .page(state.cursor.as_deref(), since, etag.as_deref())
            .await
        {
            Ok(page) => page,
            Err(e) => {
                store::set_sync_state(conn, &res, &state)?;
                return Err(e);
            }
        };
        report.pages += 1;
        pages_this_pass += 1;
        if page.not_modified {
            report.not_modified = true;
            state.synced_at = Some(now());
            store::set_sync_state(conn, &res, &state)?;
            return Ok(());
        }
        if first_page {
            first_etag = page.etag.clone();
        }
        let mut stop = false;
        let tx = conn.unchecked_transaction()?;
        for mut item in page.items {
            let updated = item.updated_at();
            if feed.newest_first() && since.is_some_and(|mark| updated < mark) {
                stop = true;
                break;
            }
            if limit.is_some_and(|l| listed_this_pass >= l) {
                report.limited = true;
                stop = true;
                break;
            }
            state.pass_mark = Some(state.pass_mark.map_or(updated, |m| m.max(updated)));
            listed_this_pass += 1;
            if is_current(&tx, &res, &item)? {
                report.unchanged += 1;
                continue;
            }
            if let Err(e) = feed.complete(&mut item).await {
                tx.commit()?;
                store::set_sync_state(conn, &res, &state)?;
                return Err(e);
            }
            save(&tx, &res, &item)?;
            report.written += 1;
            progress(report);
        }
        state.cursor = if stop { None } else { page.next.clone() };
        store::set_sync_state(&tx, &res, &state)?;
        tx.commit()?;
        if stop || page.next.is_none() {
            state.complete_mark = match (state.complete_mark, state.pass_mark) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            state.pass_mark = None;
            state.cursor = None;
            if from_top {
                state.etag = first_etag;
            }
            state.synced_at = Some(now());
            store::set_sync_state(conn, &res, &state)?;
            return Ok(());
        }
    }
}

fn is_current(conn: &Connection, res: &Resource<'_>, item: &Item) -> rusqlite::Result<bool> {
    match item {
        Item::Pull(p) => {
            Ok(
                store::pull_updated_at(conn, res.system, res.instance, &p.repo, p.number)?
                    == Some(p.updated_at),
            )
        }
        Item::Issue(_) => Ok(false),
    }
}

fn save(conn: &Connection, res: &Resource<'_>, item: &Item) -> rusqlite::Result<()> {
    match item {
        Item::Pull(p) => store::save_pull(conn, res.system, res.instance, p).map(|_| ()),
        Item::Issue(i) => store::save_issue(conn, res.system, res.instance, i).map(|_| ()),
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::sources::error::Target;
    use crate::sources::records::{IssueRecord, System};

    /// A list served from memory, newest updated first, `size` per page; `fail_at` makes that
    /// page fail once (an interruption).
    struct Memory {
        items: RefCell<Vec<i64>>,
        size: usize,
        fail_at: RefCell<Option<usize>>,
        asked: RefCell<Vec<Option<String>>>,
    }

    fn issue(updated: i64) -> Item {
        Item::Issue(Box::new(IssueRecord {
            key: format!("AX-{updated}"),
            project: "AX".into(),
            title: String::new(),
            body: String::new(),
            open: true,
            status: None,
            labels: vec![],
            components: vec![],
            assignee: None,
            author: None,
            created_at: 0,
            updated_at: updated,
            closed_at: None,
            url: String::new(),
        }))
    }

    impl Feed for Memory {
        fn resource(&self) -> Resource<'_> {
            Resource::new(System::Jira, "test", "scope", "issues")
        }

        async fn page(
            &self,
            cursor: Option<&str>,
            _since: Option<i64>,
            _etag: Option<&str>,
        ) -> Result<Page, SourceError> {
            self.asked.borrow_mut().push(cursor.map(str::to_string));
            let start: usize = cursor.map_or(0, |c| c.parse().unwrap_or(0));
            if *self.fail_at.borrow() == Some(start) {
                *self.fail_at.borrow_mut() = None;
                return Err(SourceError::Malformed {
                    target: Target {
                        system: System::Jira,
                        what: "test".into(),
                        token: None,
                    },
                    detail: "cut short".into(),
                });
            }
            let mut all = self.items.borrow().clone();
            all.sort_by(|a, b| b.cmp(a));
            let end = (start + self.size).min(all.len());
            let items = all[start..end].iter().map(|&u| issue(u)).collect();
            Ok(Page::of(items, (end < all.len()).then(|| end.to_string())))
        }
    }

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::store::schema::migrate(&mut conn).unwrap();
        conn
    }

    fn run(
        feed: &Memory,
        conn: &Connection,
        limit: Option<u64>,
    ) -> Result<FeedReport, Box<(FeedReport, SourceError)>> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime
            .block_on(sync(feed, conn, limit, &mut |_| {}))
            .map_err(Box::new)
    }

    #[test]
    fn a_first_sync_is_bounded_and_later_ones_read_only_what_changed() {
        let feed = Memory {
            items: RefCell::new((1..=10).collect()),
            size: 3,
            fail_at: RefCell::new(None),
            asked: RefCell::new(vec![]),
        };
        let conn = db();
        let r = run(&feed, &conn, Some(4)).unwrap();
        assert_eq!((r.written, r.limited, r.pages), (4, true, 2));
        // Two items change, one appears: the next sync reads down to the last mark only.
        feed.items.borrow_mut().extend([11, 12, 13]);
        let r = run(&feed, &conn, Some(4)).unwrap();
        assert_eq!(
            r.written, 4,
            "11, 12, 13, and 10 again (its own mark, re-read to be safe)"
        );
        assert!(!r.limited);
        let state = store::sync_state(&conn, &feed.resource()).unwrap();
        assert_eq!((state.complete_mark, state.cursor), (Some(13), None));
    }

    #[test]
    fn an_interrupted_pass_resumes_at_its_page() {
        let feed = Memory {
            items: RefCell::new((1..=9).collect()),
            size: 3,
            fail_at: RefCell::new(Some(6)),
            asked: RefCell::new(vec![]),
        };
        let conn = db();
        let (partial, err) = *run(&feed, &conn, None).unwrap_err();
        assert_eq!(partial.written, 6, "two pages kept");
        assert!(err.is_transient());
        assert_eq!(
            store::sync_state(&conn, &feed.resource())
                .unwrap()
                .cursor
                .as_deref(),
            Some("6")
        );
        feed.asked.borrow_mut().clear();
        let r = run(&feed, &conn, None).unwrap();
        assert!(r.resumed);
        assert_eq!(
            feed.asked.borrow()[0].as_deref(),
            Some("6"),
            "continues at the page that failed"
        );
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM tracker_issues", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 9);
    }
}
