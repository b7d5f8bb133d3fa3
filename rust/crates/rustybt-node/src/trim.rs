//! Memory given back: buffers the reader frees at the end of a batch lie in the
//! allocator's arenas (one per pool thread that allocated), where they would stay
//! resident, counted against the process, until reused. Trimming returns their pages.

/// Asks the allocator to return the free pages of every arena to the system (glibc's
/// `malloc_trim`); elsewhere nothing is done and the pages are reused as before.
pub fn return_free_pages() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases memory no allocation uses; it takes no pointer.
    unsafe {
        libc::malloc_trim(0);
    }
}
