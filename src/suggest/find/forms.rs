//! The forms of a document beyond single sentences: the title and
//! headings (the context), lists with one member per line, attribute
//! headings and labels, signatures, and decision lists.

use super::{Fill, Finder, NodeIx, STOP, is_body_word, key, quote, stem_key};
use crate::graph::names;
use crate::graph::{BodyId, RelId};
use crate::suggest::patterns::Slot;
use crate::suggest::text::{Block, Sentence, Token};
use crate::suggest::{AttrSuggestion, Quote, Status};

impl Finder<'_> {
    pub(super) fn find_title_body(&mut self, blocks: &[Block]) {
        for b in blocks.iter().take(4) {
            for s in b.sentences.iter().take(1) {
                let folded = names::fold(&s.text.replace('*', " "));
                // "Uppdragshandling för X", or the name on the next line:
                // "Uppdragshandling" / "Temagrupp psykisk hälsa Åsbygden".
                for lead in [
                    "uppdragshandling for ",
                    "uppdragsbeskrivning for ",
                    "uppdrag for ",
                    "uppdragshandling ",
                    "uppdragsbeskrivning ",
                ] {
                    if let Some(pos) = folded.find(lead) {
                        let words_before = folded[..pos + lead.len()]
                            .split(' ')
                            .filter(|w| !w.is_empty())
                            .count();
                        let rest: Vec<Token> =
                            s.tokens.iter().skip(words_before).cloned().collect();
                        if rest.is_empty()
                            || !lead.ends_with("for ") && (pos > 0 || !rest[0].is_capitalised())
                        {
                            continue;
                        }
                        let sub = Sentence {
                            line: s.line,
                            text: s.text.clone(),
                            tokens: s.tokens.clone(),
                        };
                        let q = quote(&sub);
                        // "Name, ACR" or "Name (ACR)" or just the name.
                        // Emphasis marks inside a title ("…råd****Västra…",
                        // two bold runs) part words; they are not the name's.
                        let text =
                            without_emphasis(&s.text[rest[0].start..rest[rest.len() - 1].end]);
                        let text = text.trim_end_matches(')');
                        let (name, acr) = match text.rsplit_once([',', '(']) {
                            Some((n, a))
                                if a.trim().chars().all(|c| c.is_uppercase())
                                    && !a.trim().is_empty() =>
                            {
                                (n.trim(), Some(a.trim()))
                            }
                            _ => (text.trim(), None),
                        };
                        let reason = "the document's title";
                        let node = self
                            .resolve(name, &q, reason)
                            .or_else(|| acr.and_then(|a| self.resolve(a, &q, reason)))
                            .unwrap_or_else(|| self.new_node(name, None, acr, &q, reason));
                        self.context = Some(node);
                        return;
                    }
                }
            }
        }
    }

    /// The body a heading is about: the whole heading, its part after a
    /// dash or comma, or a `Name (ACR)` in it, when the model knows it or
    /// its last word is a body word.
    pub(super) fn heading_body(&mut self, s: &Sentence) -> Option<NodeIx> {
        let text = s
            .text
            .trim_matches(|c: char| c == '*' || c == '#' || c == ':' || c.is_whitespace());
        let q = quote(s);
        let reason = "a heading";
        let mut parts = vec![text];
        for sep in [" – ", " - ", ", "] {
            if let Some((_, tail)) = text.rsplit_once(sep) {
                parts.push(tail.trim());
            }
        }
        for part in parts {
            if let Some(n) = self.resolve(part, &q, reason) {
                return Some(n);
            }
            // Written otherwise ("Ledningsgrupp vårdssamverkan Dalbygden").
            let toks = crate::suggest::text::tokenize(part);
            if toks.len() >= 2
                && let Some([b]) = self.stems.get(&stem_key(&toks)).map(Vec::as_slice)
            {
                return Some(self.known(
                    *b,
                    &q,
                    "a heading, a name the model knows written otherwise",
                ));
            }
        }
        if let Some(m) = (0..s.tokens.len()).find_map(|i| self.acronym_at(s, i, &q)) {
            return Some(m.node);
        }
        let f = names::fold(text);
        let last = f.rsplit(' ').next().unwrap_or("");
        let words = f.split(' ').count();
        if words <= 6
            && is_body_word(last)
            && self.attribute_key(text).is_none()
            && s.tokens
                .iter()
                .all(|t| !STOP.contains(&t.folded.as_str()) || t.folded == "och")
        {
            return Some(self.new_node(text, None, None, &q, reason));
        }
        None
    }

    /// A decision list's heading: which list, the body it names, the
    /// heading's text.
    pub(super) fn matter_heading(&mut self, s: &Sentence) -> Option<(usize, NodeIx, String)> {
        let first = s.tokens.first()?.folded.clone();
        let mi = self
            .p
            .matters
            .iter()
            .position(|m| m.headings.contains(&first))?;
        let ms = self.mentions(s);
        let handler = ms
            .iter()
            .map(|m| m.node)
            .find(|&n| self.report.nodes[n].kind != "roll")?;
        Some((mi, handler, quote(s).text))
    }

    /// One row of a decision list: the matter (the row's first sentence),
    /// handled by `handler`, concerning the other bodies the row names.
    pub(super) fn matter_row(&mut self, mi: usize, handler: NodeIx, heading: &str, b: &Block) {
        self.decision(mi, handler, heading, std::slice::from_ref(b), true);
    }

    /// A matter of a decision list: a table row (`row`), or in prose its
    /// title (the first sentence), text and outcome. The heading's body
    /// handles it; every other body named in it is concerned.
    pub(super) fn decision(
        &mut self,
        mi: usize,
        handler: NodeIx,
        heading: &str,
        blocks: &[Block],
        row: bool,
    ) {
        let Some(first) = blocks.first().and_then(|b| b.sentences.first()) else {
            return;
        };
        let q = quote(first);
        let (handles, concerns) = (self.p.matters[mi].handles, self.p.matters[mi].concerns);
        let text = blocks
            .iter()
            .flat_map(|b| &b.sentences)
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let what = if row {
            "a row of a decision list"
        } else {
            "a matter of a decision list in prose"
        };
        let matter = self
            .known_matter(&q, &text, heading, row)
            .unwrap_or_else(|| {
                let name = crate::diag::shorten(q.text.trim_end_matches('.'), 80).into_owned();
                self.new_node(&name, Some(("ärende", None)), None, &q, what)
            });
        self.add_edge(
            handler,
            handles,
            matter,
            &q,
            &format!("{what} under its heading"),
        );
        self.concerned(matter, handler, concerns, blocks);
    }

    /// Every body the blocks of a matter name, but its handler, is
    /// concerned by it.
    fn concerned(&mut self, matter: NodeIx, handler: NodeIx, concerns: RelId, blocks: &[Block]) {
        for s in blocks.iter().flat_map(|b| &b.sentences) {
            let sq = quote(s);
            let mut ms = self.mentions(s);
            // A matter's title the model has as its name ("Utökad
            // representation … från Göteborgsregionen …") names bodies too.
            let titles: Vec<(usize, usize)> = ms
                .iter()
                .filter(|m| self.report.nodes[m.node].kind == "ärende")
                .map(|m| (m.start, m.end))
                .collect();
            for (start, end) in titles {
                let mut i = start + 1;
                while i < end {
                    match self.known_at(s, i, &sq) {
                        Some(m) if m.end <= end => {
                            i = m.end;
                            ms.push(m);
                        }
                        _ => i += 1,
                    }
                }
            }
            for m in ms {
                for node in std::iter::once(m.node).chain(m.also) {
                    let n = &self.report.nodes[node];
                    // A name that fits several matters is a matter too.
                    let matters = !n.candidates.is_empty()
                        && n.candidates.iter().all(|c| {
                            self.g
                                .by_id(c)
                                .is_some_and(|b| self.g.kind_of(b).id == "ärende")
                        });
                    if node != handler
                        && node != matter
                        && n.kind != "roll"
                        && n.kind != "ärende"
                        && !matters
                    {
                        self.add_edge(
                            matter,
                            concerns,
                            node,
                            &sq,
                            "a body named in a matter of a decision list",
                        );
                    }
                }
            }
        }
    }

    /// Whether a heading ends a decision list in prose: it is in capitals
    /// (a section of the document), begins another decision list, or names
    /// a body the model knows.
    pub(super) fn ends_decisions(&self, s: &Sentence) -> bool {
        let text = s
            .text
            .trim_matches(|c: char| c == '*' || c == '#' || c.is_whitespace());
        !text.chars().any(char::is_lowercase)
            || s.tokens.first().is_some_and(|t| {
                self.p
                    .matters
                    .iter()
                    .any(|m| m.headings.contains(&t.folded))
            })
            || self
                .g
                .resolve(text)
                .is_ok_and(|b| self.g.kind_of(b).id != "ärende")
    }

    /// Whether a block is a matter's outcome: it begins with the handler
    /// and one of the list's outcome words ("SRO noterar informationen",
    /// "SRO ställer sig bakom …").
    pub(super) fn is_outcome(&mut self, mi: usize, handler: NodeIx, b: &Block) -> bool {
        let Some(s) = b.sentences.first() else {
            return false;
        };
        let q = quote(s);
        let Some(m) = self.known_at(s, 0, &q) else {
            return false;
        };
        m.node == handler
            && s.tokens
                .get(m.end)
                .is_some_and(|t| self.p.matters[mi].outcomes.contains(&t.folded))
    }

    /// A matter the model has, recognised by the sentence it cites from
    /// this document (matters have no names of their own in a decision
    /// list): a table row begins with it (`row`), a matter in prose has it
    /// anywhere in its `text`; among several, the one dated by this heading.
    pub(super) fn known_matter(
        &mut self,
        q: &Quote,
        text: &str,
        heading: &str,
        row: bool,
    ) -> Option<NodeIx> {
        let g = self.g;
        // A row may run on without a full stop into its outcome, and carry
        // HTML tags left by a conversion ("<p>VGRs bedömning …</p>").
        let norm = |s: &str| {
            let mut plain = String::with_capacity(s.len());
            let mut in_tag = false;
            for c in s.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' if in_tag => in_tag = false,
                    _ if !in_tag => plain.push(c),
                    _ => {}
                }
            }
            plain.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        // Whether one of `sources`, in this document, quotes `text`
        // (normalised): at its start for a row.
        let cites = |sources: &[crate::model::types::Source], text: &str, row: bool| {
            sources.iter().any(|s| {
                if s.doc != self.doc {
                    return false;
                }
                let quote = norm(&s.quote);
                quote.len() >= 12
                    && if row {
                        text.starts_with(&quote)
                    } else {
                        text.contains(&quote)
                    }
            })
        };
        let (text, heading) = (&norm(text), &norm(heading));
        let matters = self.matters.get_or_insert_with(|| {
            g.bodies()
                .filter(|&b| g.kind_of(b).id == "ärende")
                .collect()
        });
        let mut found: Vec<BodyId> = matters
            .iter()
            .copied()
            .filter(|&b| g.details(b).is_some_and(|d| cites(&d.sources, text, row)))
            .collect();
        // A row whose cited sentence is not its first: inside it, after
        // its title ("Beskrivning av … • 48 av 49 kommuner har …").
        if found.is_empty() && row {
            found = matters
                .iter()
                .copied()
                .filter(|&b| g.details(b).is_some_and(|d| cites(&d.sources, text, false)))
                .collect();
        }
        let one = match found.as_slice() {
            [b] => *b,
            many => {
                let dated: Vec<BodyId> = many
                    .iter()
                    .copied()
                    .filter(|&b| {
                        g.details(b).is_some_and(|d| {
                            d.attributes
                                .iter()
                                .any(|a| cites(&a.sources, heading, false))
                        })
                    })
                    .collect();
                match dated.as_slice() {
                    [b] => *b,
                    _ => return None,
                }
            }
        };
        Some(self.known(one, q, "a matter the model cites this sentence for"))
    }

    pub(super) fn attribute_key(&self, heading: &str) -> Option<String> {
        let f = crate::suggest::patterns::words(heading);
        if self
            .p
            .not_attributes
            .iter()
            .any(|n| f.windows(n.len()).any(|w| w == n.as_slice()))
        {
            return None;
        }
        self.p
            .attributes
            .iter()
            .find(|(w, _)| f.starts_with(w) && f.len() <= w.len() + 3)
            .map(|(_, k)| k.clone())
    }

    pub(super) fn list_trigger(&self, tokens: &[Token]) -> Option<usize> {
        let f = key(tokens);
        self.p.lists.iter().position(|l| {
            l.triggers
                .iter()
                .any(|t| f.starts_with(t.as_str()) || f.contains(&format!(" {t}")))
        })
    }

    pub(super) fn list_item(&mut self, li: usize, context: NodeIx, b: &Block) {
        let Some(s) = b.sentences.first() else { return };
        let ms = self.mentions(s);
        let q = quote(s);
        let (rel, item) = (self.p.lists[li].rel, self.p.lists[li].item);
        // A short item is a name as it stands, up to a parenthesis or a
        // comma: "Offentliga vårdcentraler (vårdcentraler, BVC och rehab)".
        let whole = s
            .tokens
            .iter()
            .position(|t| matches!(t.text.as_str(), "(" | "," | ":"))
            .unwrap_or(s.tokens.len());
        let short = (1..=6).contains(&whole)
            && s.tokens[..whole]
                .iter()
                .all(|t| !STOP.contains(&t.folded.as_str()) || t.folded == "och");
        // A title with its body ("Enhetschef socialpsykiatri, Ekby kommun")
        // is one role, named by the item up to a parenthesis.
        let titled = s.tokens.first().is_some_and(|t| self.is_title(&t.folded));
        let upto = s
            .tokens
            .iter()
            .position(|t| t.text == "(")
            .unwrap_or(s.tokens.len());
        let found = match Self::slot_at(s, &ms, 0) {
            _ if titled && upto > 1 => match ms.first() {
                Some(m) if m.start == 0 && m.end >= upto => Some((vec![Fill::Node(m.node)], m.end)),
                _ => Some((vec![Fill::Span(0, upto)], upto)),
            },
            Some((fills, end)) if matches!(fills[..], [Fill::Span(..)]) && short && end < whole => {
                Some((vec![Fill::Span(0, whole)], whole))
            }
            None if short && ms.is_empty() => Some((vec![Fill::Span(0, whole)], whole)),
            // "Two representatives from X": the first name of the item.
            None => ms.first().map(|m| (vec![Fill::Node(m.node)], m.end)),
            found => found,
        };
        let Some((fills, _)) = found else { return };
        let nodes: Vec<NodeIx> = fills
            .into_iter()
            .filter_map(|f| self.materialise(s, f))
            .collect();
        let reason = format!(
            "a list item under \"{}\"",
            self.p.lists[li].triggers.first().map_or("", String::as_str)
        );
        if titled && let [n] = nodes[..] {
            self.title_with_body(s, n, &q);
        }
        for n in nodes {
            if n == context
                || self.report.nodes[n].status != Status::New
                    && self.report.nodes[n].kind == "ärende"
            {
                continue;
            }
            match item {
                Slot::Subject => self.add_edge(n, rel, context, &q, &reason),
                Slot::Object => self.add_edge(context, rel, n, &q, &reason),
            }
        }
    }

    /// Whether folded word `w` is a title ("socialchef", "direktör") and
    /// not a role word, whose role has its own relation ("ordförande").
    fn is_title(&self, w: &str) -> bool {
        self.p.titles.iter().any(|t| w.ends_with(t.as_str()))
            && !self
                .p
                .roles
                .iter()
                .any(|r| r.words.iter().any(|rw| rw[0] == w))
    }

    /// A list item that is a title with its body ("Socialchef Ekeby
    /// kommun", "Samordnare barn och unga, KKF"): the title is a role, tied
    /// to the first body named after its first word by the patterns'
    /// `title_relation`.
    fn title_with_body(&mut self, s: &Sentence, title: NodeIx, q: &Quote) {
        let Some(rel) = self.p.title_rel else { return };
        if self.report.nodes[title].status == Status::New {
            let n = &mut self.report.nodes[title];
            n.kind = "roll".into();
            n.subkind = None;
        } else if self.report.nodes[title].kind != "roll" {
            return;
        }
        // A body named after the title word, else a new name after the
        // comma or the title word ("Ekby kommun").
        let body = (1..s.tokens.len())
            .find_map(|i| {
                self.known_at(s, i, q)
                    .map(|m| m.node)
                    .filter(|&n| n != title && self.report.nodes[n].kind != "roll")
            })
            .or_else(|| {
                let at = s
                    .tokens
                    .iter()
                    .position(|t| t.text == ",")
                    .map_or(1, |c| c + 1);
                let end = Self::noun_phrase(s, at)?;
                self.materialise(s, Fill::Span(at, end))
            });
        if let Some(body) = body {
            self.add_edge(title, rel, body, q, "a title with its body");
        }
    }

    pub(super) fn attribute(&mut self, key: String, body: NodeIx, b: &Block, reason: String) {
        if b.sentences.is_empty() {
            return;
        }
        let quotes: Vec<Quote> = b.sentences.iter().map(quote).collect();
        let value = quotes
            .iter()
            .map(|q| q.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        self.add_attribute(
            body,
            key,
            value,
            vec![Quote {
                line: quotes[0].line,
                text: quotes
                    .iter()
                    .map(|q| q.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            }],
            reason,
        );
    }

    pub(super) fn add_attribute(
        &mut self,
        body: NodeIx,
        key: String,
        value: String,
        quotes: Vec<Quote>,
        reason: String,
    ) {
        let value = crate::diag::shorten(&value, 600).into_owned();
        let node = &mut self.report.nodes[body];
        if let Some(a) = node.attributes.iter_mut().find(|a| a.key == key) {
            if a.quotes.len() < 12 && !a.quotes.contains(&quotes[0]) {
                a.value.push_str("; ");
                a.value.push_str(&value);
                a.quotes.extend(quotes);
            }
            return;
        }
        node.attributes.push(AttrSuggestion {
            key,
            value,
            quotes,
            reason,
        });
    }

    /// A holder named with a role: "Ordförande: Anna Berg." or
    /// "Kontaktperson för BBU är Lena Holm, KKF." — the person holds the
    /// role of the body named with it, else of the context.
    pub(super) fn holder_label(&mut self, b: &Block) {
        for s in &b.sentences {
            let text = s.text.trim_end_matches('.');
            let Some((label, value)) = text.split_once(':').or_else(|| text.split_once(" är "))
            else {
                continue;
            };
            // The name, up to a comma ("Lena Holm, KKF").
            let value = value.split(',').next().unwrap_or("");
            let value = value
                .trim()
                .trim_matches(|c: char| c == '*' || c.is_whitespace());
            if !is_person_name(value) {
                continue;
            }
            let label = label.trim_matches(|c: char| c == '*' || c.is_whitespace());
            let words = crate::suggest::patterns::words(label);
            let patterns: &crate::suggest::patterns::Patterns = self.p;
            let Some((role, n)) = patterns.roles.iter().find_map(|r| {
                r.words
                    .iter()
                    .find(|w| words.starts_with(w))
                    .map(|w| (r, w.len()))
            }) else {
                continue;
            };
            let q = quote(s);
            let reason = "a person named with a role";
            // The role's body: "för BBU", "i rådet", else the context.
            let rest: Vec<&str> = label.split_whitespace().skip(n).collect();
            let rest = match rest.split_first() {
                Some((p, r)) if ["för", "i", "vid"].contains(&p.to_lowercase().as_str()) => {
                    r.join(" ")
                }
                _ => rest.join(" "),
            };
            let body = if rest.is_empty() {
                self.context
            } else {
                self.find_name(&rest, &q, reason)
            };
            let (Some(body), Some(holds)) = (body, self.g.catalog.find_relation("innehar")) else {
                continue;
            };
            let person = self
                .find_name(value, &q, reason)
                .unwrap_or_else(|| self.new_node(value, Some(("person", None)), None, &q, reason));
            let role_ix = self.role_node(&role.name, role.rel, body, &q, !rest.is_empty());
            self.add_edge(person, holds, role_ix, &q, reason);
        }
    }

    /// A signature: a line of two to four capitalised words (a person),
    /// then a title line, then perhaps a body.
    pub(super) fn signature(&mut self, b: &Block) {
        let lines = &b.lines;
        for (i, l) in lines.iter().enumerate() {
            let person = is_person_name(l);
            let Some(title) = lines.get(i + 1) else {
                continue;
            };
            let title_f = names::fold(title);
            let is_title = self
                .p
                .titles
                .iter()
                .any(|t| title_f.split(' ').any(|w| w.ends_with(t.as_str())));
            if !person || !is_title || title.split_whitespace().count() > 6 {
                continue;
            }
            let q = Quote {
                line: b.line + i,
                text: lines[i..(i + 3).min(lines.len())].join(" "),
            };
            let person_ix = self.find_name(l, &q, "a signature").unwrap_or_else(|| {
                self.new_node(l, Some(("person", None)), None, &q, "a signature")
            });
            let body_line = lines.get(i + 2);
            let body = body_line.and_then(|bl| self.find_name(bl, &q, "a signature"));
            // The title with its body ("Direktör VästKom"), or alone.
            let holds = body_line
                .and_then(|bl| self.resolve(&format!("{title} {bl}"), &q, "a signature"))
                .or_else(|| self.resolve(title, &q, "a signature"))
                .unwrap_or_else(|| {
                    let name = match body_line {
                        Some(bl) => format!("{title} {bl}"),
                        None => title.clone(),
                    };
                    self.new_node(&name, Some(("roll", None)), None, &q, "a signature")
                });
            if let Some(rel) = self.g.catalog.find_relation("innehar") {
                self.add_edge(person_ix, rel, holds, &q, "a signature: name, then title");
            }
            if let (Some(body), Some(rel)) = (body, self.g.catalog.find_relation("företräder")) {
                self.add_edge(person_ix, rel, body, &q, "a signature: name, title, body");
            }
            // The title's tie to its body: a role word's relation
            // ("Ordförande"), else the patterns' title relation ("Direktör").
            let title_words = crate::suggest::patterns::words(title);
            let patterns: &crate::suggest::patterns::Patterns = self.p;
            let tie = patterns
                .roles
                .iter()
                .find(|r| r.words.iter().any(|w| title_words.starts_with(w)))
                .map(|r| r.rel)
                .or(patterns.title_rel);
            if let (Some(body), Some(rel)) = (body, tie)
                && self.report.nodes[holds].kind == "roll"
            {
                self.add_edge(holds, rel, body, &q, "a signature: a title with its body");
            }
        }
    }
}

/// Two to four capitalised words of letters (and hyphens): a person's
/// name, as in a signature or after a role label.
fn is_person_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '-')
        })
}

/// `text` with every run of `*` (Markdown emphasis left in a converted
/// document) read as one space, and spaces collapsed.
fn without_emphasis(text: &str) -> String {
    text.split('*')
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn emphasis_marks_part_words_and_are_dropped() {
        assert_eq!(
            super::without_emphasis("samordningsråd****Västra Götalandsregionen**"),
            "samordningsråd Västra Götalandsregionen"
        );
        assert_eq!(super::without_emphasis("PSG (PSG)"), "PSG (PSG)");
    }
}
