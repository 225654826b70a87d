package dev.cabledger.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.SlowBatchService;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Entries of one batch are all checked before any is written: the projection checks each again as
 * it is written, so two entries that conflict with each other are not both appended, and the
 * refused one's caller gets the conflict (409), not a storage failure.
 */
class ChangeProjectionTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void write_sameChangeSubmittedTwiceInOneBatch_oneAppendedOtherConflict(Backend backend)
      throws Exception {
    TestService service = SlowBatchService.shared(backend);
    String id = TestWorkflow.newChangeId();
    String token = TestWorkflow.requester(service, "user:pipeline", "acme");
    CountDownLatch go = new CountDownLatch(1);
    List<HttpResponse<String>> answers = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        futures.add(
            threads.submit(
                () -> {
                  go.await();
                  return service.post(
                      "/api/changes",
                      TestWorkflow.changeBody(id, "acme", TestWorkflow.newPlanHash(), "low"),
                      Optional.of(token));
                }));
      }
      go.countDown();
      for (Future<HttpResponse<String>> f : futures) {
        answers.add(f.get());
      }
    }
    assertThat(answers).filteredOn(r -> r.statusCode() == 201).hasSize(1);
    assertThat(answers)
        .filteredOn(r -> r.statusCode() != 201)
        .singleElement()
        .satisfies(r -> TestApi.assertProblem(r, 409, "conflict"));
    assertThat(TestApi.json(TestApi.get(service, "/api/changes/" + id)).get("entries")).hasSize(1);
  }
}
