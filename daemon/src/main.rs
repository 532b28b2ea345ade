//! The `aexy` binary: hands the command line to [`aexy::cli`].

// The indexer's worker threads allocate many small buffers; glibc's malloc spent ~13% of a
// full index in its own bookkeeping (perf, rust-lang/cargo), mimalloc a fraction of that.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    aexy::cli::main()
}
