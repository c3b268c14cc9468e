//! The explorer, driven in a real pseudo-terminal the way a person uses
//! it: TERM=xterm, NO_COLOR=1 and a temporary HOME for the history.

mod util;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::{ControlCode, Eof, Expect, Session};
use util::{orgraf, root};

type Pty = Session<expectrl::process::unix::UnixProcess, expectrl::process::unix::PtyStream>;

const PROMPT: &str = "orgraf(vgr)> ";

/// Starts `orgraf` (the explorer) with `home` as HOME; waits for the prompt.
fn start(home: &Path, extra_env: &[(&str, &str)]) -> Pty {
    let mut c = Command::new(env!("CARGO_BIN_EXE_orgraf"));
    c.current_dir(root())
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env("HOME", home)
        .env_remove("XDG_DATA_HOME")
        .env_remove("ORGRAF_NO_HISTORY");
    for (k, v) in extra_env {
        c.env(k, v);
    }
    let mut p = Session::spawn(c).expect("orgraf starts in a pty");
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    p.expect("Type help, or :tour for a guided walk.")
        .expect("banner");
    p.expect(PROMPT).expect("first prompt");
    p
}

/// Leaves with Ctrl-D and checks the exit code is 0.
fn quit(mut p: Pty) {
    p.send(ControlCode::EndOfTransmission).unwrap();
    p.expect(Eof).unwrap();
    match p.get_process_mut().wait().unwrap() {
        WaitStatus::Exited(_, code) => assert_eq!(code, 0),
        other => panic!("orgraf ended with {other:?}"),
    }
}

/// Sends a line, waits for `answer` in the reply, then for the next
/// prompt. (The prompt alone is no sign of an answer: the editor redraws
/// it while the line is typed.)
fn ask(p: &mut Pty, line: &str, answer: &str) {
    p.send_line(line).unwrap();
    p.expect(answer)
        .unwrap_or_else(|e| panic!("{line}: expected {answer:?}: {e}"));
    p.expect(PROMPT).unwrap();
}

fn history_file(home: &Path) -> std::path::PathBuf {
    home.join(".local/share/orgraf/history")
}

#[test]
fn a_query_and_its_answer() {
    let home = tempfile::tempdir().unwrap();
    let mut p = start(home.path(), &[]);
    p.send_line("? bereder PSG").unwrap();
    p.expect("Styrgrupp vårdsamverkan Skaraborg").unwrap();
    p.expect(PROMPT).unwrap();
    quit(p);
}

#[test]
fn completes_a_name_typed_without_diacritics() {
    let home = tempfile::tempdir().unwrap();
    let mut p = start(home.path(), &[]);
    // `vastk` completes to VästKom; the answer proves the line was completed.
    p.send("explain vastk\t").unwrap();
    p.expect("VästKom").unwrap();
    p.send("\r").unwrap();
    p.expect("vastkom: VästKom").unwrap();
    p.expect(PROMPT).unwrap();
    quit(p);
}

#[test]
fn a_statement_continues_over_two_lines() {
    let home = tempfile::tempdir().unwrap();
    let mut p = start(home.path(), &[]);
    p.send_line("? bereder \"Politisk samrådsgrupp").unwrap();
    p.send_line("vårdsamverkan Skaraborg\"").unwrap();
    p.expect("styrgrupp_skaraborg").unwrap();
    p.expect(PROMPT).unwrap();
    quit(p);
}

#[test]
fn an_error_then_a_working_query() {
    let home = tempfile::tempdir().unwrap();
    let mut p = start(home.path(), &[]);
    p.send_line("? bereder PSX").unwrap();
    p.expect("unknown name \"PSX\"").unwrap();
    p.expect("did you mean PSG").unwrap();
    p.expect(PROMPT).unwrap();
    p.send_line("? bereder PSG").unwrap();
    p.expect("styrgrupp_skaraborg").unwrap();
    p.expect(PROMPT).unwrap();
    quit(p);
}

#[test]
fn ctrl_c_cancels_the_line_and_the_session_goes_on() {
    let home = tempfile::tempdir().unwrap();
    let mut p = start(home.path(), &[]);
    p.send("show PSG").unwrap();
    // The editor redraws as it goes; the end of the line comes plain.
    p.expect(" PSG").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect(PROMPT).unwrap();
    p.send_line("? bereder PSG").unwrap();
    p.expect("styrgrupp_skaraborg").unwrap();
    p.expect(PROMPT).unwrap();
    quit(p);
}

#[test]
fn the_first_steps_of_the_tour() {
    let home = tempfile::tempdir().unwrap();
    let mut p = start(home.path(), &[]);
    p.send_line(":tour").unwrap();
    p.expect("[1/8] Vem bereder PSG:s ärenden?").unwrap();
    p.expect("styrgrupp_skaraborg").unwrap();
    p.expect("[Enter] next step, q to leave the tour").unwrap();
    p.send_line("").unwrap();
    p.expect("[2/8]").unwrap();
    p.expect("Beredning av ärenden till PSG:s sammanträden")
        .unwrap();
    p.expect("[Enter] next step").unwrap();
    p.send_line("q").unwrap();
    p.expect(PROMPT).unwrap();
    quit(p);
}

#[test]
fn save_writes_a_script_that_run_replays() {
    let home = tempfile::tempdir().unwrap();
    let script = home.path().join("session.oq");
    let mut p = start(home.path(), &[]);
    ask(&mut p, "? bereder PSG", "styrgrupp_skaraborg");
    ask(&mut p, "explain DRNO", "drno: Delregional nämnd östra");
    ask(&mut p, "? bereder PSX", "did you mean PSG"); // fails: not saved
    ask(
        &mut p,
        &format!(":save {}", script.display()),
        "saved 2 statements",
    );
    quit(p);
    let r = orgraf(&["run", script.to_str().unwrap()], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for statement in ["? bereder PSG", "explain DRNO"] {
        let single = orgraf(&["query", statement], None);
        assert!(
            r.stdout.contains(&single.stdout),
            "{statement}:\n{}",
            r.stdout
        );
    }
}

#[test]
fn history_is_written_and_read_back_in_a_second_session() {
    let home = tempfile::tempdir().unwrap();
    let mut p = start(home.path(), &[]);
    ask(&mut p, "explain VVG", "vvg: Vårdsamverkan Västra Götaland");
    quit(p);
    let text = std::fs::read_to_string(history_file(home.path())).expect("history written");
    assert_eq!(text, "explain VVG\n");
    let mut p = start(home.path(), &[]);
    p.send("\x1b[A").unwrap(); // Up: the previous session's statement
    p.send("\r").unwrap();
    p.expect("Vårdsamverkan Västra Götaland").unwrap();
    p.expect(PROMPT).unwrap();
    quit(p);
    let text = std::fs::read_to_string(history_file(home.path())).unwrap();
    assert_eq!(text, "explain VVG\nexplain VVG\n");
}

#[test]
fn history_can_be_turned_off() {
    let home = tempfile::tempdir().unwrap();
    let mut p = start(home.path(), &[("ORGRAF_NO_HISTORY", "1")]);
    ask(&mut p, "explain VVG", "vvg: Vårdsamverkan Västra Götaland");
    quit(p);
    assert!(!history_file(home.path()).exists());
}

#[test]
fn a_missing_or_unwritable_home_does_not_stop_the_explorer() {
    let dir = tempfile::tempdir().unwrap();
    // A HOME whose parent is a regular file can be neither read nor created.
    let file = dir.path().join("plain");
    std::fs::write(&file, "x").unwrap();
    let mut p = start(&file.join("home"), &[]);
    p.send_line("? bereder PSG").unwrap();
    p.expect("styrgrupp_skaraborg").unwrap();
    p.expect(PROMPT).unwrap();
    quit(p);
}

#[test]
fn without_a_terminal_it_answers_like_run() {
    let script = "? bereder PSG\nexplain DRNO\n";
    let piped = orgraf(&[], Some(script));
    let run = orgraf(&["run", "-"], Some(script));
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    assert_eq!(piped.stdout, run.stdout);
    assert!(!piped.stdout.contains("Type help"));
    assert!(!piped.stdout.contains(PROMPT));
}

#[test]
fn without_a_terminal_errors_exit_1() {
    let piped = orgraf(&[], Some("? bereder PSX\n"));
    assert_eq!(piped.code, 1);
    assert!(
        piped.stderr.contains("did you mean PSG"),
        "{}",
        piped.stderr
    );
}

#[test]
fn diagram_from_the_explorer() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("psg.svg");
    let mut p = start(home.path(), &[]);
    ask(
        &mut p,
        &format!(":diagram PSG --depth 1 -o {}", out.display()),
        "wrote ",
    );
    ask(&mut p, ":diagram PSX", "did you mean");
    quit(p);
    let svg = std::fs::read_to_string(&out).expect("the explorer wrote the diagram");
    assert!(
        svg.contains("<svg") && svg.contains("Politisk samrådsgrupp"),
        "{}",
        &svg[..svg.len().min(300)]
    );
}

#[test]
fn asof_dates_every_answer_and_shows_in_the_prompt() {
    const DATED: &str = "orgraf(vgr as of 2022-09)> ";
    let home = tempfile::tempdir().unwrap();
    let script = home.path().join("dated.oq");
    let mut p = start(home.path(), &[]);
    p.send_line(":asof 2022-09").unwrap();
    p.expect(DATED).unwrap();
    // Before the October 2022 rename the council has its old name.
    p.send_line("show ledningsrad_hjalpmedel").unwrap();
    p.expect("as of 2022-09:").unwrap();
    p.expect("Ledningsråd Medicintekniska produkter  [1]")
        .unwrap();
    p.expect(DATED).unwrap();
    // A bad date is refused and the date stays.
    p.send_line(":asof 2022-13").unwrap();
    p.expect("`2022-13` is not a date: month 13 is not 1–12")
        .unwrap();
    p.expect(DATED).unwrap();
    p.send_line(":asof").unwrap();
    p.expect("answers are as of 2022-09").unwrap();
    p.expect(DATED).unwrap();
    p.send_line(format!(":save {}", script.display())).unwrap();
    p.expect("saved 1 statements").unwrap();
    p.expect(DATED).unwrap();
    // Off: today's name, and the plain prompt.
    p.send_line(":asof off").unwrap();
    p.expect(PROMPT).unwrap();
    ask(
        &mut p,
        "show ledningsrad_hjalpmedel",
        "Ledningsråd för hjälpmedel  [1]",
    );
    quit(p);
    let saved = std::fs::read_to_string(&script).unwrap();
    assert!(
        saved.contains("as of 2022-09 show ledningsrad_hjalpmedel"),
        "{saved}"
    );
}
