package dev.cabledger.server.ledger;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A data source that injects storage faults the way a full disk or a lost server shows them to
 * JDBC: a statement or a COMMIT that fails, a COMMIT that is applied and still reports failure, or
 * no connection at all. Each one-shot fault fires once, on the next matching call.
 */
final class FaultyDataSource {
  private final DataSource real;
  private final DataSource faulty;
  private volatile @Nullable String failStatementStartingWith;
  private volatile boolean failCommit;
  private volatile boolean commitThenFail;
  private volatile boolean refuseConnections;
  private volatile boolean refuseAfterCommit;

  FaultyDataSource(DataSource real) {
    this.real = real;
    this.faulty =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                this::dataSourceCall);
  }

  DataSource dataSource() {
    return faulty;
  }

  /** The next statement whose SQL starts with {@code sql} fails as a full disk does. */
  void failNextStatement(String sql) {
    failStatementStartingWith = sql;
  }

  /** The next COMMIT fails without being applied. */
  void failNextCommit() {
    failCommit = true;
  }

  /** The next COMMIT is applied, then reports an I/O error anyway. */
  void commitNextThenFail() {
    commitThenFail = true;
  }

  /** After the next COMMIT (applied or not), no connection can be had until allowed again. */
  void refuseConnectionsAfterNextCommit() {
    refuseAfterCommit = true;
  }

  /** While set, no connection can be had (the server is gone). */
  void refuseConnections(boolean refuse) {
    refuseConnections = refuse;
  }

  private @Nullable Object dataSourceCall(Object proxy, Method method, Object @Nullable [] args)
      throws Throwable {
    if (method.getName().equals("getConnection")) {
      if (refuseConnections) {
        throw new SQLException("Connection refused (injected)", "08001");
      }
      Connection connection = (Connection) invoke(real, method, args);
      return Proxy.newProxyInstance(
          Connection.class.getClassLoader(),
          new Class<?>[] {Connection.class},
          connectionHandler(connection));
    }
    return invoke(real, method, args);
  }

  private InvocationHandler connectionHandler(Connection connection) {
    return (proxy, method, args) -> {
      String name = method.getName();
      String prefix = failStatementStartingWith;
      if ((name.equals("prepareStatement") || name.equals("createStatement"))
          && prefix != null
          && args != null
          && args.length > 0
          && args[0] instanceof String sql
          && sql.startsWith(prefix)) {
        failStatementStartingWith = null;
        throw new SQLException("database or disk is full (injected)", "53100", 13);
      }
      if (name.equals("commit") && refuseAfterCommit) {
        refuseAfterCommit = false;
        refuseConnections = true;
      }
      if (name.equals("commit") && failCommit) {
        failCommit = false;
        throw new SQLException("disk I/O error during commit (injected)", "58030", 10);
      }
      if (name.equals("commit") && commitThenFail) {
        commitThenFail = false;
        connection.commit();
        throw new SQLException("I/O error after commit (injected)", "08006", 10);
      }
      return invoke(connection, method, args);
    };
  }

  private static @Nullable Object invoke(Object target, Method method, Object @Nullable [] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
