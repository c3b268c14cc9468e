//! Every word the web explorer's pages say, in Swedish, in one table, so
//! that an English table can follow. Model text (names, labels, quotes)
//! is shown as written and is not here.
//!
//! A `{name}` in a string is filled in by [`fill`].

/// The user-interface strings of one language.
pub struct Ui {
    pub lang: &'static str,
    pub site_name: &'static str,
    pub nav_home: &'static str,
    pub nav_search: &'static str,
    pub nav_path: &'static str,
    pub nav_query: &'static str,
    pub nav_documents: &'static str,
    pub nav_relations: &'static str,
    pub nav_kinds: &'static str,
    /// `{nodes}`, `{edges}`, `{sources}`, `{documents}`.
    pub counts: &'static str,
    pub model_date: &'static str,
    pub start_questions: &'static str,
    pub search_label: &'static str,
    pub search_button: &'static str,
    pub search_placeholder: &'static str,
    pub overview: &'static str,
    pub chart_surroundings: &'static str,
    /// `{message}`: why Graphviz failed.
    pub chart_failed: &'static str,
    pub chart_missing: &'static str,
    /// `{n}`: how many bodies.
    pub chart_too_big: &'static str,
    pub chart_site_hint: &'static str,
    /// `{text}`.
    pub search_title: &'static str,
    /// `{text}`.
    pub search_nothing: &'static str,
    pub search_hint: &'static str,
    pub search_all_bodies: &'static str,
    pub search_js_hint: &'static str,
    pub matched_in: &'static str,
    pub col_id: &'static str,
    pub col_name: &'static str,
    pub col_kind: &'static str,
    pub col_subject: &'static str,
    pub col_relation: &'static str,
    pub col_object: &'static str,
    pub col_label: &'static str,
    pub col_inverse: &'static str,
    pub col_english: &'static str,
    pub col_description: &'static str,
    pub col_reachable: &'static str,
    pub col_count: &'static str,
    pub col_title: &'static str,
    pub col_date: &'static str,
    pub col_file: &'static str,
    pub col_cited: &'static str,
    pub none: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub kind: &'static str,
    pub aliases: &'static str,
    pub former_name: &'static str,
    /// `{when}`.
    pub changed: &'static str,
    /// The heading of a card's history section.
    pub history: &'static str,
    /// Above every page asked `?asof=DATE`; `{date}`.
    pub as_of_banner: &'static str,
    /// The link from such a page to today's.
    pub as_of_today: &'static str,
    /// Above an `as of` answer; `{date}`.
    pub as_of: &'static str,
    pub note: &'static str,
    pub sources: &'static str,
    pub source: &'static str,
    pub path_from_here: &'static str,
    pub path_title: &'static str,
    pub path_from: &'static str,
    pub path_to: &'static str,
    pub path_via: &'static str,
    pub path_via_hint: &'static str,
    pub path_button: &'static str,
    pub path_intro: &'static str,
    /// `{from}`, `{to}`, `{n}`, `{over}`.
    pub path_found: &'static str,
    pub path_self: &'static str,
    /// `{from}`, `{to}`, `{over}`.
    pub path_none: &'static str,
    /// `{max}`.
    pub path_none_bound: &'static str,
    /// `{n}`, `{from}`, `{to}`, `{max}`, `{over}`.
    pub paths_found: &'static str,
    pub paths_truncated: &'static str,
    /// `{i}`, `{n}`.
    pub path_numbered: &'static str,
    /// `{n}`.
    pub why_shortest: &'static str,
    /// `{from}`.
    pub why_reaches_nothing: &'static str,
    /// `{from}`, `{n}`.
    pub why_reaches: &'static str,
    /// `{to}`, `{from}`.
    pub why_not_connected: &'static str,
    /// `{to}`, `{d}`.
    pub why_closest: &'static str,
    /// `{to}`.
    pub why_nothing_reaches: &'static str,
    /// `{to}`, `{n}`, `{from}`.
    pub why_reached_from: &'static str,
    /// `{from}`, `{path}`, `{to}`, `{n}`.
    pub evidence_yes: &'static str,
    /// `{from}`, `{path}`, `{to}`.
    pub evidence_no: &'static str,
    /// `{from}`, `{path}`.
    pub evidence_reached: &'static str,
    pub query_title: &'static str,
    pub query_label: &'static str,
    pub query_button: &'static str,
    pub query_intro: &'static str,
    pub query_json: &'static str,
    pub error_title: &'static str,
    pub meaning_relation: &'static str,
    pub meaning_kind: &'static str,
    pub documents_title: &'static str,
    pub documents_intro: &'static str,
    /// `{title}`.
    pub document_title: &'static str,
    pub document_establishes: &'static str,
    pub document_nothing: &'static str,
    pub document_bodies: &'static str,
    pub document_edges: &'static str,
    pub document_attributes: &'static str,
    pub document_former_names: &'static str,
    pub relations_title: &'static str,
    pub kinds_title: &'static str,
    pub not_found_title: &'static str,
    /// `{what}`.
    pub not_found_body: &'static str,
    /// `{id}`.
    pub no_such_body: &'static str,
    /// `{file}`.
    pub no_such_document: &'static str,
    pub bad_request_title: &'static str,
    pub method_title: &'static str,
    pub method_body: &'static str,
    /// `{max}`: bytes.
    pub too_long: &'static str,
    /// `{n}`, `{max}`.
    pub too_big: &'static str,
    /// `{secs}`.
    pub too_slow: &'static str,
    pub busy: &'static str,
    pub missing_parameter: &'static str,
    pub tour_statement: &'static str,
    pub back_home: &'static str,
    pub footer: &'static str,
}

/// Swedish, the users' language.
pub const SV: Ui = Ui {
    lang: "sv",
    site_name: "orgraf",
    nav_home: "Start",
    nav_search: "Sök",
    nav_path: "Väg",
    nav_query: "Fråga",
    nav_documents: "Dokument",
    nav_relations: "Relationer",
    nav_kinds: "Slag",
    counts: "{nodes} organ och roller, {edges} relationer, {sources} källcitat ur {documents} dokument.",
    model_date: "Modellen beskriver läget",
    start_questions: "Frågor att börja med",
    search_label: "Sök ett organ, en roll eller en förkortning",
    search_button: "Sök",
    search_placeholder: "t.ex. DRNÖ, PSG, rättspsykiatri",
    overview: "Översikt",
    chart_surroundings: "Omgivning",
    chart_failed: "Diagrammet kunde inte ritas: Graphviz `dot` misslyckades ({message}). Sidans uppgifter ovan gäller ändå.",
    chart_missing: "Diagrammet kräver Graphviz `dot`, som inte finns på den här datorn. Installera det: `apt-get install graphviz` (Debian, Ubuntu), `dnf install graphviz` (Fedora) eller `brew install graphviz` (macOS), och starta om orgraf.",
    chart_too_big: "Diagrammet skulle rymma {n} organ, för många för en webbsida. Rita det med `orgraf diagram`.",
    chart_site_hint: "Klicka på en ruta för att öppna dess sida.",
    search_title: "Sökresultat för ”{text}”",
    search_nothing: "Inget matchar ”{text}”.",
    search_hint: "Sökningen tål stavfel och bryr sig inte om å, ä, ö eller versaler.",
    search_all_bodies: "Alla organ, roller och personer",
    search_js_hint: "Med JavaScript påslaget filtreras listan medan du skriver.",
    matched_in: "träff i",
    col_id: "id",
    col_name: "namn",
    col_kind: "slag",
    col_subject: "subjekt",
    col_relation: "relation",
    col_object: "objekt",
    col_label: "etikett",
    col_inverse: "baklänges",
    col_english: "engelska",
    col_description: "beskrivning",
    col_reachable: "följs av väg",
    col_count: "antal",
    col_title: "titel",
    col_date: "datum",
    col_file: "fil",
    col_cited: "citat",
    none: "(inga)",
    yes: "ja",
    no: "nej",
    kind: "slag",
    aliases: "förkortningar",
    former_name: "tidigare namn",
    changed: "ändrat: {when}",
    history: "Historik",
    as_of_banner: "Du ser läget {date}: svar och kort gäller det som modellen säger gällde då.",
    as_of_today: "Till dagens läge",
    as_of: "Läget {date}: det som modellen säger gällde då.",
    note: "anmärkning",
    sources: "Källor",
    source: "källa",
    path_from_here: "Väg härifrån till …",
    path_title: "Väg mellan två organ",
    path_from: "Från",
    path_to: "Till",
    path_via: "Via relationer (valfritt)",
    path_via_hint: "t.ex. bereder|rapporterar_till; tomt: relationerna som ärenden går längs",
    path_button: "Visa vägen",
    path_intro: "Hur kan ett ärende gå från ett organ till ett annat? Svaret visar varje steg med sin källa, eller varför det inte finns någon väg.",
    path_found: "Väg från {from} till {to}, {n} steg över {over}:",
    path_self: "Från och till samma organ: 0 steg.",
    path_none: "Ingen väg från {from} till {to} över {over}.",
    path_none_bound: "Ingen väg på högst {max} steg.",
    paths_found: "{n} vägar från {from} till {to} på högst {max} steg över {over}:",
    paths_truncated: "(de första; det finns fler)",
    path_numbered: "Väg {i} ({n} steg)",
    why_shortest: "Den kortaste vägen har {n} steg; höj `max` eller fråga `path`.",
    why_reaches_nothing: "{from} når ingenting längs dessa relationer.",
    why_reaches: "{from} når {n}:",
    why_not_connected: "{to} hänger inte ihop med {from} eller med något som den når, längs någon relation.",
    why_closest: "Närmast {to}, {d} steg bort räknat längs alla relationer i båda riktningar:",
    why_nothing_reaches: "Ingenting når {to} längs dessa relationer.",
    why_reached_from: "{to} nås från {n} längs dessa relationer, men {from} når inget av dem:",
    evidence_yes: "Ja: {from} {path} {to}, genom {n} relationer:",
    evidence_no: "Nej: {from} når inte {to} över {path}.",
    evidence_reached: "{from} når över {path}:",
    query_title: "Fråga",
    query_label: "En fråga i orgrafs frågespråk",
    query_button: "Fråga",
    query_intro: "Samma språk som `orgraf query` och utforskaren: `? bereder PSG`, `show DRNÖ`, `path NOSAM_Lerum -> SRO`, `help`.",
    query_json: "Samma svar som JSON",
    error_title: "Frågan kunde inte besvaras",
    meaning_relation: "relation",
    meaning_kind: "slag",
    documents_title: "Källdokument",
    documents_intro: "Dokumenten som modellens uppgifter bygger på. Varje dokuments sida visar vad det belägger.",
    document_title: "Vad belägger ”{title}”?",
    document_establishes: "Uppgifter som citerar dokumentet",
    document_nothing: "Ingen uppgift i modellen citerar dokumentet.",
    document_bodies: "Organ och roller",
    document_edges: "Relationer",
    document_attributes: "Egenskaper",
    document_former_names: "Tidigare namn",
    relations_title: "Relationer",
    kinds_title: "Slag av organ",
    not_found_title: "Sidan finns inte",
    not_found_body: "Det finns ingen sida {what}.",
    no_such_body: "Modellen har inget organ med id ”{id}”.",
    no_such_document: "Modellen känner inget dokument ”{file}”.",
    bad_request_title: "Felaktig begäran",
    method_title: "Metoden stöds inte",
    method_body: "Den här webbplatsen kan bara läsas (GET och HEAD).",
    too_long: "Texten är för lång: högst {max} byte.",
    too_big: "Svaret har {n} rader, fler än de {max} som visas på webben. Snäva in frågan eller använd `orgraf query`.",
    too_slow: "Frågan tog längre tid än {secs} sekunder att besvara. Snäva in den eller använd `orgraf query`.",
    busy: "Servern är upptagen; försök igen om en stund.",
    missing_parameter: "Fyll i både Från och Till.",
    tour_statement: "Frågan:",
    back_home: "Till startsidan",
    footer: "Varje uppgift har sin källa: dokument och ordagrant citat.",
};

/// The strings the pages use.
pub fn ui() -> &'static Ui {
    &SV
}

/// `template` with each `{key}` replaced by its value, in one pass (a
/// value that holds `{key}` itself stays as it is); an unknown `{…}` is
/// kept.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let key = &after[..close];
            values
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_in_one_pass() {
        assert_eq!(
            fill("{a} och {b} {c}", &[("a", "{b}"), ("b", "2")]),
            "{b} och 2 {c}"
        );
        assert_eq!(fill("{", &[]), "{");
    }
}
