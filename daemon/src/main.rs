//! The `aexy` binary: hands the command line to [`aexy::cli`].

// The indexer's worker threads allocate many small buffers; glibc's malloc spent ~13% of a
// full index in its own bookkeeping (perf, rust-lang/cargo), mimalloc a fraction of that.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v2 and v3; the Rust binding has no name for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // Give freed pages back to the OS at once instead of after 10 ms: the replay frees and
    // reallocates file states all the time, and the delay kept ~20 MB more resident at the peak
    // of a git/git index (515 → 495 MB) for no measurable CPU.
    // SAFETY: sets one allocator option before any thread starts; mimalloc reads it atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    // No transparent huge pages: with pages purged at once, a page faulted back in could be a
    // 2 MiB one to clear. git/git's index peaked about 20 MB lower (424-431 MB against
    // 442-460) in the same time, within the machine's noise (five runs each way).
    // (mimalloc's own `allow_thp` option is read when it starts, before `main`: too late here.)
    // SAFETY: prctl with integer arguments only; it changes this process's page policy.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0)
    };
    aexy::cli::main()
}
