//! The client options the daemon honours, from `initializationOptions` and later
//! `workspace/didChangeConfiguration`: how much a hover says, whether code lenses and inlay hints
//! appear, and the privacy opt-ins (e-mail addresses, other people's sustainability signals).
//! The daemon enforces them itself, so editors without a plugin (Helix, Zed, Sublime) get the
//! same behaviour from a few lines of configuration.

use serde_json::Value;

/// How much a hover says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoverDetail {
    /// The line's last change and the top three experts.
    Compact,
    /// Every expert (up to [`FULL_EXPERTS`]), each with their last activity.
    Full,
    /// No hover at all (lenses and commands still work).
    Off,
}

/// How many experts a full hover lists.
pub const FULL_EXPERTS: usize = 8;

/// Every option, with its default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `hoverDetail`: `"compact"` (default), `"full"` or `"off"`.
    pub hover: HoverDetail,
    /// `codeLens` (default true).
    pub code_lens: bool,
    /// `inlayHints` (default true).
    pub inlay_hints: bool,
    /// `privacy.showEmails` (default false): e-mail addresses in hovers and reports.
    pub show_emails: bool,
    /// `privacy.showSignalsForOthers` (default false): other people's sustainability signals,
    /// when the repository opts in too (`git config aexy.shareSignals true`).
    pub show_signals_for_others: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            hover: HoverDetail::Compact,
            code_lens: true,
            inlay_hints: true,
            show_emails: false,
            show_signals_for_others: false,
        }
    }
}

impl Options {
    /// Applies the keys present in `value` (the options object itself, or one nested under
    /// `"aexy"` as `workspace/didChangeConfiguration` sends it); absent keys keep their value.
    /// Returns a warning for every key with a value of the wrong kind (that key is ignored).
    pub fn apply(&mut self, value: &Value) -> Vec<String> {
        let mut warnings = Vec::new();
        let Some(obj) = value.get("aexy").unwrap_or(value).as_object() else {
            if !value.is_null() {
                warnings.push(format!("aexy options must be an object, not {value}"));
            }
            return warnings;
        };
        let mut flag = |key: &str, v: Option<&Value>, slot: &mut bool| match v {
            None => {}
            Some(Value::Bool(b)) => *slot = *b,
            Some(other) => warnings.push(format!("{key} must be true or false, not {other}")),
        };
        flag("codeLens", obj.get("codeLens"), &mut self.code_lens);
        flag("inlayHints", obj.get("inlayHints"), &mut self.inlay_hints);
        let privacy = obj.get("privacy");
        flag(
            "privacy.showEmails",
            privacy.and_then(|p| p.get("showEmails")),
            &mut self.show_emails,
        );
        flag(
            "privacy.showSignalsForOthers",
            privacy.and_then(|p| p.get("showSignalsForOthers")),
            &mut self.show_signals_for_others,
        );
        match obj.get("hoverDetail") {
            None => {}
            Some(v) => match v.as_str() {
                Some("compact") => self.hover = HoverDetail::Compact,
                Some("full") => self.hover = HoverDetail::Full,
                Some("off") => self.hover = HoverDetail::Off,
                _ => warnings.push(format!(
                    "hoverDetail must be \"compact\", \"full\" or \"off\", not {v}"
                )),
            },
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_are_private_and_compact() {
        let o = Options::default();
        assert_eq!(o.hover, HoverDetail::Compact);
        assert!(o.code_lens && o.inlay_hints);
        assert!(!o.show_emails && !o.show_signals_for_others);
    }

    #[test]
    fn applies_present_keys_and_keeps_the_rest() {
        let mut o = Options::default();
        let w = o.apply(&json!({
            "hoverDetail": "full",
            "codeLens": false,
            "privacy": { "showEmails": true }
        }));
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(o.hover, HoverDetail::Full);
        assert!(!o.code_lens && o.inlay_hints && o.show_emails && !o.show_signals_for_others);
        // didChangeConfiguration nests them under "aexy"
        let w = o.apply(&json!({ "aexy": { "hoverDetail": "off", "inlayHints": false } }));
        assert!(w.is_empty());
        assert_eq!(o.hover, HoverDetail::Off);
        assert!(!o.inlay_hints && !o.code_lens && o.show_emails);
    }

    #[test]
    fn wrong_kinds_are_reported_and_ignored() {
        let mut o = Options::default();
        let w = o.apply(&json!({
            "hoverDetail": "verbose",
            "codeLens": "no",
            "privacy": { "showEmails": 1 }
        }));
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w[0].contains("codeLens"), "{w:?}");
        assert_eq!(o, Options::default());
        assert_eq!(o.apply(&json!(null)), Vec::<String>::new());
        assert_eq!(o.apply(&json!([1])).len(), 1);
    }
}
