//! The words on a chart: labels wrapped on word boundaries, tooltips that
//! quote the sources, and colours. Escaping for each output language
//! lives with its writer ([`super::dot`], [`super::mermaid`]).

use crate::graph::{BodyId, OrgGraph};

use super::EdgeKey;

/// Labels are wrapped at this many characters.
pub const WRAP: usize = 22;

/// Splits `s` into lines of at most `width` characters, breaking only
/// between words; a word longer than `width` gets a line of its own. Line
/// breaks in `s` are kept.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in s.split(['\n', '\r']) {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let fits = line.chars().count() + 1 + word.chars().count() <= width;
            if line.is_empty() {
                line.push_str(word);
            } else if fits {
                line.push(' ');
                line.push_str(word);
            } else {
                lines.push(std::mem::take(&mut line));
                line.push_str(word);
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// A body's name, with a short alias such as `PSG` appended when the name
/// does not already contain it: `Politisk samrådsgrupp vårdsamverkan (PSG)`.
pub fn display_name(g: &OrgGraph, b: BodyId) -> String {
    let n = g.node(b);
    let name = n.name.trim();
    let name = if name.is_empty() { &*n.id } else { name };
    let lower = name.to_lowercase();
    let short = g.aliases(b).find(|a| {
        let upper = a.chars().filter(|c| c.is_uppercase()).count();
        a.chars().count() <= 10
            && upper >= 2
            && !a.chars().any(char::is_whitespace)
            && !lower.contains(&a.to_lowercase())
    });
    match short {
        Some(a) => format!("{name} ({a})"),
        None => name.to_string(),
    }
}

/// A node's tooltip: name, kind, and the source quotes.
pub fn node_tooltip(g: &OrgGraph, b: BodyId) -> String {
    let kind = g.kind_of(b);
    let mut t = format!("{}\n{}", display_name(g, b), kind.label);
    if let Some(d) = g.details(b) {
        if let Some(sub) = &d.subkind {
            t.push_str(&format!(": {sub}"));
        }
        push_sources(g, &mut t, &d.sources);
    }
    t
}

/// An edge's tooltip: the fact as a sentence, its qualifiers, and the
/// source quotes of every model edge it stands for.
pub fn edge_tooltip(g: &OrgGraph, e: EdgeKey) -> String {
    let rel = g.catalog.relation(e.rel);
    let mut t = format!(
        "{} {} {}",
        display_name(g, e.from),
        rel.label,
        display_name(g, e.to)
    );
    for edge in g
        .out_edges(e.from)
        .filter(|x| x.rel == e.rel && x.to == e.to)
    {
        let Some(info) = edge.info else { continue };
        let mut quals = Vec::new();
        if let Some(c) = info.count {
            quals.push(format!("antal: {c}"));
        }
        if let Some(f) = &info.valid_from {
            quals.push(format!("från {f}"));
        }
        if let Some(to) = &info.valid_to {
            quals.push(format!("till {to}"));
        }
        if !quals.is_empty() {
            t.push_str(&format!("\n({})", quals.join(", ")));
        }
        if let Some(n) = &info.note {
            t.push_str(&format!("\n{n}"));
        }
        push_sources(g, &mut t, &info.sources);
    }
    t
}

fn push_sources(g: &OrgGraph, t: &mut String, sources: &[crate::model::types::Source]) {
    for s in sources {
        let doc = g
            .catalog
            .document(&s.doc)
            .map_or(s.doc.as_str(), |d| d.title.as_str());
        t.push_str(&format!("\n”{}” ({doc})", s.quote.trim()));
    }
}

/// `#rrggbb` if `c` is a hex colour (`#rgb` is expanded), else `None`.
pub fn hex_color(c: &str) -> Option<String> {
    let h = c.strip_prefix('#')?;
    if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match h.len() {
        6 => Some(format!("#{}", h.to_ascii_lowercase())),
        3 => Some(format!(
            "#{}",
            h.chars()
                .flat_map(|c| [c, c])
                .collect::<String>()
                .to_ascii_lowercase()
        )),
        _ => None,
    }
}

/// A pale tint of a hex colour, for the background of a frame.
pub fn lighten(c: &str) -> String {
    let Some(hex) = hex_color(c) else {
        return "#f7f7f7".into();
    };
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(255);
    let tint = |v: u8| 255 - (255 - u16::from(v)) * 2 / 5;
    format!(
        "#{:02x}{:02x}{:02x}",
        tint(channel(1)),
        tint(channel(3)),
        tint(channel(5))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_on_word_boundaries() {
        assert_eq!(
            wrap("Politisk samrådsgrupp vårdsamverkan Skaraborg", 22),
            vec!["Politisk samrådsgrupp", "vårdsamverkan", "Skaraborg"]
        );
        assert_eq!(wrap("Kort", 22), vec!["Kort"]);
        assert_eq!(
            wrap("Hälso-ochsjukvårdsutvecklingsdirektör x", 22),
            vec!["Hälso-ochsjukvårdsutvecklingsdirektör", "x"]
        );
        assert_eq!(wrap("a\nb c", 22), vec!["a", "b c"]);
        assert_eq!(wrap("", 22), vec![""]);
    }

    #[test]
    fn counts_characters_not_bytes() {
        // 22 characters, more bytes.
        let s = "åäöåäöåäöå åäöåäöåäöå";
        assert_eq!(s.chars().count(), 21);
        assert_eq!(wrap(s, 22), vec![s]);
    }

    #[test]
    fn colours() {
        assert_eq!(hex_color("#ABC").as_deref(), Some("#aabbcc"));
        assert_eq!(hex_color("red"), None);
        assert_eq!(lighten("#000000"), "#999999");
        assert_eq!(lighten("#ffffff"), "#ffffff");
        assert_eq!(lighten("nonsense"), "#f7f7f7");
    }
}
