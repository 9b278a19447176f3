package io.sessiongate.deviceproxy.bmc;

import io.vertx.core.buffer.Buffer;

/** Gives the microbenchmarks (another package) access to the package-private {@link LinkRewriter}. */
public final class LinkRewriterProbe {
  private final LinkRewriter rewriter;

  public LinkRewriterProbe(String prefix, String origin) {
    this.rewriter = new LinkRewriter(prefix, origin);
  }

  public Buffer body(Buffer json) {
    return rewriter.body(json, "application/json");
  }

  /** The rewrite as it was before it streamed: a tree parsed and serialised again (still the service root's). */
  public Buffer treeBody(Buffer json) {
    return rewriter.treeBody(json);
  }
}
