//! One sort for the whole crate, compiled once.
//!
//! Why not `slice::sort_by`: the standard library's sorts (driftsort and ipnsort) are generic
//! over the element type *and* the comparator, so every call site with its own closure compiles
//! a fresh copy of the whole algorithm, a few kilobytes of wasm each. Before this module, 68 call
//! sites cost 216 KB of wasm (37 KB gzip), 4% of the page's first load.
//!
//! Here the algorithm runs once, on a permutation of indices, with the comparison behind a
//! `dyn` call; what is generic per call site is only a closure and [`apply_permutation`], a few
//! dozen instructions. The result is exactly `slice::sort_by`'s: a stable sort, so equal
//! elements keep their order (Kafka's assignors depend on that where Java's `Collections.sort`,
//! also stable, is used). The price is one `Vec<usize>` and an indirect call per comparison,
//! which the assignor benchmarks (`benches/assignor.rs`) measure.

use std::cmp::Ordering;

/// Sorts `v` stably by `compare`, as `slice::sort_by` does.
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = sorted_order(v.len(), &mut |i, j| compare(&v[i], &v[j]));
    apply_permutation(v, order);
}

/// Sorts `v` stably by the key `key` extracts, as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably in its natural order, as `slice::sort` does.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The indices `0..len` in the order `compare` puts them, ties by index: the one
/// instantiation of the standard library's stable sort.
fn sorted_order(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Rearranges `v` so that position `k` holds what was at `order[k]`, in place, by following
/// each cycle of the permutation once: `len` swaps at most.
fn apply_permutation<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..v.len() {
        let mut at = start;
        // A position whose order points at itself is in place, or was placed by an earlier cycle.
        while order[at] != at {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library_and_keeps_ties_in_order() {
        let mut pairs = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by_key(&mut pairs, |p| p.0);
        assert_eq!(pairs, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn empty_and_single_slices_are_left_alone() {
        let mut empty: Vec<u8> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut one = vec!["x".to_string()];
        sort(&mut one);
        assert_eq!(one, ["x"]);
    }
}

/// proptest is a host dev-dependency: the properties run natively.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any input, any comparator that ties often: the same result as `slice::sort_by`,
        /// element for element, ties included (the payload tells equal keys apart).
        #[test]
        fn equals_slice_sort_by(values in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut expected = values.clone();
            expected.sort_by_key(|a| a.0);
            let mut actual = values;
            sort_by(&mut actual, |a, b| a.0.cmp(&b.0));
            prop_assert_eq!(actual, expected);
        }

        #[test]
        fn reversed_comparators_and_natural_order_match_too(values in proptest::collection::vec(any::<i32>(), 0..100)) {
            let mut expected = values.clone();
            expected.sort_by(|a, b| b.cmp(a));
            let mut actual = values.clone();
            sort_by(&mut actual, |a, b| b.cmp(a));
            prop_assert_eq!(&actual, &expected);
            let mut natural = values;
            sort(&mut natural);
            expected.reverse();
            // Distinct equal i32 are indistinguishable, so reversing the descending order is the
            // ascending one.
            prop_assert_eq!(natural, expected);
        }
    }
}
