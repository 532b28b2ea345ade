//! Human output reaches the terminal without control characters. Commit subjects, names and
//! paths are printed by every command, and a terminal obeys the escape sequences they may hold
//! (clearing the screen, rewriting the title, OSC 8 links, hiding text with `\r`), also later,
//! when a saved output is `cat`ed. So for human output, stdout is a pipe read by one thread that
//! replaces every hazardous character (`escape::is_hazard`) before the real stdout: one choke
//! point, whatever a command prints. `--json` output is left alone (serde escapes controls).

use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::io::{FromRawFd, RawFd};
use std::thread::JoinHandle;

/// While alive, stdout is filtered; dropping it flushes, restores stdout and waits for the
/// filter to write everything.
pub struct Filtered {
    saved: RawFd,
    thread: Option<JoinHandle<()>>,
}

/// Routes stdout through the filter; `None` (unfiltered) if the pipe cannot be set up.
pub fn filter_stdout() -> Option<Filtered> {
    // SAFETY: plain descriptor calls on fds this function owns; fd 1 is replaced atomically by
    // dup2 before any output is written (called first thing in `main`).
    unsafe {
        let saved = libc::dup(1);
        if saved < 0 {
            return None;
        }
        let mut fds = [0; 2];
        if libc::pipe(fds.as_mut_ptr()) != 0 {
            libc::close(saved);
            return None;
        }
        let out = libc::dup(saved);
        if out < 0 || libc::dup2(fds[1], 1) < 0 {
            libc::close(fds[0]);
            libc::close(fds[1]);
            libc::close(saved);
            return None;
        }
        libc::close(fds[1]);
        let (input, output) = (File::from_raw_fd(fds[0]), File::from_raw_fd(out));
        let thread = std::thread::Builder::new()
            .name("aexy-stdout".into())
            .spawn(move || pump(input, output))
            .ok();
        Some(Filtered { saved, thread })
    }
}

impl Drop for Filtered {
    fn drop(&mut self) {
        let _ = std::io::stdout().flush();
        // SAFETY: restores fd 1 from our saved copy; this closes the pipe's write end, so the
        // filter thread reads end-of-file and finishes.
        unsafe {
            libc::dup2(self.saved, 1);
            libc::close(self.saved);
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Copies `input` to `output`, text made visible; UTF-8 sequences split across reads are kept
/// whole.
fn pump(mut input: File, mut output: File) {
    let mut buf = vec![0u8; 64 << 10];
    let mut pending: Vec<u8> = Vec::new();
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        pending.extend_from_slice(&buf[..n]);
        let cut = complete_prefix(&pending);
        let out = clean(&pending[..cut]);
        if output.write_all(out.as_bytes()).is_err() {
            return;
        }
        pending.drain(..cut);
    }
    let _ = output.write_all(clean(&pending).as_bytes());
    let _ = output.flush();
}

/// How much of `bytes` can be cleaned now: all but an incomplete UTF-8 sequence, or a carriage
/// return that may be the first half of a CRLF, at the end.
fn complete_prefix(bytes: &[u8]) -> usize {
    let n = match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        Err(_) => bytes.len(),
    };
    if n > 0 && bytes[n - 1] == b'\r' {
        n - 1
    } else {
        n
    }
}

/// `bytes` as text with every hazardous character (and invalid UTF-8) replaced; CRLF line
/// ends (a CSV report's) stay, a lone carriage return (which hides the text before it) does not.
pub fn clean(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .split("\r\n")
        .map(crate::escape::visible)
        .collect::<Vec<_>>()
        .join("\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_replaced_and_split_sequences_kept_whole() {
        assert_eq!(
            clean(b"a\x1b[2Jb\tc\n\xc2\x9b31m\r"),
            "a\u{fffd}[2Jb\tc\n\u{fffd}31m\u{fffd}"
        );
        assert_eq!(clean(b"a,b\r\nc\rd\r\n"), "a,b\r\nc\u{fffd}d\r\n");
        assert_eq!(complete_prefix(b"a\r"), 1, "a CR waits for its LF");
        let rlo = "x\u{202e}y".as_bytes();
        assert_eq!(
            complete_prefix(&rlo[..2]),
            1,
            "the override's first byte waits"
        );
        assert_eq!(clean(rlo), "x\u{fffd}y");
    }
}
