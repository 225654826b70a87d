package dev.cabledger.server.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/** How reports are written as JSON: members in their records' order, absent values left out. */
final class ReportJson {
  private ReportJson() {}

  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .changeDefaultPropertyInclusion(
              incl ->
                  incl.withValueInclusion(JsonInclude.Include.NON_EMPTY)
                      .withContentInclusion(JsonInclude.Include.NON_EMPTY))
          .build();
}
