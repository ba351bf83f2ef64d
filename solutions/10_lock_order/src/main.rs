//! 10 lock_order — reference solution.
//!
//! A bank of A accounts, each behind its own `Mutex`. T worker threads each make N transfers
//! between accounts drawn from a seed (both directions, sometimes from an account to itself).
//! A transfer holds the locks of both its accounts while it moves the money. Python's
//!
//! ```python
//! locks = [threading.RLock() for _ in range(a)]
//! def transfer(src, dst, amount):
//!     first, second = sorted((src, dst))
//!     with locks[first], locks[second]:     # an RLock: the same lock twice when src == dst
//!         balance[src] -= amount; balance[dst] += amount
//! ```
//!
//! in Rust: the locks are taken in one global order (lower account index first), so no two
//! threads can each hold one lock and wait for the other's; and since `std::sync::Mutex` is not
//! re-entrant, a transfer from an account to itself takes its one lock once and passes the
//! guard's `&mut` to the helpers instead of locking again.

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
    if t.from == t.to {
        // One account, one lock, taken once: locking it a second time in this thread would
        // wait for ourselves forever. The guard's `&mut` goes to both helpers instead.
        let mut account = bank[t.from].lock().expect("an account's lock is poisoned");
        withdraw(&mut account, t.amount);
        deposit(&mut account, t.amount);
        line();
        return;
    }
    // One global order: the lower account index first, whatever the direction.
    let (lo, hi) = (t.from.min(t.to), t.from.max(t.to));
    let mut first = bank[lo].lock().expect("an account's lock is poisoned");
    if !widen.is_zero() {
        thread::sleep(widen);
    }
    let mut second = bank[hi].lock().expect("an account's lock is poisoned");
    let (from, to) = if t.from == lo {
        (&mut *first, &mut *second)
    } else {
        (&mut *second, &mut *first)
    };
    withdraw(from, t.amount);
    deposit(to, t.amount);
    line();
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

    // Scoped threads may borrow `bank`: the scope joins every thread before it returns.
    thread::scope(|s| {
        for (w, plan) in plans.iter().enumerate() {
            let bank = &bank;
            s.spawn(move || worker(bank, w as u64, plan, widen));
        }
    });

    let mut total = 0;
    for (id, account) in bank.iter().enumerate() {
        let balance = *account.lock().expect("an account's lock is poisoned");
        println!("account id={id} balance={balance}");
        total += balance;
    }
    println!("main total={total} accounts={}", args.accounts);
}
