package io.surge.payments;

/** Every SQL statement of the payments domain. Orders are only read here; the orders domain changes them. */
final class PaymentSql {

  private PaymentSql() {
  }

  static final String COLUMNS = "id, order_id, user_id, attempt, provider, provider_payment_id, status, amount, currency, "
    + "captured_amount, refunded_amount, refunding_amount, client_secret, failure_code, failure_message, "
    + "order_outcome, succeeded_at, version, created_at, updated_at";
  static final String REFUND_COLUMNS = "id, payment_id, provider_refund_id, amount, status, reason, goods_returned, "
    + "request_key, initiated_by, failure_reason, created_at, completed_at";

  static final String ORDER = "SELECT id, user_id, status, total_amount, currency FROM orders "
    + "WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2)";
  static final String ORDER_STATUS = "SELECT status FROM orders WHERE id = $1";

  /** The payment a new request should answer with: the live one, else one that already succeeded. */
  static final String CURRENT = "SELECT " + COLUMNS + " FROM payments WHERE order_id = $1 "
    + "AND status IN ('creating', 'pending', 'requires_action', 'processing', 'succeeded') ORDER BY attempt DESC LIMIT 1";
  static final String NEXT_ATTEMPT = "SELECT coalesce(max(attempt), 0) + 1 FROM payments WHERE order_id = $1";
  /** Any unique conflict (the order's one live payment, or this attempt) means another request got there first. */
  static final String INSERT_CREATING = "INSERT INTO payments (id, order_id, user_id, attempt, provider, status, amount, currency) "
    + "VALUES ($1, $2, $3, $4, $5, 'creating', $6, $7) ON CONFLICT DO NOTHING RETURNING " + COLUMNS;
  static final String MARK_CREATED = "UPDATE payments SET provider_payment_id = $2, client_secret = $3, "
    + "status = CASE WHEN status = 'creating' THEN 'pending' ELSE status END, version = version + 1, updated_at = now() "
    + "WHERE id = $1 RETURNING " + COLUMNS;
  /** A creation whose provider call failed leaves nothing behind; the retry reuses the attempt, so the same key. */
  static final String FORGET_CREATING = "DELETE FROM payments WHERE id = $1 AND status = 'creating'";

  static final String FIND = "SELECT " + COLUMNS
    + " FROM payments WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2)";
  static final String OF_ORDER = "SELECT " + COLUMNS + " FROM payments WHERE order_id = $1 ORDER BY attempt";
  static final String BY_INTENT = "SELECT " + COLUMNS
    + " FROM payments WHERE provider_payment_id = $1 OR id = $2::uuid";
  static final String LOCK_BY_INTENT = BY_INTENT + " ORDER BY provider_payment_id NULLS LAST LIMIT 1 FOR UPDATE";
  static final String LOCK = "SELECT " + COLUMNS + " FROM payments WHERE id = $1 FOR UPDATE";
  /** The client secret is kept only while the customer can still pay with it (Stripe says not to store it). */
  static final String SET_STATE = "UPDATE payments SET status = $2, provider_payment_id = coalesce(provider_payment_id, $3), "
    + "captured_amount = $4, failure_code = $5, failure_message = $6, "
    + "client_secret = CASE WHEN $2 IN ('pending', 'requires_action') THEN client_secret END, "
    + "succeeded_at = CASE WHEN $2 = 'succeeded' THEN now() ELSE succeeded_at END, "
    + "version = version + 1, updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;

  static final String SET_OUTCOME = "UPDATE payments SET order_outcome = $2, version = version + 1, updated_at = now() "
    + "WHERE id = $1 AND order_outcome IS NULL RETURNING " + COLUMNS;
  /** The payment that paid the order: the one an approved return is refunded from. */
  static final String PAID_OF_ORDER = "SELECT " + COLUMNS
    + " FROM payments WHERE order_id = $1 AND order_outcome = 'paid'";
  static final String OTHER_PAID = "SELECT 1 FROM payments WHERE order_id = $1 AND id <> $2 AND order_outcome = 'paid'";
  static final String UNSETTLED = "SELECT " + COLUMNS
    + " FROM payments WHERE status = 'succeeded' AND order_outcome IS NULL "
    + "AND succeeded_at < now() - make_interval(secs => $1) ORDER BY succeeded_at LIMIT 100";
  /** Paid orders the customer cancelled before shipment: the money goes back without an admin. */
  static final String REFUND_REQUESTED = "SELECT p." + COLUMNS.replace(", ", ", p.")
    + " FROM payments p JOIN orders o ON o.id = p.order_id "
    + "WHERE o.status = 'refund_requested' AND o.shipped_at IS NULL AND p.order_outcome = 'paid' "
    + "AND p.refunded_amount + p.refunding_amount < p.captured_amount LIMIT 50";

  /**
   * Payments still open at the provider for orders that can no longer be paid, unless a refused close backs off.
   * A processing one is not among them: the provider cannot cancel it; its end (success or failure) is awaited.
   */
  static final String OPEN_FOR_CANCELLED = "SELECT p." + COLUMNS.replace(", ", ", p.")
    + " FROM payments p JOIN orders o ON o.id = p.order_id "
    + "WHERE o.status = 'cancelled' AND p.status IN ('pending', 'requires_action') AND p.provider_payment_id IS NOT NULL "
    + "AND (p.next_close_at IS NULL OR p.next_close_at <= now()) LIMIT 50";
  /** A close that did not happen: the next try waits twice as long as the last, up to an hour. */
  static final String CLOSE_LATER = "UPDATE payments SET close_attempts = close_attempts + 1, "
    + "next_close_at = now() + make_interval(secs => least(3600, $2 * power(2, close_attempts))) WHERE id = $1";

  /**
   * Refunds still pending a while after their call: without a provider id (no answer came) every sweep; accepted by
   * the provider and not finished (a bank refund, days long; its events come first) every $2 seconds.
   */
  static final String STALE_REFUNDS = "SELECT " + REFUND_COLUMNS + " FROM payment_refunds WHERE status = 'pending' "
    + "AND created_at < now() - make_interval(secs => $1) "
    + "AND (provider_refund_id IS NULL OR coalesce(checked_at, created_at) < now() - make_interval(secs => $2)) "
    + "ORDER BY created_at LIMIT 50";

  static final String EVENT_SEEN = "INSERT INTO payment_events (event_id, type, provider_payment_id, outcome) VALUES ($1, $2, $3, $4) "
    + "ON CONFLICT DO NOTHING RETURNING event_id";
  static final String EVENT_OUTCOME = "UPDATE payment_events SET outcome = $2 WHERE event_id = $1";

  static final String FIND_REFUND = "SELECT " + REFUND_COLUMNS
    + " FROM payment_refunds WHERE payment_id = $1 AND request_key = $2";
  static final String REFUND_BY_PROVIDER_ID = "SELECT " + REFUND_COLUMNS
    + " FROM payment_refunds WHERE provider_refund_id = $1 OR id = $2::uuid "
    + "FOR UPDATE";
  static final String INSERT_REFUND = "INSERT INTO payment_refunds (id, payment_id, amount, status, reason, goods_returned, request_key, "
    + "initiated_by, provider_refund_id, completed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
    + "CASE WHEN $4 = 'pending' THEN NULL ELSE now() END) ON CONFLICT DO NOTHING RETURNING " + REFUND_COLUMNS;
  /** Conditional, and the table's CHECK holds even if this condition were wrong. */
  static final String RESERVE_REFUND = "UPDATE payments SET refunding_amount = refunding_amount + $2, version = version + 1, "
    + "updated_at = now() WHERE id = $1 AND refunded_amount + refunding_amount + $2 <= captured_amount RETURNING "
    + COLUMNS;
  static final String COMPLETE_REFUND = "UPDATE payment_refunds SET status = 'succeeded', provider_refund_id = $2, completed_at = now() "
    + "WHERE id = $1 AND status = 'pending' RETURNING " + REFUND_COLUMNS;
  /** $2: failed or cancelled; $3: the provider's reason, if it gave one. */
  static final String FAIL_REFUND = "UPDATE payment_refunds SET status = $2, failure_reason = $3, completed_at = now() "
    + "WHERE id = $1 AND status = 'pending' RETURNING " + REFUND_COLUMNS;
  /** A refund the provider accepted but has not paid out yet: its id is kept, its amount stays reserved. */
  static final String REFUND_ACCEPTED = "UPDATE payment_refunds SET provider_refund_id = coalesce(provider_refund_id, $2) "
    + "WHERE id = $1 AND status = 'pending' RETURNING " + REFUND_COLUMNS;
  static final String REFUND_CHECKED = "UPDATE payment_refunds SET checked_at = now() WHERE id = $1";
  /** A refund that had succeeded and then failed (the customer's bank sent it back). */
  static final String REVERSE_REFUND = "UPDATE payment_refunds SET status = $2, failure_reason = $3, completed_at = now() "
    + "WHERE id = $1 AND status = 'succeeded' RETURNING " + REFUND_COLUMNS;
  static final String UNBOOK_REFUND = "UPDATE payments SET refunded_amount = refunded_amount - $2, version = version + 1, "
    + "updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;
  /** $3: what was reserved for it (0 for a refund made at the provider, unknown to Surge until now). */
  static final String BOOK_REFUND = "UPDATE payments SET refunding_amount = refunding_amount - $3, refunded_amount = refunded_amount + $2, "
    + "version = version + 1, updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;
  static final String RELEASE_REFUND = "UPDATE payments SET refunding_amount = refunding_amount - $2, version = version + 1, "
    + "updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;
  static final String REFUNDS_OF = "SELECT " + REFUND_COLUMNS
    + " FROM payment_refunds WHERE payment_id = ANY($1) ORDER BY created_at, id";

  static final String DISCREPANCY = "INSERT INTO payment_discrepancies (kind, provider_payment_id, amount, currency, provider_status, details) "
    + "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (kind, provider_payment_id) DO NOTHING";
  static final String OPEN_DISCREPANCIES = "SELECT id, kind, provider_payment_id, amount, currency, provider_status, details, found_at "
    + "FROM payment_discrepancies WHERE resolved_at IS NULL ORDER BY found_at DESC, id LIMIT $1";

  /** One reconciliation at a time across instances (session lock, held while the provider is listed). */
  static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtextextended('surge.payments.reconcile', 0))";
  static final String UNLOCK = "SELECT pg_advisory_unlock(hashtextextended('surge.payments.reconcile', 0))";

  /**
   * The customer's payments for their data export, with their refunds. Surge holds no card data; the client secret
   * (a live credential for the provider) is left out.
   */
  static final String EXPORT = """
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'order_id', p.order_id, 'attempt', p.attempt,
             'provider', p.provider, 'provider_payment_id', p.provider_payment_id, 'status', p.status,
             'amount', p.amount, 'currency', p.currency, 'captured_amount', p.captured_amount,
             'refunded_amount', p.refunded_amount, 'failure_code', p.failure_code, 'succeeded_at', p.succeeded_at,
             'created_at', p.created_at,
             'refunds', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'amount', r.amount, 'status', r.status,
                           'reason', r.reason, 'created_at', r.created_at, 'completed_at', r.completed_at)
                           ORDER BY r.created_at), '[]')
                         FROM payment_refunds r WHERE r.payment_id = p.id))
             ORDER BY p.created_at, p.id), '[]') AS payments
    FROM payments p WHERE p.user_id = $1""";
}
