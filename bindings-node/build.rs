//! Links the addon the way Node expects on every platform.
fn main() {
    napi_build::setup();
}
