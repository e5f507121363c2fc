//! Browser entry point: mounts the Kariz app on the page body.

fn main() {
    kariz::ui::mount();
}
