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
    }
}
