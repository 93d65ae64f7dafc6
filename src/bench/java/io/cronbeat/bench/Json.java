package io.cronbeat.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** results.json: the document as Jackson writes it, and the rows' objects built in field order. */
final class Json {

  private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private Json() {}

  static String of(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /** An object from alternating names and values, in that order; doubles to three decimals. */
  static Map<String, Object> object(Object... namesAndValues) {
    Map<String, Object> object = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      Object value = namesAndValues[i + 1];
      object.put((String) namesAndValues[i], value instanceof Double d ? Math.round(d * 1000) / 1000.0 : value);
    }
    return object;
  }
}
