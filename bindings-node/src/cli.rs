//! `npx edgeward`: the command line of `edgeward-cli`, run inside the addon with the
//! process's own standard streams, so the npm package runs the same Rust as the binary.

use napi_derive::napi;

/// Runs the command line with `args` (without the program name) and returns its exit code.
#[napi]
pub fn run_cli(args: Vec<String>) -> u32 {
    let argv = std::iter::once("edgeward".to_owned()).chain(args);
    u32::from(edgeward_cli::run_process(argv))
}
