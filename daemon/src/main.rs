//! The `aexy` binary: hands the command line to [`aexy::cli`].
fn main() {}
