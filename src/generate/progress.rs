//! Progress of a long generation on standard error: indicatif's bar on a terminal, and plain
//! lines at every tenth of the way otherwise (a log or CI keeps a few lines, not a redrawn bar).

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

/// How progress is shown.
pub enum Progress {
    Bar(ProgressBar),
    Lines { total: u64, done: u64, next_tenth: u64, started: Instant },
    Quiet,
}

impl Progress {
    /// A bar when standard error is a terminal, plain lines otherwise.
    pub fn on_stderr(total: u64) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress::Lines { total, done: 0, next_tenth: 1, started: Instant::now() };
        }
        let bar = ProgressBar::new(total);
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} contacts ({eta} left)",
        )
        .map(|s| s.progress_chars("=> "));
        if let Ok(style) = style {
            bar.set_style(style);
        }
        Progress::Bar(bar)
    }

    /// `n` more contacts written.
    pub fn advance(&mut self, n: u64) {
        match self {
            Progress::Bar(bar) => bar.inc(n),
            Progress::Lines { total, done, next_tenth, started } => {
                *done += n;
                let tenth = (*done * 10 / (*total).max(1)).min(10);
                if tenth >= *next_tenth {
                    let secs = started.elapsed().as_secs_f64();
                    eprintln!("generated {done}/{total} contacts ({}%) in {secs:.1} s", *done * 100 / (*total).max(1));
                    *next_tenth = tenth + 1;
                }
            }
            Progress::Quiet => {}
        }
    }

    /// Done: the bar is cleared (the command's closing line says what was written).
    pub fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
