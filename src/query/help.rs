//! `help` texts: an overview and one page per statement or topic.

/// Topics `help TOPIC` knows, in the order the overview lists them.
pub const TOPICS: &[(&str, &str)] = &[
    ("pattern", PATTERN),
    ("list", LIST),
    ("show", SHOW),
    ("path", PATH),
    ("paths", PATHS),
    ("why", WHY),
    ("search", SEARCH),
    ("explain", EXPLAIN),
    ("relations", RELATIONS),
    ("kinds", KINDS),
    ("where", WHERE),
    ("names", NAMES),
    ("formats", FORMATS),
    ("as", AS_OF),
];

/// The overview, or the page on `topic` (a statement keyword or one of
/// [`TOPICS`], any case); `None` for an unknown topic.
pub fn help(topic: Option<&str>) -> Option<String> {
    let Some(topic) = topic else {
        return Some(OVERVIEW.to_string());
    };
    let t = crate::graph::names::fold(topic);
    let t = match t.as_str() {
        "triple" | "patterns" | "?" => "pattern",
        "filter" | "filters" => "where",
        "format" | "output" => "formats",
        "name" => "names",
        "asof" | "as of" | "date" | "time" => "as",
        other => other,
    };
    TOPICS
        .iter()
        .find(|(k, _)| *k == t)
        .map(|(_, text)| text.to_string())
}

const OVERVIEW: &str = "\
The orgraf query language: one statement per line, or several separated by `;`.
`#` starts a comment.

  ? bereder PSG                        who prepares PSG's matters (bereder)?
  DRNÖ sammankallar ?                  what does DRNÖ convene?
  ? utser ?                            every appointment
  VVG rapporterar_till SRO             yes or no, with the evidence
  NOSAM_Lerum lyfter_ärenden_till+ ?   everything reached over one or more hops
  ? (bereder|rapporterar_till)+ SRO    alternatives; `*` allows zero hops
  PSG ^bereder ?                       `^` follows a relation backwards
  ? utser/ordförande_i VVG             `/` chains relations: who appoints VVG's chair
  ? ingår_i PSG where kind = nämnd     filters
  list [KIND] [where …]                list bodies
  show X                               everything about X, with sources
  X                                    a name alone: the same as `show X`
  path A -> B [via R1|R2]              a shortest path, hop by hop with sources
  paths A -> B [via …] [max N]         every simple path up to N hops
  why A REL B                          the evidence that A REL B holds
  search TEXT                          typo-tolerant search over names and attributes
  explain WORD                         what an acronym, relation or kind means
  relations, kinds                     the vocabulary of the model
  as of DATE STATEMENT                 the answer on the graph as it stood then
  help TOPIC                           more on: pattern, list, show, path, paths, why,
                                       search, explain, relations, kinds, where, names,
                                       formats, as
";

const AS_OF: &str = "\
as of DATE STATEMENT: the statement answered on the graph as it stood on DATE.

  as of 2021 ? bereder PSS                    who prepared PSS's matters in 2021
  as of 2023-01 show ledningsrad_hjalpmedel   the council under its name then
  as of 2022-10-03 list ärende                the matters SRO had handled by then

DATE is YYYY, YYYY-MM or YYYY-MM-DD and means every day of that period:
a body, edge or attribute counts when the model's `valid_from`/`valid_until`
meet it (an end the model leaves open always does). A body that had another
name then is called by it; today's name and every former name still find
it, with a note saying what the name meant then. A body named in the
statement that did not exist then is an error. Without `as of`, answers
are those of the model's own date, with every fact.
";

const PATTERN: &str = "\
Patterns: SUBJECT RELATION OBJECT, with `?` for what is asked.

  ? bereder PSG              the bodies that prepare PSG's matters
  DRNÖ sammankallar ?        what DRNÖ convenes
  ? utser ?                  every appointment, as subject–relation–object rows
  VVG rapporterar_till SRO   yes or no, with the edges that make it true

The relation may be a path:
  r+        one or more hops over r       r*   zero or more hops
  r1|r2     either relation               r1/r2   r1, then r2
  ^r        r followed backwards: `PSG ^bereder ?` is `? bereder PSG`
  ( … )     grouping: `? (bereder|rapporterar_till)+ SRO`

A pattern with one `?` answers a set of bodies; with two, rows.
Add `where …` to filter the answer (see `help where`).
";

const LIST: &str = "\
list [KIND] [where CONDITION and …]

  list                      every body, role and person
  list roll                 every role (kinds: see `kinds`)
  list organ where subkind = samordningsgrupp
";

const SHOW: &str = "\
show NAME

The card of a body: name, kind, aliases, former names, attributes, every
outgoing and incoming edge grouped by relation (incoming ones read with the
inverse label, e.g. \"bereds av\"), and the sources behind them.

  show PSG
  show \"Delregional nämnd östra\"

A name alone is the same statement: `PSG`, `DRNÖ`, `\"NOSAM Lerum\"`.
";

const PATH: &str = "\
path A -> B [via R1|R2|…]

A shortest directed path from A to B, hop by hop, each hop with its relation
and source. Without `via` it follows the relations marked as reachable in the
catalog (see `relations`: bereder, rapporterar till, ingår i, rekommenderar
and any the model marks so); `via` names the relations to follow, any of them.

When there is no path, the answer says why: what A does reach and which of
that comes closest to B, or that nothing reaches B over those relations.

  path NOSAM_Lerum -> SRO
  path styrgrupp_skaraborg -> PSG via bereder
";

const PATHS: &str = "\
paths A -> B [via R1|R2|…] [max N]

Every simple path (no body twice) from A to B of at most N hops (default 6,
at most 12), shortest first; at most 100 are listed. Relations as for `path`.

  paths NOSAM_Lerum -> SAMLA max 3
";

const WHY: &str = "\
why A RELATION B

The evidence that the pattern `A RELATION B` holds: the edge, or the chain of
edges, with each document and quote. RELATION may be a path, as in patterns.

  why styrgrupp_skaraborg bereder PSG
  why NOSAM_Lerum lyfter_ärenden_till+ SAMLA
";

const SEARCH: &str = "\
search TEXT

Ranked search over ids, names, aliases, former names and attribute values;
case, diacritics and small typos do not matter. At most 16 words.

  search samordning
  search \"nära vård\"
";

const EXPLAIN: &str = "\
explain WORD

What a word means in the model: a body (by acronym, name or former name), a
relation or a kind.

  explain PSG
  explain NOSAM
  explain bereder
";

const RELATIONS: &str = "\
relations

Every relation: its id, how it reads forward and backward, its ASCII and
English forms, and whether `path` follows it by default (reachable).
";

const KINDS: &str = "\
kinds

Every kind of body, with how many the model holds.
";

const WHERE: &str = "\
where CONDITION and CONDITION …

A condition is FIELD OP VALUE:
  FIELD   kind, subkind, name (any name or alias), id, or an attribute key
          such as mandat or mötesfrekvens
  OP      =  equal    !=  not equal    ~  contains
Values compare without regard to case or diacritics.

With `?` at both ends, a condition applies to both unless it starts with
`subject` or `object`:
  ? utser ? where object kind = roll
";

const NAMES: &str = "\
Names

A body is named by its id, name, alias or former name, without regard to case
or diacritics: `DRNO` finds DRNÖ, `PSS` finds PSG (its former name). Names
with spaces go in double quotes: \"Politisk samrådsgrupp vårdsamverkan\";
`_` stands for a space, so NOSAM_Lerum is \"NOSAM Lerum\".

Relations are named by id (ingår_i), ASCII form (ingar_i), label or English
alias (member_of, prepares, reports_to, appoints, chairs, convenes, recommends).
";

const FORMATS: &str = "\
Output formats (--format)

  text   tables and hop lists for people (the default)
  json   one JSON document per statement; `run` writes one per line
  csv    a header row, then one row per answer (RFC 4180); `run` separates
         the statements' tables with an empty line
";
