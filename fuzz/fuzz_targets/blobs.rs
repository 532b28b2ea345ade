//! libFuzzer entry of the `blobs` target (see `aexy_fuzz::blobs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aexy_fuzz::blobs(data));
