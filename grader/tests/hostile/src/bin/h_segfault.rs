//! hostile: writes through a null pointer in the main process
//! expect: killed by SIGSEGV

fn main() {
    println!("about to crash");
    let p: *mut u32 = std::hint::black_box(std::ptr::null_mut());
    // SAFETY: none: this null write is deliberate, to crash with SIGSEGV (the first page is never
    // mapped). `write_volatile` keeps the write from being optimized away.
    unsafe { p.write_volatile(1) };
}
