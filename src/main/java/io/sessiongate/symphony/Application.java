package io.sessiongate.symphony;

import java.util.List;

/** A registered application and the clusters that serve it, in configuration order (the first is the default). */
public record Application(String name, List<String> clusters) {
  public Application {
    clusters = List.copyOf(clusters);
  }
}
