package io.cronbeat.fault;

/**
 * The one line each fault test prints for the closing table, before its assertions so
 * that a failing run reports its numbers too. Recovery is -1 where a scenario has none.
 */
record Summary(String scenario, long expected, long recorded, long overlapping, long lost, long recoveryMs) {

  static final String HEADER = "scenario | runs expected | recorded | overlapping | lost | recovery ms";

  void print() {
    System.out.println("FAULT-SUMMARY " + HEADER);
    System.out.println("FAULT-SUMMARY " + scenario + " | " + expected + " | " + recorded + " | " + overlapping + " | " + lost
        + " | " + (recoveryMs < 0 ? "-" : Long.toString(recoveryMs)));
  }
}
