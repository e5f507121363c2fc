//! Stable sorting with one compiled copy of the standard library's sort for the whole app.
//!
//! `slice::sort_by` is compiled anew for every element type and comparator (about 4.5 kB of
//! wasm each); here only the small permutation step is generic.

use std::cmp::Ordering;

/// The indices `0..n` in the stable order `cmp` gives. Not generic: compiled once.
#[inline(never)]
fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
}

/// Sorts whole numbers (day counts) ascending, in place, without [`sort_by`]'s comparisons
/// through a `dyn` closure and an index (for plain numbers stability means nothing). A heapsort: a few hundred bytes of wasm where `sort_unstable` for `i64`
/// costs 1.6 kB gzip of the first load.
#[inline(never)]
pub fn sort_days(v: &mut [i64]) {
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// Moves `v[root]` down the max-heap `v[..end]` to its place.
fn sift_down(v: &mut [i64], mut root: usize, end: usize) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && v[child] < v[child + 1] {
            child += 1;
        }
        if v[root] >= v[child] {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

/// Sorts `v` stably by `cmp`, like `v.sort_by(cmp)`.
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let idx = order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(idx.into_iter().filter_map(|i| slots[i].take()));
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::sort_by;
    use proptest::prelude::*;

    proptest! {
        /// Same result as the standard stable sort, ties included (the second field tells).
        #[test]
        fn equals_the_standard_stable_sort(v in prop::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = v;
            std.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std);
        }

        /// The same order as the standard sort.
        #[test]
        fn days_sort_like_the_standard_sort(v in prop::collection::vec(-400i64..4000, 0..300)) {
            let mut ours = v.clone();
            super::sort_days(&mut ours);
            let mut std = v;
            std.sort();
            prop_assert_eq!(ours, std);
        }
    }
}
