//! Atlassian Document Format (the JSON tree Jira Cloud's v3 API returns for descriptions) to
//! plain text: paragraphs and headings as lines, list items with "- ", mentions and links as
//! their text, code as-is. Jira's v2 API (and Server) send plain strings: kept as they are.

use serde_json::Value;

/// The text of a description: an ADF document, a plain string, or nothing.
pub fn to_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(_) => {
            let mut out = String::new();
            walk(value, &mut out);
            out.trim().to_string()
        }
        _ => String::new(),
    }
}

fn walk(node: &Value, out: &mut String) {
    let kind = node.get("type").and_then(Value::as_str).unwrap_or("");
    let attr = |name: &str| {
        node.get("attrs")
            .and_then(|a| a.get(name))
            .and_then(Value::as_str)
            .unwrap_or("")
    };
    match kind {
        "text" => out.push_str(node.get("text").and_then(Value::as_str).unwrap_or("")),
        "hardBreak" => out.push('\n'),
        "mention" => out.push_str(attr("text")),
        "emoji" => out.push_str(attr("shortName")),
        "inlineCard" | "blockCard" => out.push_str(attr("url")),
        "listItem" => {
            out.push_str("- ");
            children(node, out);
            ensure_newline(out);
        }
        "paragraph" | "heading" | "codeBlock" | "blockquote" | "panel" | "rule" | "tableRow" => {
            children(node, out);
            ensure_newline(out);
        }
        "tableCell" | "tableHeader" => {
            children(node, out);
            out.push(' ');
        }
        _ => children(node, out),
    }
}

fn children(node: &Value, out: &mut String) {
    if let Some(items) = node.get("content").and_then(Value::as_array) {
        for child in items {
            walk(child, out);
        }
    }
}

fn ensure_newline(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_document_with_lists_mentions_code_and_links() {
        let doc = json!({"type":"doc","version":1,"content":[
            {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Crash on save"}]},
            {"type":"paragraph","content":[
                {"type":"text","text":"In "},
                {"type":"text","text":"src/store/writer.rs","marks":[{"type":"code"}]},
                {"type":"text","text":", ask "},
                {"type":"mention","attrs":{"id":"5b10a2844c20165700ede21g","text":"@Ann Lee"}},
                {"type":"hardBreak"},
                {"type":"inlineCard","attrs":{"url":"https://example.invalid/x"}}]},
            {"type":"bulletList","content":[
                {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"first"}]}]},
                {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"second"}]}]}]},
            {"type":"codeBlock","attrs":{"language":"rust"},"content":[{"type":"text","text":"fn main() {}"}]}
        ]});
        assert_eq!(
            to_text(&doc),
            "Crash on save\nIn src/store/writer.rs, ask @Ann Lee\nhttps://example.invalid/x\n- first\n- second\nfn main() {}"
        );
        assert_eq!(to_text(&json!("plain v2 text")), "plain v2 text");
        assert_eq!(to_text(&Value::Null), "");
    }
}
