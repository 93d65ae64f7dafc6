package io.cronbeat.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.text.DurationText;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The settings' list is whole, and the README's configuration table shows their defaults. */
class SettingTest {

  @Test
  void everySettingIsListedOnceUnderItsOwnKeyAndVariable() throws IllegalAccessException {
    List<Setting<?>> declared = new ArrayList<>();
    for (Field field : Setting.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
        declared.add((Setting<?>) field.get(null));
      }
    }

    assertThat(Setting.ALL).containsExactlyInAnyOrderElementsOf(declared);
    assertThat(Setting.ALL.stream().map(s -> s.key)).doesNotHaveDuplicates();
    assertThat(Setting.ALL.stream().map(s -> s.env)).doesNotHaveDuplicates().allMatch(env -> env.startsWith("CRONBEAT_"));
  }

  /** Defaults that have a written form (the others, such as "the system zone", are said in words). */
  @Test
  void theReadmeTableShowsEachWrittenDefault() throws IOException {
    Map<String, String> readme = new LinkedHashMap<>();
    Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\| `(CRONBEAT_[A-Z_]+)` \\| `([^`]+)`").matcher(
        Files.readString(Path.of("README.md")));
    while (row.find()) {
      readme.put(row.group(1) + " " + row.group(2), row.group(3));
    }
    Map<String, String> written = new LinkedHashMap<>();
    for (Setting<?> setting : Setting.ALL) {
      Object value = setting.byDefault;
      String text = value instanceof Duration duration ? (duration.isZero() ? "0" : DurationText.format(duration))
          : value instanceof MetricsAccess access ? access.word()
          : value instanceof Integer || value instanceof Boolean || value instanceof Path ? value.toString()
          : value instanceof String string && !string.isEmpty() ? string
          : null;
      if (text != null) {
        written.put(setting.key + " " + setting.env, text);
      }
    }

    assertThat(written).hasSizeGreaterThan(20);
    assertThat(readme).containsAllEntriesOf(written);
  }
}
