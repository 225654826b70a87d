package dev.cabledger.server.web;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are I-JSON (RFC 7493), taken exactly or refused, for every endpoint: the mapper of
 * the HTTP message converters rejects duplicate members (§2.3), unknown members, numbers a double
 * cannot carry exactly (§2.2), a number or boolean where a string belongs, and nesting deeper than
 * {@link #MAX_DEPTH}. Invalid UTF-8 (§2.1) is refused before the mapper sees the body ({@link
 * RequestBodyReading}).
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {
  /** The deepest nesting a request body may have. */
  static final int MAX_DEPTH = 32;

  @Bean
  JsonMapperBuilderCustomizer strictJsonMapper() {
    return builder ->
        builder
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // Exact values reach the node factory, which refuses what a double would round.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            // A whole-number member takes whole numbers only: 40.5 is not truncated to 40.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .nodeFactory(new ExactNumberNodeFactory())
            .withCoercionConfig(
                LogicalType.Integer,
                c ->
                    c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(
                LogicalType.Boolean,
                c ->
                    c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(
                LogicalType.Textual,
                c ->
                    c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
  }

  @Bean
  JsonFactoryBuilderCustomizer strictJsonFactory() {
    return builder ->
        builder.streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
  }
}
