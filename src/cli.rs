//! Command-line definitions (clap). Only the shape of the arguments lives
//! here; [`crate::commands`] does the work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "orgraf",
    version,
    about = "Query and draw the governance of Västra Götaland's vårdsamverkan",
    long_about = "orgraf holds who prepares (bereder), reports to (rapporterar till), appoints (utser), \
chairs and convenes which body in Västra Götaland's health and care collaboration, with the source \
of every fact. With no subcommand it opens an interactive explorer.",
    after_help = "Examples:\n  orgraf                                  open the explorer on the bundled model\n  \
orgraf query '? bereder PSG'            who prepares PSG's matters?\n  \
orgraf query 'path NOSAM_Lerum -> SRO'  how does a matter travel?\n  \
orgraf check --model model              validate a model folder\n  \
orgraf diagram PSG --depth 1 -o psg.svg draw PSG and its surroundings\n\n\
Exit codes: 0 success, 1 error in the input (query or model), 2 usage error."
)]
pub struct Cli {
    /// Load the model from this folder (.ron files, or nodes.csv + edges.csv),
    /// Excel workbook (.xlsx with sheets nodes and edges) or compiled model
    /// file (`orgraf compile`) instead of the bundled one.
    #[arg(long, global = true, value_name = "DIR|FILE.xlsx|FILE.orgraf")]
    pub model: Option<PathBuf>,

    /// Print model load time and per-statement parse and evaluation times to stderr.
    #[arg(long, global = true)]
    pub timings: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a model and print a one-line summary, or every problem found.
    #[command(
        after_help = "Examples:\n  orgraf check\n  orgraf check --model model\n  orgraf check --model ./export   # a folder with nodes.csv and edges.csv"
    )]
    Check,

    /// Answer one statement of the query language.
    #[command(
        after_help = "Examples:\n  orgraf query '? bereder PSG'\n  orgraf query 'NOSAM_Lerum (lyfter_ärenden_till|rapporterar_till)+ ?'\n  \
orgraf query 'path NOSAM_Lerum -> SRO' --format json\n  orgraf query 'show DRNÖ'\n  orgraf query 'help'"
    )]
    Query {
        /// The statement, e.g. `? bereder PSG`.
        statement: String,
        #[command(flatten)]
        output: OutputArgs,
    },

    /// Run a script of statements (one per line or separated by `;`).
    #[command(
        after_help = "Examples:\n  orgraf run queries/newcomer.oq\n  echo '? utser ?' | orgraf run - --format csv"
    )]
    Run {
        /// Script file (.oq), or `-` for stdin.
        file: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
    },

    /// Draw a part of the graph as Graphviz DOT, SVG, PNG, PDF or Mermaid, fitted to a page.
    #[command(
        after_help = "Examples:\n  orgraf diagram PSG --depth 1 -o psg.svg\n  orgraf diagram all --format mermaid\n  \
orgraf diagram SRO --relations bereder,rapporterar_till --direction up\n  orgraf diagram --query 'path NOSAM_Lerum -> SRO' -o path.svg\n  \
orgraf diagram SAMLA -o samla.pdf --page a4-landscape\n  orgraf diagram VVG -o vvg.png --dpi 300\n  orgraf diagram --list\n  \
orgraf diagram PSG --model model --diff old-model/ -o psg-diff.svg\n  orgraf diagram PSG --model model --diff-rev v1 -o psg-v1.svg"
    )]
    Diagram(DiagramArgs),

    /// Serve the web explorer: the same answers and sources in a browser.
    #[command(
        after_help = "Examples:\n  orgraf serve                      http://127.0.0.1:8080/ on the bundled model\n  \
orgraf serve --open               ... and open it in the browser\n  \
orgraf serve --model ./model --addr 127.0.0.1:9000\n\n\
It binds to 127.0.0.1 (this machine only) unless --addr says otherwise. Ctrl-C stops it."
    )]
    Serve {
        /// Address and port to listen on; another address than 127.0.0.1
        /// makes the explorer reachable from other machines.
        #[arg(long, default_value = crate::web::server::DEFAULT_ADDR, value_name = "ADDR:PORT")]
        addr: std::net::SocketAddr,
        /// Open the explorer in the desktop's browser.
        #[arg(long)]
        open: bool,
    },

    /// Write the web explorer's pages as a static site, for an intranet.
    #[command(
        after_help = "Examples:\n  orgraf site -o site\n  orgraf site -o /var/www/orgraf --model ./model\n\n\
DIR must be missing, empty, or a site made earlier by `orgraf site`; it is replaced whole, atomically."
    )]
    Site {
        /// The folder to write the site to.
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },

    /// Propose model entries from a governance document (UTF-8 text; PDF and
    /// DOCX are not read), each with its quote and whether the model has it.
    #[command(
        after_help = "Examples:\n  orgraf suggest uppdragshandling.txt\n  orgraf suggest doc.txt --format ron > model/ny.ron\n  \
cat doc.txt | orgraf suggest - --format json\n\nPDF and DOCX are out of scope: convert them to text first (e.g. pdftotext)."
    )]
    Suggest(crate::suggest::SuggestArgs),

    /// Export the model, or a statement's answer, for other tools.
    #[command(
        after_help = "Examples:\n  orgraf export --format graphml -o vgr.graphml     # yEd, Gephi, networkx\n  \
orgraf export --format turtle -o vgr.ttl          # W3C ORG + PROV, for a triple store\n  \
orgraf export --format cypher -o vgr.cypher       # Neo4j, Memgraph\n  \
orgraf export --format neo4j-csv -o neo4j/        # neo4j-admin database import\n  \
orgraf export --format csv -o lists/              # a CSV model folder that loads back\n  \
orgraf export --format json --query '? (bereder|rapporterar_till)+ SRO'"
    )]
    Export(ExportArgs),

    /// Compile a model into one file that opens without parsing (`--model FILE`).
    #[command(
        after_help = "Examples:\n  orgraf compile ./export -o export.orgraf\n  orgraf --model export.orgraf query '? bereder PSG'\n  orgraf compile -o vgr.orgraf   # the bundled model (or --model DIR)"
    )]
    Compile {
        /// The model folder (default: --model, else the bundled model).
        dir: Option<PathBuf>,
        /// The compiled model to write (atomically), e.g. model.orgraf.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },

    /// Show what changed between two versions of a model (exit 1 when they differ).
    #[command(
        after_help = "Examples:\n  orgraf diff old_model/ model/\n  orgraf diff v1.orgraf model/ --format json\n\n\
OLD and NEW are anything --model takes. Exit codes: 0 identical, 1 different, 2 usage error."
    )]
    Diff(crate::diff::DiffArgs),

    /// Print shell completions.
    #[command(
        after_help = "Example:\n  orgraf completions bash > ~/.local/share/bash-completion/completions/orgraf"
    )]
    Completions { shell: clap_complete::Shell },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagramFormat {
    Dot,
    Svg,
    Png,
    Pdf,
    Mermaid,
}

/// The page a chart is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum PageArg {
    /// A4, portrait or landscape, whichever draws the chart larger.
    #[default]
    A4,
    A4Portrait,
    A4Landscape,
    /// A3, portrait or landscape, whichever draws the chart larger.
    A3,
    A3Portrait,
    A3Landscape,
    /// No page: the chart keeps its natural size.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Direction {
    /// Follow edges forward (what X prepares, reports to …).
    Down,
    /// Follow edges backward (who prepares for X …).
    Up,
    #[default]
    Both,
}

#[derive(Debug, Args)]
pub struct DiagramArgs {
    /// The body to centre on, or `all` for the whole graph.
    #[arg(required_unless_present_any = ["query", "list"], conflicts_with = "query")]
    pub name: Option<String>,
    /// List what can be drawn: every body with the size of its depth-1 chart.
    #[arg(long, conflicts_with_all = ["query", "name", "output"])]
    pub list: bool,
    /// Draw the nodes and edges of a query's answer.
    #[arg(long, value_name = "STATEMENT")]
    pub query: Option<String>,
    /// How many hops around NAME.
    #[arg(long, default_value_t = 1)]
    pub depth: usize,
    /// Only these relations (comma-separated ids, ASCII forms or English aliases).
    #[arg(long, value_delimiter = ',')]
    pub relations: Vec<String>,
    #[arg(long, value_enum, default_value_t = Direction::Both)]
    pub direction: Direction,
    /// Output format; inferred from -o's extension, else dot.
    #[arg(long, value_enum)]
    pub format: Option<DiagramFormat>,
    /// The page the chart is laid out for and fitted to (PDF: the page size).
    #[arg(long, value_enum, default_value_t = PageArg::A4)]
    pub page: PageArg,
    /// Resolution of PNG output, in pixels per inch (300 for print).
    #[arg(long, default_value_t = 150, value_parser = clap::value_parser!(u32).range(36..=1200))]
    pub dpi: u32,
    /// Write to this file (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Draw what changed since an older model (a folder or compiled file,
    /// as `orgraf diff` takes it): new bodies and edges bold, removed ones
    /// dashed and struck through, renamed ones with their former name.
    #[arg(long, value_name = "OLD", conflicts_with_all = ["query", "list", "diff_rev"])]
    pub diff: Option<PathBuf>,
    /// Draw what changed since git revision REV of the model folder
    /// (--model, default `model`); given twice, from the first to the second.
    #[arg(long, value_name = "REV", conflicts_with_all = ["query", "list"])]
    pub diff_rev: Vec<String>,
}

/// The formats of `orgraf export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// GraphML (yEd, Gephi, networkx).
    Graphml,
    /// RDF Turtle: W3C ORG, SKOS, Dublin Core, PROV.
    Turtle,
    /// RDF as JSON-LD, the same triples as turtle.
    Jsonld,
    /// A Cypher script of CREATE statements (Neo4j, Memgraph).
    Cypher,
    /// A folder of neo4j-admin import files (needs -o DIR).
    #[value(name = "neo4j-csv")]
    Neo4jCsv,
    /// The whole model as one JSON document.
    Json,
    /// A CSV model folder that orgraf loads back (needs -o DIR).
    Csv,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file (or, for neo4j-csv and csv, this new folder)
    /// atomically instead of stdout.
    #[arg(short, long, value_name = "FILE|DIR")]
    pub output: Option<PathBuf>,
    /// Export only the bodies and edges of this statement's answer.
    #[arg(long, value_name = "STATEMENT")]
    pub query: Option<String>,
    /// Base IRI of the RDF exports (default `urn:orgraf:`).
    #[arg(long, value_name = "IRI")]
    pub base: Option<String>,
}
