package io.cronbeat.bench;

/** One line of the drain table: the same store, the same number of workers, every system. */
record DrainRow(StoreKind store, int workers, String executor, Drain cronbeat, Drain quartz, Drain dbScheduler,
    Drain spawnLimit) {}
