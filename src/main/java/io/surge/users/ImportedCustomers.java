package io.surge.users;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Customer accounts made by the order history import, inside the importer's transaction. An imported account has a
 * placeholder e-mail under the reserved {@code .invalid} domain (nothing can ever be sent to it) and a password hash
 * that is no hash at all ({@code !imported}: {@code PasswordHasher.verify} refuses it), so no password matches it: it cannot log in until a password is set for it. No e-mail is
 * sent when it is made.
 */
public final class ImportedCustomers {

  private static final String INSERT_CUSTOMERS = """
    INSERT INTO users (email, password_hash, display_name, customer_ref)
    SELECT 'imported-' || gen_random_uuid() || '@imported.invalid', '!imported', 'Customer ' || ref, ref
      FROM unnest($1::text[]) AS ref
    ON CONFLICT (customer_ref) DO NOTHING
    RETURNING id""";
  private static final String FIND_CUSTOMERS = "SELECT id, customer_ref FROM users WHERE customer_ref = ANY($1::text[])";
  private static final String INSERT_GUESTS = """
    INSERT INTO users (id, email, password_hash, display_name)
    SELECT id, 'guest-' || id || '@imported.invalid', '!imported', 'Guest (order ' || ref || ')'
      FROM unnest($1::uuid[], $2::text[]) AS t(id, ref)""";

  private ImportedCustomers() {
  }

  /** The account of every reference, made where missing; {@code created} counts the new ones. */
  public record Accounts(Map<String, UUID> byRef, int created) {
  }

  /** Finds or makes one account per customer reference (distinct, non-blank). */
  public static Future<Accounts> ensure(SqlConnection tx, String[] refs) {
    if (refs.length == 0) {
      return Future.succeededFuture(new Accounts(Map.of(), 0));
    }
    return tx.preparedQuery(INSERT_CUSTOMERS).execute(Tuple.tuple().addArrayOfString(refs))
      .compose(created -> tx.preparedQuery(FIND_CUSTOMERS).execute(Tuple.tuple().addArrayOfString(refs)).map(rows -> {
        Map<String, UUID> byRef = new HashMap<>(rows.size() * 2);
        for (Row row : rows) {
          byRef.put(row.getString("customer_ref"), row.getUUID("id"));
        }
        return new Accounts(byRef, created.rowCount());
      }));
  }

  /**
   * One account per guest order (ids chosen by the caller), so a guest's basket stays one shopper's and guests are
   * never merged into one giant customer that "bought everything".
   */
  public static Future<Void> addGuests(SqlConnection tx, UUID[] ids, String[] orderRefs) {
    if (ids.length == 0) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(INSERT_GUESTS).execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(orderRefs))
      .mapEmpty();
  }
}
