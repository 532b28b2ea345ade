//! The `aexy` binary: hands the command line to [`aexy::cli`].
fn main() {
    if let Err(e) = aexy::cli::main() {
        eprintln!("aexy: {e:#}");
        std::process::exit(1);
    }
}
