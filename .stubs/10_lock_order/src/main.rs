//! 10 lock_order — transfers between accounts, each behind its own lock, without deadlock.
//!
//! A bank of A accounts, each a `Mutex<i64>`. T worker threads each make N transfers (drawn from
//! a seed by `transfers_of`, given): a transfer locks BOTH its accounts, moves the money and
//! prints its line while it still holds them. Some transfers go from an account to itself.
//!
//! Replace the `todo!()`s: `transfer` (which locks to take, in which order, and what to do when
//! `from == to`) and the start of the workers in `main`. Keep every `println!` as it is: the
//! grader reads them.
//!
//! Try: `cargo run -p ex10_lock_order -- --accounts 3 --threads 4 --widen-us 1000`

use std::sync::Mutex;
use std::thread;
use std::time::Duration;

use clap::Parser;

/// T threads make N transfers each between A accounts, each account behind its own lock.
#[derive(Parser, Debug)]
struct Args {
    /// How many accounts.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(2..=64))]
    accounts: u64,
    /// How many worker threads.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=64))]
    threads: u64,
    /// How many transfers each thread makes.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    transfers: u64,
    /// Every account's balance at the start.
    #[arg(long, default_value_t = 1000)]
    initial: i64,
    /// The seed the transfers are drawn from.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Pause between taking the first lock and the second (microseconds): widens the window
    /// in which two threads locking in opposite orders deadlock.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=100_000))]
    widen_us: u64,
}

/// One transfer: `amount` from account `from` to account `to` (the same account sometimes).
#[derive(Debug, Clone, Copy)]
struct Transfer {
    from: usize,
    to: usize,
    amount: i64,
}

/// The transfers worker `thread` makes, drawn from `seed` (the grader draws the same ones).
fn transfers_of(seed: u64, thread: u64, count: u64, accounts: u64) -> Vec<Transfer> {
    let mut state = seed ^ (thread + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut next = move || {
        // splitmix64
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    (0..count)
        .map(|_| Transfer {
            from: (next() % accounts) as usize,
            to: (next() % accounts) as usize,
            amount: 1 + (next() % 100) as i64,
        })
        .collect()
}

/// The kernel's id of the calling thread.
fn os_tid() -> i32 {
    nix::unistd::gettid().as_raw()
}

/// Takes `amount` out of a balance the caller has locked. It takes the balance, not the
/// account: it never locks anything, so a caller that already holds the lock can call it
/// (what Python's `RLock` is for, without re-entrancy).
fn withdraw(balance: &mut i64, amount: i64) {
    *balance -= amount;
}

/// Puts `amount` into a balance the caller has locked.
fn deposit(balance: &mut i64, amount: i64) {
    *balance += amount;
}

/// Makes transfer `k` of worker `thread`, holding both accounts' locks while it moves the
/// money and prints it.
fn transfer(bank: &[Mutex<i64>], thread: u64, k: usize, t: Transfer, widen: Duration) {
    let line = || {
        println!(
            "transfer thread={thread} k={k} from={} to={} amount={}",
            t.from, t.to, t.amount
        )
    };
    // TODO: lock the accounts (both; once when `from == to`), move `t.amount` with `withdraw`
    // and `deposit`, call `line()` while the locks are still held. Take the locks in one
    // global order; `--widen` pauses `widen` between the first lock and the second.
    let _ = (bank, widen, withdraw, deposit);
    line();
    todo!("transfer: lock both accounts in one global order")
}

/// Worker `thread`: makes its transfers in order.
fn worker(bank: &[Mutex<i64>], thread: u64, transfers: &[Transfer], widen: Duration) {
    println!("start thread={thread} tid={}", os_tid());
    for (k, &t) in transfers.iter().enumerate() {
        transfer(bank, thread, k, t, widen);
    }
    println!(
        "done thread={thread} tid={} transfers={}",
        os_tid(),
        transfers.len()
    );
}

fn main() {
    let args = Args::parse();
    let widen = Duration::from_micros(args.widen_us);
    let bank: Vec<Mutex<i64>> = (0..args.accounts)
        .map(|_| Mutex::new(args.initial))
        .collect();
    let plans: Vec<Vec<Transfer>> = (0..args.threads)
        .map(|w| transfers_of(args.seed, w, args.transfers, args.accounts))
        .collect();

    // TODO: start one thread per plan, running `worker(&bank, w, plan, widen)`, all of them
    // before any is waited for; the scope waits for every one before it returns.
    thread::scope(|s| {
        let _ = (s, &bank, &plans, widen, worker);
        todo!("start the worker threads")
    });

    let mut total = 0;
    for (id, account) in bank.iter().enumerate() {
        let balance = *account.lock().expect("an account's lock is poisoned");
        println!("account id={id} balance={balance}");
        total += balance;
    }
    println!("main total={total} accounts={}", args.accounts);
}
