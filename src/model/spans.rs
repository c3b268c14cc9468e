//! Where things are in a RON file.
//!
//! serde gives us the values of a model file but not their positions, and
//! ron has no `Spanned<T>`. Once a file has deserialized, we walk it a
//! second time with a small tokenizer and build a tree of spans with the
//! same shape as the value, so a problem found later (an unknown id in the
//! third edge) can point at `file:line:col` of the exact string.

use std::ops::Range;

/// The span tree of one RON value.
#[derive(Debug, Clone, Default)]
pub struct SpanTree {
    pub span: Range<usize>,
    /// Named fields of a struct or map, in file order.
    pub fields: Vec<(String, SpanTree)>,
    /// Elements of a list or tuple, in file order.
    pub items: Vec<SpanTree>,
}

impl SpanTree {
    /// The subtree of field `key`, if present.
    pub fn field(&self, key: &str) -> Option<&SpanTree> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Span of field `key`, or of the whole value when the field is absent
    /// (a missing field is best shown at the value that lacks it).
    pub fn field_span(&self, key: &str) -> Range<usize> {
        self.field(key)
            .map_or(self.span.clone(), |t| t.span.clone())
    }

    /// Element `i` of list field `key`.
    pub fn item(&self, key: &str, i: usize) -> Option<&SpanTree> {
        self.field(key).and_then(|t| t.items.get(i))
    }
}

/// A token; its text is the span it comes with. (Tokens own no
/// strings: only field names are ever copied, when the tree is built.)
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Open,
    Close,
    Colon,
    Comma,
    Ident,
    /// A quoted string, its contents between the quotes.
    Str,
    /// A raw string `r#"…"#`, whose contents never name a field.
    RawStr,
    Atom,
}

fn tokenize(text: &str) -> Vec<(Tok, Range<usize>)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let mut depth = 0usize;
                while i < bytes.len() {
                    if bytes[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if bytes[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'#' => {
                // `#![enable(...)]`: skip to the closing bracket.
                while i < bytes.len() && bytes[i] != b']' {
                    i += 1;
                }
                i += 1;
            }
            b'(' | b'[' | b'{' => {
                out.push((Tok::Open, start..i + 1));
                i += 1;
            }
            b')' | b']' | b'}' => {
                out.push((Tok::Close, start..i + 1));
                i += 1;
            }
            b':' => {
                out.push((Tok::Colon, start..i + 1));
                i += 1;
            }
            b',' => {
                out.push((Tok::Comma, start..i + 1));
                i += 1;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                let end = (i + 1).min(bytes.len());
                out.push((Tok::Str, start..end));
                i = end;
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) => {
                let mut hashes = 0;
                i += 1;
                while i < bytes.len() && bytes[i] == b'#' {
                    hashes += 1;
                    i += 1;
                }
                i += 1;
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                while i < bytes.len() && !bytes[i..].starts_with(&close) {
                    i += 1;
                }
                i = (i + close.len()).min(bytes.len());
                out.push((Tok::RawStr, start..i));
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                out.push((Tok::Ident, start..i));
            }
            _ => {
                while i < bytes.len() && !b" \t\r\n()[]{}:,\"".contains(&bytes[i]) {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                out.push((Tok::Atom, start..i));
            }
        }
    }
    out
}

struct Walker<'t> {
    text: &'t str,
    toks: Vec<(Tok, Range<usize>)>,
    pos: usize,
}

impl Walker<'_> {
    fn peek(&self, ahead: usize) -> Option<Tok> {
        self.toks.get(self.pos + ahead).map(|(t, _)| *t)
    }

    /// Whether the token `ahead` of the current one is `(`.
    fn opens_paren(&self, ahead: usize) -> bool {
        self.toks
            .get(self.pos + ahead)
            .is_some_and(|(t, r)| *t == Tok::Open && self.text.as_bytes()[r.start] == b'(')
    }

    /// The field name a token stands for: an identifier, or a quoted
    /// string's contents.
    fn key(&self, tok: Tok, span: &Range<usize>) -> String {
        let inner = match tok {
            Tok::Ident => self.text.get(span.clone()),
            Tok::Str => self
                .text
                .get(span.start + 1..span.end.saturating_sub(1).max(span.start + 1)),
            _ => None,
        };
        inner.unwrap_or_default().to_string()
    }

    fn value(&mut self) -> SpanTree {
        let Some((tok, span)) = self.toks.get(self.pos).cloned() else {
            return SpanTree::default();
        };
        match tok {
            // `Some(x)` or a named struct `Name(...)`: the name is part of the value.
            Tok::Ident if self.opens_paren(1) => {
                self.pos += 1;
                let mut inner = self.group();
                inner.span.start = span.start;
                inner
            }
            Tok::Open => self.group(),
            _ => {
                self.pos += 1;
                SpanTree {
                    span,
                    ..SpanTree::default()
                }
            }
        }
    }

    /// `( … )`, `[ … ]` or `{ … }`: fields when entries are `key: value`,
    /// items otherwise.
    fn group(&mut self) -> SpanTree {
        let start = self.toks[self.pos].1.start;
        self.pos += 1;
        let mut tree = SpanTree {
            span: start..start,
            ..SpanTree::default()
        };
        loop {
            match self.peek(0) {
                None => {
                    tree.span.end = self.toks.last().map_or(start, |t| t.1.end);
                    return tree;
                }
                Some(Tok::Close) => {
                    tree.span.end = self.toks[self.pos].1.end;
                    self.pos += 1;
                    return tree;
                }
                Some(Tok::Comma) => self.pos += 1,
                Some(t @ (Tok::Ident | Tok::Str | Tok::RawStr))
                    if self.peek(1) == Some(Tok::Colon) =>
                {
                    let key = self.key(t, &self.toks[self.pos].1);
                    self.pos += 2;
                    let v = self.value();
                    tree.fields.push((key, v));
                }
                Some(_) => {
                    let before = self.pos;
                    let v = self.value();
                    tree.items.push(v);
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
            }
        }
    }
}

/// Builds the span tree of the top-level value of `text`.
pub fn span_tree(text: &str) -> SpanTree {
    let mut w = Walker {
        text,
        toks: tokenize(text),
        pos: 0,
    };
    w.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fields_of_list_elements() {
        let text = r#"#![enable(implicit_some)]
// comment
(
    nodes: [ (id: "a", name: "Å"), (id: "b", aliases: ["x", "y"]) ],
    edges: [(from: "a", rel: "bereder", to: "zz", count: 2)],
)"#;
        let t = span_tree(text);
        let edge = t.item("edges", 0).unwrap();
        assert_eq!(&text[edge.field_span("to")], "\"zz\"");
        let b = t.item("nodes", 1).unwrap();
        assert_eq!(&text[b.item("aliases", 1).unwrap().span.clone()], "\"y\"");
        assert_eq!(
            &text[t.item("nodes", 0).unwrap().field_span("name")],
            "\"Å\""
        );
    }

    #[test]
    fn survives_garbage() {
        for text in ["", "(", ")", "[(]", "\"open", "r#\"x", "(a: Some(", "/* x"] {
            let _ = span_tree(text);
        }
    }
}
