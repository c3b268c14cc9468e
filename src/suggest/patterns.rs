//! The phrase patterns of `orgraf suggest` as data: the serde shape of
//! `src/suggest_patterns.ron` (compiled in) and of a model's own
//! `suggest/patterns.ron`, and the compiled form the matcher runs.
//!
//! Pattern syntax (see the comment at the top of the data file): words
//! separated by spaces; `S` and `O` are the subject and object slots,
//! `*` a gap of zero to [`GAP`] words, `word*` a prefix, `a|b` alternatives,
//! and `, : ( )` punctuation. Words are folded like names
//! ([`crate::graph::names::fold`]).

use serde::Deserialize;

use crate::graph::{Catalog, RelId, names};

/// The built-in patterns, compiled in.
pub const BUILTIN: (&str, &str) = (
    "<suggest patterns>",
    include_str!("../suggest_patterns.ron"),
);

/// The most words a `*` in a pattern skips.
pub const GAP: usize = 6;

/// One patterns file. Every section is optional, so a model's file can
/// add only relations, or only abbreviations.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternFile {
    #[serde(default)]
    pub relations: Vec<RelationPatterns>,
    #[serde(default)]
    pub lists: Vec<ListPattern>,
    #[serde(default)]
    pub roles: Vec<RoleWords>,
    #[serde(default)]
    pub titles: Vec<String>,
    /// How a title named with a body ("Socialchef Ekeby kommun") is tied
    /// to it.
    #[serde(default)]
    pub title_relation: Option<String>,
    /// How a body named with a place ("NOSAM i Lerum" for "NOSAM Lerum") is
    /// tied to the body named without it.
    #[serde(default)]
    pub place_relation: Option<String>,
    #[serde(default)]
    pub anaphora: Vec<String>,
    #[serde(default)]
    pub collectives: Vec<Collective>,
    #[serde(default)]
    pub parties: Vec<Parties>,
    #[serde(default)]
    pub rotation: Option<Rotation>,
    #[serde(default)]
    pub genitives: Vec<Genitive>,
    /// Words after which the end of a name is another body, its owner
    /// ("Förvaltningarna i VGR", "AU för Samordningsgruppen"): tied to
    /// it like a genitive.
    #[serde(default)]
    pub owner_words: Vec<String>,
    /// How a body is tied to the body that stands for all of its sort
    /// ("Delregional nämnd östra" to "De delregionala nämnderna").
    #[serde(default)]
    pub member_relation: Option<String>,
    /// A heading that names an arena: the bodies the later headings name
    /// are part of it.
    #[serde(default)]
    pub arenas: Option<Arenas>,
    /// Names that begin with an owner's word ("Regionstyrelsen",
    /// "Koncernkontoret", "Delregional nämnd östra").
    #[serde(default)]
    pub prefixes: Vec<Prefixes>,
    #[serde(default)]
    pub attributes: Vec<AttributeHeading>,
    /// Phrases of a heading that make it no attribute's, though it begins
    /// with an attribute's word: a distribution list ("Uppdraget skickas
    /// till").
    #[serde(default)]
    pub not_attributes: Vec<String>,
    #[serde(default)]
    pub kinds: Vec<KindRule>,
    #[serde(default)]
    pub abbreviations: Vec<String>,
    #[serde(default)]
    pub matters: Vec<MatterList>,
}

/// Words that name every body of a kind ("huvudmännen").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collective {
    pub words: Vec<String>,
    pub kind: String,
}

/// Words that name every body the document has so far said takes part in
/// something ("ovan nämnda parter", "parterna"): the subjects of its
/// edges of `relation`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parties {
    pub words: Vec<String>,
    pub relation: String,
}

/// A chair that rotates: a sentence with a `chair` word, a `verbs` word
/// and "mellan A och B" ("Ordförandeskapet ska årligen växla mellan
/// VGR:s koncernledning och VästKom") makes each of `words` ("den
/// huvudman som inte har ordförandeskapet") name A and B, each in turn.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    pub chair: Vec<String>,
    pub verbs: Vec<String>,
    pub words: Vec<String>,
}

/// A name that begins with another body's in the genitive ("Västra
/// Götalandsregionens koncernledning"): the body named so is tied to that
/// other body, of `kind`, by `relation`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Genitive {
    pub kind: String,
    pub relation: String,
    /// Only for a named body of one of these kinds (empty: any): a
    /// kommunalförbund's direktion (`nämnd`) `tillhör` it, a group of it
    /// `ingår_i` it.
    #[serde(default)]
    pub member_kinds: Vec<String>,
}

/// A body of one of `kinds` whose name has a word that begins with one of
/// `words` (not as an adjective, "regionala") belongs to `owner` (a name
/// the model knows) by `relation`, unless its name says another owner.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prefixes {
    pub words: Vec<String>,
    pub kinds: Vec<String>,
    pub owner: String,
    pub relation: String,
}

/// Sections under an arena's heading: a heading naming a body of one of
/// `subkinds` ("Vårdsamverkan Skaraborg", a samverkansarena) makes each
/// body of `member_kinds` a later heading names ("Politisk samrådsgrupp
/// vårdsamverkan (PSG)", "Styrgrupp vårdssamverkan") part of it by
/// `relation`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Arenas {
    pub subkinds: Vec<String>,
    pub member_kinds: Vec<String>,
    pub relation: String,
}

/// A decision list: under a heading that begins with one of `headings`
/// and names a body, each table row (cells separated by a tab) is a
/// matter (`ärende`) that the body `handles`; each other body the row
/// names is `concerns`-ed by it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatterList {
    pub headings: Vec<String>,
    pub handles: String,
    pub concerns: String,
    /// Words after the body that make a paragraph a matter's outcome
    /// ("SRO noterar informationen"), ending a matter in prose.
    #[serde(default)]
    pub outcomes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationPatterns {
    /// A relation of the catalog, by id or any spelling it answers to.
    pub relation: String,
    pub patterns: Vec<String>,
    /// Only when the object is of one of these kinds (empty: any); for a
    /// phrase that means one relation for groups and another for roles.
    #[serde(default)]
    pub object_kinds: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListPattern {
    pub relation: String,
    /// `subject`: each item is the subject and the context the object.
    pub item: Slot,
    pub triggers: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Slot {
    Subject,
    Object,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleWords {
    pub words: Vec<String>,
    /// How a new role node is named: `NAME i BODY`.
    pub name: String,
    /// The relation from the role to its body.
    pub relation: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeHeading {
    pub heading: Vec<String>,
    pub key: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindRule {
    pub suffix: String,
    pub kind: String,
    #[serde(default)]
    pub subkind: Option<String>,
}

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Elem {
    Slot(Slot),
    Gap,
    /// Alternatives, folded; a trailing `*` marks a prefix.
    Word(Vec<String>),
}

/// A compiled relation pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub rel: RelId,
    /// The pattern as written, for the reason of a suggestion.
    pub text: String,
    pub elems: Vec<Elem>,
    /// Kind ids the object must have; empty: any.
    pub object_kinds: Vec<String>,
}

/// A role word, folded, with its relation.
#[derive(Debug, Clone)]
pub struct Role {
    /// Folded words, one entry per spelling (`["vice", "ordforande"]`).
    pub words: Vec<Vec<String>>,
    pub name: String,
    pub rel: RelId,
}

#[derive(Debug, Clone)]
pub struct List {
    pub rel: RelId,
    pub item: Slot,
    pub triggers: Vec<String>,
}

/// Everything the matcher needs, checked against the model's catalog.
#[derive(Debug, Clone, Default)]
pub struct Patterns {
    pub relations: Vec<Pattern>,
    pub lists: Vec<List>,
    pub roles: Vec<Role>,
    pub titles: Vec<String>,
    pub title_rel: Option<RelId>,
    pub place_rel: Option<RelId>,
    pub anaphora: Vec<String>,
    /// (folded spellings, kind id)
    pub collectives: Vec<(Vec<Vec<String>>, String)>,
    /// (folded spellings, relation)
    pub parties: Vec<(Vec<Vec<String>>, RelId)>,
    pub rotation: Option<Rotating>,
    /// (kind id of the owner, kind ids of the named body (empty: any),
    /// relation); the first that fits wins.
    pub genitives: Vec<(String, Vec<String>, RelId)>,
    /// Folded.
    pub owner_words: Vec<String>,
    pub member_rel: Option<RelId>,
    /// (arena subkinds, member kind ids, relation)
    pub arenas: Option<(Vec<String>, Vec<String>, RelId)>,
    /// (folded word beginnings, kind ids, owner's name, relation)
    pub prefixes: Vec<(Vec<String>, Vec<String>, String, RelId)>,
    /// (folded heading words, attribute key)
    pub attributes: Vec<(Vec<String>, String)>,
    /// Folded heading words that rule an attribute out.
    pub not_attributes: Vec<Vec<String>>,
    pub kinds: Vec<KindRule>,
    /// Folded, without the final full stop.
    pub abbreviations: Vec<String>,
    pub matters: Vec<Matters>,
}

/// A compiled [`Rotation`], folded.
#[derive(Debug, Clone)]
pub struct Rotating {
    pub chair: Vec<String>,
    pub verbs: Vec<String>,
    /// One entry per spelling, as words.
    pub words: Vec<Vec<String>>,
}

/// A compiled [`MatterList`].
#[derive(Debug, Clone)]
pub struct Matters {
    /// Folded first words of the heading.
    pub headings: Vec<String>,
    pub handles: RelId,
    pub concerns: RelId,
    /// Folded.
    pub outcomes: Vec<String>,
}

/// Parses a patterns file. Errors name the file and the place.
pub fn parse(name: &str, text: &str) -> Result<PatternFile, String> {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(16)
        .from_str(text)
        .map_err(|e| {
            format!(
                "{name}:{}:{}: {}",
                e.span.start.line, e.span.start.col, e.code
            )
        })
}

impl Patterns {
    /// The built-in patterns and then a model's own, checked against
    /// `catalog`: an unknown relation, attribute key or kind, or a pattern
    /// without a slot, is an error naming it — except that the built-in
    /// file (the first) also speaks of relations the bundled model declares
    /// (`lyfter_ärenden_till`, `stödjer` …), whose patterns are left out
    /// for a model without them.
    pub fn compile(catalog: &Catalog, files: &[(&str, PatternFile)]) -> Result<Patterns, String> {
        let mut p = Patterns::default();
        for (fi, (name, f)) in files.iter().enumerate() {
            let builtin = fi == 0;
            let rel = |r: &str| {
                catalog
                    .find_relation(r)
                    .ok_or_else(|| format!("{name}: unknown relation `{r}`"))
            };
            let kind = |k: &str| {
                catalog
                    .find_kind(k)
                    .map(|id| catalog.kind(id).id.clone())
                    .ok_or_else(|| format!("{name}: unknown kind `{k}`"))
            };
            let kinds = |ks: &[String]| ks.iter().map(|k| kind(k)).collect::<Result<Vec<_>, _>>();
            // A relation the built-in file speaks of that this model does
            // not declare: its patterns are left out.
            let skipped = |r: &str| builtin && catalog.find_relation(r).is_none();
            for rp in &f.relations {
                if skipped(&rp.relation) {
                    continue;
                }
                let id = rel(&rp.relation)?;
                let object_kinds = kinds(&rp.object_kinds)?;
                for text in &rp.patterns {
                    let elems = compile_pattern(text)
                        .map_err(|e| format!("{name}: pattern \"{text}\": {e}"))?;
                    p.relations.push(Pattern {
                        rel: id,
                        text: text.clone(),
                        elems,
                        object_kinds: object_kinds.clone(),
                    });
                }
            }
            for l in &f.lists {
                if skipped(&l.relation) {
                    continue;
                }
                p.lists.push(List {
                    rel: rel(&l.relation)?,
                    item: l.item,
                    triggers: l.triggers.iter().map(|t| names::fold(t)).collect(),
                });
            }
            for r in &f.roles {
                if skipped(&r.relation) {
                    continue;
                }
                p.roles.push(Role {
                    words: r.words.iter().map(|w| words(w)).collect(),
                    name: r.name.clone(),
                    rel: rel(&r.relation)?,
                });
            }
            p.titles.extend(f.titles.iter().map(|t| names::fold(t)));
            for (r, to) in [
                (&f.title_relation, &mut p.title_rel),
                (&f.place_relation, &mut p.place_rel),
                (&f.member_relation, &mut p.member_rel),
            ] {
                if let Some(r) = r
                    && !skipped(r)
                {
                    *to = Some(rel(r)?);
                }
            }
            p.anaphora.extend(f.anaphora.iter().map(|t| names::fold(t)));
            p.owner_words
                .extend(f.owner_words.iter().map(|t| names::fold(t)));
            for pr in &f.prefixes {
                if skipped(&pr.relation) {
                    continue;
                }
                p.prefixes.push((
                    pr.words.iter().map(|w| names::fold(w)).collect(),
                    kinds(&pr.kinds)?,
                    pr.owner.clone(),
                    rel(&pr.relation)?,
                ));
            }
            if let Some(a) = &f.arenas
                && !skipped(&a.relation)
            {
                p.arenas = Some((
                    a.subkinds.clone(),
                    kinds(&a.member_kinds)?,
                    rel(&a.relation)?,
                ));
            }
            for rule in &f.genitives {
                // The built-in file also speaks of kinds the bundled model
                // declares (`struktur`).
                let all = std::iter::once(&rule.kind).chain(&rule.member_kinds);
                if skipped(&rule.relation)
                    || builtin && all.clone().any(|k| catalog.find_kind(k).is_none())
                {
                    continue;
                }
                let mut ids = all.map(|k| kind(k)).collect::<Result<Vec<_>, _>>()?;
                let owner = ids.remove(0);
                p.genitives.push((owner, ids, rel(&rule.relation)?));
            }
            if let Some(r) = &f.rotation {
                p.rotation = Some(Rotating {
                    chair: r.chair.iter().map(|w| names::fold(w)).collect(),
                    verbs: r.verbs.iter().map(|w| names::fold(w)).collect(),
                    words: r.words.iter().map(|w| words(w)).collect(),
                });
            }
            for c in &f.parties {
                if skipped(&c.relation) {
                    continue;
                }
                p.parties.push((
                    c.words.iter().map(|w| words(w)).collect(),
                    rel(&c.relation)?,
                ));
            }
            for c in &f.collectives {
                p.collectives
                    .push((c.words.iter().map(|w| words(w)).collect(), kind(&c.kind)?));
            }
            for a in &f.attributes {
                if !catalog.attributes.iter().any(|d| d.id == a.key) {
                    return Err(format!("{name}: unknown attribute key `{}`", a.key));
                }
                for h in &a.heading {
                    p.attributes.push((words(h), a.key.clone()));
                }
            }
            p.not_attributes
                .extend(f.not_attributes.iter().map(|w| words(w)));
            for k in &f.kinds {
                kind(&k.kind)?;
                p.kinds.push(k.clone());
            }
            for m in &f.matters {
                if skipped(&m.handles)
                    || skipped(&m.concerns)
                    || builtin && catalog.find_kind("ärende").is_none()
                {
                    continue;
                }
                p.matters.push(Matters {
                    headings: m.headings.iter().map(|h| names::fold(h)).collect(),
                    handles: rel(&m.handles)?,
                    concerns: rel(&m.concerns)?,
                    outcomes: m.outcomes.iter().map(|h| names::fold(h)).collect(),
                });
            }
            p.abbreviations.extend(
                f.abbreviations
                    .iter()
                    .map(|a| names::fold(a.trim_end_matches('.'))),
            );
        }
        // Longer role spellings first, so "vice ordförande" wins over
        // "ordförande".
        p.roles
            .sort_by_key(|r| std::cmp::Reverse(r.words.iter().map(Vec::len).max().unwrap_or(0)));
        Ok(p)
    }
}

/// Folded words of a phrase.
pub fn words(s: &str) -> Vec<String> {
    names::fold(s).split(' ').map(str::to_string).collect()
}

fn compile_pattern(text: &str) -> Result<Vec<Elem>, String> {
    let mut elems = Vec::new();
    for w in text.split_whitespace() {
        elems.push(match w {
            "S" => Elem::Slot(Slot::Subject),
            "O" => Elem::Slot(Slot::Object),
            "*" => Elem::Gap,
            _ => Elem::Word(w.split('|').map(names::fold).collect()),
        });
    }
    let slots = elems.iter().filter(|e| matches!(e, Elem::Slot(_))).count();
    if slots == 0 {
        return Err("has neither S nor O".into());
    }
    for s in [Slot::Subject, Slot::Object] {
        if elems.iter().filter(|e| **e == Elem::Slot(s)).count() > 1 {
            return Err("names a slot twice".into());
        }
    }
    if matches!(elems.first(), Some(Elem::Gap)) || matches!(elems.last(), Some(Elem::Gap)) {
        return Err("begins or ends with *".into());
    }
    Ok(elems)
}

/// Whether folded word `w` matches a pattern word's alternatives.
pub fn word_matches(alts: &[String], w: &str) -> bool {
    alts.iter().any(|a| match a.strip_suffix('*') {
        Some(prefix) => w.starts_with(prefix),
        None => a == w,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_slots_gaps_and_alternatives() {
        let e = compile_pattern("S bereder ärenden|frågor * O").unwrap();
        assert_eq!(
            e,
            vec![
                Elem::Slot(Slot::Subject),
                Elem::Word(vec!["bereder".into()]),
                Elem::Word(vec!["arenden".into(), "fragor".into()]),
                Elem::Gap,
                Elem::Slot(Slot::Object),
            ]
        );
        assert!(compile_pattern("bereder").is_err());
        assert!(compile_pattern("S bereder S").is_err());
        assert!(compile_pattern("* S").is_err());
        assert!(word_matches(&["bered*".into()], "beredning"));
        assert!(!word_matches(&["bered".into()], "beredning"));
    }
}
