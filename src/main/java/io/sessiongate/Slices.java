package io.sessiongate;

import io.sessiongate.admin.AdminApi;
import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.http.ApiSlice;

import java.util.List;

/** The APIs this gateway serves. */
final class Slices {
  private Slices() {
  }

  static List<ApiSlice> all(Identity identity) {
    return List.of(new AdminApi(identity));
  }
}
