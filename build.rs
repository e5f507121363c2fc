//! With the `split` feature, the app's wasm keeps the linker's relocations: wasm-split reads
//! them to move the lazily loaded sections into their own chunks (scripts/bin/wasm-bindgen).

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-link-arg-bin=kariz=--emit-relocs");
    }
}
