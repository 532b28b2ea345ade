//! Replays every checked-in corpus input (`fuzz/corpus/<target>/`) through its target, so what
//! the fuzzer once found keeps passing; bounded in time (the corpora are minimised).

use std::time::{Duration, Instant};

#[test]
fn every_corpus_input_passes_its_target() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let started = Instant::now();
    let mut total = 0;
    for (name, target) in aexy_fuzz::TARGETS {
        let dir = corpus.join(name);
        let mut inputs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        inputs.sort();
        assert!(!inputs.is_empty(), "the {name} corpus is empty");
        for input in &inputs {
            let data = std::fs::read(input).unwrap();
            let result = std::panic::catch_unwind(|| target(&data));
            assert!(result.is_ok(), "{name}: {} fails", input.display());
        }
        total += inputs.len();
        eprintln!("{name}: {} inputs", inputs.len());
    }
    eprintln!("{total} inputs in {:.1?}", started.elapsed());
    assert!(
        started.elapsed() < Duration::from_secs(300),
        "the replay must stay short"
    );
}
