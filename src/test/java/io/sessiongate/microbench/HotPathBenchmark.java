package io.sessiongate.microbench;

import io.sessiongate.core.auth.Authenticator;
import io.sessiongate.core.auth.PasswordCheck;
import io.sessiongate.core.auth.PasswordHasher;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.auth.RevocationRegistry;
import io.sessiongate.core.auth.RevocationStore;
import io.sessiongate.core.auth.TokenService;
import io.sessiongate.core.auth.User;
import io.sessiongate.core.auth.UserStore;
import io.sessiongate.core.storage.Storage;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The functions every request pays for: token validation (cache hit, and the HS256 verify a miss costs),
 * contract validation of a Symphony create body (a validator built once, as the gateway does, and one built
 * per call, as vertx-openapi's RequestValidator does), and the device proxy's link rewriting.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
public class HotPathBenchmark {
  private Vertx vertx;
  private Authenticator authenticator;
  private TokenService tokens;
  private String token;
  private OpenAPIContract contract;
  private JsonSchema bodySchema;
  private Validator cachedValidator;
  private JsonObject symphonyBody;
  private Buffer systemJson;
  private io.sessiongate.deviceproxy.bmc.LinkRewriterProbe rewriter;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    vertx = Vertx.vertx();
    tokens = new TokenService(vertx, "bWljcm9iZW5jaG1hcmsta2V5LW1pY3JvYmVuY2htYXJrLWtleQ==", 3600,
      java.time.Clock.systemUTC());
    RevocationRegistry revocations = new RevocationRegistry(RevocationStore.create(vertx, Storage.inProcess()), 86_400_000,
      java.time.Clock.systemUTC());
    PasswordCheck passwords = new PasswordCheck(vertx, UserStore.create(Storage.inProcess()), new PasswordHasher(),
      revocations, 1, 16, 60, java.time.Clock.systemUTC());
    authenticator = new Authenticator(tokens, revocations, passwords, 100_000, java.time.Clock.systemUTC());
    User user = new User("bench", "00000000-0000-0000-0000-000000000001", "t", User.AccountKind.USER, "x",
      Set.of("operator"), Set.of(), true, new JsonObject(), 0, 0, 0);
    token = tokens.issue(user, "sid", 3600).token();
    authenticator.token(token).toCompletionStage().toCompletableFuture().get();
    contract = OpenAPIContract.from(vertx, "openapi/symphony.yaml").toCompletionStage().toCompletableFuture().get();
    bodySchema = contract.operation("createWorkloadSession").getRequestBody().getContent().get("application/json").getSchema();
    cachedValidator = contract.getSchemaRepository().validator(bodySchema);
    symphonyBody = new JsonObject()
      .put("sessionName", "My Session").put("sessionType", "type").put("sessionTag", "tag").put("sessionPriority", 10)
      .put("serviceName", "My Service").put("enableDataCompression", true).put("dataCompressionThreshold", 32)
      .put("dataCompressionFlags", "BestSpeed").put("preemptive", false)
      .put("serviceToSlotRatio", new JsonObject().put("numServices", 1).put("numSlots", 2))
      .put("resourceGroupFilter", "filter").put("preemptionRank", 10).put("sessionMetaData", "meta-data")
      .put("policyTagPath", "tag-path").put("taskDispatchOrder", "TaskDispatchOrderDefault")
      .put("sessionTimeout", 10).put("taskTimeout", 10).put("minServices", 10).put("maxServices", 10)
      .put("sessionTTLInMinutes", 60);
    systemJson = new JsonObject().put("@odata.id", "/redfish/v1/Systems/1").put("Name", "System")
      .put("Links", new JsonObject().put("Chassis", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("@odata.id", "/redfish/v1/Chassis/1")))).toBuffer();
    rewriter = new io.sessiongate.deviceproxy.bmc.LinkRewriterProbe("/bmc/b1", "https://10.0.0.5");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    vertx.close();
  }

  @Benchmark
  public Principal tokenValidationCacheHit() {
    return authenticator.token(token).result();
  }

  @Benchmark
  public Principal tokenVerifyHs256() throws Exception {
    return tokens.verify(token).result();
  }

  @Benchmark
  public Object contractValidationCachedValidator() {
    return cachedValidator.validate(symphonyBody);
  }

  @Benchmark
  public Object contractValidationValidatorPerCall() {
    return contract.getSchemaRepository().validator(bodySchema).validate(symphonyBody);
  }

  @Benchmark
  public Buffer linkRewriting() {
    return rewriter.body(systemJson.copy());
  }

  /** The rewrite before it streamed (parse into a tree, serialise again), for comparison. */
  @Benchmark
  public Buffer linkRewritingTree() {
    return rewriter.treeBody(systemJson.copy());
  }
}
