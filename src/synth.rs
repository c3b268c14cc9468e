//! Synthetic governance-shaped models at any scale, written in the CSV
//! folder format (`nodes.csv` + `edges.csv`), for benchmarks and for
//! trying orgraf on a graph far larger than the bundled model.
//!
//! The shape follows Västra Götaland's vårdsamverkan, repeated:
//!
//! ```text
//! nat  Nationell samverkansberedning                        (organ)
//!  └─ r{R}_sam  Regionalt samverkansorgan ◀─bereder─ r{R}_sg  (organ)
//!      └─ d{D}_psa  Politiskt samrådsorgan ◀─bereder─ d{D}_tjg
//!          └─ k{K}_lsg  Lokal samverkansgrupp
//!              └─ k{K}_ag{J}  Arbetsgrupp …   (└ = rapporterar_till)
//! ```
//!
//! Each region `r{R}` (huvudman) has a fullmäktige `r{R}_rf`, a styrelse
//! `r{R}_rs`, and per delregion `d{D}` a hälso- och sjukvårdsnämnd
//! `d{D}_hsn` and a hospital administration `d{D}_shf`. Each kommun `k{K}`
//! (huvudman, `ingår_i` its delregion) has a fullmäktige `k{K}_kf`, a
//! kommunstyrelse `k{K}_ks`, a kommunledningskontor `k{K}_klk`, committees
//! `k{K}_n{I}` with their administrations `k{K}_f{I}` (which `bereder`
//! them), a local collaboration group `k{K}_lsg` and working groups
//! `k{K}_ag{J}`. Every political body `B` has a chair `B_ordf`, a vice
//! chair `B_vordf` and members `B_l{J}` (roles), appointed (`utser`) by
//! their fullmäktige; working groups have a convener `k{K}_ag{J}_smk`.
//! Delregional arenas `rekommenderar` their kommuner and nämnd.
//!
//! Ids are stable across seeds (`nat`, `r0`, `d0_psa`, `k0_ag0`,
//! `k0_n0_l0` always exist); the seed varies how many committees,
//! members, working groups and kommuner each level has, and so the size
//! of everything after the first kommun. The output satisfies every
//! check: `rapporterar_till` only leads upward, each body has one chair,
//! names are unique after folding, and no node is isolated. There are
//! about three edges per node.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub nodes: usize,
    pub edges: usize,
    pub regions: usize,
    pub delregions: usize,
    pub kommuner: usize,
}

/// Writes a model of about `scale` nodes (at least one kommun's worth,
/// about 80) to `dir/nodes.csv` and `dir/edges.csv`, creating `dir` if
/// needed. The same `scale` and `seed` always give the same files.
pub fn generate(scale: usize, seed: u64, dir: &Path) -> io::Result<Stats> {
    std::fs::create_dir_all(dir)?;
    let mut w = Writer {
        nodes: BufWriter::with_capacity(1 << 16, File::create(dir.join("nodes.csv"))?),
        edges: BufWriter::with_capacity(1 << 16, File::create(dir.join("edges.csv"))?),
        stats: Stats::default(),
        rng: Rng::new(seed),
        buf: String::new(),
    };
    w.nodes.write_all(b"id,kind,name,aliases\n")?;
    w.edges.write_all(b"src,rel,dst\n")?;
    w.national()?;
    'regions: for r in 0.. {
        w.region(r)?;
        for _ in 0..w.rng.range(3, 5) {
            let d = w.stats.delregions;
            w.delregion(r, d)?;
            for _ in 0..w.rng.range(8, 16) {
                let k = w.stats.kommuner;
                w.kommun(d, k)?;
                if w.stats.nodes >= scale {
                    break 'regions;
                }
            }
        }
    }
    w.nodes.flush()?;
    w.edges.flush()?;
    Ok(w.stats)
}

/// xorshift64*: small, fast and good enough to vary the shape. Seeded
/// through splitmix64 so that nearby seeds give unrelated streams.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
}

/// Consonants and vowels of the made-up place names. Each vowel folds to
/// a different ASCII letter, so every consonant–vowel syllable stays
/// distinct after case and diacritic folding.
const CONSONANTS: [&str; 13] = [
    "b", "d", "f", "g", "h", "k", "l", "m", "n", "r", "s", "t", "v",
];
const VOWELS: [&str; 6] = ["a", "e", "i", "ö", "u", "y"];
const ENDINGS: [&str; 4] = ["", "by", "ås", "köping"];

/// A place name unique to `n`: `n` written in bijective base 78 with
/// consonant–vowel syllables, plus an ending chosen by the last syllable.
/// Distinct numbers give distinct syllable strings, and the ending is
/// a function of the string, so names never coincide.
fn place(n: usize) -> String {
    let mut syllables = Vec::new();
    let mut m = n + 79; // at least two syllables
    while m > 0 {
        m -= 1;
        syllables.push(m % 78);
        m /= 78;
    }
    let mut s = String::new();
    for (i, &syl) in syllables.iter().rev().enumerate() {
        let c = CONSONANTS[syl / 6];
        if i == 0 {
            s.push_str(&c.to_uppercase());
        } else {
            s.push_str(c);
        }
        s.push_str(VOWELS[syl % 6]);
    }
    s.push_str(ENDINGS[syllables[0] % ENDINGS.len()]);
    s
}

/// Committees of a kommun and the administrations that prepare for them.
const COMMITTEES: [(&str, &str); 8] = [
    ("Socialnämnden", "Socialförvaltningen"),
    ("Vård- och omsorgsnämnden", "Vård- och omsorgsförvaltningen"),
    ("Utbildningsnämnden", "Utbildningsförvaltningen"),
    ("Miljö- och byggnämnden", "Samhällsbyggnadsförvaltningen"),
    (
        "Kultur- och fritidsnämnden",
        "Kultur- och fritidsförvaltningen",
    ),
    ("Tekniska nämnden", "Tekniska förvaltningen"),
    ("Individ- och familjeomsorgsnämnden", "IFO-förvaltningen"),
    ("Arbetsmarknadsnämnden", "Arbetsmarknadsförvaltningen"),
];

const WORKING_GROUPS: [&str; 6] = [
    "Barn och unga",
    "Psykisk hälsa",
    "Äldres hälsa",
    "Missbruk och beroende",
    "Hemsjukvård",
    "Rehabilitering",
];

struct Writer {
    nodes: BufWriter<File>,
    edges: BufWriter<File>,
    stats: Stats,
    rng: Rng,
    /// Scratch space for ids built from parts.
    buf: String,
}

impl Writer {
    fn node(&mut self, id: &str, kind: &str, name: &str, alias: &str) -> io::Result<()> {
        self.stats.nodes += 1;
        if alias.is_empty() {
            writeln!(self.nodes, "{id},{kind},{name}")
        } else {
            writeln!(self.nodes, "{id},{kind},{name},{alias}")
        }
    }

    fn edge(&mut self, src: &str, rel: &str, dst: &str) -> io::Result<()> {
        self.stats.edges += 1;
        writeln!(self.edges, "{src},{rel},{dst}")
    }

    /// `base` + `suffix` as an owned id.
    fn id(&mut self, base: &str, suffix: std::fmt::Arguments<'_>) -> String {
        self.buf.clear();
        self.buf.push_str(base);
        self.buf.write_fmt(suffix).expect("write to String");
        self.buf.clone()
    }

    /// A political body's chair, vice chair and `members` members, each
    /// appointed by `appointer`; all of them also sit in `also_in` (the
    /// fullmäktige they are elected from) if given.
    fn seats(
        &mut self,
        body: &str,
        name: &str,
        appointer: &str,
        members: usize,
        also_in: Option<&str>,
    ) -> io::Result<()> {
        let chair = self.id(body, format_args!("_ordf"));
        self.node(&chair, "roll", &format!("Ordförande i {name}"), "")?;
        self.edge(&chair, "ordförande_i", body)?;
        self.edge(&chair, "ingår_i", body)?;
        self.edge(appointer, "utser", &chair)?;
        if let Some(other) = also_in {
            self.edge(&chair, "ingår_i", other)?;
        }
        let vice = self.id(body, format_args!("_vordf"));
        self.node(&vice, "roll", &format!("Vice ordförande i {name}"), "")?;
        self.edge(&vice, "vice_ordförande_i", body)?;
        self.edge(&vice, "ingår_i", body)?;
        self.edge(appointer, "utser", &vice)?;
        if let Some(other) = also_in {
            self.edge(&vice, "ingår_i", other)?;
        }
        for j in 0..members {
            let m = self.id(body, format_args!("_l{j}"));
            self.node(&m, "roll", &format!("Ledamot {} i {name}", j + 1), "")?;
            self.edge(&m, "ingår_i", body)?;
            self.edge(appointer, "utser", &m)?;
            if let Some(other) = also_in {
                self.edge(&m, "ingår_i", other)?;
            }
        }
        Ok(())
    }

    fn national(&mut self) -> io::Result<()> {
        self.node("nat", "organ", "Nationell samverkansberedning", "NSB")?;
        self.node(
            "nat_ordf",
            "roll",
            "Ordförande i Nationell samverkansberedning",
            "",
        )?;
        self.edge("nat_ordf", "ordförande_i", "nat")
    }

    fn region(&mut self, r: usize) -> io::Result<()> {
        self.stats.regions += 1;
        let p = place(r);
        let reg = format!("r{r}");
        let (rf, rs, sam, sg) = (
            format!("{reg}_rf"),
            format!("{reg}_rs"),
            format!("{reg}_sam"),
            format!("{reg}_sg"),
        );
        self.node(&reg, "huvudman", &format!("Region {p}"), "")?;
        self.node(&rf, "nämnd", &format!("Regionfullmäktige {p}"), "")?;
        self.edge(&rf, "ingår_i", &reg)?;
        self.node(&rs, "nämnd", &format!("Regionstyrelsen {p}"), "")?;
        self.edge(&rs, "ingår_i", &reg)?;
        self.edge(&rs, "rapporterar_till", &rf)?;
        self.edge(&rf, "utser", &rs)?;
        self.node(
            &sam,
            "organ",
            &format!("Regionalt samverkansorgan {p}"),
            &format!("RSO {p}"),
        )?;
        self.edge(&sam, "rapporterar_till", "nat")?;
        self.edge(&sam, "rekommenderar", &reg)?;
        self.node(&sg, "organ", &format!("Regional styrgrupp {p}"), "")?;
        self.edge(&sg, "bereder", &sam)?;
        self.edge(&sg, "rapporterar_till", &sam)?;
        self.edge(&rs, "ingår_i", &sam)?;
        let members = self.rng.range(5, 9);
        self.seats(&rf, &format!("Regionfullmäktige {p}"), &rf, members, None)?;
        let members = self.rng.range(5, 9);
        self.seats(
            &rs,
            &format!("Regionstyrelsen {p}"),
            &rf,
            members,
            Some(&rf),
        )?;
        let members = self.rng.range(3, 6);
        self.seats(
            &sam,
            &format!("Regionalt samverkansorgan {p}"),
            &rs,
            members,
            None,
        )?;
        if r > 0 {
            // The first region's chair sits in the national body; later
            // regions send a member.
            let m = format!("{sam}_l0");
            self.edge(&m, "ingår_i", "nat")?;
        } else {
            self.edge(&format!("{sam}_ordf"), "ingår_i", "nat")?;
        }
        Ok(())
    }

    fn delregion(&mut self, r: usize, d: usize) -> io::Result<()> {
        self.stats.delregions += 1;
        let p = place(d);
        let (reg, rf, rs, sam) = (
            format!("r{r}"),
            format!("r{r}_rf"),
            format!("r{r}_rs"),
            format!("r{r}_sam"),
        );
        let del = format!("d{d}");
        let (hsn, shf, psa, tjg) = (
            format!("{del}_hsn"),
            format!("{del}_shf"),
            format!("{del}_psa"),
            format!("{del}_tjg"),
        );
        self.node(&del, "delregion", &format!("Delregion {p}"), "")?;
        self.edge(&del, "ingår_i", &reg)?;
        self.node(
            &hsn,
            "nämnd",
            &format!("Hälso- och sjukvårdsnämnden {p}"),
            &format!("HSN {p}"),
        )?;
        self.edge(&hsn, "ingår_i", &reg)?;
        self.edge(&hsn, "rapporterar_till", &rs)?;
        self.edge(&rf, "utser", &hsn)?;
        self.node(
            &shf,
            "förvaltning",
            &format!("Sjukhusförvaltningen {p}"),
            "",
        )?;
        self.edge(&shf, "ingår_i", &reg)?;
        self.edge(&shf, "rapporterar_till", &rs)?;
        self.node(
            &psa,
            "organ",
            &format!("Politiskt samrådsorgan {p}"),
            &format!("PSO {p}"),
        )?;
        self.edge(&psa, "ingår_i", &del)?;
        self.edge(&psa, "rapporterar_till", &sam)?;
        self.edge(&psa, "rekommenderar", &hsn)?;
        self.node(
            &tjg,
            "organ",
            &format!("Tjänstepersonsberedning {p}"),
            &format!("TPB {p}"),
        )?;
        self.edge(&tjg, "bereder", &psa)?;
        self.edge(&tjg, "rapporterar_till", &psa)?;
        self.edge(&shf, "ingår_i", &tjg)?;
        let members = self.rng.range(4, 8);
        self.seats(
            &hsn,
            &format!("Hälso- och sjukvårdsnämnden {p}"),
            &rf,
            members,
            Some(&rf),
        )?;
        let members = self.rng.range(2, 4);
        self.seats(
            &psa,
            &format!("Politiskt samrådsorgan {p}"),
            &hsn,
            members,
            None,
        )?;
        self.edge(&format!("{hsn}_ordf"), "ingår_i", &psa)?;
        let conv = format!("{tjg}_smk");
        self.node(
            &conv,
            "roll",
            &format!("Sammankallande i Tjänstepersonsberedning {p}"),
            "",
        )?;
        self.edge(&conv, "sammankallar", &tjg)?;
        self.edge(&hsn, "utser", &conv)
    }

    fn kommun(&mut self, d: usize, k: usize) -> io::Result<()> {
        self.stats.kommuner += 1;
        let p = place(k);
        let kom = format!("k{k}");
        let (kf, ks, klk, lsg) = (
            format!("{kom}_kf"),
            format!("{kom}_ks"),
            format!("{kom}_klk"),
            format!("{kom}_lsg"),
        );
        let (del, psa, tjg) = (format!("d{d}"), format!("d{d}_psa"), format!("d{d}_tjg"));
        self.node(&kom, "huvudman", &format!("{p} kommun"), "")?;
        self.edge(&kom, "ingår_i", &del)?;
        self.edge(&psa, "rekommenderar", &kom)?;
        self.node(&kf, "nämnd", &format!("Kommunfullmäktige {p}"), "")?;
        self.edge(&kf, "ingår_i", &kom)?;
        self.node(
            &ks,
            "nämnd",
            &format!("Kommunstyrelsen {p}"),
            &format!("KS {p}"),
        )?;
        self.edge(&ks, "ingår_i", &kom)?;
        self.edge(&ks, "rapporterar_till", &kf)?;
        self.edge(&kf, "utser", &ks)?;
        self.node(
            &klk,
            "förvaltning",
            &format!("Kommunledningskontoret {p}"),
            "",
        )?;
        self.edge(&klk, "ingår_i", &kom)?;
        self.edge(&klk, "bereder", &ks)?;
        let members = self.rng.range(5, 9);
        self.seats(&kf, &format!("Kommunfullmäktige {p}"), &kf, members, None)?;
        let members = self.rng.range(4, 8);
        self.seats(
            &ks,
            &format!("Kommunstyrelsen {p}"),
            &kf,
            members,
            Some(&kf),
        )?;
        self.edge(&format!("{ks}_ordf"), "ingår_i", &psa)?;

        let committees = self.rng.range(3, COMMITTEES.len());
        for (i, (committee, admin)) in COMMITTEES.iter().enumerate().take(committees) {
            let (n, f) = (format!("{kom}_n{i}"), format!("{kom}_f{i}"));
            let name = format!("{committee} {p}");
            self.node(&n, "nämnd", &name, "")?;
            self.edge(&n, "ingår_i", &kom)?;
            self.edge(&n, "rapporterar_till", &ks)?;
            self.edge(&kf, "utser", &n)?;
            self.node(&f, "förvaltning", &format!("{admin} {p}"), "")?;
            self.edge(&f, "ingår_i", &kom)?;
            self.edge(&f, "bereder", &n)?;
            self.edge(&f, "rapporterar_till", &klk)?;
            let members = self.rng.range(3, 7);
            self.seats(&n, &name, &kf, members, Some(&kf))?;
            // Committee chairs sit in the kommunstyrelse.
            self.edge(&format!("{n}_ordf"), "ingår_i", &ks)?;
        }

        self.node(
            &lsg,
            "organ",
            &format!("Lokal samverkansgrupp {p}"),
            &format!("LSG {p}"),
        )?;
        self.edge(&lsg, "rapporterar_till", &tjg)?;
        self.edge(&klk, "ingår_i", &lsg)?;
        for i in 0..committees.min(2) {
            self.edge(&format!("{kom}_f{i}"), "ingår_i", &lsg)?;
        }
        let chair = format!("{lsg}_ordf");
        self.node(
            &chair,
            "roll",
            &format!("Ordförande i Lokal samverkansgrupp {p}"),
            "",
        )?;
        self.edge(&chair, "ordförande_i", &lsg)?;
        self.edge(&ks, "utser", &chair)?;

        for (j, topic) in WORKING_GROUPS.iter().enumerate().take(self.rng.range(1, 4)) {
            let ag = format!("{kom}_ag{j}");
            self.node(&ag, "organ", &format!("Arbetsgrupp {topic} {p}"), "")?;
            self.edge(&ag, "rapporterar_till", &lsg)?;
            let admin = format!("{kom}_f{}", self.rng.range(0, committees - 1));
            self.edge(&admin, "ingår_i", &ag)?;
            let conv = format!("{ag}_smk");
            self.node(
                &conv,
                "roll",
                &format!("Sammankallande i Arbetsgrupp {topic} {p}"),
                "",
            )?;
            self.edge(&conv, "sammankallar", &ag)?;
            self.edge(&conv, "ingår_i", &ag)?;
            self.edge(&admin, "utser", &conv)?;
        }
        Ok(())
    }
}

/// A deterministic stream of numbers below `n`.
pub struct Picks(u64);

impl Picks {
    pub fn new(seed: u64) -> Self {
        Picks(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// 1,000 yes/no reachability questions `(from, to)` over a generated
/// model's ids, half of them true: a working group reaches the national
/// body through its reporting line; and half false: a working group does
/// not reach another kommun's local group.
pub fn reach_questions(stats: &Stats) -> Vec<(String, String)> {
    let mut picks = Picks::new(42);
    (0..1000)
        .map(|i| {
            let k = picks.below(stats.kommuner);
            if i % 2 == 0 {
                (format!("k{k}_ag0"), "nat".to_string())
            } else {
                let other = (k + 1 + picks.below(stats.kommuner.max(2) - 1)) % stats.kommuner;
                (format!("k{k}_ag0"), format!("k{other}_lsg"))
            }
        })
        .collect()
}

/// The performance workload for a generated model (`workload.oq`, see
/// `docs/PERFORMANCE.md`): a closure up from a working group's convener,
/// a closure down to the national body (tens of thousands of bodies at a
/// million nodes), a shortest path, every `bereder` pair, and the 1,000
/// [`reach_questions`].
pub fn workload(stats: &Stats) -> String {
    let k = stats.kommuner / 2;
    let mut s = format!(
        "k{k}_ag0_smk (ingår_i|rapporterar_till|bereder|rekommenderar)+ ?\n\
         ? rapporterar_till+ nat\n\
         path k{k}_ag0_smk -> nat\n\
         ? bereder ?\n"
    );
    for (a, b) in reach_questions(stats) {
        let _ = writeln!(s, "{a} rapporterar_till+ {b}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::names::fold;

    #[test]
    fn places_are_unique_after_folding() {
        let mut seen = std::collections::HashSet::new();
        for n in 0..20_000 {
            assert!(seen.insert(fold(&place(n))), "{n}: {}", place(n));
        }
    }

    #[test]
    fn same_seed_same_files_other_seed_other_shape() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            dir.path().join("a"),
            dir.path().join("b"),
            dir.path().join("c"),
        );
        let sa = generate(2_000, 7, &a).unwrap();
        let sb = generate(2_000, 7, &b).unwrap();
        generate(2_000, 8, &c).unwrap();
        assert_eq!(sa, sb);
        for f in ["nodes.csv", "edges.csv"] {
            assert_eq!(
                std::fs::read(a.join(f)).unwrap(),
                std::fs::read(b.join(f)).unwrap()
            );
        }
        assert_ne!(
            std::fs::read(a.join("edges.csv")).unwrap(),
            std::fs::read(c.join("edges.csv")).unwrap()
        );
        assert!(sa.nodes >= 2_000 && sa.nodes < 2_200, "{sa:?}");
    }
}
