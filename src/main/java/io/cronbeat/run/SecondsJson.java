package io.cronbeat.run;

import java.time.Duration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * A {@link Duration} in a stored {@link JobSpec} as a whole number of seconds, as every version
 * wrote it: the JSON, and so the job's fingerprint, stays what it was when the fields were longs.
 */
final class SecondsJson {

  private SecondsJson() {}

  static final class Writer extends StdSerializer<Duration> {
    Writer() {
      super(Duration.class);
    }

    @Override
    public void serialize(Duration value, JsonGenerator generator, SerializationContext context) {
      generator.writeNumber(value.getSeconds());
    }
  }

  static final class Reader extends StdDeserializer<Duration> {
    Reader() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context) {
      return Duration.ofSeconds(parser.getValueAsLong());
    }
  }
}
