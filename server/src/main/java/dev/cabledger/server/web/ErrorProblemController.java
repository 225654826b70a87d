package dev.cabledger.server.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}), as a problem: a {@code sendError} from a filter or
 * servlet (the security firewall, a method the servlet does not allow) ends here. Asked for
 * directly, it is a page that does not exist.
 */
@RestController
final class ErrorProblemController implements ErrorController {

  @RequestMapping("/error")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    ProblemDetail problem =
        ContainerProblems.forStatus(status instanceof Integer code ? code : 404);
    problem.setInstance(
        URI.create(ProblemWriter.instance(uri instanceof String u ? u : request.getRequestURI())));
    return ResponseEntity.status(problem.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
