package io.sessiongate.core.ops;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ByStatusTest {
  @Test
  void eachStatusIsMadeOnceAndFoundAgainInAndOutOfTheHttpRange() throws InterruptedException {
    AtomicInteger made = new AtomicInteger();
    ByStatus<String> meters = new ByStatus<>(code -> {
      made.incrementAndGet();
      return "meters of " + code;
    });
    int[] statuses = {0, 100, 204, 404, 599, 600, 999, -1};
    ConcurrentHashMap<Integer, String> seen = new ConcurrentHashMap<>();
    List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 10_000; i++) {
          int status = statuses[i % statuses.length];
          String found = meters.get(status);
          String first = seen.putIfAbsent(status, found);
          if (!found.equals("meters of " + status) || (first != null && first != found)) {
            wrong.add(status + " -> " + found);
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(List.of(), wrong, "statuses answered by another status's meters or by two objects");
    assertEquals(statuses.length, made.get());
    assertEquals(statuses.length, seen.size());
  }
}
