package io.sessiongate.symphony;

import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.slice.ContractSlice;
import io.sessiongate.core.slice.SliceContext;

import java.util.List;

/** The Symphony REST API and its session verticle. */
public final class SymphonySlice extends ContractSlice {
  @Override
  protected List<ApiSlice> build(SliceContext context) {
    return List.of(new SymphonyApi(context.config(), context.identity(), context.storage()));
  }
}
