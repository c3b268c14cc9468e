//! The words on a chart: labels wrapped on word boundaries, tooltips that
//! quote the sources, and colours. Escaping for each output language
//! lives with its writer ([`super::dot`], [`super::mermaid`]).

use crate::graph::{BodyId, OrgGraph};

use super::EdgeKey;

/// Labels are wrapped at this many characters.
pub const WRAP: usize = 22;

/// A box shows at most this many lines of a name; the tooltip has all.
pub const MAX_LINES: usize = 6;

/// A name as the lines of its box: wrapped at [`WRAP`], at most
/// [`MAX_LINES`], the last ending in `…` when the name is cut short.
pub fn label_lines(name: &str) -> Vec<String> {
    clamp(wrap(name, WRAP), MAX_LINES, WRAP)
}

/// Names in a gathered box's cells are wrapped at this many characters
/// (at most [`MAX_LINES`] lines): wider than a box, so that a cell takes
/// fewer lines.
pub const CELL_WRAP: usize = 30;

/// A name as the lines of its cell in a gathered box.
pub fn cell_lines(name: &str) -> Vec<String> {
    clamp(wrap(name, CELL_WRAP), MAX_LINES, CELL_WRAP)
}

/// A chart's title as lines: wrapped at `width`, any longer word cut, at
/// most three lines.
pub fn title_lines(title: &str, width: usize) -> Vec<String> {
    clamp(wrap_cut(title, width, width), 3, width)
}

/// At most `max` of `lines`, the last ending in `…` (within `width`
/// characters) when some were dropped.
fn clamp(mut lines: Vec<String>, max: usize, width: usize) -> Vec<String> {
    if lines.len() > max {
        lines.truncate(max);
        let last = lines.last_mut().expect("lines");
        let keep: String = last.chars().take(width.saturating_sub(1)).collect();
        *last = format!("{keep}…");
    }
    lines
}

/// Splits `s` into lines of at most `width` characters, breaking between
/// words; a word longer than `width` gets a line of its own (a Swedish
/// compound stays whole), one longer than twice `width` is cut into lines
/// of `width` characters. Line breaks in
/// `s` are kept.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    wrap_cut(s, width, 2 * width)
}

/// Like [`wrap`], cutting words longer than `cut` characters.
pub fn wrap_cut(s: &str, width: usize, cut: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for para in s.split(['\n', '\r']) {
        let mut line = String::new();
        let words = para.split_whitespace().flat_map(|w| {
            let chars: Vec<char> = w.chars().collect();
            if chars.len() > cut {
                chars
                    .chunks(width)
                    .map(|c| c.iter().collect::<String>())
                    .collect::<Vec<_>>()
            } else {
                vec![w.to_string()]
            }
        });
        for word in words {
            let word = word.as_str();
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
    let name = if name.is_empty() { n.id } else { name };
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
        if let Some(f) = info.valid.from_date() {
            quals.push(format!("från {f}"));
        }
        if let Some(to) = info.valid.until_date() {
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
        assert_eq!(
            wrap("x abcdefghijklmnopqrstuvwxyz", 10),
            vec!["x", "abcdefghij", "klmnopqrst", "uvwxyz"]
        );
        assert_eq!(wrap("", 22), vec![""]);
    }

    #[test]
    fn long_names_are_cut_short() {
        let name = "ord ".repeat(100);
        let lines = label_lines(&name);
        assert_eq!(lines.len(), MAX_LINES);
        assert!(lines[MAX_LINES - 1].ends_with('…'));
        assert!(lines.iter().all(|l| l.chars().count() <= WRAP));
        assert_eq!(label_lines("Kort namn"), vec!["Kort namn"]);
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
