package io.cronbeat.node;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back when anything under the schedules directory changes, once per burst of changes
 * (editors write a file in several steps).
 */
final class ScheduleWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ScheduleWatcher.class);

  private final Path directory;
  private final Duration debounce;
  private final Runnable onChange;
  private final WatchService watcher;
  private final Thread thread;

  ScheduleWatcher(Path directory, Duration debounce, Runnable onChange) throws IOException {
    this.directory = directory;
    this.debounce = debounce;
    this.onChange = onChange;
    this.watcher = FileSystems.getDefault().newWatchService();
    registerAll();
    this.thread = new Thread(this::watch, "cronbeat-watcher");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void registerAll() throws IOException {
    try (Stream<Path> dirs = Files.walk(directory)) {
      for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      }
    }
  }

  private void watch() {
    try {
      while (true) {
        WatchKey first = watcher.take();
        first.pollEvents();
        first.reset();
        // Swallow the rest of the burst, then act once.
        WatchKey more;
        while ((more = watcher.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
          more.pollEvents();
          more.reset();
        }
        registerAll(); // new subdirectories
        onChange.run();
      }
    } catch (InterruptedException | ClosedWatchServiceException stopped) {
      // closing
    } catch (IOException | RuntimeException e) {
      log.error("watching {} stopped: {}; send SIGHUP to reload", directory, e.getMessage());
    }
  }

  /** Closing the watch service ends the thread; a reload under way finishes first. */
  @Override
  public void close() throws IOException {
    watcher.close();
  }
}
