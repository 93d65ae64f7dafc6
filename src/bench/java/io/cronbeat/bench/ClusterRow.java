package io.cronbeat.bench;

import java.util.List;
import java.util.Map;

/** n nodes on one database: their drain of queued no-op runs and their lag firing no-op jobs. */
record ClusterRow(StoreKind store, int nodes, String how, Drain drain, LagRow lag) implements Row {

  @Override
  public List<String> cells() {
    return List.of(store.label(), nodes + " " + how, drain == null ? "-" : Integer.toString(drain.queued()),
        drain == null ? "-" : Table.number(drain.perSecond(), drain.capped()),
        lag == null ? "-" : Integer.toString(lag.jobs()), lag == null ? "-" : Long.toString(lag.lag().p50()),
        lag == null ? "-" : Long.toString(lag.lag().p99()), lag == null ? "-" : Long.toString(lag.lag().max()),
        lag == null ? "-" : Long.toString(lag.missed()), Long.toString(duplicated()));
  }

  @Override
  public Map<String, Object> json() {
    return Json.object("store", store.label(), "nodes", nodes, "nodes_in", how,
        "drain_per_s", drain == null ? null : drain.perSecond(), "drain", drain == null ? null : drain.json(),
        "lag", lag == null ? null : lag.json(), "duplicated", duplicated());
  }


  @Override
  public long duplicated() {
    return (drain == null ? 0 : drain.duplicated()) + (lag == null ? 0 : lag.duplicated());
  }
}
