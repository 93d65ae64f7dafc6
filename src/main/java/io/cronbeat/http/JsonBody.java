package io.cronbeat.http;

import io.cronbeat.text.DidYouMean;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request's JSON body, read up to a size cap, its fields read one by one so that every
 * refusal names the field and says what to write: {@code `retries`: must be a whole number}.
 */
final class JsonBody {

  /** Bodies beyond this are refused with 413: a submit is a command line, not a payload. */
  static final int MAX_BYTES = 64 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JsonNode root;

  private JsonBody(JsonNode root) {
    this.root = root;
  }

  /**
   * Reads the body; an empty one is an empty object.
   *
   * @param fields the keys this route takes: any other is refused, with the nearest as a suggestion
   */
  static JsonBody read(InputStream in, Set<String> fields) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new ApiError(413, "the body is larger than " + MAX_BYTES / 1024 + " KB; a run's request is a command line,"
          + " its environment and its options", null);
    }
    if (bytes.length == 0) {
      return new JsonBody(JSON.createObjectNode());
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw ApiError.badRequest(null, "the body is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw ApiError.badRequest(null, "the body must be a JSON object, e.g. {\"command\": [\"echo\", \"hi\"]}");
    }
    for (String name : root.propertyNames()) {
      if (!fields.contains(name)) {
        throw ApiError.badRequest(name, "`" + name + "` is not a field of this request"
            + DidYouMean.closest(name, fields).map(s -> ": did you mean `" + s + "`?").orElse("")
            + " (the fields are: " + String.join(", ", new TreeSet<>(fields)) + ")");
      }
    }
    return new JsonBody(root);
  }

  /** A string field, or null when absent or null. */
  String text(String field) {
    JsonNode value = present(field);
    if (value == null) {
      return null;
    }
    if (!value.isString()) {
      throw ApiError.badRequest(field, "`" + field + "`: must be a string, not " + value);
    }
    return value.asString();
  }

  /** A whole-number field, or null. */
  Integer integer(String field) {
    JsonNode value = present(field);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw ApiError.badRequest(field, "`" + field + "`: must be a whole number, not " + value);
    }
    return value.asInt();
  }

  /** A true/false field, or null. */
  Boolean bool(String field) {
    JsonNode value = present(field);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      throw ApiError.badRequest(field, "`" + field + "`: must be true or false, not " + value);
    }
    return value.asBoolean();
  }

  /** A list of strings, or null. */
  List<String> strings(String field) {
    JsonNode value = present(field);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      throw ApiError.badRequest(field, "`" + field + "`: must be a list of strings, e.g. [\"send-mail\", \"--to\", \"ops\"]");
    }
    List<String> items = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isString()) {
        throw ApiError.badRequest(field, "`" + field + "`: item " + (items.size() + 1) + " must be a string, not " + item);
      }
      items.add(item.asString());
    }
    return items;
  }

  /** An object of string values, or null. */
  Map<String, String> stringMap(String field) {
    JsonNode value = present(field);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      throw ApiError.badRequest(field, "`" + field + "`: must be an object of strings, e.g. {\"TARGET\": \"/mnt/b\"}");
    }
    Map<String, String> entries = new LinkedHashMap<>();
    for (String name : value.propertyNames()) {
      JsonNode item = value.get(name);
      if (!item.isString()) {
        // The value is left out of the message: environment values are often secrets.
        throw ApiError.badRequest(field, "`" + field + "`: the value of " + name + " must be a string");
      }
      entries.put(name, item.asString());
    }
    return entries;
  }

  private JsonNode present(String field) {
    JsonNode value = root.get(field);
    return value == null || value.isNull() ? null : value;
  }
}
