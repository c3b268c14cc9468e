//! Reachability over relation paths.
//!
//! A relation path (`(bereder|rapporterar_till)+`, `utser/ordförande_i`,
//! `^ingår_i*`) compiles to a small automaton over (relation, direction)
//! steps. A breadth-first search then walks the product of the graph and
//! the automaton: a state is (body, automaton state), each state's parent
//! (and so whether it was visited) is one word of a table indexed by
//! `body * states + state`, and the queue is one preallocated `Vec` — no
//! allocation per step, so a million bodies cost one pass over their
//! edges.
//!
//! The queue doubles as the list of states touched, so a [`Reach`] can be
//! reset cheaply and reused from many starts. The table is as long as the
//! graph has states, but a search on a large graph usually touches a
//! small part of it; so a table is never cleared whole: it starts as
//! zeroed memory the system hands out lazily, is put back zeroed (only
//! its touched words) when the search ends, and the next search on the
//! same thread takes it again. A script of a thousand questions on a
//! million bodies thus costs what its searches touch.

use std::cell::RefCell;

use petgraph::Direction;

use crate::graph::{BodyId, OrgGraph, RelId};

/// A relation path with relation names resolved and `^` pushed down to
/// the single steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rp {
    Step { rel: RelId, forward: bool },
    Seq(Vec<Rp>),
    Alt(Vec<Rp>),
    Repeat { inner: Box<Rp>, at_least_one: bool },
}

impl Rp {
    /// The same path walked from the other end.
    pub fn inverse(&self) -> Rp {
        match self {
            Rp::Step { rel, forward } => Rp::Step {
                rel: *rel,
                forward: !forward,
            },
            Rp::Seq(ps) => Rp::Seq(ps.iter().rev().map(Rp::inverse).collect()),
            Rp::Alt(ps) => Rp::Alt(ps.iter().map(Rp::inverse).collect()),
            Rp::Repeat {
                inner,
                at_least_one,
            } => Rp::Repeat {
                inner: Box::new(inner.inverse()),
                at_least_one: *at_least_one,
            },
        }
    }

    /// The steps of a path that is a single step or alternatives of
    /// single steps; `None` for anything longer.
    pub fn single_steps(&self) -> Option<Vec<(RelId, bool)>> {
        match self {
            Rp::Step { rel, forward } => Some(vec![(*rel, *forward)]),
            Rp::Alt(ps) => {
                let mut out = Vec::new();
                for p in ps {
                    out.extend(p.single_steps()?);
                }
                Some(out)
            }
            Rp::Seq(_) | Rp::Repeat { .. } => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Trans {
    rel: RelId,
    forward: bool,
    to: u32,
}

#[derive(Debug, Clone, Default)]
struct State {
    accept: bool,
    trans: Vec<Trans>,
    any_forward: bool,
    any_backward: bool,
    /// The relations below 64 the transitions follow backward (`[0]`)
    /// and forward (`[1]`), a bit each; relations from 64 on are always
    /// looked at.
    rels: [u64; 2],
}

/// An automaton without empty moves; state 0 is the start.
#[derive(Debug, Clone)]
pub struct Automaton {
    states: Vec<State>,
}

impl Automaton {
    /// Compiles `p` (Thompson construction, then empty moves removed and
    /// unreachable states dropped).
    pub fn new(p: &Rp) -> Automaton {
        let mut t = Thompson::default();
        let (start, end) = (t.state(), t.state());
        t.build(p, start, end);
        t.finish(start, end)
    }

    /// `(r1|r2|…)*` forward: what `path` follows.
    pub fn any_of(rels: &[RelId]) -> Automaton {
        let steps = rels
            .iter()
            .map(|&rel| Rp::Step { rel, forward: true })
            .collect();
        Automaton::new(&Rp::Repeat {
            inner: Box::new(Rp::Alt(steps)),
            at_least_one: false,
        })
    }

    fn len(&self) -> usize {
        self.states.len()
    }

    /// The directions its steps follow edges in.
    fn directions(&self) -> Vec<Direction> {
        let forward = self.states.iter().any(|s| s.any_forward);
        let backward = self.states.iter().any(|s| s.any_backward);
        [
            (Direction::Outgoing, forward),
            (Direction::Incoming, backward),
        ]
        .into_iter()
        .filter_map(|(dir, any)| any.then_some(dir))
        .collect()
    }
}

/// A step of the automaton under construction: relation, forward, target.
type Step = (RelId, bool, usize);

#[derive(Default)]
struct Thompson {
    eps: Vec<Vec<usize>>,
    trans: Vec<Vec<Step>>,
}

impl Thompson {
    fn state(&mut self) -> usize {
        self.eps.push(Vec::new());
        self.trans.push(Vec::new());
        self.eps.len() - 1
    }

    fn build(&mut self, p: &Rp, from: usize, to: usize) {
        match p {
            Rp::Step { rel, forward } => self.trans[from].push((*rel, *forward, to)),
            Rp::Alt(ps) => {
                for q in ps {
                    self.build(q, from, to);
                }
            }
            Rp::Seq(ps) => {
                let mut at = from;
                for (i, q) in ps.iter().enumerate() {
                    let next = if i + 1 == ps.len() { to } else { self.state() };
                    self.build(q, at, next);
                    at = next;
                }
                if ps.is_empty() {
                    self.eps[from].push(to);
                }
            }
            Rp::Repeat {
                inner,
                at_least_one,
            } => {
                let (a, b) = (self.state(), self.state());
                self.eps[from].push(a);
                self.build(inner, a, b);
                self.eps[b].push(a);
                self.eps[b].push(to);
                if !at_least_one {
                    self.eps[from].push(to);
                }
            }
        }
    }

    fn closure(&self, s: usize) -> Vec<bool> {
        let mut seen = vec![false; self.eps.len()];
        let mut stack = vec![s];
        seen[s] = true;
        while let Some(x) = stack.pop() {
            for &y in &self.eps[x] {
                if !seen[y] {
                    seen[y] = true;
                    stack.push(y);
                }
            }
        }
        seen
    }

    fn finish(self, start: usize, end: usize) -> Automaton {
        // Empty moves removed: a state takes every step of its closure.
        let n = self.eps.len();
        let mut raw: Vec<(bool, Vec<Step>)> = Vec::with_capacity(n);
        for s in 0..n {
            let c = self.closure(s);
            let mut steps: Vec<Step> = (0..n)
                .filter(|&x| c[x])
                .flat_map(|x| self.trans[x].iter().copied())
                .collect();
            steps.sort();
            steps.dedup();
            raw.push((c[end], steps));
        }
        // Keep the states reachable from the start, numbered from 0.
        let mut number = vec![u32::MAX; n];
        let mut order = vec![start];
        number[start] = 0;
        let mut i = 0;
        while i < order.len() {
            for &(_, _, t) in &raw[order[i]].1 {
                if number[t] == u32::MAX {
                    number[t] = order.len() as u32;
                    order.push(t);
                }
            }
            i += 1;
        }
        let states = order
            .iter()
            .map(|&s| {
                let trans: Vec<Trans> = raw[s]
                    .1
                    .iter()
                    .map(|&(rel, forward, to)| Trans {
                        rel,
                        forward,
                        to: number[to],
                    })
                    .collect();
                let mut rels = [0u64; 2];
                for t in trans.iter().filter(|t| t.rel.0 < 64) {
                    rels[usize::from(t.forward)] |= 1 << t.rel.0;
                }
                State {
                    accept: raw[s].0,
                    any_forward: trans.iter().any(|t| t.forward),
                    any_backward: trans.iter().any(|t| !t.forward),
                    rels,
                    trans,
                }
            })
            .collect();
        Automaton { states }
    }
}

const NONE: u32 = u32::MAX;

/// How many places ahead in its queue a search asks for a body's row
/// start to be fetched (and half as many for the row itself).
const AHEAD: usize = 16;

/// After this many states a search asks a graph built from a folder for
/// its edges as rows ([`OrgGraph::prepare_rows`]): building them costs
/// about what walking petgraph's edge lists for a few hundred thousand
/// edges does, so small searches (most questions) never pay for them and
/// large ones soon gain it back.
const ROWS_AFTER: usize = 4096;

/// How a product state was first reached.
#[derive(Debug, Clone, Copy)]
struct Parent {
    prev: u32,
    rel: RelId,
    forward: bool,
}

/// A product state's word in the table: 0 for a state not visited;
/// otherwise the parent state + 1 in the low 32 bits (`u32::MAX` for the
/// start, which has none), the relation in the next 16 and the
/// direction in bit 48.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Word(u64);

impl Word {
    const UNSEEN: Word = Word(0);
    const START: Word = Word(NONE as u64);

    fn reached(p: Parent) -> Word {
        Word(u64::from(p.prev + 1) | u64::from(p.rel.0) << 32 | u64::from(p.forward) << 48)
    }

    fn parent(self) -> Option<Parent> {
        let code = self.0 as u32;
        (code != 0 && code != NONE).then(|| Parent {
            prev: code - 1,
            rel: RelId((self.0 >> 32) as u16),
            forward: self.0 >> 48 & 1 == 1,
        })
    }
}

thread_local! {
    /// Tables of finished searches, all zero, for the next searches.
    static TABLES: RefCell<Vec<Vec<u64>>> = const { RefCell::new(Vec::new()) };
}

/// A zeroed table of at least `len` words: a finished search's, or new
/// zeroed memory (which the system maps in only as it is touched).
fn take_table(len: usize) -> Vec<u64> {
    let kept = TABLES.with(|t| {
        let mut t = t.borrow_mut();
        let i = t.iter().position(|v| v.len() >= len)?;
        Some(t.swap_remove(i))
    });
    // `vec![0; n]` asks the allocator for zeroed memory, which for a
    // large table is fresh pages, mapped in only where they are touched.
    kept.unwrap_or_else(|| vec![0; len])
}

/// Keeps a zeroed table for a later search: the four largest at most
/// (a search takes any table as large as it needs).
fn give_back(table: Vec<u64>) {
    debug_assert!(table.iter().take(1 << 16).all(|&w| w == 0));
    TABLES.with(|t| {
        let mut t = t.borrow_mut();
        t.push(table);
        if t.len() > 4 {
            let smallest = (0..t.len()).min_by_key(|&i| t[i].len()).unwrap_or(0);
            t.swap_remove(smallest);
        }
    });
}

/// A breadth-first search over the graph × automaton product, reusable
/// from several starts.
pub struct Reach<'g> {
    g: &'g OrgGraph,
    a: Automaton,
    /// A [`Word`] per product state.
    table: Vec<u64>,
    /// Every product state visited by the last run, in BFS order.
    queue: Vec<u32>,
}

impl Drop for Reach<'_> {
    fn drop(&mut self) {
        self.clear();
        give_back(std::mem::take(&mut self.table));
    }
}

impl<'g> Reach<'g> {
    /// Prepares a search; `None` when graph × automaton would not fit the
    /// 32-bit state numbers (billions of states).
    pub fn new(g: &'g OrgGraph, a: Automaton) -> Option<Reach<'g>> {
        let size = g
            .node_bound()
            .checked_mul(a.len())
            .filter(|&s| s < NONE as usize - 1)?;
        Some(Reach {
            g,
            table: take_table(size),
            queue: Vec::new(),
            a,
        })
    }

    /// Zeroes the words the last run touched.
    fn clear(&mut self) {
        for &p in &self.queue {
            self.table[p as usize] = Word::UNSEEN.0;
        }
        self.queue.clear();
    }

    fn product(&self, b: BodyId, state: usize) -> u32 {
        (b.index() * self.a.len() + state) as u32
    }

    fn split(&self, p: u32) -> (BodyId, usize) {
        let p = p as usize;
        (BodyId::from_index(p / self.a.len()), p % self.a.len())
    }

    /// Searches from `start`. With a `target`, stops as soon as it is
    /// reached in an accepting state and returns that product state.
    pub fn run(&mut self, start: BodyId, target: Option<BodyId>) -> Option<u32> {
        self.clear();
        let s = self.product(start, 0);
        self.table[s as usize] = Word::START.0;
        self.queue.push(s);
        if target == Some(start) && self.a.states[0].accept {
            return Some(s);
        }
        let g = self.g;
        let n = self.a.len();
        let mut head = 0;
        while head < self.queue.len() {
            let p = self.queue[head];
            head += 1;
            if head == ROWS_AFTER {
                for dir in self.a.directions() {
                    g.prepare_rows(dir);
                }
            }
            for (ahead, rows) in [(AHEAD, false), (AHEAD / 2, true)] {
                if let Some(&p) = self.queue.get(head + ahead) {
                    let (body, q) = self.split(p);
                    let state = &self.a.states[q];
                    if state.any_forward {
                        g.prefetch_row(body, Direction::Outgoing, rows);
                    }
                    if state.any_backward {
                        g.prefetch_row(body, Direction::Incoming, rows);
                    }
                }
            }
            let (body, q) = self.split(p);
            let state = &self.a.states[q];
            for (dir, wanted) in [
                (Direction::Outgoing, state.any_forward),
                (Direction::Incoming, state.any_backward),
            ] {
                if !wanted {
                    continue;
                }
                let forward = dir == Direction::Outgoing;
                let mut step = |other: BodyId, rel: RelId| {
                    for t in &state.trans {
                        if t.rel != rel || t.forward != forward {
                            continue;
                        }
                        let np = (other.index() * n + t.to as usize) as u32;
                        if self.table[np as usize] != Word::UNSEEN.0 {
                            continue;
                        }
                        self.table[np as usize] = Word::reached(Parent {
                            prev: p,
                            rel,
                            forward,
                        })
                        .0;
                        self.queue.push(np);
                        if target == Some(other) && self.a.states[t.to as usize].accept {
                            return Some(np);
                        }
                    }
                    None
                };
                // A compiled model's rows are read as the slices they
                // are, and an edge of a relation the state does not
                // follow is skipped by one bit test.
                if let Some((ends, rels)) = g.row(body, dir) {
                    let mask = state.rels[usize::from(forward)];
                    for (&o, &r) in ends.iter().zip(rels).rev() {
                        if r < 64 && mask & (1 << r) == 0 {
                            continue;
                        }
                        if let Some(found) = step(BodyId::from_index(o as usize), RelId(r)) {
                            return Some(found);
                        }
                    }
                    continue;
                }
                for (other, rel) in g.neighbours(body, dir, |_| true) {
                    if let Some(found) = step(other, rel) {
                        return Some(found);
                    }
                }
            }
        }
        None
    }

    /// The bodies the last run reached in an accepting state, sorted by
    /// index and unique, each with the product state it was first
    /// reached in.
    pub fn accepted(&self) -> Vec<(BodyId, u32)> {
        let mut out: Vec<(BodyId, u32)> = self
            .queue
            .iter()
            .filter(|&&p| self.a.states[self.split(p).1].accept)
            .map(|&p| (self.split(p).0, p))
            .collect();
        out.sort_by_key(|(b, _)| *b);
        out.dedup_by_key(|(b, _)| *b);
        out
    }

    /// The edge by which product state `p` was first reached, as written
    /// in the model (`from, rel, to`), and the state it came from; `None`
    /// for the start.
    fn step_into(&self, p: u32) -> Option<((BodyId, RelId, BodyId), u32)> {
        let par = Word(self.table[p as usize]).parent()?;
        let (here, _) = self.split(p);
        let (before, _) = self.split(par.prev);
        let edge = if par.forward {
            (before, par.rel, here)
        } else {
            (here, par.rel, before)
        };
        Some((edge, par.prev))
    }

    /// The edges from the start to product state `p`, in walking order.
    pub fn chain(&self, mut p: u32) -> Vec<(BodyId, RelId, BodyId)> {
        let mut out = Vec::new();
        while let Some((edge, prev)) = self.step_into(p) {
            out.push(edge);
            p = prev;
        }
        out.reverse();
        out
    }

    /// The union of the chains to the given product states: the tree of
    /// edges that connects the start to them, sorted and unique. States
    /// on a chain already taken are marked in their table words (bit 63,
    /// which `Word::parent` ignores and the next run clears).
    pub fn tree(&mut self, ends: impl IntoIterator<Item = u32>) -> Vec<(BodyId, RelId, BodyId)> {
        const MARK: u64 = 1 << 63;
        let mut out = Vec::new();
        for mut p in ends {
            while self.table[p as usize] & MARK == 0 {
                self.table[p as usize] |= MARK;
                let Some((edge, prev)) = self.step_into(p) else {
                    break;
                };
                out.push(edge);
                p = prev;
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Hop counts found by a breadth-first search. Like [`Reach`], kept in
/// a table of the thread's that only the search's own bodies touch.
pub struct Distances {
    /// Per body, the distance + 1; 0 where the search did not come.
    table: Vec<u64>,
    /// The bodies reached, in BFS order (the start first).
    order: Vec<BodyId>,
}

impl Drop for Distances {
    fn drop(&mut self) {
        for b in &self.order {
            self.table[b.index()] = 0;
        }
        give_back(std::mem::take(&mut self.table));
    }
}

impl Distances {
    /// A breadth-first search from `start` over `neighbours` of each body
    /// (which follow edges in the directions `dirs`), expanding no body
    /// farther than `limit` hops, and stopping once the nearest body with
    /// `stop` and all as near are found.
    fn search<I: Iterator<Item = BodyId>>(
        g: &OrgGraph,
        start: BodyId,
        dirs: &[Direction],
        limit: usize,
        stop: impl Fn(BodyId) -> bool,
        neighbours: impl Fn(BodyId) -> I,
    ) -> Distances {
        let mut d = Distances {
            table: take_table(g.node_bound()),
            order: vec![start],
        };
        d.table[start.index()] = 1;
        let mut stop_at = stop(start).then_some(0);
        let mut head = 0;
        while head < d.order.len() {
            let b = d.order[head];
            head += 1;
            if head == ROWS_AFTER {
                for &dir in dirs {
                    g.prepare_rows(dir);
                }
            }
            let here = d.table[b.index()] as usize - 1;
            if here >= limit || stop_at.is_some_and(|s| here >= s) {
                break; // BFS order: every body left is as far or farther
            }
            for o in neighbours(b) {
                if d.table[o.index()] == 0 {
                    d.table[o.index()] = here as u64 + 2;
                    d.order.push(o);
                    if stop_at.is_none() && stop(o) {
                        stop_at = Some(here + 1);
                    }
                }
            }
        }
        d
    }

    /// Hops to `b`; `usize::MAX` where the search did not come.
    pub fn get(&self, b: BodyId) -> usize {
        (self.table[b.index()] as usize).wrapping_sub(1)
    }

    /// The bodies reached, in BFS order, the start first.
    pub fn reached(&self) -> &[BodyId] {
        &self.order
    }
}

/// Distances in hops from `from` over any edge in either direction, for
/// "what comes closest": the search stops once the nearest body for
/// which `wanted` holds, and all as near, are found.
pub fn undirected_distances(
    g: &OrgGraph,
    from: BodyId,
    wanted: impl Fn(BodyId) -> bool,
) -> Distances {
    let both = [Direction::Outgoing, Direction::Incoming];
    Distances::search(g, from, &both, usize::MAX, wanted, |b| {
        g.neighbours(b, Direction::Outgoing, |_| true)
            .chain(g.neighbours(b, Direction::Incoming, |_| true))
            .map(|(o, _)| o)
    })
}

/// Distances in hops to `to` along the relations in `rels`, forward:
/// `get(x)` is how many hops x needs to reach `to`; bodies farther than
/// `limit` count as not reaching it.
pub fn distances_to(g: &OrgGraph, to: BodyId, rels: &[RelId], limit: usize) -> Distances {
    Distances::search(
        g,
        to,
        &[Direction::Incoming],
        limit,
        |_| false,
        |b| {
            g.neighbours(b, Direction::Incoming, |r| rels.contains(&r))
                .map(|(o, _)| o)
        },
    )
}

#[cfg(test)]
mod pool_tests {
    use super::*;

    #[test]
    fn a_finished_search_leaves_its_table_for_the_next() {
        let t = take_table(1000);
        let p = t.as_ptr();
        give_back(t);
        let t = take_table(1000);
        assert_eq!(t.as_ptr(), p);
        give_back(t);
        // Small tables do not crowd a large one out.
        let big = take_table(100_000);
        let p = big.as_ptr();
        give_back(big);
        for _ in 0..8 {
            give_back(take_table(10));
            give_back(vec![0; 10]);
        }
        let t = take_table(100_000);
        assert_eq!(t.as_ptr(), p);
        give_back(t);
    }
}
