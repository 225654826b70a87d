package dev.cabledger.server.web;

import dev.cabledger.server.TestService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for requests an HTTP client will not send as written (a NUL in the
 * path, an over-long header, a body shorter than its Content-Length).
 */
final class RawHttp {
  private RawHttp() {}

  /** What came back: the status line and headers, and the body as text. */
  record Answer(int status, String head, String body) {
    boolean isProblemJson() {
      return head.toLowerCase(java.util.Locale.ROOT)
          .contains("content-type: application/problem+json");
    }
  }

  /** Sends {@code head} (request line and headers, without the blank line) and {@code body}. */
  static Answer send(TestService service, String head, byte[] body) {
    try (Socket socket = new Socket(service.uri("/").getHost(), service.uri("/").getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      String text = readAnswer(socket.getInputStream());
      int split = text.indexOf("\r\n\r\n");
      String responseHead = split < 0 ? text : text.substring(0, split);
      String responseBody = split < 0 ? "" : text.substring(split + 4);
      if (responseHead.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
        responseBody = unchunk(responseBody);
      }
      int status = Integer.parseInt(responseHead.split(" ", 3)[1]);
      return new Answer(status, responseHead, responseBody);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads one answer: the head, then its Content-Length or chunks, or up to the end of the stream.
   * Not to the end when the answer says how long it is: a server may keep the connection open to
   * drain a request body it refused.
   */
  private static String readAnswer(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      read.write(buffer, 0, n);
      String text = read.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      if (split < 0) {
        continue;
      }
      String head = text.substring(0, split).toLowerCase(java.util.Locale.ROOT);
      java.util.regex.Matcher length =
          java.util.regex.Pattern.compile("content-length: *(\\d+)").matcher(head);
      if (length.find() && read.size() - (split + 4) >= Integer.parseInt(length.group(1))) {
        break;
      }
      if (head.contains("transfer-encoding: chunked") && text.endsWith("\r\n0\r\n\r\n")) {
        break;
      }
    }
    return read.toString(StandardCharsets.UTF_8);
  }

  private static String unchunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int eol = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
