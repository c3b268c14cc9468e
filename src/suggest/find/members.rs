//! A body and the body of the model that stands for all of its sort,
//! named by the plural: "Delregional nämnd östra" is one of "De
//! delregionala nämnderna", "Alingsås kommun" one of "kommunerna",
//! "Kommunerna i Skaraborg" part of them, "Göteborgsregionen" (a
//! kommunalförbund) one of "Kommunalförbunden", "Skaraborg" (a delregion)
//! one of "Delregionerna". The patterns' `member_relation` ties them.

use super::{Finder, NodeIx};
use crate::graph::{BodyId, names};
use crate::suggest::Status;

/// Nouns whose definite plural ends in -en like a common noun's definite
/// singular: neuter nouns ("råden", "förbunden", "teamen").
const NEUTER: &[&str] = &[
    "rad", "forbund", "team", "utskott", "organ", "kontor", "omrade", "mote", "arende",
];

/// Neuter nouns in -e, whose plural adds -n ("områden", "ärenden").
const NEUTER_E: &[&str] = &["omrade", "mote", "arende"];

/// Leading words of a plural name that are not part of what it names:
/// "De delregionala nämnderna", "Länets 49 kommuner", "alla kommunalförbund".
const LEADING: &[&str] = &["de", "alla", "samtliga", "lanets", "regionens"];

/// The singular forms whose plural folded word `p` is ("kommunerna":
/// "kommun"; "samordningsråden": "samordningsråd").
pub(super) fn singulars(p: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for ending in ["erna", "arna", "orna", "er", "ar", "or", "en", "na", "n"] {
        let Some(stem) = p.strip_suffix(ending) else {
            continue;
        };
        if stem.chars().count() < 3 {
            continue;
        }
        let fits = match ending {
            "en" => NEUTER.iter().any(|n| stem.ends_with(n)),
            "n" | "na" => NEUTER_E.iter().any(|n| stem.ends_with(n)),
            _ => true,
        };
        if fits {
            out.push(stem);
        }
    }
    out
}

/// An adjective without its inflection: "delregionala" and "delregional"
/// are one word here.
fn adjective(w: &str) -> &str {
    w.trim_end_matches(['a', 'e'])
}

/// A plural spelling of a body of the model.
struct Class {
    body: BodyId,
    /// The plural word, folded ("namnderna").
    head: String,
    /// Its singular forms.
    stems: Vec<String>,
    /// The other words before it ("delregionala"), each of which a member
    /// must have.
    others: Vec<String>,
    /// Those of the body's name, when its name is plural: a member by its
    /// sort must have them too ("delregionala" of "Delregionala
    /// vårdsamverkansgrupper", even where an alias is only
    /// "vårdsamverkansgrupperna").
    name_others: Vec<String>,
}

impl Finder<'_> {
    /// The model's bodies named in the plural, with the body their name
    /// says they belong to ("Temagrupper inom SAMLA": SAMLA), if any.
    fn classes(&self) -> Vec<(Class, Option<BodyId>)> {
        let g = self.g;
        let mut out = Vec::new();
        for b in g.bodies() {
            if matches!(g.kind_of(b).id.as_str(), "roll" | "person" | "ärende") {
                continue;
            }
            // The owner, from the name: the words after an owner word.
            let name_words: Vec<String> = names::fold(g.node(b).name)
                .split(' ')
                .map(str::to_string)
                .collect();
            let owner = name_words
                .iter()
                .position(|w| self.p.owner_words.contains(w))
                .and_then(|k| {
                    let rest = name_words[k + 1..].join(" ");
                    match self.spellings.get(&rest).map(Vec::as_slice) {
                        Some([o]) => Some(*o),
                        _ => None,
                    }
                });
            let plural = |s: &str| {
                let mut words: Vec<String> =
                    names::fold(s).split(' ').map(str::to_string).collect();
                if let Some(k) = words.iter().position(|w| self.p.owner_words.contains(w)) {
                    words.truncate(k);
                }
                while words.first().is_some_and(|w| {
                    LEADING.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit())
                }) {
                    words.remove(0);
                }
                let head = words.pop()?;
                let stems: Vec<String> = singulars(&head).into_iter().map(String::from).collect();
                (!stems.is_empty()).then_some((head, stems, words))
            };
            let name_others = plural(g.node(b).name)
                .map(|(.., others)| others)
                .unwrap_or_default();
            for s in g.spellings(b).into_iter().skip(1) {
                let Some((head, stems, others)) = plural(s) else {
                    continue;
                };
                out.push((
                    Class {
                        body: b,
                        head,
                        stems,
                        others,
                        name_others: name_others.clone(),
                    },
                    owner,
                ));
            }
        }
        out
    }

    /// Ties each body whose name begins with an owner's word to the owner
    /// (`prefixes` in the patterns), unless it is tied to an owner of
    /// that kind already ("Västra Götalandsregionens koncernledning").
    pub(super) fn prefixed(&mut self) {
        let g = self.g;
        let patterns = self.p;
        for (words, kinds, owner, rel) in &patterns.prefixes {
            let Ok(o) = g.resolve(owner) else { continue };
            let relid = g.catalog.relation(*rel).id.clone();
            // The nodes tied so already, gathered once.
            let owned: std::collections::HashSet<NodeIx> = self
                .report
                .edges
                .iter()
                .filter(|e| e.rel == relid)
                .map(|e| e.from)
                .collect();
            for x in 0..self.report.nodes.len() {
                let n = &self.report.nodes[x];
                if !kinds.contains(&n.kind)
                    || matches!(n.status, Status::Conflict(_))
                    || n.id == g.node(o).id
                {
                    continue;
                }
                let named = names::fold(&n.name).split(' ').any(|w| {
                    words.iter().any(|p| {
                        w.strip_prefix(p.as_str())
                            .is_some_and(|rest| !rest.starts_with("al"))
                    })
                });
                if named && !owned.contains(&x) {
                    let q = n.quote.clone();
                    let reason = format!("its name begins with a word of {owner}");
                    let ox = self.known(o, &q, "a name the model knows");
                    self.add_edge(x, *rel, ox, &q, &reason);
                }
            }
        }
    }

    /// Ties each body the document names to the body of its sort.
    pub(super) fn members(&mut self) {
        let Some(rel) = self.p.member_rel else { return };
        let classes = self.classes();
        if classes.is_empty() {
            return;
        }
        let g = self.g;
        for x in 0..self.report.nodes.len() {
            let n = &self.report.nodes[x];
            if matches!(n.kind.as_str(), "roll" | "person" | "ärende" | "")
                || matches!(n.status, Status::Conflict(_))
            {
                continue;
            }
            let body = g.by_id(&n.id).filter(|_| n.status == Status::Known);
            let (kind, subkind) = (n.kind.clone(), n.subkind.clone());
            // Its spellings, folded, as words.
            let folded: Vec<String> = match body {
                Some(b) => g
                    .spellings(b)
                    .into_iter()
                    .skip(1)
                    .map(names::fold)
                    .collect(),
                None => std::iter::once(&n.name)
                    .chain(&n.aliases)
                    .map(|s| names::fold(s))
                    .collect(),
            };
            let mut spellings: Vec<Vec<String>> = folded
                .iter()
                .map(|s| s.split(' ').map(str::to_string).collect())
                .collect();
            spellings.retain(|s: &Vec<String>| !s.is_empty());
            let q = n.quote.clone();
            let mut found: Vec<BodyId> = Vec::new();
            let mut owned: Vec<bool> = Vec::new();
            for (c, owner) in &classes {
                if Some(c.body) == body || found.contains(&c.body) {
                    continue;
                }
                let ckind = &g.kind_of(c.body).id;
                let csub = g.details(c.body).and_then(|d| d.subkind.clone());
                if *ckind != kind || matches!((&csub, &subkind), (Some(a), Some(b)) if a != b) {
                    continue;
                }
                // A class of an owner ("Temagrupper inom SAMLA", "Kommunerna
                // i Dalbygden") only where the document names that owner.
                if let Some(o) = owner
                    && !self.node_of_body.contains_key(o)
                {
                    continue;
                }
                let has = |words: &[String], s: &Vec<String>| {
                    words
                        .iter()
                        .all(|o| s.iter().any(|w| adjective(w) == adjective(o)))
                };
                let has_others = |s: &Vec<String>| has(&c.others, s);
                // By the name: a word of it is the singular ("Alingsås
                // kommun"), or the plural with a place after it
                // ("Kommunerna i Skaraborg").
                let by_name = spellings.iter().any(|s| {
                    has_others(s)
                        && s.iter().enumerate().any(|(i, w)| {
                            c.stems.contains(w)
                                || (*w == c.head
                                    && s.get(i + 1)
                                        .is_some_and(|nx| self.p.owner_words.contains(nx)))
                        })
                });
                // By its sort: the plural is of its subkind ("SOR
                // primärvård", a samordningsråd, of "samordningsråden"), or,
                // for kinds without subkinds, of its kind ("Skaraborg", a
                // delregion, of "Delregionerna").
                let sort = match (&subkind, &csub) {
                    (Some(s), Some(_)) => Some(names::fold(s)),
                    (None, None) => Some(names::fold(&kind)),
                    _ => None,
                };
                // (Not for a class of an owner: "Förvaltningarna i VGR" are
                // not every förvaltning the document names.)
                let by_sort = owner.is_none()
                    && sort.is_some_and(|s| {
                        let last = s.rsplit(' ').next().unwrap_or("").to_string();
                        c.stems.iter().any(|st| st.ends_with(&last))
                            && spellings
                                .iter()
                                .any(|sp| has_others(sp) && has(&c.name_others, sp))
                    });
                if by_name || by_sort {
                    found.push(c.body);
                    owned.push(owner.is_some());
                }
            }
            // The narrowest: a class of a named owner ("Kommunerna i
            // Dalbygden") rather than all of the sort ("kommunerna").
            if owned.contains(&true) {
                found = found
                    .into_iter()
                    .zip(&owned)
                    .filter(|(_, o)| **o)
                    .map(|(b, _)| b)
                    .collect();
            }
            for c in found {
                let cx: NodeIx = self.known(c, &q, "the body for all of its sort");
                let reason = format!(
                    "one of {}: its name or its sort",
                    self.report.nodes[cx].name
                );
                self.add_edge(x, rel, cx, &q, &reason);
            }
        }
    }
}
