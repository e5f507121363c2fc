//! A fake of the browser's localStorage shared by simulated tabs: it stores the compact text and
//! a revision token like the app does, can be made to fail, and keeps the log of writes that
//! the browser would deliver to the other tabs as `storage` events.
// Test support only (feature `fake` or tests): a broken fixture should fail the test loudly.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use super::{SharedStorage, StorageError};
use crate::format::compact;
use crate::format::schema::LoadError;
use crate::Dataset;
use std::cell::RefCell;
use std::rc::Rc;

/// What the browser holds.
#[derive(Default, Debug)]
pub struct Disk {
    /// The stored text.
    pub text: Option<String>,
    /// The revision token.
    pub rev: Option<String>,
    /// Every write: which tab wrote which text (the `storage` events other tabs get).
    pub log: Vec<(usize, String)>,
    /// Writes fail with this (a full disk, say) while set.
    pub fail: Option<StorageError>,
    /// Writes so far.
    pub writes: usize,
    /// Slices of work a write is prepared in ([`SharedStorage::prepare`]; 0: none needed).
    pub slices: usize,
    /// Slices done for the save being prepared, and how many saves started preparing.
    pub sliced: (usize, usize),
}

/// One tab's handle on the shared [`Disk`].
#[derive(Clone, Debug)]
pub struct FakeStorage {
    /// The disk every handle shares.
    pub disk: Rc<RefCell<Disk>>,
    /// Which tab this handle belongs to.
    pub tab: usize,
    /// The data as the last slice of [`SharedStorage::prepare`] saw it: the next write stores
    /// this rather than what it is given, as the app's plan made ahead does, so a change the
    /// wiring forgets to announce ([`SharedStorage::changed`]) is a change lost in the tests too.
    ready: Option<Box<Dataset>>,
}

impl Default for FakeStorage {
    fn default() -> FakeStorage {
        FakeStorage::new()
    }
}

impl FakeStorage {
    /// A new, empty disk and the handle of tab 0.
    pub fn new() -> FakeStorage {
        FakeStorage {
            disk: Rc::default(),
            tab: 0,
            ready: None,
        }
    }

    /// Another tab's handle on the same disk.
    pub fn for_tab(&self, tab: usize) -> FakeStorage {
        FakeStorage {
            disk: self.disk.clone(),
            tab,
            ready: None,
        }
    }

    /// Puts `text` there as another program (an older or newer Kariz) would, with a new revision.
    pub fn put(&self, text: &str) {
        let mut disk = self.disk.borrow_mut();
        disk.writes += 1;
        disk.rev = Some(format!("rev-{}", disk.writes));
        disk.text = Some(text.to_string());
        disk.log.push((usize::MAX, text.to_string()));
    }

    /// The stored dataset (panics when there is none or it does not read).
    pub fn stored(&self) -> Dataset {
        compact::decode(
            self.disk
                .borrow()
                .text
                .as_deref()
                .expect("something stored"),
        )
        .expect("stored data reads")
    }
}

impl SharedStorage for FakeStorage {
    fn revision(&self) -> Option<String> {
        self.disk.borrow().rev.clone()
    }

    fn read(&self) -> Option<Result<Dataset, LoadError>> {
        let text = self.disk.borrow().text.clone()?;
        Some(compact::decode(&text))
    }

    fn prepare(&mut self, ds: &Dataset, first: bool) -> bool {
        let mut disk = self.disk.borrow_mut();
        if first {
            disk.sliced = (0, disk.sliced.1 + 1);
            self.ready = None;
        }
        disk.sliced.0 += 1;
        let done = disk.sliced.0 > disk.slices;
        if done {
            self.ready = Some(Box::new(ds.clone()));
        }
        done
    }

    fn changed(&mut self) {
        self.ready = None;
    }

    fn write(&mut self, ds: &Dataset) -> Result<super::Saved, StorageError> {
        let ready = self.ready.take();
        let text =
            compact::try_encode(ready.as_deref().unwrap_or(ds)).map_err(StorageError::Encode)?;
        let mut disk = self.disk.borrow_mut();
        if let Some(e) = disk.fail.clone() {
            return Err(e);
        }
        disk.writes += 1;
        let rev = format!("rev-{}", disk.writes);
        disk.rev = Some(rev.clone());
        disk.text = Some(text.clone());
        disk.log.push((self.tab, text.clone()));
        Ok(super::Saved {
            rev,
            chars: super::utf16_len(&text),
        })
    }
}
