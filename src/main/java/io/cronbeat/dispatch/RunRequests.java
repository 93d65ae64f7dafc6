package io.cronbeat.dispatch;

import io.cronbeat.run.JobSpec;
import io.cronbeat.text.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@code scheduler trigger} and {@code scheduler submit} ask for, and the API's bodies of
 * the same name, checked by one set of rules: a request that one of them refuses, the other
 * refuses too, naming the field in its own words.
 */
public final class RunRequests {

  static final String AT_HINT = "write an ISO-8601 time with offset, e.g. 2026-03-08T01:30:00-05:00 or 2026-03-08T06:30:00Z";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  /** The most retries a submit may ask for. */
  public static final int MAX_RETRIES = 99;

  private RunRequests() {}

  /**
   * A trigger of a declared job: {@code in} or {@code at} (or neither: now), environment variables
   * for this run, arguments appended to its list-form command, and whether its end leads on to
   * the job's downstream jobs (a manual run does not unless asked: it is often a re-run of one step).
   */
  public record Trigger(String in, String at, Map<String, String> env, List<String> args, boolean withDownstream) {
    public Trigger {
      env = env == null ? Map.of() : Map.copyOf(env);
      args = args == null ? List.of() : List.copyOf(args);
    }

    /** A trigger that leaves the job's downstream jobs alone. */
    public Trigger(String in, String at, Map<String, String> env, List<String> args) {
      this(in, at, env, args, false);
    }
  }

  /** A one-off command, with the names of {@code scheduler submit}'s options. */
  public record Submit(List<String> command, String name, String in, String at, Integer retries, String backoff,
      String timeout, Map<String, String> env) {
    public Submit {
      command = command == null ? List.of() : List.copyOf(command);
      env = env == null ? Map.of() : Map.copyOf(env);
    }
  }

  /** When a run becomes due: {@code in} from now, at {@code at}, or now. */
  public static Instant due(String in, String at, Instant now, RequestForm form) {
    if (in != null && at != null) {
      throw new RequestException("in", "give " + form.name("in") + " or " + form.name("at") + ", not both",
          form.name("in") + " 10m runs ten minutes from now; " + form.name("at") + " takes a time");
    }
    if (in != null) {
      return now.plus(duration("in", in, form, true));
    }
    if (at != null) {
      try {
        return OffsetDateTime.parse(at).toInstant();
      } catch (DateTimeParseException e) {
        throw new RequestException("at", form.label("at") + " '" + at + "' is not an ISO-8601 time with offset", AT_HINT);
      }
    }
    return now;
  }

  /** The run a trigger queues: the job with this run's environment and arguments. */
  public static JobSpec trigger(JobSpec job, Trigger request, RequestForm form) {
    JobSpec run = job.withEnv(request.env());
    if (request.args().isEmpty()) {
      return run;
    }
    String args = form == RequestForm.CLI ? "arguments after --" : form.name("args");
    if (run.shell()) {
      throw new RequestException("args", "job '" + job.name() + "' has a shell command; " + args + " need a list-form command",
          "write its command as a list, e.g. command: [\"/usr/local/bin/backup\", \"--quiet\"]");
    }
    if (run.http() != null) {
      throw new RequestException("args", "job '" + job.name() + "' makes an HTTP request; " + args + " need a list-form command",
          "pass values with " + (form == RequestForm.CLI ? "--env NAME=VALUE" : form.name("env"))
              + " and use ${NAME} in its url or headers");
    }
    return run.withArguments(request.args());
  }

  /** The job a submit queues: a one-off command with its retries, backoff, timeout and environment. */
  public static JobSpec submit(Submit request, RequestForm form) {
    String name = request.name() == null ? "adhoc" : request.name();
    if (!NAME.matcher(name).matches()) {
      throw new RequestException("name", form.label("name") + " '" + name + "' is not allowed",
          "use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit");
    }
    if (request.command().isEmpty() || request.command().get(0).isBlank()) {
      throw new RequestException("command", form.label("command") + " is missing or empty",
          "give the program and its arguments as a list, e.g. [\"send-mail\", \"--to\", \"ops@example.com\"]");
    }
    int retries = request.retries() == null ? 0 : request.retries();
    if (retries < 0 || retries > MAX_RETRIES) {
      throw new RequestException("retries", form.label("retries") + " must be from 0 to " + MAX_RETRIES + ", not " + retries,
          "write e.g. " + (form == RequestForm.CLI ? "--retries 3" : "\"retries\": 3"));
    }
    Duration backoff = duration("backoff", request.backoff() == null ? "30s" : request.backoff(), form, false);
    Duration timeout = request.timeout() == null ? null : duration("timeout", request.timeout(), form, false);
    return JobSpec.adHoc(name, request.command(), retries + 1, backoff, timeout).withEnv(request.env());
  }

  private static Duration duration(String field, String text, RequestForm form, boolean zeroAllowed) {
    return DurationText.parse(text).filter(d -> zeroAllowed || !d.isZero())
        .orElseThrow(() -> new RequestException(field, form.label(field) + " '" + text + "' is not a duration", DurationText.HINT));
  }
}
