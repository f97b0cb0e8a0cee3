//! The `callplan` command: parse arguments, run, turn the outcome into an exit code.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(status) => status.code(),
        Err(report) => {
            // A closed stdout (e.g. `callplan rules | head`) is not a failure.
            if report.downcast_ref::<cli::BrokenPipe>().is_some() {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "{report:?}");
            cli::ExitStatus::Error.code()
        }
    }
}
