package io.cronbeat.config;

import io.cronbeat.timing.ScheduleException;
import io.cronbeat.timing.Zones;
import io.cronbeat.yaml.Diagnostics;
import io.cronbeat.yaml.NodeReader;
import io.cronbeat.yaml.YamlSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** Reads {@code config/scheduler.yaml} and the {@code CRONBEAT_*} variables over the defaults. */
public final class ConfigLoader {

  public static final Path DEFAULT_FILE = Path.of("config/scheduler.yaml");
  public static final String CONFIG_ENV = "CRONBEAT_CONFIG";
  public static final String SCHEDULES_ENV = "CRONBEAT_SCHEDULES";
  public static final String TIMEZONE_ENV = "CRONBEAT_TIMEZONE";
  private static final Set<String> KEYS = Set.of("schedules", "timezone");

  private final Map<String, String> env;
  private final ZoneId systemZone;

  public ConfigLoader(Map<String, String> env, ZoneId systemZone) {
    this.env = Map.copyOf(env);
    this.systemZone = systemZone;
  }

  /**
   * @param file {@code --config}, or null: then {@code CRONBEAT_CONFIG}, else the default file if it exists
   */
  public CronbeatConfig load(Path file) {
    Diagnostics diagnostics = new Diagnostics();
    Path path = file != null ? file : Optional.ofNullable(env.get(CONFIG_ENV)).filter(s -> !s.isBlank()).map(Path::of).orElse(null);
    CronbeatConfig config = new CronbeatConfig(CronbeatConfig.DEFAULT_SCHEDULES, systemZone);
    if (path != null || Files.exists(DEFAULT_FILE)) {
      config = readFile(path != null ? path : DEFAULT_FILE, config, diagnostics);
    }
    config = applyEnvironment(config, diagnostics);
    if (!diagnostics.isEmpty()) {
      throw new ConfigException(diagnostics.all());
    }
    return config;
  }

  private CronbeatConfig readFile(Path path, CronbeatConfig config, Diagnostics diagnostics) {
    String shown = path.toString();
    Optional<MappingNode> root = YamlSource.read(path, shown, null, diagnostics);
    if (root.isEmpty()) {
      return config;
    }
    NodeReader reader = new NodeReader(shown, diagnostics);
    Map<String, NodeTuple> entries = reader.entries(root.get(), KEYS, "the configuration");
    if (entries.containsKey("schedules")) {
      Optional<String> dir = reader.string(entries.get("schedules").getValueNode(), "schedules", "write a directory, e.g. schedules");
      if (dir.isPresent()) {
        config = config.withSchedules(Path.of(dir.get()));
      }
    }
    if (entries.containsKey("timezone")) {
      Node node = entries.get("timezone").getValueNode();
      Optional<String> zone = reader.string(node, "timezone", "write an IANA zone name such as 'Europe/Berlin'");
      if (zone.isPresent()) {
        try {
          config = new CronbeatConfig(config.schedules(), Zones.parse(zone.get()));
        } catch (ScheduleException e) {
          reader.error(node, e.getMessage(), e.hint());
        }
      }
    }
    return config;
  }

  private CronbeatConfig applyEnvironment(CronbeatConfig config, Diagnostics diagnostics) {
    String schedules = env.get(SCHEDULES_ENV);
    if (schedules != null && !schedules.isBlank()) {
      config = config.withSchedules(Path.of(schedules));
    }
    String zone = env.get(TIMEZONE_ENV);
    if (zone != null && !zone.isBlank()) {
      try {
        config = new CronbeatConfig(config.schedules(), Zones.parse(zone));
      } catch (ScheduleException e) {
        diagnostics.add("$" + TIMEZONE_ENV, 1, 1, e.getMessage(), e.hint());
      }
    }
    return config;
  }
}
