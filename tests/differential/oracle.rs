//! The CPython side: one `python3 scenarios.py` process, fed JSON lines.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/differential/scenarios.py");

/// A running CPython oracle.
pub struct Oracle {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    /// e.g. "3.13.0"
    pub version: String,
    /// CPython < 3.13: `close()` drops the body's return value (rule C4).
    pub py311: bool,
}

/// `python3 -c ...` with `PYENV_VERSION` set or not; returns (major, minor, full).
fn probe(pyenv: Option<&str>) -> Option<(u32, u32, String)> {
    let mut cmd = Command::new("python3");
    cmd.args(["-c", "import sys; print(*sys.version_info[:3], sep='.')"]);
    if let Some(v) = pyenv {
        cmd.env("PYENV_VERSION", v);
    }
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let full = String::from_utf8(out.stdout).ok()?.trim().to_string();
    let mut parts = full.split('.').map(|p| p.parse::<u32>());
    Some((parts.next()?.ok()?, parts.next()?.ok()?, full))
}

impl Oracle {
    /// Starts CPython 3.13 if present (`PYENV_VERSION=3.13.0`), else plain
    /// `python3` (3.11 or later). `None` if there is no usable Python.
    /// `GENSEND_DIFF_PLAIN_PYTHON=1` forces plain `python3`.
    pub fn start() -> Option<Oracle> {
        // GENSEND_DIFF_PLAIN_PYTHON=1: use plain `python3` even if 3.13 is there.
        let plain = std::env::var_os("GENSEND_DIFF_PLAIN_PYTHON").is_some();
        let (pyenv, (major, minor, version)) = match probe(Some("3.13.0")).filter(|_| !plain) {
            Some(v @ (3, 13.., _)) => (Some("3.13.0"), v),
            _ => (None, probe(None)?),
        };
        if (major, minor) < (3, 11) {
            return None;
        }
        let mut cmd = Command::new("python3");
        cmd.arg(SCRIPT).stdin(Stdio::piped()).stdout(Stdio::piped());
        match pyenv {
            Some(v) => cmd.env("PYENV_VERSION", v),
            None => cmd.env_remove("PYENV_VERSION"),
        };
        let mut child = cmd.spawn().ok()?;
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take()?);
        Some(Oracle { child, stdin, stdout, version, py311: minor < 13 })
    }

    fn read_line(&mut self) -> String {
        let mut line = String::new();
        let n = self.stdout.read_line(&mut line).expect("reading from python3");
        assert!(n > 0, "python3 oracle exited early (see its stderr above)");
        line.trim_end_matches('\n').to_string()
    }

    /// Runs many cases: writes them all from a thread, reads the traces back.
    pub fn batch(&mut self, cases: &[String]) -> Vec<String> {
        let mut stdin = self.stdin.take().expect("oracle stdin");
        let input: String = cases.iter().map(|c| format!("{c}\n")).collect();
        let writer = std::thread::spawn(move || {
            stdin.write_all(input.as_bytes()).expect("writing to python3");
            stdin.flush().expect("writing to python3");
            stdin
        });
        let out = (0..cases.len()).map(|_| self.read_line()).collect();
        self.stdin = Some(writer.join().expect("writer thread"));
        out
    }

    /// Runs one case.
    pub fn one(&mut self, case: &str) -> String {
        let stdin = self.stdin.as_mut().expect("oracle stdin");
        writeln!(stdin, "{case}").expect("writing to python3");
        stdin.flush().expect("writing to python3");
        self.read_line()
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}
