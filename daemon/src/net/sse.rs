//! Server-Sent Events decoded incrementally from byte chunks, per the WHATWG HTML standard
//! §9.2 "Server-sent events" (event stream interpretation): `event`, multi-line `data`, `id`,
//! `retry`, comments, and LF / CR / CRLF line ends split across chunks.

/// One dispatched event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field, `"message"` when absent.
    pub event: String,
    /// The `data:` lines joined with `\n`.
    pub data: String,
    /// The last event ID seen so far (persists across events, as the standard says).
    pub id: Option<String>,
    /// A `retry:` reconnection time in milliseconds, if this event carried one.
    pub retry: Option<u64>,
}

/// The decoder: feed chunks with `push`, take complete events as they arrive.
#[derive(Default)]
pub struct SseDecoder {
    pending: Vec<u8>,
    started: bool,
    data: String,
    has_data: bool,
    event: String,
    last_id: Option<String>,
    retry: Option<u64>,
}

impl SseDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds bytes; returns the events completed by them.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<SseEvent> {
        self.pending.extend_from_slice(chunk);
        if !self.started && self.pending.len() >= 3 {
            if self.pending.starts_with(b"\xEF\xBB\xBF") {
                self.pending.drain(..3);
            }
            self.started = true;
        }
        let mut events = Vec::new();
        while let Some(end) = self.pending.iter().position(|&b| b == b'\n' || b == b'\r') {
            // A CR as the last byte may be the first half of CRLF: wait for more.
            let terminator = if self.pending[end] == b'\r' {
                match self.pending.get(end + 1) {
                    Some(b'\n') => 2,
                    Some(_) => 1,
                    None => break,
                }
            } else {
                1
            };
            let line: Vec<u8> = self.pending.drain(..end + terminator).take(end).collect();
            self.line(&String::from_utf8_lossy(&line), &mut events);
        }
        events
    }

    /// End of stream: a trailing CR ends its line; an event without its blank line is dropped
    /// (as the standard says for an incomplete event at end of file).
    pub fn finish(&mut self) -> Vec<SseEvent> {
        let mut events = Vec::new();
        if self.pending.ends_with(b"\r") {
            let line: Vec<u8> = self.pending.drain(..).collect();
            self.line(
                &String::from_utf8_lossy(&line[..line.len() - 1]),
                &mut events,
            );
        }
        self.pending.clear();
        events
    }

    fn line(&mut self, line: &str, events: &mut Vec<SseEvent>) {
        if line.is_empty() {
            self.dispatch(events);
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = value.to_string(),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
                self.has_data = true;
            }
            "id" if !value.contains('\0') => self.last_id = Some(value.to_string()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok();
            }
            _ => {}
        }
    }

    fn dispatch(&mut self, events: &mut Vec<SseEvent>) {
        let retry = self.retry.take();
        if !self.has_data {
            self.event.clear();
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        if data.ends_with('\n') {
            data.pop();
        }
        let event = std::mem::take(&mut self.event);
        self.has_data = false;
        events.push(SseEvent {
            event: if event.is_empty() {
                "message".into()
            } else {
                event
            },
            data,
            id: self.last_id.clone(),
            retry,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(chunks: &[&[u8]]) -> Vec<SseEvent> {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        for c in chunks {
            out.extend(d.push(c));
        }
        out.extend(d.finish());
        out
    }

    #[test]
    fn standard_examples() {
        // The standard's examples: multi-line data, comments, ids, event types.
        let ev = all(&[b": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n"]);
        assert_eq!(ev.len(), 3);
        assert_eq!(ev[0].data, "first event");
        assert_eq!(ev[0].id.as_deref(), Some("1"));
        assert_eq!(ev[1].data, "second event");
        assert_eq!(ev[1].id.as_deref(), Some(""));
        assert_eq!(ev[2].data, " third event");
        let ev = all(&[b"data: YHOO\ndata: +2\ndata: 10\n\n"]);
        assert_eq!(ev[0].data, "YHOO\n+2\n10");
        assert_eq!(ev[0].event, "message");
        let ev = all(&[b"event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\n"]);
        assert_eq!(
            (ev[0].event.as_str(), ev[1].event.as_str()),
            ("add", "remove")
        );
        // Two events, the second only data "" then a data line without colon.
        let ev = all(&[b"data\n\ndata\ndata\n\ndata:"]);
        assert_eq!(ev.len(), 2);
        assert_eq!(ev[0].data, "");
        assert_eq!(ev[1].data, "\n");
    }

    #[test]
    fn line_ends_split_across_chunks() {
        let ev = all(&[
            b"\xEF\xBB",
            b"\xBFevent: x\r",
            b"\ndata: a\r",
            b"\r",
            b"data: b\rdata: c\n\n",
        ]);
        assert_eq!(ev.len(), 2);
        assert_eq!(ev[0].event, "x");
        assert_eq!(ev[0].data, "a");
        assert_eq!(ev[1].data, "b\nc");
    }

    #[test]
    fn retry_and_event_without_data() {
        let ev = all(&[b"retry: 3000\nevent: ping\n\ndata: x\n\n"]);
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].event, "message");
        assert_eq!(ev[0].retry, None);
        let ev = all(&[b"retry: 3000\ndata: x\n\n"]);
        assert_eq!(ev[0].retry, Some(3000));
    }
}
