package io.cronbeat.bench;

import java.util.Locale;

/** The databases the benchmark measures on. */
enum StoreKind {
  H2, POSTGRESQL;

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
