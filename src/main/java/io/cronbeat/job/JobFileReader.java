package io.cronbeat.job;

import io.cronbeat.text.DurationText;
import io.cronbeat.timing.CronDialect;
import io.cronbeat.timing.Schedule;
import io.cronbeat.timing.ScheduleException;
import io.cronbeat.timing.ScheduleParser;
import io.cronbeat.timing.Zones;
import io.cronbeat.yaml.NodeReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads the {@code jobs:} map of one job file into definitions, reporting every problem. */
final class JobFileReader {

  static final Set<String> FILE_KEYS = Set.of("jobs");
  static final String TOP_LEVEL_HINT = "declare jobs under a top-level 'jobs:' map";
  static final Set<String> JOB_KEYS = Set.of("schedule", "dialect", "timezone", "command", "http", "workdir", "env", "timeout",
      "retry", "overlap", "catch-up", "jitter", "enabled", "description", "notify", "expect",
      "nodes", "concurrency", "after");
  private static final Set<String> RETRY_KEYS = Set.of("attempts", "backoff", "max-backoff");
  private static final Set<String> NOTIFY_KEYS = Set.of("webhook", "headers", "command", "on");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Map<String, Overlap> OVERLAPS = words(Overlap.values());
  private static final Map<String, CatchUp> CATCH_UPS = words(CatchUp.values());
  private static final Map<String, Notify.Event> EVENTS = words(Notify.Event.values());
  private static final Map<String, CronDialect> DIALECTS = words(CronDialect.values());
  private static final String COMMAND_HINT =
      "write a string run by /bin/sh -c, e.g. command: \"pg_dump mydb > /backups/db.sql\", or a list such as [\"pg_dump\", \"mydb\"]";
  private static final String WORK_HINT = "write command: \"pg_dump mydb > /backups/db.sql\" (or a list such as [\"pg_dump\", \"mydb\"]),"
      + " or http: {url: https://internal.example.com/tasks/cleanup}";

  private final ScheduleParser parser;
  private final ZoneId defaultZone;
  private final Clock clock;
  private final ShellCheck shell;

  JobFileReader(ScheduleParser parser, ZoneId defaultZone, Clock clock, ShellCheck shell) {
    this.parser = parser;
    this.defaultZone = defaultZone;
    this.clock = clock;
    this.shell = shell;
  }

  List<JobDefinition> read(MappingNode root, NodeReader reader) {
    List<JobDefinition> jobs = new ArrayList<>();
    // x-… keys hold shared settings for anchors, as in Compose files.
    NodeTuple jobsEntry = reader.entries(root, FILE_KEYS, "the top level of a job file", key -> key.startsWith("x-"))
        .get("jobs");
    if (jobsEntry == null) {
      if (root.getValue().isEmpty()) {
        reader.error(root, "no 'jobs:' map in this file", TOP_LEVEL_HINT);
      }
      return jobs;
    }
    Optional<MappingNode> jobMap = reader.mapping(jobsEntry.getValueNode(), "jobs",
        "under 'jobs:' write each job's name, and under it the job's fields");
    if (jobMap.isEmpty()) {
      return jobs;
    }
    for (Map.Entry<String, NodeTuple> entry : reader.entries(jobMap.get(), null, "'jobs'").entrySet()) {
      readJob(entry.getKey(), entry.getValue(), reader).ifPresent(jobs::add);
    }
    return jobs;
  }

  private Optional<JobDefinition> readJob(String name, NodeTuple tuple, NodeReader reader) {
    Node nameNode = tuple.getKeyNode();
    boolean ok = true;
    if (!NAME.matcher(name).matches()) {
      reader.error(nameNode, "job name '" + name + "' is not allowed",
          "use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters, e.g. '"
              + suggestName(name) + "'");
      ok = false;
    }
    Optional<MappingNode> body = reader.mapping(tuple.getValueNode(), "job '" + name + "'",
        "give the job its fields, at least 'command:' and usually 'schedule:'");
    if (body.isEmpty()) {
      return Optional.empty();
    }
    String where = "job '" + name + "'";
    Map<String, NodeTuple> fields = reader.entries(body.get(), JOB_KEYS, where);
    ok &= fields.size() == body.get().getValue().size();

    Optional<ZoneId> zone = Optional.of(defaultZone);
    if (fields.containsKey("timezone")) {
      zone = zone(value(fields, "timezone"), reader);
    }
    Optional<CronDialect> dialect = Optional.empty();
    if (fields.containsKey("dialect")) {
      dialect = reader.oneOf(value(fields, "dialect"), "dialect", DIALECTS);
      ok &= dialect.isPresent();
    }
    Optional<JobDefinition.When> when = Optional.empty();
    if (fields.containsKey("schedule") && zone.isPresent() && ok) {
      when = schedule(name, value(fields, "schedule"), zone.get(), dialect, reader);
      ok &= when.isPresent();
    }
    ok &= zone.isPresent();

    Optional<? extends Work> work = work(fields, nameNode, where, fields.size() == body.get().getValue().size(), reader);
    ok &= work.isPresent();

    Optional<Path> workdir = Optional.empty();
    if (fields.containsKey("workdir") && fields.containsKey("http")) {
      reader.error(fields.get("workdir").getKeyNode(), "workdir is for a command; " + where + " makes an HTTP request",
          "remove workdir");
      ok = false;
    } else if (fields.containsKey("workdir")) {
      Optional<String> dir = reader.string(value(fields, "workdir"), "workdir", "write a directory path, e.g. /var/backups");
      ok &= dir.isPresent();
      workdir = dir.map(Path::of);
    }
    Map<String, String> env = Map.of();
    if (fields.containsKey("env")) {
      Optional<Map<String, String>> read = env(value(fields, "env"), reader);
      ok &= read.isPresent();
      env = read.orElse(Map.of());
    }
    Optional<Duration> timeout = Optional.empty();
    if (fields.containsKey("timeout")) {
      timeout = reader.duration(value(fields, "timeout"), "timeout", false);
      ok &= timeout.isPresent();
    }
    JobDefinition.Policies defaults = JobDefinition.Policies.DEFAULTS;
    Optional<RetryPolicy> retry = fields.containsKey("retry") ? retry(value(fields, "retry"), reader) : Optional.of(defaults.retry());
    Optional<Overlap> overlap = fields.containsKey("overlap")
        ? reader.oneOf(value(fields, "overlap"), "overlap", OVERLAPS) : Optional.of(defaults.overlap());
    Optional<CatchUp> catchUp = fields.containsKey("catch-up")
        ? reader.oneOf(value(fields, "catch-up"), "catch-up", CATCH_UPS) : Optional.of(defaults.catchUp());
    Optional<Duration> jitter = fields.containsKey("jitter")
        ? reader.duration(value(fields, "jitter"), "jitter", true) : Optional.of(defaults.jitter());
    Optional<Boolean> enabled = fields.containsKey("enabled") ? reader.bool(value(fields, "enabled"), "enabled") : Optional.of(true);
    Optional<String> description = fields.containsKey("description")
        ? reader.string(value(fields, "description"), "description", "write one line saying what the job does")
        : Optional.of("");
    Optional<Notify> notify = fields.containsKey("notify") ? notify(value(fields, "notify"), reader) : Optional.of(Notify.NOBODY);
    Optional<Optional<Duration>> expect = fields.containsKey("expect")
        ? expect(value(fields, "expect"), where, fields.containsKey("schedule"), reader)
        : Optional.of(Optional.empty());
    Optional<NodeSelector> nodes = fields.containsKey("nodes")
        ? PlacementReader.nodes(value(fields, "nodes"), reader) : Optional.of(NodeSelector.ANY);
    Optional<Optional<ConcurrencyGroup>> concurrency = fields.containsKey("concurrency")
        ? PlacementReader.concurrency(value(fields, "concurrency"), reader).map(Optional::of) : Optional.of(Optional.empty());
    Optional<Optional<JobDefinition.Upstreams>> after = fields.containsKey("after")
        ? AfterReader.read(value(fields, "after"), reader).map(Optional::of) : Optional.of(Optional.empty());
    ok &= retry.isPresent() && overlap.isPresent() && catchUp.isPresent() && jitter.isPresent() && enabled.isPresent()
        && description.isPresent() && notify.isPresent() && expect.isPresent() && nodes.isPresent() && concurrency.isPresent()
        && after.isPresent();
    if (!ok) {
      return Optional.empty();
    }
    return Optional.of(new JobDefinition(name, description.get(), enabled.get(), when,
        new JobDefinition.Execution(work.get(), workdir, env, timeout),
        new JobDefinition.Policies(retry.get(), overlap.get(), catchUp.get(), jitter.get()),
        notify.get(),
        expect.get(),
        new Placement(nodes.get(), concurrency.get()),
        new JobDefinition.Source(reader.file(), nameNode.getStartMark().getLine() + 1, nameNode.getStartMark().getColumn() + 1),
        after.get()));
  }

  /**
   * The watchdog's grace: a duration, or {@code off}. A job with no schedule has no firing to
   * miss, so it cannot expect one.
   *
   * @return empty when invalid, else the grace (zero for off)
   */
  private static Optional<Optional<Duration>> expect(Node node, String where, boolean scheduled, NodeReader reader) {
    if (node instanceof ScalarNode scalar && scalar.getValue().equals("off")) {
      return Optional.of(Optional.of(Duration.ZERO));
    }
    if (node instanceof ScalarNode scalar && scalar.getTag() != Tag.NULL
        && DurationText.parse(scalar.getValue()).isEmpty()) {
      reader.error(node, "expect '" + scalar.getValue() + "' is not a duration or off",
          "write how long after each firing its success may come, e.g. expect: 30m; or expect: off to watch nothing");
      return Optional.empty();
    }
    Optional<Duration> grace = reader.duration(node, "expect", false);
    if (grace.isEmpty()) {
      return Optional.empty();
    }
    if (!scheduled) {
      reader.error(node, "expect watches a schedule; " + where + " has none",
          "add a schedule, or remove expect (a job run only by trigger is never overdue)");
      return Optional.empty();
    }
    return Optional.of(grace);
  }

  private Optional<ZoneId> zone(Node node, NodeReader reader) {
    Optional<String> text = reader.string(node, "timezone", "write an IANA zone name such as 'Europe/Berlin'");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Zones.parse(text.get()));
    } catch (ScheduleException e) {
      reader.error(node, e.getMessage(), e.hint());
      return Optional.empty();
    }
  }

  private Optional<JobDefinition.When> schedule(
      String name, Node node, ZoneId zone, Optional<CronDialect> dialect, NodeReader reader) {
    Optional<String> text = reader.string(node, "schedule",
        "write a cron expression such as '30 2 * * *', a macro such as '@daily', or '@every 15m'");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Schedule schedule;
    try {
      schedule = parser.parse(text.get(), dialect, zone, name);
    } catch (ScheduleException e) {
      reader.error(node, e.getMessage(), e.hint());
      return Optional.empty();
    }
    if (schedule.nextAfter(clock.instant()).isEmpty()) {
      reader.error(node, "schedule '" + text.get() + "' never fires after " + LocalDate.now(clock.withZone(zone)),
          "check the day against the month (February has 28 or 29 days; April, June, September and November 30)"
              + " and the year field");
      return Optional.empty();
    }
    return Optional.of(new JobDefinition.When(text.get(), zone, schedule, parser.storedText(text.get(), dialect)));
  }

  /** Exactly one of a command and an HTTP request. */
  private Optional<? extends Work> work(Map<String, NodeTuple> fields, Node nameNode, String where, boolean allKnown,
      NodeReader reader) {
    boolean command = fields.containsKey("command");
    boolean http = fields.containsKey("http");
    if (command && http) {
      reader.error(fields.get("http").getKeyNode(), where + " has both a command and an http request",
          "keep one: 'command:' runs a process, 'http:' makes a request; declare a second job for the other");
      return Optional.empty();
    }
    if (command) {
      Optional<Command> read = command(value(fields, "command"), "command", reader);
      if (read.isPresent() && read.get().shell()) {
        Optional<String> problem = shell.problem(read.get().display());
        if (problem.isPresent()) {
          reader.error(value(fields, "command"), "command is not valid shell: " + problem.get(),
              "fix the quoting or the unfinished construct; or write the command as a list, which no shell reads");
          return Optional.empty();
        }
      }
      return read;
    }
    if (http) {
      return HttpCallReader.read(value(fields, "http"), reader);
    }
    if (allKnown) {
      // With unknown keys reported (say 'comand'), a missing command would only repeat them.
      reader.error(nameNode, where + " has no command or http request", WORK_HINT);
    }
    return Optional.empty();
  }

  private static Optional<Command> command(Node node, String field, NodeReader reader) {
    if (node instanceof SequenceNode list) {
      Optional<List<String>> argv = reader.strings(list, field, COMMAND_HINT);
      if (argv.isPresent() && (argv.get().isEmpty() || argv.get().get(0).isBlank())) {
        reader.error(node, field + " is an empty list", COMMAND_HINT);
        return Optional.empty();
      }
      return argv.map(Command::argv);
    }
    Optional<String> script = reader.string(node, field, COMMAND_HINT);
    if (script.isPresent() && script.get().isBlank()) {
      reader.error(node, field + " is empty", COMMAND_HINT);
      return Optional.empty();
    }
    return script.map(Command::shell);
  }

  private static Optional<Map<String, String>> env(Node node, NodeReader reader) {
    Optional<MappingNode> map = reader.mapping(node, "env", "write one NAME: value per line under env:");
    if (map.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> env = new LinkedHashMap<>();
    boolean ok = true;
    for (Map.Entry<String, NodeTuple> entry : reader.entries(map.get(), null, "env").entrySet()) {
      if (!ENV_NAME.matcher(entry.getKey()).matches()) {
        reader.error(entry.getValue().getKeyNode(), "environment variable name '" + entry.getKey() + "' is not valid",
            "use letters, digits and '_', not starting with a digit, e.g. BACKUP_DIR");
        ok = false;
        continue;
      }
      Node value = entry.getValue().getValueNode();
      Optional<String> text = value instanceof ScalarNode scalar && value.getTag() == Tag.NULL
          ? Optional.of("") : reader.string(value, "env " + entry.getKey(), "write a text value, quoted if in doubt");
      ok &= text.isPresent();
      text.ifPresent(t -> env.put(entry.getKey(), t));
    }
    return ok && env.size() == map.get().getValue().size() ? Optional.of(env) : Optional.empty();
  }

  private static Optional<RetryPolicy> retry(Node node, NodeReader reader) {
    Optional<MappingNode> map = reader.mapping(node, "retry",
        "write retry as a map, e.g. {attempts: 3, backoff: 30s, max-backoff: 10m}");
    if (map.isEmpty()) {
      return Optional.empty();
    }
    Map<String, NodeTuple> fields = reader.entries(map.get(), RETRY_KEYS, "retry");
    Optional<Integer> attempts = fields.containsKey("attempts")
        ? reader.integer(value(fields, "attempts"), "retry attempts", 1, 100) : Optional.of(RetryPolicy.DEFAULT_ATTEMPTS);
    Optional<Duration> backoff = fields.containsKey("backoff")
        ? reader.duration(value(fields, "backoff"), "retry backoff", true) : Optional.of(RetryPolicy.DEFAULT_BACKOFF);
    Optional<Duration> max = fields.containsKey("max-backoff")
        ? reader.duration(value(fields, "max-backoff"), "retry max-backoff", true) : Optional.of(RetryPolicy.DEFAULT_MAX_BACKOFF);
    if (attempts.isEmpty() || backoff.isEmpty() || max.isEmpty() || fields.size() != map.get().getValue().size()) {
      return Optional.empty();
    }
    if (max.get().compareTo(backoff.get()) < 0) {
      reader.error(value(fields, "max-backoff"), "retry max-backoff is shorter than backoff",
          "make max-backoff at least " + DurationText.format(backoff.get()));
      return Optional.empty();
    }
    return Optional.of(new RetryPolicy(attempts.get(), backoff.get(), max.get()));
  }

  private static Optional<Notify> notify(Node node, NodeReader reader) {
    Optional<MappingNode> map = reader.mapping(node, "notify",
        "write notify as a map, e.g. {webhook: https://hooks.example.com/cron, on: [failure, recovery]}");
    if (map.isEmpty()) {
      return Optional.empty();
    }
    Map<String, NodeTuple> fields = reader.entries(map.get(), NOTIFY_KEYS, "notify");
    boolean ok = fields.size() == map.get().getValue().size();
    Optional<String> webhook = Optional.empty();
    if (fields.containsKey("webhook")) {
      webhook = webhook(value(fields, "webhook"), reader);
      ok &= webhook.isPresent();
    }
    Map<String, String> headers = Map.of();
    if (fields.containsKey("headers") && webhook.isEmpty() && ok) {
      reader.error(fields.get("headers").getKeyNode(), "notify headers go with a webhook; this notify has none",
          "add 'webhook: https://…', or remove headers");
      ok = false;
    } else if (fields.containsKey("headers")) {
      Optional<Map<String, String>> read = HttpCallReader.headers(value(fields, "headers"), "notify", reader);
      ok &= read.isPresent();
      headers = read.orElse(Map.of());
    }
    Optional<Command> command = Optional.empty();
    if (fields.containsKey("command")) {
      command = command(value(fields, "command"), "notify command", reader);
      ok &= command.isPresent();
    }
    Set<Notify.Event> events = Notify.DEFAULT_EVENTS;
    if (fields.containsKey("on")) {
      Node on = value(fields, "on");
      List<Node> items = on instanceof SequenceNode list ? list.getValue() : List.of(on);
      events = EnumSet.noneOf(Notify.Event.class);
      for (Node item : items) {
        Optional<Notify.Event> event = reader.oneOf(item, "notify on", EVENTS);
        ok &= event.isPresent();
        event.ifPresent(events::add);
      }
    }
    if (ok && webhook.isEmpty() && command.isEmpty()) {
      reader.error(node, "notify has neither a webhook nor a command", "add 'webhook: https://…' or 'command: …'");
      return Optional.empty();
    }
    return ok ? Optional.of(new Notify(webhook, headers, command, Set.copyOf(events))) : Optional.empty();
  }

  /** The URL as written: {@code ${NAME}} placeholders are filled in when a notice is sent. */
  private static Optional<String> webhook(Node node, NodeReader reader) {
    String hint = "write an http:// or https:// URL, e.g. https://hooks.example.com/cron/${HOOK_TOKEN}";
    Optional<String> text = reader.string(node, "notify webhook", hint);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> placeholder = Placeholders.problem(text.get());
    if (placeholder.isPresent()) {
      reader.error(node, "notify webhook: " + placeholder.get(), "write ${NAME} for a variable of the node's environment");
      return Optional.empty();
    }
    try {
      URI uri = new URI(Placeholders.sample(text.get()));
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return text;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    // The URL may hold a token in its user info or query: show only the part that does not.
    reader.error(node, "notify webhook '" + HttpCall.target(text.get()) + "' is not an http(s) URL", hint);
    return Optional.empty();
  }

  private static Node value(Map<String, NodeTuple> fields, String key) {
    return fields.get(key).getValueNode();
  }

  private static String suggestName(String name) {
    String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+", "");
    return cleaned.isEmpty() ? "nightly-backup" : cleaned.substring(0, Math.min(63, cleaned.length()));
  }

  private static <E extends Enum<E>> Map<String, E> words(E[] values) {
    Map<String, E> words = new LinkedHashMap<>();
    for (E value : values) {
      words.put(value.name().toLowerCase(Locale.ROOT).replace('_', '-'), value);
    }
    return words;
  }
}
