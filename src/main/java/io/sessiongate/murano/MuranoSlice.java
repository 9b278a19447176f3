package io.sessiongate.murano;

import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.slice.ContractSlice;
import io.sessiongate.core.slice.SliceContext;

import java.util.List;

/** The Murano API with its session verticle, and the Keystone tokens its clients log in with. */
public final class MuranoSlice extends ContractSlice {
  @Override
  protected List<ApiSlice> build(SliceContext context) {
    return List.of(new MuranoApi(context.config(), context.identity(), context.storage()),
      new KeystoneApi(context.config(), context.identity()));
  }
}
