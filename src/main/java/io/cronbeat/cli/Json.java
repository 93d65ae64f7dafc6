package io.cronbeat.cli;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code --json} output: one JSON document per command, indented. */
final class Json {

  private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private Json() {}

  static String of(Object value) {
    return MAPPER.writeValueAsString(value);
  }
}
