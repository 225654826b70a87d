package dev.cabledger.server;

import dev.cabledger.server.storage.Backend;
import java.util.EnumMap;
import java.util.Map;

/**
 * A service per backend whose log batches wait long for company ({@code cab.max-batch-delay} of 500
 * ms), so that requests sent at once are appended in one batch: where entries are checked before
 * any of them is written, and must still not both pass. Started at first use and stopped when the
 * JVM exits, like {@link TestService#shared}.
 */
public final class SlowBatchService {
  private static final Map<Backend, TestService> SERVICES = new EnumMap<>(Backend.class);

  private SlowBatchService() {}

  public static synchronized TestService shared(Backend backend) {
    TestService service = SERVICES.get(backend);
    if (service == null) {
      TestDatabase db = TestDatabase.create(backend);
      service = TestService.start(db, "cab.max-batch-delay=500ms");
      SERVICES.put(backend, service);
      TestService started = service;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    started.close();
                    db.close();
                  }));
    }
    return service;
  }
}
