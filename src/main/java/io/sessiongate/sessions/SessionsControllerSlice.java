package io.sessiongate.sessions;

import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.slice.ContractSlice;
import io.sessiongate.core.slice.SliceContext;

import java.util.List;

/** The sessions controller API and its session verticle. */
public final class SessionsControllerSlice extends ContractSlice {
  @Override
  protected List<ApiSlice> build(SliceContext context) {
    return List.of(new SessionsControllerApi(context.config(), context.storage(), context.identity()));
  }
}
