//! Newline-delimited JSON decoded incrementally from byte chunks (Ollama and other streaming
//! APIs): complete lines out as they arrive, CRLF tolerated, blank lines skipped.

use serde::de::DeserializeOwned;

use super::NetError;

#[derive(Default)]
pub struct NdjsonDecoder {
    pending: Vec<u8>,
}

impl NdjsonDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds bytes; returns the complete, non-blank lines (without their line end).
    pub fn push(&mut self, chunk: &[u8]) -> Vec<String> {
        self.pending.extend_from_slice(chunk);
        let mut lines = Vec::new();
        while let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            push_line(&line[..end], &mut lines);
        }
        lines
    }

    /// End of stream: the last line if it had no line end.
    pub fn finish(&mut self) -> Vec<String> {
        let mut lines = Vec::new();
        let rest = std::mem::take(&mut self.pending);
        push_line(&rest, &mut lines);
        lines
    }

    /// `push`, each line parsed as `T`. A malformed line is a `NetError::Decode` naming the
    /// parse error, never the line (it could hold user content).
    pub fn push_json<T: DeserializeOwned>(&mut self, chunk: &[u8]) -> Vec<Result<T, NetError>> {
        self.push(chunk).iter().map(|l| parse(l)).collect()
    }
}

fn push_line(line: &[u8], lines: &mut Vec<String>) {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let text = String::from_utf8_lossy(line);
    if !text.trim().is_empty() {
        lines.push(text.into_owned());
    }
}

pub fn parse<T: DeserializeOwned>(line: &str) -> Result<T, NetError> {
    serde_json::from_str(line).map_err(|e| NetError::Decode {
        detail: format!("malformed JSON line ({e})"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_across_chunks() {
        let mut d = NdjsonDecoder::new();
        assert!(d.push(b"{\"a\":1}\r\n{\"a\"").len() == 1);
        assert_eq!(
            d.push(b":2}\n\n  \n{\"a\":3}"),
            vec!["{\"a\":2}".to_string()]
        );
        assert_eq!(d.finish(), vec!["{\"a\":3}".to_string()]);
    }

    #[test]
    fn json_values_and_errors() {
        #[derive(serde::Deserialize, Debug)]
        struct A {
            a: u32,
        }
        let mut d = NdjsonDecoder::new();
        let out: Vec<Result<A, _>> = d.push_json(b"{\"a\":1}\nnot json secret@example.com\n");
        assert_eq!(out[0].as_ref().unwrap().a, 1);
        let err = out[1].as_ref().unwrap_err().to_string();
        assert!(!err.contains("secret"), "{err}");
    }
}
