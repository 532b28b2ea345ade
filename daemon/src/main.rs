//! The `aexy` binary: hands the command line to [`aexy::cli`].

// The indexer's worker threads allocate many small buffers; glibc's malloc spent ~13% of a
// full index in its own bookkeeping (perf, rust-lang/cargo), mimalloc a fraction of that.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v2 and v3; the Rust binding has no name for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // Give freed pages back to the OS after 100 ms instead of mimalloc's 10: every blob, diff and
    // delta result is a fresh buffer, and with pages purged at once each one was faulted back in
    // (git/git: 9.5 s of system time, madvise and page faults ~12 % of all CPU). At 100 ms the
    // system time is 4.5 s and the whole index ~10 % faster; peak RSS 455 MB (was 430; ruff
    // 455, was 403; cargo 266, was 248), under the 500 MB the index is held to. (0 ms was chosen
    // when the peak was 515 MB; 1,000 ms reached 495-520 MB.)
    // SAFETY: sets one allocator option before any thread starts; mimalloc reads it atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 100) };
    // No transparent huge pages: a purged page faulted back in could be a 2 MiB one to clear.
    // git/git's index peaked about 20 MB lower (424-431 MB against 442-460, purging at once) in
    // the same time, within the machine's noise (five runs each way).
    // (mimalloc's own `allow_thp` option is read when it starts, before `main`: too late here.)
    // SAFETY: prctl with integer arguments only; it changes this process's page policy.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0)
    };
    aexy::cli::main()
}
