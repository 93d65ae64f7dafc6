package io.cronbeat.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A one-off command to submit: the body of {@code POST /api/runs}, built the way an application
 * says it: {@code Task.command("send-mail", "--to", x).in(Duration.ofMinutes(5)).retries(3)}.
 * Immutable: each method returns a new task.
 */
public final class Task {

  private final List<String> command;
  private final String name;
  private final Duration in;
  private final Instant at;
  private final Integer retries;
  private final Duration backoff;
  private final Duration timeout;
  private final Map<String, String> env;

  private Task(List<String> command, String name, Duration in, Instant at, Integer retries, Duration backoff,
      Duration timeout, Map<String, String> env) {
    this.command = List.copyOf(command);
    this.name = name;
    this.in = in;
    this.at = at;
    this.retries = retries;
    this.backoff = backoff;
    this.timeout = timeout;
    this.env = Map.copyOf(env);
  }

  /** The program and its arguments: an argument vector, never run through a shell. */
  public static Task command(String program, String... arguments) {
    List<String> argv = new ArrayList<>();
    argv.add(program);
    argv.addAll(List.of(arguments));
    return new Task(argv, null, null, null, null, null, null, Map.of());
  }

  /** The name it has in history (lowercase letters, digits, '.', '_', '-'); default {@code adhoc}. */
  public Task name(String value) {
    return new Task(command, value, in, at, retries, backoff, timeout, env);
  }

  /** Due this long after the node receives it. */
  public Task in(Duration delay) {
    return new Task(command, name, delay, null, retries, backoff, timeout, env);
  }

  /** Due at this instant. */
  public Task at(Instant when) {
    return new Task(command, name, null, when, retries, backoff, timeout, env);
  }

  /** Tries after the first, 0 to 99. */
  public Task retries(int count) {
    return new Task(command, name, in, at, count, backoff, timeout, env);
  }

  /** The first wait before a retry (default 30 s). */
  public Task backoff(Duration wait) {
    return new Task(command, name, in, at, retries, wait, timeout, env);
  }

  /** How long an attempt may run (default: no limit). */
  public Task timeout(Duration limit) {
    return new Task(command, name, in, at, retries, backoff, limit, env);
  }

  /** An environment variable for this run. */
  public Task env(String variable, String value) {
    Map<String, String> more = new LinkedHashMap<>(env);
    more.put(variable, value);
    return new Task(command, name, in, at, retries, backoff, timeout, more);
  }

  /** The JSON body, with the API's field names; durations in whole seconds ({@code 300s}). */
  Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("command", command);
    put(body, "name", name);
    put(body, "in", seconds(in));
    put(body, "at", at == null ? null : at.toString());
    put(body, "retries", retries);
    put(body, "backoff", seconds(backoff));
    put(body, "timeout", seconds(timeout));
    if (!env.isEmpty()) {
      body.put("env", env);
    }
    return body;
  }

  private static void put(Map<String, Object> body, String field, Object value) {
    if (value != null) {
      body.put(field, value);
    }
  }

  private static String seconds(Duration duration) {
    return duration == null ? null : Math.max(0, (duration.toMillis() + 999) / 1000) + "s";
  }

  /** Environment values are left out: they are secrets often enough. */
  @Override
  public String toString() {
    return "Task" + command + (name == null ? "" : " name=" + name) + " env=" + env.keySet();
  }
}
