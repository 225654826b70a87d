package dev.cabledger.server.signing;

import dev.cabledger.server.CabProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the service's keys from the data directory. */
@Configuration(proxyBeanMethods = false)
class SigningConfiguration {

  @Bean
  ServiceKeys serviceKeys(CabProperties props) {
    return ServiceKeys.loadOrGenerate(props.resolvedKeysDir());
  }
}
