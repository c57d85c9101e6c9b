//! A blank window whose page makes one IPC call on load; prints `first-ipc` when it is answered.

use std::sync::atomic::{AtomicBool, Ordering};

static FIRST: AtomicBool = AtomicBool::new(true);

#[tauri::command]
fn ping() -> &'static str {
    if FIRST.swap(false, Ordering::SeqCst) {
        println!("first-ipc");
    }
    "pong"
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ping])
        .run(tauri::generate_context!())
        .expect("the blank window runs");
}
