package io.sessiongate.murano;

class InMemoryTemplateStoreTest extends TemplateStoreContract {
  private final TemplateStore store = new InMemoryTemplateStore();

  @Override
  TemplateStore store() {
    return store;
  }
}
