package io.cronbeat.store;

/** What cronbeat does when Quartz fires a trigger: record runs, quickly, then return. */
@FunctionalInterface
public interface FiringHandler {

  void fired(Firing firing);
}
