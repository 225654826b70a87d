package dev.cabledger.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The CAB Ledger service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CabLedgerApplication {

  /** Starts the service with the given Spring arguments. */
  public static void main(String[] args) {
    SpringApplication.run(CabLedgerApplication.class, args);
  }
}
