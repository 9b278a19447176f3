package io.sessiongate.core.http;

import io.sessiongate.core.api.ErrorFormat;
/**
 * Where and how an API is served: its name (logs, metrics), the classpath location of its OpenAPI contract,
 * the path prefix its contract's paths are relative to ("" for the root), the prefix whose unmatched
 * requests get this API's 404/405 (the mount path unless said otherwise), and its error format.
 */
public record SliceMount(String name, String contract, String mountPath, String ownedPrefix, ErrorFormat errorFormat) {
  public static SliceMount of(String name, String contract, String mountPath, ErrorFormat errorFormat) {
    return new SliceMount(name, contract, mountPath, mountPath, errorFormat);
  }

  public SliceMount owning(String prefix) {
    return new SliceMount(name, contract, mountPath, prefix, errorFormat);
  }
}
