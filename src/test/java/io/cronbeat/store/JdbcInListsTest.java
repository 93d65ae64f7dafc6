package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JdbcInListsTest {

  @Test
  void valuesAreAskedForInPartsOfAtMostFiveHundredEachWithOneMarkPerValue() {
    List<Integer> values = IntStream.range(0, 1201).boxed().toList();
    List<List<Integer>> parts = new ArrayList<>();
    List<Integer> marks = new ArrayList<>();

    Jdbc.inLists(values, (part, list) -> {
      parts.add(List.copyOf(part));
      marks.add(list.split(", ").length);
    });

    assertThat(parts).extracting(List::size).containsExactly(500, 500, 201);
    assertThat(marks).containsExactly(500, 500, 201);
    assertThat(parts.stream().flatMap(List::stream)).containsExactlyElementsOf(values);
  }

  @Test
  void noValuesAskNothing() {
    List<String> asked = new ArrayList<>();

    Jdbc.inLists(List.<String>of(), (part, list) -> asked.add(list));

    assertThat(asked).isEmpty();
  }
}
