package io.cronbeat.job;

/** A class that hostile YAML names in a tag; the test checks it was never constructed. */
public class Tripwire {

  static volatile boolean constructed;

  public Tripwire() {
    constructed = true;
  }
}
