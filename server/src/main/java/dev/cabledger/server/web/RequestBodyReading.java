package dev.cabledger.server.web;

import dev.cabledger.server.CabProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Reads every request body before the JSON mapper does: at most {@code cab.max-request-body} bytes
 * (a chunked body has no Content-Length for {@link RequestBodyLimitFilter} to check), and only
 * well-formed UTF-8 (RFC 7493 §2.1; RFC 3629 §3: no overlong forms, no surrogates), which the
 * mapper's own decoder does not fully check.
 */
@ControllerAdvice
final class RequestBodyReading extends RequestBodyAdviceAdapter {
  private final long limit;

  RequestBodyReading(CabProperties props) {
    this.limit = props.maxRequestBody().toBytes();
  }

  @Override
  public boolean supports(
      MethodParameter parameter,
      Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public HttpInputMessage beforeBodyRead(
      HttpInputMessage input,
      MethodParameter parameter,
      Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType)
      throws IOException {
    byte[] body = input.getBody().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (body.length > limit) {
      throw new RequestBodyTooLargeException(limit);
    }
    requireUtf8(body);
    HttpHeaders headers = input.getHeaders();
    return new HttpInputMessage() {
      @Override
      public InputStream getBody() {
        return new ByteArrayInputStream(body);
      }

      @Override
      public HttpHeaders getHeaders() {
        return headers;
      }
    };
  }

  /** Throws naming the byte offset of the first ill-formed sequence. */
  static void requireUtf8(byte[] body) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(4096);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        throw new InvalidRequestBodyException(
            "the body is not well-formed UTF-8 at byte "
                + in.position()
                + " (RFC 7493 §2.1: I-JSON text is UTF-8; overlong forms and surrogates are"
                + " ill-formed)");
      }
      if (result.isUnderflow()) {
        break;
      }
      out.clear();
    }
    try {
      CoderResult flush = decoder.flush(out);
      if (flush.isError()) {
        flush.throwException();
      }
    } catch (CharacterCodingException e) {
      throw new InvalidRequestBodyException("the body ends inside a UTF-8 sequence");
    }
  }
}
