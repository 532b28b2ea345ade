//! The `aexy` binary: hands the command line to [`aexy::cli`].

fn main() -> std::process::ExitCode {
    aexy::cli::main()
}
