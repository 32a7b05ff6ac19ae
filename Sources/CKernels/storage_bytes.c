#include "CKernels.h"

#include <stdatomic.h>

int ck_storage_counting = 0;

static _Atomic long long live_bytes;
static _Atomic long long peak_bytes;

void ck_storage_bytes_reset(void) {
    atomic_store(&live_bytes, 0);
    atomic_store(&peak_bytes, 0);
}

void ck_storage_bytes_add(long long delta) {
    long long now = atomic_fetch_add(&live_bytes, delta) + delta;
    long long peak = atomic_load(&peak_bytes);
    while (now > peak && !atomic_compare_exchange_weak(&peak_bytes, &peak, now)) {
    }
}

long long ck_storage_bytes_live(void) { return atomic_load(&live_bytes); }

long long ck_storage_bytes_peak(void) { return atomic_load(&peak_bytes); }
