import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Heap per active Redfish session in the in-process store, at the given session counts: sessions are
 * inserted through the store's own interface (as the session verticle does), then the heap is measured
 * after full GCs. Run: java -Xmx4g -cp target/sessiongate.jar bench/HeapPerSession.java 100000 1000000
 * Prints one JSON object.
 */
public class HeapPerSession {
  public static void main(String[] args) throws Exception {
    Class<?> storeClass = Class.forName("io.sessiongate.redfish.InMemoryRedfishSessionStore");
    Class<?> sessionClass = Class.forName("io.sessiongate.redfish.RedfishSession");
    Constructor<?> storeConstructor = storeClass.getDeclaredConstructor();
    storeConstructor.setAccessible(true);
    Method insert = storeClass.getMethod("insert", sessionClass);
    insert.setAccessible(true);
    Constructor<?> sessionConstructor = sessionClass.getDeclaredConstructors()[0];
    SecureRandom random = new SecureRandom();
    HexFormat hex = HexFormat.of();
    Set<String> roles = Set.of("operator");
    Set<String> privileges = Set.of();
    StringBuilder json = new StringBuilder("{");
    for (int a = 0; a < args.length; a++) {
      int count = Integer.parseInt(args[a]);
      Object store = storeConstructor.newInstance();
      long before = usedAfterGc();
      long now = System.currentTimeMillis();
      for (int i = 0; i < count; i++) {
        byte[] id = new byte[24];
        byte[] token = new byte[32];
        random.nextBytes(id);
        random.nextBytes(token);
        // Users and addresses repeat across sessions in real fleets; ids and token hashes never do.
        Object session = sessionConstructor.newInstance(hex.formatHex(id), hex.formatHex(token), "user" + (i % 1000),
          "tenant" + (i % 10), roles, privileges, null, "10.0." + (i % 250) + "." + (i % 200), now, now);
        insert.invoke(store, session);
      }
      long after = usedAfterGc();
      double perSession = (after - before) / (double) count;
      json.append(a == 0 ? "" : ",").append("\"").append(count).append("\":").append(String.format("%.1f", perSession));
      System.err.printf("%,d sessions: %.1f bytes each (heap %,d -> %,d)%n", count, perSession, before, after);
      store.hashCode();
    }
    System.out.println(json.append("}"));
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    var memory = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return memory.getUsed();
  }
}
