//! libFuzzer entry of the `deltas` target (see `aexy_fuzz::deltas`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aexy_fuzz::deltas(data));
