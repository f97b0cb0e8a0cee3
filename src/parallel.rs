//! Splitting work between the cores.

use std::ops::Range;

/// Runs `f` on each run `bounds[i]..bounds[i + 1]`, the first run on this thread and the others
/// on threads of their own, and returns the results in order. With fewer than three bounds
/// (one run or none) no thread is started.
pub(crate) fn map_runs<R: Send>(bounds: &[usize], f: impl Fn(Range<usize>) -> R + Sync) -> Vec<R> {
    let runs: Vec<Range<usize>> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
    let Some((first, rest)) = runs.split_first() else {
        return Vec::new();
    };
    if rest.is_empty() {
        return vec![f(first.clone())];
    }
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = rest
            .iter()
            .map(|run| {
                let run = run.clone();
                s.spawn(move || f(run))
            })
            .collect();
        let first = f(first.clone());
        std::iter::once(first)
            .chain(
                handles
                    .into_iter()
                    .map(|h| h.join().expect("a worker thread panicked")),
            )
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_come_back_in_order() {
        assert_eq!(map_runs(&[0, 3, 3, 10], |r| r.len()), vec![3, 0, 7]);
        assert_eq!(map_runs(&[2, 5], |r| r.start), vec![2]);
        assert!(map_runs(&[4], |r| r.len()).is_empty());
    }
}
