//! Degree of Authorship (Fritz et al., TOSEM 2014) with the weights and authorship rule used by
//! Avelino, Passos, Hora and Valente, "A Novel Approach for Estimating Truck Factors", ICPC 2016
//! (reference implementation: aserg-ufmg/Truck-Factor, `AuthorshipInfo` / `DOACalculator`).
//!
//! `DOA(d,f) = 3.293 + 1.098·FA + 0.164·DL − 0.321·ln(1 + AC)` where FA = 1 when d created f
//! (the earliest add; a developer who re-adds a deleted file is also a first author), DL = d's
//! changes to f (modifications and renames; re-adds and deletes are not deliveries), AC = the
//! changes to f made by others. d is an **author** of f when `DOA/max DOA(f) > 0.75` and
//! (`DOA ≥ 3.293` or FA). Merges count nothing (the loader never passes them); a commit's
//! co-authors are contributors to it, so each of them is credited for the change.

use super::ChangeKind;

/// The base authorship weight (also the absolute threshold of the authorship rule).
pub const BASE: f64 = 3.293;
/// Weight of first authorship.
pub const W_FA: f64 = 1.098;
/// Weight of each delivery.
pub const W_DL: f64 = 0.164;
/// Weight of `ln(1 + AC)`.
pub const W_AC: f64 = 0.321;
/// Normalised-DOA threshold of the authorship rule.
pub const NORMALIZED_THRESHOLD: f64 = 0.75;

/// The DOA formula itself.
pub fn doa(first_author: bool, deliveries: u32, acceptances: u32) -> f64 {
    BASE + W_FA * f64::from(u8::from(first_author)) + W_DL * f64::from(deliveries)
        - W_AC * (1.0 + f64::from(acceptances)).ln()
}

/// The authorship rule: `doa / max_doa > 0.75` and (`doa ≥ 3.293` or first author).
pub fn is_author(doa: f64, max_doa: f64, first_author: bool) -> bool {
    max_doa > 0.0 && doa / max_doa > NORMALIZED_THRESHOLD && (doa >= BASE || first_author)
}

/// One change to a file (renames followed), in history order, with everyone credited for it.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    pub kind: ChangeKind,
    /// Developer indices credited with the change: the author and any co-authors.
    pub devs: &'a [usize],
}

/// One developer's standing on one file, with the inputs it came from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Authorship {
    pub dev: usize,
    pub first_author: bool,
    /// DL: this developer's modifications and renames of the file.
    pub deliveries: u32,
    /// AC: modifications and renames of the file by others.
    pub acceptances: u32,
    pub doa: f64,
    /// `doa / max doa(f)`.
    pub normalized: f64,
    pub author: bool,
}

/// DOA of every developer who touched the file, best first (ties: lower developer index first).
pub fn file_authorship(events: &[Event<'_>]) -> Vec<Authorship> {
    struct Acc {
        first_author: bool,
        deliveries: u32,
    }
    let mut accs: Vec<(usize, Acc)> = Vec::new();
    let mut changes = 0u32;
    for ev in events {
        let mut counted = false;
        for &dev in dedup(ev.devs).iter() {
            let idx = match accs.iter().position(|(d, _)| *d == dev) {
                Some(i) => i,
                None => {
                    accs.push((
                        dev,
                        Acc {
                            first_author: false,
                            deliveries: 0,
                        },
                    ));
                    accs.len() - 1
                }
            };
            let acc = &mut accs[idx].1;
            match ev.kind {
                // The earliest add makes its contributors first authors; a later add (the file
                // was deleted and re-created) makes a *different* developer a first author too.
                // Extra adds by an existing first author are ignored, as in the reference code.
                ChangeKind::Added => acc.first_author = true,
                ChangeKind::Modified | ChangeKind::Renamed => {
                    acc.deliveries += 1;
                    counted = true;
                }
                ChangeKind::Deleted => {}
            }
        }
        if counted {
            changes += 1;
        }
    }
    let mut out: Vec<Authorship> = accs
        .into_iter()
        .map(|(dev, a)| {
            let acceptances = changes - a.deliveries;
            Authorship {
                dev,
                first_author: a.first_author,
                deliveries: a.deliveries,
                acceptances,
                doa: doa(a.first_author, a.deliveries, acceptances),
                normalized: 0.0,
                author: false,
            }
        })
        .collect();
    let max = out.iter().map(|a| a.doa).fold(0.0_f64, f64::max);
    for a in &mut out {
        a.normalized = if max > 0.0 { a.doa / max } else { 0.0 };
        a.author = is_author(a.doa, max, a.first_author);
    }
    out.sort_by(|a, b| b.doa.total_cmp(&a.doa).then(a.dev.cmp(&b.dev)));
    out
}

/// The authors of a file (developer indices, best DOA first).
pub fn authors(events: &[Event<'_>]) -> Vec<usize> {
    file_authorship(events)
        .into_iter()
        .filter(|a| a.author)
        .map(|a| a.dev)
        .collect()
}

fn dedup(devs: &[usize]) -> Vec<usize> {
    let mut v = devs.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChangeKind::*;

    fn round4(x: f64) -> f64 {
        (x * 10_000.0).round() / 10_000.0
    }

    #[test]
    fn published_test_vectors() {
        assert_eq!(round4(doa(true, 0, 2)), 4.0383);
        assert_eq!(round4(doa(false, 2, 0)), 3.6210);
        assert_eq!(round4(doa(false, 2, 0) / doa(true, 0, 2)), 0.8967);
    }

    #[test]
    fn creator_and_maintainer_are_both_authors() {
        // dev 0 creates the file; dev 1 changes it twice: the vectors, from events.
        let (a, b) = ([0usize], [1usize]);
        let events = [
            Event {
                kind: Added,
                devs: &a,
            },
            Event {
                kind: Modified,
                devs: &b,
            },
            Event {
                kind: Renamed,
                devs: &b,
            },
        ];
        let got = file_authorship(&events);
        assert_eq!(got[0].dev, 0);
        assert!(got[0].first_author);
        assert_eq!((got[0].deliveries, got[0].acceptances), (0, 2));
        assert_eq!(round4(got[0].doa), 4.0383);
        assert_eq!((got[1].deliveries, got[1].acceptances), (2, 0));
        assert_eq!(round4(got[1].normalized), 0.8967);
        assert!(got[0].author && got[1].author);
    }

    #[test]
    fn a_heavy_maintainer_displaces_the_creator() {
        // dev 0 creates; dev 1 makes 10 changes: DOA(1) = 3.293+1.64 = 4.933,
        // DOA(0) = 4.391 − 0.321·ln 11 = 3.6213 → normalised 0.734 < 0.75: not an author.
        let (a, b) = ([0usize], [1usize]);
        let mut events = vec![Event {
            kind: Added,
            devs: &a,
        }];
        events.extend((0..10).map(|_| Event {
            kind: Modified,
            devs: &b,
        }));
        let got = file_authorship(&events);
        assert_eq!(got[0].dev, 1);
        assert!(got[0].author);
        assert_eq!(got[1].dev, 0);
        assert!(!got[1].author, "normalised {}", got[1].normalized);
        assert_eq!(authors(&events), vec![1]);
    }

    #[test]
    fn a_minor_contributor_below_the_absolute_threshold_is_not_an_author() {
        // dev 1 changes once while dev 0 changes many times after creating.
        let (a, b) = ([0usize], [1usize]);
        let mut events = vec![Event {
            kind: Added,
            devs: &a,
        }];
        events.extend((0..3).map(|_| Event {
            kind: Modified,
            devs: &a,
        }));
        events.push(Event {
            kind: Modified,
            devs: &b,
        });
        let got = file_authorship(&events);
        let one = got.iter().find(|x| x.dev == 1).unwrap();
        // DOA = 3.293 + 0.164 − 0.321·ln 4 = 3.0120 < 3.293
        assert_eq!(round4(one.doa), 3.0120);
        assert!(!one.author);
    }

    #[test]
    fn re_adding_a_deleted_file_makes_a_first_author_and_deletes_count_nothing() {
        let (a, b) = ([0usize], [1usize]);
        let events = [
            Event {
                kind: Added,
                devs: &a,
            },
            Event {
                kind: Deleted,
                devs: &a,
            },
            Event {
                kind: Added,
                devs: &b,
            },
        ];
        let got = file_authorship(&events);
        assert!(got
            .iter()
            .all(|x| x.first_author && x.deliveries == 0 && x.acceptances == 0));
        assert!(got.iter().all(|x| x.author));
    }

    #[test]
    fn co_authors_are_credited_for_the_same_change() {
        let a = [0usize];
        let pair = [1usize, 2usize];
        let events = [
            Event {
                kind: Added,
                devs: &a,
            },
            Event {
                kind: Modified,
                devs: &pair,
            },
        ];
        let got = file_authorship(&events);
        let one = got.iter().find(|x| x.dev == 1).unwrap();
        let two = got.iter().find(|x| x.dev == 2).unwrap();
        assert_eq!((one.deliveries, one.acceptances), (1, 0));
        assert_eq!(one.doa, two.doa);
        // the creator saw one change by others
        assert_eq!(got.iter().find(|x| x.dev == 0).unwrap().acceptances, 1);
    }
}
