package dev.cabledger.server.identity;

import java.util.List;

/**
 * The identity providers the console's sign-in page offers (Spring Boot's {@code
 * spring.security.oauth2.client.registration.*}); none in the embedded default.
 *
 * @param providers each provider's registration id and name
 */
record ConsoleProviders(List<Provider> providers) {
  ConsoleProviders {
    providers = List.copyOf(providers);
  }

  /**
   * @param id the registration id, in {@code /oauth2/authorization/{id}}
   * @param name what the button says
   */
  record Provider(String id, String name) {}
}
