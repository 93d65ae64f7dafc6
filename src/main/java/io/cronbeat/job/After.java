package io.cronbeat.job;

import java.util.List;
import java.util.Locale;

/**
 * A chain: the job runs after other jobs' runs end (its {@code after:}).
 *
 * @param need {@code ANY}: one downstream run per upstream run that ends as {@code on} says;
 *     {@code ALL}: one downstream run once every upstream has such a run since the last one
 * @param jobs the upstream jobs, in the order written
 */
public record After(Need need, On on, List<String> jobs) {

  public After {
    jobs = List.copyOf(jobs);
  }

  /** How several upstream jobs combine. A single {@code job:} is {@code ANY} of one. */
  public enum Need { ALL, ANY }

  /** Which final states of an upstream run count. */
  public enum On {
    /** SUCCEEDED. */
    SUCCESS,
    /** FAILED or TIMED_OUT, once its retries are used up. */
    FAILURE,
    /** Any of the three: the run ran and is over. */
    FINISHED;

    /** Whether an upstream run that ended in this state (a RunState name) counts. */
    public boolean matches(String state) {
      return switch (this) {
        case SUCCESS -> state.equals("SUCCEEDED");
        case FAILURE -> state.equals("FAILED") || state.equals("TIMED_OUT");
        case FINISHED -> state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("TIMED_OUT");
      };
    }

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The edge as people read it: {@code backup (success)}, {@code all of a, b (finished)}. */
  public String describe() {
    String upstream = jobs.size() == 1 ? jobs.get(0) : need.name().toLowerCase(Locale.ROOT) + " of " + String.join(", ", jobs);
    return upstream + " (" + on.word() + ")";
  }
}
