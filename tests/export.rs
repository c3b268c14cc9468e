//! `orgraf export`: every format read back by a real reader of it, and
//! round trips that give the same graph.

mod util;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use orgraf::export::{self, ExportFormat, Output, Subset};
use orgraf::graph::OrgGraph;
use orgraf::model::{self, ModelSource};
use oxrdf::{Term, Triple};

fn bundled() -> OrgGraph {
    let l = model::load(&ModelSource::Bundled).unwrap();
    assert!(!l.has_errors());
    l.graph
}

fn file(g: &OrgGraph, format: ExportFormat) -> Vec<u8> {
    match export::export(&Subset::all(g), format, export::DEFAULT_BASE).unwrap() {
        Output::File(b) => b,
        Output::Dir(_) => panic!("{format:?} writes a file"),
    }
}

fn folder(g: &OrgGraph, format: ExportFormat) -> Vec<(String, Vec<u8>)> {
    match export::export(&Subset::all(g), format, export::DEFAULT_BASE).unwrap() {
        Output::Dir(f) => f,
        Output::File(_) => panic!("{format:?} writes a folder"),
    }
}

/// The JSON export read back: declarations of the standard catalog and
/// the keys that are not the RON format's dropped, the rest written as
/// a RON model file and loaded like any other.
fn load_json(json: &[u8]) -> OrgGraph {
    let mut v: serde_json::Value = serde_json::from_slice(json).unwrap();
    let o = v.as_object_mut().unwrap();
    assert_eq!(o.remove("orgraf_export"), Some(serde_json::json!(1)));
    for section in ["kinds", "relations", "attributes"] {
        let list = o[section].as_array_mut().unwrap();
        list.retain(|d| d["builtin"] == serde_json::json!(false));
        for d in list {
            d.as_object_mut().unwrap().remove("builtin");
        }
    }
    let file: model::types::ModelFile = serde_json::from_value(v).unwrap();
    let ron = ron::ser::to_string(&file).unwrap();
    let l = model::load_texts(vec![("m.ron".into(), ron.into_bytes())], None);
    let errors: Vec<_> = l.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    l.graph
}

/// A folder's files written to a temporary folder and loaded.
fn load_folder(files: &[(String, Vec<u8>)]) -> (tempfile::TempDir, model::Loaded) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let l = model::load(&ModelSource::Dir(dir.path().to_path_buf())).unwrap();
    (dir, l)
}

#[test]
fn json_loads_back_into_the_same_graph() {
    let g = bundled();
    let json = file(&g, ExportFormat::Json);
    let back = load_json(&json);
    assert_eq!(back.node_count(), 126);
    assert_eq!(back.edge_count(), 253);
    assert_eq!(back.source_count(), g.source_count());
    // Every field of every node and edge: the JSON of the graph read
    // back is the JSON it was read from.
    let again = file(&back, ExportFormat::Json);
    assert_eq!(
        String::from_utf8(again).unwrap(),
        String::from_utf8(json).unwrap()
    );
}

#[test]
fn json_shape_is_documented_and_complete() {
    let g = bundled();
    let v: serde_json::Value = serde_json::from_slice(&file(&g, ExportFormat::Json)).unwrap();
    let psg = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "psg")
        .unwrap();
    assert!(
        psg["aliases"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("PSG"))
    );
    assert_eq!(
        psg["former_names"][0]["aliases"],
        serde_json::json!(["PSS"])
    );
    assert!(
        psg["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| !a["sources"].as_array().unwrap().is_empty())
    );
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    for k in [
        "orgraf_export",
        "model",
        "documents",
        "kinds",
        "relations",
        "attributes",
        "nodes",
        "edges",
    ] {
        assert!(keys.contains(&k), "{k} missing from {keys:?}");
    }
    // Every edge cites a document the export declares.
    let docs: HashSet<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    for e in v["edges"].as_array().unwrap() {
        for s in e["sources"].as_array().unwrap() {
            assert!(docs.contains(s["doc"].as_str().unwrap()), "{e}");
        }
    }
}

fn parse_turtle(bytes: &[u8]) -> Vec<Triple> {
    oxttl::TurtleParser::new()
        .for_slice(bytes)
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("Turtle does not parse: {e}"))
}

fn parse_jsonld(bytes: &[u8]) -> Vec<Triple> {
    oxjsonld::JsonLdParser::new()
        .for_slice(bytes)
        .map(|q| q.map(Triple::from))
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}"))
}

/// The triples with blank nodes named by their first appearance, so
/// that two parses of the same graph compare equal.
fn canonical(triples: &[Triple]) -> BTreeSet<String> {
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut name = |t: &str| {
        let n = names.len();
        format!("_:c{}", names.entry(t.to_string()).or_insert(n))
    };
    triples
        .iter()
        .map(|t| {
            let s = match &t.subject {
                oxrdf::NamedOrBlankNode::BlankNode(b) => name(b.as_str()),
                other => other.to_string(),
            };
            let o = match &t.object {
                Term::BlankNode(b) => name(b.as_str()),
                other => other.to_string(),
            };
            format!("{s} {} {o}", t.predicate)
        })
        .collect()
}

fn count(triples: &[Triple], predicate: &str, object: Option<&str>) -> usize {
    triples
        .iter()
        .filter(|t| t.predicate.as_str() == predicate)
        .filter(|t| {
            object.is_none_or(|o| matches!(&t.object, Term::NamedNode(n) if n.as_str() == o))
        })
        .count()
}

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

#[test]
fn turtle_and_jsonld_parse_to_the_same_triples_with_every_source() {
    let g = bundled();
    let ttl = parse_turtle(&file(&g, ExportFormat::Turtle));
    let jsonld = parse_jsonld(&file(&g, ExportFormat::Jsonld));
    let written = export::rdf::triples(&Subset::all(&g), export::DEFAULT_BASE).unwrap();
    assert_eq!(ttl.len(), written.len());
    assert_eq!(jsonld.len(), written.len());
    assert_eq!(canonical(&ttl), canonical(&jsonld));

    // Counted from the graph: one statement per edge, attribute and
    // former name; one derivation per source of each; one prefLabel per
    // body.
    let (mut attrs, mut formers, mut sources) = (0, 0, 0);
    for b in g.bodies() {
        if let Some(d) = g.details(b) {
            attrs += d.attributes.len();
            formers += d.former_names.len();
            sources += d.sources.len()
                + d.attributes.iter().map(|a| a.sources.len()).sum::<usize>()
                + d.former_names
                    .iter()
                    .map(|f| f.sources.len())
                    .sum::<usize>();
        }
    }
    sources += g.edges().map(|e| e.sources().len()).sum::<usize>();
    let rdf_statement = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement";
    assert_eq!(
        count(&ttl, RDF_TYPE, Some(rdf_statement)),
        253 + attrs + formers
    );
    assert_eq!(
        count(&ttl, RDF_TYPE, Some("http://www.w3.org/ns/prov#Derivation")),
        sources
    );
    assert_eq!(count(&ttl, "urn:orgraf:vocab/quote", None), sources);
    assert_eq!(
        count(&ttl, "http://www.w3.org/2004/02/skos/core#prefLabel", None),
        126
    );
    let reports = g
        .edges()
        .filter(|e| g.catalog.relation(e.rel).id == "rapporterar_till")
        .count();
    assert!(reports > 0);
    // The direct triple and its statement's rdf:predicate.
    assert_eq!(
        count(&ttl, "http://www.w3.org/ns/org#reportsTo", None),
        reports
    );
    // Every quote of the model is a literal of the export.
    let literals: HashSet<&str> = ttl
        .iter()
        .filter_map(|t| match &t.object {
            Term::Literal(l) => Some(l.value()),
            _ => None,
        })
        .collect();
    for e in g.edges() {
        for s in e.sources() {
            assert!(literals.contains(s.quote.as_str()), "{}", s.quote);
        }
    }
    // Documents carry title and date.
    assert_eq!(count(&ttl, "http://purl.org/dc/terms/title", None), 5 + 1);
    assert!(
        ttl.iter()
            .any(|t| t.predicate.as_str() == "http://purl.org/dc/terms/date"
                && t.subject.to_string() == "<urn:orgraf:doc/004_b1e93d0ddd00c932.txt>"
                && t.object.to_string()
                    == "\"2024-05-21\"^^<http://www.w3.org/2001/XMLSchema#date>")
    );
    // Relations ORG lacks are declared with label, inverse label and comment.
    let bereder = "<urn:orgraf:rel/bereder>";
    for p in [
        "http://www.w3.org/2000/01/rdf-schema#label",
        "urn:orgraf:vocab/inverseLabel",
        "http://www.w3.org/2000/01/rdf-schema#comment",
    ] {
        assert!(
            ttl.iter()
                .any(|t| t.subject.to_string() == bereder && t.predicate.as_str() == p),
            "{p}"
        );
    }
}

/// Ids of the bodies a SPARQL `SELECT ?x` answers, read from the node IRIs.
fn sparql_ids(store: &oxigraph::store::Store, query: &str) -> BTreeSet<String> {
    use oxigraph::sparql::{QueryResults, SparqlEvaluator};
    let QueryResults::Solutions(solutions) = SparqlEvaluator::new()
        .parse_query(query)
        .unwrap()
        .on_store(store)
        .execute()
        .unwrap()
    else {
        panic!("a SELECT gives solutions")
    };
    solutions
        .map(|s| {
            let s = s.unwrap();
            let Some(Term::NamedNode(n)) = s.get("x") else {
                panic!("?x is a body")
            };
            n.as_str()
                .strip_prefix("https://example.org/vgr/node/")
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn a_triple_store_answers_like_orgraf() {
    let g = bundled();
    let base = "https://example.org/vgr/";
    let stmt = orgraf::query::parse_statement("? (bereder|rapporterar_till)+ SRO").unwrap();
    let orgraf::query::Value::Nodes { nodes, .. } = orgraf::query::eval(&g, &stmt).unwrap() else {
        panic!("a set of bodies")
    };
    let expected: BTreeSet<String> = nodes.iter().map(|&b| g.node(b).id.to_string()).collect();
    assert!(expected.len() >= 3, "{expected:?}");
    let query = "PREFIX org: <http://www.w3.org/ns/org#> PREFIX rel: <https://example.org/vgr/rel/> \
                 SELECT DISTINCT ?x WHERE { ?x (rel:bereder|org:reportsTo)+ <https://example.org/vgr/node/sro> }";
    for format in [ExportFormat::Turtle, ExportFormat::Jsonld] {
        let Output::File(bytes) = export::export(&Subset::all(&g), format, base).unwrap() else {
            panic!()
        };
        let store = oxigraph::store::Store::new().unwrap();
        let rdf_format = match format {
            ExportFormat::Turtle => oxigraph::io::RdfFormat::Turtle,
            _ => oxigraph::io::RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        };
        store.load_from_slice(rdf_format, &bytes).unwrap();
        assert_eq!(sparql_ids(&store, query), expected, "{format:?}");
        // And the evidence of one edge, by its statement.
        let quote = "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> \
                     SELECT ?x WHERE { ?st rdf:subject ?x ; rdf:object <https://example.org/vgr/node/psg> ; \
                     prov:qualifiedDerivation [ <https://example.org/vgr/vocab/quote> ?q ] . \
                     FILTER(CONTAINS(STR(?q), \"Beredning av ärenden till PSG\")) }";
        assert_eq!(
            sparql_ids(&store, quote),
            BTreeSet::from(["styrgrupp_skaraborg".to_string()])
        );
    }
}

/// The GraphML checked against the format's rules: every `<data>` uses
/// a declared key for its element, ids are unique, edges join nodes.
fn check_graphml(text: &str) -> (usize, usize) {
    let doc =
        roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("GraphML is not XML: {e}"));
    let ns = "http://graphml.graphdrawing.org/xmlns";
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "graphml");
    assert_eq!(root.tag_name().namespace(), Some(ns));
    let mut keys: BTreeMap<&str, &str> = BTreeMap::new();
    for k in root.children().filter(|n| n.has_tag_name((ns, "key"))) {
        let id = k.attribute("id").unwrap();
        assert!(
            keys.insert(id, k.attribute("for").unwrap()).is_none(),
            "key {id} twice"
        );
        assert!(k.attribute("attr.name").is_some());
    }
    let graph = root
        .children()
        .find(|n| n.has_tag_name((ns, "graph")))
        .unwrap();
    assert_eq!(graph.attribute("edgedefault"), Some("directed"));
    let mut ids = HashSet::new();
    let mut nodes = HashSet::new();
    let (mut n_nodes, mut n_edges) = (0, 0);
    for el in graph.children().filter(|n| n.is_element()) {
        let what = el.tag_name().name();
        assert!(what == "node" || what == "edge", "{what}");
        let id = el.attribute("id").unwrap();
        assert!(ids.insert(id.to_string()), "id {id} twice");
        if what == "node" {
            nodes.insert(id.to_string());
            n_nodes += 1;
        } else {
            n_edges += 1;
        }
        for d in el.children().filter(|n| n.is_element()) {
            assert!(d.has_tag_name((ns, "data")));
            let key = d.attribute("key").unwrap();
            assert_eq!(keys.get(key), Some(&what), "data key {key} on a {what}");
        }
    }
    for e in graph.children().filter(|n| n.has_tag_name((ns, "edge"))) {
        for end in ["source", "target"] {
            assert!(
                nodes.contains(e.attribute(end).unwrap()),
                "edge {end} is no node"
            );
        }
    }
    (n_nodes, n_edges)
}

#[test]
fn graphml_follows_the_rules_of_the_format() {
    let g = bundled();
    let text = String::from_utf8(file(&g, ExportFormat::Graphml)).unwrap();
    assert_eq!(check_graphml(&text), (126, 253));
    // Attribute values and quotes survive escaping.
    let doc = roxmltree::Document::parse(&text).unwrap();
    let texts: HashSet<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    for b in g.bodies() {
        assert!(texts.contains(g.node(b).name));
    }
}

/// Each statement of the Cypher script parsed by an openCypher parser.
fn check_cypher(script: &str) -> (usize, usize) {
    let (mut creates, mut matches) = (0, 0);
    for line in script
        .lines()
        .filter(|l| !l.starts_with("//") && !l.is_empty())
    {
        let stmt = line.strip_suffix(';').expect("statements end with ;");
        if let Err(e) = open_cypher::parse(stmt) {
            panic!("not openCypher: {line}\n{e:?}");
        }
        if stmt.starts_with("CREATE") {
            creates += 1;
        } else {
            assert!(stmt.starts_with("MATCH"), "{stmt}");
            matches += 1;
        }
    }
    (creates, matches)
}

#[test]
fn cypher_parses_statement_by_statement() {
    let g = bundled();
    let script = String::from_utf8(file(&g, ExportFormat::Cypher)).unwrap();
    assert_eq!(check_cypher(&script), (126, 253));
    assert!(script.contains("CREATE (a)-[:`bereder` {"));
}

#[test]
fn neo4j_csv_has_import_headers_and_every_row() {
    let g = bundled();
    let files = folder(&g, ExportFormat::Neo4jCsv);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["IMPORT.txt", "neo4j_nodes.csv", "neo4j_relationships.csv"]
    );
    let read = |i: usize| {
        let mut r = csv::Reader::from_reader(&files[i].1[..]);
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        (header, rows)
    };
    let (h, nodes) = read(1);
    assert_eq!(&h[..2], ["id:ID", ":LABEL"]);
    assert!(h.contains(&"source_quotes:string[]".to_string()));
    assert_eq!(nodes.len(), 126);
    let ids: HashSet<&str> = nodes.iter().map(|r| &r[0]).collect();
    assert_eq!(ids.len(), 126);
    let (h, edges) = read(2);
    assert_eq!(&h[..3], [":START_ID", ":END_ID", ":TYPE"]);
    assert_eq!(edges.len(), 253);
    for e in &edges {
        assert!(ids.contains(&e[0]) && ids.contains(&e[1]));
    }
    let import = String::from_utf8(files[0].1.clone()).unwrap();
    assert!(import.contains("--array-delimiter=';'"), "{import}");
}

/// A model whose names hold everything each format must escape.
fn hostile_model() -> OrgGraph {
    let nasty = [
        "Quote \" and ' and ` back`tick",
        "Angle <b>&amp; </graphml> ]]> <!--",
        "Back\\slash \\n \\u0041 and ${x} {braces} (paren) [list]",
        "Line\nbreak\rcarriage\ttab",
        "Turtle \"\"\" ''' @prefix x: <y> . ;",
        "Unicode åäö ÅÄÖ – “” 🚀 \u{200b}",
        "Cypher '}); MATCH (n) DETACH DELETE n; //",
        "Ctrl \u{1}\u{7f}",
    ];
    let esc = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
            .replace('\r', "\\r")
            .replace('\t', "\\t")
            .replace('\u{1}', "\\u{1}")
    };
    let mut t = String::from(
        "(documents: [(file: \"d <1>.txt\", title: \"T \\\"1\\\" & <2>\", date: \"2024-01-02\")],\n\
         relations: [(id: \"särskild\", label: \"x <y> \\\"z\\\"\", inverse: \"inv 'q'\", description: \"a\\nb\")],\n nodes: [",
    );
    for (i, n) in nasty.iter().enumerate() {
        t.push_str(&format!(
            "(id: \"n{i}\", name: \"{} {i}\", kind: \"organ\", aliases: [\"{} alias {i}\"], \
             attributes: [(key: \"beskrivning\", value: \"{}\", sources: [(doc: \"d <1>.txt\", quote: \"{}\")])], \
             sources: [(doc: \"d <1>.txt\", quote: \"{}\")]),",
            esc(n),
            esc(n).replace(';', ","),
            esc(n),
            esc(n),
            esc(n)
        ));
    }
    t.push_str("], edges: [");
    for i in 0..nasty.len() {
        let j = (i + 1) % nasty.len();
        t.push_str(&format!(
            "(from: \"n{i}\", rel: \"särskild\", to: \"n{j}\", note: \"{}\", sources: [(doc: \"d <1>.txt\", quote: \"{}\")]),",
            esc(nasty[i]),
            esc(nasty[j])
        ));
    }
    t.push_str("])");
    let l = model::load_texts(vec![("m.ron".into(), t.into_bytes())], None);
    let errors: Vec<_> = l.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    l.graph
}

#[test]
fn hostile_names_survive_every_format() {
    let g = hostile_model();
    let names: Vec<String> = g.bodies().map(|b| g.node(b).name.to_string()).collect();
    // RDF: both serialisations parse, to the same triples, with every
    // name intact.
    let ttl = parse_turtle(&file(&g, ExportFormat::Turtle));
    let jsonld = parse_jsonld(&file(&g, ExportFormat::Jsonld));
    assert_eq!(canonical(&ttl), canonical(&jsonld));
    for n in &names {
        assert!(
            ttl.iter()
                .any(|t| matches!(&t.object, Term::Literal(l) if l.value() == n)),
            "{n:?}"
        );
    }
    // GraphML: well-formed and by the rules; names intact except for
    // characters XML cannot carry.
    let graphml = String::from_utf8(file(&g, ExportFormat::Graphml)).unwrap();
    assert_eq!(check_graphml(&graphml), (8, 8));
    let doc = roxmltree::Document::parse(&graphml).unwrap();
    let texts: HashSet<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    for n in &names {
        let shown = n.replace('\u{1}', "\u{fffd}");
        assert!(texts.contains(shown.as_str()), "{n:?}");
    }
    // Cypher: every statement parses; the injected one stays a string.
    let cypher = String::from_utf8(file(&g, ExportFormat::Cypher)).unwrap();
    assert_eq!(check_cypher(&cypher), (8, 8));
    assert!(!cypher.lines().any(|l| l.starts_with("MATCH (n) DETACH")));
    // JSON: loads back into the same graph.
    let json = file(&g, ExportFormat::Json);
    assert_eq!(file(&load_json(&json), ExportFormat::Json), json);
    // neo4j-csv: the array separator is one that no value holds.
    let files = folder(&g, ExportFormat::Neo4jCsv);
    assert!(String::from_utf8_lossy(&files[0].1).contains("--array-delimiter="));
}

#[test]
fn a_statement_exports_its_answer() {
    let r = util::orgraf(
        &[
            "export",
            "--format",
            "json",
            "--query",
            "path NOSAM_Lerum -> politisk_samradsgrupp_samla",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let ids: Vec<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["nosam_lerum", "politisk_samradsgrupp_samla", "samla"]);
    let edges: Vec<String> = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e["from"].as_str().unwrap(),
                e["rel"].as_str().unwrap(),
                e["to"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        edges,
        [
            "nosam_lerum lyfter_ärenden_till samla",
            "samla rapporterar_till politisk_samradsgrupp_samla"
        ]
    );
    assert!(
        v["edges"][0]["sources"][0]["quote"]
            .as_str()
            .unwrap()
            .contains("NOSAM")
    );
    // A statement that fails is reported like `orgraf query` reports it.
    let r = util::orgraf(
        &[
            "export",
            "--format",
            "json",
            "--query",
            "? bereder NoSuchBody",
        ],
        None,
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("NoSuchBody"), "{r:?}");
}

#[test]
fn output_is_deterministic_and_written_safely() {
    let out = tempfile::tempdir().unwrap();
    for format in ["graphml", "turtle", "jsonld", "cypher", "json"] {
        let a = util::orgraf(&["export", "--format", format], None);
        let b = util::orgraf(&["export", "--format", format], None);
        assert_eq!(a.code, 0, "{a:?}");
        assert_eq!(a.stdout, b.stdout, "{format}");
        let path = out.path().join(format!("x.{format}"));
        let r = util::orgraf(
            &["export", "--format", format, "-o", path.to_str().unwrap()],
            None,
        );
        assert_eq!(r.code, 0, "{r:?}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), a.stdout);
    }
    // Folders: only new or empty ones, never over a model's files.
    let dir = out.path().join("neo");
    let d = dir.to_str().unwrap();
    assert_eq!(
        util::orgraf(&["export", "--format", "neo4j-csv", "-o", d], None).code,
        0
    );
    let first = std::fs::read(dir.join("neo4j_nodes.csv")).unwrap();
    let r = util::orgraf(&["export", "--format", "neo4j-csv", "-o", d], None);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("not empty"), "{r:?}");
    assert_eq!(std::fs::read(dir.join("neo4j_nodes.csv")).unwrap(), first);
    let r = util::orgraf(&["export", "--format", "csv"], None);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("-o DIR"), "{r:?}");
    let model_file = out.path().join("edges.csv");
    let r = util::orgraf(
        &[
            "export",
            "--format",
            "json",
            "-o",
            model_file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(!model_file.exists());
    let r = util::orgraf(&["export", "--format", "turtle", "--base", "no iri"], None);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--base"), "{r:?}");
}

#[test]
fn csv_folder_loads_back_into_the_same_graph() {
    let g = bundled();
    let files = folder(&g, ExportFormat::Csv);
    let (_dir, l) = load_folder(&files);
    let errors: Vec<_> = l.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(
        errors.is_empty(),
        "{}",
        l.texts.render(&l.diagnostics, false)
    );
    // No warning that rows carry no sources: they all do.
    assert!(
        l.diagnostics.is_empty(),
        "{}",
        l.texts.render(&l.diagnostics, false)
    );
    // The same graph; a CSV row's dates cite the row's sources, so the
    // sources the RON model gives its dates are the one thing not kept.
    let json = |g: &OrgGraph| {
        let mut v: serde_json::Value =
            serde_json::from_slice(&file(g, ExportFormat::Json)).unwrap();
        dates_only(&mut v);
        v
    };
    let original = json(&g);
    assert!(
        original
            .to_string()
            .contains("\"valid_until\":{\"date\":\"2022-10\""),
        "the model has dates"
    );
    assert_eq!(json(&l.graph), original);
}

/// `v` with the sources of every `valid_from` and `valid_until` left out.
fn dates_only(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k == "valid_from" || k == "valid_until" {
                    if let Some(b) = x.as_object_mut() {
                        b.remove("sources");
                    }
                } else {
                    dates_only(x);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(dates_only),
        _ => {}
    }
}

/// Any text without white space at its ends (which CSV cells lose).
const TEXT: &str = "[^\\s](.{0,10}[^\\s])?";

/// A RON string literal.
fn ron_str(s: &str) -> String {
    ron::ser::to_string(&s).unwrap()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Random small models with any printable names: JSON loads back into
    /// the same graph, and every format is read back by its reader.
    #[test]
    fn random_models_round_trip(
        nodes in proptest::collection::vec((TEXT, proptest::collection::vec("[^;\\s]{1,6}", 0..2), proptest::option::of(TEXT)), 1..6),
        edges in proptest::collection::vec((0usize..6, 0usize..3, 0usize..6, proptest::option::of(0u32..5), proptest::option::of(TEXT)), 0..10),
        quote in TEXT,
    ) {
        let src = format!("sources: [(doc: \"d.txt\", quote: {})]", ron_str(&format!("q {quote}")));
        let mut t = String::from("(documents: [(file: \"d.txt\", title: \"D\")], nodes: [");
        for (i, (name, aliases, attr)) in nodes.iter().enumerate() {
            let aliases: Vec<String> = aliases.iter().enumerate().map(|(k, a)| ron_str(&format!("{a} {i}.{k}"))).collect();
            let attrs = attr.as_ref().map_or(String::new(), |v| format!("(key: \"mandat\", value: {}, {src})", ron_str(v)));
            t.push_str(&format!(
                "(id: \"n{i}\", name: {}, kind: \"organ\", aliases: [{}], attributes: [{attrs}], {src}),",
                ron_str(&format!("{name} #{i}")),
                aliases.join(", ")
            ));
        }
        t.push_str("], edges: [");
        let rels = ["bereder", "rapporterar_till", "utser"];
        let n = nodes.len();
        for (a, r, b, count, note) in &edges {
            let count = count.map_or(String::new(), |c| format!("count: {c},"));
            let note = note.as_ref().map_or(String::new(), |v| format!("note: {},", ron_str(v)));
            t.push_str(&format!("(from: \"n{}\", rel: \"{}\", to: \"n{}\", {count} {note} {src}),", a % n, rels[*r], b % n));
        }
        t.push_str("])");
        let l = model::load_texts(vec![("m.ron".into(), t.into_bytes())], None);
        // Only models that load without errors are exported (a random
        // one may have a reporting cycle, say).
        proptest::prop_assume!(!l.has_errors());
        let g = l.graph;
        let json = file(&g, ExportFormat::Json);
        proptest::prop_assert_eq!(file(&load_json(&json), ExportFormat::Json), json.clone());
        let ttl = parse_turtle(&file(&g, ExportFormat::Turtle));
        proptest::prop_assert_eq!(canonical(&ttl), canonical(&parse_jsonld(&file(&g, ExportFormat::Jsonld))));
        let graphml = String::from_utf8(file(&g, ExportFormat::Graphml)).unwrap();
        proptest::prop_assert_eq!(check_graphml(&graphml), (g.node_count(), g.edge_count()));
        let cypher = String::from_utf8(file(&g, ExportFormat::Cypher)).unwrap();
        proptest::prop_assert_eq!(check_cypher(&cypher), (g.node_count(), g.edge_count()));
        // The CSV folder loads back into the same graph.
        let (_dir, l) = load_folder(&folder(&g, ExportFormat::Csv));
        proptest::prop_assert!(!l.has_errors(), "{}", l.texts.render(&l.diagnostics, false));
        proptest::prop_assert_eq!(file(&l.graph, ExportFormat::Json), json);
    }
}

#[test]
fn a_plain_csv_model_exports_to_plain_columns() {
    let l = model::load(&ModelSource::Dir(
        util::root().join("tests/fixtures/check/csv_ok"),
    ))
    .unwrap();
    assert!(!l.has_errors());
    let files = folder(&l.graph, ExportFormat::Csv);
    let header = |name: &str| {
        let (_, bytes) = files.iter().find(|(n, _)| n == name).unwrap();
        String::from_utf8_lossy(bytes)
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    // Only the columns some row fills: the folder loads on the fast path.
    assert_eq!(header("nodes.csv"), "id,kind,name,aliases");
    assert_eq!(header("edges.csv"), "src,rel,dst");
    let (_dir, back) = load_folder(&files);
    assert!(!back.has_errors());
    assert_eq!(
        file(&back.graph, ExportFormat::Json),
        file(&l.graph, ExportFormat::Json)
    );
}
