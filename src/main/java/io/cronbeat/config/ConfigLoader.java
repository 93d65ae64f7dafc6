package io.cronbeat.config;

import io.cronbeat.job.ConcurrencyGroup;
import io.cronbeat.job.NodeSelector;
import io.cronbeat.text.DidYouMean;
import io.cronbeat.text.DurationText;
import io.cronbeat.timing.CronDialect;
import io.cronbeat.timing.ScheduleException;
import io.cronbeat.timing.Zones;
import io.cronbeat.yaml.Diagnostics;
import io.cronbeat.yaml.YamlSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads {@code config/scheduler.yaml} and the {@code CRONBEAT_*} variables over the defaults. */
public final class ConfigLoader {

  public static final Path DEFAULT_FILE = Path.of("config/scheduler.yaml");
  public static final String CONFIG_ENV = "CRONBEAT_CONFIG";
  /**
   * The installation directory (the one above {@code bin/}); {@code bin/scheduler} sets it, so
   * that a command run from any directory finds the node's configuration, jobs and store.
   */
  public static final String HOME_ENV = "CRONBEAT_HOME";

  private final Map<String, String> env;
  private final ZoneId systemZone;
  private final Optional<Path> home;

  public ConfigLoader(Map<String, String> env, ZoneId systemZone) {
    this.env = Map.copyOf(env);
    this.systemZone = systemZone;
    this.home = Optional.ofNullable(env.get(HOME_ENV)).filter(s -> !s.isBlank())
        .map(s -> Path.of(s).toAbsolutePath().normalize());
  }

  /** A value as written, and where, for messages. */
  private record Raw(String text, String file, int line, int column) {}

  /**
   * @param file {@code --config}, or null: then {@code CRONBEAT_CONFIG}, else the default file if it exists
   */
  public CronbeatConfig load(Path file) {
    Diagnostics diagnostics = new Diagnostics();
    Path path = file != null ? file
        : Optional.ofNullable(env.get(CONFIG_ENV)).filter(s -> !s.isBlank()).map(Path::of).orElse(null);
    Map<Setting<?>, Raw> raw = new HashMap<>();
    Path defaultFile = home.map(h -> h.resolve(DEFAULT_FILE)).orElse(DEFAULT_FILE);
    if (path != null || Files.exists(defaultFile)) {
      Path read = path != null ? path : defaultFile;
      YamlSource.read(read, read.toString(), null, diagnostics)
          .ifPresent(root -> readMap(root, "", read.toString(), raw, diagnostics));
    }
    for (Setting<?> setting : Setting.ALL) {
      String value = env.get(setting.env);
      if (value != null && !value.isBlank()) {
        raw.put(setting, new Raw(value, "$" + setting.env, 1, 1));
      }
    }
    Values values = new Values(raw, diagnostics, home);
    CronbeatConfig config = new CronbeatConfig(
        values.path(Setting.SCHEDULES),
        values.zone(Setting.TIMEZONE).orElse(systemZone),
        values.path(Setting.DATA_DIR),
        new CronbeatConfig.Store(Optional.of(values.text(Setting.STORE_URL)).filter(s -> !s.isBlank()),
            values.text(Setting.STORE_USER), values.text(Setting.STORE_PASSWORD), values.count(Setting.STORE_POOL_SIZE, 2, 200),
            values.durationOrZero(Setting.STORE_WAIT_AT_START)),
        new CronbeatConfig.Node(values.count(Setting.EXECUTOR_THREADS, 1, 1000), values.duration(Setting.NODE_HEARTBEAT),
            values.duration(Setting.NODE_LEASE), values.duration(Setting.NODE_POLL), values.duration(Setting.NODE_SHUTDOWN_GRACE),
            values.duration(Setting.NODE_MISFIRE_AFTER), values.duration(Setting.NODE_KILL_GRACE),
            values.duration(Setting.NODE_RECOVERY_MARGIN)),
        new CronbeatConfig.Limits(values.count(Setting.CATCH_UP_MAX_RUNS, 1, 100_000),
            values.count(Setting.OUTPUT_MAX_BYTES, 1024, Integer.MAX_VALUE), values.count(Setting.OUTPUT_TAIL_LINES, 0, 1000),
            values.count(Setting.HISTORY_MAX_RUNS, 1, Integer.MAX_VALUE), values.duration(Setting.HISTORY_MAX_AGE)),
        new CronbeatConfig.Http(values.count(Setting.HTTP_PORT, 0, 65535), values.address(Setting.HTTP_BIND),
            values.token(Setting.HTTP_TOKEN), values.list(Setting.HTTP_HOSTS), values.url(Setting.HTTP_PUBLIC_URL),
            values.count(Setting.HTTP_QUEUE_LIMIT, 1, Integer.MAX_VALUE), values.metricsAccess(Setting.HTTP_METRICS_ACCESS)),
        values.dialect(Setting.CRON_DIALECT),
        new CronbeatConfig.Jobs(values.durationOrOff(Setting.JOBS_EXPECT)),
        new CronbeatConfig.Log(values.flag(Setting.LOG_JOB_OUTPUT)),
        new CronbeatConfig.Cluster(values.labels(Setting.NODE_LABELS), values.groups(Setting.CONCURRENCY_GROUPS)));
    if (config.node().lease().compareTo(config.node().heartbeat().multipliedBy(2)) < 0) {
      Raw lease = raw.getOrDefault(Setting.NODE_LEASE, new Raw("", "$" + Setting.NODE_LEASE.env, 1, 1));
      diagnostics.add(lease.file(), lease.line(), lease.column(), "node.lease must be at least twice node.heartbeat",
          "a node renews its lease every heartbeat; give it room for one missed beat, e.g. heartbeat 5s, lease 30s");
    }
    if (config.node().recoveryMargin().compareTo(config.node().killGrace().plusSeconds(1)) < 0) {
      Raw margin = raw.getOrDefault(Setting.NODE_RECOVERY_MARGIN, new Raw("", "$" + Setting.NODE_RECOVERY_MARGIN.env, 1, 1));
      diagnostics.add(margin.file(), margin.line(), margin.column(),
          "node.recovery-margin must be at least node.kill-grace + 1s",
          "a node whose lease ran out needs up to node.kill-grace to stop its attempt before a peer starts the next one");
    }
    if (!diagnostics.isEmpty()) {
      throw new ConfigException(diagnostics.all());
    }
    return config;
  }

  private static void readMap(MappingNode map, String prefix, String file, Map<Setting<?>, Raw> raw,
      Diagnostics diagnostics) {
    for (NodeTuple tuple : map.getValue()) {
      Node keyNode = tuple.getKeyNode();
      String key = prefix + (keyNode instanceof ScalarNode scalar ? scalar.getValue() : "?");
      Node value = tuple.getValueNode();
      Optional<Setting<?>> setting = Setting.ALL.stream().filter(s -> s.key.equals(key)).findFirst();
      boolean section = Setting.keys().stream().anyMatch(k -> k.startsWith(key + "."));
      if (setting.isPresent() && setting.get().pairs && value instanceof MappingNode pairs) {
        pairs(pairs, key, file, diagnostics).ifPresent(text -> raw.put(setting.get(),
            new Raw(text, file, value.getStartMark().getLine() + 1, value.getStartMark().getColumn() + 1)));
      } else if (setting.isPresent() && value instanceof ScalarNode scalar) {
        String text = value.getTag() == Tag.NULL ? "" : scalar.getValue();
        raw.put(setting.get(), new Raw(text, file, value.getStartMark().getLine() + 1, value.getStartMark().getColumn() + 1));
      } else if (section && value instanceof MappingNode nested) {
        readMap(nested, key + ".", file, raw, diagnostics);
      } else if (setting.isPresent() || section) {
        diagnostics.at(file, value, key + " must be " + (section ? "a map of settings" : "a single value"),
            "see the README's Configuration table");
      } else {
        String suggestion = DidYouMean.closest(key, Setting.keys()).map(s -> ": did you mean '" + s + "'?").orElse("");
        diagnostics.at(file, keyNode, "unknown setting '" + key + "'" + suggestion,
            "the settings are: " + String.join(", ", Setting.keys()));
      }
    }
  }

  /** A map of plain values as {@code name=value,...}: the form the environment variable takes. */
  private static Optional<String> pairs(MappingNode map, String key, String file, Diagnostics diagnostics) {
    List<String> pairs = new ArrayList<>();
    for (NodeTuple tuple : map.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode name && tuple.getValueNode() instanceof ScalarNode value
          && value.getTag() != Tag.NULL) {
        pairs.add(name.getValue() + "=" + value.getValue());
      } else {
        diagnostics.at(file, tuple.getValueNode(), key + " must map names to single values",
            "write e.g. " + key + ": {" + (key.equals("node.labels") ? "role: backup" : "db-heavy: 2") + "}");
        return Optional.empty();
      }
    }
    return Optional.of(String.join(",", pairs));
  }

  /**
   * Typed reads of the raw values, each problem reported where the value was written. A setting
   * neither the file nor the environment sets is its typed default, which is never parsed; a
   * value that is wrong is reported, and the default stands in so that every other setting is
   * still checked and reported.
   */
  private record Values(Map<Setting<?>, Raw> raw, Diagnostics diagnostics, Optional<Path> home) {

    /** The value as written, or empty when the default applies. */
    private Optional<Raw> get(Setting<?> setting) {
      return Optional.ofNullable(raw.get(setting));
    }

    /**
     * The setting's default when neither the file nor the environment sets it (never parsed, so
     * never reported); else what {@code parse} makes of the value as written.
     */
    private <T> T read(Setting<T> setting, Function<Raw, T> parse) {
      Optional<Raw> written = get(setting);
      return written.isEmpty() ? setting.byDefault : parse.apply(written.get());
    }

    private void error(Raw value, Setting<?> setting, String message, String hint) {
      diagnostics.add(value.file(), value.line(), value.column(), setting.key + ": " + message, hint);
    }

    /**
     * A relative default resolves against the installation; a relative value in a configuration
     * file against the installation when the file is part of it, else against the file's
     * directory; one from the environment against the current directory, as a shell would.
     * Without an installation (Java embedders, tests) the current directory stands for it.
     */
    Path path(Setting<Path> setting) {
      Optional<Raw> written = get(setting);
      Path path = written.filter(w -> !w.text().isBlank()).map(w -> Path.of(w.text())).orElse(setting.byDefault);
      if (path.isAbsolute() || written.isPresent() && written.get().file().startsWith("$")) {
        return path;
      }
      Path installed = home.map(h -> h.resolve(path)).orElse(path);
      if (written.isEmpty()) {
        return installed;
      }
      Raw value = written.get();
      Path file = Path.of(value.file()).toAbsolutePath().normalize();
      return file.startsWith(home.orElse(Path.of("").toAbsolutePath())) ? installed : file.getParent().resolve(path);
    }

    String text(Setting<String> setting) {
      return read(setting, Raw::text);
    }

    Optional<ZoneId> zone(Setting<Optional<ZoneId>> setting) {
      return read(setting, value -> {
        if (value.text().isBlank()) {
          return Optional.empty();
        }
        try {
          return Optional.of(Zones.parse(value.text()));
        } catch (ScheduleException e) {
          error(value, setting, e.getMessage(), e.hint());
          return setting.byDefault;
        }
      });
    }

    int count(Setting<Integer> setting, int min, int max) {
      return read(setting, value -> {
        try {
          int number = Integer.parseInt(value.text().trim());
          if (number >= min && number <= max) {
            return number;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
        error(value, setting, "'" + value.text() + "' is not a whole number from " + min + " to " + max,
            "write e.g. " + setting.key.replaceAll(".*\\.", "") + ": " + setting.byDefault);
        return setting.byDefault;
      });
    }

    /** An IP address or {@code localhost}: the node must not depend on a DNS answer to know where it listens. */
    String address(Setting<String> setting) {
      return read(setting, value -> {
        String text = value.text().strip();
        boolean ipv4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = text.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
        if (text.equalsIgnoreCase("localhost") || ipv4 || ipv6) {
          return text;
        }
        error(value, setting, "'" + text + "' is not an IP address",
            "write 127.0.0.1 (this machine only), 0.0.0.0 (every interface, needs http.token) or one interface's address");
        return setting.byDefault;
      });
    }

    /** quartz or spring: how 6/7-field schedules number the days of the week; empty: jobs must say. */
    Optional<CronDialect> dialect(Setting<Optional<CronDialect>> setting) {
      return read(setting, value -> {
        if (value.text().isBlank()) {
          return Optional.empty();
        }
        Optional<CronDialect> dialect = CronDialect.named(value.text()).filter(d -> d != CronDialect.UNIX);
        if (dialect.isEmpty()) {
          error(value, setting, "'" + value.text() + "' is not a 6-field cron dialect",
              "write quartz (day-of-week 1 = Sunday) or spring (1 = Monday); 5-field schedules are always Unix cron");
        }
        return dialect;
      });
    }

    /** auto, token or open. */
    MetricsAccess metricsAccess(Setting<MetricsAccess> setting) {
      return read(setting, value -> {
        Optional<MetricsAccess> access = MetricsAccess.named(value.text());
        if (access.isEmpty()) {
          error(value, setting, "'" + value.text() + "' is not auto, token or open",
              "write auto (no token on loopback, the token when other machines can reach it), token (always) or open (never)");
        }
        return access.orElse(setting.byDefault);
      });
    }

    /** A secret that is empty or long enough to be one; never echoed in a message. */
    String token(Setting<String> setting) {
      return read(setting, value -> {
        String text = value.text().strip();
        if (!text.isEmpty() && text.length() < CronbeatConfig.Http.TOKEN_MIN_LENGTH) {
          error(value, setting, "the token is " + text.length() + " characters; at least "
              + CronbeatConfig.Http.TOKEN_MIN_LENGTH + " are needed",
              "generate one, e.g. with: head -c 32 /dev/urandom | base64");
        }
        return text;
      });
    }

    /** Comma-separated names, lower case. */
    List<String> list(Setting<List<String>> setting) {
      return read(setting, value -> Arrays.stream(value.text().split(",")).map(String::strip).filter(s -> !s.isEmpty())
          .map(s -> s.toLowerCase(Locale.ROOT)).toList());
    }

    /** A duration, or {@code off} (empty). */
    Optional<Duration> durationOrOff(Setting<Optional<Duration>> setting) {
      return read(setting, value -> {
        if (value.text().trim().equals("off")) {
          return Optional.empty();
        }
        Optional<Duration> parsed = DurationText.parse(value.text()).filter(d -> !d.isZero());
        if (parsed.isEmpty()) {
          error(value, setting, "'" + value.text() + "' is not a duration or off", DurationText.HINT);
        }
        return parsed;
      });
    }

    /** Empty, or an http(s) URL without user info (it goes into every notification). */
    String url(Setting<String> setting) {
      return read(setting, value -> {
        String text = value.text().strip();
        if (text.isEmpty()) {
          return text;
        }
        try {
          URI uri = new URI(text);
          if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
              && uri.getUserInfo() == null && uri.getQuery() == null) {
            return text;
          }
        } catch (URISyntaxException e) {
          // reported below
        }
        // Not echoed: user info would be a password.
        error(value, setting, "not an http(s) URL without user info or query",
            "write the address clients use to reach this node's endpoint, e.g. https://cron.example.com");
        return setting.byDefault;
      });
    }

    /** true or false. */
    boolean flag(Setting<Boolean> setting) {
      return read(setting, value -> {
        String text = value.text().strip();
        if (!text.equals("true") && !text.equals("false")) {
          error(value, setting, "'" + text + "' is not true or false", "write true or false");
        }
        return text.equals("true");
      });
    }

    /** {@code name=value,...} as a map; an empty text is an empty map. */
    private Map<String, String> pairs(Raw value, Setting<?> setting, String example) {
      Map<String, String> pairs = new TreeMap<>();
      for (String pair : value.text().split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        String[] parts = pair.split("=", 2);
        String name = parts[0].strip();
        if (parts.length < 2 || pairs.containsKey(name)) {
          error(value, setting, "'" + pair.strip() + "' is " + (parts.length < 2 ? "not name=value" : "given twice"),
              "write e.g. " + example);
          continue;
        }
        pairs.put(name, parts[1].strip());
      }
      return pairs;
    }

    /** This node's labels: names and values as job selectors write them. */
    Map<String, String> labels(Setting<Map<String, String>> setting) {
      return read(setting, written -> {
        Map<String, String> labels = pairs(written, setting, "host=db1,role=backup");
        labels.forEach((name, value) -> {
          if (!NodeSelector.LABEL_NAME.matcher(name).matches()
              || !NodeSelector.LABEL_VALUE.matcher(value).matches()) {
            error(written, setting, "label '" + name + "=" + value + "' is not allowed",
                "names: letters, digits, '.', '_', '-', '/'; values: letters, digits, '.', '_', '-'; e.g. role=backup");
          }
        });
        return labels;
      });
    }

    /** Concurrency group limits, by group name. */
    Map<String, Integer> groups(Setting<Map<String, Integer>> setting) {
      return read(setting, written -> {
        Map<String, Integer> groups = new TreeMap<>();
        pairs(written, setting, "db-heavy=2,reports=1").forEach((name, limit) -> {
          try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= ConcurrencyGroup.MAX_LIMIT) {
              groups.put(name, value);
              return;
            }
          } catch (NumberFormatException e) {
            // reported below
          }
          error(written, setting, "group " + name + " limit '" + limit + "' is not a whole number from 1 to "
              + ConcurrencyGroup.MAX_LIMIT, "write e.g. " + name + ": 2 (1 makes the group a mutex)");
        });
        return groups;
      });
    }

    /** A duration where 0 (with or without a unit) means "no limit". */
    Duration durationOrZero(Setting<Duration> setting) {
      return read(setting, value -> {
        String text = value.text().trim();
        boolean zero = text.equals("0") || DurationText.parse(text).filter(Duration::isZero).isPresent();
        return zero ? Duration.ZERO : duration(setting);
      });
    }

    Duration duration(Setting<Duration> setting) {
      return read(setting, value -> {
        Optional<Duration> parsed = DurationText.parse(value.text());
        if (parsed.isEmpty() || parsed.get().isZero()) {
          error(value, setting, parsed.isEmpty() ? "'" + value.text() + "' is not a duration" : "must be more than 0",
              DurationText.HINT);
          return setting.byDefault;
        }
        return parsed.get();
      });
    }
  }

}
