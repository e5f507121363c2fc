//! The spreadsheet worker's entry point (Trunk builds it as a Web Worker next to the app): it
//! reads workbooks into CSV text for the import screen; see `kariz::browser::sheets`.

fn main() {
    // Natively there is no worker to serve (the binary exists for the wasm build).
    #[cfg(target_arch = "wasm32")]
    kariz::browser::sheets::serve();
}
