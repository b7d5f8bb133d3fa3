//! Buffers shared by the calls in flight. A call that reads file after file reuses
//! its buffers (fresh pages cost a fault each); kept per thread, every thread that
//! ever ran such a call would hold a set for good. Kept here, a set is lent to a call
//! and given back when it ends: as many sets exist as calls ever ran at once.

use std::ops::{Deref, DerefMut};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// A free list of buffer sets of type `T`, lent out one per call.
pub struct BufferPool<T> {
    state: Mutex<PoolState<T>>,
    /// Whether a set given back is worth keeping (one grown by an unusually large
    /// input is dropped rather than held until the process ends).
    keep: fn(&T) -> bool,
}

struct PoolState<T> {
    free: Vec<T>,
    lent: usize,
}

/// How many sets a pool holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolCounts {
    /// Sets lent to calls now.
    pub lent: usize,
    /// Sets kept for the next calls.
    pub kept: usize,
}

impl<T: Default> BufferPool<T> {
    /// An empty pool; `keep` decides whether a set given back is kept.
    pub const fn new(keep: fn(&T) -> bool) -> Self {
        BufferPool {
            state: Mutex::new(PoolState {
                free: Vec::new(),
                lent: 0,
            }),
            keep,
        }
    }

    /// Lends a kept set, or a new (default) one when every set is lent. It comes
    /// back when the returned guard is dropped.
    pub fn take(&self) -> Lent<'_, T> {
        let mut state = self.lock();
        state.lent += 1;
        let set = state.free.pop().unwrap_or_default();
        Lent {
            pool: self,
            set: Some(set),
        }
    }

    /// Drops the kept sets (the lent ones come back as usual) and returns how many: once
    /// a batch of calls is over, its memory need not wait for the next batch.
    pub fn release(&self) -> usize {
        let free = std::mem::take(&mut self.lock().free);
        free.len()
    }

    /// Sets lent and kept now.
    pub fn counts(&self) -> PoolCounts {
        let state = self.lock();
        PoolCounts {
            lent: state.lent,
            kept: state.free.len(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, PoolState<T>> {
        // The state is a list and a count, consistent between statements: a panic
        // elsewhere while the lock was held leaves nothing half-done.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A set lent by a [`BufferPool`], given back when dropped.
pub struct Lent<'a, T: Default> {
    pool: &'a BufferPool<T>,
    set: Option<T>,
}

impl<T: Default> Deref for Lent<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.set
            .as_ref()
            .expect("a lent set is present until dropped")
    }
}

impl<T: Default> DerefMut for Lent<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.set
            .as_mut()
            .expect("a lent set is present until dropped")
    }
}

impl<T: Default> Drop for Lent<'_, T> {
    fn drop(&mut self) {
        let Some(set) = self.set.take() else { return };
        let kept = (self.pool.keep)(&set);
        let mut state = self.pool.lock();
        state.lent -= 1;
        if kept {
            state.free.push(set);
        }
        // A set not kept is dropped here, after the lock is released.
        drop(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;

    fn small(set: &Vec<u8>) -> bool {
        set.capacity() <= 1024
    }

    #[test]
    fn one_call_after_another_reuses_one_set() {
        let pool = BufferPool::new(small);
        for _ in 0..5 {
            let mut set = pool.take();
            assert!(
                set.capacity() == 0 || set.capacity() >= 100,
                "the kept set comes back"
            );
            set.clear();
            set.extend_from_slice(&[1; 100]);
            assert_eq!(pool.counts(), PoolCounts { lent: 1, kept: 0 });
        }
        assert_eq!(pool.counts(), PoolCounts { lent: 0, kept: 1 });
    }

    #[test]
    fn holds_as_many_sets_as_calls_ran_at_once_whatever_the_threads() {
        let pool = BufferPool::new(small);
        // Eight threads, two calls at a time (a gate of two): never more than two sets.
        let gate = Mutex::new(());
        let second = Mutex::new(());
        let most = Mutex::new(0usize);
        std::thread::scope(|scope| {
            for t in 0..8 {
                let (pool, gate, second, most) = (&pool, &gate, &second, &most);
                scope.spawn(move || {
                    for _ in 0..50 {
                        let _slot = if t % 2 == 0 {
                            gate.lock()
                        } else {
                            second.lock()
                        };
                        let mut set = pool.take();
                        set.push(t as u8);
                        let counts = pool.counts();
                        let mut most = most.lock().unwrap();
                        *most = (*most).max(counts.lent + counts.kept);
                    }
                });
            }
        });
        assert!(*most.lock().unwrap() <= 2);
        let counts = pool.counts();
        assert_eq!(counts.lent, 0);
        assert!((1..=2).contains(&counts.kept), "{counts:?}");
    }

    #[test]
    fn calls_at_once_each_get_their_own_set() {
        let pool = BufferPool::new(small);
        let barrier = Barrier::new(3);
        std::thread::scope(|scope| {
            for t in 0..3u8 {
                let (pool, barrier) = (&pool, &barrier);
                scope.spawn(move || {
                    let mut set = pool.take();
                    set.push(t);
                    // All three hold a set here: none was handed to two calls.
                    barrier.wait();
                    assert_eq!(set.as_slice(), &[t]);
                    barrier.wait();
                });
            }
        });
        assert_eq!(pool.counts(), PoolCounts { lent: 0, kept: 3 });
    }

    #[test]
    fn releases_the_kept_sets_but_not_the_lent_ones() {
        let pool = BufferPool::new(small);
        let (mut a, mut b) = (pool.take(), pool.take());
        a.push(1);
        b.push(2);
        drop(a);
        assert_eq!(pool.release(), 1);
        assert_eq!(pool.counts(), PoolCounts { lent: 1, kept: 0 });
        drop(b);
        assert_eq!(pool.counts(), PoolCounts { lent: 0, kept: 1 });
        assert_eq!(pool.take().as_slice(), &[2]);
    }

    #[test]
    fn drops_a_set_grown_past_what_is_kept() {
        let pool = BufferPool::new(small);
        pool.take().extend_from_slice(&[0; 4096]);
        assert_eq!(pool.counts(), PoolCounts { lent: 0, kept: 0 });
        pool.take().push(1);
        assert_eq!(pool.counts(), PoolCounts { lent: 0, kept: 1 });
    }
}
