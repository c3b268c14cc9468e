//! The starting questions a newcomer asks of the bundled model: the
//! explorer's `:tour` walks them, the web explorer's home page links to
//! their answers. Data only, shared by both faces.

/// One step of `:tour`: why it matters, then a real question.
pub struct Step {
    /// The question, in Swedish, as the web explorer lists it.
    pub question: &'static str,
    /// The same in English.
    pub english: &'static str,
    pub text: &'static str,
    pub statement: &'static str,
}

/// The guided walk through the bundled model.
pub const TOUR: &[Step] = &[
    Step {
        question: "Vem bereder PSG:s ärenden?",
        english: "Who prepares PSG's matters?",
        text: "A triple pattern: `?` marks what you ask for. Who prepares (bereder) the matters of \
               PSG, Skaraborg's political group?",
        statement: "? bereder PSG",
    },
    Step {
        question: "Varför?",
        english: "Why?",
        text: "Every answer rests on the documents. `why` shows the edge and the quote behind it.",
        statement: "why styrgrupp_skaraborg bereder PSG",
    },
    Step {
        question: "Vad är DRNÖ?",
        english: "What is DRNÖ?",
        text: "`explain` says what an acronym stands for. Typing without Swedish letters works: \
               DRNO finds DRNÖ. (`show DRNO` gives the full card with every relation.)",
        statement: "explain DRNO",
    },
    Step {
        question: "Vart tar ett ärende från NOSAM Lerum vägen?",
        english: "Where does a NOSAM matter go?",
        text: "`+` follows relations over several hops; `|` allows any of several. Everything a \
               matter from NOSAM Lerum passes on its way up:",
        statement: "NOSAM_Lerum (lyfter_ärenden_till|bereder|rapporterar_till)+ ?",
    },
    Step {
        question: "Hop för hop",
        english: "Hop by hop",
        text: "`path A -> B` shows the way, each hop with its source.",
        statement: "path NOSAM_Lerum -> politisk_samradsgrupp_samla",
    },
    Step {
        question: "Vem utser ordföranden i Samordningsråd rättspsykiatri?",
        english: "Who appoints its chair?",
        text: "`/` chains relations: who appoints (utser) whoever chairs (ordförande_i) the council.",
        statement: "? utser/ordförande_i \"Samordningsråd rättspsykiatri\"",
    },
    Step {
        question: "Vilka organ rekommenderar bara?",
        english: "Which bodies only recommend?",
        text: "Filters look at kinds and attributes: bodies whose mandate says they decide nothing \
               themselves. `? rekommenderar ?` lists whom they recommend.",
        statement: "list where mandat ~ \"inget mandat\"",
    },
    Step {
        question: "Vem bereder SRO:s ärenden?",
        english: "Who prepares SRO's matters?",
        text: "Everything that prepares, reports or raises matters to SRO, directly or through others:",
        statement: "? (bereder|rapporterar_till|lyfter_ärenden_till)+ SRO",
    },
];
