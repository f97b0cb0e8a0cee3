//! Splitting work between the cores.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvError, TryRecvError};
use std::time::{Duration, Instant};

/// Keeps the other cores from dozing off while this process starts up; see
/// [`keep_cores_awake`]. Dropping it lets them rest.
#[must_use = "the cores are kept awake until this is dropped"]
pub struct AwakeCores {
    stop: Arc<AtomicBool>,
}

impl Drop for AwakeCores {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Starts one thread per other core that does nothing but yield, for at most `limit` or until
/// the returned guard is dropped.
///
/// A short run (a 30,000-character plan lints in a few milliseconds) spends its time in bursts
/// on two threads: the rules load beside the parse, then the blocks are judged in halves. On a
/// virtual machine whose idle cores halt, a core that has had nothing to do for a millisecond
/// or two takes about as long to wake, so the second thread of each burst waits for it, or
/// shares the first core (measured on the 2-core machine of BENCHMARKS.md: a 1x plan used 1.1
/// cores and took a fifth longer). A thread that keeps yielding keeps its core awake, and gives
/// way at once to any real work that lands there.
pub fn keep_cores_awake(limit: Duration) -> AwakeCores {
    let stop = Arc::new(AtomicBool::new(false));
    let others = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .saturating_sub(1)
        .min(MAX_KEEPERS);
    for _ in 0..others {
        let stop = Arc::clone(&stop);
        // Should the thread not start, the run is only slower.
        let _ = std::thread::Builder::new()
            .name("callplan-awake".into())
            .spawn(move || {
                let start = Instant::now();
                while !stop.load(Ordering::Relaxed) && start.elapsed() < limit {
                    std::thread::yield_now();
                }
            });
    }
    AwakeCores { stop }
}

/// Cores kept awake at most besides the one of the caller.
const MAX_KEEPERS: usize = 7;

/// Receives from `rx`, waiting for at most `spin` by polling (the core stays awake, so a message
/// that comes soon is taken at once) and after that by blocking. `Err` once all senders are gone.
///
/// On a virtual machine whose idle cores halt, a thread that blocks gives up its core, and
/// waking it takes about a millisecond, a tenth of a small plan's run; a short run whose two
/// threads hand work to each other therefore waits by polling.
pub fn recv_spinning<T>(rx: &Receiver<T>, spin: Duration) -> Result<T, RecvError> {
    let start = Instant::now();
    loop {
        for _ in 0..SPINS_PER_CHECK {
            match rx.try_recv() {
                Ok(v) => return Ok(v),
                Err(TryRecvError::Disconnected) => return Err(RecvError),
                Err(TryRecvError::Empty) => std::thread::yield_now(),
            }
        }
        if start.elapsed() >= spin {
            return rx.recv();
        }
    }
}

/// Polls between two looks at the clock in [`recv_spinning`].
const SPINS_PER_CHECK: u32 = 64;

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

    /// The threads named `callplan-awake` of this process.
    #[cfg(target_os = "linux")]
    fn keepers() -> usize {
        std::fs::read_dir("/proc/self/task")
            .map(|tasks| {
                tasks
                    .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
                    .filter(|name| name.trim() == "callplan-awake")
                    .count()
            })
            .unwrap_or(0)
    }

    /// Waits up to two seconds for `done`.
    #[cfg(target_os = "linux")]
    fn eventually(done: impl Fn() -> bool) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(2) {
            if done() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        false
    }

    /// One keeper per other core runs while the guard lives, and none is left after it is
    /// dropped or after the time limit.
    #[cfg(target_os = "linux")]
    #[test]
    fn cores_are_kept_awake_until_the_guard_goes_or_the_limit() {
        let others = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .saturating_sub(1)
            .min(MAX_KEEPERS);
        let guard = keep_cores_awake(Duration::from_secs(60));
        assert!(eventually(|| keepers() == others), "{} keepers", keepers());
        drop(guard);
        assert!(eventually(|| keepers() == 0), "{} keepers left", keepers());
        let _guard = keep_cores_awake(Duration::from_millis(5));
        assert!(
            eventually(|| keepers() == 0),
            "{} keepers past the limit",
            keepers()
        );
    }

    /// A message sent while the receiver polls, or after it has gone over to blocking, arrives;
    /// once the senders are gone, the receiver hears so.
    #[test]
    fn spinning_receiver_gets_early_and_late_messages() {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_millis(5));
                tx.send(1).unwrap();
                std::thread::sleep(Duration::from_millis(30));
                tx.send(2).unwrap();
            });
            assert_eq!(recv_spinning(&rx, Duration::from_secs(10)), Ok(1));
            assert_eq!(recv_spinning(&rx, Duration::from_millis(1)), Ok(2));
        });
        drop(tx);
        assert_eq!(recv_spinning(&rx, Duration::from_secs(10)), Err(RecvError));
    }

    #[test]
    fn runs_come_back_in_order() {
        assert_eq!(map_runs(&[0, 3, 3, 10], |r| r.len()), vec![3, 0, 7]);
        assert_eq!(map_runs(&[2, 5], |r| r.start), vec![2]);
        assert!(map_runs(&[4], |r| r.len()).is_empty());
    }
}
