package io.cronbeat.dispatch;

/**
 * How a request names its fields in error messages: the CLI's options ({@code --in '5x' is not
 * a duration}) or the API's JSON keys ({@code `in`: '5x' is not a duration}). The rules are the
 * same; only the words differ.
 */
public enum RequestForm {
  CLI {
    @Override
    public String name(String field) {
      return "--" + field;
    }

    @Override
    public String label(String field) {
      return "--" + field;
    }
  },
  API {
    @Override
    public String name(String field) {
      return "`" + field + "`";
    }

    @Override
    public String label(String field) {
      return "`" + field + "`:";
    }
  };

  /** The field inside a sentence: {@code --in}, {@code `in`}. */
  public abstract String name(String field);

  /** The field at the start of a message, before what is wrong with it. */
  public abstract String label(String field);
}
