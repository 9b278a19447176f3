package io.sessiongate.core.slice;

import io.sessiongate.core.http.ApiSlice;

import java.util.List;

/** A slice that is contract-bound APIs and the session verticles they declare (the API slices). */
public abstract class ContractSlice implements Slice {
  private List<ApiSlice> apis = List.of();

  /** Builds the slice's APIs; called once, from {@link #mount}. */
  protected abstract List<ApiSlice> build(SliceContext context);

  @Override
  public final void mount(SliceContext context) {
    apis = List.copyOf(build(context));
  }

  @Override
  public final List<ApiSlice> apis() {
    return apis;
  }

  @Override
  public final List<SliceVerticle> verticles() {
    return apis.stream().flatMap(api -> api.sessionVerticles().stream()).map(SliceVerticle::of).toList();
  }
}
