//! The `edgeward` binary: see the library crate for the commands.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(edgeward_cli::run_process(std::env::args_os()))
}
