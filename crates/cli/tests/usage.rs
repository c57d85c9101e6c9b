//! Exit codes of the real binary. (Its presence also makes `cargo test --workspace` build the
//! `pdesk` binary that the workspace's integration tests run.)

use std::process::Command;

fn pdesk(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pdesk"))
        .args(args)
        .env_remove("PDESK_DATA_DIR")
        .output()
        .expect("pdesk runs")
}

#[test]
fn help_succeeds_and_usage_errors_exit_2() {
    let help = pdesk(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&help.stdout).contains("deadline"),
        "help lists the commands"
    );
    let bad = pdesk(&["no-such-command"]);
    assert_eq!(bad.status.code(), Some(2), "usage errors exit 2");
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr).trim_end().lines().count(),
        1,
        "and say so in one line"
    );
}
