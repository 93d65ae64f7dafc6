package io.cronbeat.view;

import io.cronbeat.job.After;
import java.util.List;
import java.util.Locale;

/**
 * A job's {@code after:} as {@code list --json}, {@code graph --json} and the API show it.
 *
 * @param need {@code any} (one run per counting upstream run) or {@code all} (one once every upstream job has one)
 * @param on which upstream ends count: {@code success}, {@code failure} or {@code finished}
 * @param jobs the upstream jobs
 */
public record AfterView(String need, String on, List<String> jobs) {

  public static AfterView of(After after) {
    return after == null ? null
        : new AfterView(after.need().name().toLowerCase(Locale.ROOT), after.on().word(), after.jobs());
  }
}
